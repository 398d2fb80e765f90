"""Build a standalone stretchapp folder with PyInstaller, then smoke-test it away from the checkout.

Run ``python tools/build_standalone.py`` from a checkout (any Python 3.10+; no venv needed).
The build happens in a throwaway folder: a fresh venv gets the app from a wheel built from a
copy of the checkout (or from ``--wheel``), its dependencies at the versions pinned in
``requirements.lock``, and PyInstaller; the developer's own venv plays no part. The frozen
app lands in ``--dist`` (default ``dist/standalone/``), its size and the build time are
printed, and the result is run from an empty folder outside the source tree with its own
``STRETCHAPP_HOME``: ``list``, ``plan`` and an offscreen ``snapshot`` must all work. Any
failure exits non-zero. See docs/packaging.md.

PyInstaller runs a spec file that this script writes into the work folder; that spec calls
:func:`freeze` here, so the whole build recipe lives in this one file.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
APP_NAME = "stretchapp"
BUNDLE_NAME = "StretchApp"
BUNDLE_ID = "io.github.stretchapp.StretchApp"
BUNDLED_ROUTINES = ("neck-relief", "quick-neck-break", "side-neck-alternating")
# The version this recipe was last built with; --pyinstaller overrides it.
PYINSTALLER = "pyinstaller==6.22.3"
# What a copy of the checkout leaves out: a stale build/ would leak old files into the wheel.
NOT_SOURCE = (".git", ".venv*", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis")

# Qt files that PyInstaller's Qt hooks collect but this app never loads, matched against the
# path inside the bundle ("/" separators). The Qt *Python* modules the app does not import are
# left out separately (see qt_modules_to_exclude); these are plug-ins, translations and the
# libraries only those plug-ins link.
QT_FILES_NOT_NEEDED = (
    # The app installs no QTranslator, so Qt's own translations are never read.
    "PySide6/*translations/*",
    # The FFmpeg media backend is for playing media files; QSoundEffect and QMediaDevices, all
    # the app uses, work from QtMultimedia itself ("No QtMultimedia backends found. Only
    # QMediaDevices, QAudioDevice, QSoundEffect, QAudioSink, and QAudioSource are available").
    # The backend is also what links QtQuick and QtQml.
    "PySide6/*plugins/multimedia/*",
    "*avcodec*",
    "*avformat*",
    "*avutil*",
    "*swresample*",
    "*swscale*",
    # The on-screen keyboard is a QML application; a desktop has a real keyboard.
    "PySide6/*plugins/platforminputcontexts/*virtualkeyboard*",
    "*Qt6VirtualKeyboard*",
    # With those two gone, nothing links QtQuick, QtQml or their helpers.
    "*Qt6Quick*",
    "*Qt6Qml*",
    "*QtQuick.framework*",
    "*QtQml*.framework*",
    # Routine pictures are SVG, PNG or JPEG; PDF as an image format pulls in QtPdf.
    "PySide6/*plugins/imageformats/*qpdf*",
    "*Qt6Pdf*",
    "*QtPdf.framework*",
    # Qt's test speech engine; the app refuses it anyway (stretchapp.ui.speech).
    "PySide6/*plugins/texttospeech/*mock*",
    # Embedded-device display back ends (framebuffer, KMS, VNC); desktops use xcb, Wayland,
    # Windows or Cocoa, and the snapshot command uses offscreen.
    "PySide6/*plugins/platforms/*eglfs*",
    "PySide6/*plugins/platforms/*linuxfb*",
    "PySide6/*plugins/platforms/*vnc*",
    "PySide6/*plugins/platforms/*minimalegl*",
    "PySide6/*plugins/platforms/*vkkhrdisplay*",
    "PySide6/*plugins/egldeviceintegrations/*",
    "*Qt6EglFS*",
    "*Qt6EglFs*",
)

# Never wanted in the bundle whatever a hook says: the standard library's Tk GUI.
OTHER_EXCLUDED_MODULES = ("tkinter", "_tkinter")


class BuildError(RuntimeError):
    """A step of the build or the smoke test failed; the message says which and why."""


def not_needed(dest: str) -> bool:
    """Whether a file at ``dest`` inside the bundle is one the app never loads."""
    posix = dest.replace("\\", "/")
    return any(fnmatch.fnmatchcase(posix, pattern) for pattern in QT_FILES_NOT_NEEDED)


def lock_constraints(lock_text: str) -> list[str]:
    """The ``name==version ; marker`` lines of a hashed lock, as a pip constraints file wants them."""
    pins = []
    for line in lock_text.splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*==[^\s\\;]+)\s*(;[^\\]*)?\\?\s*$", line)
        if match:
            marker = (match.group(2) or "").strip()
            pins.append(f"{match.group(1)} {marker}".strip())
    return pins


def qt_modules_used(sources: dict[str, str]) -> set[str]:
    """The ``PySide6.Qt*`` modules named in the app's source files, as ``grep`` would find them."""
    found: set[str] = set()
    for text in sources.values():
        found.update(re.findall(r"\bPySide6\.(Qt[A-Za-z0-9]+)\b", text))
    return {f"PySide6.{name}" for name in found}


# --- run inside PyInstaller (the spec this script writes calls freeze) -----------------------------


def freeze(config_file: str) -> None:
    """Declare the PyInstaller targets; called from the generated spec, in the build venv."""
    from PyInstaller.building.build_main import (  # noqa: PLC0415 - only PyInstaller's process has it
        BUNDLE,
        COLLECT,
        EXE,
        PYZ,
        Analysis,
    )
    from PyInstaller.depend.bindepend import get_imports  # noqa: PLC0415
    from PyInstaller.utils.hooks import (  # noqa: PLC0415
        collect_data_files,
        collect_submodules,
        copy_metadata,
    )

    config = json.loads(Path(config_file).read_text(encoding="utf-8"))
    analysis = Analysis(
        [config["launcher"]],
        # The data packages (stretchapp._routines, ._assets, ._docs) are never imported by name,
        # only opened through importlib.resources, so the import graph alone would miss them.
        hiddenimports=collect_submodules(APP_NAME),
        datas=collect_data_files(APP_NAME) + copy_metadata(APP_NAME),
        excludes=config["excludes"],
    )
    dropped = [entry for entry in analysis.binaries + analysis.datas if not_needed(entry[0])]
    analysis.binaries = [entry for entry in analysis.binaries if not not_needed(entry[0])]
    analysis.datas = [entry for entry in analysis.datas if not not_needed(entry[0])]
    _check_nothing_links(dropped, analysis.binaries, get_imports)
    print(f"left out {len(dropped)} Qt files the app never loads", flush=True)

    pyz = PYZ(analysis.pure)
    icon = config["icon"] or None
    # Some Pythons (pyenv's, for one) ship libpython and their extension modules with symbols:
    # stripping them saves about 25 MiB. Only on Linux: on macOS it would void the signatures.
    strip = sys.platform.startswith("linux") and shutil.which("strip") is not None
    exe = EXE(
        pyz,
        analysis.scripts,
        [],
        exclude_binaries=True,
        name=APP_NAME,
        console=not config["windowed"],
        icon=icon,
        strip=strip,
        upx=False,
    )
    collected = COLLECT(exe, analysis.binaries, analysis.datas, name=APP_NAME, strip=strip, upx=False)
    if sys.platform == "darwin" and config["windowed"]:
        BUNDLE(collected, name=f"{BUNDLE_NAME}.app", icon=icon, bundle_identifier=BUNDLE_ID)


def _check_nothing_links(dropped: list[Any], kept: list[Any], get_imports: Any) -> None:
    """Fail the build if a library kept in the bundle links one that was left out."""
    gone_paths = {os.path.realpath(src) for _dest, src, _kind in dropped}
    gone_names = {Path(dest).name for dest, _src, _kind in dropped}
    broken = []
    for dest, src, kind in kept:
        if kind not in {"BINARY", "EXTENSION"}:
            continue
        for name, path in get_imports(src):
            if (path and os.path.realpath(path) in gone_paths) or Path(name).name in gone_names:
                broken.append(f"{dest} links {name}")
    if broken:
        raise SystemExit(
            "QT_FILES_NOT_NEEDED leaves out a library that a kept file needs:\n  " + "\n  ".join(broken)
        )


# --- the build, run by the developer ----------------------------------------------------------------


@dataclass
class Build:
    work: Path
    dist: Path
    windowed: bool

    @property
    def python(self) -> Path:
        scripts = "Scripts" if sys.platform == "win32" else "bin"
        return self.work / "venv" / scripts / ("python.exe" if sys.platform == "win32" else "python")

    def venv(self, *args: str | Path, quiet: bool = False) -> str:
        """Run the build venv's Python in isolated mode (-I) in the work folder.

        Neither the current folder nor PYTHON* variables reach its import path, so a
        checkout's own ``stretchapp/`` can never stand in for the installed wheel.
        """
        return run([self.python, "-I", *args], cwd=self.work, quiet=quiet)

    def executable(self) -> Path:
        if sys.platform == "darwin" and self.windowed:
            return self.dist / f"{BUNDLE_NAME}.app" / "Contents" / "MacOS" / APP_NAME
        return self.dist / (f"{APP_NAME}.exe" if sys.platform == "win32" else APP_NAME)


def clean_env(**extra: str) -> dict[str, str]:
    """This environment without anything that points Python at another installation."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON") and k != "VIRTUAL_ENV"}
    env.update(extra)
    return env


def run(command: list[str | Path], *, cwd: Path, quiet: bool = False) -> str:
    shown = " ".join("<code>" if "\n" in str(part) else str(part) for part in command)
    print("$", shown, flush=True)
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=clean_env(PIP_DISABLE_PIP_VERSION_CHECK="1"),
        capture_output=quiet,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        detail = (result.stdout or "") + (result.stderr or "") if quiet else ""
        raise BuildError(f"exit status {result.returncode} from: {shown}\n{detail}".strip())
    return result.stdout or ""


def make_wheel(build: Build) -> Path:
    """A wheel built from a clean copy of this checkout."""
    source = build.work / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    wheels = build.work / "wheels"
    build.venv("-m", "pip", "wheel", "-q", "--no-deps", "-w", wheels, source)
    (wheel,) = wheels.glob(f"{APP_NAME}-*.whl")
    return wheel


def make_venv(
    build: Build, wheel: Path | None, *, pyinstaller: str, use_lock: bool, icon: Path | None
) -> Path:
    """The throwaway build venv with PyInstaller and the app from a wheel; returns the wheel."""
    run([sys.executable, "-m", "venv", build.work / "venv"], cwd=build.work)
    wheel = wheel or make_wheel(build)
    packages: list[str | Path] = [wheel, pyinstaller]
    if icon and icon.suffix.lower() not in {".ico", ".icns"}:
        packages.append("pillow")  # PyInstaller converts other icon formats with it
    constraints: list[str | Path] = []
    lock = REPO / "requirements.lock"
    if use_lock and lock.exists():
        pins = build.work / "constraints.txt"
        pins.write_text(
            "\n".join(lock_constraints(lock.read_text(encoding="utf-8"))) + "\n", encoding="utf-8"
        )
        constraints = ["-c", pins]
    build.venv("-m", "pip", "install", "-q", *constraints, *packages)
    return wheel


def qt_modules_to_exclude(build: Build, wheel: Path) -> list[str]:
    """Every PySide6 Qt module in the venv that the app neither imports nor needs through one it does."""
    with zipfile.ZipFile(wheel) as archive:
        sources = {n: archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".py")}
    used = sorted(qt_modules_used(sources))
    # Importing what the app imports shows which other Qt modules those pull in themselves.
    probe = (
        "import importlib, json, pathlib, sys, PySide6\n"
        "for name in sys.argv[1:]: importlib.import_module(name)\n"
        "here = pathlib.Path(PySide6.__file__).parent\n"
        "every = sorted({'PySide6.' + p.name.split('.')[0] for p in here.glob('Qt*.*') if p.suffix in {'.so', '.pyd'}})\n"
        "print(json.dumps({'loaded': sorted(m for m in sys.modules if m.startswith('PySide6.Qt')), 'every': every}))\n"
    )
    found = json.loads(build.venv("-c", probe, *used, quiet=True))
    needed = set(found["loaded"])
    print("Qt modules in the bundle:", ", ".join(sorted(m.removeprefix("PySide6.") for m in needed)))
    return [m for m in found["every"] if m not in needed] + list(OTHER_EXCLUDED_MODULES)


SPEC = """\
# Written by tools/build_standalone.py for one build; the recipe is freeze() in that file.
import sys
sys.path.insert(0, {tools!r})
import build_standalone
sys.path.remove({tools!r})
build_standalone.freeze({config!r})
"""


def run_pyinstaller(build: Build, *, excludes: list[str], icon: Path | None) -> None:
    launcher = (
        build.work / "launcher" / "stretchapp_main.py"
    )  # not stretchapp.py: it would shadow the package
    launcher.parent.mkdir()
    launcher.write_text(
        "import sys\n\nfrom stretchapp.cli.main import main\n\nsys.exit(main())\n", encoding="utf-8"
    )
    config = build.work / "freeze.json"
    settings = {
        "launcher": str(launcher),
        "excludes": excludes,
        "windowed": build.windowed,
        "icon": str(icon) if icon else "",
    }
    config.write_text(json.dumps(settings, indent=2), encoding="utf-8")
    spec = build.work / f"{APP_NAME}.spec"
    spec.write_text(
        SPEC.format(tools=str(Path(__file__).resolve().parent), config=str(config)), encoding="utf-8"
    )
    out = build.work / "pyinstaller-dist"
    work = build.work / "pyinstaller-work"
    places: list[str | Path] = ["--distpath", out, "--workpath", work]
    build.venv("-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN", *places, spec)
    result = out / f"{BUNDLE_NAME}.app" if sys.platform == "darwin" and build.windowed else out / APP_NAME
    place(result, build.dist, bundle=result.suffix == ".app")


def place(result: Path, dist: Path, *, bundle: bool) -> None:
    """Move the built folder to ``dist``, replacing only an earlier build there."""
    if dist.exists():
        earlier = (dist / "_internal").is_dir() or (dist / f"{BUNDLE_NAME}.app").is_dir()
        if any(dist.iterdir()) and not earlier:
            raise BuildError(f"{dist} is not empty and holds no earlier build; choose another --dist")
        shutil.rmtree(dist)
    dist.parent.mkdir(parents=True, exist_ok=True)
    if bundle:
        dist.mkdir()
        shutil.move(str(result), str(dist / result.name))
    else:
        shutil.move(str(result), str(dist))


def folder_size(folder: Path) -> tuple[int, int]:
    """Bytes and number of files in a folder; links are counted as links, not followed."""
    total = count = 0
    for path in folder.rglob("*"):
        if path.is_file() or path.is_symlink():
            total += path.lstat().st_size
            count += 1
    return total, count


# --- the smoke test ------------------------------------------------------------------------------


def check_data_files(build: Build, wheel: Path) -> None:
    """Every data file the wheel carries is in the bundle, where importlib.resources looks."""
    roots = [p.parent for p in build.dist.rglob("_routines") if p.parent.name == APP_NAME]
    if not roots:
        raise BuildError(f"no {APP_NAME}/_routines folder in {build.dist}")
    with zipfile.ZipFile(wheel) as archive:
        wanted = [
            n for n in archive.namelist() if n.startswith(f"{APP_NAME}/") and not n.endswith((".py", "/"))
        ]
    missing = [n for n in wanted if not (roots[0].parent / n).is_file()]
    if missing:
        raise BuildError("data files missing from the bundle: " + ", ".join(missing))
    print(f"ok: all {len(wanted)} data files of the wheel are in the bundle")


def png_facts(data: bytes) -> tuple[int, int, int]:
    """Width, height and the number of distinct byte values in the pixel rows of a PNG."""
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise BuildError("the snapshot is not a PNG file")
    width, height = struct.unpack(">II", data[16:24])
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        if data[at + 4 : at + 8] == b"IDAT":
            chunks.append(data[at + 8 : at + 8 + length])
        at += 12 + length
    return width, height, len(set(zlib.decompress(b"".join(chunks))))


def smoke_test(build: Build, wheel: Path, keep_snapshot: Path | None) -> None:
    """Run the frozen app from an empty folder outside the source tree with its own home."""
    check_data_files(build, wheel)
    if sys.platform == "win32" and build.windowed:
        print("note: a --windowed Windows build has no console output to check; commands not run")
        return
    root = Path(tempfile.mkdtemp(prefix="stretchapp-smoke-")).resolve()
    try:
        if root == REPO or REPO in root.parents:
            raise BuildError(f"the smoke folder {root} is inside the source tree; set TMPDIR elsewhere")
        elsewhere = root / "elsewhere"
        elsewhere.mkdir()
        env = clean_env(STRETCHAPP_HOME=str(root / "home"), QT_QPA_PLATFORM="offscreen")
        app = build.executable()

        def stretchapp(*args: str) -> str:
            result = subprocess.run(
                [str(app), *args],
                cwd=elsewhere,
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            if result.returncode != 0:
                raise BuildError(f"stretchapp {' '.join(args)} exited {result.returncode}:\n{result.stderr}")
            return result.stdout

        listing = stretchapp("list")
        absent = [rid for rid in BUNDLED_ROUTINES if rid not in listing]
        if absent:
            raise BuildError(f"stretchapp list does not show {', '.join(absent)}:\n{listing}")
        found = json.loads(stretchapp("list", "--json"))["routines"]
        bundle = build.dist.resolve()
        outside = [r["id"] for r in found if bundle not in Path(r["folder"]).resolve().parents]
        if sorted(r["id"] for r in found) != sorted(BUNDLED_ROUTINES) or outside:
            raise BuildError(
                f"stretchapp list --json should list the bundled routines from {bundle}: {found}"
            )
        print("ok: stretchapp list shows the three bundled routines, read from the bundle")

        plan = stretchapp("plan", "neck-relief")
        if "hold" not in plan or len(plan.splitlines()) < 3:
            raise BuildError(f"stretchapp plan neck-relief printed no timeline:\n{plan}")
        print(f"ok: stretchapp plan neck-relief prints {len(plan.splitlines()) - 1} phases")

        png = root / "neck-relief-phase-2.png"
        stretchapp("snapshot", "neck-relief", "--phase", "2", "--out", str(png))
        width, height, shades = png_facts(png.read_bytes())
        if (width, height) != (1280, 720) or shades < 32:
            raise BuildError(f"the snapshot is {width}x{height} with {shades} byte values: not the player")
        print(f"ok: stretchapp snapshot wrote a {width}x{height} PNG ({png.stat().st_size} bytes)")
        if keep_snapshot:
            keep_snapshot.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(png, keep_snapshot)
            print(f"    kept as {keep_snapshot}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--dist", type=Path, default=REPO / "dist" / "standalone", help="where the app folder goes"
    )
    parser.add_argument("--wheel", type=Path, help="freeze this stretchapp wheel instead of building one")
    parser.add_argument("--work", type=Path, help="build here and keep it (default: a temporary folder)")
    parser.add_argument(
        "--pyinstaller", default=PYINSTALLER, help=f"PyInstaller requirement (default {PYINSTALLER})"
    )
    parser.add_argument("--no-lock", action="store_true", help="newest dependencies, not requirements.lock's")
    parser.add_argument("--windowed", action="store_true", help="no console window (Windows); a .app (macOS)")
    parser.add_argument("--icon", type=Path, help="program icon: .ico on Windows, .icns on macOS")
    parser.add_argument(
        "--keep-snapshot", type=Path, metavar="PNG", help="keep the smoke test's snapshot here"
    )
    parser.add_argument("--no-smoke", action="store_true", help="build only")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    work = args.work.resolve() if args.work else Path(tempfile.mkdtemp(prefix="stretchapp-standalone-"))
    if args.work:
        if work.exists() and any(work.iterdir()):
            print(f"build_standalone: --work {work} must be a new or empty folder", file=sys.stderr)
            return 2
        work.mkdir(parents=True, exist_ok=True)
    build = Build(work=work, dist=args.dist.resolve(), windowed=args.windowed)
    wheel_arg = args.wheel.resolve() if args.wheel else None
    icon = args.icon.resolve() if args.icon else None
    try:
        started = time.monotonic()
        wheel = make_venv(
            build, wheel_arg, pyinstaller=args.pyinstaller, use_lock=not args.no_lock, icon=icon
        )
        excludes = qt_modules_to_exclude(build, wheel)
        frozen_at = time.monotonic()
        run_pyinstaller(build, excludes=excludes, icon=icon)
        done = time.monotonic()
        size, files = folder_size(build.dist)
        print(f"\nbuilt {build.dist}: {size / 2**20:.1f} MiB in {files} files")
        print(
            f"build time {done - started:.0f} s"
            f" (venv, wheel and packages {frozen_at - started:.0f} s, PyInstaller {done - frozen_at:.0f} s)\n"
        )
        if not args.no_smoke:
            smoke_test(build, wheel, args.keep_snapshot.resolve() if args.keep_snapshot else None)
            print("smoke test passed")
    except (BuildError, subprocess.TimeoutExpired, OSError) as error:
        print(f"build_standalone: {error}", file=sys.stderr)
        return 1
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
