"""Holds that progress across days: the rule over sequences of check-ins, and the timeline that uses it."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from stretchapp.core.checkin import CheckIn, Feeling
from stretchapp.core.model import Exercise, HoldLength, HoldRange, PhaseKind, Routine
from stretchapp.core.progression import GAP_DAYS, STEP_SECONDS, Why, plan_holds
from stretchapp.core.record import SessionRecord
from stretchapp.core.timeline import build_timeline

ZONE = timezone(timedelta(hours=1))
DAY1 = date(2026, 11, 2)
SCALENE = Exercise("Scalene stretch", ("Sit tall.",), HoldRange(15, 30), reps=2)
FIXED = Exercise("Chin tuck", ("Sit tall.",), HoldRange(10, 10))
ROUTINE = Routine("neck", "Neck", (SCALENE, FIXED), prepare=0, rest=0)

E, J, U, S = Feeling.EASY, Feeling.JUST_RIGHT, Feeling.UNCOMFORTABLE, Feeling.SHARP_PAIN


def session(day: date, hour: int, feeling: Feeling, hold: int, *, routine_id: str = "neck") -> SessionRecord:
    at = datetime(day.year, day.month, day.day, hour, 0, tzinfo=ZONE)
    checkin = CheckIn(0, SCALENE.name, feeling, hold, at)
    return SessionRecord(
        routine_id, "Neck", at, at + timedelta(minutes=2), 60, 60.0, 0.0, 4, 0, 4, True, (checkin,)
    )


def today_hold(records: list[SessionRecord], today: date) -> int:
    return plan_holds(ROUTINE, records, today)[0].seconds


def run_days(feelings: list[Feeling], *, every: int = 1) -> list[int]:
    """Play one session a day (every ``every`` days) at the hold the rule gives; the holds done."""
    records: list[SessionRecord] = []
    done = []
    for n, feeling in enumerate(feelings):
        day = DAY1 + timedelta(days=n * every)
        hold = today_hold(records, day)
        done.append(hold)
        records.append(session(day, 9, feeling, hold))
    return done


def test_no_checkins_start_at_the_short_end() -> None:
    (scalene, fixed) = plan_holds(ROUTINE, [], DAY1)
    assert (scalene.seconds, scalene.why) == (15, Why.FIRST)
    assert (fixed.seconds, fixed.why) == (10, Why.FIXED)


def test_easy_days_lengthen_by_a_step_up_to_the_long_end_and_no_further() -> None:
    assert STEP_SECONDS == 5
    assert run_days([E, J, E, J, E, E, J]) == [15, 20, 25, 30, 30, 30, 30]


def test_uncomfortable_backs_off_and_sharp_pain_returns_to_the_short_end() -> None:
    assert run_days([J, J, U, J, J, S, J]) == [15, 20, 25, 20, 25, 30, 15]
    assert run_days([U, U]) == [15, 15]  # never below the author's range


def test_several_sessions_a_day_lengthen_once_but_back_off_at_once() -> None:
    records = [session(DAY1, 9, J, 15)]
    later = DAY1 + timedelta(days=1)
    assert today_hold(records, later) == 20
    records += [session(later, 9, E, 20), session(later, 13, E, 20)]
    # Two easy sessions the same day do not make the third one longer that day...
    assert plan_holds(ROUTINE, records, later)[0].why is Why.SAME_DAY
    assert today_hold(records, later) == 20
    # ...but an uncomfortable one shortens the next at once.
    records.append(session(later, 17, U, 20))
    assert today_hold(records, later) == 15
    assert today_hold(records, later + timedelta(days=1)) == 15


def test_a_gap_of_days_steps_back_whatever_the_last_answer() -> None:
    records = [session(DAY1, 9, E, 25)]
    assert today_hold(records, DAY1 + timedelta(days=GAP_DAYS - 1)) == 30
    after_break = plan_holds(ROUTINE, records, DAY1 + timedelta(days=GAP_DAYS))[0]
    assert (after_break.seconds, after_break.why) == (20, Why.AFTER_BREAK)
    assert run_days([E, E, E], every=GAP_DAYS) == [15, 15, 15]


def test_other_routines_and_holds_outside_the_range_are_kept_in_bounds() -> None:
    records = [session(DAY1, 9, E, 15, routine_id="other")]
    assert today_hold(records, DAY1 + timedelta(days=1)) == 15
    # The author shortened the range since: the last hold is brought back inside it.
    assert today_hold([session(DAY1, 9, E, 90)], DAY1 + timedelta(days=1)) == 30


@pytest.mark.parametrize("feeling", list(Feeling))
def test_the_plan_says_why_in_words(feeling: Feeling) -> None:
    plan = plan_holds(ROUTINE, [session(DAY1, 9, feeling, 15)], DAY1 + timedelta(days=1))[0]
    line = plan.describe()
    assert line.startswith("Scalene stretch: ")
    assert feeling.label in line
    assert "15 s" in line


def test_the_timeline_uses_todays_holds_only_when_progressing_across_days() -> None:
    plans = plan_holds(ROUTINE, [session(DAY1, 9, J, 20)], DAY1 + timedelta(days=1))
    holds = {p.exercise_index: p.seconds for p in plans}
    timeline = build_timeline(ROUTINE, hold_length=HoldLength.ACROSS_DAYS, day_holds=holds)
    assert [p.seconds for p in timeline.phases if p.kind is PhaseKind.HOLD] == [25, 25, 10]
    short = build_timeline(ROUTINE, hold_length=HoldLength.SHORT, day_holds=holds)
    assert [p.seconds for p in short.phases if p.kind is PhaseKind.HOLD] == [15, 15, 10]
    # Without a plan (a fresh history), across-days holds are the short end.
    fresh = build_timeline(ROUTINE, hold_length=HoldLength.ACROSS_DAYS)
    assert [p.seconds for p in fresh.phases if p.kind is PhaseKind.HOLD] == [15, 15, 10]
