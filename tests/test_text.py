"""The words for durations, counts and dates: one set, English whatever the machine's locale."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from datetime import date, datetime, timedelta

import pytest

from stretchapp.core import i18n, text
from tests.conftest import REPO


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (60, "1 min"),  # not "1 min 0 s"
        (120, "2 min"),
        (95, "1 min 35 s"),
        (40, "40 s"),
        (0, "0 s"),
        (59.6, "1 min"),
        (78.4, "1 min 18 s"),
        (3600, "1 h"),
        (3725, "1 h 2 min 5 s"),
        (-3, "0 s"),
    ],
)
def test_a_duration_names_only_the_units_it_has(seconds: float, words: str) -> None:
    assert text.duration(seconds) == words


@pytest.mark.parametrize(
    ("seconds", "face"),
    [(95, "1:35"), (59, "0:59"), (753.2, "12:34"), (600, "10:00"), (3 * 3600 + 5, "3:00:05"), (-3, "0:00")],
)
def test_a_clock_never_shows_less_time_than_is_left(seconds: float, face: str) -> None:
    assert text.clock(seconds) == face


def test_countdown_digits_are_plain_seconds_below_a_hundred() -> None:
    assert [text.countdown_digits(n) for n in (0, 15, 99, 100, 125)] == ["0", "15", "99", "1:40", "2:05"]


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (0, "0 min"),
        (0.3, "under 1 min"),
        (12.6, "13 min"),
        (60, "1 h"),
        (95, "1 h 35 min"),
        (125, "2 h 5 min"),
    ],
)
def test_minutes_read_naturally(minutes: float, words: str) -> None:
    assert text.minutes(minutes) == words


def test_a_scale_counts_minutes_without_hours() -> None:
    assert text.minutes(90, hours=False) == "90 min"


def test_minutes_and_seconds_in_a_sentence_agree_with_their_number() -> None:
    assert text.minutes_long(1) == "1 minute"
    assert text.minutes_long(2.5) == "3 minutes"
    assert text.seconds_long(1) == "1 second"
    assert text.seconds_long(14) == "14 seconds"


def test_counts_take_the_plural_the_number_needs() -> None:
    assert text.days(0) == "0 days"
    assert text.days(1) == "1 day"
    assert text.days(14) == "14 days"


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "zero"),
        (7, "seven"),
        (13, "thirteen"),
        (20, "twenty"),
        (21, "twenty-one"),
        (45, "forty-five"),
        (99, "ninety-nine"),
        (100, "one hundred"),
        (105, "one hundred and five"),
        (250, "two hundred and fifty"),
        (600, "six hundred"),
        (601, "601"),
        (-1, "-1"),
    ],
)
def test_numbers_read_as_words_up_to_six_hundred(n: int, words: str) -> None:
    assert text.number_words(n) == words


def test_spoken_durations_read_naturally() -> None:
    assert text.spoken_duration(1) == "one second"
    assert text.spoken_duration(15) == "fifteen seconds"
    assert text.spoken_duration(60) == "one minute"
    assert text.spoken_duration(90) == "ninety seconds"
    assert text.spoken_duration(120) == "two minutes"


def test_days_read_in_english_from_the_app_s_own_names() -> None:
    tuesday = date(2026, 11, 17)
    assert text.day(tuesday) == "Tuesday 17 November"
    assert text.day(tuesday, short=True) == "Tue 17 Nov"
    assert text.weekday_initial(tuesday) == "T"
    week = [text.weekday(tuesday + timedelta(days=n)) for n in range(7)]
    assert week == ["Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Monday"]
    months = [text.month(date(2026, m, 1), short=True) for m in range(1, 13)]
    assert months[0] == "Jan" and months[8] == "Sep" and len(set(months)) == 12
    assert text.time_of_day(datetime(2026, 3, 2, 15, 5)) == "15:05"


GERMAN = "de_DE.UTF-8"
GERMAN_DAYS = re.compile(
    r"Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|\b(Mo|Di|Mi|Do|Fr|Sa|So)\.? \d"
)
# What a desktop session in Germany does: QApplication calls setlocale(LC_ALL, "") at start.
_UNDER_GERMAN = textwrap.dedent(
    """
    import locale, time
    from datetime import datetime, timedelta, timezone
    locale.setlocale(locale.LC_ALL, "")
    assert time.strftime("%A", (2026, 11, 17, 0, 0, 0, 1, 321, 0)) == "Dienstag"  # the locale is in force
    from stretchapp.cli.history_cli import describe
    from stretchapp.core import text
    from stretchapp.core.record import SessionRecord
    from stretchapp.core.stats import compute_stats
    paris = timezone(timedelta(hours=1))
    records = []
    for day in range(17, 26):
        at = datetime(2026, 11, day, 8, 0, tzinfo=paris)
        records.append(SessionRecord("neck", "Neck", at, at + timedelta(minutes=5), 300, 300.0, 0.0, 3, 0, 3, True))
    print(describe(compute_stats(records, now=datetime(2026, 11, 25, 12, 0, tzinfo=paris))))
    print(text.day(datetime(2026, 11, 17).date()))
    """
)


def _german_environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    return {**env, "LC_ALL": GERMAN, "LANG": GERMAN}


def test_history_text_stays_english_under_a_german_locale() -> None:
    env = _german_environment()
    probe = subprocess.run(
        [sys.executable, "-c", f"import locale; locale.setlocale(locale.LC_ALL, {GERMAN!r})"],
        env=env,
        capture_output=True,
        check=False,
        timeout=60,
    )
    if probe.returncode != 0:
        pytest.skip(
            f"the {GERMAN} locale is not installed (make it with: localedef -i de_DE -f UTF-8 {GERMAN})"
        )
    result = subprocess.run(
        [sys.executable, "-c", _UNDER_GERMAN],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Today (Wed 25 Nov): 5 min" in result.stdout
    assert "Tuesday 17 November" in result.stdout
    assert not GERMAN_DAYS.search(result.stdout), result.stdout


def test_every_weekday_initial_is_translated_on_its_own() -> None:
    """Tuesday and Thursday share 'T' in English but not in Spanish (M, J), nor Wednesday (X)."""
    week = [date(2026, 11, 30) + timedelta(days=n) for n in range(7)]  # Monday first
    assert [text.weekday_initial(d) for d in week] == ["M", "T", "W", "T", "F", "S", "S"]
    i18n.set_language("es")
    assert [text.weekday_initial(d) for d in week] == ["L", "M", "X", "J", "V", "S", "D"]


def test_large_numbers_are_grouped_as_the_language_writes_them() -> None:
    assert text.number(1048576) == "1,048,576"
    i18n.set_language("fr")
    assert text.number(1048576) == "1\u202f048\u202f576"
    assert text.number(999) == "999"
