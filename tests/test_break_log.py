"""The day's snoozes and skips on disk: they survive a restart, and a bad file loses nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from stretchapp.core.keep import Answer, may_postpone
from stretchapp.storage.break_log import BreakLog, default_path

NINE = dt.datetime(2026, 3, 2, 9, 0).timestamp()


def wall() -> float:
    return NINE


def test_a_used_up_limit_is_still_used_up_after_a_restart() -> None:
    log = BreakLog(wall_clock=wall)
    assert log.record(Answer.SNOOZE) is None
    assert log.record(Answer.SKIP) is None
    assert log.record(Answer.NOT_TODAY) is None
    again = BreakLog(wall_clock=wall)  # the app started again
    assert again.notice is None
    tally = again.tally()
    assert (tally.snoozes, tally.skips, tally.reminders_off) == (1, 1, True)
    assert not may_postpone(2, tally)


def test_the_next_day_starts_with_nothing_used() -> None:
    BreakLog(wall_clock=wall).record(Answer.SNOOZE)
    tomorrow = BreakLog(wall_clock=lambda: NINE + 24 * 3600)
    assert tomorrow.tally().postponed == 0


def test_the_file_is_written_whole_and_reads_back_as_json() -> None:
    BreakLog(wall_clock=wall).record(Answer.EMERGENCY)
    data = json.loads(default_path().read_text("utf-8"))
    assert data["days"][0]["day"] == "2026-03-02"
    assert data["days"][0]["emergency_exits"] == 1
    assert not list(default_path().parent.glob("*.tmp"))


def test_a_broken_file_is_set_aside_said_once_and_counting_starts_afresh() -> None:
    path = default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"{not json")
    log = BreakLog(wall_clock=wall)
    assert log.notice and "could not be read" in log.notice
    assert log.tally().postponed == 0
    kept = list(path.parent.glob("breaks.json.unreadable-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == b"{not json"
    log.record(Answer.SNOOZE)
    assert BreakLog(wall_clock=wall).notice is None


def test_a_bad_entry_is_skipped_alone(tmp_path: Path) -> None:
    path = tmp_path / "breaks.json"
    good = {"day": "2026-03-02", "snoozes": 2, "skips": 0, "not_today": False}
    bad = [
        {"day": "yesterday"},
        {"day": "2026-03-01", "snoozes": -4},
        {"day": "2026-02-28", "not_today": "yes"},
        7,
    ]
    path.write_text(json.dumps({"version": 1, "days": [*bad, good]}), "utf-8")
    log = BreakLog(path, wall_clock=wall)
    assert log.notice is None
    assert [t.day for t in log.ledger.tallies()] == [dt.date(2026, 3, 2)]
    assert log.tally().snoozes == 2


def test_a_save_that_fails_is_said_and_the_count_holds_for_this_run(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", "utf-8")
    log = BreakLog(blocker / "breaks.json", wall_clock=wall)
    problem = log.record(Answer.SKIP)
    assert problem and "could not be saved" in problem
    assert log.tally().skips == 1
