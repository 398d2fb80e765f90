"""The routines shipped with the app: valid, true to the articles, and correct on both sides."""

from __future__ import annotations

import re

import pytest

from stretchapp import resources
from stretchapp.core.model import HoldLength, HoldRange, PhaseKind, Side, Sides
from stretchapp.core.timeline import build_timeline
from stretchapp.routines.loader import load_routine

pytestmark = pytest.mark.usefixtures("yaml_parser")

BUNDLED = sorted(p for p in resources.bundled_routines_dir().glob("*.yaml") if "." not in p.stem)


def swap_sides(text: str) -> str:
    return re.sub(r"\b(right|left)\b", lambda m: {"right": "left", "left": "right"}[m.group(1)], text)


def test_there_are_bundled_routines() -> None:
    assert {p.stem for p in BUNDLED} >= {"neck-relief", "quick-neck-break"}


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_routine_validates_and_plans(path) -> None:  # type: ignore[no-untyped-def]
    routine = load_routine(path)
    timeline = build_timeline(routine)
    assert timeline.phases and timeline.total_seconds > 0
    for exercise in routine.exercises:
        assert exercise.image is not None and exercise.image.is_file(), f"{exercise.name} has no drawing"


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_left_prompts_are_the_right_prompts_mirrored(path) -> None:  # type: ignore[no-untyped-def]
    timeline = build_timeline(load_routine(path))
    by_slot: dict[tuple[int, PhaseKind, int, Side], tuple[str, tuple[str, ...]]] = {
        (p.exercise_index, p.kind, p.rep, p.side): (p.prompt, p.steps)
        for p in timeline.phases
        if p.side is not None
    }
    checked = 0
    for (index, kind, rep, side), (prompt, steps) in by_slot.items():
        if side is not Side.RIGHT:
            continue
        left_prompt, left_steps = by_slot[(index, kind, rep, Side.LEFT)]
        assert left_prompt == swap_sides(prompt)
        assert left_steps == tuple(swap_sides(s) for s in steps)
        assert prompt != left_prompt or "right" not in prompt
        checked += 1
    assert checked > 0


def test_neck_relief_follows_the_articles() -> None:
    routine = load_routine(resources.bundled_routines_dir() / "neck-relief.yaml")
    simple, scalene = routine.exercises
    assert (simple.sides, simple.reps, simple.hold) == (Sides.BOTH, 3, HoldRange(15, 15))
    assert (scalene.sides, scalene.reps, scalene.hold) == (Sides.BOTH, 3, HoldRange(15, 30))
    timeline = build_timeline(routine)
    holds = [p for p in timeline.phases if p.kind is PhaseKind.HOLD]
    simple_holds = [p for p in holds if p.exercise_index == 0]
    assert [(p.side, p.rep, p.seconds) for p in simple_holds] == [
        (Side.RIGHT, 1, 15),
        (Side.RIGHT, 2, 15),
        (Side.RIGHT, 3, 15),
        (Side.LEFT, 1, 15),
        (Side.LEFT, 2, 15),
        (Side.LEFT, 3, 15),
    ]
    assert sum(p.seconds for p in holds) == 6 * 15 + 6 * 15
    assert (
        sum(
            p.seconds
            for p in build_timeline(routine, hold_length=HoldLength.LONG).phases
            if p.kind is PhaseKind.HOLD
        )
        == 6 * 15 + 6 * 30
    )
    # 12 holds, a get-ready before each and a rest between them.
    assert timeline.total_seconds == 180 + 12 * 5 + 11 * 5


def test_scalene_steps_name_the_right_hand_and_wrist_for_each_side() -> None:
    routine = load_routine(resources.bundled_routines_dir() / "neck-relief.yaml")
    phases = build_timeline(routine).phases
    right = next(p for p in phases if p.exercise == "Scalene stretch" and p.side is Side.RIGHT)
    left = next(p for p in phases if p.exercise == "Scalene stretch" and p.side is Side.LEFT)
    assert "left wrist with your right hand" in right.prompt
    assert "tip your head toward your right shoulder" in right.prompt
    assert "right wrist with your left hand" in left.prompt
    assert "tip your head toward your left shoulder" in left.prompt


def test_neck_relief_cautions_cover_when_to_stop_and_when_to_get_help() -> None:
    cautions = " ".join(load_routine(resources.bundled_routines_dir() / "neck-relief.yaml").cautions).lower()
    for words in ("stop", "numbness", "injury", "a week", "fever", "emergency", "meningitis"):
        assert words in cautions


def test_quick_break_is_short() -> None:
    routine = load_routine(resources.bundled_routines_dir() / "quick-neck-break.yaml")
    assert 60 <= build_timeline(routine).total_seconds <= 120
