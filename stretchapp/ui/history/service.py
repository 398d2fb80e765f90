"""The history for the windows: saves and reads run on the history thread, answers arrive on the UI thread.

:class:`HistoryService` wraps a :class:`~stretchapp.storage.history_writer.HistoryWriter`.
The writer calls back on its worker thread; the service turns each answer into the emission
of a private signal connected to itself with ``Qt.QueuedConnection``, so the answer is
delivered by the UI thread's event loop, and only then re-emitted as the public signals a
window or the controller connects to. Nothing here waits on the database.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

from stretchapp.core.i18n import N_, _
from stretchapp.core.logger import get_logger
from stretchapp.core.record import SessionRecord
from stretchapp.storage.history_writer import HistoryRead, HistoryWriter, SaveResult

log = get_logger(__name__)

SAVED_AGAIN = N_("The sessions that were waiting are now saved in your stretch history.")


class HistoryService(QObject):
    """The app's history; construct it on the UI thread."""

    noticeRaised = Signal(str)  # a sentence for the status bar
    statsReady = Signal(object, object)  # HistoryStats, notice (str or None)
    checkinsReady = Signal(object)  # tuple of ExerciseDays, just before statsReady
    saved = Signal(object)  # SaveResult
    _answered = Signal(object)  # emitted on the worker thread

    def __init__(
        self, path: Path | None = None, *, parent: QObject | None = None, **writer_options: object
    ) -> None:
        super().__init__(parent)
        self._answered.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.writer = HistoryWriter(path, on_saved=self._answered.emit, **writer_options)  # type: ignore[arg-type]
        self._waiting = False
        self._told: str | None = None  # the last notice passed on, so each is said once
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.close)

    @property
    def notice(self) -> str | None:
        return self.writer.notice

    def add(self, record: SessionRecord) -> None:
        """Save ``record`` on the history thread (the recorder's sink); returns at once."""
        self.writer.add(record)

    def save_waiting(self) -> None:
        """Save what an earlier run left waiting, on the history thread."""
        self.writer.save_waiting()

    def request_stats(self, *, now: datetime | None = None) -> None:
        """Read the figures on the history thread; :attr:`statsReady` brings them."""
        self.writer.read_stats(self._answered.emit, now=now)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until the history thread has done what was asked (tests only: it blocks)."""
        return self.writer.wait_idle(timeout)

    def close(self) -> None:
        if not self.writer.close():
            log.warning(
                "history: the history thread did not end in time; waiting sessions are in the journal"
            )

    def _deliver(self, answer: object) -> None:
        """On the UI thread: pass an answer of the worker on."""
        if isinstance(answer, HistoryRead):
            self.checkinsReady.emit(answer.checkins)
            self.statsReady.emit(answer.stats, answer.notice)
        elif isinstance(answer, SaveResult):
            if answer.notice and answer.notice != self._told:
                self.noticeRaised.emit(answer.notice)
            elif answer.saved and self._waiting:
                self.noticeRaised.emit(_(SAVED_AGAIN))
            self._told = answer.notice
            self._waiting = not answer.saved
            self.saved.emit(answer)
