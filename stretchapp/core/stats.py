"""The figures about many sessions: today, this week, the streak, each routine, the last days (no Qt).

Which day a session belongs to
    The calendar date of its start, as read on the wall clock where and when it was
    recorded (:attr:`SessionRecord.day`). A session started at 23:50 and ended after
    midnight counts, whole, for the day it started on. Moving to another time zone does not
    move past sessions to other days. "Today" and "this week" are read in the time zone of
    ``now``; a session whose recorded date is later than today (possible right after flying
    west) counts as today, since a session cannot be in the person's future.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import NamedTuple

from stretchapp.core.record import SessionRecord

CHART_DAYS = 14


class Fact(NamedTuple):
    """What the figures need of one session."""

    day: date
    minutes: float
    completed: bool
    routine_id: str
    title: str


def fact(record: SessionRecord) -> Fact:
    """What the figures need of ``record``."""
    return Fact(record.day, record.minutes, record.completed, record.routine_id, record.title)


@dataclass(frozen=True)
class RoutineTally:
    """How often one routine was done."""

    routine_id: str
    title: str
    sessions: int
    completed: int
    minutes: float


@dataclass(frozen=True)
class HistoryStats:
    """The facts the History view and ``stretchapp history`` show."""

    today: date
    today_minutes: float
    week_start: date  # the Monday of today's week
    week_minutes: float
    streak_days: int
    done_today: bool  # a finished session today; if False the streak counts up to yesterday
    total_sessions: int
    completed_sessions: int
    total_minutes: float
    routines: tuple[RoutineTally, ...]
    last_days: tuple[tuple[date, float], ...]  # oldest first, ending today

    def to_dict(self) -> dict[str, object]:
        return {
            "today": self.today.isoformat(),
            "today_minutes": round(self.today_minutes, 2),
            "week_start": self.week_start.isoformat(),
            "week_minutes": round(self.week_minutes, 2),
            "streak_days": self.streak_days,
            "done_today": self.done_today,
            "total_sessions": self.total_sessions,
            "completed_sessions": self.completed_sessions,
            "total_minutes": round(self.total_minutes, 2),
            "routines": [
                {
                    "routine_id": r.routine_id,
                    "title": r.title,
                    "sessions": r.sessions,
                    "completed": r.completed,
                    "minutes": round(r.minutes, 2),
                }
                for r in self.routines
            ],
            "last_days": [{"date": d.isoformat(), "minutes": round(m, 2)} for d, m in self.last_days],
        }


@dataclass
class _Tally:
    title: str = ""
    sessions: int = 0
    completed: int = 0
    minutes: float = 0.0


def local_now(now: datetime | None = None, tz: tzinfo | None = None) -> datetime:
    """``now`` (default: the current time) as a wall-clock time in ``tz`` (default: local)."""
    moment = now if now is not None else datetime.now(timezone.utc)
    if tz is not None:
        return moment.astimezone(tz)
    return moment if moment.tzinfo is not None else moment.astimezone()


def compute_stats(
    records: Iterable[SessionRecord],
    *,
    now: datetime | None = None,
    tz: tzinfo | None = None,
    days: int = CHART_DAYS,
) -> HistoryStats:
    """The figures about ``records`` as seen at ``now`` in the zone ``tz`` (see the module notes)."""
    return stats_from_facts((fact(record) for record in records), now=now, tz=tz, days=days)


def stats_from_facts(
    facts: Iterable[Fact],
    *,
    now: datetime | None = None,
    tz: tzinfo | None = None,
    days: int = CHART_DAYS,
) -> HistoryStats:
    """:func:`compute_stats` over :class:`Fact` rows, oldest first."""
    today = local_now(now, tz).date()
    week_start = today - timedelta(days=today.weekday())
    minutes_by_day: dict[date, float] = defaultdict(float)
    finished_days: set[date] = set()
    tallies: dict[str, _Tally] = {}
    total = completed = 0
    total_minutes = 0.0
    for recorded_day, minutes, done, routine_id, title in facts:
        day = min(recorded_day, today)
        minutes_by_day[day] += minutes
        total += 1
        total_minutes += minutes
        if done:
            completed += 1
            finished_days.add(day)
        tally = tallies.get(routine_id)
        if tally is None:
            tally = tallies[routine_id] = _Tally()
        tally.title = title  # the latest title wins, as facts come oldest first
        tally.sessions += 1
        tally.completed += done
        tally.minutes += minutes
    done_today = today in finished_days
    streak = 0
    day = today if done_today else today - timedelta(days=1)
    while day in finished_days:
        streak += 1
        day -= timedelta(days=1)
    routines = tuple(
        sorted(
            (RoutineTally(rid, t.title, t.sessions, t.completed, t.minutes) for rid, t in tallies.items()),
            key=lambda r: (-r.sessions, r.title.casefold(), r.routine_id),
        )
    )
    series = tuple(
        (today - timedelta(days=back), minutes_by_day.get(today - timedelta(days=back), 0.0))
        for back in range(days - 1, -1, -1)
    )
    return HistoryStats(
        today=today,
        today_minutes=minutes_by_day.get(today, 0.0),
        week_start=week_start,
        week_minutes=sum(m for d, m in minutes_by_day.items() if week_start <= d <= today),
        streak_days=streak,
        done_today=done_today,
        total_sessions=total,
        completed_sessions=completed,
        total_minutes=total_minutes,
        routines=routines,
        last_days=series,
    )
