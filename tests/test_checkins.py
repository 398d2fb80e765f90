"""Check-ins after each exercise: asked at the right moment, kept with the session, migrated, exported."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sqlite3
from datetime import date, datetime, timedelta, timezone

import pytest

from stretchapp.cli import history_cli
from stretchapp.cli.main import main
from stretchapp.core.checkin import (
    CheckIn,
    Feeling,
    due_at_phase,
    exercise_days,
    feeling_for_key,
    safety_advice,
)
from stretchapp.core.engine import Session
from stretchapp.core.model import Exercise, HoldLength, HoldRange, Routine, Sides
from stretchapp.core.record import SessionRecord
from stretchapp.storage import history, paths
from stretchapp.storage.history import SCHEMA_VERSION, HistoryStore, load_history
from stretchapp.storage.history_journal import PendingJournal, from_line, to_line
from tests.fakes import FakeClock

PARIS = timezone(timedelta(hours=1))
AT = datetime(2026, 11, 24, 8, 0, tzinfo=PARIS)
ROUTINE = Routine(
    "neck",
    "Neck",
    (
        Exercise("Tilt", ("Tilt.",), HoldRange(10, 20), reps=1, sides=Sides.BOTH),
        Exercise("Chin tuck", ("Tuck.",), HoldRange(5, 5)),
    ),
    prepare=2,
    rest=3,
)


def record(checkins: tuple[CheckIn, ...] = (), *, at: datetime = AT) -> SessionRecord:
    return SessionRecord(
        "neck", "Neck", at, at + timedelta(minutes=2), 60, 60.0, 0.0, 6, 0, 6, True, checkins
    )


def tilt(feeling: Feeling, *, at: datetime = AT, hold: int = 10) -> CheckIn:
    return CheckIn(0, "Tilt", feeling, hold, at)


def test_the_keys_one_to_four_give_the_answers_mildest_first() -> None:
    assert [feeling_for_key(n) for n in range(6)] == [None, *Feeling, None]
    assert [f.key for f in Feeling] == [1, 2, 3, 4]
    advice = " ".join(safety_advice()).lower()
    for point in ("stop", "doctor", "numb", "week", "emergency", "fever"):
        assert point in advice


def test_the_question_comes_once_both_sides_are_done() -> None:
    timeline = Session.for_routine(ROUTINE).timeline
    asked = {index: due_at_phase(timeline, index) for index in range(len(timeline.phases) + 1)}
    due = {index: exercise for index, exercise in asked.items() if exercise is not None}
    # Tilt: prepare R, hold R, rest, prepare L, hold L, rest (asked here), Chin tuck: prepare, hold, end.
    assert due == {5: 0, len(timeline.phases): 1}
    assert timeline.phases[5].kind.value == "rest"


def test_a_session_keeps_its_answers_with_the_hold_done_even_after_it_ended(clock: FakeClock) -> None:
    session = Session.for_routine(
        ROUTINE, hold_length=HoldLength.ACROSS_DAYS, day_holds={0: 15}, clock=clock, wall_clock=lambda: AT
    )
    session.start()
    session.check_in(0, Feeling.JUST_RIGHT)
    session.check_in(0, Feeling.EASY)  # a second answer replaces the first
    session.check_in(7, Feeling.EASY)  # no such exercise: ignored
    clock.advance(timeline_seconds(session))
    session.tick()
    assert session.summary is not None
    assert [(c.exercise, c.feeling, c.hold_seconds) for c in session.summary.checkins] == [
        ("Tilt", Feeling.EASY, 15)
    ]
    session.check_in(1, Feeling.UNCOMFORTABLE)  # the last one, asked on the end screen
    assert [c.exercise for c in session.summary.checkins] == ["Tilt", "Chin tuck"]


def timeline_seconds(session: Session) -> float:
    return float(session.timeline.total_seconds)


def test_checkins_are_kept_and_a_session_saved_again_gains_its_last_answer() -> None:
    with HistoryStore.open() as store:
        assert store.add(record((tilt(Feeling.EASY),)))
        assert store.add(record((tilt(Feeling.EASY), CheckIn(1, "Chin tuck", Feeling.SHARP_PAIN, 5, AT))))
        (kept,) = store.records()
    assert [c.feeling for c in kept.checkins] == [Feeling.EASY, Feeling.SHARP_PAIN]
    assert kept.checkins[0].at == AT
    assert [r.checkins for r in load_history().records] == [kept.checkins]


def _version_2_database() -> None:
    path = paths.history_db()
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.create_function("local_iso", 1, lambda epoch: epoch)
        for step in history.MIGRATIONS[:2]:
            conn.executescript(step)
        conn.execute(
            "INSERT INTO sessions (routine_id, title, started_utc, ended_utc, planned_seconds, active_seconds,"
            " phases_done, phases_skipped, phases_total, completed, started_at, ended_at, paused_seconds)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                "neck",
                "Neck",
                AT.timestamp(),
                AT.timestamp() + 60,
                60,
                60.0,
                4,
                0,
                4,
                1,
                AT.isoformat(),
                (AT + timedelta(minutes=1)).isoformat(),
                0.0,
            ),
        )
        conn.execute("PRAGMA user_version = 2")
    conn.close()


def test_an_older_history_is_read_as_it_stands_and_migrated_only_by_the_app() -> None:
    _version_2_database()
    path = paths.history_db()
    before = path.read_bytes()
    contents = load_history()
    assert contents.schema_version == 2
    assert [r.checkins for r in contents.records] == [()]
    assert path.read_bytes() == before  # reading never writes
    with HistoryStore.open() as store:
        assert store.add(record((tilt(Feeling.JUST_RIGHT),), at=AT + timedelta(days=1)))
        old, new = store.records()
    assert (old.checkins, [c.feeling for c in new.checkins]) == ((), [Feeling.JUST_RIGHT])
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    conn.close()


def test_the_journal_carries_checkins_and_reads_lines_written_before_them() -> None:
    with_checkins = record((tilt(Feeling.UNCOMFORTABLE),))
    assert from_line(to_line(with_checkins).encode()) == with_checkins
    line = json.loads(to_line(record()))
    del line["checkins"]
    assert from_line(json.dumps(line).encode()).checkins == ()
    bad = json.loads(to_line(with_checkins))
    bad["checkins"][0]["feeling"] = "fine"
    journal = PendingJournal.beside(paths.history_db())
    journal.path.parent.mkdir(parents=True, exist_ok=True)
    journal.path.write_text(to_line(with_checkins) + "\n" + json.dumps(bad) + "\n")
    assert journal.read() == [with_checkins]  # the damaged line is refused, not half read


def test_a_damaged_checkins_value_leaves_out_that_row_only() -> None:
    with HistoryStore.open() as store:
        store.add(record((tilt(Feeling.EASY),)))
        store.add(record(at=AT + timedelta(hours=1)))
    with sqlite3.connect(paths.history_db()) as conn:
        conn.execute("UPDATE sessions SET checkins = '[{' WHERE rowid = 1")
    conn.close()
    assert [r.started_at for r in load_history().records] == [AT + timedelta(hours=1)]


def test_history_json_and_csv_include_the_checkins(capsys: pytest.CaptureFixture[str]) -> None:
    with HistoryStore.open() as store:
        store.add(record((tilt(Feeling.EASY), CheckIn(1, "Chin tuck", Feeling.JUST_RIGHT, 5, AT))))
    now = AT + timedelta(days=1)
    assert main(["history", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(c["exercise"], c["feeling"], c["hold_seconds"]) for c in data["checkins"]] == [
        ("Tilt", "easy", 10),
        ("Chin tuck", "just-right", 5),
    ]
    assert main(["history", "--csv", "-"]) == 0
    (row,) = csv.DictReader(io.StringIO(capsys.readouterr().out))
    assert [c["feeling"] for c in json.loads(row["checkins"])] == ["easy", "just-right"]
    args = argparse_for("history")
    assert history_cli.run(args, now=now) == 0
    out = capsys.readouterr().out
    assert "Tilt (Neck): Easy 1" in out


def argparse_for(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    history_cli.add_parser(parser.add_subparsers())
    return parser.parse_args(list(argv))


def test_each_exercise_over_fourteen_days() -> None:
    today = date(2026, 11, 30)
    old = AT - timedelta(days=30)
    sessions = [
        ("neck", "Neck", [tilt(Feeling.EASY, at=old)]),
        ("neck", "Neck", [tilt(Feeling.EASY), tilt(Feeling.UNCOMFORTABLE, at=AT + timedelta(hours=3))]),
    ]
    (only,) = exercise_days(sessions, today)
    assert len(only.days) == 14
    assert only.days[-1][0] == today
    assert dict(only.days)[AT.date()] == (Feeling.EASY, Feeling.UNCOMFORTABLE)
    assert only.total == 2  # the one 30 days ago is outside the window


def scalene_yesterday(feeling: Feeling, hold: int) -> None:
    """A Neck relief session yesterday whose scalene stretch felt ``feeling`` at ``hold`` seconds."""
    yesterday = datetime.now().astimezone() - timedelta(days=1)
    scalene = CheckIn(1, "Scalene stretch", feeling, hold, yesterday)
    end = yesterday + timedelta(minutes=5)
    with HistoryStore.open() as store:
        store.add(
            SessionRecord(
                "neck-relief", "Neck relief", yesterday, end, 300, 300.0, 0.0, 35, 0, 35, True, (scalene,)
            )
        )


def test_plan_shows_todays_holds_and_why(capsys: pytest.CaptureFixture[str]) -> None:
    scalene_yesterday(Feeling.JUST_RIGHT, 15)
    assert main(["plan", "neck-relief", "--hold", "across-days"]) == 0
    out = capsys.readouterr().out
    assert "Scalene stretch: 20 s (last time: Just right, 15 s)" in out
    assert main(["plan", "neck-relief", "--hold", "across-days", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (planned,) = [h for h in data["todays_holds"] if h["exercise"] == "Scalene stretch"]
    assert (planned["seconds"], planned["why"]) == (20, "longer")
    scalene_holds = {
        p["seconds"] for p in data["phases"] if p["kind"] == "hold" and p["exercise"] == "Scalene stretch"
    }
    assert scalene_holds == {20}


def test_plan_with_a_history_it_cannot_read_still_plans(capsys: pytest.CaptureFixture[str]) -> None:
    path = paths.history_db()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"this is not a database" * 100)
    assert main(["plan", "neck-relief", "--hold", "across-days"]) == 0
    captured = capsys.readouterr()
    assert "Scalene stretch: 15 s" in captured.out
    assert "cannot be read" in captured.err
    assert path.read_bytes() == b"this is not a database" * 100


def test_todays_holds_read_each_exercises_latest_check_in_only() -> None:
    assert history.latest_checkins("neck", ["Tilt"]) == {}  # no history yet: none, nothing made
    assert not paths.history_db().exists()
    _version_2_database()
    assert history.latest_checkins("neck", ["Tilt"]) == {}  # older than check-ins
    with HistoryStore.open() as store:
        store.add(record((tilt(Feeling.EASY, hold=15),), at=AT + timedelta(days=1)))
        store.add(
            record(
                (tilt(Feeling.UNCOMFORTABLE, at=AT + timedelta(days=2), hold=20),), at=AT + timedelta(days=2)
            )
        )
    waiting = record(
        (tilt(Feeling.JUST_RIGHT, at=AT + timedelta(days=3), hold=25),), at=AT + timedelta(days=3)
    )
    PendingJournal.beside(paths.history_db()).append([waiting])
    latest = history.latest_checkins("neck", ["Tilt", "Chin tuck"])
    assert list(latest) == ["Tilt"]
    assert (latest["Tilt"].feeling, latest["Tilt"].hold_seconds) == (Feeling.JUST_RIGHT, 25)
    assert history.latest_checkins("other", ["Tilt"]) == {}
