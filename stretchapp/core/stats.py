"""The figures about many sessions: today, this week, the streak, each routine, the last days (no Qt).

Which day a session belongs to
    The calendar date of its start, as read on the wall clock where and when it was
    recorded (:attr:`SessionRecord.day`). A session started at 23:50 and ended after
    midnight counts, whole, for the day it started on. Moving to another time zone does not
    move past sessions to other days. "Today" and "this week" are read in the time zone of
    ``now``.

A session dated after today
    Its date can be later than today in two ways, and they are told apart by its start
    instant (UTC), not its date:

    * It has happened: it started before ``now``, and only the calendar differs, as right
      after flying west (recorded at 00:30 on the 25th in Paris, read at 19:30 on the 24th
      in New York). It counts as today: that is when the person did it.
    * It has not happened yet by this clock: its start instant is later than ``now``, so a
      clock was wrong, when it was recorded or now. Counting it as today would make every
      day "done" until that date arrives. Instead it counts in the totals and under its
      routine, but on no day (today, this week, the streak, the chart) until its own date
      comes, when it counts on that day like any other. :attr:`HistoryStats.future_sessions`
      says how many there are, so the History view and ``stretchapp history`` can say that
      some sessions are dated in the future rather than hide them.

What counts
    A rehearsal (a session at another speed than real time, the editor's Play at 5x) counts
    nowhere: not in minutes, sessions, finished routines or the streak; only
    :attr:`HistoryStats.rehearsals` says how many there were. A session counts as finished,
    and earns its day for the streak, only by :func:`stretchapp.core.record.counts_as_done`:
    it reached the end with most of its hold time held, so holding Right through a routine
    earns nothing. Holds skipped are added up per routine.

Minutes
    Each session counts in whole minutes, rounded half up (:func:`session_minutes`: 40 s is
    1 min, 20 s is 0), before anything is added up. So every figure is a sum of the same
    whole numbers: a day's bar, today's total and each routine's row agree with each other.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import NamedTuple

from stretchapp.core.record import SessionRecord, is_rehearsal

CHART_DAYS = 14


class Fact(NamedTuple):
    """What the figures need of one session."""

    day: date
    minutes: float  # whole minutes (session_minutes), so that sums agree with their parts
    completed: bool  # counts as done: see stretchapp.core.record.counts_as_done
    routine_id: str
    title: str
    started_utc: float  # the start instant, as a UTC epoch: tells a wrong clock from a time zone
    rehearsal: bool = False
    holds_skipped: int = 0


def session_minutes(active_seconds: float) -> int:
    """A session's time in the figures: whole minutes, half up (90 s -> 2, 89 s -> 1, 29 s -> 0)."""
    return math.floor(max(0.0, active_seconds) / 60.0 + 0.5)


def make_fact(
    day: date,
    active_seconds: float,
    done: bool,
    routine_id: str,
    title: str,
    started_utc: float,
    *,
    speed: float = 1.0,
    holds_skipped: int = 0,
) -> Fact:
    """The :class:`Fact` of one session, its time rounded as every figure rounds it."""
    return Fact(
        day,
        float(session_minutes(active_seconds)),
        done,
        routine_id,
        title,
        started_utc,
        is_rehearsal(speed),
        holds_skipped,
    )


def fact(record: SessionRecord) -> Fact:
    """What the figures need of ``record``."""
    return make_fact(
        record.day,
        record.active_seconds,
        record.counts_as_done,
        record.routine_id,
        record.title,
        record.started_at.timestamp(),
        speed=record.speed,
        holds_skipped=record.holds_skipped,
    )


@dataclass(frozen=True)
class RoutineTally:
    """How often one routine was done."""

    routine_id: str
    title: str
    sessions: int
    completed: int
    minutes: float
    holds_skipped: int = 0


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
    future_sessions: int = 0  # sessions whose start is still to come by this clock: on no day yet
    rehearsals: int = 0  # sessions at a changed speed: counted in no other figure
    holds_skipped: int = 0

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
                    "holds_skipped": r.holds_skipped,
                }
                for r in self.routines
            ],
            "last_days": [{"date": d.isoformat(), "minutes": round(m, 2)} for d, m in self.last_days],
            "future_sessions": self.future_sessions,
            "rehearsals": self.rehearsals,
            "holds_skipped": self.holds_skipped,
        }


@dataclass
class _Tally:
    title: str = ""
    sessions: int = 0
    completed: int = 0
    minutes: float = 0.0
    holds_skipped: int = 0


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
    moment = local_now(now, tz)
    today = moment.date()
    now_utc = moment.timestamp()
    week_start = today - timedelta(days=today.weekday())
    minutes_by_day: dict[date, float] = defaultdict(float)
    finished_days: set[date] = set()
    tallies: dict[str, _Tally] = {}
    total = completed = future = rehearsals = skipped = 0
    total_minutes = 0.0
    for each in facts:
        if each.rehearsal:
            rehearsals += 1
            continue
        recorded_day, minutes, done, routine_id, title, started_utc = each[:6]
        skipped += each.holds_skipped
        day: date | None = recorded_day
        if recorded_day > today:
            # Later than today by the calendar: today if it has happened, else on no day yet.
            day = today if started_utc <= now_utc else None
        total += 1
        total_minutes += minutes
        completed += done
        if day is None:
            future += 1
        else:
            minutes_by_day[day] += minutes
            if done:
                finished_days.add(day)
        tally = tallies.get(routine_id)
        if tally is None:
            tally = tallies[routine_id] = _Tally()
        tally.title = title  # the latest title wins, as facts come oldest first
        tally.sessions += 1
        tally.completed += done
        tally.minutes += minutes
        tally.holds_skipped += each.holds_skipped
    done_today = today in finished_days
    streak = 0
    day = today if done_today else today - timedelta(days=1)
    while day in finished_days:
        streak += 1
        day -= timedelta(days=1)
    routines = tuple(
        sorted(
            (
                RoutineTally(rid, t.title, t.sessions, t.completed, t.minutes, t.holds_skipped)
                for rid, t in tallies.items()
            ),
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
        future_sessions=future,
        rehearsals=rehearsals,
        holds_skipped=skipped,
    )
