"""The player from the keyboard, safely: the end screen's buttons, the key list, restart and full screen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from stretchapp.core.engine import SessionState
from stretchapp.routines.library import load_library
from stretchapp.storage.settings import Settings
from stretchapp.ui.controller import AppController
from stretchapp.ui.session.audio import NullSoundPlayer
from tests.fakes import FakeClock


@pytest.fixture
def app(qtbot, clock: FakeClock) -> Iterator[AppController]:  # type: ignore[no-untyped-def]
    controller = AppController(
        Settings(), load_library(), clock=clock, sound_factory=lambda _s: NullSoundPlayer()
    )
    controller.confirm_cautions = lambda routine, parent: True
    qtbot.addWidget(controller.window)
    controller.window.resize(1280, 720)
    controller.window.show()
    qtbot.waitUntil(controller.window.isActiveWindow)
    controller.start_routine(load_library().entries[0].routine)
    yield controller
    controller.end_session()


def finish(app: AppController, clock: FakeClock) -> None:
    driver = app.driver
    assert driver is not None
    clock.advance(driver.session.routine_remaining() + 0.01)
    driver.tick()


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space])
def test_enter_or_space_on_the_end_screen_presses_the_focused_button(
    qtbot, app: AppController, clock: FakeClock, key: Qt.Key
) -> None:  # type: ignore[no-untyped-def]
    finish(app, clock)
    player = app.player
    player.done_button.setFocus()
    qtbot.waitUntil(player.done_button.hasFocus)
    qtbot.keyClick(QApplication.focusWidget(), key)
    assert not app.window.showing_player()


def test_enter_on_again_starts_the_routine_again(qtbot, app: AppController, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    finish(app, clock)
    player = app.player
    qtbot.waitUntil(player.again_button.hasFocus)
    qtbot.keyClick(player.again_button, Qt.Key.Key_Return)
    assert app.window.showing_player()
    assert app.driver is not None and app.driver.session.state is SessionState.RUNNING
    assert app.driver.session.index == 0


def test_the_end_screen_says_which_keys_work(app: AppController, clock: FakeClock) -> None:
    finish(app, clock)
    hint = app.player.end_hint
    assert hint.isVisible()
    assert "Enter" in hint.text() and "Esc" in hint.text()


def test_the_key_list_pauses_the_routine_until_it_closes(qtbot, app: AppController) -> None:  # type: ignore[no-untyped-def]
    player = app.player
    session = app.driver.session  # type: ignore[union-attr]
    qtbot.keyClick(player, Qt.Key.Key_Question, Qt.KeyboardModifier.ShiftModifier)
    assert player.keys_dialog is not None and player.keys_dialog.isVisible()
    assert session.state is SessionState.PAUSED
    player.keys_dialog.accept()
    assert session.state is SessionState.RUNNING


def test_the_key_list_leaves_a_paused_routine_paused(qtbot, app: AppController) -> None:  # type: ignore[no-untyped-def]
    player = app.player
    session = app.driver.session  # type: ignore[union-attr]
    qtbot.keyClick(player, Qt.Key.Key_Space)
    player.show_keys()
    player.keys_dialog.accept()  # type: ignore[union-attr]
    assert session.state is SessionState.PAUSED


def test_restart_asks_once_progress_would_be_lost(qtbot, app: AppController, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    player = app.player
    driver = app.driver
    assert driver is not None
    asked: list[SessionState] = []

    def decline() -> bool:
        asked.append(driver.session.state)
        return False

    player.confirm_restart = decline
    clock.advance(1)
    driver.tick()
    qtbot.keyClick(player, Qt.Key.Key_R)
    assert not asked  # a second in, nothing is lost
    while driver.session.index < 3:
        clock.advance(driver.session.remaining())
        driver.tick()
    index = driver.session.index
    qtbot.keyClick(player, Qt.Key.Key_R)
    assert asked == [SessionState.PAUSED]  # the routine waits while it asks
    assert driver.session.index == index and driver.session.state is SessionState.RUNNING
    player.confirm_restart = lambda: True
    qtbot.keyClick(player, Qt.Key.Key_R)
    assert driver.session.index == 0


def test_full_screen_hides_the_menus_names_the_way_out_and_esc_leaves_it(qtbot, app: AppController) -> None:  # type: ignore[no-untyped-def]
    player, window = app.player, app.window
    qtbot.keyClick(player, Qt.Key.Key_F11)
    qtbot.waitUntil(window.isFullScreen)
    qtbot.waitUntil(lambda: player.fullscreen)
    assert not window.menuBar().isVisible()
    assert player.fullscreen_button.text() == "Leave full screen"
    assert player.fullscreen_hint.isVisible() and "Esc" in player.fullscreen_hint.text()
    qtbot.keyClick(player, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isFullScreen())
    assert window.menuBar().isVisible()
    assert player.fullscreen_button.text() == "Full screen"
    assert window.showing_player()  # Esc left full screen, not the routine
