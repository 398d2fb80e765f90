"""Holds that progress across days: today's hold for each exercise from its check-ins (no Qt, no I/O).

The rule, for an exercise whose hold is a range (the scalene stretch: 15-30 s), read from the
exercise's latest check-in in this routine (matched by the exercise's name, so reordering a
routine keeps its progress):

- no check-in yet: the short end of the range;
- last rated Easy or Just right on an earlier day: that hold plus :data:`STEP_SECONDS`;
- last rated Easy or Just right today: that hold again (a hold lengthens once a day at most,
  however many sessions a day brings);
- last rated Uncomfortable: that hold minus :data:`STEP_SECONDS`, at once, even the same day;
- last rated Sharp pain: back to the short end;
- the last check-in :data:`GAP_DAYS` or more days ago: one step back from that hold, whatever
  its answer (a long break loses some of the ease gained).

The result never leaves the author's range. A fixed hold (``low == high``) is always itself.
:func:`plan_holds` is a pure function of the routine, the sessions' check-ins and the day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum

from stretchapp.core import text as words
from stretchapp.core.checkin import CheckIn, Feeling
from stretchapp.core.i18n import _
from stretchapp.core.model import HoldRange, Routine
from stretchapp.core.record import SessionRecord

STEP_SECONDS = 5  # how much a hold lengthens or shortens from one day to the next
GAP_DAYS = 7  # a check-in this many days old or older counts as a break


class Why(str, Enum):
    """Why today's hold is what it is."""

    FIXED = "fixed"  # the exercise has one hold time
    FIRST = "first"  # no check-in yet
    LONGER = "longer"  # easy or just right on an earlier day
    SAME_DAY = "same-day"  # easy or just right today already
    SHORTER = "shorter"  # uncomfortable
    RESTART = "restart"  # sharp pain
    AFTER_BREAK = "after-break"  # the last check-in is GAP_DAYS or more old


@dataclass(frozen=True)
class HoldPlan:
    """The hold of one exercise on ``today`` and the check-in it follows from (None for none)."""

    exercise_index: int
    exercise: str
    seconds: int
    why: Why
    today: date
    last: CheckIn | None = None

    def describe(self) -> str:
        """The plan in words: "Scalene stretch: 20 s (last time: Just right, 15 s)"."""
        return _("{exercise}: {hold} ({why})").format(
            exercise=self.exercise, hold=words.seconds(self.seconds), why=self.reason()
        )

    def reason(self) -> str:
        """Why, in words a person reads beside the hold."""
        if self.why is Why.FIXED:
            return _("a fixed hold")
        if self.why is Why.FIRST or self.last is None:
            return _("first time: the short end")
        last = _("last time: {feeling}, {hold}").format(
            feeling=self.last.feeling.label, hold=words.seconds(self.last.hold_seconds)
        )
        if self.why is Why.SAME_DAY:
            return _("{last}; it lengthens tomorrow").format(last=last)
        if self.why is Why.AFTER_BREAK:
            return _("{last}, {days} ago; a step back after the break").format(
                last=last, days=words.days(self.days_since)
            )
        if self.why is Why.RESTART:
            return _("{last}; back to the short end").format(last=last)
        return last

    @property
    def days_since(self) -> int:
        return 0 if self.last is None else max(0, (self.today - self.last.at.date()).days)


def next_hold(hold: HoldRange, last: CheckIn | None, today: date) -> tuple[int, Why]:
    """Today's seconds for a hold of range ``hold`` after its latest check-in ``last``."""
    if not hold.is_range:
        return hold.low, Why.FIXED
    if last is None:
        return hold.low, Why.FIRST
    before = min(max(last.hold_seconds, hold.low), hold.high)
    if last.feeling is Feeling.SHARP_PAIN:
        seconds, why = hold.low, Why.RESTART
    elif (today - last.at.date()).days >= GAP_DAYS:
        seconds, why = before - STEP_SECONDS, Why.AFTER_BREAK
    elif last.feeling is Feeling.UNCOMFORTABLE:
        seconds, why = before - STEP_SECONDS, Why.SHORTER
    elif last.at.date() >= today:
        seconds, why = before, Why.SAME_DAY
    else:
        seconds, why = before + STEP_SECONDS, Why.LONGER
    return min(max(seconds, hold.low), hold.high), why


def latest_checkins(records: Iterable[SessionRecord], routine_id: str) -> dict[str, CheckIn]:
    """Each exercise's latest check-in in routine ``routine_id``, by exercise name."""
    latest: dict[str, CheckIn] = {}
    for record in records:
        if record.routine_id != routine_id:
            continue
        for each in record.checkins:
            known = latest.get(each.exercise)
            if known is None or each.at >= known.at:
                latest[each.exercise] = each
    return latest


def plan_holds(routine: Routine, records: Iterable[SessionRecord], today: date) -> tuple[HoldPlan, ...]:
    """Today's hold of every exercise of ``routine``, given the sessions in ``records``."""
    return plan_from_latest(routine, latest_checkins(records, routine.id), today)


def plan_from_latest(routine: Routine, latest: Mapping[str, CheckIn], today: date) -> tuple[HoldPlan, ...]:
    """As :func:`plan_holds`, from each exercise's latest check-in by name (what the history reads)."""
    plans = []
    for index, exercise in enumerate(routine.exercises):
        last = latest.get(exercise.name)
        seconds, why = next_hold(exercise.hold, last, today)
        plans.append(HoldPlan(index, exercise.name, seconds, why, today, None if why is Why.FIXED else last))
    return tuple(plans)


def hold_overrides(plans: Iterable[HoldPlan]) -> Mapping[int, int]:
    """The seconds of each planned hold by exercise index, as the timeline takes them."""
    return {plan.exercise_index: plan.seconds for plan in plans}
