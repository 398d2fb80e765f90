"""Noticing that the machine slept, so a session does not finish phases nobody did (no Qt).

On Linux ``CLOCK_MONOTONIC`` stops while the machine is suspended and ``CLOCK_BOOTTIME``
does not: the difference between the two grows by exactly the time asleep. Elsewhere the
probe watches for a wake-up far later than the driver asked for (the driver wakes at least
once a second while a session runs), and treats a long gap as sleep.
"""

from __future__ import annotations

import sys
import time
from typing import Protocol


class SuspendProbe(Protocol):
    """Reports how long the machine slept since the last call."""

    #: True when the session's clock kept running while asleep (the engine then gives the
    #: time back, so the hold continues where it was).
    clock_counts_sleep: bool

    def reset(self, now: float) -> None:
        """Forget the past: called when a session starts or resumes."""

    def slept(self, now: float) -> float:
        """Seconds asleep since the previous call (0.0 when awake all along)."""


class BootTimeProbe:
    """Linux: the growth of ``CLOCK_BOOTTIME - CLOCK_MONOTONIC`` is the time spent suspended."""

    clock_counts_sleep = False

    def __init__(self) -> None:
        self._offset = self._read()

    @staticmethod
    def _read() -> float:
        return time.clock_gettime(time.CLOCK_BOOTTIME) - time.clock_gettime(time.CLOCK_MONOTONIC)  # type: ignore[attr-defined,unused-ignore]

    def reset(self, now: float) -> None:
        self._offset = self._read()

    def slept(self, now: float) -> float:
        offset = self._read()
        asleep, self._offset = offset - self._offset, offset
        return max(0.0, asleep)


class GapProbe:
    """Elsewhere: a wake-up much later than the longest expected gap means the machine slept."""

    clock_counts_sleep = True

    def __init__(self, expected_gap: float = 1.0, slack: float = 4.0) -> None:
        self._expected = expected_gap
        self._slack = slack
        self._last: float | None = None

    def reset(self, now: float) -> None:
        self._last = now

    def slept(self, now: float) -> float:
        last, self._last = self._last, now
        if last is None:
            return 0.0
        gap = now - last
        return gap - self._expected if gap > self._expected + self._slack else 0.0


def default_probe() -> SuspendProbe:
    """The best probe for this platform."""
    if sys.platform.startswith("linux") and hasattr(time, "CLOCK_BOOTTIME"):
        return BootTimeProbe()
    return GapProbe()
