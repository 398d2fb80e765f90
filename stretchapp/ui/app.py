"""The composition root: makes the application, the single-instance check and the controller,
and starts the reminders, the folder watch and the draft check once the library is on screen.

A start paints the library first: the window is built from the routine cache with nothing
but QtWidgets, and the controller (sessions, editor, history, sound, speech, D-Bus) and
QtNetwork are imported once it is on screen. A second start is still refused before it
shows anything: the socket is claimed before the window and answered after it.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from stretchapp import __version__, resources
from stretchapp.appid import APP_ID
from stretchapp.core.i18n import _
from stretchapp.routines.library import load_library
from stretchapp.storage import paths
from stretchapp.storage import settings as settings_store
from stretchapp.storage.settings import SettingsStore
from stretchapp.ui.common import language
from stretchapp.ui.common.theme import apply_theme
from stretchapp.ui.library.window import MainWindow

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from stretchapp.ui.controller import AppController


def __getattr__(name: str) -> object:
    # ``from stretchapp.ui.app import AppController`` still works; importing it is deferred.
    if name == "AppController":
        from stretchapp.ui.controller import AppController  # noqa: PLC0415

        return AppController
    raise AttributeError(name)


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
    # it builds the whole Qt namespace, about 15 ms, before the first paint).
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
    app = make_application(icon=False)  # the icon follows the first paint
    instance = SingleInstance()
    packs = [str(Path(p).absolute()) for p in open_packs]  # the running app has another folder
    # The name is claimed now and answered once the library is painted: a later start waits
    # in the socket's queue for that moment instead of opening a second app.
    if not instance.start([*(["--background"] if background else []), *packs], serve=False):
        log.info("stretchapp is already running; asked it to come to the front")
        return 0
    install_excepthook()
    loaded = settings_store.load()
    apply_theme(app, loaded.settings.theme, high_contrast=loaded.settings.high_contrast)
    library = load_library()
    window = MainWindow(quick_start=True)  # the details follow the first paint
    window.library_page.set_hold_length(loaded.settings.hold_length)
    window.library_page.set_left_out(loaded.settings.left_out_exercises)
    window.library_page.set_library(library)
    # Closing the window leaves the reminders running in the tray; Quit ends the app.
    app.setQuitOnLastWindowClosed(False)
    app.aboutToQuit.connect(instance.close)
    made: list[AppController] = []

    def start_services() -> None:
        from stretchapp.platform.desktop_events import DesktopEvents  # noqa: PLC0415
        from stretchapp.platform.logs import rotate_from_now  # noqa: PLC0415
        from stretchapp.ui.controller import AppController  # noqa: PLC0415

        instance.serve()
        set_icon(app)
        rotate_from_now()
        from stretchapp.ui.common.screens import ScreenKeeper  # noqa: PLC0415

        controller = AppController(SettingsStore(loaded), library, window=window)
        # A window whose screen is unplugged comes back on one that is still there.
        ScreenKeeper(parent=controller)
        made.append(controller)
        window.quit_action.triggered.connect(app.quit)
        controller.restart_app = lambda: app.exit(RESTART)  # then cli.main starts a fresh process
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
        if packs:
            controller.import_packs([Path(p) for p in packs])

    if background and not packs:
        window.library_page.finish_start()
        start_services()
    else:
        # The library is what a person waits for; the controller, reminders, the folder
        # watch and the draft check start once it has been painted, not before.
        def painted() -> None:
            window.library_page.finish_start()
            # A turn of the event loop between the two, so the details are painted first.
            QTimer.singleShot(0, start_services)

        after_first_paint(window, painted)
        window.present()
    code = app.exec()
    for controller in made:
        controller.end_session()
    return code
