"""Several screens: the break prompt and the player open where the person works (or on the
screen chosen in Settings), and a window whose screen is unplugged comes back on one left.

The two-screen runs happen in a fresh process (one QApplication per process): Qt's offscreen
platform with two screens, and a real X server (Xorg, two dummy monitors, openbox) where a
monitor is switched off with xrandr while a window is on it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from stretchapp.storage import settings as settings_store
from stretchapp.storage.settings import Settings, SettingsStore
from stretchapp.ui.common.screens import WORKING_SCREEN, screen_choices
from tests.displays import run_scenario, xorg_missing, xorg_two_monitors

TWO_SCREENS = {
    "screens": [
        {"name": "LEFT-1", "x": 0, "y": 0, "width": 1280, "height": 800, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1},
        {"name": "RIGHT-2", "x": 1280, "y": 0, "width": 1024, "height": 768, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1},
    ]
}  # fmt: skip


def _assert_follows_the_person(seen: dict[str, Any], first: str, second: str) -> None:
    assert seen["screens"][:2] == [first, second]
    assert seen["pointer"] == second
    assert seen["prompt_on_working_screen"] == second  # not the primary screen, where the tray is
    assert seen["showing_player"] and seen["player_on"] == second  # Start moved the player there
    assert seen["prompt_on_chosen_screen"] == first
    assert seen["prompt_when_chosen_is_missing"] == second


def test_prompt_and_player_open_on_the_working_or_chosen_screen(tmp_path: Path) -> None:
    config = tmp_path / "screens.json"
    config.write_text(json.dumps(TWO_SCREENS))
    seen = run_scenario("screens", {"QT_QPA_PLATFORM": f"offscreen:configfile={config}"})
    _assert_follows_the_person(seen, "LEFT-1", "RIGHT-2")


@pytest.mark.skipif(xorg_missing() is not None, reason=str(xorg_missing()))
def test_on_x_with_two_monitors_an_unplugged_screen_gives_its_window_back(tmp_path: Path) -> None:
    with xorg_two_monitors(tmp_path) as env:
        off = ["xrandr", "--display", env["DISPLAY"], "--output", "DUMMY1", "--off"]
        seen = run_scenario("screens", env, *off)
    assert seen["platform"] == "xcb"
    _assert_follows_the_person(seen, "DUMMY0", "DUMMY1")
    assert seen["before_removal"] == "DUMMY1"
    assert seen["screens_after_removal"] == ["DUMMY0"]
    assert seen["visible_after_removal"] and seen["after_removal_on"] == "DUMMY0"
    assert "MainWindow" in seen["brought_back"]


def test_settings_offer_the_working_screen_and_each_connected_one(qtbot: Any) -> None:
    from PySide6.QtGui import QGuiApplication

    choices = screen_choices()
    assert choices[0][0] == WORKING_SCREEN
    assert [name for name, _words in choices[1:]] == [s.name() for s in QGuiApplication.screens() if s.name()]
    # A chosen screen that is unplugged stays chosen, said to be missing, not silently lost.
    kept = screen_choices("HDMI-7")
    assert kept[-1][0] == "HDMI-7" and "HDMI-7" in kept[-1][1]


def test_the_chosen_screen_is_kept_in_settings_and_shown_in_the_dialog(qtbot: Any) -> None:
    from stretchapp.ui.settings.dialog import SettingsDialog

    store = SettingsStore(settings_store.load())
    assert store.update(break_screen="HDMI-7") is None
    assert settings_store.load().settings.break_screen == "HDMI-7"
    dialog = SettingsDialog(Settings(break_screen="HDMI-7"), routines=[])
    qtbot.addWidget(dialog)
    assert dialog.break_screen.currentData() == "HDMI-7"
    assert dialog.values().break_screen == "HDMI-7"
    dialog.break_screen.setCurrentIndex(dialog.break_screen.findData(WORKING_SCREEN))
    assert dialog.values().break_screen == WORKING_SCREEN
    assert dialog.break_screen.accessibleName()
