"""The tray menu and the no-tray window: what the status line says and when it updates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QSystemTrayIcon
from pytestqt.qtbot import QtBot

from stretchapp.core.scheduler import State
from stretchapp.ui.reminders.tray import FallbackWindow, ReminderActions, TrayIcon, countdown, status_line


@pytest.mark.parametrize(
    ("seconds", "precise", "text"),
    [
        (754, True, "12:34"),
        (753.2, True, "12:34"),  # never shows less time than is left
        (59, True, "0:59"),
        (3 * 3600 + 5, True, "3:00:05"),
        (754, False, "13 min"),
        (20, False, "1 min"),
        (2 * 3600 + 5 * 60, False, "2 h 5 min"),
    ],
)
def test_countdown(seconds: float, precise: bool, text: str) -> None:
    assert countdown(seconds, precise=precise) == text


def test_status_lines() -> None:
    wall = dt.datetime(2026, 3, 2, 14, 30).timestamp()
    assert status_line(State.WORKING, 600, None, precise=True) == "Next break in 10:00"
    assert status_line(State.SNOOZED, 290, None, precise=False) == "Next break in 5 min"
    assert status_line(State.DUE, -5, None, precise=True) == "Break due now"
    assert status_line(State.IN_SESSION, None, None, precise=True) == "Stretching now"
    later = dt.datetime(2026, 3, 2, 15, 30).timestamp()
    assert status_line(State.PAUSED, 0, later, precise=True, now_wall=wall) == "Reminders paused until 15:30"
    midnight = dt.datetime(2026, 3, 3).timestamp()
    assert (
        status_line(State.PAUSED, 0, midnight, precise=True, now_wall=wall)
        == "Reminders paused until tomorrow"
    )


class Status:
    def __init__(self) -> None:
        self.asked: list[bool] = []

    def __call__(self, precise: bool) -> str:
        self.asked.append(precise)
        return "Next break in 12:34" if precise else "Next break in 13 min"


@pytest.fixture
def actions(qtbot: QtBot) -> Iterator[ReminderActions]:
    made = ReminderActions([("neck", "Neck"), ("eyes", "Eyes")], Status())
    yield made
    made.dispose()
    made.deleteLater()


@pytest.mark.qt_log_ignore("This plugin does not support grabbing")  # a menu popup, offscreen
def test_the_countdown_is_exact_and_live_only_while_the_menu_is_open(actions: ReminderActions) -> None:
    actions.refresh()
    assert actions.status_action.text() == "Next break in 13 min"
    assert not actions.live
    actions.menu.popup(QPoint(10, 10))
    assert actions.live
    assert actions.status_action.text() == "Next break in 12:34"
    actions.menu.hide()
    assert not actions.live


def test_the_routine_list_starts_the_routine_picked(actions: ReminderActions, qtbot: QtBot) -> None:
    titles = [a.text() for a in actions.routines_menu.actions()]
    assert titles == ["Neck", "Eyes"]
    with qtbot.waitSignal(actions.routines_menu.triggered, timeout=1000) as blocker:
        actions.routines_menu.actions()[1].trigger()
    assert blocker.args[0].data() == "eyes"


def test_menu_order(actions: ReminderActions) -> None:
    actions.refresh()
    texts = [
        a.text() or (a.menu() and a.menu().title()) or ("-" if a.isSeparator() else "")
        for a in actions.menu.actions()
    ]  # type: ignore[union-attr]
    assert texts == [
        "Next break in 13 min",
        "",  # the daily goal's line, hidden while there is no goal
        "-",
        "&Stretch now",
        "Start a &routine",
        "-",
        "S&nooze",
        "S&kip next break",
        "&Pause reminders for 1 hour",
        "Pause reminders until &tomorrow",
        "&Resume reminders",
        "-",
        "&Open stretchapp",
        "S&ettings…",
        "-",
        "&Quit",
    ]


def test_a_paused_menu_offers_resume_instead_of_pause(actions: ReminderActions) -> None:
    actions.set_state(State.PAUSED, snooze_minutes=5, snooze_useful=False, break_title="Neck")
    assert actions.resume_action.isVisible()
    assert not actions.pause_hour_action.isVisible() and not actions.pause_tomorrow_action.isVisible()
    actions.set_state(State.WORKING, snooze_minutes=5, snooze_useful=False, break_title="Neck")
    assert not actions.resume_action.isVisible()


def test_the_tray_icon_carries_the_menu_and_a_click_opens_the_app(
    actions: ReminderActions, qtbot: QtBot
) -> None:
    tray = TrayIcon(actions)
    assert tray.icon.contextMenu() is actions.menu
    assert not tray.icon.icon().isNull()
    with qtbot.waitSignal(actions.showWindow, timeout=1000):
        tray.icon.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)
    actions.refresh()
    assert tray.icon.toolTip() == "stretchapp: Next break in 13 min"
    tray.deleteLater()


def test_the_fallback_window_counts_down_live_only_while_looked_at(
    actions: ReminderActions, qtbot: QtBot
) -> None:
    window = FallbackWindow(actions)
    qtbot.addWidget(window)
    actions.refresh()
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: actions.live)
    assert window.status_label.text() == "Next break in 12:34"
    window.hide()
    assert not actions.live


def test_the_fallback_window_buttons_are_the_menu_commands(actions: ReminderActions, qtbot: QtBot) -> None:
    window = FallbackWindow(actions)
    qtbot.addWidget(window)
    assert window.snooze_button.defaultAction() is actions.snooze_action
    assert window.skip_button.defaultAction() is actions.skip_action
    assert window.quit_button.defaultAction() is actions.quit_action
    assert window.pause_button.menu() is actions.pause_menu
    with qtbot.waitSignal(actions.skipNext, timeout=1000):
        window.skip_button.click()
