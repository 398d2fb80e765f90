"""The desktop knows the app: launcher, metainfo and icons, shipped valid and installed per user."""

from __future__ import annotations

import configparser
import os
import shutil
import stat
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from stretchapp import resources
from stretchapp.appid import APP_ID, DESKTOP_FILE_NAME
from stretchapp.cli.main import main
from stretchapp.platform import autostart, desktop_integration
from stretchapp.storage import paths
from tests.conftest import REPO
from tests.test_autostart import exec_argv

COMMAND = ["/home/ann smith/.venv/bin/stretchapp"]
PNG_SIZES = {48, 128, 256}
# The Desktop Menu spec's main categories; a launcher without one lands in "Other" or nowhere.
MAIN_CATEGORIES = {
    "AudioVideo", "Audio", "Video", "Development", "Education", "Game", "Graphics",
    "Network", "Office", "Science", "Settings", "System", "Utility",
}  # fmt: skip
EXPECTED = {
    f"applications/{APP_ID}.desktop",
    f"metainfo/{APP_ID}.metainfo.xml",
    f"mime/packages/{APP_ID}.xml",
    f"icons/hicolor/scalable/apps/{APP_ID}.svg",
    f"icons/hicolor/symbolic/apps/{APP_ID}-symbolic.svg",
    *(f"icons/hicolor/{n}x{n}/apps/{APP_ID}.png" for n in PNG_SIZES),
}


def parse_entry(text: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(text)
    return parser


def files_under(folder: Path) -> set[str]:
    """The files in ``folder``, leaving out the file-type database update-mime-database builds."""
    return {
        name
        for name in (p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
        if not name.startswith("mime/") or name.startswith("mime/packages/")
    }


def snapshot(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    """Each file's inode, modification time and bytes: an atomic rewrite changes the inode."""
    out = {}
    for name in files_under(folder):
        info = (folder / name).stat()
        out[name] = (info.st_ino, info.st_mtime_ns, (folder / name).read_bytes())
    return out


# -- install and uninstall ----------------------------------------------------------------


def test_install_puts_every_file_where_the_desktop_looks(tmp_path: Path) -> None:
    written = desktop_integration.install(tmp_path, command=COMMAND)
    assert files_under(tmp_path) == EXPECTED
    assert sorted(written) == sorted(tmp_path / name for name in EXPECTED)
    assert (
        tmp_path / "metainfo" / f"{APP_ID}.metainfo.xml"
    ).read_bytes() == resources.metainfo().read_bytes()
    assert (tmp_path / "mime" / "packages" / f"{APP_ID}.xml").read_bytes() == (
        desktop_integration.mime_package().read_bytes()
    )
    for name in EXPECTED - {
        f"applications/{APP_ID}.desktop",
        f"metainfo/{APP_ID}.metainfo.xml",
        f"mime/packages/{APP_ID}.xml",
    }:
        shipped = resources.hicolor_dir() / name.removeprefix("icons/hicolor/")
        assert (tmp_path / name).read_bytes() == shipped.read_bytes(), name


def test_without_a_folder_it_installs_into_the_users_data_home() -> None:
    desktop_integration.install(command=COMMAND)
    assert files_under(paths.xdg_data_home()) == EXPECTED


def test_the_data_home_follows_xdg_and_the_test_override(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert paths.xdg_data_home().is_relative_to(os.environ["STRETCHAPP_HOME"])
    monkeypatch.delenv("STRETCHAPP_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "ann"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert paths.xdg_data_home() == tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/share")  # the spec says to ignore it
    assert paths.xdg_data_home() == tmp_path / "ann" / ".local" / "share"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert paths.xdg_data_home() == tmp_path / "ann" / ".local" / "share"


def test_a_second_install_changes_nothing(tmp_path: Path) -> None:
    desktop_integration.install(tmp_path, command=COMMAND)
    before = snapshot(tmp_path)
    assert desktop_integration.install(tmp_path, command=COMMAND) == []
    assert snapshot(tmp_path) == before


def test_install_repairs_only_what_is_missing_or_stale(tmp_path: Path) -> None:
    desktop_integration.install(tmp_path, command=COMMAND)
    icon = tmp_path / f"icons/hicolor/48x48/apps/{APP_ID}.png"
    icon.unlink()
    metainfo = tmp_path / f"metainfo/{APP_ID}.metainfo.xml"
    metainfo.write_text("<component/>", encoding="utf-8")
    assert sorted(desktop_integration.install(tmp_path, command=COMMAND)) == sorted([icon, metainfo])
    assert metainfo.read_bytes() == resources.metainfo().read_bytes()


def test_moving_the_app_rewrites_the_launcher(tmp_path: Path) -> None:
    desktop_integration.install(tmp_path, command=COMMAND)
    entry = tmp_path / "applications" / DESKTOP_FILE_NAME
    assert desktop_integration.install(tmp_path, command=["/opt/new/stretchapp"]) == [entry]
    assert exec_argv(parse_entry(entry.read_text(encoding="utf-8"))["Desktop Entry"]["Exec"]) == [
        "/opt/new/stretchapp",
        "%f",
    ]


def test_uninstall_removes_exactly_what_install_wrote(tmp_path: Path) -> None:
    neighbours = ["applications/other.desktop", "icons/hicolor/48x48/apps/other.png", "metainfo/other.xml"]
    for name in neighbours:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("someone else's", encoding="utf-8")
    written = desktop_integration.install(tmp_path, command=COMMAND)
    assert sorted(desktop_integration.uninstall(tmp_path)) == sorted(written)
    assert files_under(tmp_path) == set(neighbours)


def test_uninstalling_what_is_not_installed_is_fine(tmp_path: Path) -> None:
    assert desktop_integration.uninstall(tmp_path) == []
    assert desktop_integration.uninstall(tmp_path / "missing") == []


# -- the launcher's command ---------------------------------------------------------------


def test_the_installed_launcher_starts_the_installed_command(tmp_path: Path) -> None:
    desktop_integration.install(tmp_path, command=COMMAND)
    entry = parse_entry((tmp_path / "applications" / DESKTOP_FILE_NAME).read_text(encoding="utf-8"))
    assert exec_argv(entry["Desktop Entry"]["Exec"]) == [*COMMAND, "%f"]  # %f: the file to open
    actions = [
        entry[f"Desktop Action {name}"] for name in entry["Desktop Entry"]["Actions"].split(";") if name
    ]
    assert [exec_argv(action["Exec"]) for action in actions] == [[*COMMAND, autostart.BACKGROUND_FLAG]]
    shipped = parse_entry(resources.desktop_entry().read_text(encoding="utf-8"))
    # Everything but the command is the shipped entry.
    for section in shipped.sections():
        assert {k: v for k, v in entry[section].items() if k != "Exec"} == {
            k: v for k, v in shipped[section].items() if k != "Exec"
        }


def test_by_default_the_launcher_runs_the_stretchapp_found_on_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "venv" / "bin" / "stretchapp"
    script.parent.mkdir(parents=True)
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    monkeypatch.setattr(autostart.shutil, "which", lambda name: str(script) if name == "stretchapp" else None)
    desktop_integration.install(tmp_path / "share")
    entry = parse_entry((tmp_path / "share" / "applications" / DESKTOP_FILE_NAME).read_text(encoding="utf-8"))
    assert exec_argv(entry["Desktop Entry"]["Exec"]) == [str(script.resolve()), "%f"]


# -- the command line ---------------------------------------------------------------------


def test_the_command_line_reports_each_file_once(capsys: pytest.CaptureFixture[str]) -> None:
    home = paths.xdg_data_home()
    assert main(["desktop", "install"]) == 0
    wrote = capsys.readouterr().out.splitlines()
    assert len(wrote) == len(EXPECTED)
    assert {line.split(" ", 1)[1] for line in wrote} == {str(home / name) for name in EXPECTED}

    assert main(["desktop", "install"]) == 0
    again = capsys.readouterr().out
    assert not any(str(home) in line for line in again.splitlines())

    assert main(["desktop", "uninstall"]) == 0
    removed = capsys.readouterr().out.splitlines()
    assert {line.split(" ", 1)[1] for line in removed} == {str(home / name) for name in EXPECTED}
    assert files_under(home) == set()
    assert main(["desktop", "uninstall"]) == 0


def test_the_desktop_command_never_loads_qt() -> None:
    code = (
        "import sys\nfrom stretchapp.cli.main import main\nmain(['desktop', 'install'])\n"
        "print([m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'stretchapp.ui'))])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "[]"


def test_the_command_line_says_when_it_cannot_write(capsys: pytest.CaptureFixture[str]) -> None:
    home = paths.xdg_data_home()
    home.parent.mkdir(parents=True, exist_ok=True)
    home.write_text("a file where the folder should be", encoding="utf-8")
    assert main(["desktop", "install"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1


# -- caches -------------------------------------------------------------------------------


def fake_tool(folder: Path, name: str, log: Path, code: int = 0) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / name
    script.write_text(f'#!/bin/sh\necho "{name} $*" >> "{log}"\nexit {code}\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)


@pytest.mark.skipif(os.name != "posix", reason="the fake cache tools are shell scripts")
@pytest.mark.parametrize("code", [0, 1])
def test_an_existing_cache_is_refreshed_and_none_is_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    calls = tmp_path / "calls.txt"
    for tool in ("gtk-update-icon-cache", "update-desktop-database"):
        fake_tool(tmp_path / "bin", tool, calls, code)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    share = tmp_path / "share"

    desktop_integration.install(share, command=COMMAND)
    assert not calls.exists()
    assert not (share / "icons/hicolor/icon-theme.cache").exists()

    desktop_integration.uninstall(share)
    (share / "icons/hicolor/icon-theme.cache").write_bytes(b"stale")
    (share / "applications/mimeinfo.cache").write_text("[MIME Cache]\n", encoding="utf-8")
    desktop_integration.install(share, command=COMMAND)  # a failing tool does not fail the install
    lines = calls.read_text(encoding="utf-8").splitlines()
    assert sorted(line.split(" ")[0] for line in lines) == [
        "gtk-update-icon-cache",
        "update-desktop-database",
    ]
    assert any(line.endswith(str(share / "icons" / "hicolor")) for line in lines)
    assert any(line.endswith(str(share / "applications")) for line in lines)


def test_missing_cache_tools_do_not_matter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    (tmp_path / "icons/hicolor").mkdir(parents=True)
    (tmp_path / "icons/hicolor/icon-theme.cache").write_bytes(b"stale")
    assert len(desktop_integration.install(tmp_path, command=COMMAND)) == len(EXPECTED)
    assert len(desktop_integration.uninstall(tmp_path)) == len(EXPECTED)


# -- the shipped files --------------------------------------------------------------------


def test_the_shipped_files_all_carry_the_app_id() -> None:
    assert resources.desktop_entry().name == DESKTOP_FILE_NAME == f"{APP_ID}.desktop"
    assert resources.metainfo().name == f"{APP_ID}.metainfo.xml"
    entry = parse_entry(resources.desktop_entry().read_text(encoding="utf-8"))["Desktop Entry"]
    assert entry["Icon"] == APP_ID
    assert entry["X-GNOME-SingleWindow"] == "true"
    assert MAIN_CATEGORIES & set(entry["Categories"].split(";"))
    assert resources.app_icon().stem == APP_ID
    assert resources.tray_icon().stem == f"{APP_ID}-symbolic"
    root = ET.parse(resources.metainfo()).getroot()
    assert root.findtext("id") == APP_ID
    launchables = root.findall("launchable")
    assert [(el.get("type"), el.text) for el in launchables] == [("desktop-id", DESKTOP_FILE_NAME)]
    assert [el.text for el in root.iterfind("provides/binary")] == [desktop_integration.SHIPPED_COMMAND]
    assert [el.get("type") for el in root.iterfind("content_rating")] == ["oars-1.1"]


def test_the_metainfo_screenshots_are_files_in_the_repository() -> None:
    root = ET.parse(resources.metainfo()).getroot()
    urls = [el.text or "" for el in root.iterfind("screenshots/screenshot/image")]
    assert urls
    prefix = "https://raw.githubusercontent.com/stretchapp/stretchapp/main/"
    for url in urls:
        assert url.startswith(prefix), url
        assert (REPO / url.removeprefix(prefix)).is_file(), url


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_each_png_icon_has_the_size_its_folder_names() -> None:
    pngs = sorted(resources.hicolor_dir().glob("*/apps/*.png"))
    assert {p.parent.parent.name for p in pngs} == {f"{n}x{n}" for n in PNG_SIZES}
    for png in pngs:
        width, height = (int(v) for v in png.parent.parent.name.split("x"))
        assert png_size(png) == (width, height), png


def test_the_symbolic_icon_is_one_colour() -> None:
    colours = {
        value.lower()
        for el in ET.parse(resources.tray_icon()).getroot().iter()
        for key, value in el.attrib.items()
        if key in {"fill", "stroke"} and value != "none"
    }
    assert colours == {"#bebebe"}


# -- the validators -----------------------------------------------------------------------


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian: apt-get install desktop-file-utils appstream)")
    return path


def run(*argv: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in argv], capture_output=True, text=True, timeout=60, check=False)


def validate_desktop_file(path: Path) -> None:
    result = run(tool("desktop-file-validate"), path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_desktop_file_validate_passes_the_shipped_launcher(tmp_path: Path) -> None:
    validate_desktop_file(resources.desktop_entry())


def test_desktop_file_validate_passes_the_installed_launcher(tmp_path: Path) -> None:
    share = tmp_path / "share"
    desktop_integration.install(share, command=["/home/ann smith/.venv/bin/python", "-m", "stretchapp"])
    validate_desktop_file(share / "applications" / DESKTOP_FILE_NAME)


def test_desktop_file_validate_passes_the_autostart_entry(tmp_path: Path) -> None:
    validate_desktop_file(autostart.enable(COMMAND))


def test_appstreamcli_passes_the_metainfo() -> None:
    result = run(tool("appstreamcli"), "validate", "--no-net", resources.metainfo())
    assert result.returncode == 0, result.stdout + result.stderr


def test_appstreamcli_finds_the_launcher_and_icon_an_install_puts_beside_it(tmp_path: Path) -> None:
    appstreamcli = tool("appstreamcli")
    desktop_integration.install(tmp_path / "share", command=COMMAND)
    result = run(appstreamcli, "validate-tree", "--no-net", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


# -- the routine pack file type -----------------------------------------------------------


def test_the_launcher_opens_the_file_type_the_mime_package_defines() -> None:
    entry = parse_entry(resources.desktop_entry().read_text(encoding="utf-8"))["Desktop Entry"]
    assert desktop_integration.PACK_MIME_TYPE in entry["MimeType"].split(";")
    assert "%f" in entry["Exec"].split(" ")  # the file reaches the app
    namespace = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.parse(desktop_integration.mime_package()).getroot()
    types = root.findall("m:mime-type", namespace)
    assert [t.get("type") for t in types] == [desktop_integration.PACK_MIME_TYPE]
    assert [g.get("pattern") for g in types[0].findall("m:glob", namespace)] == ["*.stretchpack"]


@pytest.mark.skipif(os.name != "posix", reason="the fake tool is a shell script")
def test_the_file_type_database_is_built_after_install_and_uninstall(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = tmp_path / "calls.txt"
    fake_tool(tmp_path / "bin", "update-mime-database", calls)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    share = tmp_path / "share"
    desktop_integration.install(share, command=COMMAND)
    assert calls.read_text(encoding="utf-8").splitlines() == [f"update-mime-database {share / 'mime'}"]
    desktop_integration.install(share, command=COMMAND)  # nothing changed: nothing to rebuild
    assert len(calls.read_text(encoding="utf-8").splitlines()) == 1
    desktop_integration.uninstall(share)
    assert len(calls.read_text(encoding="utf-8").splitlines()) == 2


def test_the_real_database_knows_a_stretchpack_after_install(tmp_path: Path) -> None:
    tool("update-mime-database")
    share = tmp_path / "share"
    desktop_integration.install(share, command=COMMAND)
    globs = (share / "mime" / "globs2").read_text(encoding="utf-8")
    assert f"{desktop_integration.PACK_MIME_TYPE}:*.stretchpack" in globs
