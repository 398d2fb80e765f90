"""Put the app's launcher, icons and metainfo where a person's desktop looks for them (no Qt).

``install`` copies the shipped files into ``$XDG_DATA_HOME`` (``applications/``,
``metainfo/``, ``icons/hicolor/...``, and ``mime/packages/`` for the ``.stretchpack`` file
type), with the launcher's ``Exec`` lines pointing at the command that starts this
installation, so a launcher made from a virtual environment works. Only files whose contents
differ are written, atomically, so a second install changes nothing; ``uninstall`` removes
exactly the files ``install`` would write.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from stretchapp import resources
from stretchapp.appid import APP_ID
from stretchapp.core.logger import get_logger
from stretchapp.platform import autostart
from stretchapp.storage import paths
from stretchapp.storage.fileio import atomic_write_bytes

log = get_logger(__name__)

SHIPPED_COMMAND = "stretchapp"
ICON_SUFFIXES = {".png", ".svg"}
CACHE_TOOL_TIMEOUT_S = 30
PACK_MIME_TYPE = "application/x-stretchpack"


@dataclass(frozen=True)
class PlannedFile:
    target: Path
    data: bytes


def launcher_text(command: Sequence[str] | None = None) -> str:
    """The shipped launcher with every ``Exec=stretchapp ...`` starting ``command`` instead."""
    argv = list(command or autostart.default_command())
    lines = resources.desktop_entry().read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(_rewrite_exec(line, argv) for line in lines)


def _rewrite_exec(line: str, argv: list[str]) -> str:
    key, sep, value = line.partition("=")
    if key.strip() != "Exec" or not sep:
        return line
    words = value.strip().split(" ")
    if words[0] != SHIPPED_COMMAND:
        return line
    # Field codes (%f: the file to open) are the desktop's to fill in, so they stay unquoted.
    codes = [word for word in words[1:] if _FIELD_CODE.fullmatch(word)]
    arguments = [word for word in words[1:] if word not in codes]
    # The shipped arguments are plain words, so they need no unescaping before being quoted again.
    ending = line[len(line.rstrip("\r\n")) :]
    return f"Exec={' '.join([autostart.exec_value([*argv, *arguments]), *codes])}{ending}"


_FIELD_CODE = re.compile(r"%[fFuU]")


def mime_package() -> Path:
    """The shipped shared-mime-info file that names the ``.stretchpack`` type."""
    return resources.desktop_entry().with_name(f"{APP_ID}.mime.xml")


def _sources(home: Path) -> list[tuple[Path, Path]]:
    """(shipped file, where it goes) for every file this module manages."""
    entry, metainfo, hicolor = resources.desktop_entry(), resources.metainfo(), resources.hicolor_dir()
    icons = sorted(p for p in hicolor.rglob("*") if p.is_file() and p.suffix in ICON_SUFFIXES)
    return [
        (entry, home / "applications" / entry.name),
        (metainfo, home / "metainfo" / metainfo.name),
        (mime_package(), home / "mime" / "packages" / f"{APP_ID}.xml"),
        *((icon, home / "icons" / "hicolor" / icon.relative_to(hicolor)) for icon in icons),
    ]


def plan(data_home: Path | None = None, *, command: Sequence[str] | None = None) -> list[PlannedFile]:
    """Every file ``install`` writes, with its contents."""
    home = paths.xdg_data_home() if data_home is None else data_home
    entry, launcher = resources.desktop_entry(), launcher_text(command).encode("utf-8")
    return [
        PlannedFile(target, launcher if source == entry else source.read_bytes())
        for source, target in _sources(home)
    ]


def install(data_home: Path | None = None, *, command: Sequence[str] | None = None) -> list[Path]:
    """Write the files that are missing or out of date; returns the ones written."""
    home = paths.xdg_data_home() if data_home is None else data_home
    written: list[Path] = []
    for item in plan(home, command=command):
        if _current_bytes(item.target) == item.data:
            continue
        atomic_write_bytes(item.target, item.data)
        log.info("desktop: wrote %s", item.target)
        written.append(item.target)
    if written:
        _refresh_caches(home, mime=any(p.parent == home / "mime" / "packages" for p in written))
    return written


def uninstall(data_home: Path | None = None) -> list[Path]:
    """Remove the files ``install`` writes; returns the ones that were there."""
    home = paths.xdg_data_home() if data_home is None else data_home
    removed: list[Path] = []
    for _source, target in _sources(home):
        try:
            target.unlink()
        except FileNotFoundError:
            continue
        log.info("desktop: removed %s", target)
        removed.append(target)
    if removed:
        _refresh_caches(home, mime=any(p.parent == home / "mime" / "packages" for p in removed))
    return removed


def _current_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def _refresh_caches(home: Path, *, mime: bool = False) -> None:
    """Bring caches that already exist up to date; never create one, but for file types.

    Per-user folders need no cache (desktops scan them), but a stale cache that is there
    would hide the new files from programs that trust it. File types are the exception:
    programs read only the database built from ``mime/packages``, never the packages
    themselves, so after ``mime`` changed the database is built.
    """
    applications, hicolor = home / "applications", home / "icons" / "hicolor"
    if mime:
        _run_if_present(["update-mime-database", str(home / "mime")])
    if (applications / "mimeinfo.cache").exists():
        _run_if_present(["update-desktop-database", "-q", str(applications)])
    if (hicolor / "icon-theme.cache").exists():
        _run_if_present(["gtk-update-icon-cache", "-q", "-t", "-f", str(hicolor)])


def _run_if_present(argv: list[str]) -> None:
    tool = shutil.which(argv[0])
    if tool is None:
        log.info("desktop: %s is not installed; skipped", argv[0])
        return
    try:
        result = subprocess.run(
            [tool, *argv[1:]], capture_output=True, text=True, timeout=CACHE_TOOL_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("desktop: %s failed: %s", argv[0], exc)
        return
    if result.returncode != 0:
        log.warning("desktop: %s exited with %s: %s", argv[0], result.returncode, result.stderr.strip())
