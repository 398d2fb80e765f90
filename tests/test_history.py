"""The history database: what is kept, migrations, damaged or busy files, two writers at once."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from stretchapp.core.record import SessionRecord
from stretchapp.core.stats import compute_stats
from stretchapp.storage import history, paths
from stretchapp.storage.history import SCHEMA_VERSION, HistoryStore, HistoryUnreadableError

REPO = Path(__file__).resolve().parent.parent
PARIS = timezone(timedelta(hours=1))


def record(
    start: datetime, *, routine: str = "neck", minutes: float = 5.0, paused: float = 0.0
) -> SessionRecord:
    return SessionRecord(
        routine_id=routine,
        title=routine.title(),
        started_at=start,
        ended_at=start + timedelta(minutes=minutes, seconds=paused),
        planned_seconds=int(minutes * 60),
        active_seconds=minutes * 60,
        paused_seconds=paused,
        phases_done=3,
        phases_skipped=1,
        phases_total=4,
        completed=True,
    )


@pytest.fixture
def store() -> Iterator[HistoryStore]:
    with HistoryStore.open() as opened:
        yield opened


def raw(path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def test_a_session_is_kept_with_its_time_zone(store: HistoryStore) -> None:
    start = datetime(2026, 11, 23, 8, 30, tzinfo=PARIS)
    assert store.add(record(start, paused=42.5))
    store.close()
    with HistoryStore.open() as again:
        (kept,) = again.records()
    assert kept == record(start, paused=42.5)
    assert kept.started_at.utcoffset() == timedelta(hours=1)
    assert raw(paths.history_db(), "SELECT started_at, started_utc FROM sessions") == [
        ("2026-11-23T08:30:00+01:00", start.timestamp())
    ]


def test_the_database_is_in_wal_mode_at_the_current_version(store: HistoryStore) -> None:
    assert store.available
    assert store.notice is None
    assert raw(store.path, "PRAGMA journal_mode") == [("wal",)]
    assert raw(store.path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]


def test_sessions_come_back_in_the_order_they_happened(store: HistoryStore) -> None:
    later = record(
        datetime(2026, 11, 23, 9, 30, tzinfo=timezone(timedelta(hours=-5))), routine="late"
    )  # 14:30Z
    earlier = record(datetime(2026, 11, 23, 10, 0, tzinfo=PARIS), routine="early")  # 09:00Z
    store.add(later)
    store.add(earlier)
    assert [r.routine_id for r in store.records()] == ["early", "late"]


def test_version_1_database_is_migrated_and_keeps_its_sessions(monkeypatch: pytest.MonkeyPatch) -> None:
    path = paths.history_db()
    path.parent.mkdir(parents=True)
    started = datetime(2026, 7, 1, 6, 0, tzinfo=timezone.utc)
    with sqlite3.connect(path) as conn:
        conn.executescript(history.MIGRATIONS[0])
        conn.execute(
            "INSERT INTO sessions (routine_id, title, started_utc, ended_utc, planned_seconds, active_seconds,"
            " phases_done, phases_skipped, phases_total, completed) VALUES (?,?,?,?,?,?,?,?,?,?)",
            ("neck", "Neck", started.timestamp(), started.timestamp() + 300, 300, 290.0, 4, 0, 4, 1),
        )
        conn.execute("PRAGMA user_version = 1")
    conn.close()
    # Version 1 kept no time zone: the migration uses the machine's zone at that instant
    # (New York in July is UTC-4).
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        with HistoryStore.open() as store:
            (old,) = store.records()
            assert store.add(record(datetime(2026, 11, 23, 8, 0, tzinfo=PARIS), paused=12))
            both = store.records()
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert raw(path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert old.started_at == started
    assert old.started_at.isoformat() == "2026-07-01T02:00:00-04:00"
    assert (old.active_seconds, old.paused_seconds, old.completed) == (290.0, 0.0, True)
    assert [r.paused_seconds for r in both] == [0.0, 12.0]


def test_a_database_from_a_newer_version_is_read_but_not_written() -> None:
    path = paths.history_db()
    with HistoryStore.open(path) as store:
        store.add(record(datetime(2026, 11, 23, 8, 0, tzinfo=PARIS)))
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    with HistoryStore.open(path) as newer:
        assert newer.notice is not None
        assert "newer version" in newer.notice
        assert len(newer.records()) == 1
        assert not newer.add(record(datetime(2026, 11, 24, 8, 0, tzinfo=PARIS)))
    assert raw(path, "SELECT count(*) FROM sessions") == [(1,)]


def _assert_fresh_start(store: HistoryStore, original: bytes) -> None:
    assert store.available
    assert store.moved_aside is not None
    assert store.moved_aside.name.startswith("history.sqlite3.corrupt-")
    assert store.notice is not None
    assert store.moved_aside.name in store.notice
    if store.moved_aside.is_file():
        assert store.moved_aside.read_bytes() == original
    assert store.records() == []
    assert store.add(record(datetime(2026, 11, 23, 8, 0, tzinfo=PARIS)))
    assert len(store.records()) == 1


def test_a_file_of_random_bytes_is_moved_aside_and_a_new_history_works() -> None:
    path = paths.history_db()
    path.parent.mkdir(parents=True)
    garbage = os.urandom(8192)
    path.write_bytes(garbage)
    with HistoryStore.open() as store:
        _assert_fresh_start(store, garbage)


def test_a_truncated_database_is_moved_aside() -> None:
    path = paths.history_db()
    with HistoryStore.open() as store:
        base = datetime(2026, 1, 1, tzinfo=PARIS)
        for day in range(400):
            store.add(record(base + timedelta(days=day), routine=f"routine-{day % 7}-" + "x" * 200))
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    whole = path.read_bytes()
    half = whole[: len(whole) // 2]
    path.write_bytes(half)
    with HistoryStore.open() as store:
        _assert_fresh_start(store, half)


def test_a_folder_in_place_of_the_database_is_moved_aside() -> None:
    path = paths.history_db()
    path.mkdir(parents=True)
    with HistoryStore.open() as store:
        assert store.moved_aside is not None
        assert store.moved_aside.is_dir()
        _assert_fresh_start(store, b"")


@pytest.mark.parametrize("connected", [True, False], ids=["open", "reopening"])
def test_a_locked_database_delays_the_write_without_raising(store: HistoryStore, connected: bool) -> None:
    blocker = sqlite3.connect(store.path, isolation_level=None)
    store.busy_timeout = 0.05
    if connected:
        store._conn.execute("PRAGMA busy_timeout = 50")  # type: ignore[union-attr]
    else:
        store.close()
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        first = record(datetime(2026, 11, 23, 8, 0, tzinfo=PARIS), routine="first")
        assert store.add(first) is False
        assert store.pending == 1
        assert store.notice is not None
        assert "could not be saved" in store.notice
        assert store.records() == [first]  # still shown while waiting
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert store.add(record(datetime(2026, 11, 24, 8, 0, tzinfo=PARIS), routine="second"))
    assert store.pending == 0
    assert store.notice is None
    assert [r.routine_id for r in store.records()] == ["first", "second"]


def test_read_history_leaves_missing_and_damaged_files_alone() -> None:
    path = paths.history_db()
    assert history.read_history() == []
    assert not path.exists()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(HistoryUnreadableError):
        history.read_history()
    assert path.read_bytes().startswith(b"this is not a database")
    assert [p.name for p in path.parent.iterdir()] == [path.name]


_WRITER = textwrap.dedent(
    """
    import sys
    from datetime import datetime, timedelta, timezone
    from pathlib import Path
    from stretchapp.core.record import SessionRecord
    from stretchapp.storage.history import HistoryStore

    path, who, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    store = HistoryStore.open(path)
    start = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)
    failed = 0
    for number in range(count):
        at = start + timedelta(minutes=number)
        record = SessionRecord(who, f"{who} {number}", at, at + timedelta(minutes=1), 60, 60.0, 0.0, 1, 0, 1, True)
        failed += not store.add(record)
    print(failed, store.pending, store.notice)
    """
)


def test_two_app_processes_writing_at_once_lose_no_session(tmp_path: Path) -> None:
    path = tmp_path / "shared" / "history.sqlite3"
    count = 150
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(path), who, str(count)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in ("first", "second")
    ]
    outputs = [writer.communicate(timeout=120) for writer in writers]
    for writer, (out, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, err
        assert out.split() == ["0", "0", "None"], (out, err)
    rows = raw(path, "SELECT routine_id, title FROM sessions")
    assert len(rows) == 2 * count
    assert set(rows) == {(who, f"{who} {n}") for who in ("first", "second") for n in range(count)}


def test_history_modules_do_not_import_qt() -> None:
    code = (
        "import sys, stretchapp.storage.history, stretchapp.cli.history_cli\n"
        "assert 'PySide6' not in sys.modules, sorted(m for m in sys.modules if 'PySide6' in m)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_the_store_figures_match_the_figures_of_its_records(store: HistoryStore) -> None:
    zones = [PARIS, timezone.utc, timezone(timedelta(hours=-5)), timezone(timedelta(hours=9, minutes=30))]
    base = datetime(2026, 11, 10, 22, 45, tzinfo=timezone.utc)
    for number in range(60):
        at = (base + timedelta(hours=7 * number)).astimezone(zones[number % len(zones)])
        kept = record(at, routine=f"r{number % 5}", minutes=1 + number % 9)
        store.add(kept if number % 4 else SessionRecord(**{**kept.__dict__, "completed": False}))
    now = datetime(2026, 11, 25, 7, 0, tzinfo=PARIS)
    assert store.stats(now=now) == compute_stats(store.records(), now=now)


def test_a_damaged_start_time_falls_back_to_the_utc_instant(store: HistoryStore) -> None:
    start = datetime(2026, 11, 23, 23, 30, tzinfo=timezone.utc)
    store.add(record(start))
    assert store._conn is not None
    store._conn.execute("UPDATE sessions SET started_at = 'garbled'")
    (kept,) = store.records()
    assert kept.started_at == start
    assert store.stats(now=start).today_minutes == 5


def test_a_healthy_database_that_cannot_be_opened_for_now_is_not_moved(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = paths.history_db()
    with HistoryStore.open() as store:
        store.add(record(datetime(2026, 11, 23, 8, 0, tzinfo=PARIS)))
    real_connect = sqlite3.connect

    def refuse(*args: object, **kwargs: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("unable to open database file")  # e.g. out of file handles

    monkeypatch.setattr(sqlite3, "connect", refuse)
    store = HistoryStore.open()
    assert not store.available
    assert store.moved_aside is None
    assert store.notice is not None
    assert "cannot be opened right now" in store.notice
    assert not store.add(record(datetime(2026, 11, 24, 8, 0, tzinfo=PARIS)))
    monkeypatch.setattr(sqlite3, "connect", real_connect)
    assert store.add(record(datetime(2026, 11, 25, 8, 0, tzinfo=PARIS)))
    assert len(store.records()) == 3
    store.close()
    assert [p.name for p in path.parent.iterdir() if "corrupt" in p.name] == []


def test_a_file_without_read_permission_is_moved_aside(monkeypatch: pytest.MonkeyPatch) -> None:
    # The tests may run as root, who reads any file: the refusal is simulated where SQLite
    # and the header check meet it.
    path = paths.history_db()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"SQLite format 3\x00" + bytes(4080))
    real_connect, real_open = sqlite3.connect, Path.open

    def connect(target: object, *args: object, **kwargs: object) -> sqlite3.Connection:
        if Path(str(target)) == path and path.exists():
            raise sqlite3.OperationalError("unable to open database file")
        return real_connect(target, *args, **kwargs)  # type: ignore[arg-type]

    def open_file(self: Path, *args: object, **kwargs: object) -> object:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(sqlite3, "connect", connect)
    monkeypatch.setattr(Path, "open", open_file)
    with HistoryStore.open() as store:
        assert store.moved_aside is not None
        assert store.available
        assert store.add(record(datetime(2026, 11, 23, 8, 0, tzinfo=PARIS)))
        assert len(store.records()) == 1
