"""One session record: the engine ends with it, the history keeps it, the export is read from it."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

from stretchapp.core.engine import Session
from stretchapp.core.model import Exercise, HoldRange, Routine
from stretchapp.core.record import RECORD_FIELDS, TIME_FIELDS, SessionRecord
from stretchapp.core.timeline import build_timeline
from stretchapp.storage import paths
from stretchapp.storage.history import HistoryStore
from tests.fakes import FakeClock

PARIS = timezone(timedelta(hours=1))
STARTED = datetime(2026, 11, 23, 8, 30, tzinfo=PARIS)
ROUTINE = Routine(
    id="neck",
    title="Neck",
    exercises=(Exercise(name="Tilt", steps=("Tilt your head.",), hold=HoldRange(10, 10), reps=2),),
    prepare=3,
    rest=4,
)


def session(clock: FakeClock) -> Session:
    origin = clock()
    return Session(
        build_timeline(ROUTINE),
        clock=clock,
        wall_clock=lambda: STARTED + timedelta(seconds=clock() - origin),
    )


def test_the_history_keeps_exactly_the_record_a_session_ends_with(clock: FakeClock) -> None:
    running = session(clock)
    running.start()
    clock.advance(5)
    running.tick()
    running.pause()
    clock.advance(30)
    running.resume()
    running.skip()
    clock.advance(100)
    running.tick()
    summary = running.summary
    assert isinstance(summary, SessionRecord)
    assert summary.completed and summary.ran
    with HistoryStore.open() as store:
        assert store.add(summary)
    with HistoryStore.open() as again:
        assert again.records() == [summary]


def test_a_session_left_before_it_started_says_nothing_ran(clock: FakeClock) -> None:
    left = session(clock)
    left.stop()
    summary = left.summary
    assert summary is not None
    assert not summary.ran and not summary.completed
    assert summary.started_at == summary.ended_at == STARTED


def test_the_database_has_a_column_for_every_field_of_the_record() -> None:
    # A field added to the record without a migration that adds its column fails here.
    with HistoryStore.open():
        pass
    with sqlite3.connect(paths.history_db()) as conn:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(sessions)")}
    expected = set(RECORD_FIELDS) | {name.replace("_at", "_utc") for name in TIME_FIELDS}
    assert expected <= columns


def test_the_export_keeps_its_columns_and_plain_values() -> None:
    record = SessionRecord(
        "neck", "Neck", STARTED, STARTED + timedelta(minutes=3), 180, 170.12345, 9.5, 4, 1, 5, True
    )
    # Scripts read the CSV by position: its columns stay in this order.
    assert list(record.to_dict()) == [
        "routine_id",
        "title",
        "started_at",
        "ended_at",
        "day",
        "planned_seconds",
        "active_seconds",
        "paused_seconds",
        "phases_done",
        "phases_skipped",
        "phases_total",
        "completed",
        "checkins",  # added last, so the columns before keep their places
        "speed",
        "held_share",
        "holds_skipped",
    ]
    assert record.to_dict()["started_at"] == "2026-11-23T08:30:00+01:00"
    assert record.to_dict()["day"] == "2026-11-23"
    assert record.to_dict()["active_seconds"] == 170.123
    assert record.to_dict()["completed"] is True
