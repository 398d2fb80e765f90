"""Records every session in the history by listening to the engine (plain Python, no Qt).

Subscribe a :class:`HistoryRecorder` to a :class:`~stretchapp.core.engine.Session`; when the
session finishes or is stopped it hands its record to a :class:`HistorySink`: in the app the
:class:`~stretchapp.storage.history_writer.HistoryWriter` (through the UI's history service),
which returns at once and reports later, or a
:class:`~stretchapp.storage.history.HistoryStore` in scripts and tests, which saves there and
then. It never raises into the engine: a failed write is logged and left to the store's
journal, and ``on_notice`` (optional) hears the sentence to show the person.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from stretchapp.core.engine import Session, SessionListener
from stretchapp.core.logger import get_logger
from stretchapp.core.record import SessionRecord

log = get_logger(__name__)


class HistorySink(Protocol):
    """Where finished sessions go."""

    @property
    def notice(self) -> str | None:
        """The latest sentence for the person about the history, if any."""
        ...

    def add(self, record: SessionRecord) -> bool | None:
        """Keep ``record``: True saved, False not yet (see :attr:`notice`), None handed on."""
        ...


class HistoryRecorder(SessionListener):
    """A session listener that adds each finished or stopped session to ``store``."""

    def __init__(self, store: HistorySink, *, on_notice: Callable[[str], None] | None = None) -> None:
        self.store = store
        self.on_notice = on_notice
        # None until a session has ended, and while a background writer has not answered.
        self.last_saved: bool | None = None

    def finished(self, summary: SessionRecord) -> None:
        if not summary.ran:
            # Stopped before it ever ran: nothing was done, so nothing is recorded.
            log.debug("history: session of %s ended before it started", summary.routine_id)
            return
        try:
            saved = self.store.add(summary)
        except Exception:
            # The store is built not to raise; this guards the engine should that ever fail.
            log.exception("history: recording the session of %s failed", summary.routine_id)
            saved = False
        self.last_saved = saved
        if saved is False and self.on_notice is not None and self.store.notice:
            try:
                self.on_notice(self.store.notice)
            except Exception:
                log.exception("history: showing a notice failed")


def record_session(session: Session, store: HistorySink) -> Callable[[], None]:
    """Record ``session`` in ``store`` when it ends; returns the function that stops that."""
    return session.subscribe(HistoryRecorder(store))
