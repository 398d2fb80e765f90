"""The person's folders follow the system's conventions, and STRETCHAPP_HOME keeps tests apart."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from stretchapp.storage import paths

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG folders are Linux's")


@linux_only
def test_folders_follow_the_xdg_variables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.HOME_ENV)
    for var, name in (("XDG_DATA_HOME", "d"), ("XDG_CONFIG_HOME", "c"), ("XDG_STATE_HOME", "s")):
        monkeypatch.setenv(var, str(tmp_path / name))
    assert paths.user_routines_dir() == tmp_path / "d" / "stretchapp" / "routines"
    assert paths.settings_file() == tmp_path / "c" / "stretchapp" / "settings.json"
    assert paths.log_file() == tmp_path / "s" / "stretchapp" / "stretchapp.log"


@linux_only
def test_without_xdg_variables_the_folders_are_under_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(paths.HOME_ENV)
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert paths.data_dir() == tmp_path / ".local" / "share" / "stretchapp"
    assert paths.config_dir() == tmp_path / ".config" / "stretchapp"
    assert paths.state_dir() == tmp_path / ".local" / "state" / "stretchapp"


def test_stretchapp_home_holds_every_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path))
    for folder in (paths.data_dir(), paths.config_dir(), paths.state_dir(), paths.autostart_dir()):
        assert tmp_path in folder.parents
