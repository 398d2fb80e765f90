"""The named choices of a routine: sides, the order of reps, phase kinds and hold lengths.

Plain enums, apart from :mod:`stretchapp.core.model`'s data classes, so the library window and
the settings can name them without building those classes at start-up.
"""

from __future__ import annotations

from enum import Enum


class Side(str, Enum):
    """A body side a phase is done on."""

    RIGHT = "right"
    LEFT = "left"

    @property
    def other(self) -> Side:
        return Side.LEFT if self is Side.RIGHT else Side.RIGHT


class Sides(str, Enum):
    """Which sides an exercise is done on."""

    BOTH = "both"
    LEFT = "left"
    RIGHT = "right"
    NONE = "none"


class Order(str, Enum):
    """How reps of a two-sided exercise are arranged."""

    BY_SIDE = "by-side"  # R R R L L L
    ALTERNATE = "alternate"  # R L R L R L


class PhaseKind(str, Enum):
    """What a person does during a phase."""

    PREPARE = "prepare"
    HOLD = "hold"
    REST = "rest"


class HoldLength(str, Enum):
    """How a hold given as a range [low, high] is timed."""

    SHORT = "short"  # the lower bound
    LONG = "long"  # the upper bound
    PROGRESSIVE = "progressive"  # lower on the first rep, upper on the last, evenly
    ACROSS_DAYS = "across-days"  # from the check-ins of earlier days (core.progression); lower without
