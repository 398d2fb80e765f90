"""A break you keep, without a display: the day's tally, the limit, "not today" and the goal."""

from __future__ import annotations

import datetime as dt

import pytest

from stretchapp.core.keep import (
    KEEP_DAYS,
    Answer,
    BreakLedger,
    DayTally,
    goal_days_text,
    goal_progress,
    goal_today_text,
    may_postpone,
    postpones_left,
)
from stretchapp.core.scheduler import Scheduler, State, WorkRestarted
from tests.fakes import FakeClock

MIN = 60.0
HOUR = 60 * MIN


class Desk:
    """A monotonic clock and a wall clock; sleep moves only the wall, a reset moves it either way."""

    def __init__(self, start: dt.datetime = dt.datetime(2026, 3, 2, 21, 0)) -> None:
        self.mono = FakeClock()
        self.offset = start.timestamp() - self.mono()

    def wall(self) -> float:
        return self.mono() + self.offset

    def work(self, seconds: float) -> None:
        self.mono.advance(seconds)

    def sleep(self, seconds: float) -> None:
        self.offset += seconds

    def set_clock(self, moment: dt.datetime) -> None:
        self.offset = moment.timestamp() - self.mono()


@pytest.fixture
def desk() -> Desk:
    return Desk()


# -- the tally and the limit ---------------------------------------------------------------------
def test_the_limit_counts_snoozes_and_skips_together(desk: Desk) -> None:
    ledger = BreakLedger(wall_clock=desk.wall)
    assert may_postpone(3, ledger.tally())
    ledger.record(Answer.SNOOZE)
    ledger.record(Answer.SKIP)
    assert postpones_left(3, ledger.tally()) == 1
    ledger.record(Answer.SNOOZE)
    assert not may_postpone(3, ledger.tally())
    assert postpones_left(3, ledger.tally()) == 0


def test_no_limit_means_snooze_and_skip_are_always_offered(desk: Desk) -> None:
    ledger = BreakLedger(wall_clock=desk.wall)
    for _ in range(50):
        ledger.record(Answer.SNOOZE)
    assert may_postpone(0, ledger.tally())
    assert postpones_left(0, ledger.tally()) is None


def test_an_emergency_exit_is_recorded_apart_and_never_uses_up_the_limit(desk: Desk) -> None:
    ledger = BreakLedger(wall_clock=desk.wall)
    for _ in range(5):
        ledger.record(Answer.EMERGENCY)
    tally = ledger.tally()
    assert tally.emergency_exits == 5
    assert may_postpone(1, tally)


def test_the_tally_starts_again_at_local_midnight(desk: Desk) -> None:
    ledger = BreakLedger(wall_clock=desk.wall)
    ledger.record(Answer.SNOOZE)
    ledger.record(Answer.NOT_TODAY)
    desk.work(3 * HOUR - 1)  # 23:59:59
    assert ledger.tally().snoozes == 1 and ledger.tally().reminders_off
    desk.work(1)
    assert ledger.tally() == DayTally(dt.date(2026, 3, 3))
    assert may_postpone(1, ledger.tally())


def test_the_tally_follows_the_date_across_a_sleep_and_a_clock_set_back(desk: Desk) -> None:
    ledger = BreakLedger(wall_clock=desk.wall)
    ledger.record(Answer.SKIP)
    desk.sleep(10 * HOUR)  # woke up the next morning
    assert ledger.tally().skips == 0
    desk.set_clock(dt.datetime(2026, 3, 2, 22, 0))  # the clock is put back to last night
    assert ledger.tally().skips == 1


def test_a_month_of_days_is_kept_and_older_ones_dropped(desk: Desk) -> None:
    ledger = BreakLedger(wall_clock=desk.wall)
    for _ in range(KEEP_DAYS + 5):
        ledger.record(Answer.SNOOZE)
        desk.sleep(24 * HOUR)
    ledger.record(Answer.SNOOZE)
    days = [t.day for t in ledger.tallies()]
    assert len(days) == KEEP_DAYS
    assert days[-1] == ledger.today()


def test_back_on_lifts_not_today_for_the_rest_of_the_day(desk: Desk) -> None:
    ledger = BreakLedger(wall_clock=desk.wall)
    ledger.record(Answer.NOT_TODAY)
    assert ledger.tally().reminders_off
    ledger.record(Answer.BACK_ON)
    assert not ledger.tally().reminders_off
    assert ledger.tally().not_today  # still on the record


# -- "not today" in the schedule -----------------------------------------------------------------
def make(desk: Desk) -> Scheduler:
    return Scheduler(45 * MIN, 5 * MIN, desk.mono, desk.wall)


def test_not_today_holds_until_local_midnight(desk: Desk) -> None:
    s = make(desk)
    s.stop_for_today()
    assert s.state is State.PAUSED and s.not_today
    desk.work(3 * HOUR - 1)
    assert s.tick() is None
    desk.work(1)
    assert s.tick() == WorkRestarted("pause ended")
    assert not s.not_today


def test_not_today_ends_after_a_sleep_across_midnight(desk: Desk) -> None:
    s = make(desk)
    s.stop_for_today()
    desk.sleep(12 * HOUR)
    desk.work(1)
    assert s.tick() == WorkRestarted("pause ended")


def test_not_today_ends_when_the_clock_is_set_to_another_day_either_way(desk: Desk) -> None:
    s = make(desk)
    s.stop_for_today()
    desk.set_clock(dt.datetime(2026, 3, 2, 8, 0))  # back, the same day: still today
    assert s.tick() is None
    desk.set_clock(dt.datetime(2026, 3, 1, 23, 0))  # back to yesterday: not the day it was said on
    assert s.tick() == WorkRestarted("pause ended")


@pytest.mark.parametrize("said_during_the_routine", [True, False])
def test_not_today_holds_after_a_routine(desk: Desk, said_during_the_routine: bool) -> None:
    s = make(desk)
    if not said_during_the_routine:
        s.stop_for_today()  # then a routine started from the tray
    s.session_started()
    if said_during_the_routine:
        s.stop_for_today()
    desk.work(5 * MIN)
    s.session_ended(completed=True)
    assert s.not_today
    desk.work(3 * HOUR)
    assert s.tick() == WorkRestarted("pause ended")


# -- the goal ---------------------------------------------------------------------------------------
def test_goal_progress_today_and_the_days_it_was_met() -> None:
    today = dt.date(2026, 3, 14)
    last_days = [
        (today - dt.timedelta(days=back), m) for back, m in zip(range(3, -1, -1), (6, 2, 5, 3.5), strict=True)
    ]
    progress = goal_progress(5, last_days, today)
    assert progress is not None
    assert progress.today_minutes == 3.5 and not progress.met
    assert progress.minutes_left == 1.5
    assert progress.days_met == 2 and progress.days == 4
    assert "4" in goal_days_text(progress) and "2" in goal_days_text(progress)
    assert "5" in goal_today_text(progress)


def test_a_goal_reached_reads_as_met() -> None:
    today = dt.date(2026, 3, 14)
    progress = goal_progress(5, [(today, 7.0)], today)
    assert progress is not None and progress.met and progress.minutes_left == 0
    assert goal_today_text(progress) != goal_today_text(goal_progress(5, [(today, 1.0)], today))  # type: ignore[arg-type]


def test_no_goal_means_nothing_to_show() -> None:
    assert goal_progress(0, [(dt.date(2026, 3, 14), 7.0)], dt.date(2026, 3, 14)) is None
