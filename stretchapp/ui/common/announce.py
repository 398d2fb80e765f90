"""Telling a screen reader what changed without moving its focus: Qt's accessibility announcements.

:func:`announce` sends a polite (or assertive) announcement from a widget; on Linux Qt's
AT-SPI bridge passes it to Orca as an ``Announcement`` event. :class:`PhaseAnnouncer`
follows a session and announces each new phase once, in words ("Hold, right side: Neck
tilt"), and the end of the routine; it says nothing on the seconds, which the countdown
already shows, so a screen reader is not made to speak every second.
"""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget

from stretchapp.core.engine import Summary
from stretchapp.core.i18n import _
from stretchapp.core.kinds import PhaseKind
from stretchapp.core.logger import get_logger
from stretchapp.core.model import Phase
from stretchapp.ui.session.driver import SessionDriver
from stretchapp.ui.session.observer import Detach, SessionObserver, observe

log = get_logger(__name__)


def announce(source: QWidget, message: str, *, assertive: bool = False) -> None:
    """Ask assistive technology to say ``message``, from ``source``, without taking focus."""
    if not message:
        return
    event = QAccessibleAnnouncementEvent(source, message)
    politeness = QAccessible.AnnouncementPoliteness
    event.setPoliteness(politeness.Assertive if assertive else politeness.Polite)
    QAccessible.updateAccessibility(event)


def phase_words(phase: Phase, next_phase: Phase | None = None) -> str:
    """What a phase is, said once as it starts."""
    if phase.kind is PhaseKind.REST:
        if next_phase is None:
            return phase.label
        return _("{label}. Next: {exercise}").format(label=phase.label, exercise=next_phase.exercise)
    if phase.position:
        return _("{label}, {position}: {exercise}").format(
            label=phase.label, position=phase.position, exercise=phase.exercise
        )
    return _("{label}: {exercise}").format(label=phase.label, exercise=phase.exercise)


class PhaseAnnouncer(SessionObserver):
    """Announces each phase of a session once, from ``source`` (the player)."""

    def __init__(self, source: QWidget) -> None:
        self._source = source
        self._detach: Detach | None = None
        self._last: int | None = None
        self.said: list[str] = []  # what was announced, for the log and tests

    def attach(self, driver: SessionDriver) -> None:
        self.detach()
        self._last = None
        self._detach = observe(driver, self)

    def detach(self) -> None:
        if self._detach is not None:
            self._detach()
            self._detach = None

    def _say(self, message: str) -> None:
        self.said.append(message)
        announce(self._source, message)

    def on_phase_started(self, phase: Phase, index: int, next_phase: Phase | None) -> None:
        if index == self._last:
            return  # a phase restarted in place is not news
        self._last = index
        self._say(phase_words(phase, next_phase))

    def on_finished(self, summary: Summary) -> None:
        self._say(_("Routine finished") if summary.completed else _("Routine stopped"))
