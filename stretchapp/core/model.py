"""Plain data types of a routine and its timeline (no Qt, no I/O).

A :class:`Routine` is what a valid YAML file describes, its text in one language, with the
:class:`Translation` of every language the file offers. A :class:`Phase` is one step of the
expanded timeline (get ready, hold, rest) with its side, rep and rendered prompt.

They are immutable named tuples: a change makes a new value (``routine._replace(title=...)``),
and ``Class._fields`` lists the fields in order. Frozen dataclasses did the same but cost
~2 ms each to define, and importing ``dataclasses`` (with ``inspect``) ~12 ms more: a
third of a quick command's whole time. :class:`Timeline`, which keeps derived figures, is a
small class of its own.
"""

from __future__ import annotations

from pathlib import Path

from stretchapp.core.i18n import N_, _
from stretchapp.core.kinds import HoldLength, Order, PhaseKind, Side, Sides
from stretchapp.core.records import Record

__all__ = [
    "Exercise",
    "HoldLength",
    "HoldRange",
    "Order",
    "Phase",
    "PhaseKind",
    "Routine",
    "Side",
    "Sides",
    "Text",
    "Timeline",
    "Translation",
]


class HoldRange(Record):
    """Hold time in seconds; ``low == high`` for a fixed hold."""

    low: int
    high: int

    @property
    def is_range(self) -> bool:
        return self.low != self.high


class Exercise(Record):
    """One exercise of a routine, as written (prompts not yet rendered for a side)."""

    name: str
    steps: tuple[str, ...]
    hold: HoldRange
    reps: int = 1
    sides: Sides = Sides.NONE
    order: Order = Order.BY_SIDE
    hold_prompt: str | None = None
    image: Path | None = None
    image_left: Path | None = None
    notes: str | None = None

    @property
    def is_sided(self) -> bool:
        return self.sides is not Sides.NONE


class Text(Record):
    """One piece of a routine's text in some language, by where it sits in the routine.

    ``key`` is ``title``, ``description``, ``cautions.N``, ``contraindications.N``,
    ``exercises.N.name``, ``exercises.N.steps.M`` or ``exercises.N.hold_prompt`` (from 0).
    """

    key: str
    text: str


class Translation(Record):
    """A routine's text in one language (``de``, ``de_AT``): only the pieces that are usable."""

    language: str
    texts: tuple[Text, ...] = ()


class Routine(Record):
    """A validated routine. ``id`` is the file stem; ``source`` the file it came from.

    ``citations`` are what the file's ``source:`` key names (articles, addresses) the routine
    follows; ``contraindications`` are shown with the cautions before the first start.
    """

    id: str
    title: str
    exercises: tuple[Exercise, ...]
    description: str = ""
    tags: tuple[str, ...] = ()
    cautions: tuple[str, ...] = ()
    prepare: int = 5
    rest: int = 5
    source: Path | None = None
    contraindications: tuple[str, ...] = ()
    author: str | None = None
    reviewed_by: str | None = None
    citations: tuple[str, ...] = ()
    licence: str | None = None
    # The language the text fields are in now, the language the file is written in, and
    # every language the routine can be shown in (the file's own included): see core.localize.
    language: str = "en"
    source_language: str = "en"
    translations: tuple[Translation, ...] = ()


class Phase(Record):
    """One step of a timeline: what to do, on which side, for how long."""

    kind: PhaseKind
    exercise_index: int
    exercise: str
    seconds: int
    prompt: str
    side: Side | None = None
    rep: int = 1
    reps: int = 1
    steps: tuple[str, ...] = ()
    image: Path | None = None
    mirror_image: bool = False

    @property
    def label(self) -> str:
        """The phase in words: "Get ready", "Hold" or "Rest"."""
        return _(_KIND_LABELS[self.kind])

    @property
    def position(self) -> str:
        """Side and rep in words a person grasps at a glance, e.g. "Right side, rep 2 of 3"."""
        # One whole sentence per side, so a language can inflect the side word as it needs.
        if self.side is Side.RIGHT:
            text = _("Right side, rep {rep} of {reps}")
        elif self.side is Side.LEFT:
            text = _("Left side, rep {rep} of {reps}")
        else:
            text = _("Rep {rep} of {reps}")
        return text.format(rep=self.rep, reps=self.reps)

    @property
    def position_in_sentence(self) -> str:
        """:attr:`position` inside a sentence, after a comma: "right side, rep 2 of 3"."""
        if self.side is Side.RIGHT:
            text = _("right side, rep {rep} of {reps}")
        elif self.side is Side.LEFT:
            text = _("left side, rep {rep} of {reps}")
        else:
            text = _("rep {rep} of {reps}")
        return text.format(rep=self.rep, reps=self.reps)


_KIND_LABELS = {PhaseKind.PREPARE: N_("Get ready"), PhaseKind.HOLD: N_("Hold"), PhaseKind.REST: N_("Rest")}


class Timeline:
    """A routine expanded into phases, in order (immutable; equal when routine and phases are)."""

    __slots__ = ("_exercise_numbers", "_to_end", "phases", "routine")

    routine: Routine
    phases: tuple[Phase, ...]
    # Seconds from each phase to the end, so the player's once-a-second figures cost nothing.
    _to_end: tuple[int, ...]
    # Each phase's exercise counted from 1 within this timeline (which may start part-way).
    _exercise_numbers: tuple[int, ...]

    def __init__(self, routine: Routine, phases: tuple[Phase, ...] = ()) -> None:
        to_end = [0] * (len(phases) + 1)
        for index in range(len(phases) - 1, -1, -1):
            to_end[index] = to_end[index + 1] + phases[index].seconds
        numbers: dict[int, int] = {}
        for phase in phases:
            numbers.setdefault(phase.exercise_index, len(numbers) + 1)
        for name, value in (
            ("routine", routine),
            ("phases", phases),
            ("_to_end", tuple(to_end)),
            ("_exercise_numbers", tuple(numbers[p.exercise_index] for p in phases)),
        ):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Timeline cannot be changed (set {name!r})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Timeline cannot be changed (delete {name!r})")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Timeline):
            return NotImplemented
        return (self.routine, self.phases) == (other.routine, other.phases)

    def __hash__(self) -> int:
        return hash((self.routine, self.phases))

    def __repr__(self) -> str:
        return f"Timeline(routine={self.routine!r}, phases={self.phases!r})"

    def __reduce__(self) -> tuple[type[Timeline], tuple[Routine, tuple[Phase, ...]]]:
        # Copied or pickled by being made again: restoring the slots one by one would be refused.
        return (Timeline, (self.routine, self.phases))

    @property
    def total_seconds(self) -> int:
        return self._to_end[0]

    @property
    def exercise_count(self) -> int:
        """How many exercises the timeline covers (fewer when it starts part-way)."""
        return max(self._exercise_numbers, default=0)

    def exercise_number(self, index: int) -> int:
        """Which of the timeline's exercises phase ``index`` belongs to, counted from 1."""
        return self._exercise_numbers[index]

    def seconds_after(self, index: int) -> int:
        """Planned seconds of the phases that follow phase ``index``."""
        return self._to_end[min(index + 1, len(self.phases))]
