"""Every word the app shows about durations, counts and dates, in one place (no Qt).

Views and commands never build these phrases themselves: they call the functions here, so a
translation later replaces this module's words, its plural rule (:func:`plural`) and its
calendar names, and nothing else. Until then the text is English.

Nothing here asks the C library for words: day and month names come from the tables below,
never from ``strftime`` (``%A``, ``%B``...), so a German ``LANG`` cannot put "Dienstag" into
an English sentence.

Rounding is half up throughout (2.5 minutes read as 3), except :func:`clock`, which rounds up
so a countdown never shows less time than is left.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date, datetime, time

# -- the words --------------------------------------------------------------------------------
# (full, short) names, Monday first as date.weekday() counts, and January first.
_WEEKDAYS = (
    ("Monday", "Mon"),
    ("Tuesday", "Tue"),
    ("Wednesday", "Wed"),
    ("Thursday", "Thu"),
    ("Friday", "Fri"),
    ("Saturday", "Sat"),
    ("Sunday", "Sun"),
)
_MONTHS = (
    ("January", "Jan"),
    ("February", "Feb"),
    ("March", "Mar"),
    ("April", "Apr"),
    ("May", "May"),
    ("June", "Jun"),
    ("July", "Jul"),
    ("August", "Aug"),
    ("September", "Sep"),
    ("October", "Oct"),
    ("November", "Nov"),
    ("December", "Dec"),
)
_ONES = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


# -- counting ---------------------------------------------------------------------------------
def plural(n: int, singular: str, plural_form: str) -> str:
    """The form of a word that goes with ``n``: the one place the plural rule lives."""
    return singular if n == 1 else plural_form


def count(n: int, singular: str, plural_form: str) -> str:
    """``n`` and the word in the form that goes with it: "1 exercise", "3 exercises"."""
    return f"{n} {plural(n, singular, plural_form)}"


def days(n: int) -> str:
    """``1`` -> "1 day", ``5`` -> "5 days"."""
    return count(n, "day", "days")


def _half_up(value: float) -> int:
    return math.floor(value + 0.5)


# -- durations --------------------------------------------------------------------------------
def seconds(n: int) -> str:
    """A plain number of seconds: ``90`` -> "90 s"."""
    return f"{n} s"


def seconds_range(low: int, high: int) -> str:
    """A span of seconds: ``(20, 30)`` -> "20–30 s"."""
    return f"{low}–{high} s"


def seconds_long(n: int) -> str:
    """Seconds in a sentence: "1 second", "15 seconds"."""
    return count(n, "second", "seconds")


def duration(value: float) -> str:
    """Seconds in units: ``95`` -> "1 min 35 s", ``60`` -> "1 min", ``40`` -> "40 s", "1 h 5 min"."""
    total = max(0, _half_up(value))
    hours, rest = divmod(total, 3600)
    mins, secs = divmod(rest, 60)
    parts = [f"{hours} h"] if hours else []
    if mins:
        parts.append(f"{mins} min")
    if secs or not parts:
        parts.append(f"{secs} s")
    return " ".join(parts)


def clock(value: float) -> str:
    """Seconds on a clock face, rounded up: ``95`` -> "1:35", ``3605`` -> "1:00:05"."""
    total = max(0, math.ceil(value))
    hours, rest = divmod(total, 3600)
    mins, secs = divmod(rest, 60)
    return f"{hours}:{mins:02d}:{secs:02d}" if hours else f"{mins}:{secs:02d}"


def countdown_digits(value: int) -> str:
    """A countdown as big digits: plain seconds below 100 ("15"), else a clock ("1:40")."""
    return str(max(0, value)) if value < 100 else clock(value)


def minutes(value: float, *, hours: bool = True) -> str:
    """Minutes: ``0`` -> "0 min", ``0.4`` -> "under 1 min", ``12.6`` -> "13 min", ``95`` -> "1 h 35 min".

    With ``hours`` False the minutes are never grouped into hours ("95 min"), for a scale.
    """
    if value <= 0:
        return "0 min"
    if value < 1:
        return "under 1 min"
    whole = _half_up(value)
    if not hours or whole < 60:
        return f"{whole} min"
    full, rest = divmod(whole, 60)
    return f"{full} h {rest} min" if rest else f"{full} h"


def minutes_long(value: float) -> str:
    """Minutes in a sentence: "1 minute", "13 minutes" (half up, never grouped into hours)."""
    return count(_half_up(value), "minute", "minutes")


# -- spoken -----------------------------------------------------------------------------------
def number_words(n: int) -> str:
    """``n`` in words for 0 to 600 ("forty-five", "two hundred and ten"); digits beyond."""
    if not 0 <= n <= 600:
        return str(n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    hundreds, rest = divmod(n, 100)
    head = f"{_ONES[hundreds]} hundred"
    return f"{head} and {number_words(rest)}" if rest else head


def spoken_duration(value: int) -> str:
    """A length as said aloud: "one second", "fifteen seconds", "two minutes", "ninety seconds"."""
    if value >= 60 and value % 60 == 0:
        whole = value // 60
        return f"{number_words(whole)} {plural(whole, 'minute', 'minutes')}"
    return f"{number_words(value)} {plural(value, 'second', 'seconds')}"


# -- dates ------------------------------------------------------------------------------------
def weekday(day_: date, *, short: bool = False) -> str:
    """The day of the week: "Tuesday", or "Tue" when ``short``."""
    return _WEEKDAYS[day_.weekday()][1 if short else 0]


def weekday_initial(day_: date) -> str:
    """The weekday in one letter, for narrow labels: "T"."""
    return weekday(day_, short=True)[0]


def month(day_: date, *, short: bool = False) -> str:
    """The month: "November", or "Nov" when ``short``."""
    return _MONTHS[day_.month - 1][1 if short else 0]


def day(day_: date, *, short: bool = False) -> str:
    """A date without its year: "Tuesday 17 November", or "Tue 17 Nov" when ``short``."""
    return f"{weekday(day_, short=short)} {day_.day} {month(day_, short=short)}"


def time_of_day(moment: datetime | time) -> str:
    """Hours and minutes on a 24-hour clock: "15:30"."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def streak(n: int, done_today: bool) -> str:
    """A streak of ``n`` days in words, saying whether today is still to do."""
    if n == 0:
        return "No streak yet: finish a routine to start one"
    if done_today:
        return f"{days(n)}, today included"
    return f"{days(n)}; finish a routine today to keep it going"


_CONTROL = {i: f"\\x{i:02x}" for i in [*range(0x20), 0x7F]} | {
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
}


def printable(text: str) -> str:
    """``text`` with control characters escaped (``\\x1b``, ``\\n``), safe to show or print.

    File names may hold escape sequences or line breaks; printed raw, they would recolour a
    terminal or forge extra lines of output.
    """
    if text.isprintable():  # no control, format or surrogate character: the common case
        return text
    escaped = text.translate(_CONTROL)
    return "".join(
        f"\\x{ord(c):02x}"
        if 0x80 <= ord(c) <= 0x9F
        else (f"\\u{ord(c):04x}" if 0xD800 <= ord(c) <= 0xDFFF else c)
        for c in escaped
    )


def future_sessions(n: int) -> str:
    """Sessions whose start is still to come by this clock (see :mod:`stretchapp.core.stats`)."""
    they = plural(n, "it will count on its own day", "they will count on their own days")
    return f"{count(n, 'session is', 'sessions are')} dated in the future (a wrong clock?); {they}."
