"""Expanding a routine into the ordered phases a session runs through (no Qt).

Each hold is preceded by a "get ready" phase (``routine.prepare`` seconds, skipped when 0)
and followed by a rest (``routine.rest`` seconds) unless it is the routine's last hold.

How long a routine takes depends on the hold length in force: :func:`routine_seconds` is
the one place that answers it, for the library, the reminders and the command line.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from pathlib import Path

from stretchapp.core.i18n import N_, _
from stretchapp.core.model import (
    Exercise,
    HoldLength,
    HoldRange,
    Order,
    Phase,
    PhaseKind,
    Routine,
    Side,
    Sides,
    Timeline,
)
from stretchapp.core.prompts import render

DEFAULT_HOLD_PROMPT = N_("Hold the stretch, relax your shoulders and breathe slowly.")


def hold_seconds(hold: HoldRange, rep: int, reps: int, length: HoldLength) -> int:
    """Seconds to hold rep ``rep`` (1-based) of ``reps`` under the chosen hold length."""
    if length is HoldLength.LONG:
        return hold.high
    if length is HoldLength.PROGRESSIVE and reps > 1:
        # Half-seconds round up (not to even), so equal steps stay equal.
        return hold.low + math.floor((hold.high - hold.low) * (rep - 1) / (reps - 1) + 0.5)
    return hold.low


def rep_sequence(exercise: Exercise, first_side: Side = Side.RIGHT) -> Iterator[tuple[Side | None, int]]:
    """(side, rep) pairs of an exercise in the order they are done; rep counts per side."""
    reps = range(1, exercise.reps + 1)
    if exercise.sides is Sides.NONE:
        yield from ((None, r) for r in reps)
    elif exercise.sides is Sides.RIGHT:
        yield from ((Side.RIGHT, r) for r in reps)
    elif exercise.sides is Sides.LEFT:
        yield from ((Side.LEFT, r) for r in reps)
    elif exercise.order is Order.ALTERNATE:
        for r in reps:
            yield first_side, r
            yield first_side.other, r
    else:
        yield from ((first_side, r) for r in reps)
        yield from ((first_side.other, r) for r in reps)


def _image_for(exercise: Exercise, side: Side | None) -> tuple[Path | None, bool]:
    # Drawings show the right side; the left mirrors them unless a left image is named.
    if side is Side.LEFT:
        if exercise.image_left is not None:
            return exercise.image_left, False
        return exercise.image, exercise.image is not None
    return exercise.image, False


def build_timeline(
    routine: Routine,
    *,
    hold_length: HoldLength = HoldLength.SHORT,
    first_side: Side = Side.RIGHT,
    start_exercise: int = 0,
    day_holds: Mapping[int, int] | None = None,
) -> Timeline:
    """The routine's phases from exercise ``start_exercise`` (0-based) to the end.

    With ``hold_length`` :attr:`HoldLength.ACROSS_DAYS`, ``day_holds`` gives each exercise's
    hold by its index (``core.progression.plan_holds``), kept within the exercise's range.
    """
    if not 0 <= start_exercise < len(routine.exercises):
        raise IndexError(f"no exercise {start_exercise} in routine {routine.id!r}")
    holds = _holds(routine, first_side, start_exercise)
    phases: list[Phase] = []
    # Prompts depend only on the exercise and the side, so each is rendered once.
    rendered: dict[tuple[int, Side | None], tuple[tuple[str, ...], str, str]] = {}
    for position, (index, exercise, side, rep) in enumerate(holds):
        if (index, side) not in rendered:
            steps = tuple(render(step, side) for step in exercise.steps)
            hold_prompt = (
                render(exercise.hold_prompt, side) if exercise.hold_prompt else _(DEFAULT_HOLD_PROMPT)
            )
            rendered[index, side] = (steps, " ".join(steps), hold_prompt)
        steps, setup, hold_prompt = rendered[index, side]
        image, mirrored = _image_for(exercise, side)
        for kind, seconds, prompt in (
            (PhaseKind.PREPARE, routine.prepare, setup),
            (PhaseKind.HOLD, _hold(exercise, index, rep, hold_length, day_holds), hold_prompt),
        ):
            if seconds > 0:
                phases.append(
                    Phase(
                        kind=kind,
                        exercise_index=index,
                        exercise=exercise.name,
                        seconds=seconds,
                        prompt=prompt,
                        side=side,
                        rep=rep,
                        reps=exercise.reps,
                        steps=steps,
                        image=image,
                        mirror_image=mirrored,
                    )
                )
        if routine.rest > 0 and position + 1 < len(holds):
            _index, next_exercise, next_side, _rep = holds[position + 1]
            phases.append(
                Phase(
                    kind=PhaseKind.REST,
                    exercise_index=index,
                    exercise=exercise.name,
                    seconds=routine.rest,
                    prompt=_rest_prompt(exercise, side, next_exercise, next_side),
                    rep=rep,
                    reps=exercise.reps,
                )
            )
    return Timeline(routine=routine, phases=tuple(phases))


def _hold(
    exercise: Exercise, index: int, rep: int, length: HoldLength, day_holds: Mapping[int, int] | None
) -> int:
    if length is HoldLength.ACROSS_DAYS and day_holds is not None and index in day_holds:
        return min(max(day_holds[index], exercise.hold.low), exercise.hold.high)
    return hold_seconds(exercise.hold, rep, exercise.reps, length)


_TOTALS: dict[tuple[int, HoldLength], tuple[Routine, int]] = {}
_MAX_TOTALS = 65536


def routine_seconds(routine: Routine, hold: HoldLength) -> int:
    """Seconds the whole routine takes with holds of length ``hold``.

    Kept per routine object and hold length, since lists ask for every routine on each
    repaint (by identity: hashing a whole routine costs more than the sum). Summed from the
    same hold sequence as :func:`build_timeline`, without rendering prompts: a library of
    thousands of routines is listed at once.
    """
    known = _TOTALS.get((id(routine), hold))
    if known is not None and known[0] is routine:
        return known[1]
    if len(_TOTALS) >= _MAX_TOTALS:
        _TOTALS.clear()
    total = _total(routine, hold)
    _TOTALS[id(routine), hold] = (routine, total)
    return total


def remember_seconds(routine: Routine, hold: HoldLength, seconds: int) -> None:
    """Seed :func:`routine_seconds` with a total known from before (the routine cache)."""
    if len(_TOTALS) >= _MAX_TOTALS:
        _TOTALS.clear()
    _TOTALS[id(routine), hold] = (routine, seconds)


def carry_totals(known: Routine, same: Routine) -> None:
    """Let ``same`` (``known`` with other words, not other times) reuse ``known``'s totals."""
    for hold in HoldLength:
        found = _TOTALS.get((id(known), hold))
        if found is not None and found[0] is known:
            remember_seconds(same, hold, found[1])


def _total(routine: Routine, hold: HoldLength) -> int:
    holds = _holds(routine, Side.RIGHT, 0)
    total = 0
    for position, (_index, exercise, _side, rep) in enumerate(holds):
        total += max(0, routine.prepare) + max(0, hold_seconds(exercise.hold, rep, exercise.reps, hold))
        if routine.rest > 0 and position + 1 < len(holds):
            total += routine.rest
    return total


def _holds(
    routine: Routine, first_side: Side, start_exercise: int
) -> list[tuple[int, Exercise, Side | None, int]]:
    """Every hold of the routine in order: the exercise's index, the exercise, the side, the rep."""
    return [
        (index, exercise, side, rep)
        for index, exercise in enumerate(routine.exercises)
        if index >= start_exercise
        for side, rep in rep_sequence(exercise, first_side)
    ]


def _rest_prompt(done: Exercise, side: Side | None, upcoming: Exercise, next_side: Side | None) -> str:
    if upcoming is not done:
        return _("Ease off and relax. Next: {exercise}.").format(exercise=upcoming.name)
    if next_side is not None and next_side is not side:
        if next_side is Side.LEFT:
            return _("Ease off and relax. Next: left side.")
        return _("Ease off and relax. Next: right side.")
    return _("Ease off and relax your neck and shoulders.")
