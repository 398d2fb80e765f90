"""An honest history: rehearsals count nowhere, and a routine is done only if its holds were held.

The rule is :func:`stretchapp.core.record.counts_as_done` (docs/history.md): the routine
reached its end, at real speed, with at least 80 % of its planned hold time held.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from stretchapp.core.engine import Session, SessionListener, Summary
from stretchapp.core.model import Exercise, HoldRange, PhaseKind, Routine, Sides
from stretchapp.core.record import HELD_SHARE_NEEDED, SessionRecord, counts_as_done, held_share
from stretchapp.core.stats import compute_stats
from stretchapp.core.timeline import build_timeline
from stretchapp.storage import history, paths
from stretchapp.storage.history import SCHEMA_VERSION, HistoryStore, load_history
from stretchapp.storage.history_journal import from_line, to_line
from tests.fakes import FakeClock

PARIS = timezone(timedelta(hours=1))
WALL_START = datetime(2026, 11, 25, 9, 0, tzinfo=PARIS)
NOON = datetime(2026, 11, 25, 12, 0, tzinfo=PARIS)


def routine() -> Routine:
    """Two holds of 30 s (one each side), with a 5-s getting ready before each."""
    turn = Exercise(
        name="Turn", steps=("Turn your head to the {side}.",), hold=HoldRange(30, 30), sides=Sides.BOTH
    )
    return Routine(id="turn", title="Turn", exercises=(turn,), prepare=5, rest=5)


def run(clock: FakeClock, *, speed: float = 1.0) -> tuple[Session, list[Summary]]:
    session = Session(build_timeline(routine()), clock=clock, wall_clock=lambda: WALL_START, speed=speed)
    ended: list[Summary] = []

    class Keep(SessionListener):
        def finished(self, summary: Summary) -> None:
            ended.append(summary)

    session.subscribe(Keep())
    session.start()
    return session, ended


def to_end(session: Session, clock: FakeClock) -> None:
    clock.advance(session.routine_remaining() + 0.01)
    session.tick()


def in_hold(session: Session) -> bool:
    return session.phase.kind is PhaseKind.HOLD


# -- the rule ----------------------------------------------------------------------------------


def test_the_rule_needs_the_end_real_speed_and_most_of_the_hold_time() -> None:
    assert counts_as_done(True, 1.0, 1.0)
    assert counts_as_done(True, 1.0, HELD_SHARE_NEEDED)
    assert not counts_as_done(True, 1.0, HELD_SHARE_NEEDED - 0.01)
    assert not counts_as_done(False, 1.0, 1.0)  # left early
    assert not counts_as_done(True, 5.0, 1.0)  # a rehearsal
    assert held_share([]) == 1.0  # nothing to hold
    assert held_share([(30, 30), (30, 0)]) == 0.5
    assert held_share([(30, 45)]) == 1.0  # never more than planned


# -- the engine measures what was held ---------------------------------------------------------


def test_a_routine_played_through_is_done(clock: FakeClock) -> None:
    session, ended = run(clock)
    to_end(session, clock)
    (summary,) = ended
    assert summary.completed
    assert summary.held_share == pytest.approx(1.0)
    assert summary.holds_skipped == 0
    assert summary.counts_as_done


def test_holding_right_through_a_routine_is_not_done(clock: FakeClock) -> None:
    session, ended = run(clock)
    while not ended:
        clock.advance(0.3)
        session.tick()
        session.skip()
    (summary,) = ended
    assert summary.completed  # it did reach the end: the end screen shows
    assert summary.holds_skipped == 2
    assert summary.held_share < 0.1
    assert not summary.counts_as_done
    stats = compute_stats([summary], now=NOON)
    assert (stats.completed_sessions, stats.streak_days, stats.done_today) == (0, 0, False)
    assert stats.holds_skipped == 2


def test_a_hold_skipped_near_its_end_still_counts_what_was_held(clock: FakeClock) -> None:
    session, ended = run(clock)
    while not in_hold(session):
        clock.advance(session.remaining())
        session.tick()
    clock.advance(27)  # 27 of 30 s
    session.tick()
    session.skip()
    to_end(session, clock)
    (summary,) = ended
    assert summary.held_share == pytest.approx(57 / 60)
    assert summary.holds_skipped == 1
    assert summary.counts_as_done


def test_back_and_restart_count_a_hold_once_and_pauses_not_at_all(clock: FakeClock) -> None:
    session, ended = run(clock)
    while not in_hold(session):
        clock.advance(session.remaining())
        session.tick()
    clock.advance(20)
    session.tick()
    session.back()  # restarts the hold: 20 s held so far
    clock.advance(10)
    session.tick()
    session.pause()
    clock.advance(600)  # paused: not holding
    session.resume()
    session.restart()  # back to the start; the first hold still counts 20 s, once
    while not in_hold(session):
        clock.advance(session.remaining())
        session.tick()
    session.skip()  # first hold: skipped now, but its 20 s stay
    session.skip()  # the rest before the second side
    session.skip()  # its getting ready
    assert in_hold(session)
    clock.advance(session.remaining() + 0.01)
    session.tick()  # the second hold runs in full, and the routine ends
    (summary,) = ended
    assert summary.held_share == pytest.approx(50 / 60)
    assert summary.holds_skipped == 1
    assert summary.counts_as_done


def test_a_skipped_hold_held_whole_afterwards_is_not_skipped(clock: FakeClock) -> None:
    session, ended = run(clock)
    while not in_hold(session):
        clock.advance(session.remaining())
        session.tick()
    session.skip()
    session.back()  # within 2 s of the next phase: back to the hold
    assert in_hold(session)
    to_end(session, clock)
    (summary,) = ended
    assert (summary.holds_skipped, summary.held_share) == (0, pytest.approx(1.0))


# -- rehearsals ----------------------------------------------------------------------------------


def test_a_rehearsal_is_recorded_as_one_and_counts_nowhere(clock: FakeClock) -> None:
    session, ended = run(clock, speed=5.0)
    assert session.speed == 5.0
    to_end(session, clock)
    (rehearsal,) = ended
    assert rehearsal.rehearsal and rehearsal.speed == 5.0
    assert not rehearsal.counts_as_done
    stats = compute_stats([rehearsal], now=NOON)
    assert stats.rehearsals == 1
    assert (stats.total_sessions, stats.completed_sessions, stats.streak_days) == (0, 0, 0)
    assert (stats.today_minutes, stats.week_minutes, stats.total_minutes) == (0, 0, 0)
    assert stats.routines == ()
    assert all(minutes == 0 for _day, minutes in stats.last_days)


# -- the history keeps it, and reads old files as they stand ---------------------------------------


def record(**changes: object) -> SessionRecord:
    values: dict[str, object] = {
        "routine_id": "turn",
        "title": "Turn",
        "started_at": WALL_START,
        "ended_at": WALL_START + timedelta(minutes=2),
        "planned_seconds": 80,
        "active_seconds": 80.0,
        "paused_seconds": 0.0,
        "phases_done": 5,
        "phases_skipped": 0,
        "phases_total": 5,
        "completed": True,
    }
    values.update(changes)
    return SessionRecord(**values)  # type: ignore[arg-type]


def test_the_store_keeps_speed_held_share_and_skipped_holds() -> None:
    skipped = record(held_share=0.1, holds_skipped=2)
    rehearsal = record(speed=5.0, started_at=WALL_START + timedelta(hours=1))
    with HistoryStore.open() as store:
        assert store.add(skipped)
        assert store.add(rehearsal)
        assert store.records() == [skipped, rehearsal]
        figures = store.stats(now=NOON)
    assert (figures.total_sessions, figures.completed_sessions, figures.rehearsals) == (1, 0, 1)
    assert figures.holds_skipped == 2
    assert load_history().records == (skipped, rehearsal)


def version_2_database(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as conn:
        conn.create_function("local_iso", 1, lambda epoch: None)
        for script in history.MIGRATIONS[:2]:
            conn.executescript(script)
        conn.execute(
            "INSERT INTO sessions (routine_id, title, started_utc, ended_utc, planned_seconds, active_seconds,"
            " phases_done, phases_skipped, phases_total, completed, started_at, ended_at, paused_seconds)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                "turn",
                "Turn",
                WALL_START.timestamp(),
                WALL_START.timestamp() + 120,
                80,
                80.0,
                5,
                0,
                5,
                1,
                WALL_START.isoformat(),
                (WALL_START + timedelta(minutes=2)).isoformat(),
                0.0,
            ),
        )
        conn.execute("PRAGMA user_version = 2")
    conn.close()


def test_an_older_database_is_read_as_it_stands_without_a_write() -> None:
    path = paths.history_db()
    version_2_database(path)
    before = path.read_bytes()
    contents = load_history(path)
    assert path.read_bytes() == before
    assert contents.schema_version == 2
    (old,) = contents.records
    # Recorded before holds were measured: it keeps the "completed" it was recorded with.
    assert (old.speed, old.held_share, old.holds_skipped) == (1.0, 1.0, 0)
    assert old.counts_as_done
    assert compute_stats(contents.records, now=NOON).completed_sessions == 1


def test_the_app_migrates_an_older_database_in_one_step_keeping_its_sessions() -> None:
    path = paths.history_db()
    version_2_database(path)
    with HistoryStore.open(path) as store:
        (old,) = store.records()
        assert store.add(record(speed=5.0, started_at=WALL_START + timedelta(hours=1)))
        figures = store.stats(now=NOON)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    conn.close()
    assert old.counts_as_done
    assert (figures.total_sessions, figures.completed_sessions, figures.rehearsals) == (1, 1, 1)


def test_a_journal_line_from_before_the_new_fields_is_still_read() -> None:
    line = json.loads(to_line(record()))
    for name in ("speed", "held_share", "holds_skipped"):
        del line[name]
    again = from_line(json.dumps(line).encode())
    assert again == record()
