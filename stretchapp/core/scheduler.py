"""When a break falls due: work time, snoozes, skips, pauses and time away (no Qt).

Every time is a deadline on an injected monotonic clock; :meth:`Scheduler.tick` only asks
"what is due now?", so a late or missed tick never shifts a break. Pauses ("for an hour",
"until tomorrow") are kept on the wall clock, because a person means 15:30 when they pause
at 14:30, even if the laptop sleeps in between.

"Not today" is a pause of its own kind: it holds while the local calendar date is the one it
was said on, so it ends at local midnight, after a sleep across midnight, or when the clock
is set to another day (forward or back), and a daylight-saving change does not end it early.

Time away counts as a break: after the person has been idle for at least the break length,
or the screen was locked, or the machine slept, the work timer starts again. The caller
reports idle time, the lock and sleep; the scheduler also notices sleep itself from a jump
between the wall clock and the monotonic clock (the monotonic clock stops while suspended).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from stretchapp.core.logger import get_logger

log = get_logger(__name__)

#: How often an ignored prompt comes back (after the snooze time) before it gives up
#: and waits for the next break.
MAX_REAPPEARANCES = 3
#: A break is never shorter than this, whatever the routine.
MIN_BREAK_S = 60.0
#: Sleep shorter than this is clock noise (NTP slews the wall clock a little).
SLEEP_NOISE_S = 5.0
#: While a full-screen window keeps a due break quiet, look again this often.
QUIET_RECHECK_S = 60.0

Clock = Callable[[], float]


class State(str, Enum):
    WORKING = "working"  # counting work time towards the next break
    DUE = "due"  # a prompt is showing
    SNOOZED = "snoozed"  # the person asked to be reminded later
    PAUSED = "paused"  # reminders are off until a wall-clock time
    IN_SESSION = "in_session"  # a routine is running


@dataclass(frozen=True)
class BreakDue:
    """Show the prompt: the first time (``reminder`` 0) or again after it was ignored."""

    reminder: int = 0

    @property
    def final(self) -> bool:
        """The last time this break is offered."""
        return self.reminder >= MAX_REAPPEARANCES


@dataclass(frozen=True)
class BreakWithdrawn:
    """Hide the prompt: it was ignored too often, or the person went away (which counts as a break)."""

    reason: str  # "ignored" | "idle" | "locked" | "slept"


@dataclass(frozen=True)
class WorkRestarted:
    """The work timer started again without a prompt showing."""

    reason: str  # "idle" | "locked" | "slept" | "pause ended"


Event = BreakDue | BreakWithdrawn | WorkRestarted


def next_midnight(wall: float) -> float:
    """The wall-clock time (epoch seconds) of the next local midnight after ``wall``."""
    today = dt.datetime.fromtimestamp(wall).date()
    return dt.datetime.combine(today + dt.timedelta(days=1), dt.time()).timestamp()


class Scheduler:
    """The break schedule; see the module docstring. Methods are the person's commands."""

    def __init__(
        self,
        interval_s: float,
        snooze_s: float,
        clock: Clock = time.monotonic,
        wall_clock: Clock = time.time,
        *,
        break_length_s: float = MIN_BREAK_S,
        quiet_when_fullscreen: bool = True,
    ) -> None:
        self._clock = clock
        self._wall = wall_clock
        self.interval_s = float(interval_s)
        self.snooze_s = float(snooze_s)
        self.quiet_when_fullscreen = quiet_when_fullscreen
        self._break_length_s = max(MIN_BREAK_S, float(break_length_s))
        now = clock()
        self._state = State.WORKING
        self._work_start = now
        self._deadline: float = now + self.interval_s  # meaning depends on the state
        self._quiet_until: float | None = None
        self._due_since: float | None = None
        self._reminder = 0
        self._pause_until: float | None = None  # wall clock
        self._pause_day: dt.date | None = None  # "not today": the date it holds for
        self._before_session: tuple[State, float | None] | None = None
        self._before_session_day: dt.date | None = None
        self._offset = wall_clock() - now

    # -- what the views read ---------------------------------------------------------------
    @property
    def state(self) -> State:
        return self._state

    @property
    def break_length_s(self) -> float:
        return self._break_length_s

    @property
    def not_today(self) -> bool:
        """True while reminders are off for the rest of the day ("not today")."""
        return self._state is State.PAUSED and self._pause_day is not None

    @property
    def paused_until(self) -> float | None:
        """While paused: the wall-clock time reminders come back (epoch seconds)."""
        return self._pause_until if self._state is State.PAUSED else None

    def next_due(self) -> float | None:
        """The monotonic time the next prompt shows (in the past while one is showing);
        None during a routine."""
        if self._state is State.IN_SESSION:
            return None
        if self._state is State.DUE:
            return self._due_since
        if self._state is State.PAUSED:
            return self._pause_end_monotonic() + self.interval_s
        return self._deadline

    def next_check(self) -> float | None:
        """The monotonic time :meth:`tick` next has something to do (None: nothing until a command)."""
        if self._state is State.IN_SESSION:
            return None
        if self._state is State.PAUSED:
            return self._pause_end_monotonic()
        if self._quiet_until is not None:
            return self._quiet_until
        return self._deadline

    # -- the clock ---------------------------------------------------------------------------
    def tick(
        self,
        idle_seconds: float | None = None,
        locked: bool = False,
        slept: float = 0.0,
        fullscreen: bool = False,
    ) -> Event | None:
        """Look at the clocks and what the desktop reports; return what the views should do."""
        now = self._clock()
        slept = max(slept, self._sleep_jump(now))
        if self._state is State.IN_SESSION:
            return None
        if self._state is State.PAUSED:
            assert self._pause_until is not None
            if self._pause_holds():
                return None
            self._restart_work(now)
            log.info("reminders: pause over")
            return WorkRestarted("pause ended")
        away = self._away_reason(idle_seconds, locked, slept)
        if away is not None:
            prompting = self._state in {State.DUE, State.SNOOZED}
            self._restart_work(now)
            log.info("reminders: time away (%s) counts as a break", away)
            return BreakWithdrawn(away) if prompting else WorkRestarted(away)
        if self._state is State.DUE:
            if now < self._deadline:
                return None
            if self._reminder >= MAX_REAPPEARANCES:
                self._restart_work(now)
                log.info("reminders: prompt ignored %d times; waiting for the next break", self._reminder + 1)
                return BreakWithdrawn("ignored")
            self._reminder += 1
            self._deadline = now + self.snooze_s
            return BreakDue(self._reminder)
        if now < self._deadline:
            return None
        if fullscreen and self.quiet_when_fullscreen:
            self._quiet_until = now + QUIET_RECHECK_S
            return None
        self._state = State.DUE
        self._quiet_until = None
        self._reminder = 0
        self._due_since = now
        self._deadline = now + self.snooze_s
        log.info("reminders: break due")
        return BreakDue(0)

    # -- the person's commands -------------------------------------------------------------
    def snooze(self) -> None:
        """Remind me again after the snooze time (never earlier than the break would come anyway)."""
        now = self._clock()
        if self._state in {State.DUE, State.SNOOZED}:
            self._state = State.SNOOZED
            self._deadline = now + self.snooze_s
            self._quiet_until = None
        elif self._state is State.WORKING:
            self._deadline = max(self._deadline, now + self.snooze_s)

    def skip(self) -> None:
        """Skip this break (the work timer starts again), or, before one is due, the coming one."""
        if self._state in {State.DUE, State.SNOOZED}:
            self._restart_work(self._clock())
        elif self._state is State.WORKING:
            self._deadline += self.interval_s
            self._quiet_until = None

    def pause_for(self, seconds: float) -> None:
        """No reminders for ``seconds`` of wall-clock time."""
        self._pause_until_wall(self._wall() + seconds)

    def pause_until_tomorrow(self) -> None:
        """No reminders until the next local midnight."""
        self._pause_until_wall(next_midnight(self._wall()))

    def stop_for_today(self) -> None:
        """No reminders for the rest of this local day (see the module notes on "not today")."""
        wall = self._wall()
        self._pause_until_wall(next_midnight(wall))
        day = dt.datetime.fromtimestamp(wall).date()
        if self._state is State.IN_SESSION:
            self._before_session_day = day
        else:
            self._pause_day = day

    def resume(self) -> None:
        """End a pause now; the work timer starts again."""
        if self._state is State.PAUSED:
            self._restart_work(self._clock())
        elif self._before_session is not None and self._before_session[0] is State.PAUSED:
            self._before_session = (State.WORKING, None)
            self._before_session_day = None

    def break_taken(self) -> None:
        """The person took a break: the work timer starts again."""
        if self._state is not State.IN_SESSION:
            self._restart_work(self._clock())

    def session_started(self) -> None:
        """A routine runs: no reminders until it ends."""
        if self._state is State.IN_SESSION:
            return
        self._before_session = (self._state, self._pause_until)
        self._before_session_day = self._pause_day if self._state is State.PAUSED else None
        self._state = State.IN_SESSION
        self._quiet_until = None

    def session_ended(self, completed: bool) -> None:
        """A routine ended. A completed one is a break; one stopped early while a break was due
        leaves that break snoozed; a pause in force carries on."""
        if self._state is not State.IN_SESSION:
            return
        before, pause_until = self._before_session or (State.WORKING, None)
        self._before_session = None
        self._state = State.WORKING
        now = self._clock()
        day, self._before_session_day = self._before_session_day, None
        if before is State.PAUSED and pause_until is not None and self._still_paused(pause_until, day):
            self._pause_until_wall(pause_until)
            self._pause_day = day
        elif not completed and before in {State.DUE, State.SNOOZED}:
            self._state = State.SNOOZED
            self._deadline = now + self.snooze_s
        else:
            self._restart_work(now)

    # -- settings ----------------------------------------------------------------------------
    def set_interval(self, seconds: float) -> None:
        """A new work interval; a break already counting down is re-timed from its start."""
        self.interval_s = float(seconds)
        if self._state is State.WORKING:
            self._deadline = self._work_start + self.interval_s

    def set_snooze(self, seconds: float) -> None:
        self.snooze_s = float(seconds)

    def set_break_length(self, seconds: float) -> None:
        """The length of the break routine: idle this long counts as a break (at least a minute)."""
        self._break_length_s = max(MIN_BREAK_S, float(seconds))

    # -- internals ---------------------------------------------------------------------------
    def _restart_work(self, now: float) -> None:
        self._state = State.WORKING
        self._work_start = now
        self._deadline = now + self.interval_s
        self._quiet_until = None
        self._due_since = None
        self._reminder = 0
        self._pause_until = None
        self._pause_day = None

    def _pause_until_wall(self, until: float) -> None:
        if self._state is State.IN_SESSION:
            self._before_session = (State.PAUSED, until)
            self._before_session_day = None
            return
        self._state = State.PAUSED
        self._pause_until = until
        self._pause_day = None
        self._quiet_until = None
        self._due_since = None
        self._reminder = 0

    def _pause_holds(self) -> bool:
        assert self._pause_until is not None
        return self._still_paused(self._pause_until, self._pause_day)

    def _still_paused(self, until: float, day: dt.date | None) -> bool:
        wall = self._wall()
        if day is not None:
            return dt.datetime.fromtimestamp(wall).date() == day
        return wall < until

    def _pause_end_monotonic(self) -> float:
        assert self._pause_until is not None
        now = self._clock()
        return now + max(0.0, self._pause_until - self._wall())

    def _away_reason(self, idle_seconds: float | None, locked: bool, slept: float) -> str | None:
        if slept >= SLEEP_NOISE_S:
            return "slept"
        if locked:
            return "locked"
        if idle_seconds is not None and idle_seconds >= self._break_length_s:
            return "idle"
        return None

    def _sleep_jump(self, now: float) -> float:
        """Seconds the wall clock ran ahead of the monotonic clock since the last tick."""
        offset = self._wall() - now
        jump, self._offset = offset - self._offset, offset
        return max(0.0, jump)
