"""A break you keep: the day's snoozes and skips against a limit, "not today", and the daily goal (no Qt).

Everything here is opt-in and plain arithmetic over small values; the files live in
``storage/break_log.py`` and the buttons in ``ui/reminders/``.

Which day it is
    The local calendar date of the wall clock, read afresh each time it is asked
    (:func:`local_day`). So a day's tally starts anew at local midnight, after a sleep
    across midnight, after a daylight-saving change (the date does not move then), and
    after the clock is set to another day, forward or back; nothing is timed from a
    deadline that a suspended or reset clock could carry over.

The limit
    One number for snoozes and skips together ("postponing"): ``0`` is no limit. Once a
    day's postponements reach it, the prompt offers only Start and "Not today". An
    emergency exit never counts against the limit and is always offered while a strict
    prompt holds; it is recorded apart, so the person can see how often they needed it.

The goal
    Minutes of stretching a day, read from the figures the History already counts
    (:class:`~stretchapp.core.stats.HistoryStats`), so whatever those leave out (a rehearsal,
    say) the goal leaves out too.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from enum import Enum

from stretchapp.core import text as words
from stretchapp.core.i18n import _, ngettext

#: How many days of tallies are kept (a month is plenty to look back on; the file stays tiny).
KEEP_DAYS = 31

Clock = Callable[[], float]


def local_day(wall: float) -> dt.date:
    """The local calendar date at the wall-clock time ``wall`` (epoch seconds)."""
    return dt.datetime.fromtimestamp(wall).date()


class Answer(str, Enum):
    """What the person did with a break, as recorded."""

    SNOOZE = "snooze"
    SKIP = "skip"
    NOT_TODAY = "not_today"
    EMERGENCY = "emergency"  # the way out of a strict prompt
    BACK_ON = "back_on"  # reminders resumed by hand after "not today"


@dataclass(frozen=True)
class DayTally:
    """One day's answers."""

    day: dt.date
    snoozes: int = 0
    skips: int = 0
    not_today: bool = False
    emergency_exits: int = 0
    back_on: bool = False  # "not today" was lifted by hand: a restart keeps the reminders on

    @property
    def postponed(self) -> int:
        """Snoozes and skips together: what the limit counts."""
        return self.snoozes + self.skips

    @property
    def reminders_off(self) -> bool:
        """True while "not today" holds for this day."""
        return self.not_today and not self.back_on

    def with_answer(self, answer: Answer) -> DayTally:
        if answer is Answer.SNOOZE:
            return replace(self, snoozes=self.snoozes + 1)
        if answer is Answer.SKIP:
            return replace(self, skips=self.skips + 1)
        if answer is Answer.NOT_TODAY:
            return replace(self, not_today=True, back_on=False)
        if answer is Answer.EMERGENCY:
            return replace(self, emergency_exits=self.emergency_exits + 1)
        return replace(self, back_on=True)


def postpones_left(limit: int, tally: DayTally) -> int | None:
    """How many snoozes or skips remain today; None when there is no limit (``limit`` 0)."""
    if limit <= 0:
        return None
    return max(0, limit - tally.postponed)


def may_postpone(limit: int, tally: DayTally) -> bool:
    """Whether Snooze and Skip are still on offer today."""
    left = postpones_left(limit, tally)
    return left is None or left > 0


class BreakLedger:
    """The tallies of the last :data:`KEEP_DAYS` days, with today read from an injected wall clock."""

    def __init__(
        self, tallies: Iterable[DayTally] = (), wall_clock: Clock = time.time, *, keep_days: int = KEEP_DAYS
    ) -> None:
        self._wall = wall_clock
        self._keep_days = keep_days
        self._days: dict[dt.date, DayTally] = {t.day: t for t in tallies}

    def today(self) -> dt.date:
        return local_day(self._wall())

    def tally(self) -> DayTally:
        """Today's answers so far (all zero on a new day)."""
        today = self.today()
        return self._days.get(today) or DayTally(today)

    def record(self, answer: Answer) -> DayTally:
        """Count ``answer`` for today; returns today's tally."""
        tally = self.tally().with_answer(answer)
        self._days[tally.day] = tally
        self._prune(tally.day)
        return tally

    def tallies(self) -> tuple[DayTally, ...]:
        """Every kept day, oldest first."""
        return tuple(self._days[day] for day in sorted(self._days))

    def _prune(self, today: dt.date) -> None:
        oldest = today - dt.timedelta(days=self._keep_days - 1)
        # A day after today stays: the clock may be wrong now, not then.
        for day in [d for d in self._days if d < oldest]:
            del self._days[day]


# -- the goal ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class GoalProgress:
    """How today stands against the daily goal, and how often the goal was met lately."""

    goal_minutes: int
    today_minutes: float
    days_met: int  # among the last ``days`` days, today included
    days: int

    @property
    def met(self) -> bool:
        return self.today_minutes >= self.goal_minutes

    @property
    def minutes_left(self) -> float:
        return max(0.0, self.goal_minutes - self.today_minutes)


def goal_progress(
    goal_minutes: int, last_days: Sequence[tuple[dt.date, float]], today: dt.date
) -> GoalProgress | None:
    """The goal against the minutes per day (oldest first, as the History gives them); None when off."""
    if goal_minutes <= 0:
        return None
    today_minutes = sum(m for day, m in last_days if day == today)
    met = sum(1 for _day, m in last_days if m >= goal_minutes)
    return GoalProgress(goal_minutes, today_minutes, met, len(last_days))


def goal_today_text(progress: GoalProgress) -> str:
    """One line for the tray and the reminders window: "Goal: 3 min of 5 min today"."""
    if progress.met:
        return _("Goal met today: {done} of {goal}").format(
            done=words.minutes(progress.today_minutes), goal=words.minutes(progress.goal_minutes)
        )
    return _("Goal: {done} of {goal} today").format(
        done=words.minutes(progress.today_minutes), goal=words.minutes(progress.goal_minutes)
    )


def goal_days_text(progress: GoalProgress) -> str:
    """How often the goal was met: "Met on 4 of the last 14 days"."""
    return ngettext(
        "Met on {met} of the last {n} day", "Met on {met} of the last {n} days", progress.days
    ).format(met=progress.days_met, n=progress.days)


def postpones_text(left: int) -> str:
    """What the prompt says about the limit: "2 snoozes or skips left today"."""
    if left <= 0:
        return _("No snoozes or skips left today.")
    return ngettext("{n} snooze or skip left today.", "{n} snoozes or skips left today.", left).format(n=left)
