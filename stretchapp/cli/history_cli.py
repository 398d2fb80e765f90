"""``stretchapp history``: the stretch history in the terminal, as JSON, or exported to CSV (no Qt).

Read-only: the database is opened read-only and never migrated or changed, so this works
in a read-only folder and on a history an older app wrote. A missing history is an empty
one; sessions still waiting in the journal are counted with the rest. A history that cannot
be read ends in one line naming the cause (locked by another program, permission denied, a
full disk, damaged, made by a newer stretchapp) and is left where it is. Exit codes: 0
done, 1 the history or the CSV file could not be read or written, 2 usage.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from datetime import datetime
from pathlib import Path

from stretchapp.core import checkin
from stretchapp.core import text as words
from stretchapp.core.i18n import _, ngettext
from stretchapp.core.logger import get_logger
from stretchapp.core.record import CHECKINS_FIELD, EXPORT_FIELDS, HELD_SHARE_NEEDED, SessionRecord
from stretchapp.core.stats import HistoryStats, compute_stats
from stretchapp.storage import paths
from stretchapp.storage.fileio import atomic_write_text
from stretchapp.storage.history import SCHEMA_VERSION, HistoryContents, HistoryUnreadableError, load_history

log = get_logger(__name__)

EXIT_OK = 0
EXIT_UNREADABLE = 1
BAR_WIDTH = 30


def add_parser(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``history`` sub-command; its handler is set as ``args.handler``."""
    parser = subparsers.add_parser(
        "history",
        help=_("show your stretching minutes, streak and sessions, or export them"),
        description=_(
            "Show what the stretch history holds: today, this week, your streak, each routine and the last 14 days."
        ),
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help=_("print the figures as JSON"))
    output.add_argument(
        "--csv", metavar=_("FILE"), help=_("write every session to FILE as CSV ('-' for standard output)")
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, *, now: datetime | None = None) -> int:
    """Carry out ``stretchapp history`` as parsed into ``args``; returns the exit code."""
    database = paths.history_db()
    try:
        contents = load_history(database)
    except HistoryUnreadableError as error:
        log.warning("history command: %s", error)
        print(
            _("stretchapp: cannot read the history at {path}: {reason}").format(
                path=database, reason=error.reason
            ),
            file=sys.stderr,
        )
        return EXIT_UNREADABLE
    _note_newer(contents)
    records = list(contents.records)
    if args.csv is not None:
        return _export_csv(records, args.csv)
    stats = compute_stats(records, now=now)
    checked = checkin.exercise_days(
        ((record.routine_id, record.title, record.checkins) for record in records), stats.today
    )
    if args.json:
        every = [
            {"routine_id": record.routine_id, "started_at": record.started_at.isoformat(), **item}
            for record in records
            for item in checkin.to_items(record.checkins)
        ]
        print(
            json.dumps(
                {
                    "database": str(database),
                    **stats.to_dict(),
                    "waiting_sessions": contents.waiting,
                    "checkins": every,
                    "exercise_checkins": [exercise.to_dict() for exercise in checked],
                },
                indent=2,
            )
        )
    else:
        print(describe(stats, waiting=contents.waiting))
        if checked:
            print()
            print(describe_checkins(checked))
    return EXIT_OK


def describe_checkins(exercises: list[checkin.ExerciseDays]) -> str:
    """How each exercise felt over the last days, a line each, for the terminal."""
    lines = [_("How each exercise felt (last {days}):").format(days=words.days(checkin.CHECKIN_DAYS))]
    for exercise in exercises:
        answers = [feeling for _day, feelings in exercise.days for feeling in feelings]
        counts = ", ".join(
            f"{feeling.label} {answers.count(feeling)}" for feeling in checkin.Feeling if feeling in answers
        )
        lines.append(
            _("  {exercise} ({routine}): {counts}").format(
                exercise=words.printable(exercise.exercise),
                routine=words.printable(exercise.title),
                counts=counts,
            )
        )
    return "\n".join(lines)


def _note_newer(contents: HistoryContents) -> None:
    version = contents.schema_version
    if version is not None and version > SCHEMA_VERSION:
        print(
            _(
                "stretchapp: note: the history was made by a newer stretchapp (schema {version}; "
                "this one reads up to {known}); what it added is not shown"
            ).format(version=version, known=SCHEMA_VERSION),
            file=sys.stderr,
        )


def _export_csv(records: list[SessionRecord], target: str | Path) -> int:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_FIELDS)
    writer.writeheader()
    for record in records:
        row = record.to_dict()
        # The check-ins go in one cell, as the JSON that `history --json` prints.
        row[CHECKINS_FIELD] = json.dumps(row[CHECKINS_FIELD], ensure_ascii=False, separators=(",", ":"))
        writer.writerow(row)
    if str(target) == "-":
        sys.stdout.write(buffer.getvalue())
        return EXIT_OK
    target = Path(target)
    try:
        atomic_write_text(target, buffer.getvalue())
    except OSError as error:
        log.warning("history command: cannot write %s: %s", target, error)
        print(
            _("stretchapp: cannot write {path}: {reason}").format(
                path=target, reason=error.strerror or error
            ),
            file=sys.stderr,
        )
        return EXIT_UNREADABLE
    n = len(records)
    print(
        ngettext("Exported {n} session to {path}", "Exported {n} sessions to {path}", n).format(
            n=n, path=target
        )
    )
    return EXIT_OK


def describe(stats: HistoryStats, *, waiting: int = 0) -> str:
    """The figures as plain text for the terminal; ``waiting``: how many are not yet in the database."""
    if stats.total_sessions == 0:
        empty = _("No sessions recorded yet. Finish or stop a routine and it will show up here.")
        return f"{empty}\n{_rehearsals(stats.rehearsals)}" if stats.rehearsals else empty
    total = stats.total_sessions
    lines = [
        ngettext(
            "Stretch history: {n} session ({finished} finished), {minutes}",
            "Stretch history: {n} sessions ({finished} finished), {minutes}",
            total,
        ).format(n=total, finished=stats.completed_sessions, minutes=words.minutes(stats.total_minutes)),
        "",
        _("Today ({day}): {minutes}").format(
            day=words.day(stats.today, short=True), minutes=words.minutes(stats.today_minutes)
        ),
        _("This week (since {day}): {minutes}").format(
            day=words.day(stats.week_start, short=True), minutes=words.minutes(stats.week_minutes)
        ),
        _("Streak: {streak}").format(streak=words.streak(stats.streak_days, stats.done_today)),
        "",
        _("By routine:"),
    ]
    width = max(len(r.title) for r in stats.routines)
    for tally in stats.routines:
        figures = ngettext(
            "{n} session, {finished} finished, {minutes}",
            "{n} sessions, {finished} finished, {minutes}",
            tally.sessions,
        ).format(n=tally.sessions, finished=tally.completed, minutes=words.minutes(tally.minutes))
        if tally.holds_skipped:
            figures += ", " + ngettext("{n} hold skipped", "{n} holds skipped", tally.holds_skipped).format(
                n=tally.holds_skipped
            )
        lines.append(f"  {tally.title:<{width}}  {figures}")
    shown = len(stats.last_days)
    lines += ["", ngettext("Last {n} day:", "Last {n} days:", shown).format(n=shown)]
    most = max((minutes for _, minutes in stats.last_days), default=0.0)
    for day, minutes in stats.last_days:
        bar = "#" * round(BAR_WIDTH * minutes / most) if most > 0 else ""
        if minutes > 0 and not bar:
            bar = "."
        lines.append(f"  {words.day(day, short=True):<10}  {bar:<{BAR_WIDTH}}  {words.minutes(minutes)}")
    notes = [
        _("Finished means played to the end with at least {share} % of the hold time held.").format(
            share=round(HELD_SHARE_NEEDED * 100)
        )
    ]
    if stats.rehearsals:
        notes.append(_rehearsals(stats.rehearsals))
    if stats.future_sessions:
        notes.append(words.future_sessions(stats.future_sessions))
    if waiting:
        notes.append(
            ngettext(
                "{n} session is waiting to be saved to the database; the app saves it when it can write there.",
                "{n} sessions are waiting to be saved to the database; the app saves them when it can write there.",
                waiting,
            ).format(n=waiting)
        )
    lines += ["", *notes]
    return "\n".join(lines)


def _rehearsals(n: int) -> str:
    return ngettext(
        "{n} rehearsal at a changed speed is not counted.",
        "{n} rehearsals at a changed speed are not counted.",
        n,
    ).format(n=n)
