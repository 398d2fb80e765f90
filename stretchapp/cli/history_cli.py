"""``stretchapp history``: the stretch history in the terminal, as JSON, or exported to CSV (no Qt).

Read-only: a missing history is an empty one, and a damaged file is reported (exit 1) and
left where it is for the app to deal with. Exit codes: 0 done, 1 the history or the CSV
file could not be read or written, 2 usage.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import logging
import sys
from datetime import datetime
from pathlib import Path

from stretchapp.core import text as words
from stretchapp.core.record import EXPORT_FIELDS, SessionRecord
from stretchapp.core.stats import HistoryStats, compute_stats
from stretchapp.storage import paths
from stretchapp.storage.fileio import atomic_write_text
from stretchapp.storage.history import HistoryUnreadableError, read_history

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_UNREADABLE = 1
BAR_WIDTH = 30


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``history`` sub-command; its handler is set as ``args.handler``."""
    parser = subparsers.add_parser(
        "history",
        help="show your stretching minutes, streak and sessions, or export them",
        description="Show what the stretch history holds: today, this week, your streak, "
        "each routine and the last 14 days.",
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the figures as JSON")
    output.add_argument(
        "--csv", metavar="FILE", help="write every session to FILE as CSV ('-' for standard output)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, *, now: datetime | None = None) -> int:
    """Carry out ``stretchapp history`` as parsed into ``args``; returns the exit code."""
    database = paths.history_db()
    try:
        records = read_history(database)
    except HistoryUnreadableError as error:
        log.warning("history command: %s", error)
        print(
            f"stretchapp: cannot read the history at {database}: {error.__cause__ or error}\n"
            "Opening the app sets a damaged file aside and starts a new one.",
            file=sys.stderr,
        )
        return EXIT_UNREADABLE
    if args.csv is not None:
        return _export_csv(records, args.csv)
    stats = compute_stats(records, now=now)
    if args.json:
        print(json.dumps({"database": str(database), **stats.to_dict()}, indent=2))
    else:
        print(describe(stats))
    return EXIT_OK


def _export_csv(records: list[SessionRecord], target: str | Path) -> int:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_FIELDS)
    writer.writeheader()
    for record in records:
        writer.writerow(record.to_dict())
    if str(target) == "-":
        sys.stdout.write(buffer.getvalue())
        return EXIT_OK
    target = Path(target)
    try:
        atomic_write_text(target, buffer.getvalue())
    except OSError as error:
        log.warning("history command: cannot write %s: %s", target, error)
        print(f"stretchapp: cannot write {target}: {error.strerror or error}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"Exported {words.count(len(records), 'session', 'sessions')} to {target}")
    return EXIT_OK


def describe(stats: HistoryStats) -> str:
    """The figures as plain text for the terminal."""
    if stats.total_sessions == 0:
        return "No sessions recorded yet. Finish or stop a routine and it will show up here."
    finished = f"{stats.completed_sessions} finished"
    lines = [
        f"Stretch history: {words.count(stats.total_sessions, 'session', 'sessions')} ({finished}), "
        f"{words.minutes(stats.total_minutes)}",
        "",
        f"Today ({words.day(stats.today, short=True)}): {words.minutes(stats.today_minutes)}",
        f"This week (since {words.day(stats.week_start, short=True)}): {words.minutes(stats.week_minutes)}",
        f"Streak: {words.streak(stats.streak_days, stats.done_today)}",
        "",
        "By routine:",
    ]
    width = max(len(r.title) for r in stats.routines)
    for tally in stats.routines:
        sessions = words.count(tally.sessions, "session", "sessions")
        lines.append(
            f"  {tally.title:<{width}}  {sessions}, {tally.completed} finished, {words.minutes(tally.minutes)}"
        )
    lines += ["", f"Last {words.days(len(stats.last_days))}:"]
    most = max((minutes for _, minutes in stats.last_days), default=0.0)
    for day, minutes in stats.last_days:
        bar = "#" * round(BAR_WIDTH * minutes / most) if most > 0 else ""
        if minutes > 0 and not bar:
            bar = "."
        lines.append(f"  {words.day(day, short=True):<10}  {bar:<{BAR_WIDTH}}  {words.minutes(minutes)}")
    return "\n".join(lines)
