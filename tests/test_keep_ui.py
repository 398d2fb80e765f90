"""A break you keep, on screen: the limit, "not today", the strict prompt and the goal, across a restart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from stretchapp.core.idle import FixedIdleSource, IdleSample
from stretchapp.core.scheduler import State
from stretchapp.core.stats import compute_stats
from stretchapp.routines.library import load_library
from stretchapp.storage.break_log import BreakLog
from stretchapp.storage.settings import Settings
from stretchapp.ui.controller import AppController
from stretchapp.ui.history.view import HistoryView
from stretchapp.ui.reminders.break_prompt import BreakPrompt
from stretchapp.ui.reminders.controller import BackgroundController
from tests.fakes import FakeClock
from tests.test_history_reliability import record

MIN = 60.0
ROUTINES = [("quick-neck-break", "Neck and shoulders")]
SECONDS = {"quick-neck-break": 150.0}


class Wall:
    def __init__(self, clock: FakeClock, start: dt.datetime = dt.datetime(2026, 3, 2, 14, 30)) -> None:
        self.clock = clock
        self.offset = start.timestamp() - clock()

    def __call__(self) -> float:
        return self.clock() + self.offset


#: Showing a tray icon offscreen warns that the platform has no tray to watch.
SHOWN_TRAY = pytest.mark.qt_log_ignore("No such signal QPlatformNativeInterface")

Make = Callable[..., BackgroundController]


@pytest.fixture
def wall(clock: FakeClock) -> Wall:
    return Wall(clock)


@pytest.fixture
def make(qtbot: QtBot, clock: FakeClock, wall: Wall) -> Iterator[Make]:
    made: list[BackgroundController] = []

    def build(*, tray: bool = False, **settings: object) -> BackgroundController:
        controller = BackgroundController(
            Settings(**settings),  # type: ignore[arg-type]
            ROUTINES,
            lambda _routine: None,
            lambda: None,
            lambda: None,
            clock,
            FixedIdleSource(IdleSample(idle_seconds=0.0)),
            wall_clock=wall,
            routine_seconds=SECONDS,
            tray_available=tray,
            break_log=BreakLog(wall_clock=wall),  # the test's own home, read afresh: a restart
        )
        made.append(controller)
        controller.start()
        return controller

    yield build
    for controller in made:
        controller.stop()
        controller.deleteLater()


def due(c: BackgroundController, clock: FakeClock) -> None:
    """Work until the next prompt shows."""
    for _ in range(500):
        if c.prompt.isVisible():
            return
        target = c.next_wake
        assert target is not None
        clock.advance(max(0.0, target - clock()))
        c.wake()
    raise AssertionError("no prompt")


def click(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


# -- the daily limit ---------------------------------------------------------------------------
def test_once_the_limit_is_used_up_the_prompt_offers_only_start_and_not_today(
    make: Make, clock: FakeClock, qtbot: QtBot
) -> None:
    c = make(daily_postpone_limit=2)
    due(c, clock)
    assert c.prompt.snooze_button.isVisibleTo(c.prompt) and not c.prompt.not_today_button.isVisibleTo(
        c.prompt
    )
    assert "2" in c.prompt.keep_label.text()
    click(qtbot, c.prompt.snooze_button)
    due(c, clock)
    click(qtbot, c.prompt.skip_button)
    due(c, clock)
    prompt = c.prompt
    assert not prompt.snooze_button.isVisibleTo(prompt) and not prompt.skip_button.isVisibleTo(prompt)
    assert prompt.start_button.isVisibleTo(prompt) and prompt.not_today_button.isVisibleTo(prompt)
    assert not c.actions.snooze_action.isEnabled() and not c.actions.skip_action.isEnabled()
    c.snooze()  # the tray's command, should it arrive anyway, changes nothing
    assert c.scheduler.state is State.DUE and prompt.isVisible()


def test_a_used_up_limit_is_still_used_up_after_a_restart(make: Make, clock: FakeClock, qtbot: QtBot) -> None:
    first = make(daily_postpone_limit=1)
    due(first, clock)
    click(qtbot, first.prompt.skip_button)
    first.stop()
    again = make(daily_postpone_limit=1)  # the app started again, the same day
    assert not again.actions.skip_action.isEnabled()
    due(again, clock)
    assert again.prompt.not_today_button.isVisibleTo(again.prompt)
    assert not again.prompt.skip_button.isVisibleTo(again.prompt)


def test_not_today_stops_reminders_until_midnight_and_holds_across_a_restart(
    make: Make, clock: FakeClock, wall: Wall, qtbot: QtBot
) -> None:
    first = make(daily_postpone_limit=1)
    due(first, clock)
    click(qtbot, first.prompt.skip_button)
    due(first, clock)
    click(qtbot, first.prompt.not_today_button)
    assert first.scheduler.not_today
    assert "tomorrow" in first.status_text(False)
    first.stop()
    again = make(daily_postpone_limit=1)
    assert again.scheduler.not_today
    midnight = dt.datetime(2026, 3, 3).timestamp()
    clock.advance(midnight - wall() - 60)
    again.wake()
    assert again.scheduler.state is State.PAUSED and not again.prompt.isVisible()
    clock.advance(61)
    again.wake()
    assert again.scheduler.state is State.WORKING
    assert again.actions.skip_action.isEnabled()  # a new day, a new allowance


def test_resuming_by_hand_after_not_today_is_kept_across_a_restart(make: Make, clock: FakeClock) -> None:
    first = make()
    first.not_today()
    first.resume()
    first.stop()
    again = make()
    assert again.scheduler.state is State.WORKING


def test_without_a_limit_nothing_is_counted_or_refused(make: Make, clock: FakeClock, qtbot: QtBot) -> None:
    c = make()
    for _ in range(6):
        due(c, clock)
        click(qtbot, c.prompt.snooze_button)
    due(c, clock)
    assert c.prompt.snooze_button.isVisibleTo(c.prompt) and not c.prompt.keep_label.isVisibleTo(c.prompt)
    assert c.break_log.tally().postponed == 0


# -- the strict break ---------------------------------------------------------------------------
def test_a_strict_prompt_cannot_be_put_off_until_its_countdown_ends(
    make: Make, clock: FakeClock, qtbot: QtBot
) -> None:
    c = make(strict_break_seconds=20)
    due(c, clock)
    prompt = c.prompt
    assert prompt.locked
    assert not prompt.snooze_button.isEnabled() and not prompt.skip_button.isEnabled()
    assert prompt.start_button.isEnabled()
    assert "(20)" in prompt.snooze_button.text()
    assert prompt.emergency_button.isVisibleTo(prompt) and prompt.emergency_button.isEnabled()
    assert not c.actions.snooze_action.isEnabled()  # the tray cannot put it off either
    c.skip()
    assert prompt.isVisible()
    clock.advance(7.5)
    prompt.update_lock()
    assert "(13)" in prompt.snooze_button.text()
    clock.advance(12.5)
    prompt.update_lock()
    assert not prompt.locked and prompt.snooze_button.isEnabled()
    assert "(" not in prompt.snooze_button.text()
    assert not prompt.emergency_button.isVisibleTo(prompt)
    assert c.actions.snooze_action.isEnabled()


def test_the_countdown_runs_by_itself(qtbot: QtBot) -> None:
    prompt = BreakPrompt()
    qtbot.addWidget(prompt)
    prompt.present(
        routine_title="Neck", routine_seconds=60, worked_seconds=45 * 60, snooze_minutes=5, strict_seconds=1
    )
    assert prompt.locked
    qtbot.waitUntil(lambda: not prompt.locked, timeout=5000)
    assert prompt.skip_button.isEnabled()


def test_the_emergency_way_out_skips_the_break_and_is_recorded(
    make: Make, clock: FakeClock, wall: Wall, qtbot: QtBot
) -> None:
    c = make(strict_break_seconds=60, daily_postpone_limit=3)
    due(c, clock)
    click(qtbot, c.prompt.emergency_button)
    assert not c.prompt.isVisible()
    assert c.scheduler.state is State.WORKING
    assert BreakLog(wall_clock=wall).tally().emergency_exits == 1  # on disk, as a restart reads it
    assert c.break_log.tally().postponed == 0  # and it did not use up the limit


def test_a_prompt_coming_back_while_shown_does_not_start_its_hold_again(make: Make, clock: FakeClock) -> None:
    c = make(strict_break_seconds=30, snooze_minutes=1)
    due(c, clock)
    clock.advance(30)
    c.prompt.update_lock()
    assert not c.prompt.locked
    clock.advance(31)
    c.wake()  # the ignored prompt is offered again
    assert c.prompt.isVisible() and not c.prompt.locked


# -- the goal ------------------------------------------------------------------------------------
def stats_for(minutes_by_day: dict[dt.datetime, float], now: dt.datetime) -> object:
    return compute_stats(
        [record(day.astimezone(), minutes=m) for day, m in minutes_by_day.items()], now=now.astimezone()
    )


@SHOWN_TRAY
def test_the_goal_shows_in_the_tray_menu_and_its_tooltip(make: Make) -> None:
    c = make(tray=True, daily_goal_minutes=5)
    now = dt.datetime(2026, 3, 2, 14, 30)
    c.set_goal_stats(stats_for({dt.datetime(2026, 3, 2, 9, 0): 3}, now))  # type: ignore[arg-type]
    assert c.actions.goal_action.isVisible()
    assert "3 min" in c.actions.goal_action.text() and "5 min" in c.actions.goal_action.text()
    assert c.tray is not None
    assert c.actions.goal_action.text() in c.tray.icon.toolTip()


def test_the_goal_shows_in_the_reminders_window_and_starts_at_zero_on_a_new_day(
    make: Make, clock: FakeClock
) -> None:
    c = make(daily_goal_minutes=5)
    now = dt.datetime(2026, 3, 2, 14, 30)
    c.set_goal_stats(stats_for({dt.datetime(2026, 3, 2, 9, 0): 6}, now))  # type: ignore[arg-type]
    assert c.fallback is not None
    met = c.fallback.goal_label.text()
    assert c.fallback.goal_label.isVisibleTo(c.fallback) and "6 min" in met
    clock.advance(12 * 60 * MIN)  # past midnight
    c.wake()
    assert "0 min" in c.fallback.goal_label.text()


@SHOWN_TRAY
def test_no_goal_no_line(make: Make) -> None:
    c = make(tray=True)
    assert not c.actions.goal_action.isVisible()
    assert c.tray is not None and "\n" not in c.tray.icon.toolTip()


def test_the_history_view_shows_the_goal_and_the_days_it_was_met(qtbot: QtBot) -> None:
    now = dt.datetime(2026, 3, 2, 18, 0)
    days = {
        dt.datetime(2026, 2, 27, 9, 0): 5,
        dt.datetime(2026, 2, 28, 9, 0): 2,
        dt.datetime(2026, 3, 1, 9, 0): 8,
        dt.datetime(2026, 3, 2, 9, 0): 4,
    }
    view = HistoryView(stats_for(days, now))  # type: ignore[arg-type]
    qtbot.addWidget(view)
    assert not view.goal_tile.isVisibleTo(view)
    view.set_goal(5)
    assert view.goal_tile.isVisibleTo(view)
    assert view.goal_tile.value_label.text().startswith("4 min")
    detail = view.goal_tile.detail_label.text()
    assert "2 of the last 14" in detail
    view.set_goal(0)
    assert not view.goal_tile.isVisibleTo(view)


# -- the goal through the app, across a restart --------------------------------------------------
def open_app(qtbot: QtBot, clock: FakeClock) -> AppController:
    from stretchapp.ui.session.audio import NullSoundPlayer

    app = AppController(
        Settings(daily_goal_minutes=5),
        load_library(),
        clock=clock,
        sound_factory=lambda _settings: NullSoundPlayer(),
    )
    app.confirm_cautions = lambda _routine, _parent: True  # type: ignore[method-assign]
    app.player.confirm_leave = lambda: True  # type: ignore[method-assign]
    qtbot.addWidget(app.window)
    return app


def close_reminders(reminders: BackgroundController) -> None:
    reminders.stop()
    if reminders.fallback is not None:
        reminders.fallback.close()
    reminders.prompt.close()


def test_a_finished_routine_counts_towards_the_goal_and_still_does_after_a_restart(
    qtbot: QtBot, clock: FakeClock
) -> None:
    app = open_app(qtbot, clock)
    reminders = app.start_reminders()
    try:
        assert "0 min of 5 min" in reminders.goal_text()
        app.start_by_id("quick-neck-break")
        driver = app.driver
        assert driver is not None
        clock.advance(driver.session.routine_remaining() + 0.01)
        driver.tick()  # the routine (78 s) played to its end
        qtbot.waitUntil(lambda: "1 min of 5 min" in reminders.goal_text(), timeout=30_000)
    finally:
        app.end_session()
        close_reminders(reminders)
    app.history.close()

    again = open_app(qtbot, clock)  # the app started again
    reminders = again.start_reminders()
    try:
        qtbot.waitUntil(lambda: "1 min of 5 min" in reminders.goal_text(), timeout=30_000)
    finally:
        close_reminders(reminders)


# -- the tray's pauses ---------------------------------------------------------------------------
def test_with_a_limit_the_pauses_are_put_offs_too(make: Make, clock: FakeClock, qtbot: QtBot) -> None:
    c = make(daily_postpone_limit=1)
    c.pause_for(60 * MIN)  # counts as the day's one snooze
    assert c.scheduler.state is State.PAUSED
    c.resume()
    assert not c.actions.pause_hour_action.isEnabled()
    c.pause_for(60 * MIN)
    assert c.scheduler.state is State.WORKING
    c.pause_until_tomorrow()  # is "not today": recorded, so a restart keeps it
    assert c.scheduler.not_today and c.break_log.tally().reminders_off


def test_a_strict_hold_cannot_be_paused_away_from_the_tray(make: Make, clock: FakeClock) -> None:
    c = make(strict_break_seconds=30)
    due(c, clock)
    assert not c.actions.pause_hour_action.isEnabled()
    assert not c.actions.pause_tomorrow_action.isEnabled()
    c.pause_until_tomorrow()
    c.pause_for(60 * MIN)
    assert c.scheduler.state is State.DUE and c.prompt.isVisible()


def test_without_limits_the_pauses_work_as_before(make: Make) -> None:
    c = make()
    c.pause_until_tomorrow()
    assert c.scheduler.state is State.PAUSED and not c.scheduler.not_today
    assert not c.break_log.path.exists()
