"""The app's history, kept by one worker thread so the UI thread never waits on the database (no Qt).

The choice
    One small thread owns the :class:`~stretchapp.storage.history.HistoryStore` (and so its
    own ``sqlite3`` connection) and takes requests from a queue: save a session, save the
    ones waiting, read the figures. The UI thread only puts a request on the queue, which
    never blocks. The other way considered, writing on the UI thread with a zero busy
    timeout and falling back to the journal, was set aside because the database still costs
    the UI thread even when nobody else holds it: a commit is synced to disk, opening runs
    the migrations and a ``quick_check`` of the whole file, and the History window's read
    of 10,000 sessions takes tens of milliseconds; with a rollback journal another program's
    lock blocks reads too. One thread also serialises every use of the database, so SQLite's
    one-connection-per-thread rule holds and a read asked for after a save sees that save.

Waiting
    The worker's busy timeout is short (:data:`WORKER_BUSY_TIMEOUT`): a session the database
    refuses goes to the journal at once (so quitting loses nothing), and the worker tries
    again on the next request or after :data:`RETRY_DELAYS`, rather than waiting on a lock
    it does not know the end of. A worker with nothing to do and nothing waiting closes its
    connection and ends after :data:`IDLE_SECONDS`; the next request starts another.

Answers
    Each answer is passed to a callback *on the worker thread*: a :class:`SaveResult` after
    every save or retry, a :class:`HistoryRead` for each read. A UI passes a callback that
    hands the answer to its own thread (``ui/history/service.py`` emits a Qt signal that
    is delivered through a queued connection). A callback that raises is logged.

Closing
    :meth:`HistoryWriter.close` lets the worker finish what is queued (each step bounded by
    the short busy timeout), then closes the connection. A session handed in after that goes
    straight to the journal.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TypeVar

from stretchapp.core.checkin import CHECKIN_DAYS, ExerciseDays, exercise_days
from stretchapp.core.logger import get_logger
from stretchapp.core.record import SessionRecord
from stretchapp.core.stats import HistoryStats
from stretchapp.storage import paths
from stretchapp.storage.history import HistoryStore
from stretchapp.storage.history_journal import PendingJournal

log = get_logger(__name__)

WORKER_BUSY_TIMEOUT = 0.25  # seconds the worker waits for a lock before journaling instead
RETRY_DELAYS: tuple[float, ...] = (2.0, 5.0, 15.0, 60.0)  # then every last one, while any wait
IDLE_SECONDS = 30.0  # an idle worker with nothing waiting closes the database and ends
CLOSE_SECONDS = 5.0  # how long closing waits for the queue to drain


@dataclass(frozen=True)
class SaveResult:
    """Where the history stands after a save or a retry."""

    saved: bool  # every session handed in so far is in the database
    waiting: int  # sessions kept in the journal (or memory) for a later try
    notice: str | None  # a sentence for the person, or None


@dataclass(frozen=True)
class HistoryRead:
    """The figures, read on the worker thread."""

    stats: HistoryStats
    notice: str | None
    checkins: tuple[ExerciseDays, ...] = ()  # each exercise's check-ins over the chart's days


class _Save:
    def __init__(self, record: SessionRecord | None) -> None:
        self.record = record  # None: only the sessions waiting


class _Read:
    def __init__(
        self, deliver: Callable[[HistoryRead], None], now: datetime | None, tz: tzinfo | None
    ) -> None:
        self.deliver = deliver
        self.now = now
        self.tz = tz


class _Mark:
    def __init__(self) -> None:
        self.done = threading.Event()


class _Stop:
    pass


_Item = _Save | _Read | _Mark | _Stop
_Answer = TypeVar("_Answer")


class HistoryWriter:
    """Hands sessions and reads to the worker thread; every public method returns at once."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        on_saved: Callable[[SaveResult], None] | None = None,
        busy_timeout: float = WORKER_BUSY_TIMEOUT,
        retry_delays: Sequence[float] = RETRY_DELAYS,
        idle_seconds: float = IDLE_SECONDS,
    ) -> None:
        self.path = path if path is not None else paths.history_db()
        self.on_saved = on_saved
        self.busy_timeout = busy_timeout
        self.retry_delays = tuple(retry_delays) or RETRY_DELAYS
        self.idle_seconds = idle_seconds
        self.notice: str | None = None  # the latest sentence for the person (set by the worker)
        self._queue: queue.SimpleQueue[_Item] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._closed = False

    # -- asking ---------------------------------------------------------------------------
    def add(self, record: SessionRecord) -> None:
        """Save ``record``; the outcome goes to ``on_saved`` (returns None: nothing is known yet)."""
        if not self._submit(_Save(record)):
            # Closed (the app is quitting): the journal keeps it for the next start.
            try:
                PendingJournal.beside(self.path).append([record])
            except OSError:
                log.exception("history: a session handed in after closing is lost")

    def save_waiting(self) -> None:
        """Try now to save the sessions waiting in the journal (at start, or after a fix)."""
        self._submit(_Save(None))

    def read_stats(
        self, deliver: Callable[[HistoryRead], None], *, now: datetime | None = None, tz: tzinfo | None = None
    ) -> None:
        """Read the figures on the worker and pass them to ``deliver`` there."""
        self._submit(_Read(deliver, now, tz))

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until everything asked before this call is done (for tests and scripts, never the UI)."""
        mark = _Mark()
        if not self._submit(mark):
            return True
        return mark.done.wait(timeout)

    def close(self, timeout: float | None = CLOSE_SECONDS) -> bool:
        """Finish what is queued and close the database; False if the worker did not end in time."""
        with self._lock:
            if self._closed:
                return True
            self._closed = True
            thread = self._thread
            self._queue.put(_Stop())
        if thread is None:
            return True
        thread.join(timeout)
        return not thread.is_alive()

    def _submit(self, item: _Item) -> bool:
        with self._lock:
            if self._closed:
                return False
            self._queue.put(item)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="stretchapp-history", daemon=True)
                self._thread.start()
        return True

    # -- the worker -----------------------------------------------------------------------
    def _run(self) -> None:
        worker = _Worker(self)
        try:
            while True:
                try:
                    item = self._queue.get(timeout=worker.wait_seconds())
                except queue.Empty:
                    if worker.waiting:
                        item = _Save(None)
                    elif self._end_if_idle(worker):
                        return
                    else:
                        continue
                if isinstance(item, _Stop):
                    return
                worker.handle(item)
        finally:
            worker.close()

    def _end_if_idle(self, worker: _Worker) -> bool:
        worker.close()
        with self._lock:
            if self._queue.empty():
                self._thread = None
                return True
        return False


class _Worker:
    """What runs on the worker thread: the store, and when to try again."""

    def __init__(self, owner: HistoryWriter) -> None:
        self.owner = owner
        self.store: HistoryStore | None = None
        self.waiting = False
        self._tries = 0

    def wait_seconds(self) -> float:
        if not self.waiting:
            return self.owner.idle_seconds
        delays = self.owner.retry_delays
        return delays[min(self._tries - 1, len(delays) - 1)]

    def open(self) -> HistoryStore:
        # Opening saves what an earlier run left waiting; one that failed is tried again.
        if self.store is None:
            self.store = HistoryStore.open(self.owner.path, busy_timeout=self.owner.busy_timeout)
        else:
            self.store.reconnect()
        return self.store

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    def handle(self, item: _Item) -> None:
        try:
            if isinstance(item, _Save):
                self._save(item.record)
            elif isinstance(item, _Read):
                store = self.open()
                stats = store.stats(now=item.now, tz=item.tz)
                since = datetime.combine(stats.today - timedelta(days=CHECKIN_DAYS), time.min).astimezone()
                checkins = exercise_days(store.recent_checkins(since.timestamp()), stats.today)
                read = HistoryRead(stats, store.notice, tuple(checkins))
                self.owner.notice = store.notice
                _call(item.deliver, read)
            elif isinstance(item, _Mark):
                item.done.set()
        except Exception:
            # The worker outlives any one request; a lost answer is logged.
            log.exception("history: a request to the history failed")

    def _save(self, record: SessionRecord | None) -> None:
        store = self.open()
        saved = store.add(record) if record is not None else store.save_waiting()
        waiting = store.pending
        was_waiting, self.waiting = self.waiting, waiting > 0
        self._tries = self._tries + 1 if self.waiting else 0
        self.owner.notice = store.notice
        if record is None and saved and not was_waiting and waiting == 0:
            return  # nothing was waiting: nothing to tell
        if self.owner.on_saved is not None:
            _call(self.owner.on_saved, SaveResult(saved and waiting == 0, waiting, store.notice))


def _call(callback: Callable[[_Answer], None], answer: _Answer) -> None:
    try:
        callback(answer)
    except Exception:
        log.exception("history: passing on an answer failed")
