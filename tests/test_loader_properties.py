"""Property tests: random text, bytes and YAML-shaped data never crash the loader; routines round-trip."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchapp.core.model import PhaseKind, Routine
from stretchapp.core.timeline import build_timeline
from stretchapp.routines.loader import (
    EXERCISE_KEYS,
    ROUTINE_KEYS,
    Problem,
    RoutineError,
    check_routine,
    parse_routine,
)

pytestmark = pytest.mark.usefixtures("yaml_parser")

PATH = Path("random.yaml")
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Generating whole routines costs more than checking them; fewer examples keep the suite quick.
ROUTINES = settings(FAST, max_examples=100)


BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def outcome(data: str | bytes) -> tuple[Routine | None, list[Problem]]:
    """check_routine's answer, after asserting the rule every input must follow."""
    routine, problems = check_routine(data, PATH)
    if routine is None:
        assert problems, "a refusal names at least one problem"
        lines = BREAK.split(data.removeprefix("\ufeff")) if isinstance(data, str) else None
        for problem in problems:
            assert problem.line >= 1 and problem.column >= 1 and problem.message, problem
            if lines is not None:  # the position is in the text (or just past its end)
                assert problem.line <= len(lines), str(problem)
                assert problem.column <= len(lines[problem.line - 1]) + 1, str(problem)
            assert "internal error" not in problem.message, str(problem)
            assert str(problem).startswith(f"{PATH}:{problem.line}:{problem.column}: ")
        assert [(p.line, p.column) for p in problems] == sorted((p.line, p.column) for p in problems)
        try:
            parse_routine(data, PATH)
        except RoutineError as error:
            assert list(error.problems) == problems
        else:
            raise AssertionError("parse_routine accepted what check_routine refused")
    else:
        assert problems == []
    return routine, problems


@FAST
@given(st.text(max_size=300))
def test_random_text(text: str) -> None:
    outcome(text)


@FAST
@given(st.binary(max_size=300))
def test_random_bytes(data: bytes) -> None:
    outcome(data)


@FAST
@given(
    st.lists(
        st.sampled_from(
            [
                "title: T",
                "exercises:",
                "  - name: N",
                "    hold: 5",
                "    steps: [a]",
                "  -",
                "\t",
                "- ",
                "{",
                "[",
                "&a x",
                "*a",
                "!!python/none",
                "---",
                "'",
                '"',
                "    sides: both",
                "      - {side}",
                ": ",
                "#",
                "|",
                ">",
            ]
        ),
        max_size=12,
    )
)
def test_random_lines_of_routine_words(lines: list[str]) -> None:
    outcome("\n".join(lines) + "\n")


KEYS = [*ROUTINE_KEYS, *EXERCISE_KEYS, "hodl", "<<"]
yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers(-1000, 1000) | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=5),
    max_leaves=20,
)


@FAST
@given(yaml_values, st.booleans())
def test_random_yaml_shaped_data(value: object, flow: bool) -> None:
    outcome(yaml.safe_dump(value, allow_unicode=True, default_flow_style=flow))


# Printable text without braces; NEL (U+0085) is left out because PyYAML writes it unquoted
# and YAML then reads it as a line break.
words = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="{}\x85", max_codepoint=0x2FF),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() == s and s != "")
holds = st.integers(1, 600) | st.tuples(st.integers(1, 300), st.integers(0, 300)).map(
    lambda t: [t[0], t[0] + t[1]]
)


@st.composite
def exercises(draw: st.DrawFn) -> dict[str, Any]:
    sides = draw(st.sampled_from(["both", "left", "right", "none"]))
    step = draw(words)
    if sides != "none" and draw(st.booleans()):
        step += " toward your {side} side, away from the {other_side}"
    exercise: dict[str, Any] = {"name": draw(words), "hold": draw(holds), "steps": [step], "sides": sides}
    if draw(st.booleans()):
        exercise["reps"] = draw(st.integers(1, 5))
    if draw(st.booleans()):
        exercise["order"] = draw(st.sampled_from(["by-side", "alternate"]))
    if draw(st.booleans()):
        exercise["hold_prompt"] = draw(words)
    return exercise


@st.composite
def routines(draw: st.DrawFn) -> dict[str, Any]:
    routine: dict[str, Any] = {
        "title": draw(words),
        "exercises": draw(st.lists(exercises(), min_size=1, max_size=4)),
    }
    for key in ("prepare", "rest"):
        if draw(st.booleans()):
            routine[key] = draw(st.integers(0, 600))
    if draw(st.booleans()):
        routine["tags"] = draw(st.lists(words, min_size=1, max_size=3))
    return routine


@ROUTINES
@given(routines())
def test_a_valid_routine_loads_as_written_and_plans(data: dict[str, Any]) -> None:
    routine, _ = outcome(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    assert routine is not None
    assert routine.title == data["title"]
    assert routine.prepare == data.get("prepare", 5) and routine.rest == data.get("rest", 5)
    assert routine.tags == tuple(data.get("tags", ()))
    holds = 0
    for exercise, written in zip(routine.exercises, data["exercises"], strict=True):
        assert (exercise.name, exercise.sides.value) == (written["name"], written["sides"])
        hold = written["hold"]
        assert (exercise.hold.low, exercise.hold.high) == (
            (hold, hold) if isinstance(hold, int) else tuple(hold)
        )
        assert exercise.steps == tuple(written["steps"])
        holds += exercise.reps * (2 if written["sides"] == "both" else 1)
    timeline = build_timeline(routine)
    assert sum(p.kind is PhaseKind.HOLD for p in timeline.phases) == holds
    assert all("{" not in p.prompt for p in timeline.phases)


def _break_it(data: dict[str, Any], how: str, key: str) -> None:
    target = data if key in ROUTINE_KEYS else data["exercises"][0]
    if how == "remove":
        target.pop(key, None)
    elif how == "text":
        target[key] = "lots"
    elif how == "list":
        target[key] = [[1]]
    else:
        target[key] = -7


REQUIRED = {"title", "exercises", "name", "hold", "steps"}


@ROUTINES
@given(
    routines(),
    st.sampled_from(["remove", "text", "list", "negative"]),
    st.sampled_from(["title", "exercises", "prepare", "rest", "name", "hold", "steps", "reps", "sides"]),
)
def test_a_broken_routine_names_the_key(data: dict[str, Any], how: str, key: str) -> None:
    _break_it(data, how, key)
    routine, problems = outcome(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    if (how == "remove" and key not in REQUIRED) or (how == "text" and key in {"title", "name"}):
        return  # still a valid routine
    assert routine is None
    named = "exercise" if key == "exercises" else f"'{key}'"
    assert any(named in p.message for p in problems), [str(p) for p in problems]


VALID = """\
title: Neck
prepare: 5
exercises:
  - name: Tilt
    sides: both
    order: alternate
    reps: 2
    hold: [15, 30]
    steps:
      - Sit tall.
      - Tip your head toward your {side} shoulder.
    hold_prompt: "Breathe; keep your {other_side} shoulder low."
"""
edits = st.lists(
    st.tuples(
        st.integers(0, len(VALID)),
        st.integers(0, 3),
        st.sampled_from(list(" \t\n-:[]{}#&*!|>'\"%@`,?0123456789abcxyz\\\u00e9")),
    ),
    min_size=1,
    max_size=4,
)


@FAST
@given(edits)
def test_small_edits_to_a_valid_routine(changes: list[tuple[int, int, str]]) -> None:
    assert outcome(VALID)[0] is not None
    text = VALID
    for position, removed, inserted in changes:
        at = min(position, len(text))
        text = text[:at] + inserted + text[at + removed :]
    outcome(text)
