"""The History window: its keys, a scale that agrees with its bars, figures that add up, skips shown."""

from __future__ import annotations

import itertools
import re
from datetime import date, datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from stretchapp.cli.history_cli import describe
from stretchapp.core.record import SessionRecord
from stretchapp.core.stats import compute_stats
from stretchapp.ui.history.chart import HistoryChart, scale_ticks
from stretchapp.ui.history.view import HistoryView

PARIS = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 25, 18, 0, tzinfo=PARIS)
TODAY = NOW.date()


def record(
    minutes: float, *, routine: str = "neck", hour: int = 9, day: date = TODAY, **changes: object
) -> SessionRecord:
    at = datetime(day.year, day.month, day.day, hour, 0, tzinfo=PARIS)
    values: dict[str, object] = {
        "routine_id": routine,
        "title": routine.title(),
        "started_at": at,
        "ended_at": at + timedelta(minutes=minutes),
        "planned_seconds": 600,
        "active_seconds": minutes * 60,
        "paused_seconds": 0.0,
        "phases_done": 3,
        "phases_skipped": 0,
        "phases_total": 3,
        "completed": True,
    }
    values.update(changes)
    return SessionRecord(**values)  # type: ignore[arg-type]


def show(qtbot: QtBot, records: list[SessionRecord]) -> HistoryView:
    view = HistoryView(compute_stats(records, now=NOW))
    qtbot.addWidget(view)
    view.resize(760, 620)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    return view


@pytest.mark.parametrize("key", ["escape", "ctrl+w"])
def test_the_window_closes_with_esc_and_ctrl_w(qtbot: QtBot, key: str) -> None:
    view = show(qtbot, [record(5)])
    view.chart.setFocus()  # wherever the focus is
    if key == "escape":
        qtbot.keyClick(view.chart, Qt.Key.Key_Escape)
    else:
        qtbot.keyClick(view.chart, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert not view.isVisible()


def minutes_in(text: str) -> int:
    """The whole minutes a figure says ("3 min" -> 3, "under 1 min" -> 0)."""
    found = re.fullmatch(r"(\d+) min", text)
    return int(found.group(1)) if found else 0


def test_today_adds_up_to_its_rows_and_its_bar(qtbot: QtBot) -> None:
    # 2.4 + 0.6 minutes: added before rounding that is "3 min" above "2 min" and "under 1 min".
    view = show(qtbot, [record(2.4, routine="neck"), record(0.6, routine="wrists", hour=10)])
    today = minutes_in(view.today_tile.value_label.text())
    rows = [
        minutes_in(view.routines.topLevelItem(i).text(3)) for i in range(view.routines.topLevelItemCount())
    ]
    assert today == sum(rows)
    assert view.chart.series()[-1][1] == today
    assert minutes_in(view.week_tile.value_label.text()) == today


@pytest.mark.parametrize("most", [0.4, 1, 2.6, 3, 7, 13, 26, 45, 100, 500, 1500])
def test_the_scale_has_whole_even_ticks_up_to_the_busiest_day(most: float) -> None:
    ticks = scale_ticks(most)
    assert ticks[0] == 0
    assert all(isinstance(tick, int) for tick in ticks)
    steps = {b - a for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1  # evenly spaced
    assert ticks[-1] >= round(most)
    assert 1 <= len(ticks) - 1 <= 5  # a few lines, not a ladder
    assert ticks[-1] - next(iter(steps)) < max(1, round(most))  # no empty line above the busiest day


def test_a_bar_labelled_three_reaches_the_line_for_three(qtbot: QtBot) -> None:
    chart = HistoryChart()
    qtbot.addWidget(chart)
    chart.resize(600, 300)
    series = [(TODAY - timedelta(days=2), 2.6), (TODAY - timedelta(days=1), 1.0), (TODAY, 4.0)]
    chart.set_series(series)
    chart.show()
    assert 3 in chart.ticks()
    bar = chart.bar_rects()[0]  # its label reads 3, as 2.6 minutes rounds
    assert bar.top() == pytest.approx(chart.tick_y(3))
    assert chart.bar_rects()[2].top() == pytest.approx(chart.tick_y(4))


def test_skipped_holds_and_rehearsals_are_shown_not_counted(qtbot: QtBot) -> None:
    records = [
        record(3, held_share=0.05, holds_skipped=4),
        record(0.5, hour=11, speed=5.0),  # a rehearsal
    ]
    view = show(qtbot, records)
    (row,) = [view.routines.topLevelItem(i) for i in range(view.routines.topLevelItemCount())]
    header = view.routines.headerItem()
    columns = {header.text(c): c for c in range(view.routines.columnCount())}
    assert row.text(columns["Holds skipped"]) == "4"
    assert row.text(columns["Finished"]) == "0"
    assert row.text(columns["Sessions"]) == "1"
    assert "1 rehearsal" in view.future_label.text()
    assert view.future_label.isVisible()
    text = describe(compute_stats(records, now=NOW))
    assert "4 holds skipped" in text
    assert "1 rehearsal" in text
    assert "0 finished" in text
