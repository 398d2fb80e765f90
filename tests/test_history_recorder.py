"""Sessions are recorded from the engine's events: finished, left early, with pauses."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest

from stretchapp.core.engine import Session, SessionListener, Summary
from stretchapp.core.model import Exercise, HoldRange, Routine, Sides
from stretchapp.core.record import SessionRecord
from stretchapp.core.timeline import build_timeline
from stretchapp.storage import paths
from stretchapp.storage.history import HistoryStore
from stretchapp.storage.history_recorder import HistoryRecorder, record_session
from tests.fakes import FakeClock

PARIS = timezone(timedelta(hours=1))
STARTED = datetime(2026, 11, 23, 23, 58, tzinfo=PARIS)  # late: the session runs past midnight

ROUTINE = Routine(
    id="neck-tilt",
    title="Neck tilt",
    exercises=(
        Exercise(
            name="Tilt", steps=("Tilt your head to the {side}.",), hold=HoldRange(20, 20), sides=Sides.BOTH
        ),
    ),
    prepare=5,
    rest=10,
)


@pytest.fixture
def store() -> Iterator[HistoryStore]:
    with HistoryStore.open() as opened:
        yield opened


def make_session(clock: FakeClock) -> Session:
    origin = clock()

    def wall_clock() -> datetime:
        return STARTED + timedelta(seconds=clock() - origin)

    return Session(build_timeline(ROUTINE), clock=clock, wall_clock=wall_clock)


def run_to_end(session: Session, clock: FakeClock) -> None:
    while session.routine_remaining() > 0:
        clock.advance(1)
        session.tick()


def reread(store: HistoryStore) -> list[SessionRecord]:
    """What a fresh start of the app would find."""
    store.close()
    with HistoryStore.open(store.path) as again:
        return again.records()


def only_record(store: HistoryStore) -> SessionRecord:
    (kept,) = reread(store)
    return kept


def test_a_finished_session_is_recorded(store: HistoryStore, clock: FakeClock) -> None:
    session = make_session(clock)
    total = session.timeline.total_seconds
    record_session(session, store)
    session.start()
    run_to_end(session, clock)
    kept = only_record(store)
    assert kept.routine_id == "neck-tilt"
    assert kept.title == "Neck tilt"
    assert kept.completed
    assert kept.started_at == STARTED
    assert kept.started_at.utcoffset() == timedelta(hours=1)
    assert kept.ended_at == STARTED + timedelta(seconds=total)
    assert kept.active_seconds == pytest.approx(total)
    assert kept.paused_seconds == 0
    assert (kept.phases_done, kept.phases_skipped, kept.phases_total) == (
        len(session.timeline.phases),
        0,
        len(session.timeline.phases),
    )
    assert kept.planned_seconds == total
    # It ran past midnight and still belongs to the day it started on.
    assert kept.day == STARTED.date()


def test_a_session_left_early_is_recorded_as_not_finished(store: HistoryStore, clock: FakeClock) -> None:
    session = make_session(clock)
    record_session(session, store)
    session.start()
    clock.advance(7)  # through the 5 s get-ready, 2 s into the first hold
    session.tick()
    session.skip()
    clock.advance(3)
    session.tick()
    session.stop()
    kept = only_record(store)
    assert not kept.completed
    assert kept.active_seconds == pytest.approx(10)
    assert (kept.phases_done, kept.phases_skipped) == (1, 1)
    assert kept.ended_at == STARTED + timedelta(seconds=10)


def test_pauses_are_recorded_apart_from_stretching_time(store: HistoryStore, clock: FakeClock) -> None:
    session = make_session(clock)
    total = session.timeline.total_seconds
    record_session(session, store)
    session.start()
    clock.advance(8)
    session.tick()
    session.pause()
    clock.advance(90)
    session.resume()
    clock.advance(4)
    session.tick()
    session.pause()
    clock.advance(30)
    session.resume()
    run_to_end(session, clock)
    kept = only_record(store)
    assert kept.completed
    assert kept.active_seconds == pytest.approx(total)
    assert kept.paused_seconds == pytest.approx(120)
    assert kept.ended_at - kept.started_at == timedelta(seconds=total + 120)
    assert kept.minutes == pytest.approx(total / 60)


def test_a_session_stopped_before_it_started_is_not_recorded(store: HistoryStore, clock: FakeClock) -> None:
    session = make_session(clock)
    recorder = HistoryRecorder(store)
    session.subscribe(recorder)
    session.stop()
    assert store.records() == []
    assert recorder.last_saved is None


def test_every_session_is_recorded_and_counted(store: HistoryStore, clock: FakeClock) -> None:
    for _ in range(3):
        session = make_session(clock)
        unsubscribe = record_session(session, store)
        session.start()
        run_to_end(session, clock)
        unsubscribe()
    stats = store.stats(now=STARTED + timedelta(hours=1))
    # All three started on the 23rd in Paris; "now" is already the 24th there.
    assert stats.total_sessions == 3
    assert stats.today_minutes == 0
    assert stats.streak_days == 1
    assert stats.routines[0].sessions == 3


class _Collect(SessionListener):
    def __init__(self) -> None:
        self.summaries: list[Summary] = []

    def finished(self, summary: Summary) -> None:
        self.summaries.append(summary)


def test_a_history_that_cannot_be_written_does_not_disturb_the_session(
    store: HistoryStore, clock: FakeClock
) -> None:
    notices: list[str] = []
    blocker = sqlite3.connect(store.path, isolation_level=None)
    store.busy_timeout = 0.05
    store.close()
    blocker.execute("BEGIN EXCLUSIVE")
    session = make_session(clock)
    recorder = HistoryRecorder(store, on_notice=notices.append)
    session.subscribe(recorder)
    after = _Collect()
    session.subscribe(after)
    try:
        session.start()
        run_to_end(session, clock)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert recorder.last_saved is False
    assert len(after.summaries) == 1  # listeners after the recorder still heard the end
    assert len(notices) == 1
    assert "could not be saved" in notices[0]
    # The next session saves both.
    session = make_session(clock)
    session.subscribe(recorder)
    session.start()
    run_to_end(session, clock)
    assert recorder.last_saved is True
    assert len(reread(store)) == 2


def test_a_store_that_raises_is_contained(clock: FakeClock) -> None:
    class Exploding(HistoryStore):
        def add(self, record: SessionRecord) -> bool:
            raise RuntimeError("disk on fire")

    session = make_session(clock)
    recorder = HistoryRecorder(Exploding(paths.history_db()))
    session.subscribe(recorder)
    after = _Collect()
    session.subscribe(after)
    session.start()
    run_to_end(session, clock)
    assert recorder.last_saved is False
    assert [s.completed for s in after.summaries] == [True]
