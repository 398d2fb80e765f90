"""Records every session in the history by listening to the engine (plain Python, no Qt).

Subscribe a :class:`HistoryRecorder` to a :class:`~stretchapp.core.engine.Session`; when the
session finishes or is stopped it saves its record. It never raises into the engine: a
failed write is logged and left to :class:`~stretchapp.storage.history.HistoryStore` to retry, and
``on_notice`` (optional) hears the sentence to show the person.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from stretchapp.core.engine import Session, SessionListener
from stretchapp.core.record import SessionRecord
from stretchapp.storage.history import HistoryStore

log = logging.getLogger(__name__)


class HistoryRecorder(SessionListener):
    """A session listener that adds each finished or stopped session to ``store``."""

    def __init__(self, store: HistoryStore, *, on_notice: Callable[[str], None] | None = None) -> None:
        self.store = store
        self.on_notice = on_notice
        self.last_saved: bool | None = None  # None until a session has ended

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
        if not saved and self.on_notice is not None and self.store.notice:
            try:
                self.on_notice(self.store.notice)
            except Exception:
                log.exception("history: showing a notice failed")


def record_session(session: Session, store: HistoryStore) -> Callable[[], None]:
    """Record ``session`` in ``store`` when it ends; returns the function that stops that."""
    return session.subscribe(HistoryRecorder(store))
