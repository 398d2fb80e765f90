"""The day's snoozes, skips, "not today" and emergency exits, kept in a small JSON file (no Qt).

The file (``breaks.json`` beside the history) holds one entry per day for the last month, so
a limit used up stays used up, and "not today" stays said, across a restart. Each answer is
written at once and atomically (``fileio``); a file that cannot be used is set aside with a
dated name, never deleted, and the app goes on with an empty tally and says so once. An entry
that does not make sense is skipped alone.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from stretchapp.core.i18n import _
from stretchapp.core.keep import Answer, BreakLedger, DayTally
from stretchapp.core.logger import get_logger
from stretchapp.storage import paths
from stretchapp.storage.fileio import FileTooLargeError, atomic_write_text, read_regular_file

log = get_logger(__name__)

FORMAT_VERSION = 1
MAX_FILE_BYTES = 262_144  # a month of days is a few kilobytes
_COUNTS = ("snoozes", "skips", "emergency_exits")
_FLAGS = ("not_today", "back_on")


def default_path() -> Path:
    return paths.history_db().with_name("breaks.json")


def _tally(entry: Any) -> DayTally | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("day"), str):
        return None
    try:
        day = dt.date.fromisoformat(entry["day"])
    except ValueError:
        return None
    counts = {name: entry.get(name, 0) for name in _COUNTS}
    flags = {name: entry.get(name, False) for name in _FLAGS}
    if not all(type(v) is int and 0 <= v < 1_000_000 for v in counts.values()):
        return None
    if not all(isinstance(v, bool) for v in flags.values()):
        return None
    return DayTally(day, **counts, **flags)


def to_json(tallies: tuple[DayTally, ...]) -> str:
    days = [
        {
            "day": t.day.isoformat(),
            **{n: getattr(t, n) for n in _COUNTS},
            **{n: getattr(t, n) for n in _FLAGS},
        }
        for t in tallies
    ]
    return json.dumps({"version": FORMAT_VERSION, "days": days}, indent=1) + "\n"


def read_tallies(path: Path) -> tuple[list[DayTally], str | None]:
    """The tallies in ``path`` and a notice for the person (None when all was well). Never raises."""
    try:
        data = json.loads(read_regular_file(path, MAX_FILE_BYTES).decode("utf-8"))
    except FileNotFoundError:
        return [], None
    except FileTooLargeError:
        return [], _set_aside(path, _("it is too large"))
    except OSError as exc:
        log.warning("breaks: cannot read %s: %s", path, exc)
        return [], _("Today's snoozes and skips could not be read ({why}); counting starts afresh.").format(
            why=exc.strerror or exc
        )
    except (UnicodeDecodeError, ValueError, RecursionError):
        return [], _set_aside(path, _("it is not readable JSON"))
    entries = data.get("days") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return [], _set_aside(path, _("it has no list of days"))
    tallies = [t for t in (_tally(entry) for entry in entries) if t is not None]
    if len(tallies) < len(entries):
        log.warning("breaks: skipped %d unusable entries in %s", len(entries) - len(tallies), path)
    return tallies, None


def _set_aside(path: Path, why: str) -> str:
    aside = path.with_name(f"{path.name}.unreadable-{time.strftime('%Y%m%d-%H%M%S')}")
    try:
        path.replace(aside)
    except OSError as exc:
        log.warning("breaks: could not set %s aside: %s", path, exc)
        return _("Today's snoozes and skips could not be read ({why}); counting starts afresh.").format(
            why=why
        )
    log.warning("breaks: %s could not be read (%s); moved to %s", path, why, aside)
    return _(
        "Today's snoozes and skips could not be read ({why}); the file is kept as {name} "
        "and counting starts afresh."
    ).format(why=why, name=aside.name)


class BreakLog:
    """The ledger of answers, saved after each one. ``notice`` says once what went wrong reading it."""

    def __init__(self, path: Path | None = None, wall_clock: Callable[[], float] = time.time) -> None:
        self.path = path or default_path()
        tallies, self.notice = read_tallies(self.path)
        self.ledger = BreakLedger(tallies, wall_clock)

    def tally(self) -> DayTally:
        return self.ledger.tally()

    def record(self, answer: Answer) -> str | None:
        """Count ``answer`` for today and save; returns why saving failed (the count holds for this run)."""
        self.ledger.record(answer)
        log.info("breaks: %s recorded", answer.value)
        try:
            atomic_write_text(self.path, to_json(self.ledger.tallies()))
        except OSError as exc:
            log.warning("breaks: could not save %s: %s", self.path, exc)
            return _("Today's snoozes and skips could not be saved ({why}).").format(why=exc.strerror or exc)
        return None
