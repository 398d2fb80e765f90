"""Sessions waiting to be saved: a journal beside the history database (no Qt).

When the database refuses a session (locked by another program, a full disk, a read-only
folder), the session is written here before the person is told it will be saved later, so
quitting the app loses nothing. The next write or start moves the journal into the database
and removes what it accepted.

The file
    ``history-pending.jsonl`` beside ``history.sqlite3``: one JSON object per line, each a
    whole :class:`~stretchapp.core.record.SessionRecord` with its times in ISO 8601 and their
    UTC offsets. It is always rewritten whole with :func:`~stretchapp.storage.fileio.atomic_write_text`,
    so a crash leaves the old journal or the new one, never half of one, and removed once empty.

A journal someone else wrote
    Reading never raises and never trusts a line: every field is checked for its type and a
    sane range, and a line that fails (torn, not UTF-8, not JSON, nested without end, a
    missing field, a naive time, NaN, a number SQLite cannot hold) is kept aside, with the
    other bad lines, as ``history-pending.jsonl.bad-YYYYmmdd-HHMMSS`` before the journal is
    rewritten with the good lines only. A file over :data:`JOURNAL_LIMIT`, or one of the
    wrong type (a FIFO), is never read: it is moved aside whole.

Twice, or by two processes
    A crash between the database's commit and the journal's rewrite leaves sessions in both;
    the store skips a journaled session it already holds (same routine, same start and end
    instant). On POSIX each read-modify-write of the journal holds an advisory lock on the
    data folder, so two processes never drop each other's lines.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import os
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from stretchapp.core import checkin
from stretchapp.core.logger import get_logger
from stretchapp.core.record import CHECKINS_FIELD, FIELD_TYPES, RECORD_FIELDS, TIME_FIELDS, SessionRecord
from stretchapp.storage.fileio import (
    FileTooLargeError,
    NotARegularFileError,
    atomic_write_bytes,
    atomic_write_text,
    read_regular_file,
)

if sys.platform != "win32":
    import fcntl

log = get_logger(__name__)

JOURNAL_LIMIT = 8 * 1024 * 1024  # some 20,000 sessions; a journal larger than this is not ours
LINE_LIMIT = 64 * 1024  # a session's line is about 400 bytes, and some 150 more per check-in
MAX_NUMBER = 10**9  # seconds or phases beyond this are not a session: SQLite's range is far wider
FORMAT = 1

Key = tuple[str, float, float]


def record_key(record: SessionRecord) -> Key:
    """What identifies one session across the journal and the database."""
    return (record.routine_id, record.started_at.timestamp(), record.ended_at.timestamp())


# -- one line ---------------------------------------------------------------------------------
def to_line(record: SessionRecord) -> str:
    """``record`` as one journal line (without its newline)."""
    values: dict[str, object] = {"format": FORMAT}
    for name in RECORD_FIELDS:
        value = getattr(record, name)
        if name in TIME_FIELDS:
            value = value.isoformat()
        elif name == CHECKINS_FIELD:
            value = checkin.to_items(value)
        values[name] = value
    return json.dumps(values, ensure_ascii=True, allow_nan=False, separators=(",", ":"))


def from_line(raw: bytes) -> SessionRecord:
    """The session kept in ``raw``; ``ValueError`` for anything that is not one, however made."""
    if len(raw) > LINE_LIMIT:
        raise ValueError(f"a line of {len(raw)} bytes")
    try:
        values = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except RecursionError as error:
        raise ValueError("nested too deeply") from error
    if not isinstance(values, dict):
        raise ValueError("not a JSON object")
    version = values.get("format")
    if isinstance(version, bool) or version != FORMAT:
        raise ValueError(f"format {version!r}")
    fields: dict[str, object] = {}
    for name in RECORD_FIELDS:
        if name == CHECKINS_FIELD and name not in values:
            values[name] = []  # a line written before sessions had check-ins
        if name not in values:
            if name in _DEFAULTS:  # added after the line was written: what an older app meant
                continue
            raise ValueError(f"no {name}")
        fields[name] = _field(name, values[name])
    return SessionRecord(**fields)  # type: ignore[arg-type]


_DEFAULTS = frozenset(
    field.name for field in dataclasses.fields(SessionRecord) if field.default is not dataclasses.MISSING
)


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number")


def _field(name: str, value: object) -> object:
    if name == CHECKINS_FIELD:
        return checkin.from_items(value)
    kind = FIELD_TYPES[name]
    if kind is datetime:
        if not isinstance(value, str):
            raise ValueError(f"{name} is not text")
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError(f"{name} has no UTC offset")
        moment.timestamp()  # raises for an instant outside what the platform can count
        return moment
    if kind is str:
        if not isinstance(value, str):
            raise ValueError(f"{name} is not text")
        value.encode("utf-8")  # a lone surrogate from a \ud800 escape cannot be stored
        return value
    if kind is bool:
        if not isinstance(value, bool):
            raise ValueError(f"{name} is not true or false")
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} is not a number")
    if kind is int and not isinstance(value, int):
        raise ValueError(f"{name} is not a whole number")
    if not (math.isfinite(value) and 0 <= value <= MAX_NUMBER):
        raise ValueError(f"{name} is out of range")
    return kind(value)


@dataclass(frozen=True)
class Parsed:
    """What a journal's bytes hold: the sessions, and the lines that are not one."""

    records: tuple[SessionRecord, ...]
    bad_lines: tuple[bytes, ...]


def parse(data: bytes) -> Parsed:
    """Every session in ``data``, one per line; never raises, whatever the bytes."""
    records: list[SessionRecord] = []
    bad: list[bytes] = []
    for raw in data.split(b"\n"):
        if not raw.strip():
            continue
        try:
            records.append(from_line(raw))
        except (ValueError, TypeError, OverflowError) as error:
            # UnicodeDecodeError and JSONDecodeError are ValueErrors too.
            log.debug("history journal: a bad line (%s)", error)
            bad.append(raw)
    return Parsed(tuple(records), tuple(bad))


def render(records: Iterable[SessionRecord]) -> str:
    """The journal's text for ``records``."""
    return "".join(to_line(record) + "\n" for record in records)


# -- the file ---------------------------------------------------------------------------------
class PendingJournal:
    """The journal file of one database; every method is safe to call from one thread at a time."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    @classmethod
    def beside(cls, database: Path) -> PendingJournal:
        """The journal of ``database``: ``history.sqlite3`` has ``history-pending.jsonl``."""
        return cls(database.with_name(f"{database.stem}-pending.jsonl"))

    def exists(self) -> bool:
        return os.path.lexists(self.path)

    def read(self) -> list[SessionRecord]:
        """The sessions waiting, without changing anything (for read-only tools and views).

        A missing journal is an empty one; one that cannot be read is logged and read as
        empty too, since its sessions are still on disk for the next writer.
        """
        try:
            return list(parse(self._read_bytes()).records)
        except OSError as error:
            if not isinstance(error, FileNotFoundError):
                log.warning("history journal: cannot read %s: %s", self.path, error)
            return []

    def load(self) -> list[SessionRecord]:
        """The sessions waiting, after setting aside what is not one (for the writer).

        Raises ``OSError`` when the journal exists but cannot be read: then nothing may be
        written over it.
        """
        with self._locked():
            return self._load()

    def append(self, records: Iterable[SessionRecord]) -> None:
        """Add ``records`` to the journal; raises ``OSError`` if they could not be written."""
        new = list(records)
        if not new:
            return
        with self._locked():
            waiting = self._load()
            atomic_write_text(self.path, render([*waiting, *new]))
        log.info("history journal: %d session(s) now waiting in %s", len(waiting) + len(new), self.path)

    def remove(self, records: Iterable[SessionRecord]) -> None:
        """Drop ``records`` (the ones the database accepted); raises ``OSError`` on failure."""
        accepted = {record_key(record) for record in records}
        if not accepted:
            return
        with self._locked():
            waiting = self._load()
            left = [record for record in waiting if record_key(record) not in accepted]
            if len(left) == len(waiting):
                return
            if left:
                atomic_write_text(self.path, render(left))
            else:
                self.path.unlink(missing_ok=True)
        log.info(
            "history journal: %d session(s) saved, %d still waiting", len(waiting) - len(left), len(left)
        )

    # -- inside the lock ------------------------------------------------------------------
    def _read_bytes(self) -> bytes:
        return read_regular_file(self.path, JOURNAL_LIMIT)

    def _load(self) -> list[SessionRecord]:
        try:
            data = self._read_bytes()
        except FileNotFoundError:
            return []
        except (NotARegularFileError, FileTooLargeError, IsADirectoryError) as error:
            aside = self._aside_path()
            log.warning("history journal: %s (%s); moved to %s", self.path, error, aside.name)
            self.path.replace(aside)
            return []
        parsed = parse(data)
        if parsed.bad_lines:
            aside = self._aside_path()
            try:
                atomic_write_bytes(aside, b"\n".join(parsed.bad_lines) + b"\n")
                atomic_write_text(self.path, render(parsed.records))
            except OSError as error:
                # The bad lines stay where they are; the good ones are still returned.
                log.warning(
                    "history journal: cannot set %d bad line(s) aside: %s", len(parsed.bad_lines), error
                )
            else:
                log.warning(
                    "history journal: %d line(s) of %s are not sessions; kept in %s",
                    len(parsed.bad_lines),
                    self.path,
                    aside.name,
                )
        return list(parsed.records)

    def _aside_path(self) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.bad-{stamp}")
        number = 1
        while os.path.lexists(aside):
            aside = self.path.with_name(f"{self.path.name}.bad-{stamp}-{number}")
            number += 1
        return aside

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with self._lock:
            if sys.platform == "win32":
                yield
                return
            try:
                fd = os.open(self.path.parent, os.O_RDONLY)
            except OSError:
                # No folder (nothing to read yet) or none we may open: the write that follows
                # fails or succeeds on its own, and there is nothing to race with.
                yield
                return
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                yield
            finally:
                os.close(fd)  # closing releases the lock


def waiting_sessions_exist(database: Path) -> bool:
    """Whether sessions are waiting in the journal of ``database`` (one ``stat``, no reading)."""
    return PendingJournal.beside(database).exists()
