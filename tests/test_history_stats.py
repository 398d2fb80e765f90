"""History facts: today, this week, streaks and the 14-day series, across midnight and time zones."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from stretchapp.core import text
from stretchapp.core.record import SessionRecord
from stretchapp.core.stats import HistoryStats, compute_stats

PARIS = timezone(timedelta(hours=1))
NEW_YORK = timezone(timedelta(hours=-5))


def session(
    start: str,
    minutes: float = 5.0,
    *,
    completed: bool = True,
    routine: str = "neck",
    title: str = "Neck",
    paused: float = 0.0,
) -> SessionRecord:
    started = datetime.fromisoformat(start)
    return SessionRecord(
        routine_id=routine,
        title=title,
        started_at=started,
        ended_at=started + timedelta(minutes=minutes, seconds=paused),
        planned_seconds=int(minutes * 60),
        active_seconds=minutes * 60,
        paused_seconds=paused,
        phases_done=4 if completed else 2,
        phases_skipped=0,
        phases_total=4,
        completed=completed,
    )


# 2026-11-23 is a Monday.
WEDNESDAY_NOON = datetime(2026, 11, 25, 12, 0, tzinfo=PARIS)


def test_today_and_week_minutes_count_only_their_days() -> None:
    records = [
        session("2026-11-22T18:00:00+01:00", 30),  # Sunday: last week
        session("2026-11-23T08:00:00+01:00", 5),  # Monday
        session("2026-11-24T08:00:00+01:00", 7, completed=False),  # Tuesday, left early: minutes count
        session("2026-11-25T08:00:00+01:00", 4),  # today
        session("2026-11-25T11:00:00+01:00", 2.5),  # today: each session counts in whole minutes
    ]
    stats = compute_stats(records, now=WEDNESDAY_NOON)
    assert stats.today == date(2026, 11, 25)
    assert stats.today_minutes == 4 + 3
    assert stats.week_start == date(2026, 11, 23)
    assert stats.week_minutes == 5 + 7 + 7
    assert stats.total_sessions == 5
    assert stats.completed_sessions == 4


def test_pauses_are_not_stretching_minutes() -> None:
    stats = compute_stats([session("2026-11-25T08:00:00+01:00", 3, paused=600)], now=WEDNESDAY_NOON)
    assert stats.today_minutes == 3


def test_a_session_across_midnight_counts_for_the_day_it_started() -> None:
    late = session("2026-11-24T23:50:00+01:00", 20)  # ends 00:10 on Wednesday
    early = session("2026-11-25T00:05:00+01:00", 3)
    stats = compute_stats([late, early], now=WEDNESDAY_NOON)
    assert stats.today_minutes == 3
    assert dict(stats.last_days)[date(2026, 11, 24)] == 20
    assert stats.streak_days == 2


def test_today_begins_at_local_midnight_of_now() -> None:
    records = [session("2026-11-24T23:59:00+01:00", 10)]
    before = compute_stats(records, now=datetime(2026, 11, 24, 23, 59, 30, tzinfo=PARIS))
    after = compute_stats(records, now=datetime(2026, 11, 25, 0, 0, 1, tzinfo=PARIS))
    assert (before.today_minutes, before.done_today, before.streak_days) == (10, True, 1)
    # After midnight nothing is done today yet, but yesterday's session keeps the streak.
    assert (after.today_minutes, after.done_today, after.streak_days) == (0, False, 1)


def test_streak_counts_consecutive_days_with_a_finished_session() -> None:
    records = [
        session("2026-11-20T09:00:00+01:00"),  # Friday, then a gap on Saturday
        session("2026-11-22T09:00:00+01:00"),
        session("2026-11-23T09:00:00+01:00"),
        session("2026-11-24T09:00:00+01:00"),
    ]
    not_yet = compute_stats(records, now=WEDNESDAY_NOON)
    assert (not_yet.streak_days, not_yet.done_today) == (3, False)
    done = compute_stats([*records, session("2026-11-25T09:00:00+01:00")], now=WEDNESDAY_NOON)
    assert (done.streak_days, done.done_today) == (4, True)


def test_a_session_left_early_does_not_keep_a_streak() -> None:
    records = [
        session("2026-11-23T09:00:00+01:00"),
        session("2026-11-24T09:00:00+01:00", completed=False),
    ]
    stats = compute_stats(records, now=WEDNESDAY_NOON)
    assert stats.streak_days == 0
    lapsed = compute_stats([session("2026-11-22T09:00:00+01:00")], now=WEDNESDAY_NOON)
    assert lapsed.streak_days == 0


def test_days_follow_the_zone_each_session_was_recorded_in() -> None:
    # Monday late evening in Paris, then Tuesday evening in New York. In UTC these fall on
    # Monday and Wednesday; on the person's own wall clock they are Monday and Tuesday.
    paris = session("2026-11-23T23:30:00+01:00", 10)
    new_york = session("2026-11-24T19:00:00-05:00", 6)
    now = datetime(2026, 11, 24, 20, 0, tzinfo=NEW_YORK)
    stats = compute_stats([paris, new_york], now=now)
    assert stats.today == date(2026, 11, 24)
    assert stats.today_minutes == 6
    assert stats.streak_days == 2
    assert dict(stats.last_days)[date(2026, 11, 23)] == 10
    assert stats.week_minutes == 16


def test_a_session_dated_after_today_counts_as_today() -> None:
    # Recorded just after midnight in Paris; an hour later the person is in New York,
    # where it is still the evening before.
    paris = session("2026-11-25T00:30:00+01:00", 8)
    now = datetime(2026, 11, 24, 19, 30, tzinfo=NEW_YORK)
    stats = compute_stats([paris], now=now)
    assert stats.today == date(2026, 11, 24)
    assert (stats.today_minutes, stats.done_today, stats.streak_days) == (8, True, 1)
    assert stats.last_days[-1] == (date(2026, 11, 24), 8)


def test_the_week_starts_on_monday_in_the_zone_of_now() -> None:
    sunday_evening = session("2026-11-22T20:00:00+01:00", 9)
    # 00:30 on Monday in Paris is still Sunday in UTC.
    now = datetime(2026, 11, 23, 0, 30, tzinfo=PARIS)
    in_paris = compute_stats([sunday_evening], now=now)
    assert (in_paris.week_start, in_paris.week_minutes) == (date(2026, 11, 23), 0)
    in_utc = compute_stats([sunday_evening], now=now, tz=timezone.utc)
    assert (in_utc.week_start, in_utc.week_minutes) == (date(2026, 11, 16), 9)


def test_last_days_series_has_every_day_oldest_first() -> None:
    records = [
        session("2026-11-12T09:00:00+01:00", 50),  # today-13: the first day shown
        session("2026-11-11T09:00:00+01:00", 40),  # one day too old
        session("2026-11-24T09:00:00+01:00", 3),
        session("2026-11-24T18:00:00+01:00", 4),
    ]
    series = compute_stats(records, now=WEDNESDAY_NOON).last_days
    assert len(series) == 14
    assert series[0] == (date(2026, 11, 12), 50)
    assert series[-1] == (date(2026, 11, 25), 0)
    assert series[-2] == (date(2026, 11, 24), 7)
    assert [d for d, _ in series] == [date(2026, 11, 12) + timedelta(days=i) for i in range(14)]


def test_per_routine_counts_most_done_first_with_the_latest_title() -> None:
    records = [
        session("2026-11-23T09:00:00+01:00", routine="back", title="Back"),
        session("2026-11-23T10:00:00+01:00", routine="neck", title="Neck"),
        session("2026-11-24T10:00:00+01:00", routine="neck", title="Neck", completed=False),
        session("2026-11-25T10:00:00+01:00", routine="neck", title="Neck and shoulders"),
    ]
    routines = compute_stats(records, now=WEDNESDAY_NOON).routines
    assert [(r.routine_id, r.title, r.sessions, r.completed) for r in routines] == [
        ("neck", "Neck and shoulders", 3, 2),
        ("back", "Back", 1, 1),
    ]
    assert routines[0].minutes == 15


def test_no_sessions_gives_zeros() -> None:
    stats = compute_stats([], now=WEDNESDAY_NOON)
    assert (stats.today_minutes, stats.week_minutes, stats.streak_days, stats.total_sessions) == (0, 0, 0, 0)
    assert stats.routines == ()
    assert all(minutes == 0 for _, minutes in stats.last_days)


def test_stats_as_json_ready_dict() -> None:
    stats = compute_stats([session("2026-11-25T08:00:00+01:00", 4)], now=WEDNESDAY_NOON)
    data = stats.to_dict()
    assert data["today"] == "2026-11-25"
    assert data["today_minutes"] == 4
    assert data["routines"] == [
        {
            "routine_id": "neck",
            "title": "Neck",
            "sessions": 1,
            "completed": 1,
            "minutes": 4,
            "holds_skipped": 0,
        }
    ]
    assert data["last_days"][-1] == {"date": "2026-11-25", "minutes": 4}  # type: ignore[index]


def test_streak_reads_naturally() -> None:
    def format_streak(stats: HistoryStats) -> str:
        return text.streak(stats.streak_days, stats.done_today)

    yesterday = session("2026-11-24T09:00:00+01:00")
    today = session("2026-11-25T09:00:00+01:00")
    assert format_streak(compute_stats([], now=WEDNESDAY_NOON)).startswith("No streak yet")
    assert format_streak(compute_stats([yesterday], now=WEDNESDAY_NOON)) == (
        "1 day; finish a routine today to keep it going"
    )
    assert format_streak(compute_stats([yesterday, today], now=WEDNESDAY_NOON)) == "2 days, today included"
