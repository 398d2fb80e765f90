"""The person's folders follow each system's conventions, and STRETCHAPP_HOME keeps tests apart.

Every system is simulated (``sys.platform``, the environment and the home folder are patched), so
the macOS and Windows rules are checked on a Linux machine. The expected folders are written out
from the XDG Base Directory spec and the platform conventions, and are the ones earlier versions
used, so that a person's settings, history and caches are found after an update.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from stretchapp.storage import paths

posix_only = pytest.mark.skipif(os.name != "posix", reason="the simulated folders are POSIX paths")

HOME = "/home/ana"
XDG_VARIABLES = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")
WINDOWS_VARIABLES = ("APPDATA", "LOCALAPPDATA")
ROAMING = r"C:\Users\ana\AppData\Roaming"
LOCAL = r"C:\Users\ana\AppData\Local"

FOLDERS: dict[str, Callable[[], Path]] = {
    "data": paths.data_dir,
    "config": paths.config_dir,
    "state": paths.state_dir,
    "cache": paths.cache_dir,
}
EVERY_LOCATION: dict[str, Callable[[], Path]] = {
    **FOLDERS,
    "routines": paths.user_routines_dir,
    "settings": paths.settings_file,
    "history": paths.history_db,
    "log": paths.log_file,
    "drafts": paths.drafts_dir,
    "autostart": paths.autostart_dir,
    "xdg-data": paths.xdg_data_home,
}


@pytest.fixture
def system(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Pretend to run on ``platform`` with only the given variables set and ``HOME`` at ana's."""

    def pretend(platform: str, **env: str) -> None:
        monkeypatch.delenv(paths.HOME_ENV, raising=False)
        for name in (*XDG_VARIABLES, *WINDOWS_VARIABLES):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("HOME", HOME)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        monkeypatch.setattr(sys, "platform", platform)

    return pretend


# What every location was on Linux with no XDG variable set, and with each one set.
LINUX_DEFAULTS = {
    "data": "/home/ana/.local/share/stretchapp",
    "config": "/home/ana/.config/stretchapp",
    "state": "/home/ana/.local/state/stretchapp",
    "cache": "/home/ana/.cache/stretchapp",
    "routines": "/home/ana/.local/share/stretchapp/routines",
    "settings": "/home/ana/.config/stretchapp/settings.json",
    "history": "/home/ana/.local/share/stretchapp/history.sqlite3",
    "log": "/home/ana/.local/state/stretchapp/stretchapp.log",
    "drafts": "/home/ana/.local/share/stretchapp/drafts",
    "autostart": "/home/ana/.config/autostart",
    "xdg-data": "/home/ana/.local/share",
}
LINUX_XDG_ENV = {
    "XDG_DATA_HOME": "/srv/d",
    "XDG_CONFIG_HOME": "/srv/c",
    "XDG_STATE_HOME": "/srv/s",
    "XDG_CACHE_HOME": "/srv/k",
}
LINUX_WITH_XDG = {
    "data": "/srv/d/stretchapp",
    "config": "/srv/c/stretchapp",
    "state": "/srv/s/stretchapp",
    "cache": "/srv/k/stretchapp",
    "routines": "/srv/d/stretchapp/routines",
    "settings": "/srv/c/stretchapp/settings.json",
    "history": "/srv/d/stretchapp/history.sqlite3",
    "log": "/srv/s/stretchapp/stretchapp.log",
    "drafts": "/srv/d/stretchapp/drafts",
    "autostart": "/srv/c/autostart",
    "xdg-data": "/srv/d",
}


@posix_only
@pytest.mark.parametrize("platform", ["linux", "freebsd14"])
@pytest.mark.parametrize("location", sorted(EVERY_LOCATION))
def test_unix_locations_are_the_ones_earlier_versions_used(
    system: Callable[..., None], platform: str, location: str
) -> None:
    system(platform)
    assert EVERY_LOCATION[location]() == Path(LINUX_DEFAULTS[location])
    system(platform, **LINUX_XDG_ENV)
    assert EVERY_LOCATION[location]() == Path(LINUX_WITH_XDG[location])


@posix_only
@pytest.mark.parametrize("kind", sorted(FOLDERS))
@pytest.mark.parametrize("variable", XDG_VARIABLES)
def test_each_xdg_variable_moves_only_its_own_folder(
    system: Callable[..., None], kind: str, variable: str
) -> None:
    system("linux", **{variable: "/srv/elsewhere"})
    own = XDG_VARIABLES.index(variable) == ("data", "config", "state", "cache").index(kind)
    expected = "/srv/elsewhere/stretchapp" if own else LINUX_DEFAULTS[kind]
    assert FOLDERS[kind]() == Path(expected)


@posix_only
@pytest.mark.parametrize("platform", ["linux", "darwin"])
@pytest.mark.parametrize("value", ["", "relative/dir", "./here", "~/tilde", "stretchapp"])
@pytest.mark.parametrize("location", sorted(EVERY_LOCATION))
def test_a_relative_xdg_value_is_ignored(
    system: Callable[..., None], platform: str, value: str, location: str
) -> None:
    system(platform)
    default = EVERY_LOCATION[location]()
    system(platform, **dict.fromkeys(XDG_VARIABLES, value))
    assert EVERY_LOCATION[location]() == default
    assert EVERY_LOCATION[location]().is_absolute()


MACOS_DEFAULTS = {
    "data": "/home/ana/Library/Application Support/stretchapp",
    "config": "/home/ana/Library/Application Support/stretchapp",
    "state": "/home/ana/Library/Application Support/stretchapp",
    "cache": "/home/ana/Library/Caches/stretchapp",
}


@posix_only
@pytest.mark.parametrize("kind", sorted(FOLDERS))
def test_macos_folders_are_in_the_library(system: Callable[..., None], kind: str) -> None:
    system("darwin")
    assert FOLDERS[kind]() == Path(MACOS_DEFAULTS[kind])


@posix_only
@pytest.mark.parametrize("kind", sorted(FOLDERS))
def test_macos_honours_xdg_variables_as_before(system: Callable[..., None], kind: str) -> None:
    system("darwin", **LINUX_XDG_ENV)
    assert FOLDERS[kind]() == Path(LINUX_WITH_XDG[kind])


WINDOWS_CASES = [
    # (what is set, data, config, state, cache)
    (
        {"APPDATA": ROAMING, "LOCALAPPDATA": LOCAL},
        (ROAMING, "stretchapp"),
        (ROAMING, "stretchapp"),
        (LOCAL, "stretchapp"),
        (LOCAL, "stretchapp", "Cache"),
    ),
    (
        {"APPDATA": r"D:\Profiles\ana", "LOCALAPPDATA": r"\\server\share\local"},
        (r"D:\Profiles\ana", "stretchapp"),
        (r"D:\Profiles\ana", "stretchapp"),
        (r"\\server\share\local", "stretchapp"),
        (r"\\server\share\local", "stretchapp", "Cache"),
    ),
    (
        {},
        (HOME, "AppData", "Roaming", "stretchapp"),
        (HOME, "AppData", "Roaming", "stretchapp"),
        (HOME, "AppData", "Local", "stretchapp"),
        (HOME, "AppData", "Local", "stretchapp", "Cache"),
    ),
    (
        {"APPDATA": "", "LOCALAPPDATA": r"relative\local"},
        (HOME, "AppData", "Roaming", "stretchapp"),
        (HOME, "AppData", "Roaming", "stretchapp"),
        (HOME, "AppData", "Local", "stretchapp"),
        (HOME, "AppData", "Local", "stretchapp", "Cache"),
    ),
]


@posix_only
@pytest.mark.parametrize(("env", "data", "config", "state", "cache"), WINDOWS_CASES)
def test_windows_folders_roam_only_for_data_and_settings(
    system: Callable[..., None],
    env: dict[str, str],
    data: tuple[str, ...],
    config: tuple[str, ...],
    state: tuple[str, ...],
    cache: tuple[str, ...],
) -> None:
    system("win32", **env, **LINUX_XDG_ENV)  # XDG variables mean nothing on Windows
    assert paths.data_dir() == Path(*data)
    assert paths.config_dir() == Path(*config)
    assert paths.state_dir() == Path(*state)
    assert paths.cache_dir() == Path(*cache)
    assert paths.settings_file() == Path(*config, "settings.json")
    assert paths.log_file() == Path(*state, "stretchapp.log")


@posix_only
def test_a_home_that_is_not_absolute_gives_way_to_the_accounts(system: Callable[..., None]) -> None:
    import pwd

    account_home = Path(pwd.getpwuid(os.getuid()).pw_dir)
    for home in ("", "not/absolute"):
        system("linux", HOME=home)
        assert paths.config_dir() == account_home / ".config" / "stretchapp"


EXPECTED_UNDER_HOME = {
    "data": ("data",),
    "config": ("config",),
    "state": ("state",),
    "cache": ("cache",),
    "routines": ("data", "routines"),
    "settings": ("config", "settings.json"),
    "history": ("data", "history.sqlite3"),
    "log": ("state", "stretchapp.log"),
    "drafts": ("data", "drafts"),
    "autostart": ("autostart",),
    "xdg-data": ("xdg-data",),
}


@pytest.mark.parametrize("platform", ["linux", "darwin", "win32"])
@pytest.mark.parametrize("location", sorted(EVERY_LOCATION))
def test_stretchapp_home_holds_every_location(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    system: Callable[..., None],
    platform: str,
    location: str,
) -> None:
    system(platform, **LINUX_XDG_ENV, APPDATA=ROAMING, LOCALAPPDATA=LOCAL)
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path))
    assert EVERY_LOCATION[location]() == tmp_path.joinpath(*EXPECTED_UNDER_HOME[location])
