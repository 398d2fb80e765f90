"""Records made from ``core.records.Record`` behave as ``typing.NamedTuple`` classes do.

The model, the loader's problems, the settings and the library's summaries are records; a
difference from a named tuple would show up as a routine that cannot be copied, compared,
cached or sent to another process.
"""

from __future__ import annotations

import copy
import pickle
import typing
from pathlib import Path

import pytest

from stretchapp.core.kinds import PhaseKind, Side
from stretchapp.core.model import HoldRange, Phase, Routine, Timeline
from stretchapp.core.records import Record


class Hold(Record):
    """A hold, for the tests."""

    seconds: int
    side: str = "right"
    note: str | None = None

    @property
    def doubled(self) -> int:
        return self.seconds * 2

    def __str__(self) -> str:
        return f"{self.seconds} s on the {self.side}"


class TypedHold(typing.NamedTuple):
    """A hold, for the tests."""

    seconds: int
    side: str = "right"
    note: str | None = None


def test_a_record_is_the_named_tuple_typing_would_make() -> None:
    hold, typed = Hold(15), TypedHold(15)
    assert repr(hold).replace("Hold", "TypedHold") == repr(typed)
    assert Hold._fields == TypedHold._fields == Hold.__match_args__
    assert Hold._field_defaults == TypedHold._field_defaults == {"side": "right", "note": None}
    assert tuple(hold) == tuple(typed) == (15, "right", None)
    assert Hold.__doc__ == "A hold, for the tests."
    assert Hold.__module__ == __name__
    assert Hold.__qualname__ == "Hold"
    assert list(Hold.__annotations__) == ["seconds", "side", "note"]


def test_a_record_keeps_its_methods_and_properties() -> None:
    hold = Hold(20, side="left")
    assert hold.doubled == 40
    assert str(hold) == "20 s on the left"


def test_a_record_cannot_be_changed_only_copied_with_changes() -> None:
    hold = Hold(15)
    with pytest.raises(AttributeError):
        hold.seconds = 30  # type: ignore[misc]
    longer = hold._replace(seconds=30)
    assert (hold.seconds, longer.seconds, longer.side) == (15, 30, "right")
    assert hold == Hold(15) and hold != longer
    assert len({hold, Hold(15), longer}) == 2


def test_a_record_survives_pickling() -> None:
    hold = Hold(25, "left", "slowly")
    assert pickle.loads(pickle.dumps(hold)) == hold


def test_a_field_without_a_default_after_one_with_a_default_is_refused() -> None:
    with pytest.raises(TypeError, match="default"):

        class _Bad(Record):
            side: str = "right"
            seconds: int  # type: ignore[misc]


def test_a_record_cannot_redefine_what_the_named_tuple_defines() -> None:
    with pytest.raises(AttributeError):

        class _Bad(Record):
            seconds: int

            def _replace(self, **changes: object) -> _Bad:  # type: ignore[misc]
                return self


def test_a_routine_from_the_model_copies_and_compares_as_before() -> None:
    routine = Routine("r", "Neck", (), source=Path("r.yaml"))
    renamed = routine._replace(title="Hals")
    assert (routine.title, renamed.title, renamed.source) == ("Neck", "Hals", Path("r.yaml"))
    assert routine == Routine("r", "Neck", (), source=Path("r.yaml")) != renamed
    assert HoldRange(15, 30).is_range and not HoldRange(15, 15).is_range


def _phase(seconds: int, index: int = 0) -> Phase:
    return Phase(PhaseKind.HOLD, index, "Stretch", seconds, "Hold it", Side.RIGHT)


def test_a_timeline_cannot_be_changed_and_compares_by_its_routine_and_phases() -> None:
    routine = Routine("r", "Neck", ())
    timeline = Timeline(routine, (_phase(5), _phase(15, 1)))
    assert timeline.total_seconds == 20
    assert timeline.seconds_after(0) == 15
    assert timeline.exercise_count == 2
    with pytest.raises(AttributeError):
        timeline.phases = ()
    assert timeline == Timeline(routine, (_phase(5), _phase(15, 1)))
    assert timeline != Timeline(routine, (_phase(5),))
    assert hash(timeline) == hash(Timeline(routine, (_phase(5), _phase(15, 1))))


def test_a_timeline_can_be_copied_and_pickled() -> None:
    timeline = Timeline(Routine("r", "Neck", ()), (_phase(5), _phase(15, 1)))
    for copied in (copy.copy(timeline), copy.deepcopy(timeline), pickle.loads(pickle.dumps(timeline))):
        assert copied == timeline
        assert copied.total_seconds == 20 and copied.exercise_number(1) == 2
