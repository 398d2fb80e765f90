"""``stretchapp history``: plain text, JSON, CSV export and exit codes."""

from __future__ import annotations

import argparse
import csv
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from stretchapp.cli import history_cli
from stretchapp.core.record import SessionRecord
from stretchapp.storage import paths
from stretchapp.storage.history import HistoryStore

PARIS = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=PARIS)  # a Wednesday


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="stretchapp")
    sub = parser.add_subparsers(dest="command")
    history_cli.add_parser(sub)
    return parser.parse_args(["history", *argv])


def run(*argv: str) -> int:
    args = parse(*argv)
    assert args.handler is history_cli.run
    return history_cli.run(args, now=NOW)


def add(
    start: str, minutes: float, *, routine: str = "neck", title: str = "Neck", completed: bool = True
) -> None:
    at = datetime.fromisoformat(start)
    with HistoryStore.open() as store:
        assert store.add(
            SessionRecord(
                routine,
                title,
                at,
                at + timedelta(minutes=minutes),
                300,
                minutes * 60,
                30.0,
                4,
                0,
                4,
                completed,
            )
        )


@pytest.fixture
def sessions() -> None:
    add("2026-11-23T08:00:00+01:00", 5)
    add("2026-11-24T08:00:00+01:00", 20, routine="back", title="Lower back")
    add("2026-11-25T07:30:00+01:00", 6)
    add("2026-11-25T09:00:00+01:00", 7, completed=False)


def test_no_history_yet_says_so_and_creates_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert run() == 0
    assert "No sessions recorded yet" in capsys.readouterr().out
    assert not paths.history_db().exists()


def test_plain_text_gives_the_figures(sessions: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert run() == 0
    out = capsys.readouterr().out
    assert "Stretch history: 4 sessions (3 finished), 38 min" in out
    assert "Today (Wed 25 Nov): 13 min" in out
    assert "This week (since Mon 23 Nov): 38 min" in out
    assert "Streak: 3 days, today included" in out
    lines = out.splitlines()
    neck = next(line for line in lines if line.strip().startswith("Neck"))
    assert "3 sessions, 2 finished, 18 min" in neck
    chart = {
        line.split("  ")[1].strip(): line for line in lines if line.startswith("  ") and " Nov" in line[:12]
    }
    assert len(chart) == 14
    # The day with most minutes has the longest bar.
    assert (
        chart["Tue 24 Nov"].count("#") > chart["Wed 25 Nov"].count("#") > chart["Mon 23 Nov"].count("#") > 0
    )
    assert chart["Sun 22 Nov"].count("#") == 0


def test_json_gives_the_same_figures(sessions: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["database"] == str(paths.history_db())
    assert (data["today_minutes"], data["week_minutes"], data["streak_days"]) == (13, 38, 3)
    assert data["done_today"] is True
    assert [(r["routine_id"], r["sessions"]) for r in data["routines"]] == [("neck", 3), ("back", 1)]
    assert data["last_days"][-2:] == [
        {"date": "2026-11-24", "minutes": 20},
        {"date": "2026-11-25", "minutes": 13},
    ]


def test_csv_exports_every_session(
    sessions: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out" / "history.csv"
    assert run("--csv", str(target)) == 0
    assert f"Exported 4 sessions to {target}" in capsys.readouterr().out
    with target.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 4
    assert rows[0]["started_at"] == "2026-11-23T08:00:00+01:00"
    assert rows[1]["title"] == "Lower back"
    assert [row["completed"] for row in rows] == ["True", "True", "True", "False"]
    assert rows[3]["paused_seconds"] == "30.0"
    assert [p.name for p in target.parent.iterdir()] == ["history.csv"]  # no temporary file left


def test_csv_that_cannot_be_written_exits_1(
    sessions: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("--csv", str(tmp_path)) == 1
    assert f"cannot write {tmp_path}" in capsys.readouterr().err


def test_an_unreadable_history_exits_1_and_is_left_alone(capsys: pytest.CaptureFixture[str]) -> None:
    database = paths.history_db()
    database.parent.mkdir(parents=True)
    database.write_bytes(b"\x00garbage" * 512)
    assert run() == 1
    err = capsys.readouterr().err
    assert "cannot read the history" in err
    assert "Traceback" not in err
    assert database.read_bytes().startswith(b"\x00garbage")


def test_json_and_csv_together_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        parse("--json", "--csv", str(tmp_path / "x.csv"))
    assert exit_info.value.code == 2


def test_csv_to_a_dash_goes_to_standard_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    add("2026-11-24T08:00:00+01:00", 3)
    monkeypatch.chdir(tmp_path)
    assert run("--csv", "-") == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    assert [row["routine_id"] for row in rows] == ["neck"]
    assert not (tmp_path / "-").exists()
