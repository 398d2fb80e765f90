"""Where stretchapp keeps its files: the only module that decides user folders (no Qt).

The rules are written here with the standard library alone (``platformdirs`` cost every start
about 10 ms for four folder names) and give the folders that ``platformdirs`` gave for
``PlatformDirs("stretchapp", appauthor=False, roaming=...)``, so files kept by earlier versions
are found where they are:

- Linux and other Unix (the XDG Base Directory spec): data ``$XDG_DATA_HOME/stretchapp``
  (``~/.local/share/stretchapp``), config ``$XDG_CONFIG_HOME/stretchapp`` (``~/.config/...``),
  state ``$XDG_STATE_HOME/stretchapp`` (``~/.local/state/...``), cache
  ``$XDG_CACHE_HOME/stretchapp`` (``~/.cache/...``).
- macOS: data, config and state ``~/Library/Application Support/stretchapp``, cache
  ``~/Library/Caches/stretchapp``; an ``XDG_*`` variable, when set, takes the place of the
  ``~/Library`` folder, as ``platformdirs`` did.
- Windows: data and config ``%APPDATA%\\stretchapp`` (they roam with the account), state
  ``%LOCALAPPDATA%\\stretchapp``, cache ``%LOCALAPPDATA%\\stretchapp\\Cache``; a missing or
  relative variable falls back to ``~\\AppData\\Roaming`` / ``~\\AppData\\Local``.

The log file sits in the state folder on every system (not ``~/Library/Logs`` or a ``Logs``
folder), as before. The spec calls a relative path in an XDG variable invalid and says to ignore
it, so a relative or empty value counts as unset. Setting ``STRETCHAPP_HOME`` puts every folder
under one directory, which is how the tests and portable installs keep away from the real
user's files.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path, PureWindowsPath

APP_NAME = "stretchapp"
HOME_ENV = "STRETCHAPP_HOME"

# Each folder's XDG variable and its default under the home folder (Linux and other Unix).
_XDG: dict[str, tuple[str, tuple[str, ...]]] = {
    "data": ("XDG_DATA_HOME", (".local", "share")),
    "config": ("XDG_CONFIG_HOME", (".config",)),
    "state": ("XDG_STATE_HOME", (".local", "state")),
    "cache": ("XDG_CACHE_HOME", (".cache",)),
}
# macOS's default when the XDG variable is unset.
_MACOS: dict[str, tuple[str, ...]] = {
    "data": ("Library", "Application Support"),
    "config": ("Library", "Application Support"),
    "state": ("Library", "Application Support"),
    "cache": ("Library", "Caches"),
}
# Windows: the variable naming the base, its folder under ~\AppData, what follows the app name.
# Settings and routines roam with the account; state and cache stay on the machine.
_WINDOWS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "data": ("APPDATA", "Roaming", ()),
    "config": ("APPDATA", "Roaming", ()),
    "state": ("LOCALAPPDATA", "Local", ()),
    "cache": ("LOCALAPPDATA", "Local", ("Cache",)),
}


def _override(kind: str) -> Path | None:
    home = os.environ.get(HOME_ENV)
    return Path(home) / kind if home else None


def _home() -> Path:
    """The person's home folder; on Unix a relative or empty ``HOME`` gives way to the account's."""
    if sys.platform == "win32":
        return Path.home()
    home = os.environ.get("HOME", "")
    if Path(home).is_absolute():
        return Path(home)
    try:
        import pwd  # noqa: PLC0415 - only for a broken HOME; absent on some platforms

        return Path(pwd.getpwuid(os.getuid()).pw_dir)
    except (ImportError, KeyError):
        return Path.home()


def _xdg_base(variable: str) -> Path | None:
    """The folder an XDG variable names, or None when it is unset, empty or relative (the spec)."""
    value = os.environ.get(variable, "")
    return Path(value) if value.startswith("/") else None


def _windows_base(variable: str, fallback: str) -> Path:
    value = os.environ.get(variable, "")
    if PureWindowsPath(value).is_absolute():
        return Path(value)
    return _home() / "AppData" / fallback


def _system_folder(kind: str) -> Path:
    if sys.platform == "win32":
        variable, fallback, tail = _WINDOWS[kind]
        return _windows_base(variable, fallback).joinpath(APP_NAME, *tail)
    variable, unix_default = _XDG[kind]
    base = _xdg_base(variable)
    if base is None:
        base = _home().joinpath(*(_MACOS[kind] if sys.platform == "darwin" else unix_default))
    return base / APP_NAME


def data_dir() -> Path:
    """User data: the user's routines, history database, editor drafts; roams on Windows."""
    return _override("data") or _system_folder("data")


def config_dir() -> Path:
    """Settings; roams on Windows."""
    return _override("config") or _system_folder("config")


def state_dir() -> Path:
    """Logs and other state that may be thrown away; never roams."""
    return _override("state") or _system_folder("state")


def cache_dir() -> Path:
    """Things the app can rebuild at any time (the routine cache); never roams."""
    return _override("cache") or _system_folder("cache")


def user_routines_dir() -> Path:
    """The folder where a person's own routines live (created on demand by callers)."""
    return data_dir() / "routines"


def log_file() -> Path:
    return state_dir() / "stretchapp.log"


def settings_file() -> Path:
    return config_dir() / "settings.json"


def history_db() -> Path:
    return data_dir() / "history.sqlite3"


def drafts_dir() -> Path:
    """Editor recovery drafts."""
    return data_dir() / "drafts"


def autostart_dir() -> Path:
    """XDG autostart folder (Linux): ``$XDG_CONFIG_HOME/autostart``; honours ``STRETCHAPP_HOME``."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override) / "autostart"
    return (_xdg_base("XDG_CONFIG_HOME") or _home() / ".config") / "autostart"


def xdg_data_home() -> Path:
    """Where the desktop looks for a person's launchers, icons and metainfo (``$XDG_DATA_HOME``).

    Honours ``STRETCHAPP_HOME`` for tests; a relative ``XDG_DATA_HOME`` is ignored (the spec).
    """
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override) / "xdg-data"
    return _xdg_base("XDG_DATA_HOME") or _home() / ".local" / "share"
