"""The session engine on a fake clock: exact timing, no drift, every command in every state."""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from stretchapp.core.engine import PauseReason, Session, SessionListener, SessionState, Summary
from stretchapp.core.model import Exercise, HoldRange, Phase, PhaseKind, Routine, Side, Sides
from stretchapp.core.timeline import build_timeline
from tests.fakes import FakeClock


def routine(reps: int = 3, hold: int = 15, prepare: int = 5, rest: int = 5) -> Routine:
    exercise = Exercise(
        name="Turn",
        steps=("Turn your head to the {side}.",),
        hold=HoldRange(hold, hold),
        reps=reps,
        sides=Sides.BOTH,
    )
    return Routine(id="turn", title="Turn", exercises=(exercise,), prepare=prepare, rest=rest)


@dataclass
class Recorder(SessionListener):
    events: list[tuple[object, ...]] = field(default_factory=list)
    summaries: list[Summary] = field(default_factory=list)

    def phase_started(self, phase: Phase, index: int, next_phase: Phase | None) -> None:
        self.events.append(("phase", index, phase.kind, phase.side))

    def phase_passed(self, phase: Phase, index: int) -> None:
        self.events.append(("passed", index, phase.kind, phase.side))

    def second_changed(self, remaining: int) -> None:
        self.events.append(("second", remaining))

    def paused(self, reason: PauseReason) -> None:
        self.events.append(("paused", reason))

    def resumed(self) -> None:
        self.events.append(("resumed",))

    def finished(self, summary: Summary) -> None:
        self.summaries.append(summary)

    def phases(self) -> list[int]:
        return [e[1] for e in self.events if e[0] == "phase"]  # type: ignore[misc]

    def passed(self) -> list[int]:
        return [e[1] for e in self.events if e[0] == "passed"]  # type: ignore[misc]


WALL_START = datetime(2026, 11, 23, 9, 0, tzinfo=timezone(timedelta(hours=1)))


def make(clock: FakeClock, r: Routine | None = None, **kwargs: object) -> tuple[Session, Recorder]:
    session = Session(build_timeline(r or routine()), clock=clock, wall_clock=lambda: WALL_START, **kwargs)  # type: ignore[arg-type]
    recorder = Recorder()
    session.subscribe(recorder)
    return session, recorder


def test_runs_the_planned_sequence_to_the_end_in_the_planned_time(clock: FakeClock) -> None:
    session, rec = make(clock)
    planned = session.timeline.phases
    start = clock.now
    session.start()
    while session.state is SessionState.RUNNING:
        clock.advance(0.25)
        session.tick()
    assert rec.phases() == list(range(len(planned)))
    summary = rec.summaries[0]
    assert summary.completed
    assert summary.phases_done == len(planned) and summary.phases_skipped == 0
    assert summary.active_seconds == pytest.approx(session.timeline.total_seconds)
    assert summary.planned_seconds == 6 * 15 + 6 * 5 + 5 * 5
    assert summary.ended_at == WALL_START + timedelta(seconds=summary.planned_seconds)
    assert clock.now - start >= summary.planned_seconds


def test_late_ticks_do_not_drift(clock: FakeClock) -> None:
    session, rec = make(clock, routine(reps=20, hold=30))
    session.start()
    start = clock.now
    lateness = [0.3, 0.9, 0.5, 0.7, 0.4, 0.8, 0.6]
    changes: list[tuple[int, float]] = []
    n = 0
    while session.state is SessionState.RUNNING:
        # Each wake-up is asked for at the next second boundary but arrives 0.3-0.9 s late.
        wait = session.seconds_to_next_change()
        assert wait is not None
        clock.advance(wait + lateness[n % len(lateness)])
        n += 1
        before = session.index
        session.tick()
        if session.index != before:
            changes.append((session.index, clock.now))
    planned_end = start + session.timeline.total_seconds
    summary = rec.summaries[0]
    assert summary.active_seconds == pytest.approx(session.timeline.total_seconds, abs=1e-9)
    # Each phase started at its planned instant, not at the late tick that noticed it.
    starts = [
        start + sum(p.seconds for p in session.timeline.phases[:i])
        for i in range(len(session.timeline.phases))
    ]
    for index, seen_at in changes:
        assert seen_at - starts[index] < 1.0
    assert planned_end <= clock.now < planned_end + 1.0


def test_a_tick_before_the_deadline_does_not_end_the_phase(clock: FakeClock) -> None:
    session, _ = make(clock)
    session.start()
    clock.advance(4.999)
    session.tick()
    assert session.index == 0
    assert session.remaining_whole() == 1
    clock.advance(0.001)
    session.tick()
    assert session.index == 1


def test_one_late_tick_walks_through_every_phase_it_spans(clock: FakeClock) -> None:
    session, rec = make(clock)
    session.start()
    clock.advance(5 + 15 + 5 + 2)  # prepare, hold, rest, and 2 s into the next prepare
    session.tick()
    # The hold and the rest ran out unseen: they are passed, only the phase now running starts.
    assert rec.passed() == [1, 2]
    assert rec.phases() == [0, 3]
    assert rec.events[-2:] == [("phase", 3, PhaseKind.PREPARE, Side.RIGHT), ("second", 3)]
    assert session.index == 3
    assert session.remaining() == pytest.approx(3.0)


def test_a_tick_that_lands_exactly_on_a_deadline_passes_the_phase_that_just_ended(clock: FakeClock) -> None:
    session, rec = make(clock)
    session.start()
    clock.advance(5 + 15)  # the instant the first hold ends
    session.tick()
    assert rec.passed() == [1] and rec.phases() == [0, 2]


def test_a_late_tick_past_the_end_passes_the_rest_and_finishes(clock: FakeClock) -> None:
    session, rec = make(clock, routine(reps=1))
    session.start()
    clock.advance(3600)
    session.tick()
    assert rec.phases() == [0] and rec.passed() == [1, 2, 3, 4]
    assert rec.summaries[0].completed and rec.summaries[0].phases_done == 5


def test_pause_freezes_the_remaining_time_exactly(clock: FakeClock) -> None:
    session, rec = make(clock)
    session.start()
    clock.advance(5 + 6.4)
    session.tick()
    session.pause()
    frozen = session.remaining()
    assert frozen == pytest.approx(8.6)
    clock.advance(3600)
    session.tick()
    assert session.remaining() == frozen and session.index == 1
    session.resume()
    assert session.remaining() == pytest.approx(8.6)
    clock.advance(8.6)
    session.tick()
    assert session.index == 2
    session.stop()
    summary = rec.summaries[0]
    assert summary.paused_seconds == pytest.approx(3600)
    assert summary.active_seconds == pytest.approx(5 + 15)
    assert not summary.completed


@pytest.mark.parametrize("paused", [False, True])
def test_skip_and_back_at_the_first_and_last_phase(clock: FakeClock, paused: bool) -> None:
    session, rec = make(clock, routine(reps=1))
    session.start()
    if paused:
        session.pause()
    session.back()  # at the first phase: restarts it
    assert session.index == 0 and session.remaining() == 5
    session.skip()
    assert session.index == 1 and session.remaining() == 15
    session.back()  # right at its start: previous phase
    assert session.index == 0
    last = len(session.timeline.phases) - 1
    for _ in range(last):
        session.skip()
    assert session.index == last
    assert session.state is (SessionState.PAUSED if paused else SessionState.RUNNING)
    session.skip()  # skipping the last phase ends the routine
    assert session.state is SessionState.FINISHED
    assert (
        rec.summaries[0].completed and rec.summaries[0].phases_skipped == last + 2
    )  # one skip before Back, then every phase


def test_back_restarts_the_phase_after_two_seconds(clock: FakeClock) -> None:
    session, _ = make(clock)
    session.start()
    session.skip()
    clock.advance(2.5)
    session.tick()
    session.back()
    assert session.index == 1 and session.remaining() == 15
    clock.advance(1.5)
    session.tick()
    session.back()
    assert session.index == 0


def test_commands_that_make_no_sense_are_ignored(clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="stretchapp.core.engine")
    session, rec = make(clock)
    session.pause()
    session.resume()
    session.skip()
    session.back()
    session.restart()
    assert session.state is SessionState.READY and rec.events == []
    session.start()
    session.start()
    session.resume()
    session.stop()
    session.stop()
    session.pause()
    assert session.state is SessionState.STOPPED
    assert len(rec.summaries) == 1
    assert "ignored" in caplog.text


def test_restart_goes_back_to_the_first_phase_keeping_the_state(clock: FakeClock) -> None:
    session, _ = make(clock)
    session.start()
    clock.advance(30)
    session.tick()
    session.pause()
    session.restart()
    assert session.index == 0 and session.state is SessionState.PAUSED and session.remaining() == 5


class FakeProbe:
    def __init__(self, *, clock_counts_sleep: bool) -> None:
        self.clock_counts_sleep = clock_counts_sleep
        self.asleep = 0.0

    def reset(self, now: float) -> None:
        self.asleep = 0.0

    def slept(self, now: float) -> float:
        asleep, self.asleep = self.asleep, 0.0
        return asleep


def test_sleep_in_the_middle_of_a_hold_pauses_and_resume_continues_it(clock: FakeClock) -> None:
    # Linux: CLOCK_MONOTONIC stands still while suspended, the probe reports the sleep.
    probe = FakeProbe(clock_counts_sleep=False)
    session, rec = make(clock, suspend_probe=probe)
    session.start()
    clock.advance(5 + 6)
    session.tick()
    probe.asleep = 3600.0
    clock.advance(0.5)
    session.tick()
    assert session.state is SessionState.PAUSED
    assert session.pause_reason is PauseReason.SUSPEND
    assert ("paused", PauseReason.SUSPEND) in rec.events
    assert session.index == 1 and session.remaining() == pytest.approx(8.5)
    session.resume()
    clock.advance(8.5)
    session.tick()
    assert session.index == 2


def test_sleep_seen_by_the_clock_gives_the_time_back(clock: FakeClock) -> None:
    # Elsewhere the clock runs on while asleep: the hold must not be finished by the sleep.
    probe = FakeProbe(clock_counts_sleep=True)
    session, rec = make(clock, suspend_probe=probe)
    session.start()
    clock.advance(5 + 6)
    session.tick()
    clock.advance(600)
    probe.asleep = 599.0
    session.tick()
    assert session.state is SessionState.PAUSED and session.index == 1
    assert session.remaining() == pytest.approx(8.0)
    session.stop()
    assert rec.summaries[0].paused_seconds == pytest.approx(599.0)
    assert rec.summaries[0].active_seconds == pytest.approx(12.0)


def test_a_failing_listener_does_not_stop_the_session(clock: FakeClock) -> None:
    class Broken(SessionListener):
        def phase_started(self, phase: Phase, index: int, next_phase: Phase | None) -> None:
            raise RuntimeError("no sound device")

    session, rec = make(clock)
    session.subscribe(Broken())
    session.start()
    clock.advance(5)
    session.tick()
    assert session.index == 1 and rec.phases() == [0, 1]


def test_seconds_are_announced_once_each_on_the_boundary(clock: FakeClock) -> None:
    session, rec = make(clock, routine(reps=1, prepare=3, rest=0))
    session.start()
    for _ in range(12):
        clock.advance(0.25)
        session.tick()
    seconds = [e[1] for e in rec.events if e[0] == "second"]
    assert seconds == [3, 2, 1, 15]


def test_for_routine_starts_from_any_exercise(clock: FakeClock) -> None:
    second = Exercise(name="Tilt", steps=("Tilt.",), hold=HoldRange(10, 20), reps=2)
    r = Routine(id="two", title="Two", exercises=(*routine().exercises, second))
    from stretchapp.core.model import HoldLength

    session = Session.for_routine(
        r, start_exercise=1, hold_length=HoldLength.LONG, first_side=Side.LEFT, clock=clock
    )
    assert {p.exercise for p in session.timeline.phases} == {"Tilt"}
    assert [p.seconds for p in session.timeline.phases if p.kind is PhaseKind.HOLD] == [20, 20]


class SessionMachine(RuleBasedStateMachine):
    """Random commands and clock moves: the accounting always adds up."""

    def __init__(self) -> None:
        super().__init__()
        self.clock = FakeClock()
        self.session, self.recorder = make(self.clock, routine(reps=2, hold=4, prepare=2, rest=1))
        self.start = self.clock.now

    @rule(seconds=st.floats(min_value=0, max_value=12, allow_nan=False))
    def wait(self, seconds: float) -> None:
        self.clock.advance(seconds)
        self.session.tick()

    @rule()
    def start_(self) -> None:
        self.session.start()

    @rule()
    def toggle(self) -> None:
        self.session.toggle_pause()

    @rule()
    def skip(self) -> None:
        self.session.skip()

    @rule()
    def back(self) -> None:
        self.session.back()

    @rule()
    def restart(self) -> None:
        self.session.restart()

    @precondition(lambda self: self.clock.now - self.start > 20)
    @rule()
    def stop(self) -> None:
        self.session.stop()

    @invariant()
    def remaining_is_sane(self) -> None:
        assert 0 <= self.session.remaining() <= self.session.phase.seconds
        assert 0 <= self.session.index < len(self.session.timeline.phases)
        assert self.session.remaining_whole() == math.ceil(self.session.remaining() - 1e-9)

    @invariant()
    def finished_exactly_once_at_the_end(self) -> None:
        ended = self.session.state in {SessionState.FINISHED, SessionState.STOPPED}
        assert len(self.recorder.summaries) == (1 if ended else 0)
        if self.session.state is SessionState.FINISHED:
            summary = self.recorder.summaries[0]
            assert summary.completed
            assert summary.phases_done + summary.phases_skipped >= 1
            # Active and paused time account for the whole span from start to end.
            assert summary.ended_at is not None and summary.started_at is not None
            span = (summary.ended_at - summary.started_at).total_seconds()
            assert summary.active_seconds + summary.paused_seconds == pytest.approx(span, abs=1e-6)


TestSessionMachine = SessionMachine.TestCase
TestSessionMachine.settings = settings(
    max_examples=60, stateful_step_count=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def test_the_exercise_number_and_the_time_left_follow_the_session(clock: FakeClock) -> None:
    tilt = Exercise(name="Tilt", steps=("Tilt.",), hold=HoldRange(10, 10), reps=1)
    r = Routine(id="two", title="Two", exercises=(*routine(reps=1).exercises, tilt), prepare=5, rest=5)
    session, _ = make(clock, r)
    # Turn: prepare 5, right hold 15, rest 5, prepare 5, left hold 15, rest 5; Tilt: prepare 5, hold 10.
    assert session.exercise_count == 2
    assert session.exercise_number == 1 and session.routine_remaining() == 65
    assert session.routine_fraction_done() == 0
    session.start()
    clock.advance(5 + 15 + 5 + 5 + 15 + 5 + 2)  # 2 s into Tilt's get-ready
    session.tick()
    assert session.phase.exercise == "Tilt"
    assert session.exercise_number == 2
    assert session.routine_remaining() == pytest.approx(13)
    assert session.routine_fraction_done() == pytest.approx(52 / 65)
    assert session.phase_fraction() == pytest.approx(3 / 5)
    session.skip()
    session.skip()
    assert session.state is SessionState.FINISHED
    assert session.routine_remaining() == 0 and session.routine_fraction_done() == 1


def test_a_session_from_a_later_exercise_counts_from_there(clock: FakeClock) -> None:
    tilt = Exercise(name="Tilt", steps=("Tilt.",), hold=HoldRange(10, 10), reps=1)
    r = Routine(id="two", title="Two", exercises=(*routine(reps=1).exercises, tilt))
    session = Session.for_routine(r, start_exercise=1, clock=clock)
    assert (session.exercise_number, session.exercise_count) == (1, 1)
