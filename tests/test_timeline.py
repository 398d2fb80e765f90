"""The timeline: reps and sides in the right order, prompts mirrored, holds timed as chosen."""

from __future__ import annotations

from pathlib import Path

import pytest

from stretchapp.core.model import Exercise, HoldLength, HoldRange, Order, PhaseKind, Routine, Side, Sides
from stretchapp.core.prompts import placeholders, render
from stretchapp.core.timeline import DEFAULT_HOLD_PROMPT, build_timeline, hold_seconds


def exercise(**overrides: object) -> Exercise:
    values: dict[str, object] = {
        "name": "Turn",
        "steps": ("Turn your head to the {side}.", "Hold your {other_side} wrist with your {side} hand."),
        "hold": HoldRange(15, 15),
        "reps": 3,
        "sides": Sides.BOTH,
        "hold_prompt": "Breathe; feel it on the {other_side} side.",
    }
    values.update(overrides)
    return Exercise(**values)  # type: ignore[arg-type]


def routine(*exercises: Exercise, prepare: int = 5, rest: int = 5) -> Routine:
    return Routine(id="r", title="R", exercises=exercises, prepare=prepare, rest=rest)


def holds(r: Routine, **kwargs: object) -> list[tuple[Side | None, int, int]]:
    timeline = build_timeline(r, **kwargs)  # type: ignore[arg-type]
    return [(p.side, p.rep, p.seconds) for p in timeline.phases if p.kind is PhaseKind.HOLD]


def test_by_side_does_every_right_rep_before_the_left() -> None:
    sides = [side for side, _, _ in holds(routine(exercise()))]
    assert sides == [Side.RIGHT] * 3 + [Side.LEFT] * 3


def test_alternate_switches_side_after_every_hold() -> None:
    result = holds(routine(exercise(order=Order.ALTERNATE)))
    assert [(s, r) for s, r, _ in result] == [
        (Side.RIGHT, 1),
        (Side.LEFT, 1),
        (Side.RIGHT, 2),
        (Side.LEFT, 2),
        (Side.RIGHT, 3),
        (Side.LEFT, 3),
    ]


def test_first_side_setting_starts_on_the_left() -> None:
    sides = [side for side, _, _ in holds(routine(exercise()), first_side=Side.LEFT)]
    assert sides == [Side.LEFT] * 3 + [Side.RIGHT] * 3


@pytest.mark.parametrize(
    ("sides", "expected"), [(Sides.NONE, None), (Sides.LEFT, Side.LEFT), (Sides.RIGHT, Side.RIGHT)]
)
def test_single_sided_and_unsided_exercises(sides: Sides, expected: Side | None) -> None:
    ex = exercise(sides=sides, steps=("Roll your shoulders.",), hold_prompt=None)
    assert [s for s, _, _ in holds(routine(ex))] == [expected] * 3


def test_each_hold_has_a_get_ready_before_it_and_a_rest_after_it_except_the_last() -> None:
    kinds = [
        p.kind
        for p in build_timeline(
            routine(exercise(reps=2, sides=Sides.NONE, steps=("Sit.",), hold_prompt=None))
        ).phases
    ]
    assert kinds == [PhaseKind.PREPARE, PhaseKind.HOLD, PhaseKind.REST, PhaseKind.PREPARE, PhaseKind.HOLD]


def test_zero_prepare_and_rest_leave_only_holds() -> None:
    timeline = build_timeline(routine(exercise(), prepare=0, rest=0))
    assert {p.kind for p in timeline.phases} == {PhaseKind.HOLD}
    assert timeline.total_seconds == 6 * 15


def test_left_prompts_mirror_the_right_ones() -> None:
    timeline = build_timeline(routine(exercise()))
    right = next(p for p in timeline.phases if p.kind is PhaseKind.PREPARE and p.side is Side.RIGHT)
    left = next(p for p in timeline.phases if p.kind is PhaseKind.PREPARE and p.side is Side.LEFT)
    assert right.steps == ("Turn your head to the right.", "Hold your left wrist with your right hand.")
    assert left.steps == ("Turn your head to the left.", "Hold your right wrist with your left hand.")
    left_hold = next(p for p in timeline.phases if p.kind is PhaseKind.HOLD and p.side is Side.LEFT)
    assert left_hold.prompt == "Breathe; feel it on the right side."


def test_left_phase_mirrors_the_drawing_unless_a_left_drawing_is_named(tmp_path: Path) -> None:
    drawing, left_drawing = tmp_path / "a.svg", tmp_path / "a-left.svg"
    mirrored = build_timeline(routine(exercise(image=drawing))).phases
    assert {(p.side, p.image, p.mirror_image) for p in mirrored if p.kind is PhaseKind.HOLD} == {
        (Side.RIGHT, drawing, False),
        (Side.LEFT, drawing, True),
    }
    own = build_timeline(routine(exercise(image=drawing, image_left=left_drawing))).phases
    assert {(p.side, p.image, p.mirror_image) for p in own if p.kind is PhaseKind.HOLD} == {
        (Side.RIGHT, drawing, False),
        (Side.LEFT, left_drawing, False),
    }


def test_range_holds_short_long_and_progressive() -> None:
    ex = exercise(hold=HoldRange(15, 30), sides=Sides.NONE, steps=("Sit.",), hold_prompt=None)
    assert [s for _, _, s in holds(routine(ex))] == [15, 15, 15]
    assert [s for _, _, s in holds(routine(ex), hold_length=HoldLength.LONG)] == [30, 30, 30]
    assert [s for _, _, s in holds(routine(ex), hold_length=HoldLength.PROGRESSIVE)] == [15, 23, 30]
    assert hold_seconds(HoldRange(15, 30), 1, 1, HoldLength.PROGRESSIVE) == 15


def test_rest_prompt_says_what_comes_next() -> None:
    second = exercise(name="Tilt", sides=Sides.NONE, reps=1, steps=("Tilt.",), hold_prompt=None)
    rests = [p.prompt for p in build_timeline(routine(exercise(), second)).phases if p.kind is PhaseKind.REST]
    assert "Next: left side" in rests[2]
    assert rests[-1].endswith("Next: Tilt.")
    assert "Next" not in rests[0]


def test_missing_hold_prompt_gets_a_default() -> None:
    timeline = build_timeline(routine(exercise(hold_prompt=None)))
    assert next(p for p in timeline.phases if p.kind is PhaseKind.HOLD).prompt == DEFAULT_HOLD_PROMPT


def test_start_exercise_skips_the_earlier_ones() -> None:
    second = exercise(name="Tilt", sides=Sides.NONE, reps=1, steps=("Tilt.",), hold_prompt=None)
    timeline = build_timeline(routine(exercise(), second), start_exercise=1)
    assert {p.exercise for p in timeline.phases} == {"Tilt"}
    with pytest.raises(IndexError):
        build_timeline(routine(exercise()), start_exercise=3)


def test_exercises_are_numbered_from_one_in_the_timeline() -> None:
    second = exercise(name="Tilt", sides=Sides.NONE, reps=2, steps=("Tilt.",), hold_prompt=None)
    third = exercise(name="Roll", sides=Sides.NONE, reps=1, steps=("Roll.",), hold_prompt=None)
    whole = build_timeline(routine(exercise(), second, third))
    assert whole.exercise_count == 3
    numbers = [(p.exercise, whole.exercise_number(i)) for i, p in enumerate(whole.phases)]
    assert sorted(set(numbers), key=lambda n: n[1]) == [("Turn", 1), ("Tilt", 2), ("Roll", 3)]
    late = build_timeline(routine(exercise(), second, third), start_exercise=1)
    assert late.exercise_count == 2
    assert [late.exercise_number(i) for i in (0, len(late.phases) - 1)] == [1, 2]


def test_phase_position_reads_like_a_sentence() -> None:
    phases = build_timeline(routine(exercise())).phases
    assert phases[4].position == "Right side, rep 2 of 3"
    assert phases[4].label == "Hold"
    unsided = build_timeline(routine(exercise(sides=Sides.NONE, steps=("Sit.",), hold_prompt=None))).phases
    assert unsided[0].position == "Rep 1 of 3"


def test_placeholders_and_escaped_braces() -> None:
    assert placeholders("a {side} b {{literal}} {oops}") == [(2, "side"), (23, "oops")]
    assert render("{{not a field}} {side}", Side.LEFT) == "{not a field} left"


def test_routine_seconds_is_the_timeline_s_total_for_every_hold_length() -> None:
    from stretchapp.core.model import HoldLength
    from stretchapp.core.timeline import build_timeline, routine_seconds
    from stretchapp.routines.library import load_library

    for entry in load_library().entries:
        for hold in HoldLength:
            total = build_timeline(entry.routine, hold_length=hold).total_seconds
            assert routine_seconds(entry.routine, hold) == total, (entry.routine.id, hold)
