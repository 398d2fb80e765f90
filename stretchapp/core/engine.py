"""The session engine: runs a timeline against a monotonic clock (plain Python, no Qt).

Each phase has a deadline on the injected monotonic clock, and everything the UI shows is
computed from it: the remaining time is ``deadline - now``. Ticks only say "look at the
clock now"; a late tick changes nothing but when the display updates, and a tick that
arrives after several deadlines walks through each of those phases in order, each starting
exactly at the previous one's deadline; the phases it passes over are reported as passed,
and only the one now running as started. Pausing freezes the remaining time; resuming sets
a new deadline from it.

Listeners subclass :class:`SessionListener` and override what they need. Commands that make
no sense in the current state are ignored with a log line, never raised.

The session also keeps how long each hold was actually held (the longest run of it, paused
time not counted) and which holds were skipped, for the record's ``held_share`` and
``holds_skipped``: the history counts a routine as done only if its holds were held
(:func:`stretchapp.core.record.counts_as_done`).
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from enum import Enum

from stretchapp.core.checkin import MAX_CHECKINS, CheckIn, Feeling, hold_done
from stretchapp.core.kinds import HoldLength, PhaseKind, Side
from stretchapp.core.logger import get_logger
from stretchapp.core.model import Phase, Routine, Timeline
from stretchapp.core.record import SessionRecord, aware, held_share
from stretchapp.core.suspend import SuspendProbe
from stretchapp.core.timeline import build_timeline

log = get_logger(__name__)

Clock = Callable[[], float]
WallClock = Callable[[], datetime]

BACK_RESTARTS_AFTER = 2.0  # seconds into a phase after which Back restarts it
SLEEP_THRESHOLD = 1.0  # seconds asleep that count as the person having left


class SessionState(str, Enum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"


class PauseReason(str, Enum):
    USER = "user"
    SUSPEND = "suspend"  # the machine slept or the screen was locked


# The record a session ends with is the one the history keeps; ``Summary`` is its name here.
Summary = SessionRecord


class SessionListener:
    """Receives a session's events; every method is optional."""

    def phase_started(self, phase: Phase, index: int, next_phase: Phase | None) -> None:
        """A phase began and is now the current one (also after skip, back and restart)."""

    def phase_passed(self, phase: Phase, index: int) -> None:
        """A phase began and ended unseen within one late tick (after a stall); it gets no cue."""

    def second_changed(self, remaining: int) -> None:
        """The remaining whole seconds of the phase changed."""

    def paused(self, reason: PauseReason) -> None:
        """The session paused."""

    def resumed(self) -> None:
        """The session resumed."""

    def finished(self, summary: Summary) -> None:
        """The session ended: ``summary.completed`` is False when it was stopped early, and
        ``summary.ran`` False when it was stopped before it started."""


def _local_now() -> datetime:
    return datetime.now().astimezone()


class Session:
    """One run through a timeline."""

    def __init__(
        self,
        timeline: Timeline,
        *,
        clock: Clock = time.monotonic,
        wall_clock: WallClock = _local_now,
        suspend_probe: SuspendProbe | None = None,
        speed: float = 1.0,
    ) -> None:
        """``speed`` is only recorded: a rehearsal's faster clock is ``clock`` itself."""
        if not timeline.phases:
            raise ValueError("a session needs at least one phase")
        self._timeline = timeline
        self._phases = timeline.phases
        self._clock = clock
        self._wall_clock = wall_clock
        self._probe = suspend_probe
        self._listeners: list[SessionListener] = []
        self._state = SessionState.READY
        self._index = 0
        self._deadline = 0.0  # meaningful while running
        self._frozen = float(self._phases[0].seconds)  # remaining while not running
        self._shown_second: int | None = None
        self._pause_reason: PauseReason | None = None
        self._run_since = 0.0
        self._pause_since = 0.0
        self._active = 0.0
        self._paused_total = 0.0
        self._done = 0
        self._skipped = 0
        self._started_at: datetime | None = None
        self._start_clock = 0.0
        self._summary: Summary | None = None
        self._speed = speed
        self._hold_seconds: dict[int, float] = {}  # hold phase index -> the longest it was held
        self._holds_skipped: set[int] = set()  # skipped and not held to the end since
        self._held: set[int] = set()  # exercises with a hold that ran to its end (not skipped)
        self._checkins: dict[int, CheckIn] = {}  # by exercise index: a second answer replaces the first

    @classmethod
    def for_routine(
        cls,
        routine: Routine,
        *,
        hold_length: HoldLength = HoldLength.SHORT,
        first_side: Side = Side.RIGHT,
        start_exercise: int = 0,
        day_holds: Mapping[int, int] | None = None,
        clock: Clock = time.monotonic,
        wall_clock: WallClock = _local_now,
        suspend_probe: SuspendProbe | None = None,
        speed: float = 1.0,
    ) -> Session:
        """A session over ``routine``'s timeline, from exercise ``start_exercise``."""
        timeline = build_timeline(
            routine,
            hold_length=hold_length,
            first_side=first_side,
            start_exercise=start_exercise,
            day_holds=day_holds,
        )
        return cls(timeline, clock=clock, wall_clock=wall_clock, suspend_probe=suspend_probe, speed=speed)

    # -- observing -----------------------------------------------------------------------
    def subscribe(self, listener: SessionListener) -> Callable[[], None]:
        """Send events to ``listener``; returns the function that stops them."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    @property
    def timeline(self) -> Timeline:
        return self._timeline

    @property
    def state(self) -> SessionState:
        return self._state

    @property
    def index(self) -> int:
        return self._index

    @property
    def phase(self) -> Phase:
        return self._phases[self._index]

    @property
    def next_phase(self) -> Phase | None:
        following = self._index + 1
        return self._phases[following] if following < len(self._phases) else None

    @property
    def pause_reason(self) -> PauseReason | None:
        return self._pause_reason if self._state is SessionState.PAUSED else None

    @property
    def speed(self) -> float:
        """How many times faster than real time this session runs (1.0 unless a rehearsal)."""
        return self._speed

    @property
    def summary(self) -> Summary | None:
        """The summary once the session has ended."""
        return self._summary

    def remaining(self) -> float:
        """Exact seconds left in the current phase."""
        if self._state is SessionState.RUNNING:
            # Clamped: deadlines are sums of floats, and a phase never has more than its length.
            return min(float(self.phase.seconds), max(0.0, self._deadline - self._clock()))
        if self._state in {SessionState.FINISHED, SessionState.STOPPED}:
            return 0.0
        return self._frozen

    def remaining_whole(self) -> int:
        """Seconds left as a person reads them: 14.2 s left shows as 15."""
        return math.ceil(self.remaining() - 1e-9)

    def elapsed_in_phase(self) -> float:
        return self.phase.seconds - self.remaining()

    def phase_fraction(self) -> float:
        """Share of the current phase still to run, for a ring that empties smoothly."""
        return self.remaining() / self.phase.seconds if self.phase.seconds else 0.0

    @property
    def exercise_number(self) -> int:
        """Which exercise of this session the current phase belongs to, counted from 1."""
        return self._timeline.exercise_number(self._index)

    @property
    def exercise_count(self) -> int:
        """How many exercises this session covers (fewer when it starts part-way)."""
        return self._timeline.exercise_count

    def routine_remaining(self) -> float:
        """Seconds left in the whole routine, current phase included."""
        if self._state in {SessionState.FINISHED, SessionState.STOPPED}:
            return 0.0
        return self.remaining() + self._timeline.seconds_after(self._index)

    def routine_fraction_done(self) -> float:
        """Share of the routine's planned time already behind, for a progress bar."""
        total = self._timeline.total_seconds
        return (total - self.routine_remaining()) / total if total else 1.0

    def seconds_to_next_change(self) -> float | None:
        """How long until the shown seconds change or the phase ends; None unless running."""
        if self._state is not SessionState.RUNNING:
            return None
        remaining = self.remaining()
        if remaining <= 0:
            return 0.0
        to_boundary = remaining - math.floor(remaining)
        return to_boundary if to_boundary > 1e-6 else min(1.0, remaining)

    # -- commands ------------------------------------------------------------------------
    def start(self) -> None:
        if not self._expect({SessionState.READY}, "start"):
            return
        now = self._clock()
        self._started_at = self._wall_clock()
        self._start_clock = now
        self._state = SessionState.RUNNING
        self._run_since = now
        self._deadline = now + self._frozen
        if self._probe is not None:
            self._probe.reset(now)
        self._announce_phase()

    def pause(self, reason: PauseReason = PauseReason.USER) -> None:
        if not self._expect({SessionState.RUNNING}, "pause"):
            return
        self._pause_at(self._clock(), reason)

    def resume(self) -> None:
        if not self._expect({SessionState.PAUSED}, "resume"):
            return
        now = self._clock()
        self._paused_total += now - self._pause_since
        self._state = SessionState.RUNNING
        self._run_since = now
        self._deadline = now + self._frozen
        self._pause_reason = None
        if self._probe is not None:
            self._probe.reset(now)
        self._emit(lambda listener: listener.resumed())
        self._announce_second()

    def toggle_pause(self) -> None:
        if self._state is SessionState.RUNNING:
            self.pause()
        elif self._state is SessionState.PAUSED:
            self.resume()
        elif self._state is SessionState.READY:
            self.start()
        else:
            log.info("toggle_pause ignored: session is %s", self._state.value)

    def skip(self) -> None:
        """Go to the next phase now; skipping the last phase ends the routine."""
        if not self._expect({SessionState.RUNNING, SessionState.PAUSED}, "skip"):
            return
        self._skipped += 1
        self._note_held(self.elapsed_in_phase(), skipped=True)
        if self._index + 1 >= len(self._phases):
            self._finish(self._clock())
        else:
            self._go_to(self._index + 1)

    def back(self) -> None:
        """Restart the current phase when more than 2 s of it have run, else go to the previous one."""
        if not self._expect({SessionState.RUNNING, SessionState.PAUSED}, "back"):
            return
        self._note_held(self.elapsed_in_phase())
        if self.elapsed_in_phase() > BACK_RESTARTS_AFTER or self._index == 0:
            self._go_to(self._index)
        else:
            self._go_to(self._index - 1)

    def restart(self) -> None:
        """Back to the first phase, keeping the running or paused state."""
        if not self._expect({SessionState.RUNNING, SessionState.PAUSED}, "restart"):
            return
        self._note_held(self.elapsed_in_phase())
        self._go_to(0)

    def stop(self) -> None:
        """End early; listeners get a summary with ``completed`` False."""
        if not self._expect({SessionState.RUNNING, SessionState.PAUSED, SessionState.READY}, "stop"):
            return
        now = self._clock()
        if self._state is not SessionState.READY:
            self._note_held(self.elapsed_in_phase())
        self._account(now)
        self._state = SessionState.STOPPED
        self._close(now, completed=False)

    def check_in(self, exercise_index: int, feeling: Feeling) -> None:
        """Keep how exercise ``exercise_index`` felt, for the record; also after the session ended,
        as the last exercise is asked about on the end screen (the record is then made again)."""
        if not any(p.exercise_index == exercise_index for p in self._phases):
            log.info("check-in ignored: exercise %d is not in this session", exercise_index)
            return
        if exercise_index not in self._checkins and len(self._checkins) >= MAX_CHECKINS:
            return
        exercise = self._timeline.routine.exercises[exercise_index]
        self._checkins[exercise_index] = CheckIn(
            exercise_index=exercise_index,
            exercise=exercise.name,
            feeling=feeling,
            hold_seconds=hold_done(self._timeline, exercise_index),
            at=aware(self._wall_clock()),
        )
        if self._summary is not None:
            self._summary = dataclasses.replace(self._summary, checkins=self.checkins)

    def held(self, exercise_index: int) -> bool:
        """Whether a hold of exercise ``exercise_index`` ran to its end (skipped ones do not count)."""
        return exercise_index in self._held

    @property
    def checkins(self) -> tuple[CheckIn, ...]:
        """The answers so far, in the order of the exercises."""
        return tuple(self._checkins[index] for index in sorted(self._checkins))

    def tick(self) -> None:
        """Look at the clock: finish every phase whose deadline has passed, announce changes."""
        if self._state is not SessionState.RUNNING:
            return
        now = self._clock()
        if self._probe is not None:
            asleep = self._probe.slept(now)
            if asleep > SLEEP_THRESHOLD:
                # The person was away: pause as of the moment the machine went to sleep.
                went_away = now - asleep if self._probe.clock_counts_sleep else now
                log.info("machine slept %.1f s during a session; pausing", asleep)
                self._pause_at(max(self._run_since, went_away), PauseReason.SUSPEND, resume_clock=now)
                return
        while now >= self._deadline:
            self._done += 1
            self._note_held(float(self.phase.seconds), whole=True)
            if self.phase.kind is PhaseKind.HOLD:
                self._held.add(self.phase.exercise_index)
            if self._index + 1 >= len(self._phases):
                self._finish(self._deadline)
                return
            self._index += 1
            self._deadline += self._phases[self._index].seconds
            if now >= self._deadline:
                self._announce_passed()  # over before anyone saw it: nothing cues or shows it
            else:
                self._announce_phase(with_second=False)
        self._announce_second()

    # -- internals -----------------------------------------------------------------------
    def _expect(self, states: set[SessionState], command: str) -> bool:
        if self._state in states:
            return True
        log.info("%s ignored: session is %s", command, self._state.value)
        return False

    def _pause_at(self, at: float, reason: PauseReason, *, resume_clock: float | None = None) -> None:
        self._frozen = min(float(self.phase.seconds), max(0.0, self._deadline - at))
        self._active += at - self._run_since
        # Paused time is counted from "now" on the session's clock, so a sleep that the clock
        # did not see is not counted as time paused either.
        self._pause_since = resume_clock if resume_clock is not None else at
        if resume_clock is not None and resume_clock > at:
            self._paused_total += resume_clock - at
        self._state = SessionState.PAUSED
        self._pause_reason = reason
        self._emit(lambda listener: listener.paused(reason))

    def _go_to(self, index: int) -> None:
        self._index = index
        seconds = float(self._phases[index].seconds)
        if self._state is SessionState.RUNNING:
            self._deadline = self._clock() + seconds
        else:
            self._frozen = seconds
        self._announce_phase()

    def _announce_phase(self, *, with_second: bool = True) -> None:
        phase, index, following = self.phase, self._index, self.next_phase
        self._shown_second = None
        self._emit(lambda listener: listener.phase_started(phase, index, following))
        if with_second:
            self._announce_second()

    def _announce_passed(self) -> None:
        phase, index = self.phase, self._index
        self._emit(lambda listener: listener.phase_passed(phase, index))

    def _announce_second(self) -> None:
        whole = self.remaining_whole()
        if whole != self._shown_second:
            self._shown_second = whole
            self._emit(lambda listener: listener.second_changed(whole))

    def _note_held(self, seconds: float, *, skipped: bool = False, whole: bool = False) -> None:
        """The current phase, if a hold, was held ``seconds`` this time (Skip: it was skipped)."""
        index = self._index
        if self.phase.kind is not PhaseKind.HOLD:
            return
        self._hold_seconds[index] = max(
            self._hold_seconds.get(index, 0.0), min(float(self.phase.seconds), seconds)
        )
        if whole:
            self._holds_skipped.discard(index)
        elif skipped:
            self._holds_skipped.add(index)

    def _account(self, now: float) -> None:
        if self._state is SessionState.RUNNING:
            self._active += now - self._run_since
        elif self._state is SessionState.PAUSED:
            self._paused_total += now - self._pause_since

    def _finish(self, at: float) -> None:
        self._account(at)
        self._state = SessionState.FINISHED
        self._close(at, completed=True)

    def _close(self, at: float, *, completed: bool) -> None:
        if self._started_at is None:
            # Stopped before it started: nothing ran, at the moment it was left.
            started = ended = aware(self._wall_clock())
        else:
            started = aware(self._started_at)
            # The end in wall time follows the monotonic span, so a late tick does not stretch it.
            ended = started + timedelta(seconds=at - self._start_clock)
        routine = self._timeline.routine
        summary = SessionRecord(
            routine_id=routine.id,
            title=routine.title,
            started_at=started,
            ended_at=ended,
            planned_seconds=self._timeline.total_seconds,
            active_seconds=max(0.0, self._active),
            paused_seconds=max(0.0, self._paused_total),
            phases_done=self._done,
            phases_skipped=self._skipped,
            phases_total=len(self._phases),
            completed=completed,
            speed=self._speed,
            held_share=held_share(
                [
                    (float(phase.seconds), self._hold_seconds.get(index, 0.0))
                    for index, phase in enumerate(self._phases)
                    if phase.kind is PhaseKind.HOLD
                ]
            ),
            holds_skipped=len(self._holds_skipped),
            checkins=self.checkins,
        )
        self._summary = summary
        self._emit(lambda listener: listener.finished(summary))

    def _emit(self, call: Callable[[SessionListener], None]) -> None:
        for listener in list(self._listeners):
            try:
                call(listener)
            except Exception:
                # A broken observer (a sound that fails, a full disk) must not stop the session.
                log.exception("session listener %r failed", listener)
