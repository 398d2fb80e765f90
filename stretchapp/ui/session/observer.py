"""Attaching a view to a session driver: the one list of signal and slot pairs.

A view that follows a session subclasses :class:`SessionObserver`, overrides the events it
needs and calls :func:`observe`; the function it gets back detaches it again. Views keep
no list of connections of their own, so a new driver signal is wired in one place.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import SignalInstance

from stretchapp.core.engine import PauseReason, SessionState, Summary
from stretchapp.core.model import Phase
from stretchapp.ui.session.driver import SessionDriver

Detach = Callable[[], None]


class SessionObserver:
    """What a view can hear from a running session; every method is optional."""

    def on_phase_started(self, phase: Phase, index: int, next_phase: Phase | None) -> None:
        """``phase`` is now the current one (passed-over phases never arrive here)."""

    def on_second(self, remaining: int) -> None:
        """The whole seconds left in the current phase changed."""

    def on_paused(self, reason: PauseReason) -> None:
        """The session paused, by the person or because the computer slept or locked."""

    def on_resumed(self) -> None:
        """The session runs again."""

    def on_finished(self, summary: Summary) -> None:
        """The session ended: ``summary.completed`` is False when it was stopped early."""

    def on_state_changed(self, state: SessionState) -> None:
        """The session's state changed (after the events above)."""


def observe(driver: SessionDriver, observer: SessionObserver) -> Detach:
    """Send ``driver``'s events to ``observer`` until the returned function is called."""
    pairs: list[tuple[SignalInstance, Callable[..., None]]] = [
        (driver.phaseStarted, observer.on_phase_started),
        (driver.secondChanged, observer.on_second),
        (driver.paused, observer.on_paused),
        (driver.resumed, observer.on_resumed),
        (driver.finished, observer.on_finished),
        (driver.stateChanged, observer.on_state_changed),
    ]
    for signal, slot in pairs:
        signal.connect(slot)

    def detach() -> None:
        # Emptied as it goes, so a second call does nothing.
        while pairs:
            signal, slot = pairs.pop()
            signal.disconnect(slot)

    return detach
