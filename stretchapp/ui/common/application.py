"""The Qt application object and its start-up hooks: the app's name and icon, the calm
message for an unexpected error, and a call once a window has first been painted.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from stretchapp import __version__, resources
from stretchapp.appid import APP_ID
from stretchapp.core.i18n import _
from stretchapp.core.logger import get_logger
from stretchapp.storage import paths
from stretchapp.ui.common import language

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (see docs/architecture.md)
if TYPE_CHECKING:
    from types import TracebackType

    from PySide6.QtWidgets import QWidget

log = get_logger(__name__)


def install_excepthook() -> None:
    """An unexpected error becomes a log entry and one calm message, never a silent exit."""
    shown = False

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        nonlocal shown
        import traceback  # noqa: PLC0415 - only ever needed after the first paint

        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        if shown or QApplication.instance() is None:
            return
        shown = True
        from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415 - loaded when needed

        QMessageBox.warning(
            None,
            "stretchapp",
            _("Something went wrong: {error}\n\nThe app will try to carry on. Details are in {path}.").format(
                error=value, path=paths.log_file()
            ),
        )

    sys.excepthook = hook


def make_application(argv: list[str] | None = None, *, icon: bool = True) -> QApplication:
    """The application, named and (unless ``icon`` is False: :func:`set_icon` later) with its icon."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    # Fractional scale factors pass through unrounded: Qt 6's default, so not set here (setting
    # it builds the whole Qt namespace, about 25 ms, before the first paint).
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("stretchapp")
    app.setApplicationDisplayName("stretchapp")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    if icon:
        set_icon(app)
    language.apply(app)
    return app


def set_icon(app: QApplication) -> None:
    """The app's icon on its windows (QIcon and the SVG icon engine cost a few milliseconds)."""
    from PySide6.QtGui import QIcon  # noqa: PLC0415 - after the first paint

    app.setWindowIcon(QIcon(str(resources.app_icon())))


class _FirstPaint(QObject):
    """Calls ``then`` once, on the next turn of the event loop after ``window`` first paints."""

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._then = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._then)
        return False


def after_first_paint(window: QWidget, then: Callable[[], None]) -> None:
    _FirstPaint(window, then)
