"""History benchmark: recording a session, and opening the History view over 10,000 sessions.

Everything runs in a temporary ``STRETCHAPP_HOME``, offscreen. Prints each figure beside its
target:

* record: the recorder handling one finished session (summary -> row committed), median of
  ``--records`` sessions (default 300). Target: under 5 ms.
* open view: opening the database, reading every session, computing the figures, building the
  view and painting it once, with ``--sessions`` stored (default 10,000); median of ``--runs``
  (default 7), each with a new connection. Target: under 150 ms.

    python bench/history.py [--records 300] [--sessions 10000] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["STRETCHAPP_HOME"] = tempfile.mkdtemp(prefix="stretchapp-bench-")

RECORD_TARGET_MS = 5.0
OPEN_TARGET_MS = 150.0


def _summary(at: datetime, minutes: float, routine: str, completed: bool):  # type: ignore[no-untyped-def]
    from stretchapp.core.record import SessionRecord

    return SessionRecord(
        routine_id=routine,
        title=routine.replace("-", " ").capitalize(),
        started_at=at,
        ended_at=at + timedelta(minutes=minutes),
        planned_seconds=600,
        active_seconds=minutes * 60,
        paused_seconds=random.choice([0.0, 0.0, 12.5]),
        phases_done=9 if completed else 4,
        phases_skipped=0,
        phases_total=9,
        completed=completed,
    )


def bench_record(count: int) -> list[float]:
    from stretchapp.storage.history import HistoryStore
    from stretchapp.storage.history_recorder import HistoryRecorder

    start = datetime.now(timezone(timedelta(hours=1))) - timedelta(days=count)
    times = []
    with HistoryStore.open() as store:
        recorder = HistoryRecorder(store)
        for number in range(count):
            summary = _summary(start + timedelta(days=number), 6.0, "neck-release", True)
            began = time.perf_counter()
            recorder.finished(summary)
            times.append((time.perf_counter() - began) * 1000)
            assert recorder.last_saved
    return times


def fill(path: Path, sessions: int) -> None:
    from stretchapp.storage.history import HistoryStore

    rng = random.Random(9)
    zones = [timezone(timedelta(hours=h)) for h in (1, 1, 1, 2, -5)]
    now = datetime.now(timezone.utc)
    routines = [f"routine-{n}" for n in range(24)]
    records = []
    for number in range(sessions):
        at = (now - timedelta(minutes=number * 53 + rng.randrange(40))).astimezone(rng.choice(zones))
        summary = _summary(at, rng.uniform(1, 15), rng.choice(routines), rng.random() < 0.85)
        records.append(summary)
    with HistoryStore.open(path) as store:
        assert store.add_many(records)


def bench_open(runs: int, sessions: int) -> list[tuple[float, float, float]]:
    from PySide6.QtWidgets import QApplication

    from stretchapp.storage import paths
    from stretchapp.storage.history import HistoryStore
    from stretchapp.ui.history.view import HistoryView

    app = QApplication.instance() or QApplication([])
    database = paths.history_db().with_name("bench-open.sqlite3")
    fill(database, sessions)
    results = []
    for _ in range(runs):
        began = time.perf_counter()
        with HistoryStore.open(database) as store:
            stats = store.stats()
        read = time.perf_counter()
        assert stats.total_sessions == sessions
        view = HistoryView(stats)
        view.resize(760, 620)
        view.show()
        view.grab()  # paints the whole view once
        done = time.perf_counter()
        results.append(((read - began) * 1000, (done - read) * 1000, (done - began) * 1000))
        view.close()
        view.deleteLater()
        app.processEvents()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=300)
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    record = bench_record(args.records)
    print(
        f"record a session: median {statistics.median(record):.2f} ms, "
        f"p90 {statistics.quantiles(record, n=10)[-1]:.2f} ms, max {max(record):.2f} ms "
        f"over {len(record)} (target < {RECORD_TARGET_MS:.0f} ms)"
    )
    opened = bench_open(args.runs, args.sessions)
    read = statistics.median(r[0] for r in opened)
    show = statistics.median(r[1] for r in opened)
    total = statistics.median(r[2] for r in opened)
    print(
        f"open the History view with {args.sessions:,} sessions: median {total:.1f} ms "
        f"(open+read+figures {read:.1f} ms, view+paint {show:.1f} ms; first run {opened[0][2]:.1f} ms) "
        f"(target < {OPEN_TARGET_MS:.0f} ms)"
    )
    ok = statistics.median(record) < RECORD_TARGET_MS and total < OPEN_TARGET_MS
    print("both within target" if ok else "OVER TARGET")
    return 0


if __name__ == "__main__":
    sys.exit(main())
