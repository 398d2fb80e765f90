"""The composition root: the single-instance check, the library window and the controller.

A start does what needs no Qt first: the language, the settings, the single-instance claim
(a second start hands its request over and quits without loading Qt at all) and the routine
list from the cache. Then it loads Qt, paints the library window, and only then builds the
controller (sessions, editor, history, sound, speech, D-Bus), QtNetwork, the reminders, the
folder watch and the draft check. Importing this module loads no Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from stretchapp.core import i18n
from stretchapp.core.logger import get_logger
from stretchapp.platform.instance_claim import InstanceClaim
from stretchapp.routines.library import load_library
from stretchapp.storage import settings as settings_store
from stretchapp.storage.settings import SettingsStore

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (see docs/architecture.md)
if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from stretchapp.ui.controller import AppController


def __getattr__(name: str) -> object:
    # ``from stretchapp.ui.app import AppController`` still works; importing it is deferred.
    if name == "AppController":
        from stretchapp.ui.controller import AppController  # noqa: PLC0415

        return AppController
    raise AttributeError(name)


log = get_logger(__name__)

RESTART = 75  # run_gui's code when the person asked for a restart (a new language, say)


def make_application(argv: list[str] | None = None, *, icon: bool = True) -> QApplication:
    """:func:`stretchapp.ui.common.application.make_application` (loading Qt)."""
    from stretchapp.ui.common.application import make_application as make  # noqa: PLC0415

    return make(argv, icon=icon)


def after_first_paint(window: QWidget, then: Callable[[], None]) -> None:
    """Call ``then`` on the next turn of the event loop after ``window`` first paints."""
    from stretchapp.ui.common.application import after_first_paint as later  # noqa: PLC0415

    later(window, then)


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
    i18n.set_language(lang or settings_store.load(set_aside=False).settings.language or None)
    packs = [str(Path(p).absolute()) for p in open_packs]  # the running app has another folder
    request = [*(["--background"] if background else []), *packs]
    # The name is claimed now and answered once the library is painted: a later start waits
    # in the socket's queue for that moment instead of opening a second app.
    claim = InstanceClaim()
    if not claim.take(request):
        log.info("stretchapp is already running; asked it to come to the front")
        return 0
    loaded = settings_store.load()
    library = load_library()

    # Qt from here on: modules imported after PySide6 pass through its import hook, so the
    # plain ones above are imported first.
    from stretchapp.platform.single_instance import SingleInstance  # noqa: PLC0415
    from stretchapp.ui.common.application import install_excepthook, set_icon  # noqa: PLC0415
    from stretchapp.ui.common.theme import apply_theme  # noqa: PLC0415
    from stretchapp.ui.library.window import MainWindow  # noqa: PLC0415

    app = make_application(icon=False)  # the icon follows the first paint
    instance = SingleInstance(claim=claim)
    if not instance.start(request, serve=False):  # Windows: its named pipes need Qt
        log.info("stretchapp is already running; asked it to come to the front")
        return 0
    install_excepthook()
    from stretchapp.ui.common.collector import collect_in_gui_thread  # noqa: PLC0415

    # Before any thread starts: cycles holding Qt objects are freed by this thread only.
    collect_in_gui_thread(app)
    apply_theme(app, loaded.settings.theme, high_contrast=loaded.settings.high_contrast)
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
        window.finish_start()
        start_services()
    else:
        # The library is what a person waits for; the controller, reminders, the folder
        # watch and the draft check start once it has been painted, not before.
        def painted() -> None:
            from PySide6.QtCore import QTimer  # noqa: PLC0415

            window.finish_start()
            # A turn of the event loop between the two, so the details are painted first.
            QTimer.singleShot(0, start_services)

        after_first_paint(window, painted)
        window.present()
    code = app.exec()
    for controller in made:
        controller.end_session()
    return code
