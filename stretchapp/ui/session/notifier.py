"""Desktop notifications for a session the person is not looking at.

When the player window is in the background or minimised, the start of a hold or a rest
and the end of the routine show a system notification (through the tray icon, where the
desktop has a tray). While the window is in front nothing is shown: the window says it all.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon, QWidget

from stretchapp import resources
from stretchapp.core.engine import Summary
from stretchapp.core.i18n import _
from stretchapp.core.kinds import PhaseKind
from stretchapp.core.logger import get_logger
from stretchapp.core.model import Phase
from stretchapp.core.text import spoken_duration
from stretchapp.storage.settings import Settings
from stretchapp.ui.session.driver import SessionDriver
from stretchapp.ui.session.observer import Detach, SessionObserver, observe

log = get_logger(__name__)

# A sink shows one notification: (title, body).
Sink = Callable[[str, str], None]
SHOW_MS = 6000


def tray_sink(icon: QSystemTrayIcon | None = None, parent: QObject | None = None) -> Sink | None:
    """Notifications through ``icon`` (or a hidden-until-needed icon of our own); None without a tray."""
    if not QSystemTrayIcon.isSystemTrayAvailable():
        return None
    if icon is None:
        icon = QSystemTrayIcon(QIcon(str(resources.tray_icon())), parent)
    app_icon = QIcon(str(resources.app_icon()))

    def show(title: str, body: str) -> None:
        if not icon.isVisible():
            icon.show()  # some desktops only show messages of a visible icon
        icon.showMessage(title, body, app_icon, SHOW_MS)

    return show


def window_in_front(window: QWidget) -> bool:
    return window.isVisible() and window.isActiveWindow() and not window.isMinimized()


def phase_message(phase: Phase, next_phase: Phase | None) -> tuple[str, str] | None:
    """Title and body for the start of ``phase``; None for phases that get no notification."""
    if phase.kind is PhaseKind.HOLD:
        title = _("Hold: {exercise}").format(exercise=phase.exercise)
        duration = spoken_duration(phase.seconds)
        if phase.side is not None or phase.reps > 1:
            body = _("Hold for {duration} ({position}).").format(
                duration=duration, position=phase.position_in_sentence
            )
        else:
            body = _("Hold for {duration}.").format(duration=duration)
        return title, body
    if phase.kind is PhaseKind.REST:
        body = _("Ease off for {duration}.").format(duration=spoken_duration(phase.seconds))
        if next_phase is not None:
            body = _("{rest} Next: {exercise}.").format(rest=body, exercise=next_phase.exercise)
        return _("Rest"), body
    return None


class PhaseNotifier(QObject, SessionObserver):
    """Shows a notification for hold, rest and the end while ``window`` is not in front."""

    def __init__(
        self,
        window: QWidget,
        settings: Settings,
        sink: Sink | None,
        *,
        in_front: Callable[[], bool] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self._sink = sink
        self._in_front = in_front or (lambda: window_in_front(window))
        self._detach: Detach | None = None

    @property
    def available(self) -> bool:
        return self._sink is not None

    def attach(self, driver: SessionDriver) -> None:
        self.detach()
        self._detach = observe(driver, self)

    def detach(self) -> None:
        detach, self._detach = self._detach, None
        if detach is not None:
            detach()

    def on_phase_started(self, phase: Phase, index: int, next_phase: Phase | None) -> None:
        message = phase_message(phase, next_phase)
        if message is not None:
            self._show(*message)

    def on_finished(self, summary: Summary) -> None:
        if summary.completed:
            self._show(_("Routine complete"), _("{routine}: well done.").format(routine=summary.title))

    def _show(self, title: str, body: str) -> None:
        if self._sink is None or not self.settings.notifications or self._in_front():
            return
        try:
            self._sink(title, body)
        except RuntimeError as exc:  # the tray icon went away with the desktop session
            log.warning("notification not shown: %s", exc)
            self._sink = None
