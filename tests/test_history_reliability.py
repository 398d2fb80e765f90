"""The history's promises under a locked, full, read-only, foreign or damaged database.

Each test is written from what a person would notice: a session that was not lost, a
window that did not freeze, a command that named the real cause. Modules that only the new
history has are imported inside the tests, so each test can be run against older code and
fail on the behaviour rather than on an import.

Permission tests need the file modes to bite. Run as root, they run their part in a child
process without the capabilities that let root ignore file modes (``CAP_DAC_OVERRIDE`` and
``CAP_DAC_READ_SEARCH``), so they test the same refusal a person's account meets.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import hashlib
import json
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from stretchapp.cli import history_cli
from stretchapp.core.model import Exercise, HoldRange, Routine
from stretchapp.core.record import SessionRecord
from stretchapp.core.stats import compute_stats
from stretchapp.storage import history, paths
from stretchapp.storage.history import HistoryStore
from stretchapp.storage.settings import Settings
from tests.fakes import FakeClock

REPO = Path(__file__).resolve().parent.parent
PARIS = timezone(timedelta(hours=1))
JOURNAL_NAME = "history-pending.jsonl"  # the journal's documented name, beside history.sqlite3
SAFETY_SECONDS = 20.0  # a lock holder lets go after this, so a regression fails instead of hanging


def record(start: datetime, *, routine: str = "neck", minutes: float = 5.0) -> SessionRecord:
    return SessionRecord(
        routine_id=routine,
        title=routine.title(),
        started_at=start,
        ended_at=start + timedelta(minutes=minutes),
        planned_seconds=int(minutes * 60),
        active_seconds=minutes * 60,
        paused_seconds=0.0,
        phases_done=3,
        phases_skipped=0,
        phases_total=3,
        completed=True,
    )


FIRST = record(datetime(2026, 11, 23, 8, 0, tzinfo=PARIS), routine="first")
SECOND = record(datetime(2026, 11, 24, 8, 0, tzinfo=PARIS), routine="second")


def line(kept: SessionRecord, **changes: object) -> bytes:
    """One journal line in its documented format, written without the app's own code."""
    values: dict[str, object] = {"format": 1}
    for name, value in kept.__dict__.items():
        values[name] = value.isoformat() if isinstance(value, datetime) else value
    values.update(changes)
    return json.dumps(values).encode()


def journal() -> Path:
    return paths.data_dir() / JOURNAL_NAME


def journaled_routines() -> list[str]:
    """The routines of the sessions in the journal, read as plain JSON lines."""
    if not journal().exists():
        return []
    return [json.loads(line)["routine_id"] for line in journal().read_text(encoding="utf-8").splitlines()]


def stored_routines(path: Path | None = None) -> list[str]:
    """What the database itself holds, read with SQLite directly."""
    with contextlib.closing(sqlite3.connect(path or paths.history_db())) as conn:
        return [row[0] for row in conn.execute("SELECT routine_id FROM sessions ORDER BY started_utc")]


def make_history(*records: SessionRecord) -> Path:
    with HistoryStore.open() as store:
        assert store.add_many(records)
    return paths.history_db()


def old_database(path: Path) -> None:
    """A version 1 database with one session and a rollback journal, as an early app left it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    started = datetime(2026, 7, 1, 6, 0, tzinfo=timezone.utc).timestamp()
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.executescript(history.MIGRATIONS[0])
        conn.execute(
            "INSERT INTO sessions (routine_id, title, started_utc, ended_utc, planned_seconds, active_seconds,"
            " phases_done, phases_skipped, phases_total, completed) VALUES (?,?,?,?,?,?,?,?,?,?)",
            ("neck", "Neck", started, started + 300, 300, 290.0, 4, 0, 4, 1),
        )
        conn.execute("PRAGMA user_version = 1")
        conn.commit()


class LockHolder:
    """Another program holding the write lock (``BEGIN EXCLUSIVE``) until told to let go."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.held = threading.Event()  # set while the lock is held
        self.release = threading.Event()
        self.gave_up = False
        self._thread = threading.Thread(target=self._hold, daemon=True)

    def _hold(self) -> None:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            conn.execute("BEGIN EXCLUSIVE")
            self.held.set()
            self.gave_up = not self.release.wait(SAFETY_SECONDS)
            self.held.clear()
            conn.execute("ROLLBACK")
        finally:
            conn.close()

    def __enter__(self) -> LockHolder:
        self._thread.start()
        assert self.held.wait(SAFETY_SECONDS)
        return self

    def let_go(self) -> None:
        self.release.set()
        self._thread.join()

    def __exit__(self, *exc: object) -> None:
        self.let_go()


@pytest.fixture
def database_waits_block_the_ui(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any store opened on the main thread waits ten minutes for a lock, so a UI-thread wait shows."""
    real_open = HistoryStore.open.__func__  # type: ignore[attr-defined]

    def open_store(cls: type[HistoryStore], path: Path | None = None, **options: object) -> HistoryStore:
        if threading.current_thread() is threading.main_thread():
            options["busy_timeout"] = 600.0
        return real_open(cls, path, **options)  # type: ignore[no-any-return]

    monkeypatch.setattr(HistoryStore, "open", classmethod(open_store))


ROUTINE = Routine(
    id="neck-tilt",
    title="Neck tilt",
    exercises=(Exercise(name="Tilt", steps=("Tilt your head.",), hold=HoldRange(20, 20)),),
    prepare=3,
    rest=5,
)


@pytest.fixture
def app(qtbot, clock: FakeClock) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from stretchapp.routines.library import load_library
    from stretchapp.ui.controller import AppController
    from stretchapp.ui.session.audio import NullSoundPlayer

    controller = AppController(
        Settings(), load_library(), clock=clock, sound_factory=lambda _s: NullSoundPlayer()
    )
    controller.player.confirm_leave = lambda: True
    qtbot.addWidget(controller.window)
    yield controller
    controller.end_session()
    if controller._history is not None:
        controller._history.close()
    if controller.history_view is not None:
        controller.history_view.close()


def run_a_while(controller: object, clock: FakeClock) -> None:
    assert controller.start_routine(ROUTINE, gate=False)  # type: ignore[attr-defined]
    clock.advance(10)
    controller.driver.tick()  # type: ignore[attr-defined]


def settle(controller: object) -> None:
    """Wait for the history thread to have done what was asked (a bound, not a timing)."""
    assert controller.history.wait_idle(60)  # type: ignore[attr-defined]


# -- 1. nothing is lost ---------------------------------------------------------------------


def test_a_session_refused_by_a_locked_database_survives_quitting() -> None:
    path = make_history()
    with LockHolder(path):
        store = HistoryStore.open(busy_timeout=0.05)
        assert store.add(FIRST) is False
        told = store.notice
        store.close()  # the app quits while the database is still locked
    with HistoryStore.open() as next_start:
        assert [r.routine_id for r in next_start.records()] == ["first"]
    assert stored_routines() == ["first"]
    assert not journal().exists()  # what the database accepted left the journal
    assert told is not None and "locked by another program" in told


def test_a_session_refused_by_a_full_disk_is_kept_in_the_journal() -> None:
    make_history(FIRST)
    store = HistoryStore.open()
    assert store._conn is not None
    # SQLite's own page limit gives the same "database or disk is full" a full disk gives.
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")
    many = [
        record(datetime(2026, 11, 24, 8, 0, tzinfo=PARIS) + timedelta(minutes=n), routine="x" * 900)
        for n in range(20)
    ]
    assert store.add_many(many) is False
    assert store.notice is not None and "disk is full" in store.notice
    store.close()
    assert len(journaled_routines()) == 20
    with HistoryStore.open() as room_again:
        assert len(room_again.records()) == 21
    assert not journal().exists()


def test_a_torn_or_hostile_journal_is_replayed_line_by_line() -> None:
    whole = line(SECOND)
    hostile = [
        b"\xff\xfe not utf-8",
        b"[" * 5000,  # nested past any parser's depth
        b'{"format": 1, "routine_id": "x"}',  # fields missing
        line(FIRST, active_seconds=float("nan")),
        line(FIRST, routine_id="\ud800"),  # a lone surrogate, which cannot be stored
        line(FIRST, phases_done=10**30),  # beyond what SQLite holds
        line(FIRST, started_at="2026-11-23T08:00:00"),  # a time without its offset
        whole[: len(whole) // 2],  # torn
    ]
    journal().parent.mkdir(parents=True)
    journal().write_bytes(b"\n".join([line(FIRST), *hostile[:4], line(SECOND), *hostile[4:]]))
    with HistoryStore.open() as store:
        assert [r.routine_id for r in store.records()] == ["first", "second"]
    assert not journal().exists()
    (aside,) = journal().parent.glob(JOURNAL_NAME + ".bad-*")
    assert aside.read_bytes().split(b"\n")[:-1] == hostile


def test_a_session_in_the_journal_and_the_database_is_kept_once() -> None:
    make_history(FIRST)
    # A crash after the database's commit, before the journal was rewritten.
    journal().write_bytes(line(FIRST) + b"\n" + line(SECOND) + b"\n")
    with HistoryStore.open() as store:
        assert [r.routine_id for r in store.records()] == ["first", "second"]
    assert stored_routines() == ["first", "second"]


def test_a_fifo_in_place_of_the_journal_never_hangs() -> None:
    make_history()
    os.mkfifo(journal())
    with HistoryStore.open() as store:
        assert store.add(FIRST)
        assert [r.routine_id for r in store.records()] == ["first"]
    assert not journal().exists()
    (aside,) = journal().parent.glob(JOURNAL_NAME + ".bad-*")
    assert stat.S_ISFIFO(os.lstat(aside).st_mode)  # set aside untouched


_FIFO_CHILD = """
import json, subprocess, sys
from stretchapp.storage.history import HistoryStore
command = subprocess.run([sys.executable, "-m", "stretchapp", "history"], capture_output=True, text=True)
with HistoryStore.open() as store:
    moved = store.moved_aside is not None and store.available
print(json.dumps({"code": command.returncode, "err": command.stderr, "moved": moved}))
"""


def test_a_fifo_in_place_of_the_database_never_hangs() -> None:
    paths.history_db().parent.mkdir(parents=True)
    os.mkfifo(paths.history_db())
    try:
        child = subprocess.run(
            [sys.executable, "-c", _FIFO_CHILD],
            env={**os.environ, "PYTHONPATH": str(REPO)},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("reading a FIFO in place of the history hung")
    outcome = json.loads(child.stdout)
    assert outcome["code"] == 1 and "damaged" in outcome["err"]  # the command leaves it alone
    assert outcome["moved"]  # the app sets it aside and starts a new history


# -- the journal reader, fuzzed ----------------------------------------------------------------

_ZONES = st.sampled_from(
    [timezone.utc, PARIS, timezone(timedelta(hours=-8)), timezone(timedelta(hours=5, minutes=45))]
)
_SECONDS = st.floats(min_value=0, max_value=1e6, allow_nan=False)
_COUNTS = st.integers(min_value=0, max_value=10_000)
_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
_MOMENTS = st.datetimes(min_value=datetime(1971, 1, 2), max_value=datetime(2999, 1, 1), timezones=_ZONES)
RECORDS = st.builds(
    SessionRecord,
    routine_id=_TEXT,
    title=_TEXT,
    started_at=_MOMENTS,
    ended_at=_MOMENTS,
    planned_seconds=_COUNTS,
    active_seconds=_SECONDS,
    paused_seconds=_SECONDS,
    phases_done=_COUNTS,
    phases_skipped=_COUNTS,
    phases_total=_COUNTS,
    completed=st.booleans(),
)
GARBAGE_LINE = st.binary(max_size=300).map(lambda raw: raw.replace(b"\n", b""))


@given(st.binary(max_size=4000))
@settings(max_examples=400, deadline=None)
def test_any_bytes_read_as_a_journal_never_raise(data: bytes) -> None:
    from stretchapp.storage.history_journal import from_line, parse, to_line

    parsed = parse(data)
    for kept in parsed.records:
        assert from_line(to_line(kept).encode()) == kept  # whatever is read can be written again
    lines = [line for line in data.split(b"\n") if line.strip()]
    assert len(parsed.records) + len(parsed.bad_lines) == len(lines)


@given(st.lists(st.tuples(RECORDS, st.lists(GARBAGE_LINE, max_size=3)), max_size=8))
@settings(max_examples=100, deadline=None)
def test_garbage_between_good_lines_loses_no_good_record(
    mixed: list[tuple[SessionRecord, list[bytes]]],
) -> None:
    from stretchapp.storage.history_journal import parse, to_line

    lines: list[bytes] = []
    for good, garbage in mixed:
        for line in garbage:
            assume(not parse(line).records)
        lines += [*garbage, to_line(good).encode()]
    assert list(parse(b"\n".join(lines)).records) == [good for good, _ in mixed]


@given(st.lists(RECORDS, min_size=1, max_size=6), st.data())
@settings(max_examples=100, deadline=None)
def test_a_journal_cut_anywhere_keeps_every_whole_line(
    records: list[SessionRecord], data: st.DataObject
) -> None:
    from stretchapp.storage.history_journal import parse, render

    text = render(records).encode()
    cut = data.draw(st.integers(min_value=0, max_value=len(text)))
    kept = list(parse(text[:cut]).records)
    assert kept == records[: len(kept)]
    assert len(kept) >= text[:cut].count(b"\n")


@given(st.lists(RECORDS, max_size=4), st.lists(GARBAGE_LINE, max_size=4))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_store_replays_every_good_line_of_any_journal(
    tmp_path: Path, records: list[SessionRecord], garbage: list[bytes]
) -> None:
    from stretchapp.storage.history_journal import PendingJournal, parse, record_key, to_line

    for line in garbage:
        assume(not parse(line).records)
    folder = tmp_path / f"case-{os.urandom(6).hex()}"
    folder.mkdir()
    database = folder / "history.sqlite3"
    PendingJournal.beside(database).path.write_bytes(
        b"\n".join([*garbage, *(to_line(r).encode() for r in records)])
    )
    with HistoryStore.open(database) as store:
        kept = store.records()
        assert store.pending == 0
    assert sorted(map(record_key, kept)) == sorted(map(record_key, records))


# -- 2. the UI thread never waits on the database ----------------------------------------------


@pytest.mark.usefixtures("database_waits_block_the_ui")
def test_ending_a_session_returns_while_another_program_holds_the_lock(
    qtbot,  # type: ignore[no-untyped-def]
    app: object,
    clock: FakeClock,
) -> None:
    path = make_history()
    told_on: list[threading.Thread] = []
    run_a_while(app, clock)
    with LockHolder(path) as holder:
        app.end_session()  # type: ignore[attr-defined]
        # It came back while the other program still holds the lock, not when it let go.
        assert holder.held.is_set() and not holder.gave_up
        # Answers come through the event loop, which has not run since: none is missed.
        app.history.noticeRaised.connect(lambda _text: told_on.append(threading.current_thread()))  # type: ignore[attr-defined]
        settle(app)
        assert journaled_routines() == ["neck-tilt"]
        qtbot.waitUntil(lambda: "could not be saved" in app.window.statusBar().currentMessage())  # type: ignore[attr-defined]
        assert stored_routines() == []
    app.history.save_waiting()  # type: ignore[attr-defined]
    settle(app)
    assert stored_routines() == ["neck-tilt"]
    assert journaled_routines() == []
    qtbot.waitUntil(lambda: "now saved" in app.window.statusBar().currentMessage())  # type: ignore[attr-defined]
    assert told_on and all(thread is threading.main_thread() for thread in told_on)


@pytest.mark.usefixtures("database_waits_block_the_ui")
def test_the_history_window_opens_while_a_rollback_journal_is_locked(qtbot, app: object) -> None:  # type: ignore[no-untyped-def]
    path = make_history(FIRST)
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")  # another program's choice: readers wait too
    with LockHolder(path) as holder:
        app.show_history()  # type: ignore[attr-defined]
        assert holder.held.is_set() and not holder.gave_up
        view = app.history_view  # type: ignore[attr-defined]
        qtbot.addWidget(view)
        qtbot.waitUntil(lambda: "locked by another program" in view.notice_label.text(), timeout=30_000)
    app.show_history()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: view.stats is not None and view.stats.total_sessions == 1, timeout=30_000)


# -- 3. reading never writes, and says why it cannot -------------------------------------------


def run_history_command(*argv: str) -> tuple[int, str, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        parser = argparse.ArgumentParser(prog="stretchapp")
        history_cli.add_parser(parser.add_subparsers())
        code = history_cli.run(parser.parse_args(["history", *argv]))
    return code, out.getvalue(), err.getvalue()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_history_command_reads_an_old_database_as_it_stands() -> None:
    path = paths.history_db()
    old_database(path)
    before = digest(path)
    code, out, _err = run_history_command("--json")
    assert code == 0
    assert json.loads(out)["total_sessions"] == 1
    assert digest(path) == before  # not migrated
    with contextlib.closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # not switched to WAL


def test_a_locked_history_is_named_locked_not_damaged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(history, "READ_BUSY_TIMEOUT_SECONDS", 0.05, raising=False)
    path = paths.history_db()
    old_database(path)  # a rollback journal: a writer's lock keeps readers out too
    with LockHolder(path):
        code, _out, err = run_history_command()
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert "locked by another program" in err
    assert "damaged" not in err
    assert stored_routines(path) == ["neck"]


def test_a_history_from_a_newer_stretchapp_with_renamed_columns_says_so() -> None:
    path = make_history(FIRST)
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("ALTER TABLE sessions RENAME COLUMN active_seconds TO stretch_seconds")
        conn.execute(f"PRAGMA user_version = {history.SCHEMA_VERSION + 1}")
        conn.commit()
    code, out, err = run_history_command()
    assert code != 0
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "made by a newer stretchapp" in err
    # The app's own window says the same instead of showing no sessions.
    with HistoryStore.open() as store:
        store.stats()
        assert store.notice is not None and "newer version of stretchapp" in store.notice
        assert "cannot read" in store.notice


def test_a_damaged_file_is_still_reported_as_damaged_and_left_alone() -> None:
    path = paths.history_db()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00garbage" * 512)
    code, _out, err = run_history_command()
    assert code == 1
    assert "damaged" in err
    assert path.read_bytes() == b"\x00garbage" * 512


def test_the_real_causes_are_named() -> None:
    from stretchapp.storage.history_errors import Cause, cause_of, is_damage

    path = make_history(FIRST)
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(sqlite3.OperationalError) as full:
            conn.execute(
                "INSERT INTO sessions (routine_id, title, started_utc, ended_utc, planned_seconds,"
                " active_seconds, phases_done, phases_skipped, phases_total, completed)"
                " VALUES (?, '', 0, 0, 0, 0, 0, 0, 0, 0)",
                ("x" * 100_000,),
            )
    with (
        LockHolder(path),
        contextlib.closing(sqlite3.connect(path, timeout=0)) as conn,
        pytest.raises(sqlite3.OperationalError) as locked,
    ):
        conn.execute("BEGIN IMMEDIATE")
    assert cause_of(full.value, path) is Cause.FULL
    assert cause_of(locked.value, path) is Cause.LOCKED
    assert cause_of(PermissionError(13, "Permission denied"), path) is Cause.PERMISSION
    assert cause_of(OSError(28, "No space left on device"), path) is Cause.FULL
    assert not is_damage(locked.value, path)
    assert not is_damage(full.value, path)


# -- permissions, with the modes enforced even for root ----------------------------------------


def _drop_file_privileges() -> None:
    """In the child, before it runs: give up what lets root ignore file modes."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def run_unprivileged(*argv: str) -> subprocess.CompletedProcess[str]:
    """Run ``python argv...`` as this account would without root's power over file modes."""
    preexec: Callable[[], None] | None = None
    if os.geteuid() == 0:
        if not sys.platform.startswith("linux"):
            pytest.skip("file modes cannot be enforced for root here")
        preexec = _drop_file_privileges
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=preexec,
        check=False,
    )


@pytest.fixture
def restore_modes() -> Iterator[list[Path]]:
    changed: list[Path] = []
    yield changed
    for path in changed:
        with contextlib.suppress(OSError):
            path.chmod(0o755 if path.is_dir() else 0o644)


def test_a_read_only_folder_still_shows_the_stored_sessions(restore_modes: list[Path]) -> None:
    path = make_history(FIRST, SECOND)
    path.chmod(0o444)
    path.parent.chmod(0o555)
    restore_modes += [path, path.parent]
    probe = run_unprivileged("-c", f"open({str(path.parent / 'probe')!r}, 'w')")
    assert probe.returncode != 0, "the folder should refuse a new file"
    command = run_unprivileged("-m", "stretchapp", "history", "--json")
    assert command.returncode == 0, command.stderr
    assert json.loads(command.stdout)["total_sessions"] == 2
    window = run_unprivileged(
        "-c",
        "from stretchapp.storage.history import HistoryStore\n"
        "store = HistoryStore.open()\n"
        "print(store.stats().total_sessions)\n",
    )
    assert window.returncode == 0, window.stderr
    assert window.stdout.split() == ["2"]
    assert sorted(p.name for p in path.parent.iterdir()) == ["history.sqlite3"]


_OPEN_AND_SAVE = """
import json
from datetime import datetime, timedelta, timezone
from stretchapp.core.record import SessionRecord
from stretchapp.storage.history import HistoryStore
at = datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc)
store = HistoryStore.open()
saved = store.add(SessionRecord("third", "Third", at, at + timedelta(minutes=5), 300, 300.0, 0.0, 3, 0, 3, True))
print(json.dumps({"moved": store.moved_aside is not None, "saved": saved, "notice": store.notice}))
"""


def test_a_healthy_file_without_permission_is_not_moved_aside(restore_modes: list[Path]) -> None:
    path = make_history(FIRST, SECOND)
    before = digest(path)
    path.chmod(0o000)
    restore_modes.append(path)
    probe = run_unprivileged("-c", f"open({str(path)!r}, 'rb')")
    assert probe.returncode != 0, "the file should refuse to be read"
    child = run_unprivileged("-c", _OPEN_AND_SAVE)
    assert child.returncode == 0, child.stderr
    outcome = json.loads(child.stdout)
    assert outcome["moved"] is False
    assert outcome["saved"] is False
    assert "permission denied" in outcome["notice"]
    assert [p.name for p in path.parent.iterdir() if "corrupt" in p.name] == []
    path.chmod(0o644)
    assert digest(path) == before
    assert journaled_routines() == ["third"]  # kept for when the file can be opened again
    with HistoryStore.open() as store:
        assert [r.routine_id for r in store.records()] == ["first", "second", "third"]


def test_the_command_names_permission_denied(restore_modes: list[Path]) -> None:
    path = make_history(FIRST)
    path.chmod(0o000)
    restore_modes.append(path)
    command = run_unprivileged("-m", "stretchapp", "history")
    assert command.returncode == 1
    assert len(command.stderr.strip().splitlines()) == 1
    assert "permission denied" in command.stderr
    assert "damaged" not in command.stderr


# -- a session dated in the future ---------------------------------------------------------------

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=PARIS)


def test_a_session_dated_in_the_future_is_not_today_until_its_day() -> None:
    wrong_clock = record(datetime(2027, 6, 1, 9, 0, tzinfo=PARIS), routine="ahead")
    stats = compute_stats([wrong_clock], now=NOW)
    assert (stats.today_minutes, stats.week_minutes, stats.streak_days, stats.done_today) == (0, 0, 0, False)
    assert all(minutes == 0 for _day, minutes in stats.last_days)
    assert stats.total_sessions == 1
    assert stats.future_sessions == 1
    on_its_day = compute_stats([wrong_clock], now=datetime(2027, 6, 1, 18, 0, tzinfo=PARIS))
    assert (on_its_day.today_minutes, on_its_day.streak_days, on_its_day.future_sessions) == (5, 1, 0)


def test_a_session_that_happened_east_of_here_still_counts_today() -> None:
    # Recorded at 00:30 on the 26th in Paris; an hour later it is 18:30 on the 25th in New York.
    flown = record(datetime(2026, 11, 26, 0, 30, tzinfo=PARIS))
    stats = compute_stats([flown], now=datetime(2026, 11, 25, 19, 30, tzinfo=timezone(timedelta(hours=-5))))
    assert (stats.today_minutes, stats.done_today, stats.streak_days) == (5, True, 1)


def test_the_command_says_a_session_is_dated_in_the_future() -> None:
    make_history(FIRST, record(datetime.now(PARIS) + timedelta(days=400), routine="ahead"))
    code, out, _err = run_history_command()
    assert code == 0
    assert "1 session is dated in the future" in out
