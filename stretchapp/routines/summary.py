"""What the library shows of a routine before it is opened: kept in the routine cache (no Qt).

The list needs each routine's id, title, description, tags, exercise count and length; the
whole routine (steps, prompts, pictures, cautions) is needed only once one is selected,
opened or played. Keeping the summary apart lets a library of thousands of routines show
without decoding them all; reading a summary back imports neither the model nor the timeline.
"""

from __future__ import annotations

from stretchapp.core.kinds import HoldLength
from stretchapp.core.records import Record

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (see docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any

    from stretchapp.core.model import Routine

_HOLDS = tuple(HoldLength)
_HOLD_NAMES = tuple(hold.value for hold in _HOLDS)


class RoutineSummary(Record):
    """A routine's id, title, description, tags, exercise count and length for each hold length.

    A named tuple rather than a dataclass: it is made at every start, before the first paint.
    """

    id: str
    title: str
    description: str
    tags: tuple[str, ...]
    exercises: int
    seconds: tuple[int, ...]  # one per HoldLength, in the enum's order

    @classmethod
    def of(cls, routine: Routine) -> RoutineSummary:
        """The summary of ``routine``, which is at hand, so the timeline may be imported now."""
        from stretchapp.core.timeline import routine_seconds  # noqa: PLC0415 - not for a cached list

        return cls(
            routine.id,
            routine.title,
            routine.description,
            routine.tags,
            len(routine.exercises),
            tuple(routine_seconds(routine, hold) for hold in _HOLDS),
        )

    def total_seconds(self, hold: HoldLength) -> int:
        """Seconds the routine takes with holds of length ``hold``."""
        return self.seconds[_HOLDS.index(hold)]

    def to_data(self) -> list[Any]:
        seconds = {hold.value: value for hold, value in zip(_HOLDS, self.seconds, strict=True)}
        return [self.id, self.title, self.description, list(self.tags), self.exercises, seconds]

    @classmethod
    def from_data(cls, data: Any) -> RoutineSummary:
        """The summary ``data`` stands for; ValueError for anything else (the cache is not trusted)."""
        if type(data) is not list or len(data) != 6:
            raise ValueError("a routine summary needs 6 fields")
        routine_id, title, description, tags, exercises, seconds = data
        if type(routine_id) is not str or type(title) is not str or type(description) is not str:
            raise ValueError("a summary's id, title and description are text")
        if not routine_id or not title:
            raise ValueError("a summary needs its id and title")
        if type(tags) is not list or any(type(t) is not str for t in tags):
            raise ValueError("a summary's tags are a list of text")
        if (
            type(exercises) is not int
            or exercises < 1
            or type(seconds) is not dict
            or len(seconds) != len(_HOLDS)
        ):
            raise ValueError("a summary needs its exercise count and lengths")
        totals = tuple(seconds.get(hold) for hold in _HOLD_NAMES)
        if any(type(t) is not int or t < 0 for t in totals):  # type() also refuses True and 1.5
            raise ValueError("a summary needs a length for each hold length")
        return cls(routine_id, title, description, tuple(tags), exercises, totals)  # type: ignore[arg-type]
