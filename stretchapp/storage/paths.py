"""Where stretchapp keeps its files: the only module that decides user folders (no Qt).

Follows the platform's conventions (XDG on Linux, ``~/Library`` on macOS, ``%APPDATA%`` on
Windows). Setting ``STRETCHAPP_HOME`` puts every folder under one directory, which is how
the tests keep away from the real user's files.
"""

from __future__ import annotations

import os
import sys
import zlib
from pathlib import Path

APP_NAME = "stretchapp"
HOME_ENV = "STRETCHAPP_HOME"


def _base(xdg_var: str, xdg_default: str, kind: str) -> Path:
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override) / kind
    home = Path.home()
    if sys.platform == "win32":
        root = os.environ.get("LOCALAPPDATA" if kind in {"state", "cache"} else "APPDATA")
        return Path(root or home / "AppData" / "Roaming") / APP_NAME
    if sys.platform == "darwin":
        sub = "Logs" if kind == "state" else "Application Support"
        return home / "Library" / sub / APP_NAME
    return Path(os.environ.get(xdg_var) or home / xdg_default) / APP_NAME


def data_dir() -> Path:
    """User data: the user's routines, history database, editor drafts."""
    return _base("XDG_DATA_HOME", ".local/share", "data")


def config_dir() -> Path:
    """Settings."""
    return _base("XDG_CONFIG_HOME", ".config", "config")


def state_dir() -> Path:
    """Logs and other state that may be thrown away."""
    return _base("XDG_STATE_HOME", ".local/state", "state")


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
    """XDG autostart folder (Linux); honours ``STRETCHAPP_HOME`` for tests."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override) / "autostart"
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "autostart"


def xdg_data_home() -> Path:
    """Where the desktop looks for a person's launchers, icons and metainfo (``$XDG_DATA_HOME``).

    Honours ``STRETCHAPP_HOME`` for tests. The spec says a relative ``XDG_DATA_HOME`` is invalid
    and must be ignored.
    """
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override) / "xdg-data"
    configured = os.environ.get("XDG_DATA_HOME")
    if configured and Path(configured).is_absolute():
        return Path(configured)
    return Path.home() / ".local" / "share"


def runtime_name() -> str:
    """A per-user name for the single-instance socket."""
    override = os.environ.get(HOME_ENV)
    user = os.environ.get("USER") or os.environ.get("USERNAME") or "user"
    # crc32, not hash(): str hashes differ between processes, and both must agree on the name.
    suffix = f"-{zlib.crc32(override.encode()) % 10**8}" if override else ""
    return f"{APP_NAME}-{user}{suffix}"
