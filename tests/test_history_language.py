"""History's dates follow the chosen language, never the C library's: LANG=de_DE with English chosen shows no German.

The issue's report: under ``LANG=de_DE.UTF-8`` the English History read "From Donnerstag 12
November to Mittwoch 25 November". The German words here come from a small catalogue the
test writes (the shipped ones are checked elsewhere), so the test is about which language
is used, not about one translator's wording.
"""

from __future__ import annotations

import contextlib
import locale
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from stretchapp.core import i18n
from stretchapp.core.stats import compute_stats
from stretchapp.ui.common import language
from stretchapp.ui.history.view import HistoryView
from tests.test_history_view import NOW, TODAY, record

GERMAN_DAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
GERMAN_SHORT = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]
ENGLISH_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ENGLISH_SHORT = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def _entry(context: str, english: str, german: str) -> str:
    return f'msgctxt "{context}"\nmsgid "{english}"\nmsgstr "{german}"\n\n'


@pytest.fixture
def german_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "translations"
    folder.mkdir()
    text = 'msgid ""\nmsgstr ""\n"Language: de\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
    for english, german in zip(ENGLISH_DAYS, GERMAN_DAYS, strict=True):
        text += _entry("weekday", english, german)
    for english, german in zip(ENGLISH_SHORT, GERMAN_SHORT, strict=True):
        text += _entry("short weekday", english, german)
    (folder / "de.po").write_text(text, encoding="utf-8")
    monkeypatch.setenv(i18n.CATALOGUE_DIR_VARIABLE, str(folder))
    return folder


@pytest.fixture
def german_session(monkeypatch: pytest.MonkeyPatch, qapp: QApplication) -> Iterator[None]:
    """A German desktop session: LANG, and the C library's locale where this machine has it."""
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    before = locale.setlocale(locale.LC_TIME)
    with contextlib.suppress(locale.Error):  # without the German locale installed, LANG alone is the trap
        locale.setlocale(locale.LC_TIME, "de_DE.UTF-8")
    yield
    locale.setlocale(locale.LC_TIME, before)
    i18n.set_language(i18n.SOURCE_LANGUAGE)
    language.apply(qapp)


def _history_texts(qtbot: QtBot, qapp: QApplication, setting: str) -> str:
    language.choose(None, setting)  # as the app does at start, from the Language setting
    language.apply(qapp)
    records = [record(TODAY - timedelta(days=n), 5 + n) for n in (0, 1, 3, 9)]
    view = HistoryView(compute_stats(records, now=NOW))
    qtbot.addWidget(view)
    view.resize(760, 620)
    view.show()
    widgets: list[QWidget] = [view, *view.findChildren(QWidget)]
    parts = []
    for widget in widgets:
        parts += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()]
        if isinstance(widget, QLabel):
            parts.append(widget.text())
    header = view.checkins.headerItem()
    parts += [header.text(c) for c in range(header.columnCount())]
    return "\n".join(parts)


def _words(text: str) -> set[str]:
    return set(text.replace(",", " ").replace(":", " ").replace(".", " ").split())


def test_english_chosen_under_a_german_session_shows_no_german_day_names(
    qtbot: QtBot, qapp: QApplication, german_catalogue: Path, german_session: None
) -> None:
    words = _words(_history_texts(qtbot, qapp, "en"))
    assert not words & set(GERMAN_DAYS + GERMAN_SHORT), words & set(GERMAN_DAYS + GERMAN_SHORT)
    assert words & set(ENGLISH_DAYS + ENGLISH_SHORT)


def test_german_chosen_shows_german_day_names(
    qtbot: QtBot, qapp: QApplication, german_catalogue: Path, german_session: None
) -> None:
    words = _words(_history_texts(qtbot, qapp, "de"))
    assert words & set(GERMAN_DAYS + GERMAN_SHORT)
    assert not words & set(ENGLISH_DAYS + ENGLISH_SHORT)


def test_the_system_default_follows_lang(
    qtbot: QtBot, qapp: QApplication, german_catalogue: Path, german_session: None
) -> None:
    words = _words(_history_texts(qtbot, qapp, ""))
    assert words & set(GERMAN_DAYS + GERMAN_SHORT)
