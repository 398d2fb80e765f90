"""Which screen a window opens on, and bringing a window back when its screen goes away.

"The screen I'm working on" is the one under the pointer; where the window system does not
tell the pointer's place (Wayland tells a client only while the pointer is over one of its
own windows), the screen of the app's active window, and last the primary screen. The
person may instead name a screen in Settings (by the name the window system gives it, such
as ``HDMI-1``); a named screen that is not connected falls back to the working screen.

Qt hands the windows of a removed screen to another screen but leaves their geometry where
it was, often beyond the edge of every screen that is left: :class:`ScreenKeeper` moves any
such window back onto a screen the person can see.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, QRect, QTimer
from PySide6.QtGui import QCursor, QGuiApplication, QScreen
from PySide6.QtWidgets import QApplication, QWidget

from stretchapp.core.i18n import _
from stretchapp.core.logger import get_logger

log = get_logger(__name__)

WORKING_SCREEN = ""
"""The setting's value for "the screen I'm working on"."""


def _pointer_screen() -> QScreen | None:
    if QGuiApplication.platformName().startswith("wayland"):
        return None  # a Wayland client sees the pointer only over its own windows
    return QGuiApplication.screenAt(QCursor.pos())


def working_screen() -> QScreen:
    """The screen with the pointer, else the active window's, else the primary screen."""
    screen = _pointer_screen()
    if screen is None:
        active = QApplication.activeWindow()
        screen = active.screen() if active is not None else None
    return screen or QGuiApplication.primaryScreen()


def screen_named(name: str) -> QScreen | None:
    for screen in QGuiApplication.screens():
        if name and screen.name() == name:
            return screen
    return None


def chosen_screen(choice: str) -> QScreen:
    """The screen named by the setting, or the working screen when it names none that is connected."""
    return screen_named(choice) or working_screen()


def screen_label(screen: QScreen) -> str:
    size = screen.size()
    maker = " ".join(part for part in (screen.manufacturer(), screen.model()) if part.strip())
    detail = f"{maker}, " if maker else ""
    return _("{name} ({detail}{width}×{height})").format(
        name=screen.name() or _("unnamed screen"), detail=detail, width=size.width(), height=size.height()
    )


def screen_choices(current: str = WORKING_SCREEN) -> list[tuple[str, str]]:
    """(setting value, words) for Settings; a chosen screen that is not connected stays listed."""
    choices = [(WORKING_SCREEN, _("The screen I'm working on"))]
    choices += [(s.name(), screen_label(s)) for s in QGuiApplication.screens() if s.name()]
    if current and screen_named(current) is None:
        choices.append((current, _("{name} (not connected)").format(name=current)))
    return choices


def _centred(size_rect: QRect, area: QRect) -> QPoint:
    width = min(size_rect.width(), area.width())
    height = min(size_rect.height(), area.height())
    return QPoint(area.left() + (area.width() - width) // 2, area.top() + (area.height() - height) // 2)


def place_on(window: QWidget, screen: QScreen) -> None:
    """Put a top-level window on ``screen``, centred, unless it is there already."""
    frame = window.frameGeometry()
    if window.isVisible() and QGuiApplication.screenAt(frame.center()) is screen:
        return
    window.setScreen(screen)
    if window.isFullScreen():
        window.setGeometry(screen.geometry())
        return
    area = screen.availableGeometry()
    window.move(_centred(frame, area))


def on_some_screen(rect: QRect) -> bool:
    return any(s.geometry().contains(rect.center()) for s in QGuiApplication.screens())


class ScreenKeeper(QObject):
    """Watches for screens going away and brings every window left off-screen back to a visible one."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.screenRemoved.connect(self._removed)
        self.moved: list[str] = []  # object names of the windows brought back, for the log and tests

    def _removed(self, screen: QScreen) -> None:
        log.info("screen %s went away", screen.name())
        # Qt re-homes the windows after this signal; look once it has.
        QTimer.singleShot(0, self.rescue)

    def rescue(self) -> None:
        for window in QApplication.topLevelWidgets():
            if not window.isVisible() or window.isMinimized() or on_some_screen(window.frameGeometry()):
                continue
            target = working_screen()
            if window.isFullScreen():
                window.setScreen(target)
                window.setGeometry(target.geometry())
            else:
                window.move(_centred(window.frameGeometry(), target.availableGeometry()))
            log.info(
                "moved %s back onto screen %s", window.objectName() or type(window).__name__, target.name()
            )
            self.moved.append(window.objectName() or type(window).__name__)
