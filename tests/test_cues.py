"""The cue plan: which sound at which instant, and what is spoken, for every phase kind and both sides."""

from __future__ import annotations

import pytest

from stretchapp.core.cues import (
    COUNTDOWN,
    DONE_TEXT,
    WORDS_PER_SECOND,
    CueEvent,
    CuePlan,
    Sound,
    speaking_seconds,
    word_count,
)
from stretchapp.core.model import Exercise, HoldRange, Order, PhaseKind, Routine, Side, Sides
from stretchapp.core.timeline import build_timeline

TILT = Exercise(
    name="Neck tilt",
    steps=("Sit tall.", "Tilt your {side} ear toward your {side} shoulder."),
    hold=HoldRange(15, 15),
    reps=2,
    sides=Sides.BOTH,
    hold_prompt="Breathe out slowly.",
)
TUCK = Exercise(name="Chin tuck", steps=("Draw your chin straight back.",), hold=HoldRange(5, 5), reps=1)


def routine(*exercises: Exercise, prepare: int = 5, rest: int = 5) -> Routine:
    return Routine(id="r", title="R", exercises=exercises, prepare=prepare, rest=rest)


@pytest.mark.parametrize("first", [Side.RIGHT, Side.LEFT])
def test_sounds_mark_holds_rests_the_last_three_seconds_and_the_end(first: Side) -> None:
    timeline = build_timeline(routine(TILT, TUCK), first_side=first)
    plan = CuePlan(timeline)
    events = plan.events()
    assert events[-1] == CueEvent(len(timeline.phases), 0, Sound.DONE, DONE_TEXT)
    for index, phase in enumerate(timeline.phases):
        mine = [e for e in events if e.index == index]
        start = mine[0]
        assert start.remaining == phase.seconds
        expected_start = {PhaseKind.HOLD: Sound.HOLD, PhaseKind.REST: Sound.REST, PhaseKind.PREPARE: None}
        assert start.sound is expected_start[phase.kind]
        ticks = [(e.remaining, e.sound) for e in mine[1:]]
        if phase.kind is PhaseKind.HOLD:
            assert ticks == [(3, Sound.COUNTDOWN), (2, Sound.COUNTDOWN), (1, Sound.COUNTDOWN)]
        else:
            assert ticks == []  # no pips while getting ready or resting


def test_a_short_hold_does_not_pip_over_its_own_start() -> None:
    short = Exercise(name="Quick", steps=("Go.",), hold=HoldRange(3, 3))
    plan = CuePlan(build_timeline(routine(short, prepare=0, rest=0)))
    assert [(e.remaining, e.sound) for e in plan.events()] == [
        (3, Sound.HOLD),
        (2, Sound.COUNTDOWN),
        (1, Sound.COUNTDOWN),
        (0, Sound.DONE),
    ]
    assert plan.at_second(0, 3) is None
    assert COUNTDOWN == (3, 2, 1)


@pytest.mark.parametrize("first", [Side.RIGHT, Side.LEFT])
def test_spoken_text_names_the_right_side_and_switches(first: Side) -> None:
    timeline = build_timeline(routine(TILT), first_side=first)
    plan = CuePlan(timeline)
    texts = [(p.kind, p.side, plan.text(i)) for i, p in enumerate(timeline.phases)]
    other = first.other
    name, other_name = first.value.capitalize(), other.value.capitalize()
    assert texts[0] == (PhaseKind.PREPARE, first, f"Neck tilt. {name} side, rep one of two.")
    # Get-ready had no time for the steps, so the hold starts with them, on the right side.
    side = first.value
    assert (
        texts[1][2]
        == f"Sit tall. Tilt your {side} ear toward your {side} shoulder. Hold for fifteen seconds."
    )
    assert texts[2] == (PhaseKind.REST, None, "Rest.")
    assert texts[3][2] == f"{name} side, rep two of two."
    # After the last rep of the first side, the rest announces the change.
    assert texts[5] == (PhaseKind.REST, None, "Rest. Switch sides.")
    assert texts[6] == (PhaseKind.PREPARE, other, f"{other_name} side, rep one of two.")
    for kind, side, text in texts:
        if side is not None and kind is not PhaseKind.REST:
            assert side.other.value.capitalize() + " side" not in text


def test_alternate_order_switches_sides_at_every_rest() -> None:
    alternating = Exercise(
        name="Tilt",
        steps=("Tilt {side}.",),
        hold=HoldRange(10, 10),
        reps=2,
        sides=Sides.BOTH,
        order=Order.ALTERNATE,
    )
    plan = CuePlan(build_timeline(routine(alternating, prepare=2, rest=3)))
    rests = [plan.text(i) for i, p in enumerate(plan.timeline.phases) if p.kind is PhaseKind.REST]
    assert rests == ["Rest. Switch sides."] * 3


def test_a_new_exercise_is_announced_once() -> None:
    plan = CuePlan(build_timeline(routine(TILT, TUCK, prepare=3, rest=2)))
    phases = plan.timeline.phases
    rest_before_tuck = next(
        i for i, p in enumerate(phases) if p.kind is PhaseKind.REST and phases[i + 1].exercise == "Chin tuck"
    )
    assert plan.text(rest_before_tuck) == "Rest. Next: Chin tuck."
    # The get-ready that follows does not say it again; an unsided, single rep has no position to say.
    assert plan.text(rest_before_tuck + 1) == "Draw your chin straight back."
    assert plan.text(rest_before_tuck + 2) == "Hold for five seconds."


def test_without_get_ready_the_hold_says_side_rep_steps_and_length() -> None:
    turn = Exercise(
        name="Turn",
        steps=("Turn your head to the {side} and lower your chin.",),
        hold=HoldRange(15, 15),
        reps=3,
        sides=Sides.BOTH,
    )
    plan = CuePlan(build_timeline(routine(turn, prepare=0, rest=5)))
    assert plan.text(2) == (
        "Right side, rep two of three. Turn your head to the right and lower your chin. Hold for fifteen seconds."
    )
    first_left = next(i for i, p in enumerate(plan.timeline.phases) if p.side is Side.LEFT)
    assert plan.text(first_left - 1) == "Rest. Switch sides."
    assert plan.text(first_left).startswith("Left side, rep one of three. Turn your head to the left")


def test_text_too_long_for_the_phase_falls_back_to_a_shorter_one() -> None:
    wordy = Exercise(
        name="Shoulder roll",
        steps=("Sit tall with both feet flat on the floor and your hands resting on your thighs. " * 3,),
        hold=HoldRange(6, 6),
        hold_prompt="Keep breathing slowly and let your shoulders drop a little further with each breath out.",
    )
    plan = CuePlan(build_timeline(routine(wordy, prepare=2, rest=1)))
    assert plan.text(0) == "Shoulder roll."  # two seconds: the name, not the steps
    assert plan.text(1) == "Hold for six seconds."  # the prompt would run into the countdown


@pytest.mark.parametrize("prepare", [0, 1, 3, 5])
@pytest.mark.parametrize("rest", [0, 1, 2, 5])
@pytest.mark.parametrize("first", [Side.RIGHT, Side.LEFT])
def test_every_text_ends_before_the_next_cue_or_is_the_shortest(prepare: int, rest: int, first: Side) -> None:
    plan = CuePlan(build_timeline(routine(TILT, TUCK, prepare=prepare, rest=rest), first_side=first))
    shortest = {"Get ready.", "Hold.", "Rest."}
    for index, phase in enumerate(plan.timeline.phases):
        text = plan.text(index)
        assert text and text.endswith(".")
        assert word_count(text) <= speaking_seconds(phase) * WORDS_PER_SECOND or text in shortest
    assert word_count(DONE_TEXT) <= 2 * WORDS_PER_SECOND


def test_hold_speaking_time_leaves_the_countdown_clear() -> None:
    timeline = build_timeline(routine(TILT))
    hold = next(p for p in timeline.phases if p.kind is PhaseKind.HOLD)
    assert speaking_seconds(hold) == hold.seconds - 3
