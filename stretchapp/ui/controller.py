"""The app's use cases: starting and ending sessions, the cautions before a first start, the
editor's files and drafts, the History window, reminders and applying settings.

:class:`AppController` owns the main window and the running session; ``app.py`` builds one
and wires it to the application. Each part gets only what it needs: the library page gets
routines, the player gets one session driver at a time, settings reach every part through
the one settings store.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QWidget

from stretchapp import resources
from stretchapp.core.checkin import Feeling, without_exercises
from stretchapp.core.engine import SessionState
from stretchapp.core.i18n import _
from stretchapp.core.kinds import HoldLength
from stretchapp.core.logger import get_logger
from stretchapp.core.model import Routine
from stretchapp.core.record import SessionRecord
from stretchapp.core.text import printable
from stretchapp.routines.library import Library, RoutineEntry, load_library
from stretchapp.storage import paths
from stretchapp.storage import settings as stored_settings
from stretchapp.storage.settings import LoadedSettings, Settings, SettingsStore
from stretchapp.ui.common.questions import ask_yes_no
from stretchapp.ui.common.theme import apply_theme
from stretchapp.ui.library.window import MainWindow

if TYPE_CHECKING:
    from stretchapp.core.idle import IdleSource
    from stretchapp.core.stats import HistoryStats
    from stretchapp.platform.desktop_events import DesktopEvents
    from stretchapp.ui.common.announce import PhaseAnnouncer
    from stretchapp.ui.editor.window import EditorWindow
    from stretchapp.ui.history.service import HistoryService
    from stretchapp.ui.history.view import HistoryView
    from stretchapp.ui.player.view import PlayerView
    from stretchapp.ui.reminders.controller import BackgroundController
    from stretchapp.ui.session.audio import SoundPlayer
    from stretchapp.ui.session.cue_controller import CueController
    from stretchapp.ui.session.driver import SessionDriver
    from stretchapp.ui.session.notifier import PhaseNotifier
    from stretchapp.ui.settings.dialog import SettingsDialog

log = get_logger(__name__)

LOCK_CHECK_MS = 5000  # a lock is noticed within 5 s; the sleep probe covers suspend exactly


def ask_cautions(routine: Routine, parent: QWidget | None) -> bool:
    from stretchapp.ui.library.cautions import CautionsDialog  # noqa: PLC0415 - only on a first start

    return CautionsDialog(routine, parent).exec() == CautionsDialog.DialogCode.Accepted


class AppController(QObject):
    """Owns the window, the settings and the running session; starts and ends sessions."""

    def __init__(
        self,
        settings: Settings | SettingsStore,
        library: Library,
        *,
        clock: Callable[[], float] | None = None,
        sound_factory: Callable[[Settings], SoundPlayer] | None = None,
        window: MainWindow | None = None,
    ) -> None:
        """``window``, when given, is a library window already built and showing ``library``."""
        super().__init__()
        self.settings_store = (
            settings if isinstance(settings, SettingsStore) else SettingsStore(LoadedSettings(settings))
        )
        self.settings_store.subscribe(self._settings_changed)
        self.library = library
        self._clock = clock
        self._sound_factory = sound_factory
        self.cues: CueController | None = None
        self.notifier: PhaseNotifier | None = None
        self.notices: list[str] = []  # things the settings dialog should mention
        self.settings_dialog: SettingsDialog | None = None
        self.idle_source: IdleSource | None = None  # set when reminders start; tells of a locked screen
        self._lock_timer = QTimer(self)
        self._lock_timer.setInterval(LOCK_CHECK_MS)
        self._lock_timer.timeout.connect(self._check_lock)
        self.desktop_events: DesktopEvents | None = None  # lock and sleep pushed over D-Bus, where told
        self.driver: SessionDriver | None = None
        self.announcer: PhaseAnnouncer | None = None  # made with the player
        self.confirm_cautions: Callable[[Routine, QWidget | None], bool] = ask_cautions
        # Set by the app (ui/app.py) where it can start itself again; None: no Restart now.
        self.restart_app: Callable[[], None] | None = None
        self.confirm_restart: Callable[[], bool] = self._ask_restart
        self.ask_leave_out: Callable[[str, QWidget | None], bool] = _ask_leave_out
        self._recent: list[SessionRecord] = []  # this run's sessions with check-ins, for today's holds
        if window is None:
            window = MainWindow()
            window.library_page.set_hold_length(self.settings.hold_length)
            window.library_page.set_left_out(self.settings.left_out_exercises)
            window.library_page.set_library(library)
        self.window = window
        self.window.library_page.bringBackRequested.connect(self.bring_back)
        self.window.library_page.startRequested.connect(self.start_entry)
        self.window.closing.connect(self.end_session)
        self.window.reload_action.triggered.connect(self.reload_library)
        self.window.open_folder_action.triggered.connect(self.open_routine_folder)
        self.window.format_action.triggered.connect(self.open_format_help)
        self.window.history_action.triggered.connect(self.show_history)
        self.window.high_contrast_action.setChecked(self.settings.high_contrast)
        self.window.high_contrast_action.toggled.connect(self.set_high_contrast)
        self.window.settings_action.triggered.connect(self.open_settings)
        self.window.new_action.triggered.connect(self.new_routine)
        self.window.edit_action.triggered.connect(self.edit_selected)
        self.window.duplicate_action.triggered.connect(self.duplicate_selected)
        self.window.delete_action.triggered.connect(self.delete_selected)
        self.window.library_page.selectionChanged.connect(self._selection_changed)
        self._selection_changed(self.window.library_page.selected_entry())
        self.editors: dict[Path, EditorWindow] = {}
        self.confirm_delete: Callable[[Path, bool], bool] = self._confirm_delete
        self._player: PlayerView | None = None
        self._last_routine: Routine | None = None
        self._history: HistoryService | None = None
        self.history_view: HistoryView | None = None
        self.reminders: BackgroundController | None = None
        self.confirm_replace: Callable[[str], bool] = self._confirm_replace
        self.report_refusal: Callable[[str], None] = self._report_refusal
        self.window.packsDropped.connect(self.import_packs)

    @property
    def settings(self) -> Settings:
        """The settings now in force (a frozen value: change them through :meth:`change_settings`)."""
        return self.settings_store.current

    @property
    def history(self) -> HistoryService:
        """The history, kept on its own thread: saving and reading never wait on the database here."""
        if self._history is None:
            from stretchapp.ui.history.service import HistoryService  # noqa: PLC0415 - sqlite is not needed to start

            self._history = HistoryService(parent=self)
            self._history.noticeRaised.connect(self.notify)
            self._history.statsReady.connect(self._history_read)
            self._history.checkinsReady.connect(self._checkins_read)
        return self._history

    def save_waiting_history(self) -> None:
        """Save the sessions an earlier run could not (on the history thread), if there are any."""
        from stretchapp.storage.history_journal import waiting_sessions_exist  # noqa: PLC0415

        if waiting_sessions_exist(paths.history_db()):
            self.history.save_waiting()

    def show_history(self) -> None:
        """The History window: minutes, streak and the last 14 days (read again on each open)."""
        from stretchapp.ui.history.view import HistoryView  # noqa: PLC0415

        if self.history_view is None:
            self.history_view = HistoryView()
            self.history_view.setWindowTitle(_("Stretch history"))
            self.history_view.resize(760, 620)
        self.history_view.set_goal(self.settings.daily_goal_minutes)
        self.history.request_stats()
        self.history_view.show()
        self.history_view.raise_()
        self.history_view.activateWindow()

    def _history_read(self, stats: HistoryStats, notice: str | None) -> None:
        if self.history_view is not None:
            self.history_view.set_stats(stats, notice=notice)
        if self.reminders is not None:
            self.reminders.set_goal_stats(stats)  # the daily goal in the tray

    def _checkins_read(self, checkins: object) -> None:
        if self.history_view is not None and isinstance(checkins, tuple):
            self.history_view.set_checkins(checkins)

    def notify(self, message: str) -> None:
        """One calm line in the status bar (and the log) for something the person should know."""
        log.warning("notice: %s", message)
        self.window.statusBar().showMessage(message, 20000)

    @property
    def player(self) -> PlayerView:
        """The player page, built on first use: the library shows without it."""
        if self._player is None:
            from stretchapp.ui.player.view import PlayerView  # noqa: PLC0415 - keeps start-up lean

            player = PlayerView(text_scale=self.settings.text_scale, muted=self.settings.muted)
            player.leaveRequested.connect(self.leave_player)
            player.againRequested.connect(self.again)
            player.muteToggled.connect(self._muted)
            player.textScaleChanged.connect(self._text_scale)
            player.fullscreenToggled.connect(self.window.toggle_fullscreen)
            player.set_checkins_enabled(self.settings.checkins)
            player.checkedIn.connect(self.check_in)
            self.window.fullscreenChanged.connect(player.set_fullscreen)
            player.set_fullscreen(self.window.isFullScreen())
            self.window.set_player(player)
            self._player = player
            self._build_cues()
        return self._player

    def _build_cues(self) -> None:
        """Sounds, voice and notifications: built with the player, not at start-up (~100 ms)."""
        from stretchapp.ui.session.cue_controller import CueController  # noqa: PLC0415
        from stretchapp.ui.session.notifier import PhaseNotifier, tray_sink  # noqa: PLC0415

        self.cues = CueController(self.settings, sound_factory=self._sound_factory, parent=self)
        self.cues.noticeRaised.connect(self.notify)
        tray = (
            self.reminders.tray.icon
            if self.reminders is not None and self.reminders.tray is not None
            else None
        )
        self.notifier = PhaseNotifier(self.window, self.settings, tray_sink(tray, parent=self), parent=self)

    # -- sessions ------------------------------------------------------------------------
    def start_entry(self, entry: RoutineEntry) -> None:
        self.start_routine(entry.routine)

    def start_routine(
        self, routine: Routine, *, start_exercise: int = 0, gate: bool = True, speed: float = 1.0
    ) -> bool:
        """Start ``routine`` in the player, after its cautions the first time."""
        if (
            gate
            and (routine.cautions or routine.contraindications)
            and routine.id not in self.settings.acknowledged_cautions
        ):
            if not self.confirm_cautions(routine, self.window):
                return False
            self.change_settings(acknowledged_cautions=(*self.settings.acknowledged_cautions, routine.id))
        from stretchapp.core.engine import Session  # noqa: PLC0415 - keeps start-up lean
        from stretchapp.core.suspend import default_probe  # noqa: PLC0415
        from stretchapp.ui.session.driver import SessionDriver  # noqa: PLC0415

        left_out = stored_settings.left_out(self.settings, routine.id)
        playable = without_exercises(routine, left_out)
        if not playable.exercises:
            self.notify(
                _("Every exercise of {routine} is left out; bring one back from its details.").format(
                    routine=routine.title
                )
            )
            return False
        self.end_session()
        kwargs = {"clock": self._clock} if self._clock is not None else {"suspend_probe": default_probe()}
        if speed != 1.0:
            kwargs = {"clock": _scaled_clock(self._clock or time.monotonic, speed)}
        session = Session.for_routine(
            playable,
            hold_length=self.settings.hold_length,
            first_side=self.settings.first_side,
            start_exercise=min(start_exercise, len(playable.exercises) - 1),
            day_holds=self._todays_holds(playable),
            speed=speed,
            **kwargs,
        )
        from stretchapp.storage.history_recorder import HistoryRecorder  # noqa: PLC0415

        session.subscribe(HistoryRecorder(self.history, on_notice=self.notify))
        self.driver = SessionDriver(session, parent=self, time_scale=speed)
        self.player.attach(self.driver)
        from stretchapp.ui.common.announce import PhaseAnnouncer  # noqa: PLC0415

        # Screen readers hear each phase once, never the seconds.
        if self.announcer is None:
            self.announcer = PhaseAnnouncer(self.player)
        self.announcer.attach(self.driver)
        if self.cues is not None and self.notifier is not None:
            self.cues.attach(self.driver)
            self.notifier.attach(self.driver)
        told = self.desktop_events is not None and self.desktop_events.tells_lock
        if self.idle_source is not None and self.idle_source.available and not told:
            self._lock_timer.start()
            self.driver.finished.connect(lambda _summary: self._lock_timer.stop())
        if self.reminders is not None:
            # No break reminder while a routine runs; a finished one counts as the break.
            self.reminders.session_started()
            reminders = self.reminders
            self.driver.finished.connect(lambda summary: reminders.session_ended(summary.completed))
            if self.settings.daily_goal_minutes:
                # Queued after the session's save, so the goal counts it.
                self.driver.finished.connect(lambda _summary: self.history.request_stats())
        self._last_routine = routine
        self.window.show_player()
        self.driver.start()
        log.info("started routine %s", routine.id)
        return True

    def _todays_holds(self, routine: Routine) -> dict[int, int] | None:
        """Each exercise's hold today from its check-ins, when holds progress across days."""
        if self.settings.hold_length is not HoldLength.ACROSS_DAYS:
            return None
        from stretchapp.core.progression import hold_overrides, latest_checkins, plan_from_latest  # noqa: PLC0415
        from stretchapp.storage import history  # noqa: PLC0415

        names = [exercise.name for exercise in routine.exercises]
        try:
            # Read only, newest first, stopping once each exercise has its latest: a few rows.
            latest = history.latest_checkins(routine.id, names)
        except history.HistoryUnreadableError as error:
            log.warning("today's holds: %s", error)
            latest = {}
        # This run's sessions, in case the history thread has not saved the last one yet.
        for name, each in latest_checkins(self._recent, routine.id).items():
            if name not in latest or each.at > latest[name].at:
                latest[name] = each
        today = datetime.now().astimezone().date()
        return dict(hold_overrides(plan_from_latest(routine, latest, today)))

    def check_in(self, exercise_index: int, feeling: Feeling) -> None:
        """The person said how an exercise felt: keep it; after a sharp pain, stop and advise."""
        driver = self.driver
        if driver is None:
            return
        session = driver.session
        session.check_in(exercise_index, feeling)
        ended = session.state in {SessionState.FINISHED, SessionState.STOPPED}
        if ended and session.summary is not None and session.summary.ran:
            # The last exercise is asked about on the end screen, after the session was saved.
            self.history.add(session.summary)
        if feeling is Feeling.SHARP_PAIN:
            name = session.timeline.routine.exercises[exercise_index].name
            routine_id = session.timeline.routine.id
            if not ended:
                driver.stop()
            self._remember(session.summary)
            if self.ask_leave_out(name, self.window):
                key = stored_settings.left_out_key(routine_id, name)
                if key not in self.settings.left_out_exercises:
                    self.change_settings(left_out_exercises=(*self.settings.left_out_exercises, key))
            self.leave_player()
        elif ended:
            self._remember(session.summary)

    def _remember(self, summary: SessionRecord | None) -> None:
        if summary is not None and summary.checkins:
            self._recent = [r for r in self._recent if r.started_at != summary.started_at] + [summary]

    def bring_back(self, routine_id: str, exercise: str) -> None:
        """Put an exercise left out after a sharp pain back into its routine."""
        key = stored_settings.left_out_key(routine_id, exercise)
        self.change_settings(
            left_out_exercises=tuple(k for k in self.settings.left_out_exercises if k != key)
        )

    def _check_lock(self) -> None:
        """A locked screen means the person has left: pause, as for a sleeping computer."""
        if self.driver is None or self.idle_source is None:
            self._lock_timer.stop()
            return
        if self.driver.session.state is SessionState.RUNNING and self.idle_source.sample().locked:
            log.info("screen locked during a routine; pausing")
            self.driver.pause_for_suspend()

    def watch_desktop(self, events: DesktopEvents) -> None:
        """Pause on the desktop's own lock and sleep signals; polling stays where it tells no lock."""
        self.desktop_events = events
        events.lockChanged.connect(lambda locked, _who: self._pause_for(_("the screen was locked"), locked))
        events.sleepChanged.connect(lambda going: self._pause_for(_("the computer went to sleep"), going))

    def _pause_for(self, why: str, now: bool) -> None:
        if now and self.driver is not None and self.driver.session.state is SessionState.RUNNING:
            self.driver.pause_for_suspend()
            self.notify(_("Paused: {why}.").format(why=why))

    def end_session(self) -> None:
        """Stop and drop the current session, if any (its summary still goes out)."""
        self._lock_timer.stop()
        driver, self.driver = self.driver, None
        if driver is None:
            return
        if driver.session.state in {SessionState.RUNNING, SessionState.PAUSED}:
            driver.stop()
        if self._player is not None:
            self._player.detach()
        if self.announcer is not None:
            self.announcer.detach()
        if self.cues is not None and self.notifier is not None:
            self.cues.detach()
            self.notifier.detach()
        driver.dispose()
        driver.deleteLater()

    def leave_player(self) -> None:
        self.end_session()
        self.window.show_library()
        if self.history_view is not None and self.history_view.isVisible():
            self.history.request_stats()  # queued after the session's save, so it is counted

    def again(self) -> None:
        if self._last_routine is not None:
            self.start_routine(self._last_routine, gate=False)

    def reload_library(self) -> None:
        self.library = load_library()
        self.window.library_page.set_library(self.library)
        if self.reminders is not None:
            self.reminders.set_routines(*self.routine_choices())

    # -- authoring -----------------------------------------------------------------------
    def _selection_changed(self, entry: RoutineEntry | None) -> None:
        own = entry is not None and not entry.read_only
        self.window.edit_action.setEnabled(own)
        self.window.delete_action.setEnabled(own)
        self.window.duplicate_action.setEnabled(entry is not None)

    def open_editor(self, path: Path, *, text: str | None = None) -> EditorWindow:
        from stretchapp.ui.editor.window import EditorWindow  # noqa: PLC0415

        editor = self.editors.get(path)
        if editor is None or not editor.isVisible():
            editor = EditorWindow(path, play=self.play_preview, text=text)
            editor.saved.connect(lambda _path: self.reload_library())
            self.editors[path] = editor
        editor.show()
        editor.raise_()
        editor.activateWindow()
        return editor

    def new_routine(self) -> EditorWindow | None:
        from stretchapp.routines import routine_files  # noqa: PLC0415

        try:
            path = routine_files.new_routine_path(taken=self.editors.keys())
            text = routine_files.template_text()
        except OSError as error:
            self.notify(_("Could not make a new routine: {reason}").format(reason=error.strerror or error))
            return None
        # Nothing is written until the first save: closing without saving leaves no file.
        return self.open_editor(path, text=text)

    def edit_selected(self) -> EditorWindow | None:
        entry = self.window.library_page.selected_entry()
        if entry is None:
            return None
        if entry.read_only:
            self.notify(
                _("Bundled routines are read-only: use Duplicate to my routines, then edit the copy.")
            )
            return None
        return self.open_editor(entry.path)

    def duplicate_selected(self) -> EditorWindow | None:
        from stretchapp.routines import routine_files  # noqa: PLC0415

        entry = self.window.library_page.selected_entry()
        if entry is None:
            return None
        titles = {e.summary.title for e in self.library.entries}
        try:
            path = routine_files.duplicate_to_user(
                entry.path, title=routine_files.copy_title(entry.routine.title, titles)
            )
        except OSError as error:
            self.notify(_("Could not copy the routine: {reason}").format(reason=error.strerror or error))
            return None
        self.reload_library()
        return self.open_editor(path)

    def delete_selected(self) -> bool:
        """Move the selected routine of the person's own to the trash (or delete, when asked)."""
        from PySide6.QtCore import QFile  # noqa: PLC0415

        entry = self.window.library_page.selected_entry()
        if entry is None or entry.read_only:
            return False
        path = entry.path
        trash = QFile.supportsMoveToTrash()
        if not self.confirm_delete(path, trash):
            return False
        if not (trash and QFile.moveToTrash(str(path))):
            try:
                path.unlink()
            except OSError as error:
                self.notify(
                    _("Could not delete {name}: {reason}").format(
                        name=path.name, reason=error.strerror or error
                    )
                )
                return False
        self.reload_library()
        self.notify(
            (_("{title} moved to the trash.") if trash else _("{title} deleted.")).format(
                title=entry.routine.title
            )
        )
        return True

    def _confirm_delete(self, path: Path, trash: bool) -> bool:
        question = (
            _("Move {name} to the trash?")
            if trash
            else _("Delete {name} permanently (this system has no trash)?")
        )
        return ask_yes_no(self.window, _("Delete routine?"), question.format(name=path.name))

    # -- routine packs -------------------------------------------------------------------
    def import_packs(self, files: list[Path]) -> list[str]:
        """Import each pack (dropped, opened with, or named on the command line); returns the ids.

        A pack is checked whole before anything is written; replacing a routine or a picture
        is asked first, and a refused pack is said in one line.
        """
        from stretchapp.routines import packs  # noqa: PLC0415

        imported: list[str] = []
        for file in files:
            name = printable(Path(file).name)
            try:
                pack = packs.load_pack(file)
                title = pack.routine.title
                try:
                    done = packs.install(pack)
                except packs.AlreadyExistsError:
                    existing = packs.existing_routine(pack.routine_id)
                    what = (
                        _("a routine with the id {id}").format(id=repr(pack.routine_id))
                        if existing
                        else _("a different picture of the same name")
                    )
                    question = _(
                        "Your routines already have {what}. Replace it with “{title}” from {name}? "
                        "The replaced file is kept beside it, ending in ~."
                    ).format(what=what, title=title, name=name)
                    if not self.confirm_replace(question):
                        self.notify(_("{name} was not imported; nothing was changed.").format(name=name))
                        continue
                    done = packs.install(pack, replace=True)
            except packs.PackError as error:
                self.report_refusal(_("{name} was not imported: {error}").format(name=name, error=error))
                continue
            imported.append(done.routine_id)
            self.notify(_("Imported “{title}” into your routines.").format(title=title))
        if imported:
            self.reload_library()
            self.show_main_window()
            self.window.library_page.select(imported[-1])
        return imported

    def _confirm_replace(self, question: str) -> bool:
        return ask_yes_no(self.window, _("Replace routine?"), question)

    def _report_refusal(self, line: str) -> None:
        from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415

        log.warning("pack refused: %s", line)
        QMessageBox.warning(self.window, _("Routine pack not imported"), line)

    def play_preview(self, routine: Routine, start_exercise: int, speed: float) -> None:
        """The editor's Play: the real player from any exercise, at normal or five-fold speed."""
        self.show_main_window()
        self.start_routine(routine, start_exercise=start_exercise, gate=False, speed=speed)

    def offer_drafts(self, ask: Callable[[Path], bool] | None = None) -> list[EditorWindow]:
        """After a crash: offer each unsaved draft back in an editor."""
        from stretchapp.storage import drafts  # noqa: PLC0415

        ask = ask or self._ask_restore
        opened = []
        for draft in drafts.list_drafts():
            if ask(draft.original):
                opened.append(self.open_editor(draft.original, text=draft.text))
            else:
                drafts.discard_draft(draft.original)
        return opened

    def _ask_restore(self, original: Path) -> bool:
        return ask_yes_no(
            self.window,
            _("Restore unsaved changes?"),
            _(
                "stretchapp closed before your changes to {name} were saved. Restore them in the editor?"
            ).format(name=original.name),
            default_yes=True,
        )

    def watch_user_folder(self) -> None:
        """Reload the library when routine files change on disk (edited in another program)."""
        from stretchapp.ui.library.folder_watcher import FolderWatcher  # noqa: PLC0415

        self.folder_watcher = FolderWatcher(paths.user_routines_dir(), parent=self)
        self.folder_watcher.changed.connect(self.reload_library)

    def routine_choices(self) -> tuple[list[tuple[str, str]], dict[str, float]]:
        """(id, title) of every routine, and each one's length with the hold length set, for the reminders."""
        summaries = [e.summary for e in self.library.entries]  # no routine is decoded for this
        hold = self.settings.hold_length
        choices = [(s.id, s.title) for s in summaries]
        seconds = {s.id: float(s.total_seconds(hold)) for s in summaries}
        return choices, seconds

    def show_main_window(self) -> None:
        self.window.present()

    def start_by_id(self, routine_id: str) -> None:
        """Start a routine named by the tray or a break prompt."""
        entry = self.library.get(routine_id)
        if entry is None:
            self.show_main_window()
            self.notify(
                _("There is no routine called {id}; choose one in the list.").format(id=repr(routine_id))
            )
            return
        from stretchapp.ui.common.screens import chosen_screen, place_on  # noqa: PLC0415

        # A break starts where the person is working (or on the screen chosen in Settings).
        place_on(self.window, chosen_screen(self.settings.break_screen))
        self.show_main_window()
        self.start_routine(entry.routine)

    def open_settings(self) -> None:
        """The settings dialog; what it saves takes effect at once."""
        from stretchapp.ui.session.speech import QtSpeaker  # noqa: PLC0415
        from stretchapp.ui.settings.dialog import SettingsDialog  # noqa: PLC0415

        notices = list(self.notices)
        if self.cues is not None:
            notices += self.cues.notices()
        if self.reminders is not None and not self.reminders.idle_detection_on:
            notices.append(
                _(
                    "Idle detection is off: this desktop does not report idle time, so breaks follow the plain schedule."
                )
            )
        dialog = SettingsDialog(
            self.settings,
            routines=self.routine_choices()[0],
            notices=notices,
            sound_player=self.cues.player if self.cues is not None else None,
            speaker_factory=QtSpeaker,
            store=self.settings_store,
            can_restart=self.restart_app is not None,
            parent=self.window,
        )
        dialog.restartRequested.connect(self.restart)
        self.settings_dialog = dialog
        dialog.open()

    def restart(self) -> None:
        """Start the app again (a new language): as Quit does, after asking if a routine would stop."""
        if self.restart_app is None:
            return
        running = self.driver is not None and self.driver.session.state in {
            SessionState.RUNNING,
            SessionState.PAUSED,
        }
        if running and not self.confirm_restart():
            return
        self.end_session()
        self.restart_app()

    def _ask_restart(self) -> bool:
        return ask_yes_no(
            self.window,
            _("Restart stretchapp?"),
            _("The routine you are doing stops, and stretchapp starts again in the new language."),
        )

    def apply_settings(self, new: Settings) -> str | None:
        """Make ``new`` the settings (the dialog's OK or Apply); returns why saving failed, or None."""
        problem = self.settings_store.replace(new)
        if problem:
            self.notify(problem)
        return problem

    def change_settings(self, **changes: object) -> None:
        """Change some settings and keep them; a failed save is said, never silent."""
        self.apply_settings(self.settings.replace(**changes))

    def _settings_changed(self, old: Settings, new: Settings) -> None:
        """Bring every part that shows or uses a setting up to date with ``new``."""
        if (old.theme, old.high_contrast) != (new.theme, new.high_contrast):
            app = QApplication.instance()
            if isinstance(app, QApplication):
                apply_theme(app, new.theme, high_contrast=new.high_contrast)
        self.window.high_contrast_action.setChecked(new.high_contrast)
        if old.hold_length != new.hold_length:
            self.window.library_page.set_hold_length(new.hold_length)
        self.window.library_page.set_left_out(new.left_out_exercises)
        if self.cues is not None:
            self.cues.apply_settings(new)
        if self.notifier is not None:
            self.notifier.settings = new
        if self._player is not None:
            self._player.set_checkins_enabled(new.checkins)
            self._player.set_muted(new.muted)
            self._player.set_text_scale(new.text_scale)
        if self.reminders is not None:
            if old.hold_length != new.hold_length:
                self.reminders.set_routines(*self.routine_choices())  # their lengths follow the hold length
            self.reminders.apply_settings(new)
        if old.daily_goal_minutes != new.daily_goal_minutes:
            if self.history_view is not None:
                self.history_view.set_goal(new.daily_goal_minutes)
            if new.daily_goal_minutes and self.reminders is not None:
                self.history.request_stats()
        if old.start_at_login != new.start_at_login:
            from stretchapp.platform import autostart  # noqa: PLC0415

            try:
                autostart.apply(new.start_at_login)
            except OSError as exc:
                self.notify(_("Could not change start at login: {reason}").format(reason=exc.strerror or exc))

    def start_reminders(self) -> BackgroundController:
        """Break reminders in the tray (or a small window where there is no tray)."""
        from stretchapp.platform.idle_dbus import find_idle_source  # noqa: PLC0415
        from stretchapp.ui.reminders.controller import BackgroundController  # noqa: PLC0415

        choices, seconds = self.routine_choices()
        self.idle_source = find_idle_source()
        self.reminders = BackgroundController(
            self.settings,
            choices,
            self.start_by_id,
            self.show_main_window,
            self.open_settings,
            idle_source=self.idle_source,
            routine_seconds=seconds,
            parent=self,
        )
        self.reminders.noticeRaised.connect(self.notify)
        if self.reminders.break_log.notice:
            self.notify(self.reminders.break_log.notice)
        if self.settings.daily_goal_minutes:
            self.history.request_stats()
        return self.reminders

    def open_routine_folder(self) -> None:
        folder = paths.user_routines_dir()
        folder.mkdir(parents=True, exist_ok=True)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self.window.statusBar().showMessage(
                _("Your routines live in {folder}").format(folder=folder), 15000
            )

    def open_format_help(self) -> None:
        doc = resources.format_doc()
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(doc))):
            self.window.statusBar().showMessage(
                _("The routine format is described in {path}").format(path=doc), 15000
            )

    def set_high_contrast(self, on: bool) -> None:
        """White on black with bright accents, for low vision or a bright room."""
        self.change_settings(high_contrast=on)

    def _muted(self, muted: bool) -> None:
        self.change_settings(muted=muted)

    def _text_scale(self, scale: float) -> None:
        self.change_settings(text_scale=scale)


def _ask_leave_out(exercise: str, parent: QWidget | None) -> bool:
    from stretchapp.ui.player.safety import ask_leave_out  # noqa: PLC0415 - only after a sharp pain

    return ask_leave_out(exercise, parent)


def _scaled_clock(clock: Callable[[], float], speed: float) -> Callable[[], float]:
    """A clock that runs ``speed`` times faster from now on (for checking a routine's flow)."""
    origin = clock()
    return lambda: origin + (clock() - origin) * speed
