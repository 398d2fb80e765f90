"""The composition root: makes the application, the single-instance check and the controller,
and starts the reminders, the folder watch and the draft check once the library is on screen.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from stretchapp import __version__, resources
from stretchapp.appid import APP_ID
from stretchapp.core.i18n import _
from stretchapp.routines.library import load_library
from stretchapp.storage import paths
from stretchapp.storage import settings as settings_store
from stretchapp.storage.settings import SettingsStore
from stretchapp.ui.common import language
from stretchapp.ui.common.theme import apply_theme
from stretchapp.ui.controller import AppController

log = logging.getLogger(__name__)

RESTART = 75  # run_gui's code when the person asked for a restart (a new language, say)


def install_excepthook() -> None:
    """An unexpected error becomes a log entry and one calm message, never a silent exit."""
    shown = False

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        nonlocal shown
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        if shown or QApplication.instance() is None:
            return
        shown = True
        QMessageBox.warning(
            None,
            "stretchapp",
            _("Something went wrong: {error}\n\nThe app will try to carry on. Details are in {path}.").format(
                error=value, path=paths.log_file()
            ),
        )

    sys.excepthook = hook


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("stretchapp")
    app.setApplicationDisplayName("stretchapp")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(QIcon(str(resources.app_icon())))
    language.apply(app)
    return app


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


def pack_arguments(args: Sequence[str]) -> list[Path]:
    """The routine packs named among a start's arguments."""
    return [Path(arg) for arg in args if is_pack_argument(arg)]


def is_pack_argument(arg: str) -> bool:
    from stretchapp.routines.packs import PACK_SUFFIX  # noqa: PLC0415 - zip reading only when needed

    return not arg.startswith("-") and arg.lower().endswith(PACK_SUFFIX)


def run_gui(*, background: bool = False, open_packs: Sequence[Path] = (), lang: str | None = None) -> int:
    """Start the app (or wake the one already running); returns the event loop's exit code.

    ``open_packs`` are routine packs to import (``stretchapp FILE.stretchpack``, the desktop's
    Open With); a running app is handed them and imports them itself. The language is
    ``lang`` (``--lang``), else the one in the settings, else the system's; it is chosen
    before anything is built. :data:`RESTART` as the code asks the caller to start it again.
    """
    from stretchapp.platform.single_instance import SingleInstance  # noqa: PLC0415

    language.choose(lang, settings_store.load(set_aside=False).settings.language)
    app = make_application()
    instance = SingleInstance()
    packs = [str(Path(p).absolute()) for p in open_packs]  # the running app has another folder
    if not instance.start([*(["--background"] if background else []), *packs]):
        log.info("stretchapp is already running; asked it to come to the front")
        return 0
    install_excepthook()
    loaded = settings_store.load()
    apply_theme(app, loaded.settings.theme, high_contrast=loaded.settings.high_contrast)
    controller = AppController(SettingsStore(loaded), load_library())
    controller.window.quit_action.triggered.connect(app.quit)
    controller.restart_app = lambda: app.exit(RESTART)  # then cli.main starts a fresh process
    # Closing the window leaves the reminders running in the tray; Quit ends the app.
    app.setQuitOnLastWindowClosed(False)
    app.aboutToQuit.connect(instance.close)
    from stretchapp.ui.common.screens import ScreenKeeper  # noqa: PLC0415

    # A window whose screen is unplugged comes back on one that is still there.
    ScreenKeeper(parent=controller)

    def start_services() -> None:
        from stretchapp.platform.desktop_events import DesktopEvents  # noqa: PLC0415

        controller.watch_desktop(DesktopEvents(parent=controller))
        reminders = controller.start_reminders()
        reminders.quitRequested.connect(app.quit)
        instance.activated.connect(reminders.activate)
        instance.activated.connect(lambda args: controller.import_packs(pack_arguments(args)))
        app.aboutToQuit.connect(reminders.stop)
        # The no-tray window stands in for a tray icon: it waits minimised in the taskbar.
        reminders.start(minimised=True)
        controller.watch_user_folder()
        controller.offer_drafts()
        controller.save_waiting_history()
        for notice in [loaded.notice, *controller.library.notices]:
            if notice:
                controller.notices.append(notice)
                controller.notify(notice)

    if background and not packs:
        start_services()
    else:
        # The library is what a person waits for; reminders, the folder watch and the
        # draft check start once it has been painted, not before.
        def once_painted() -> None:
            start_services()
            if packs:
                controller.import_packs([Path(p) for p in packs])

        after_first_paint(controller.window, once_painted)
        controller.show_main_window()
    code = app.exec()
    controller.end_session()
    return code
