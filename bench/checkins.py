"""Check-in benchmark: today's holds at a routine's start, and a history row's check-ins.

Runs in a temporary ``STRETCHAPP_HOME``. ``--sessions`` sessions (default 10,000) are stored,
each with two check-ins. Prints each figure beside its target:

* today's holds: reading the history read-only and planning every exercise's hold, what the
  app does on the UI thread when a routine starts with holds progressing across days;
  median of ``--runs`` (default 7). Target: under 150 ms (the History view's own target).
* the rule over all those sessions in memory (``plan_holds``, which tests and scripts use).
  Target: under 50 ms.

    python bench/checkins.py [--sessions 10000] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["STRETCHAPP_HOME"] = tempfile.mkdtemp(prefix="stretchapp-bench-")

READ_TARGET_MS = 150.0
PLAN_TARGET_MS = 50.0


def main() -> None:
    from stretchapp.core.checkin import CheckIn, Feeling
    from stretchapp.core.progression import plan_from_latest, plan_holds
    from stretchapp.core.record import SessionRecord
    from stretchapp.routines.library import load_library
    from stretchapp.storage.history import HistoryStore, latest_checkins

    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    zone = timezone(timedelta(hours=1))
    start = datetime(2024, 1, 1, 8, 0, tzinfo=zone)
    records = []
    for n in range(args.sessions):
        at = start + timedelta(hours=3 * n)
        checkins = (
            CheckIn(0, "Simple neck stretch", Feeling.EASY, 15, at),
            CheckIn(1, "Scalene stretch", list(Feeling)[n % 3], 15 + 5 * (n % 4), at),
        )
        records.append(
            SessionRecord(
                "neck-relief",
                "Neck relief",
                at,
                at + timedelta(minutes=5),
                295,
                295.0,
                0.0,
                35,
                0,
                35,
                True,
                checkins,
            )
        )
    with HistoryStore.open() as store:
        store.add_many(records)
    routine = load_library().resolve("neck-relief")
    today = (start + timedelta(hours=3 * args.sessions)).date()
    read_ms, plan_ms = [], []
    for _ in range(args.runs):
        began = time.perf_counter()
        latest = latest_checkins(routine.id, [e.name for e in routine.exercises])
        plan_from_latest(routine, latest, today)
        read_ms.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        plan_holds(routine, records, today)
        plan_ms.append((time.perf_counter() - began) * 1000)
    print(
        f"today's holds over {args.sessions} sessions: {statistics.median(read_ms):.1f} ms (target < {READ_TARGET_MS:.0f} ms)"
    )
    print(
        f"the rule over {args.sessions} sessions in memory: {statistics.median(plan_ms):.2f} ms"
        f" (target < {PLAN_TARGET_MS:.0f} ms)"
    )


if __name__ == "__main__":
    main()
