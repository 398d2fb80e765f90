"""The stretch history: every session kept in SQLite (no Qt).

Storage
    One table in ``paths.history_db()``, in WAL mode so the History view can read while a
    session is being written, with ``PRAGMA user_version`` as the schema version. Opening a
    database of an older version runs the forward migrations in one transaction. Each write
    is one short ``BEGIN IMMEDIATE`` transaction, and a busy timeout lets two running copies
    of the app take turns instead of failing.

Never in the way
    A database that cannot be read (damaged, not a database, a folder in its place) is moved
    aside as ``history.sqlite3.corrupt-YYYYmmdd-HHMMSS`` and a new one is started, with a
    :attr:`HistoryStore.notice` for the UI. A write that fails (locked for too long, disk
    full) is logged, reported through the return value and the notice, kept in memory and
    retried with the next write; nothing here raises into the session engine.

Times
    Start and end are stored as ISO 8601 text with the UTC offset in force when the session
    ran (``2026-11-22T08:30:00+01:00``), plus a UTC epoch used for ordering.

What a session is, and the figures about many, live in the core
(:mod:`stretchapp.core.record`, :mod:`stretchapp.core.stats`); this module only keeps them.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timezone, tzinfo
from pathlib import Path

from stretchapp.core.record import FIELD_TYPES, RECORD_FIELDS, TIME_FIELDS, SessionRecord, aware
from stretchapp.core.stats import Fact, HistoryStats, fact, stats_from_facts
from stretchapp.storage import paths

log = logging.getLogger(__name__)

BUSY_TIMEOUT_SECONDS = 5.0
MAX_PENDING = 500  # records kept in memory while the database refuses writes

# Each entry takes the database from version ``i`` to ``i + 1``. A new database runs them
# all, so the path an old user's file takes is the one every test exercises.
_V1 = """
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    routine_id TEXT NOT NULL,
    title TEXT NOT NULL,
    started_utc REAL NOT NULL,
    ended_utc REAL NOT NULL,
    planned_seconds INTEGER NOT NULL,
    active_seconds REAL NOT NULL,
    phases_done INTEGER NOT NULL,
    phases_skipped INTEGER NOT NULL,
    phases_total INTEGER NOT NULL,
    completed INTEGER NOT NULL
);
"""
# Version 2 records the wall clock with its time zone and the time spent paused. Rows from
# version 1 knew only UTC; they get the zone this machine had at that instant, the best guess.
_V2 = """
ALTER TABLE sessions ADD COLUMN started_at TEXT;
ALTER TABLE sessions ADD COLUMN ended_at TEXT;
ALTER TABLE sessions ADD COLUMN paused_seconds REAL NOT NULL DEFAULT 0;
UPDATE sessions SET started_at = local_iso(started_utc), ended_at = local_iso(ended_utc)
    WHERE started_at IS NULL;
CREATE INDEX sessions_by_start ON sessions (started_utc);
"""
MIGRATIONS: tuple[str, ...] = (_V1, _V2)
SCHEMA_VERSION = len(MIGRATIONS)


def _utc_column(time_field: str) -> str:
    """The epoch column kept beside a time field for ordering: ``started_at`` -> ``started_utc``."""
    return time_field.removesuffix("_at") + "_utc"


# The columns follow the record's fields; each time is kept as ISO text and as a UTC epoch.
_COLUMNS: tuple[str, ...] = tuple(
    column
    for name in RECORD_FIELDS
    for column in ((name, _utc_column(name)) if name in TIME_FIELDS else (name,))
)
_INSERT = f"INSERT INTO sessions ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM sessions ORDER BY started_utc, id"
_SELECT_FACTS = (
    "SELECT started_at, started_utc, active_seconds, completed, routine_id, title"
    " FROM sessions ORDER BY started_utc, id"
)


def _to_row(record: SessionRecord) -> tuple[object, ...]:
    """``record`` as the values of :data:`_COLUMNS`."""
    values: list[object] = []
    for name in RECORD_FIELDS:
        value = getattr(record, name)
        if name in TIME_FIELDS:
            values += [value.isoformat(), value.timestamp()]
        else:
            values.append(int(value) if isinstance(value, bool) else value)
    return tuple(values)


def _from_row(row: Sequence[object]) -> SessionRecord:
    """The record kept in a row of :data:`_COLUMNS`."""
    stored = dict(zip(_COLUMNS, row, strict=True))
    values: dict[str, object] = {}
    for name in RECORD_FIELDS:
        if name in TIME_FIELDS:
            values[name] = _parse_time(stored[name], stored[_utc_column(name)])
        else:
            values[name] = FIELD_TYPES[name](stored[name])
    return SessionRecord(**values)  # type: ignore[arg-type]


def _fact_from_row(row: tuple[str | None, float, float, int, str, str]) -> Fact:
    started_at, started_utc, active, completed, routine_id, title = row
    try:
        # The stored text is the wall-clock time where it was recorded: its date is the day.
        day = date.fromisoformat(started_at[:10])  # type: ignore[index]
    except (TypeError, ValueError):
        day = _parse_time(started_at, started_utc).date()
    return Fact(day, active / 60.0, bool(completed), routine_id, title)


def _parse_time(text: object, epoch: object) -> datetime:
    if isinstance(text, str):
        try:
            return aware(datetime.fromisoformat(text))
        except ValueError:
            log.warning("history: unreadable time %r; using the UTC epoch", text)
    return datetime.fromtimestamp(float(epoch), tz=timezone.utc)  # type: ignore[arg-type]


def _local_iso(epoch: float | None) -> str | None:
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch).astimezone().isoformat()


# -- the store --------------------------------------------------------------------------------


class HistoryUnreadableError(Exception):
    """The history cannot be read (only raised where a caller asked not to recover)."""


_SQLITE_HEADER = b"SQLite format 3\x00"


def _is_damage(error: sqlite3.Error, path: Path) -> bool:
    """Whether an error means the file itself is bad, rather than busy, full or out of reach."""
    message = str(error).lower()
    if isinstance(error, sqlite3.OperationalError) and "unable to open" in message:
        # The file, its folder or the system may be at fault. Only a file that cannot be
        # read, or does not start like a database, is set aside; a healthy one never is.
        try:
            with path.open("rb") as handle:
                header = handle.read(len(_SQLITE_HEADER))
        except FileNotFoundError:
            return False
        except (IsADirectoryError, PermissionError):
            return True
        except OSError:
            return False
        return bool(header) and header != _SQLITE_HEADER
    if isinstance(error, sqlite3.OperationalError):
        return "not a database" in message or "malformed" in message
    return isinstance(error, sqlite3.DatabaseError)


class HistoryStore:
    """The history database. Build it with :meth:`open`; every method is safe to call."""

    def __init__(self, path: Path, *, busy_timeout: float = BUSY_TIMEOUT_SECONDS) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self.notice: str | None = None  # a sentence for the UI when something went wrong
        self.moved_aside: Path | None = None
        self._conn: sqlite3.Connection | None = None
        self._pending: list[SessionRecord] = []
        self._read_only_version: int | None = None

    @classmethod
    def open(
        cls, path: Path | None = None, *, recover: bool = True, busy_timeout: float = BUSY_TIMEOUT_SECONDS
    ) -> HistoryStore:
        """Open (creating or migrating) the history at ``path`` (default ``paths.history_db()``).

        Never raises when ``recover`` is True: a damaged file is moved aside and a new one
        started; if even that fails the store works without a database and says so in
        :attr:`notice`. With ``recover`` False (for read-only tools) a damaged file is left
        alone and :class:`HistoryUnreadableError` is raised.
        """
        store = cls(path if path is not None else paths.history_db(), busy_timeout=busy_timeout)
        try:
            store._connect()
        except sqlite3.Error as error:
            store._drop_connection()
            if not recover:
                raise HistoryUnreadableError(f"cannot read {store.path}: {error}") from error
            if _is_damage(error, store.path):
                store._recover(error)
            else:
                store._unavailable(error)
        except OSError as error:
            store._drop_connection()
            if not recover:
                raise HistoryUnreadableError(f"cannot read {store.path}: {error}") from error
            store._unavailable(error)
        return store

    # -- connection -------------------------------------------------------------------------
    def _connect(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None)
        try:
            conn.create_function("local_iso", 1, _local_iso)
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
            # Reading the header here makes "not a database" show up now, not at the first write.
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            self._use_wal(conn)
            # FULL syncs the log at every commit, so a session just recorded survives a power
            # cut; there is one write per session, and it measured well under a millisecond.
            conn.execute("PRAGMA synchronous = FULL")
            problems = conn.execute("PRAGMA quick_check").fetchall()
            if problems != [("ok",)]:
                raise sqlite3.DatabaseError(f"database disk image is malformed: {problems[0][0]}")
            self._conn = conn
            if version != SCHEMA_VERSION:
                self._migrate()
        except BaseException:
            # Half set up is not open: the next write starts again from the top.
            self._conn = None
            conn.close()
            raise

    def _use_wal(self, conn: sqlite3.Connection) -> None:
        try:
            mode = str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower()
        except sqlite3.OperationalError as error:
            if "locked" not in str(error).lower():
                raise
            # Switching the journal does not wait out a busy lock. Another copy of the app
            # holds it, usually while making the same switch; the mode is kept in the file,
            # so this connection follows it from its next transaction either way.
            log.info("history: journal switch deferred, %s is busy", self.path)
            return
        if mode != "wal":
            log.info("history: WAL mode unavailable for %s; using the %s journal", self.path, mode)

    def _migrate(self) -> None:
        with self._transaction() as conn:
            # Read again inside the lock: another copy of the app may have just migrated.
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                self._read_only_version = version
                log.warning("history: %s has schema %d, newer than %d", self.path, version, SCHEMA_VERSION)
                self.notice = (
                    "Your stretch history was written by a newer version of stretchapp. "
                    "It is shown, but new sessions will not be added until you update."
                )
                return
            for number in range(version, SCHEMA_VERSION):
                log.info("history: migrating %s from schema %d to %d", self.path, number, number + 1)
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn
        if conn is None:
            raise sqlite3.OperationalError("the history database is not open")
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _drop_connection(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except sqlite3.Error:
                log.debug("history: closing a broken connection failed", exc_info=True)
            self._conn = None

    def _recover(self, error: BaseException) -> None:
        """Move the damaged file (and its WAL companions) aside and start a new database."""
        self._drop_connection()
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        number = 1
        while aside.exists():
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{number}")
            number += 1
        try:
            self.path.replace(aside)
            for suffix in ("-wal", "-shm"):
                companion = self.path.with_name(self.path.name + suffix)
                if companion.exists():
                    companion.replace(aside.with_name(aside.name + suffix))
        except OSError as move_error:
            log.error("history: %s is damaged (%s) and cannot be moved: %s", self.path, error, move_error)
            self._unavailable(error)
            return
        log.warning("history: %s is damaged (%s); moved to %s", self.path, error, aside)
        self.moved_aside = aside
        self.notice = (
            f"Your stretch history could not be read, so it was set aside as {aside.name} "
            "and a new one was started."
        )
        try:
            self._connect()
        except (sqlite3.Error, OSError) as again:
            self._drop_connection()
            self._unavailable(again)

    def _unavailable(self, error: BaseException) -> None:
        log.error("history: %s is unavailable: %s", self.path, error)
        self.notice = (
            f"Your stretch history cannot be opened right now ({error}). "
            "Sessions still run; they will be saved when it can be written again."
        )

    @property
    def available(self) -> bool:
        """Whether the database is open."""
        return self._conn is not None

    def close(self) -> None:
        self._drop_connection()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ----------------------------------------------------------------------------
    @property
    def pending(self) -> int:
        """Records waiting in memory because the last write failed."""
        return len(self._pending)

    def add(self, record: SessionRecord) -> bool:
        """Save ``record`` (and any that failed before). False, logged, on failure; never raises."""
        return self.add_many([record])

    def add_many(self, records: Iterable[SessionRecord]) -> bool:
        """Save ``records`` in one transaction (an import, a benchmark); as :meth:`add` otherwise."""
        if len(self._pending) > MAX_PENDING:
            # Earlier writes failed this often: keep memory bounded, losing the oldest first.
            dropped = len(self._pending) - MAX_PENDING
            log.error("history: dropping %d unsaved session(s); the database keeps refusing writes", dropped)
            del self._pending[:dropped]
        self._pending.extend(records)
        return self._flush(retry_after_damage=True)

    def _flush(self, *, retry_after_damage: bool) -> bool:
        if self._read_only_version is not None:
            log.warning("history: not writing to a database of a newer schema")
            return False
        try:
            if self._conn is None:
                self._connect()
            with self._transaction() as conn:
                conn.executemany(_INSERT, [_to_row(record) for record in self._pending])
        except (sqlite3.Error, OSError) as error:
            if isinstance(error, sqlite3.Error) and _is_damage(error, self.path) and retry_after_damage:
                self._recover(error)
                return self._flush(retry_after_damage=False)
            log.warning("history: could not save %d session(s): %s", len(self._pending), error)
            self.notice = (
                f"Your latest session could not be saved to the history yet ({error}). "
                "It will be saved with the next one."
            )
            return False
        if self._pending and self.notice and self.notice.startswith("Your latest session"):
            self.notice = None
        self._pending.clear()
        return True

    # -- reading ----------------------------------------------------------------------------
    def records(self) -> list[SessionRecord]:
        """Every session, oldest first, including any not yet written. Empty if unreadable."""
        saved: list[SessionRecord] = []
        if self._conn is not None:
            try:
                saved = [_from_row(row) for row in self._conn.execute(_SELECT)]
            except sqlite3.Error as error:
                log.warning("history: could not read %s: %s", self.path, error)
                self.notice = f"Your stretch history could not be read ({error})."
        return saved + self._pending

    def stats(self, *, now: datetime | None = None, tz: tzinfo | None = None) -> HistoryStats:
        """The figures over every session; reads only the columns they need."""
        facts: list[Fact] = []
        if self._conn is not None:
            try:
                facts = [_fact_from_row(row) for row in self._conn.execute(_SELECT_FACTS)]
            except sqlite3.Error as error:
                log.warning("history: could not read %s: %s", self.path, error)
                self.notice = f"Your stretch history could not be read ({error})."
        facts.extend(fact(record) for record in self._pending)
        return stats_from_facts(facts, now=now, tz=tz)


def read_history(path: Path | None = None) -> list[SessionRecord]:
    """Every recorded session, for read-only tools; no file is created or moved.

    A missing database is an empty history. Raises :class:`HistoryUnreadableError` when the file
    exists but cannot be read.
    """
    target = path if path is not None else paths.history_db()
    if not target.exists():
        return []
    with HistoryStore.open(target, recover=False) as store:
        return store.records()
