"""Where idle time comes from: a small interface the desktop-specific sources implement (no Qt).

The break scheduler only needs three facts, sampled now and then: how long since the last
keyboard or mouse input, whether the screen is locked, and whether something full-screen
(a film, a presentation) asks not to be disturbed. :class:`NullIdleSource` stands in when
the desktop tells none of them; reminders then run on the plain schedule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class IdleSample:
    """What the desktop said at one moment."""

    idle_seconds: float | None = None  # None: unknown
    locked: bool = False
    fullscreen: bool = False  # something in front asks for quiet (where the platform tells)


class IdleSource(Protocol):
    """Anything that can report idle time; ``name`` is shown in the settings."""

    @property
    def name(self) -> str: ...

    @property
    def available(self) -> bool:
        """False when this source can never say anything (idle detection is off)."""
        ...

    def sample(self) -> IdleSample:
        """The facts now; must be quick and must never raise."""
        ...


class NullIdleSource:
    """No idle detection: every sample is 'unknown, not locked'."""

    name = "none"
    available = False

    def sample(self) -> IdleSample:
        return IdleSample()


class FixedIdleSource:
    """A source whose answers a caller sets (tests, benchmarks, and a desktop that pushes changes)."""

    name = "fixed"
    available = True

    def __init__(self, sample: IdleSample | None = None) -> None:
        self.current = sample or IdleSample(idle_seconds=0.0)
        self.calls = 0

    def sample(self) -> IdleSample:
        self.calls += 1
        return self.current
