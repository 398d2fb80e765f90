"""How a stretch felt: the check-in after each exercise, and what the history says about them (no Qt).

A :class:`CheckIn` is one answer to "How did that feel?" after both sides of an exercise are
done. Check-ins travel inside the session's :class:`~stretchapp.core.record.SessionRecord`,
kept as compact JSON text (:func:`to_json`, :func:`from_json`), so the history's journal and
database keep them with the session they belong to. :func:`exercise_days` turns many
sessions into each exercise's check-ins day by day, for the History view and
``stretchapp history --json``. The safety advice shown after "Sharp pain" is here too, so
the window and the command line say the same thing.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

from stretchapp.core.i18n import N_, _
from stretchapp.core.kinds import PhaseKind
from stretchapp.core.model import Routine, Timeline

MAX_CHECKINS = 100  # a routine with more exercises than this is not one a person runs
MAX_NAME = 200  # characters of an exercise's name kept with its check-in
CHECKIN_DAYS = 14  # the History view's window


class Feeling(str, Enum):
    """The four answers, mildest first; the value is what the history keeps."""

    EASY = "easy"
    JUST_RIGHT = "just-right"
    UNCOMFORTABLE = "uncomfortable"
    SHARP_PAIN = "sharp-pain"

    @property
    def label(self) -> str:
        """The answer in words, as on its button."""
        return _(_LABELS[self])

    @property
    def key(self) -> int:
        """The number key that gives this answer: 1 to 4."""
        return list(Feeling).index(self) + 1

    @property
    def eases_off(self) -> bool:
        """Whether the next hold should be shorter, not longer."""
        return self in {Feeling.UNCOMFORTABLE, Feeling.SHARP_PAIN}


_LABELS = {
    Feeling.EASY: N_("Easy"),
    Feeling.JUST_RIGHT: N_("Just right"),
    Feeling.UNCOMFORTABLE: N_("Uncomfortable"),
    Feeling.SHARP_PAIN: N_("Sharp pain"),
}


def feeling_for_key(key: int) -> Feeling | None:
    """The answer number key ``key`` gives (1 to 4), or None."""
    answers = list(Feeling)
    return answers[key - 1] if 1 <= key <= len(answers) else None


@dataclass(frozen=True)
class CheckIn:
    """One answer: which exercise (its place in the routine and its name), how it felt, when,
    and the hold it was done at (the longest hold of that exercise in the session)."""

    exercise_index: int
    exercise: str
    feeling: Feeling
    hold_seconds: int
    at: datetime


# -- kept as text ---------------------------------------------------------------------------------
def to_items(checkins: Sequence[CheckIn]) -> list[dict[str, object]]:
    """Check-ins as plain values, the form the journal and the exports keep."""
    return [
        {
            "exercise_index": each.exercise_index,
            "exercise": each.exercise,
            "feeling": each.feeling.value,
            "hold_seconds": each.hold_seconds,
            "at": each.at.isoformat(),
        }
        for each in checkins
    ]


def to_json(checkins: Sequence[CheckIn]) -> str:
    """``checkins`` as compact JSON text: ``[]`` for none."""
    return json.dumps(to_items(checkins), ensure_ascii=True, allow_nan=False, separators=(",", ":"))


def from_json(text: object) -> tuple[CheckIn, ...]:
    """The check-ins kept in ``text`` (None or empty: none). Raises ValueError for anything else,
    so a damaged value is refused like any other unreadable field."""
    if text is None or text == "":
        return ()
    if not isinstance(text, str):
        raise ValueError("check-ins are not text")
    try:
        items = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        raise ValueError(f"check-ins are not JSON: {error}") from None
    return from_items(items)


def from_items(items: object) -> tuple[CheckIn, ...]:
    """Check-ins from decoded JSON (a list of objects), every field checked."""
    if not isinstance(items, list) or len(items) > MAX_CHECKINS:
        raise ValueError("check-ins are not a list of a sensible length")
    return tuple(_item(item) for item in items)


def _item(item: object) -> CheckIn:
    if not isinstance(item, dict):
        raise ValueError("a check-in is not an object")
    index, name, feeling, hold, at = (
        item.get(key) for key in ("exercise_index", "exercise", "feeling", "hold_seconds", "at")
    )
    if type(index) is not int or not 0 <= index < MAX_CHECKINS:
        raise ValueError("a check-in's exercise number is wrong")
    if not isinstance(name, str) or len(name) > MAX_NAME:
        raise ValueError("a check-in's exercise name is wrong")
    name.encode("utf-8")  # a lone surrogate from a \ud800 escape cannot be stored
    if type(hold) is not int or not 0 <= hold <= 86_400:
        raise ValueError("a check-in's hold is wrong")
    if not isinstance(at, str):
        raise ValueError("a check-in's time is wrong")
    moment = datetime.fromisoformat(at)
    if moment.tzinfo is None:
        raise ValueError("a check-in's time has no time zone")
    return CheckIn(index, name, Feeling(feeling), hold, moment)


# -- during a session -----------------------------------------------------------------------------
def due_at_phase(timeline: Timeline, index: int) -> int | None:
    """The exercise whose check-in is due as phase ``index`` starts, or None.

    It is due when the phase before was that exercise's last hold (both sides done), so the
    question comes with the rest or get-ready that follows; ``index`` equal to the number of
    phases is the end of the routine.
    """
    phases = timeline.phases
    if not 0 < index <= len(phases):
        return None
    before = phases[index - 1]
    if before.kind is not PhaseKind.HOLD:
        return None
    later = phases[index:]
    if any(p.kind is PhaseKind.HOLD and p.exercise_index == before.exercise_index for p in later):
        return None
    return before.exercise_index


def without_exercises(routine: Routine, names: Iterable[str]) -> Routine:
    """``routine`` without the exercises called ``names`` (left out after a sharp pain)."""
    leave = set(names)
    if not leave:
        return routine
    return routine._replace(exercises=tuple(e for e in routine.exercises if e.name not in leave))


def hold_done(timeline: Timeline, exercise_index: int) -> int:
    """The longest hold of exercise ``exercise_index`` in ``timeline``, in seconds (0 if none)."""
    return max(
        (
            p.seconds
            for p in timeline.phases
            if p.kind is PhaseKind.HOLD and p.exercise_index == exercise_index
        ),
        default=0,
    )


# -- over many sessions ---------------------------------------------------------------------------
@dataclass(frozen=True)
class ExerciseDays:
    """One exercise's check-ins over the last days: ``days`` holds, per day oldest first, its answers."""

    routine_id: str
    title: str
    exercise: str
    days: tuple[tuple[date, tuple[Feeling, ...]], ...]

    @property
    def total(self) -> int:
        return sum(len(feelings) for _day, feelings in self.days)

    def to_dict(self) -> dict[str, object]:
        return {
            "routine_id": self.routine_id,
            "title": self.title,
            "exercise": self.exercise,
            "days": [
                {"day": day.isoformat(), "checkins": [feeling.value for feeling in feelings]}
                for day, feelings in self.days
                if feelings
            ],
        }


def exercise_days(
    sessions: Iterable[tuple[str, str, Sequence[CheckIn]]], today: date, *, days: int = CHECKIN_DAYS
) -> list[ExerciseDays]:
    """Each exercise's check-ins on the ``days`` days up to ``today``, from (routine id, title,
    check-ins) per session; exercises with no check-in in that window are left out."""
    first = today - timedelta(days=days - 1)
    found: dict[tuple[str, str], dict[date, list[Feeling]]] = {}
    titles: dict[str, str] = {}
    for routine_id, title, checkins in sessions:
        for each in checkins:
            day = each.at.date()
            if first <= day <= today:
                titles[routine_id] = title
                found.setdefault((routine_id, each.exercise), {}).setdefault(day, []).append(each.feeling)
    result = []
    for (routine_id, exercise), by_day in sorted(
        found.items(), key=lambda item: (titles[item[0][0]], item[0][1])
    ):
        span = tuple(
            (first + timedelta(days=n), tuple(by_day.get(first + timedelta(days=n), ()))) for n in range(days)
        )
        result.append(ExerciseDays(routine_id, titles[routine_id], exercise, span))
    return result


def feeling_score(feelings: Sequence[Feeling]) -> float:
    """The mean answer of a day, 1 (easy) to 4 (sharp pain); NaN for none (for a chart's height)."""
    if not feelings:
        return math.nan
    return sum(feeling.key for feeling in feelings) / len(feelings)


# -- after "Sharp pain" ---------------------------------------------------------------------------
def safety_advice() -> tuple[str, ...]:
    """What to do after a sharp pain, a line each: stop, when to see a doctor, when it is urgent."""
    return (
        _("Stop stretching for now. A stretch should feel like a gentle pull, never a sharp pain."),
        _(
            "See a doctor if the pain began after an injury or a fall, if you feel numbness, tingling "
            "or weakness in an arm or a hand, or if the pain lasts longer than a week or keeps coming back."
        ),
        _("Get emergency care at once if your neck is stiff and you have a fever or a severe headache."),
    )
