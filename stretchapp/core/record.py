"""One session as the app knows it: what the engine reports at the end and the history keeps (no Qt).

:class:`SessionRecord` is the only definition of a session's fields. The history's columns,
its row conversion, the CSV export and the JSON dict are all derived from the dataclass
fields, so a new field is added here and nowhere else (the history then needs a migration
that adds its column, which its tests ask for).

When a session counts as done (:func:`counts_as_done`, explained in docs/history.md)
    It reached the routine's end, it ran at real speed (a rehearsal at another speed never
    counts), and at least :data:`HELD_SHARE_NEEDED` of its planned hold time was held. Skip
    and Back count honestly: a hold skipped after 5 of 30 s was held 5 s; a hold restarted
    with Back, or held again after a restart, counts once, for the longest it was held.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from typing import get_type_hints

from stretchapp.core.checkin import CheckIn, to_items


def aware(moment: datetime) -> datetime:
    """``moment`` with a time zone: a naive time is read as this machine's local time."""
    return moment if moment.tzinfo is not None else moment.astimezone()


@dataclass(frozen=True)
class SessionRecord:
    """One session: times are tz-aware wall-clock times, seconds exclude pauses unless named so.

    A session stopped before it started is reported too (so the UI hears that it ended), with
    both times at the moment it was left and nothing done; :attr:`ran` is False for it.
    """

    routine_id: str
    title: str
    started_at: datetime
    ended_at: datetime
    planned_seconds: int
    active_seconds: float
    paused_seconds: float
    phases_done: int
    phases_skipped: int
    phases_total: int
    completed: bool  # it ran to the routine's end (not stopped early): see counts_as_done
    # How each exercise felt, in the order asked; kept by the history as one JSON text.
    checkins: tuple[CheckIn, ...] = ()
    speed: float = 1.0  # how many times faster than real time it ran; not 1 for a rehearsal
    held_share: float = 1.0  # of the planned hold time, the share held (1 with no holds to hold)
    holds_skipped: int = 0  # holds left with Skip and never held to their end afterwards

    @property
    def day(self) -> date:
        """The wall-clock date the session started on, in the zone it was recorded in."""
        return self.started_at.date()

    @property
    def minutes(self) -> float:
        """Minutes spent stretching (pauses not counted)."""
        return self.active_seconds / 60.0

    @property
    def rehearsal(self) -> bool:
        """Whether it ran at another speed than real time (the editor's Play at 5x)."""
        return is_rehearsal(self.speed)

    @property
    def counts_as_done(self) -> bool:
        """Whether it counts as a finished routine in the figures (see :func:`counts_as_done`)."""
        return counts_as_done(self.completed, self.speed, self.held_share)

    @property
    def ran(self) -> bool:
        """Whether any of it happened: time ran, or a phase was done or passed over."""
        return (
            self.active_seconds > 0
            or self.paused_seconds > 0
            or self.phases_done > 0
            or self.phases_skipped > 0
        )

    def to_dict(self) -> dict[str, object]:
        """Plain values under the names of :data:`EXPORT_FIELDS`, for JSON and CSV."""
        values: dict[str, object] = {}
        for name in EXPORT_FIELDS:
            value = getattr(self, name)
            if isinstance(value, date):  # datetimes too
                value = value.isoformat()
            elif isinstance(value, float):
                value = round(value, 3)
            elif name == CHECKINS_FIELD:
                value = to_items(self.checkins)
            values[name] = value
        return values


HELD_SHARE_NEEDED = 0.8  # of the planned hold time, the share a finished routine must have held


def is_rehearsal(speed: float) -> bool:
    """A session at another speed than real time is a rehearsal of the routine, not a stretch."""
    return abs(speed - 1.0) > 1e-9


def counts_as_done(completed: bool, speed: float, held_share: float) -> bool:
    """The rule for a finished routine: it reached its end, at real speed, with at least
    :data:`HELD_SHARE_NEEDED` of its planned hold time held.

    Only a done session counts as finished in the history and earns a streak day.
    """
    return completed and not is_rehearsal(speed) and held_share >= HELD_SHARE_NEEDED - 1e-9


def held_share(planned: list[tuple[float, float]]) -> float:
    """The share of the hold time held, from (planned, held) seconds per hold; 1.0 with no holds.

    A hold held longer than planned (it cannot be, but a clock may say so) counts as planned.
    """
    total = sum(max(0.0, seconds) for seconds, _held in planned)
    if total <= 0:
        return 1.0
    held = sum(min(max(0.0, held), max(0.0, seconds)) for seconds, held in planned)
    return held / total


CHECKINS_FIELD = "checkins"
FIELD_TYPES: dict[str, type] = get_type_hints(SessionRecord)
RECORD_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(SessionRecord))
TIME_FIELDS: tuple[str, ...] = tuple(name for name in RECORD_FIELDS if FIELD_TYPES[name] is datetime)


def _export_fields() -> tuple[str, ...]:
    names = list(RECORD_FIELDS)
    # The day a session counts for follows the times it is read from.
    last_time = max(names.index(name) for name in TIME_FIELDS)
    names.insert(last_time + 1, "day")
    return tuple(names)


EXPORT_FIELDS: tuple[str, ...] = _export_fields()
