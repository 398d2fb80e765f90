"""Every word the app shows about durations, counts and dates, in one place (no Qt).

Views and commands never build these phrases themselves: they call the functions here. Every
word and pattern is a catalogue entry (:mod:`stretchapp.core.i18n`), with the catalogue's own
plural rule, so a translation replaces the words, the plurals and the calendar names.

Nothing here asks the C library for words: day and month names come from the tables below,
never from ``strftime`` (``%A``, ``%B``...), so a German ``LANG`` cannot put "Dienstag" into
an English sentence.

Rounding is half up throughout (2.5 minutes read as 3), except :func:`clock`, which rounds up
so a countdown never shows less time than is left.
"""

from __future__ import annotations

import math

from stretchapp.core.i18n import SOURCE_LANGUAGE, _, language, ngettext, pgettext

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (see docs/architecture.md)
if TYPE_CHECKING:
    from datetime import date, datetime, time


# -- the words --------------------------------------------------------------------------------
def _weekdays(short: bool) -> tuple[str, ...]:
    """The day names, Monday first as date.weekday() counts, in the chosen language."""
    if short:
        return (
            pgettext("short weekday", "Mon"),
            pgettext("short weekday", "Tue"),
            pgettext("short weekday", "Wed"),
            pgettext("short weekday", "Thu"),
            pgettext("short weekday", "Fri"),
            pgettext("short weekday", "Sat"),
            pgettext("short weekday", "Sun"),
        )
    return (
        pgettext("weekday", "Monday"),
        pgettext("weekday", "Tuesday"),
        pgettext("weekday", "Wednesday"),
        pgettext("weekday", "Thursday"),
        pgettext("weekday", "Friday"),
        pgettext("weekday", "Saturday"),
        pgettext("weekday", "Sunday"),
    )


def _months(short: bool) -> tuple[str, ...]:
    """The month names, January first, in the chosen language."""
    if short:
        return (
            pgettext("short month", "Jan"),
            pgettext("short month", "Feb"),
            pgettext("short month", "Mar"),
            pgettext("short month", "Apr"),
            pgettext("short month", "May"),
            pgettext("short month", "Jun"),
            pgettext("short month", "Jul"),
            pgettext("short month", "Aug"),
            pgettext("short month", "Sep"),
            pgettext("short month", "Oct"),
            pgettext("short month", "Nov"),
            pgettext("short month", "Dec"),
        )
    return (
        pgettext("month", "January"),
        pgettext("month", "February"),
        pgettext("month", "March"),
        pgettext("month", "April"),
        pgettext("month", "May"),
        pgettext("month", "June"),
        pgettext("month", "July"),
        pgettext("month", "August"),
        pgettext("month", "September"),
        pgettext("month", "October"),
        pgettext("month", "November"),
        pgettext("month", "December"),
    )


# Spoken numbers are English words; other languages hear digits, which every speech engine
# reads in its own language (number words do not translate word by word).
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
def days(n: int) -> str:
    """``1`` -> "1 day", ``5`` -> "5 days"."""
    return ngettext("{n} day", "{n} days", n).format(n=n)


def _half_up(value: float) -> int:
    return math.floor(value + 0.5)


# -- durations --------------------------------------------------------------------------------
def seconds(n: int) -> str:
    """A plain number of seconds: ``90`` -> "90 s"."""
    return ngettext("{n} s", "{n} s", n).format(n=n)


def seconds_range(low: int, high: int) -> str:
    """A span of seconds: ``(20, 30)`` -> "20–30 s"."""
    return _("{low}–{high} s").format(low=low, high=high)


def seconds_long(n: int) -> str:
    """Seconds in a sentence: "1 second", "15 seconds"."""
    return ngettext("{n} second", "{n} seconds", n).format(n=n)


def duration(value: float) -> str:
    """Seconds in units: ``95`` -> "1 min 35 s", ``60`` -> "1 min", ``40`` -> "40 s", "1 h 5 min"."""
    total = max(0, _half_up(value))
    hours, rest = divmod(total, 3600)
    mins, secs = divmod(rest, 60)
    parts = [ngettext("{n} h", "{n} h", hours).format(n=hours)] if hours else []
    if mins:
        parts.append(ngettext("{n} min", "{n} min", mins).format(n=mins))
    if secs or not parts:
        parts.append(ngettext("{n} s", "{n} s", secs).format(n=secs))
    return _separator().join(parts)


def number(n: int) -> str:
    """A whole number with the chosen language's grouping: "4,096", "4.096", "4 096"."""
    # TRANSLATORS: groups the digits of large numbers (4,096); "" for none
    group = pgettext("thousands separator", ",")
    return f"{n:,}".replace(",", group)


def _separator() -> str:
    # TRANSLATORS: between the units of a duration, "1 h" + " " + "5 min"
    return pgettext("between units", " ")


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
        return ngettext("{n} min", "{n} min", 0).format(n=0)
    if value < 1:
        return _("under 1 min")
    whole = _half_up(value)
    if not hours or whole < 60:
        return ngettext("{n} min", "{n} min", whole).format(n=whole)
    full, rest = divmod(whole, 60)
    parts = [ngettext("{n} h", "{n} h", full).format(n=full)]
    if rest:
        parts.append(ngettext("{n} min", "{n} min", rest).format(n=rest))
    return _separator().join(parts)


def minutes_long(value: float) -> str:
    """Minutes in a sentence: "1 minute", "13 minutes" (half up, never grouped into hours)."""
    whole = _half_up(value)
    return ngettext("{n} minute", "{n} minutes", whole).format(n=whole)


# -- spoken -----------------------------------------------------------------------------------
def number_words(n: int) -> str:
    """``n`` in English words for 0 to 600 ("forty-five", "two hundred and ten"); digits beyond.

    In any other language, digits (see ``_ONES``).
    """
    if not 0 <= n <= 600 or language() != SOURCE_LANGUAGE:
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
        return ngettext("{words} minute", "{words} minutes", whole).format(words=number_words(whole))
    return ngettext("{words} second", "{words} seconds", value).format(words=number_words(value))


# -- dates ------------------------------------------------------------------------------------
def weekday(day_: date, *, short: bool = False) -> str:
    """The day of the week: "Tuesday", or "Tue" when ``short``."""
    return _weekdays(short)[day_.weekday()]


def weekday_initial(day_: date) -> str:
    """The weekday in one letter, for narrow labels: "T".

    Its own catalogue entry, not the short name's first letter: Spanish marks Wednesday X so
    that it differs from Tuesday's M, and other languages have their own conventions.
    """
    return (
        pgettext("initial of Monday", "M"),
        pgettext("initial of Tuesday", "T"),
        pgettext("initial of Wednesday", "W"),
        pgettext("initial of Thursday", "T"),
        pgettext("initial of Friday", "F"),
        pgettext("initial of Saturday", "S"),
        pgettext("initial of Sunday", "S"),
    )[day_.weekday()]


def month(day_: date, *, short: bool = False) -> str:
    """The month: "November", or "Nov" when ``short``."""
    return _months(short)[day_.month - 1]


def day(day_: date, *, short: bool = False) -> str:
    """A date without its year: "Tuesday 17 November", or "Tue 17 Nov" when ``short``."""
    names = {"weekday": weekday(day_, short=short), "day": day_.day, "month": month(day_, short=short)}
    if short:
        return pgettext("short date", "{weekday} {day} {month}").format(**names)
    return pgettext("date", "{weekday} {day} {month}").format(**names)


def time_of_day(moment: datetime | time) -> str:
    """Hours and minutes on a 24-hour clock: "15:30"."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def streak(n: int, done_today: bool) -> str:
    """A streak of ``n`` days in words, saying whether today is still to do."""
    if n == 0:
        return _("No streak yet: finish a routine to start one")
    if done_today:
        return ngettext("{n} day, today included", "{n} days, today included", n).format(n=n)
    return ngettext(
        "{n} day; finish a routine today to keep it going",
        "{n} days; finish a routine today to keep it going",
        n,
    ).format(n=n)


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
    return ngettext(
        "{n} session is dated in the future (a wrong clock?); it will count on its own day.",
        "{n} sessions are dated in the future (a wrong clock?); they will count on their own days.",
        n,
    ).format(n=n)
