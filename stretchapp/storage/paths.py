"""Where stretchapp keeps its files: the only module that decides user folders (no Qt).

The folders follow each system's conventions through ``platformdirs`` (XDG on Linux,
``~/Library`` on macOS, the known folders on Windows: settings and routines roam with the
account, state and logs stay on the machine). Setting ``STRETCHAPP_HOME`` puts every folder
under one directory, which is how the tests keep away from the real user's files.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "stretchapp"
HOME_ENV = "STRETCHAPP_HOME"


@cache
def _dirs(*, roaming: bool) -> PlatformDirs:
    return PlatformDirs(APP_NAME, appauthor=False, roaming=roaming)


def _override(kind: str) -> Path | None:
    home = os.environ.get(HOME_ENV)
    return Path(home) / kind if home else None


def data_dir() -> Path:
    """User data: the user's routines, history database, editor drafts."""
    return _override("data") or Path(_dirs(roaming=True).user_data_dir)


def config_dir() -> Path:
    """Settings."""
    return _override("config") or Path(_dirs(roaming=True).user_config_dir)


def state_dir() -> Path:
    """Logs and other state that may be thrown away; never roams."""
    return _override("state") or Path(_dirs(roaming=False).user_state_dir)


def cache_dir() -> Path:
    """Things the app can rebuild at any time (the routine cache); never roams."""
    return _override("cache") or Path(_dirs(roaming=False).user_cache_dir)


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
