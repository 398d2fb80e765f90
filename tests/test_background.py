"""Background reminders end to end on a fake clock: prompt, answers, pauses, idle, sessions, wake-ups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from stretchapp.core.idle import FixedIdleSource, IdleSample, NullIdleSource
from stretchapp.core.scheduler import State
from stretchapp.storage.settings import Settings
from stretchapp.ui.reminders.controller import POLL_S, BackgroundController
from tests.fakes import FakeClock

MIN = 60.0
ROUTINES = [("quick-neck-break", "Neck and shoulders"), ("wrists", "Wrists and forearms")]
SECONDS = {"quick-neck-break": 150.0, "wrists": 240.0}


class Calls:
    def __init__(self) -> None:
        self.started: list[str] = []
        self.shown = 0
        self.settings = 0

    def start(self, routine_id: str) -> None:
        self.started.append(routine_id)

    def show(self) -> None:
        self.shown += 1

    def open_settings(self) -> None:
        self.settings += 1


class Wall:
    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.offset = dt.datetime(2026, 3, 2, 14, 30).timestamp() - clock()

    def __call__(self) -> float:
        return self.clock() + self.offset


@pytest.fixture
def calls() -> Calls:
    return Calls()


@pytest.fixture
def idle() -> FixedIdleSource:
    return FixedIdleSource(IdleSample(idle_seconds=0.0))


@pytest.fixture
def make(qtbot: QtBot, clock: FakeClock, calls: Calls, idle: FixedIdleSource) -> Iterator[object]:
    made: list[BackgroundController] = []

    def build(*, tray: bool = False, source: object = idle, **settings: object) -> BackgroundController:
        controller = BackgroundController(
            Settings(**settings),  # type: ignore[arg-type]
            ROUTINES,
            calls.start,
            calls.show,
            calls.open_settings,
            clock,
            source,  # type: ignore[arg-type]
            wall_clock=Wall(clock),
            routine_seconds=SECONDS,
            tray_available=tray,
        )
        made.append(controller)
        controller.start()
        return controller

    yield build
    for controller in made:
        controller.stop()
        controller.deleteLater()


def run_for(controller: BackgroundController, clock: FakeClock, seconds: float) -> int:
    """Let the app idle for ``seconds``: fire the timer whenever it would fire. Returns the wake-ups."""
    end = clock() + seconds
    fired = 0
    while True:
        due = controller.next_wake
        assert due is not None
        if due > end:
            clock.advance(end - clock())
            return fired
        clock.advance(due - clock())
        controller.timer.stop()
        controller.wake()  # what the timer does when it fires
        fired += 1


def test_the_prompt_shows_when_the_break_falls_due(make: object, clock: FakeClock) -> None:
    c = make()  # type: ignore[operator]
    run_for(c, clock, 45 * MIN - 1)
    assert not c.prompt.isVisible()
    run_for(c, clock, 2)
    assert c.prompt.isVisible()
    assert "Neck and shoulders takes about 3 minutes" in c.prompt.body_label.text()
    assert c.status_text(True) == "Break due now"


def test_the_timer_is_set_for_the_due_instant_not_a_tick(make: object, clock: FakeClock) -> None:
    c = make(break_interval_minutes=10)  # type: ignore[operator]
    assert c.timer.interval() == POLL_S * 1000
    clock.advance(9 * MIN + 30)
    c.wake()
    assert 30_000 <= c.timer.interval() <= 30_010


def test_idling_costs_about_one_wake_up_a_minute(make: object, clock: FakeClock) -> None:
    c = make()  # type: ignore[operator]
    assert run_for(c, clock, 30 * MIN) <= 31
    assert not c.actions.live


def test_start_runs_the_break_routine(make: object, clock: FakeClock, calls: Calls, qtbot: QtBot) -> None:
    c = make(break_routine="wrists")  # type: ignore[operator]
    run_for(c, clock, 45 * MIN + 1)
    c.prompt.start_button.click()
    assert calls.started == ["wrists"]
    assert not c.prompt.isVisible()


def test_snooze_brings_the_prompt_back_after_the_snooze_time(make: object, clock: FakeClock) -> None:
    c = make(snooze_minutes=10)  # type: ignore[operator]
    run_for(c, clock, 45 * MIN + 1)
    c.prompt.snooze_button.click()
    assert not c.prompt.isVisible()
    assert c.scheduler.state is State.SNOOZED
    run_for(c, clock, 10 * MIN - 1)
    assert not c.prompt.isVisible()
    run_for(c, clock, 2)
    assert c.prompt.isVisible()


def test_skip_restarts_the_work_time(make: object, clock: FakeClock) -> None:
    c = make()  # type: ignore[operator]
    run_for(c, clock, 45 * MIN + 1)
    c.prompt.skip_button.click()
    assert not c.prompt.isVisible()
    assert c.status_text(False) == "Next break in 45 min"


def test_an_ignored_prompt_gives_up_after_three_returns(make: object, clock: FakeClock) -> None:
    c = make()  # type: ignore[operator]
    run_for(c, clock, 45 * MIN + 1)
    shown = []
    for _ in range(4):
        run_for(c, clock, 5 * MIN)
        shown.append(c.prompt.isVisible())
    assert shown == [True, True, True, False]
    assert c.scheduler.state is State.WORKING


def test_pause_for_an_hour_from_the_menu(make: object, clock: FakeClock) -> None:
    c = make(break_interval_minutes=10)  # type: ignore[operator]
    c.actions.pause_hour_action.trigger()
    assert c.status_text(False) == "Reminders paused until 15:30"
    assert c.actions.resume_action.isVisible() and not c.actions.pause_hour_action.isVisible()
    run_for(c, clock, 59 * MIN)
    assert not c.prompt.isVisible()
    run_for(c, clock, 11 * MIN + 1)
    assert c.prompt.isVisible()


def test_pause_until_tomorrow_and_resume(make: object, clock: FakeClock) -> None:
    c = make()  # type: ignore[operator]
    c.actions.pause_tomorrow_action.trigger()
    assert c.status_text(False) == "Reminders paused until tomorrow"
    c.actions.resume_action.trigger()
    assert c.scheduler.state is State.WORKING
    assert c.status_text(False) == "Next break in 45 min"


def test_time_away_at_the_due_time_shows_no_prompt(
    make: object, clock: FakeClock, idle: FixedIdleSource
) -> None:
    c = make()  # type: ignore[operator]
    run_for(c, clock, 40 * MIN)
    idle.current = IdleSample(idle_seconds=6 * MIN)
    run_for(c, clock, 6 * MIN)
    assert not c.prompt.isVisible()
    idle.current = IdleSample(idle_seconds=0.0)
    assert c.status_text(False).startswith("Next break in 4")  # counted from when the person came back


def test_a_locked_screen_withdraws_the_prompt(make: object, clock: FakeClock, idle: FixedIdleSource) -> None:
    c = make()  # type: ignore[operator]
    run_for(c, clock, 45 * MIN + 1)
    assert c.prompt.isVisible()
    idle.current = IdleSample(idle_seconds=10, locked=True)
    run_for(c, clock, MIN)
    assert not c.prompt.isVisible()


def test_a_full_screen_app_keeps_the_prompt_back(
    make: object, clock: FakeClock, idle: FixedIdleSource
) -> None:
    c = make()  # type: ignore[operator]
    idle.current = IdleSample(idle_seconds=1, fullscreen=True)
    run_for(c, clock, 50 * MIN)
    assert not c.prompt.isVisible()
    idle.current = IdleSample(idle_seconds=1)
    run_for(c, clock, MIN)
    assert c.prompt.isVisible()


def test_no_reminder_while_a_routine_runs(make: object, clock: FakeClock) -> None:
    c = make()  # type: ignore[operator]
    run_for(c, clock, 45 * MIN + 1)
    c.session_started()
    assert not c.prompt.isVisible()
    assert not c.timer.isActive()
    assert c.status_text(False) == "Stretching now"
    assert not c.actions.stretch_action.isEnabled()
    clock.advance(60 * MIN)
    c.session_ended(completed=True)
    assert c.timer.isActive()
    assert c.status_text(False) == "Next break in 45 min"


def test_without_idle_detection_reminders_keep_the_plain_schedule(make: object, clock: FakeClock) -> None:
    c = make(source=NullIdleSource())  # type: ignore[operator]
    assert not c.idle_detection_on
    run_for(c, clock, 45 * MIN + 1)
    assert c.prompt.isVisible()


def test_menu_commands_reach_the_app(make: object, calls: Calls) -> None:
    c = make()  # type: ignore[operator]
    c.actions.stretch_action.trigger()
    c.actions.routines_menu.actions()[1].trigger()
    c.actions.show_action.trigger()
    c.actions.settings_action.trigger()
    assert calls.started == ["quick-neck-break", "wrists"]
    assert (calls.shown, calls.settings) == (1, 1)
    assert c.actions.stretch_action.text() == "&Stretch now: Neck and shoulders"


def test_quit_is_asked_of_the_app(make: object, qtbot: QtBot) -> None:
    c = make()  # type: ignore[operator]
    with qtbot.waitSignal(c.quitRequested, timeout=1000):
        c.actions.quit_action.trigger()


def test_snooze_is_offered_only_when_it_means_something(make: object, clock: FakeClock) -> None:
    c = make()  # type: ignore[operator]
    assert not c.actions.snooze_action.isEnabled()
    run_for(c, clock, 41 * MIN)
    assert c.actions.snooze_action.isEnabled()
    assert c.actions.snooze_action.text() == "S&nooze 5 min"


def test_without_a_tray_a_small_window_stands_in(make: object, qtbot: QtBot) -> None:
    c = make(tray=False)  # type: ignore[operator]
    assert c.tray is None and c.fallback is not None
    qtbot.waitExposed(c.fallback)
    assert c.fallback.status_label.text() == "Next break in 45 min"
    # Qt 6 closes every window before quitting, and one refusal cancels the quit.
    assert c.fallback.close()


def test_a_second_start_brings_the_main_window(make: object, calls: Calls) -> None:
    c = make()  # type: ignore[operator]
    c.activate(["--background"])  # the login entry while the app already runs
    assert calls.shown == 0
    c.activate([])
    assert calls.shown == 1


def test_new_settings_retime_the_break(make: object, clock: FakeClock) -> None:
    c = make()  # type: ignore[operator]
    run_for(c, clock, 10 * MIN)
    c.apply_settings(Settings(break_interval_minutes=20))
    assert c.status_text(False) == "Next break in 10 min"
    assert QApplication.instance() is not None
