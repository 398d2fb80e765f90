"""The stretch history: every session kept in SQLite (no Qt).

Storage
    One table in ``paths.history_db()``, in WAL mode so the History view can read while a
    session is being written, with ``PRAGMA user_version`` as the schema version. A session's
    check-ins (:mod:`stretchapp.core.checkin`) are one JSON text column; a session saved again
    with check-ins (its last exercise is asked about after it ended) updates that column of its
    row, found by routine, start and end. The app's
    :class:`HistoryStore` runs the forward migrations of an older database in one
    transaction. Each write is one short ``BEGIN IMMEDIATE`` transaction, and a busy timeout
    lets two running copies of the app take turns instead of failing. The app itself uses
    the store from one worker thread (:mod:`stretchapp.storage.history_writer`), never from
    the UI thread.

Nothing is lost
    A session the database refuses (locked by another program, a full disk, a read-only
    folder, a newer schema) goes to the journal beside it
    (:mod:`stretchapp.storage.history_journal`) before the person is told it will be saved
    later; the next write or open moves the journal into the database and removes what it
    accepted. Only if the journal cannot be written either is a session kept in memory.

Reading never writes
    :func:`load_history` and :func:`read_history`, for the command line and read-only views,
    open the file read-only (``mode=ro``; in a folder that cannot take SQLite's companion
    files, as an immutable file), never migrate or switch its journal, and read an older
    schema as it stands. A newer schema is read when its columns are still there and is
    otherwise refused as "made by a newer stretchapp" (:class:`HistoryTooNewError`).

Damaged, or only out of reach
    Only a file SQLite calls damaged (not a database by its header, malformed pages, a failed
    ``quick_check``) or a folder in its place is moved aside, as
    ``history.sqlite3.corrupt-YYYYmmdd-HHMMSS``, and a new one started, with a
    :attr:`HistoryStore.notice` for the UI. A healthy file that cannot be opened (permission
    denied, locked, a full disk) stays where it is, and the notice names the cause
    (:mod:`stretchapp.storage.history_errors`). Nothing here raises into the session engine.

Times
    Start and end are stored as ISO 8601 text with the UTC offset in force when the session
    ran (``2026-11-22T08:30:00+01:00``), plus a UTC epoch used for ordering.

What a session is, and the figures about many, live in the core
(:mod:`stretchapp.core.record`, :mod:`stretchapp.core.stats`); this module only keeps them.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone, tzinfo
from pathlib import Path
from typing import TypeVar

from stretchapp.core import checkin
from stretchapp.core.i18n import _, ngettext
from stretchapp.core.logger import get_logger
from stretchapp.core.record import (
    CHECKINS_FIELD,
    FIELD_TYPES,
    RECORD_FIELDS,
    TIME_FIELDS,
    SessionRecord,
    aware,
    counts_as_done,
)
from stretchapp.core.stats import Fact, HistoryStats, fact, make_fact, stats_from_facts
from stretchapp.storage import paths
from stretchapp.storage.history_errors import Cause, cause_of, is_damage, reason
from stretchapp.storage.history_journal import PendingJournal, record_key

log = get_logger(__name__)

BUSY_TIMEOUT_SECONDS = 5.0  # how long a store waits for another writer (the app's thread waits less)
READ_BUSY_TIMEOUT_SECONDS = 1.0  # how long a read-only tool waits before saying "locked"
MAX_PENDING = 500  # sessions kept in memory when even the journal cannot be written

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
# Version 3 keeps how each exercise felt (core.checkin), as one JSON text per session.
_V3 = """
ALTER TABLE sessions ADD COLUMN checkins TEXT NOT NULL DEFAULT '[]';
"""
# Version 4 keeps what makes a session honest: the speed it ran at (a rehearsal is not 1), the
# share of its hold time held and the holds skipped. Older rows knew none of it; they keep
# the "completed" they were recorded with (held in full, at real speed).
_V4 = """
ALTER TABLE sessions ADD COLUMN speed REAL NOT NULL DEFAULT 1;
ALTER TABLE sessions ADD COLUMN held_share REAL NOT NULL DEFAULT 1;
ALTER TABLE sessions ADD COLUMN holds_skipped INTEGER NOT NULL DEFAULT 0;
"""
MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3, _V4)
SCHEMA_VERSION = len(MIGRATIONS)

# What reading a database of an older version, as it stands, puts in the columns later
# versions added (a time of None is read from its UTC epoch, as the migration does).
_ADDED_LATER: dict[str, object] = {
    "started_at": None,
    "ended_at": None,
    "paused_seconds": 0.0,
    CHECKINS_FIELD: (),
    "speed": 1.0,
    "held_share": 1.0,
    "holds_skipped": 0,
}


def _utc_column(time_field: str) -> str:
    """The epoch column kept beside a time field for ordering: ``started_at`` -> ``started_utc``."""
    return time_field.removesuffix("_at") + "_utc"


# The columns follow the record's fields; each time is kept as ISO text and as a UTC epoch.
_COLUMNS: tuple[str, ...] = tuple(
    column
    for name in RECORD_FIELDS
    for column in ((name, _utc_column(name)) if name in TIME_FIELDS else (name,))
)
_FACT_COLUMNS = (
    "started_at",
    "started_utc",
    "active_seconds",
    "completed",
    "routine_id",
    "title",
    "speed",
    "held_share",
    "holds_skipped",
)
_INSERT = f"INSERT INTO sessions ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"
_STORED = "SELECT id FROM sessions WHERE started_utc = ? AND ended_utc = ? AND routine_id = ? LIMIT 1"
# A session saved again (its last exercise's check-in came after its end) keeps its row.
_AMEND = f"UPDATE sessions SET {CHECKINS_FIELD} = ? WHERE id = ?"


def _to_row(record: SessionRecord) -> tuple[object, ...]:
    """``record`` as the values of :data:`_COLUMNS`."""
    values: list[object] = []
    for name in RECORD_FIELDS:
        value = getattr(record, name)
        if name in TIME_FIELDS:
            values += [value.isoformat(), value.timestamp()]
        elif name == CHECKINS_FIELD:
            values.append(checkin.to_json(value))
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
        elif stored[name] is None and name in _ADDED_LATER:
            values[name] = _ADDED_LATER[name]
        elif name == CHECKINS_FIELD:
            values[name] = checkin.from_json(stored[name])
        else:
            values[name] = FIELD_TYPES[name](stored[name])
    return SessionRecord(**values)  # type: ignore[arg-type]


def _added(value: object, column: str) -> object:
    """``value``, or what an older schema's missing ``column`` means."""
    return _ADDED_LATER[column] if value is None else value


def _fact_from_row(row: Sequence[object]) -> Fact:
    started_at, started_utc, active, completed, routine_id, title, speed, share, skipped = row
    try:
        # The stored text is the wall-clock time where it was recorded: its date is the day.
        day = date.fromisoformat(started_at[:10])  # type: ignore[index]
    except (TypeError, ValueError):
        day = _parse_time(started_at, started_utc).date()
    return make_fact(
        day,
        float(active),  # type: ignore[arg-type]
        counts_as_done(bool(completed), float(_added(speed, "speed")), float(_added(share, "held_share"))),  # type: ignore[arg-type]
        str(routine_id),
        str(title),
        float(started_utc),  # type: ignore[arg-type]
        speed=float(_added(speed, "speed")),  # type: ignore[arg-type]
        holds_skipped=int(_added(skipped, "holds_skipped")),  # type: ignore[call-overload]
    )


_CHECKIN_COLUMNS = ("routine_id", "title", CHECKINS_FIELD, "started_utc")


def _checkins_from_row(row: Sequence[object]) -> tuple[str, str, tuple[checkin.CheckIn, ...], float]:
    routine_id, title, kept, started_utc = row
    return str(routine_id), str(title), checkin.from_json(kept), float(started_utc)  # type: ignore[arg-type]


def _parse_time(text: object, epoch: object) -> datetime:
    if text is None:
        # Version 1 kept only the epoch: the zone this machine had then, as the migration does.
        return datetime.fromtimestamp(float(epoch), tz=timezone.utc).astimezone()  # type: ignore[arg-type]
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


def _in_order(records: Iterable[SessionRecord]) -> list[SessionRecord]:
    # Stable: rows that come ordered from the database keep their order among equal starts.
    return sorted(records, key=lambda record: record.started_at.timestamp())


class _MissingColumnsError(Exception):
    """The sessions table lacks columns this version reads (a newer schema renamed them)."""


def _select(conn: sqlite3.Connection, columns: Sequence[str]) -> str | None:
    """The query for ``columns`` in this database, or None when it holds no sessions table."""
    present = {str(row[1]) for row in conn.execute("PRAGMA table_info(sessions)")}
    if not present:
        return None
    missing = [column for column in columns if column not in present]
    if [column for column in missing if column not in _ADDED_LATER] or "started_utc" not in present:
        raise _MissingColumnsError(", ".join(missing) or "started_utc")
    chosen = ", ".join(column if column in present else f"NULL AS {column}" for column in columns)
    return f"SELECT {chosen} FROM sessions ORDER BY started_utc, rowid"


_Row = TypeVar("_Row")


def _rows(
    conn: sqlite3.Connection, columns: Sequence[str], convert: Callable[[Sequence[object]], _Row]
) -> list[_Row]:
    """Every row of ``columns``, converted; a row that cannot be is logged and left out."""
    query = _select(conn, columns)
    if query is None:
        return []
    converted: list[_Row] = []
    skipped = 0
    for row in conn.execute(query):
        try:
            converted.append(convert(row))
        except (TypeError, ValueError, OverflowError):
            skipped += 1
    if skipped:
        log.warning("history: %d unreadable row(s) left out", skipped)
    return converted


# -- errors -----------------------------------------------------------------------------------


class HistoryUnreadableError(Exception):
    """The history cannot be read; :attr:`cause` says why, :attr:`reason` says it in words."""

    def __init__(self, path: Path, cause: Cause, reason_text: str | None = None) -> None:
        self.path = path
        self.cause = cause
        self.reason = reason_text or cause.words
        super().__init__(f"cannot read {path}: {self.reason}")


class HistoryTooNewError(HistoryUnreadableError):
    """The history was made by a newer stretchapp whose columns this version cannot read."""

    def __init__(self, path: Path, version: int) -> None:
        self.version = version
        super().__init__(
            path,
            Cause.NEWER,
            _(
                "it was made by a newer stretchapp (schema {version}; this one reads up to "
                "{known}); update stretchapp to read it"
            ).format(version=version, known=SCHEMA_VERSION),
        )


def _unreadable(path: Path, error: BaseException) -> HistoryUnreadableError:
    cause = cause_of(error, path)
    if cause is Cause.DAMAGED:
        text = _(
            "{cause} ({error}); the app sets it aside and starts a new one when it next opens it"
        ).format(cause=cause.words, error=error)
        return HistoryUnreadableError(path, cause, text)
    return HistoryUnreadableError(path, cause, reason(error, path))


def _refuse_special_file(path: Path) -> None:
    """Raise SQLite's "not a database" for a FIFO, socket or device, which SQLite would block on."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # missing or out of reach: SQLite says which
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise sqlite3.DatabaseError("file is not a database (it is not a regular file)")


# -- reading only -----------------------------------------------------------------------------


def _open_read_only(uri: str) -> tuple[sqlite3.Connection, int]:
    conn = sqlite3.connect(uri, uri=True, timeout=READ_BUSY_TIMEOUT_SECONDS, isolation_level=None)
    try:
        # Reading the header and the schema here makes a locked or damaged file show up now.
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn, version


@contextmanager
def _read_only(path: Path) -> Iterator[tuple[sqlite3.Connection, int]]:
    """A read-only connection to ``path`` and its schema version; raises HistoryUnreadableError."""
    if path.is_dir():
        raise HistoryUnreadableError(path, Cause.DAMAGED, _("a folder is where the history file should be"))
    uri = path.absolute().as_uri()
    try:
        _refuse_special_file(path)
        conn, version = _open_read_only(uri + "?mode=ro")
    except sqlite3.Error as error:
        if cause_of(error, path) is not Cause.READ_ONLY:
            raise _unreadable(path, error) from error
        # A WAL database is read through companion files that a read-only folder cannot
        # take. Nobody can be writing to it there, so it is read as the file stands.
        try:
            conn, version = _open_read_only(uri + "?mode=ro&immutable=1")
        except sqlite3.Error:
            raise _unreadable(path, error) from error
    try:
        yield conn, version
    finally:
        conn.close()


@dataclass(frozen=True)
class HistoryContents:
    """What a read-only look at the history found."""

    records: tuple[SessionRecord, ...]  # every session, oldest first, the waiting ones included
    waiting: int  # of those, sessions still in the journal, not yet in the database
    schema_version: int | None  # the database's, or None when there is none yet


def load_history(path: Path | None = None) -> HistoryContents:
    """Every recorded session, for read-only tools and views: nothing is created, changed or moved.

    A missing database is an empty history. Raises :class:`HistoryUnreadableError` (whose
    :attr:`~HistoryUnreadableError.cause` says why) when the file exists but cannot be read,
    and :class:`HistoryTooNewError` for a newer schema whose columns this version lacks.
    """
    target = path if path is not None else paths.history_db()
    waiting = PendingJournal.beside(target).read()
    if not os.path.lexists(target):
        return HistoryContents(tuple(_in_order(waiting)), len(waiting), None)
    with _read_only(target) as (conn, version):
        try:
            saved = _rows(conn, _COLUMNS, _from_row)
        except _MissingColumnsError as error:
            if version > SCHEMA_VERSION:
                raise HistoryTooNewError(target, version) from None
            raise HistoryUnreadableError(
                target, Cause.DAMAGED, _("it has no column {column}").format(column=error)
            ) from None
        except sqlite3.Error as error:
            raise _unreadable(target, error) from error
    stored = {record_key(record) for record in saved}
    waiting = [record for record in waiting if record_key(record) not in stored]
    return HistoryContents(tuple(_in_order(saved + waiting)), len(waiting), version)


def read_history(path: Path | None = None) -> list[SessionRecord]:
    """Every recorded session, read-only, as :func:`load_history` finds them."""
    return list(load_history(path).records)


def latest_checkins(
    routine_id: str, exercises: Collection[str], path: Path | None = None
) -> dict[str, checkin.CheckIn]:
    """The latest check-in of each of ``exercises`` in routine ``routine_id``, read only (for
    today's holds at a start). Reads the newest sessions first and stops once each exercise
    has one, so a long history costs no more than a short one. Raises
    :class:`HistoryUnreadableError` as :func:`load_history` does; a history older than
    check-ins, or none at all, has none.
    """
    target = path if path is not None else paths.history_db()
    wanted = set(exercises)
    latest: dict[str, checkin.CheckIn] = {}

    def take(found: Iterable[checkin.CheckIn]) -> None:
        for each in found:
            known = latest.get(each.exercise)
            if each.exercise in wanted and (known is None or each.at > known.at):
                latest[each.exercise] = each

    for record in PendingJournal.beside(target).read():
        if record.routine_id == routine_id:
            take(record.checkins)
    if not os.path.lexists(target):
        return latest
    with _read_only(target) as (conn, _version):
        try:
            present = {str(row[1]) for row in conn.execute("PRAGMA table_info(sessions)")}
            if CHECKINS_FIELD not in present:
                return latest
            rows = conn.execute(
                f"SELECT {CHECKINS_FIELD} FROM sessions WHERE routine_id = ? AND {CHECKINS_FIELD} != '[]'"
                " ORDER BY started_utc DESC",
                (routine_id,),
            )
            for (kept,) in rows:
                try:
                    take(checkin.from_json(kept))
                except (TypeError, ValueError, OverflowError):
                    continue  # a damaged row is left out, as everywhere else
                if wanted <= latest.keys():
                    break
        except sqlite3.Error as error:
            raise _unreadable(target, error) from error
    return latest


# -- the store --------------------------------------------------------------------------------


class HistoryStore:
    """The history database the app writes. Build it with :meth:`open`; every method is safe to call."""

    def __init__(
        self,
        path: Path,
        *,
        busy_timeout: float = BUSY_TIMEOUT_SECONDS,
        journal: PendingJournal | None = None,
    ) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self.journal = journal if journal is not None else PendingJournal.beside(self.path)
        self.notice: str | None = None  # a sentence for the UI when something went wrong
        self.moved_aside: Path | None = None
        self._conn: sqlite3.Connection | None = None
        self._unjournaled: list[SessionRecord] = []  # sessions not even the journal took
        self._read_only_version: int | None = None
        self._save_failed = False  # whether :attr:`notice` is about sessions not yet saved

    @classmethod
    def open(
        cls, path: Path | None = None, *, recover: bool = True, busy_timeout: float = BUSY_TIMEOUT_SECONDS
    ) -> HistoryStore:
        """Open (creating or migrating) the history at ``path`` (default ``paths.history_db()``).

        Sessions waiting in the journal are saved now. Never raises when ``recover`` is
        True: a damaged file is moved aside and a new one started; a file that cannot be
        opened is left alone and the store works without it, saying why in :attr:`notice`.
        With ``recover`` False a damaged file is left alone and :class:`HistoryUnreadableError`
        is raised instead.
        """
        store = cls(path if path is not None else paths.history_db(), busy_timeout=busy_timeout)
        store.reconnect(recover=recover)
        return store

    def reconnect(self, *, recover: bool = True) -> None:
        """Open the database if it is not open, as :meth:`open` does: after a failure, try again."""
        if self._conn is not None:
            return
        try:
            self._connect()
        except (sqlite3.Error, OSError) as error:
            self._drop_connection()
            if not recover:
                raise _unreadable(self.path, error) from error
            if isinstance(error, sqlite3.Error) and is_damage(error, self.path):
                self._recover(error)
            else:
                self._unavailable(error)
        else:
            if self._save_failed:
                self.notice = None
                self._save_failed = False
        if self.available and self._read_only_version is None and self.journal.exists():
            self._save([], retry_after_damage=recover)

    # -- connection -------------------------------------------------------------------------
    def _connect(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        _refuse_special_file(self.path)
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
            if cause_of(error) is not Cause.LOCKED:
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
                self.notice = _(
                    "Your stretch history was made by a newer version of stretchapp. "
                    "It is shown, but new sessions wait beside it until you update."
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
        self._save_failed = False
        self.notice = _(
            "Your stretch history could not be read, so it was set aside as {name} and a new one was started."
        ).format(name=aside.name)
        try:
            self._connect()
        except (sqlite3.Error, OSError) as again:
            self._drop_connection()
            self._unavailable(again)

    def _unavailable(self, error: BaseException) -> None:
        log.error("history: %s is unavailable: %s", self.path, error)
        self.notice = _(
            "Your stretch history cannot be opened right now: {reason}. "
            "Sessions still run; they are kept and saved when it can be written again."
        ).format(reason=reason(error, self.path))
        self._save_failed = True  # a save that gets through answers it

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
        """Sessions waiting to be saved (in the journal, or in memory if even that failed)."""
        return len(self.journal.read()) + len(self._unjournaled)

    def add(self, record: SessionRecord) -> bool:
        """Save ``record`` (and any waiting). False on failure, with the record kept; never raises."""
        return self.add_many([record])

    def add_many(self, records: Iterable[SessionRecord]) -> bool:
        """Save ``records`` in one transaction (an import, a benchmark); as :meth:`add` otherwise."""
        return self._save(list(records), retry_after_damage=True)

    def save_waiting(self) -> bool:
        """Try again to save the sessions waiting; True when none is left."""
        return self._save([], retry_after_damage=True)

    def _save(self, new: list[SessionRecord], *, retry_after_damage: bool) -> bool:
        try:
            waiting = self.journal.load()
        except OSError as error:
            # Its sessions stay in it for a later try; nothing is written over it meanwhile.
            log.warning("history: the journal %s cannot be read: %s", self.journal.path, error)
            waiting = []
        carry = [*self._unjournaled, *new]
        if not waiting and not carry:
            return True
        if self._read_only_version is not None:
            log.warning("history: not writing to a database of a newer schema")
            self._keep(carry, None, waiting=len(waiting))
            return False
        try:
            if self._conn is None:
                self._connect()
            with self._transaction() as conn:
                # Looked up before any is added: two equal sessions waiting are both kept.
                found = [conn.execute(_STORED, _key_row(record)).fetchone() for record in waiting]
                for record, known in zip(waiting, found, strict=True):
                    if known is None:
                        conn.execute(_INSERT, _to_row(record))
                    elif record.checkins:
                        conn.execute(_AMEND, (checkin.to_json(record.checkins), known[0]))
                for record in carry:
                    # Check-ins make a session with a stored one's routine, start and end the
                    # same session saved again; without them, two such sessions are both kept.
                    known = conn.execute(_STORED, _key_row(record)).fetchone() if record.checkins else None
                    if known is None:
                        conn.execute(_INSERT, _to_row(record))
                    else:
                        conn.execute(_AMEND, (checkin.to_json(record.checkins), known[0]))
        except (sqlite3.Error, OSError) as error:
            if isinstance(error, sqlite3.Error) and retry_after_damage and is_damage(error, self.path):
                self._recover(error)
                return self._save(new, retry_after_damage=False)
            self._drop_broken_connection(error)
            self._keep(carry, error, waiting=len(waiting))
            return False
        self._unjournaled.clear()
        if waiting:
            try:
                self.journal.remove(waiting)
            except OSError as error:
                # They are in the database now; the next save skips them and tries again.
                log.warning("history: saved sessions stay in the journal for now: %s", error)
            log.info("history: saved %d session(s) that were waiting", len(waiting))
        if self._save_failed:
            self.notice = None
            self._save_failed = False
        return True

    def _drop_broken_connection(self, error: BaseException) -> None:
        # A lock or a full disk leaves the connection usable; anything else starts afresh.
        if cause_of(error, self.path) not in {Cause.LOCKED, Cause.FULL}:
            self._drop_connection()

    def _keep(self, records: list[SessionRecord], error: BaseException | None, *, waiting: int) -> None:
        """Put ``records`` in the journal (or memory) and say why they are not saved yet."""
        why = reason(error, self.path) if error is not None else Cause.NEWER.words
        log.warning("history: could not save %d session(s): %s", len(records) + waiting, why)
        kept_only_in_memory = False
        try:
            self.journal.append(records)
        except OSError as journal_error:
            log.error("history: the journal cannot be written either: %s", journal_error)
            if len(records) > MAX_PENDING:
                # Writes failed this often: keep memory bounded, losing the oldest first.
                log.error("history: dropping %d unsaved session(s)", len(records) - MAX_PENDING)
                records = records[-MAX_PENDING:]
            self._unjournaled = records
            kept_only_in_memory = True
        else:
            self._unjournaled = []
        if records:
            if kept_only_in_memory:
                notice = _(
                    "Your latest session could not be saved to the history yet ({why}). "
                    "It is kept only until stretchapp quits and will be saved as soon as the history can be written."
                )
            else:
                notice = _(
                    "Your latest session could not be saved to the history yet ({why}). "
                    "It is kept and will be saved as soon as the history can be written."
                )
            self.notice = notice.format(why=why)
            self._save_failed = True
        elif error is not None:
            self.notice = ngettext(
                "{n} session waiting to be saved could not be added to the history yet "
                "({why}). It is kept and will be saved as soon as the history can be written.",
                "{n} sessions waiting to be saved could not be added to the history yet "
                "({why}). They are kept and will be saved as soon as the history can be written.",
                waiting,
            ).format(n=waiting, why=why)
            self._save_failed = True

    # -- reading ----------------------------------------------------------------------------
    def records(self) -> list[SessionRecord]:
        """Every session, oldest first, including the ones waiting. Empty if unreadable."""
        saved = self._read(_COLUMNS, _from_row)
        return _in_order([*saved, *self._waiting()])

    def stats(self, *, now: datetime | None = None, tz: tzinfo | None = None) -> HistoryStats:
        """The figures over every session; reads only the columns they need."""
        facts = self._read(_FACT_COLUMNS, _fact_from_row)
        facts.extend(fact(record) for record in self._waiting())
        facts.sort(key=lambda each: each.started_utc)  # stable, and nearly sorted already
        return stats_from_facts(facts, now=now, tz=tz)

    def recent_checkins(self, since_utc: float) -> list[tuple[str, str, tuple[checkin.CheckIn, ...]]]:
        """(routine id, title, check-ins) of every session started since ``since_utc``, waiting ones too."""
        rows = self._read(_CHECKIN_COLUMNS, _checkins_from_row)
        rows.extend((r.routine_id, r.title, r.checkins, r.started_at.timestamp()) for r in self._waiting())
        return [
            (routine_id, title, found)
            for routine_id, title, found, started in rows
            if started >= since_utc and found
        ]

    def _read(self, columns: Sequence[str], convert: Callable[[Sequence[object]], _Row]) -> list[_Row]:
        try:
            if self._conn is not None:
                return _rows(self._conn, columns, convert)
            if not os.path.lexists(self.path):
                return []
            # Not open for writing (a read-only folder, permission, a lock): show what can be read.
            with _read_only(self.path) as (conn, _version):
                return _rows(conn, columns, convert)
        except _MissingColumnsError:
            log.warning("history: %s has a schema this version cannot read", self.path)
            self.notice = _(
                "Your stretch history was made by a newer version of stretchapp, which this one "
                "cannot read: update stretchapp to see it. New sessions wait beside it until then."
            )
        except HistoryUnreadableError as error:
            log.warning("history: could not read %s: %s", self.path, error)
        except sqlite3.Error as error:
            log.warning("history: could not read %s: %s", self.path, error)
            self.notice = _("Your stretch history could not be read ({reason}).").format(
                reason=reason(error, self.path)
            )
        return []

    def _waiting(self) -> list[SessionRecord]:
        waiting = [*self.journal.read(), *self._unjournaled]
        conn = self._conn
        if conn is None or not waiting:
            return waiting
        try:
            # After a crash between the database's commit and the journal's rewrite.
            return [r for r in waiting if conn.execute(_STORED, _key_row(r)).fetchone() is None]
        except sqlite3.Error:
            return waiting


def _key_row(record: SessionRecord) -> tuple[float, float, str]:
    routine_id, started, ended = record_key(record)
    return (started, ended, routine_id)
