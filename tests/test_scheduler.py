"""The break schedule on a fake clock: due time, snooze, skip, pauses, time away, sessions."""

from __future__ import annotations

import datetime as dt

import pytest

from stretchapp.core.scheduler import (
    MAX_REAPPEARANCES,
    BreakDue,
    BreakWithdrawn,
    Scheduler,
    State,
    WorkRestarted,
    next_midnight,
)
from tests.fakes import FakeClock

MIN = 60.0


class Desk:
    """A monotonic clock and a wall clock that move together, except while the machine sleeps."""

    def __init__(self, wall_start: float = dt.datetime(2026, 3, 2, 9, 0).timestamp()) -> None:
        self.mono = FakeClock()
        self.wall_offset = wall_start - self.mono()

    def wall(self) -> float:
        return self.mono() + self.wall_offset

    def work(self, seconds: float) -> None:
        self.mono.advance(seconds)

    def sleep(self, seconds: float) -> None:
        """Suspend: the wall clock moves on, the monotonic clock stands still."""
        self.wall_offset += seconds


@pytest.fixture
def desk() -> Desk:
    return Desk()


def make(desk: Desk, *, interval: float = 45 * MIN, snooze: float = 5 * MIN, **kwargs: object) -> Scheduler:
    return Scheduler(interval, snooze, desk.mono, desk.wall, **kwargs)  # type: ignore[arg-type]


def run_until_event(s: Scheduler, desk: Desk, **report: object) -> tuple[float, object]:
    """Wake exactly when the scheduler asks (as the Qt timer does); return when and what happened."""
    start = desk.mono()
    for _ in range(1000):
        target = s.next_check()
        assert target is not None
        desk.work(max(0.0, target - desk.mono()))
        event = s.tick(**report)  # type: ignore[arg-type]
        if event is not None:
            return desk.mono() - start, event
    raise AssertionError("no event")


def test_break_falls_due_after_the_work_interval(desk: Desk) -> None:
    s = make(desk)
    assert s.next_due() == pytest.approx(desk.mono() + 45 * MIN)
    desk.work(45 * MIN - 1)
    assert s.tick() is None
    assert s.state is State.WORKING
    desk.work(1)
    assert s.tick() == BreakDue(0)
    assert s.state is State.DUE


def test_a_late_tick_still_reports_the_break_once_and_does_not_shift_the_next(desk: Desk) -> None:
    s = make(desk, interval=10 * MIN)
    desk.work(13 * MIN)  # the timer fired three minutes late
    assert s.tick() == BreakDue(0)
    assert s.tick() is None
    s.break_taken()
    assert s.next_due() == pytest.approx(desk.mono() + 10 * MIN)


def test_many_early_ticks_do_not_bring_the_break_forward(desk: Desk) -> None:
    s = make(desk, interval=10 * MIN)
    for _ in range(599):
        desk.work(1)
        assert s.tick() is None
    desk.work(1)
    assert isinstance(s.tick(), BreakDue)


def test_snooze_brings_the_prompt_back_after_the_snooze_time(desk: Desk) -> None:
    s = make(desk)
    run_until_event(s, desk)
    s.snooze()
    assert s.state is State.SNOOZED
    assert s.next_due() == pytest.approx(desk.mono() + 5 * MIN)
    waited, event = run_until_event(s, desk)
    assert waited == pytest.approx(5 * MIN)
    assert event == BreakDue(0)


def test_snooze_before_a_break_is_due_never_brings_it_forward(desk: Desk) -> None:
    s = make(desk)
    due = s.next_due()
    s.snooze()
    assert s.next_due() == due
    desk.work(44 * MIN)
    s.snooze()
    assert s.next_due() == pytest.approx(desk.mono() + 5 * MIN)


def test_an_ignored_prompt_comes_back_three_times_then_waits_for_the_next_break(desk: Desk) -> None:
    s = make(desk)
    shown: list[tuple[float, object]] = []
    start = desk.mono()
    for _ in range(MAX_REAPPEARANCES + 2):
        _, event = run_until_event(s, desk)
        shown.append((desk.mono() - start, event))
    assert [e for _, e in shown] == [
        BreakDue(0),
        BreakDue(1),
        BreakDue(2),
        BreakDue(3),
        BreakWithdrawn("ignored"),
    ]
    assert [t / MIN for t, _ in shown] == pytest.approx([45, 50, 55, 60, 65])
    assert shown[3][1].final  # type: ignore[union-attr]
    assert s.state is State.WORKING
    assert s.next_due() == pytest.approx(desk.mono() + 45 * MIN)


def test_skip_while_due_restarts_the_work_timer(desk: Desk) -> None:
    s = make(desk)
    run_until_event(s, desk)
    desk.work(30)
    s.skip()
    assert s.state is State.WORKING
    assert s.next_due() == pytest.approx(desk.mono() + 45 * MIN)


def test_skip_next_break_before_it_is_due_skips_that_one(desk: Desk) -> None:
    s = make(desk)
    desk.work(20 * MIN)
    s.skip()
    waited, event = run_until_event(s, desk)
    assert event == BreakDue(0)
    assert waited == pytest.approx(70 * MIN)


def test_pause_for_an_hour_gives_no_reminder_until_it_ends(desk: Desk) -> None:
    s = make(desk, interval=10 * MIN)
    desk.work(5 * MIN)
    s.pause_for(60 * MIN)
    assert s.state is State.PAUSED
    assert s.paused_until == pytest.approx(desk.wall() + 60 * MIN)
    for _ in range(59):
        desk.work(MIN)
        assert s.tick() is None
    desk.work(MIN)
    assert s.tick() == WorkRestarted("pause ended")
    assert s.next_due() == pytest.approx(desk.mono() + 10 * MIN)


def test_pause_keeps_to_the_wall_clock_across_a_sleep(desk: Desk) -> None:
    s = make(desk)
    s.pause_for(60 * MIN)
    desk.sleep(2 * 60 * MIN)
    desk.work(1)
    assert s.tick() == WorkRestarted("pause ended")


def test_pause_until_tomorrow_lasts_until_local_midnight(desk: Desk) -> None:
    s = make(desk, interval=10 * MIN)
    s.pause_until_tomorrow()
    midnight = dt.datetime(2026, 3, 3, 0, 0).timestamp()
    assert s.paused_until == pytest.approx(midnight)
    assert s.next_check() == pytest.approx(desk.mono() + (midnight - desk.wall()))
    desk.work(midnight - desk.wall() - 1)
    assert s.tick() is None
    desk.work(1)
    assert s.tick() == WorkRestarted("pause ended")


def test_next_midnight_just_before_and_at_midnight() -> None:
    assert (
        next_midnight(dt.datetime(2026, 3, 2, 23, 59, 59).timestamp()) == dt.datetime(2026, 3, 3).timestamp()
    )
    assert next_midnight(dt.datetime(2026, 3, 3).timestamp()) == dt.datetime(2026, 3, 4).timestamp()


def test_resume_ends_a_pause_and_restarts_work(desk: Desk) -> None:
    s = make(desk)
    s.pause_for(60 * MIN)
    desk.work(10 * MIN)
    s.resume()
    assert s.state is State.WORKING
    assert s.next_due() == pytest.approx(desk.mono() + 45 * MIN)


def test_pausing_while_a_prompt_shows_stops_its_reappearance(desk: Desk) -> None:
    s = make(desk)
    run_until_event(s, desk)
    s.pause_for(60 * MIN)
    desk.work(59 * MIN)
    assert s.tick() is None


def test_idle_for_the_break_length_restarts_the_work_timer(desk: Desk) -> None:
    s = make(desk, break_length_s=3 * MIN)
    desk.work(30 * MIN)
    assert s.tick(idle_seconds=3 * MIN - 1) is None
    assert s.tick(idle_seconds=3 * MIN) == WorkRestarted("idle")
    assert s.next_due() == pytest.approx(desk.mono() + 45 * MIN)


def test_a_break_length_is_at_least_a_minute(desk: Desk) -> None:
    s = make(desk, break_length_s=20)
    assert s.break_length_s == MIN
    assert s.tick(idle_seconds=30) is None
    assert s.tick(idle_seconds=MIN) == WorkRestarted("idle")


def test_idle_at_due_time_shows_no_prompt(desk: Desk) -> None:
    s = make(desk, break_length_s=2 * MIN)
    desk.work(45 * MIN)
    assert s.tick(idle_seconds=10 * MIN) == WorkRestarted("idle")
    assert s.state is State.WORKING


def test_walking_away_from_a_prompt_counts_as_the_break(desk: Desk) -> None:
    s = make(desk, break_length_s=2 * MIN)
    run_until_event(s, desk)
    desk.work(5 * MIN)
    assert s.tick(idle_seconds=5 * MIN) == BreakWithdrawn("idle")
    assert s.state is State.WORKING


def test_a_locked_screen_restarts_the_work_timer(desk: Desk) -> None:
    s = make(desk)
    desk.work(44 * MIN)
    assert s.tick(locked=True) == WorkRestarted("locked")
    desk.work(2 * MIN)
    assert s.tick() is None


def test_a_suspend_reported_by_the_caller_restarts_the_work_timer(desk: Desk) -> None:
    s = make(desk)
    desk.work(40 * MIN)
    assert s.tick(slept=20 * MIN) == WorkRestarted("slept")
    assert s.next_due() == pytest.approx(desk.mono() + 45 * MIN)


def test_a_suspend_seen_as_a_wall_clock_jump_restarts_the_work_timer(desk: Desk) -> None:
    s = make(desk)
    desk.work(40 * MIN)
    assert s.tick() is None
    desk.sleep(8 * 60 * MIN)
    desk.work(1)
    assert s.tick() == WorkRestarted("slept")


def test_clock_noise_is_not_a_suspend(desk: Desk) -> None:
    s = make(desk)
    desk.work(10 * MIN)
    desk.sleep(1.5)  # an NTP step
    assert s.tick() is None
    assert s.next_due() == pytest.approx(desk.mono() + 35 * MIN)


def test_no_reminder_while_a_routine_runs(desk: Desk) -> None:
    s = make(desk, interval=10 * MIN)
    desk.work(5 * MIN)
    s.session_started()
    assert s.state is State.IN_SESSION
    assert s.next_check() is None and s.next_due() is None
    desk.work(20 * MIN)
    assert s.tick() is None
    s.session_ended(completed=True)
    assert s.state is State.WORKING
    assert s.next_due() == pytest.approx(desk.mono() + 10 * MIN)


def test_a_routine_stopped_early_from_a_prompt_leaves_the_break_snoozed(desk: Desk) -> None:
    s = make(desk)
    run_until_event(s, desk)
    s.session_started()
    desk.work(20)
    s.session_ended(completed=False)
    assert s.state is State.SNOOZED
    waited, event = run_until_event(s, desk)
    assert event == BreakDue(0) and waited == pytest.approx(5 * MIN)


def test_a_pause_outlasting_a_routine_carries_on_after_it(desk: Desk) -> None:
    s = make(desk)
    s.pause_for(60 * MIN)
    s.session_started()
    desk.work(10 * MIN)
    s.session_ended(completed=True)
    assert s.state is State.PAUSED


def test_pausing_during_a_routine_takes_effect_when_it_ends(desk: Desk) -> None:
    s = make(desk)
    s.session_started()
    s.pause_until_tomorrow()
    assert s.state is State.IN_SESSION
    s.session_ended(completed=True)
    assert s.state is State.PAUSED


def test_full_screen_keeps_a_due_break_quiet_until_it_ends(desk: Desk) -> None:
    s = make(desk)
    desk.work(45 * MIN)
    assert s.tick(fullscreen=True) is None
    assert s.next_check() == pytest.approx(desk.mono() + MIN)
    desk.work(MIN)
    assert s.tick(fullscreen=True) is None
    desk.work(MIN)
    assert s.tick(fullscreen=False) == BreakDue(0)


def test_full_screen_is_ignored_when_the_setting_is_off(desk: Desk) -> None:
    s = make(desk, quiet_when_fullscreen=False)
    desk.work(45 * MIN)
    assert s.tick(fullscreen=True) == BreakDue(0)


def test_a_new_interval_retimes_the_running_break(desk: Desk) -> None:
    s = make(desk)
    desk.work(20 * MIN)
    s.set_interval(30 * MIN)
    assert s.next_due() == pytest.approx(desk.mono() + 10 * MIN)
