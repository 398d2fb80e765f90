"""The History view and its 14-day chart, rendered offscreen with data and without."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage, QPalette
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from stretchapp.core.record import SessionRecord
from stretchapp.core.stats import compute_stats
from stretchapp.storage import paths
from stretchapp.storage.history import HistoryStore
from stretchapp.ui.common import theme
from stretchapp.ui.history.chart import HistoryChart, scale_top
from stretchapp.ui.history.view import HistoryView, load_history_view

PARIS = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 25, 18, 0, tzinfo=PARIS)
TODAY = NOW.date()
MINUTES = [0, 5, 12, 0, 8, 20, 3, 0, 0, 15, 6, 9, 0.5, 13]
SERIES = [(TODAY - timedelta(days=13 - i), float(m)) for i, m in enumerate(MINUTES)]
BUSIEST = MINUTES.index(20)


@pytest.fixture(params=["light", "dark"])
def palette_name(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    theme.apply_theme(qapp, request.param)
    yield request.param
    theme.apply_theme(qapp, "system")


def record(day: date, minutes: float, *, routine: str = "neck", completed: bool = True) -> SessionRecord:
    at = datetime(day.year, day.month, day.day, 9, 0, tzinfo=PARIS)
    return SessionRecord(
        routine,
        routine.title(),
        at,
        at + timedelta(minutes=minutes),
        600,
        minutes * 60,
        0,
        3,
        0,
        3,
        completed,
    )


def show_chart(qtbot: QtBot, series: list[tuple[date, float]]) -> HistoryChart:
    chart = HistoryChart()
    qtbot.addWidget(chart)
    chart.set_series(series)
    chart.resize(600, 260)
    chart.show()
    return chart


def near(colour: QColor, target: QColor) -> bool:
    return (
        abs(colour.red() - target.red())
        + abs(colour.green() - target.green())
        + abs(colour.blue() - target.blue())
        < 24
    )


def accent_run(image: QImage, x: int, accent: QColor) -> int:
    """How many pixels of column ``x`` are the accent colour: the bar's drawn height."""
    return sum(near(image.pixelColor(x, y), accent) for y in range(image.height()))


def test_the_busiest_day_has_the_tallest_bar_on_screen(qtbot: QtBot, palette_name: str) -> None:
    chart = show_chart(qtbot, SERIES)
    image = chart.grab().toImage()
    accent = theme.accent(chart.palette(), None)
    window = chart.palette().color(QPalette.ColorRole.Window)
    assert not near(accent, window)  # the bars stand out from the background
    heights = [accent_run(image, round(rect.center().x()), accent) for rect in chart.bar_rects()]
    assert max(heights) == heights[BUSIEST]
    assert all(heights[BUSIEST] > h for i, h in enumerate(heights) if i != BUSIEST)
    # Every day with minutes shows a bar, and the order of heights follows the minutes.
    assert [h > 0 for h in heights] == [m > 0 for m in MINUTES]
    assert heights[MINUTES.index(15)] > heights[MINUTES.index(13)] > heights[MINUTES.index(9)]


def test_bar_heights_are_proportional_and_grow_with_the_window(qtbot: QtBot) -> None:
    chart = show_chart(qtbot, SERIES)
    rects = chart.bar_rects()
    assert scale_top(20) == 20
    assert rects[BUSIEST].height() == pytest.approx(chart.plot_rect().height())
    assert rects[MINUTES.index(5)].height() == pytest.approx(rects[BUSIEST].height() / 4)
    assert rects[0].height() == 0
    assert rects[MINUTES.index(0.5)].height() >= 2  # a short session is still visible
    small = rects[BUSIEST].height()
    chart.resize(900, 500)
    assert chart.bar_rects()[BUSIEST].height() > small * 1.5
    # Bars stay inside the widget and in day order.
    lefts = [r.left() for r in chart.bar_rects()]
    assert lefts == sorted(lefts)
    assert chart.rect().toRectF().contains(chart.bar_rects()[-1])


def test_an_empty_chart_says_so_and_draws_no_bars(qtbot: QtBot, palette_name: str) -> None:
    for series in ([], [(day, 0.0) for day, _ in SERIES]):
        chart = show_chart(qtbot, series)
        assert chart.is_empty()
        image = chart.grab().toImage()
        accent = theme.accent(chart.palette(), None)
        assert not any(
            near(image.pixelColor(x, y), accent)
            for x in range(0, image.width(), 3)
            for y in range(image.height())
        )
        assert "no stretching" in chart.describe().lower() or "no days" in chart.describe().lower()
        text = chart.palette().color(QPalette.ColorRole.WindowText)
        muted = theme.muted_text(chart.palette())
        # Something is written: the message (and the day labels when there are days).
        assert any(
            near(image.pixelColor(x, y), muted) or near(image.pixelColor(x, y), text)
            for x in range(image.width())
            for y in range(0, image.height(), 2)
        )


def test_the_chart_summarises_itself_for_screen_readers(qtbot: QtBot) -> None:
    chart = show_chart(qtbot, SERIES)
    assert chart.accessibleName()
    description = chart.accessibleDescription()
    assert "Most on Tuesday 17 November: 20 min" in description
    assert "on 10 of 14 days" in description


def test_arrow_keys_walk_the_days_and_say_each_one(qtbot: QtBot) -> None:
    chart = show_chart(qtbot, SERIES)
    chart.setFocus()
    qtbot.waitUntil(chart.hasFocus)
    assert chart.selected == 13  # focus starts on today
    qtbot.keyClick(chart, Qt.Key.Key_Left)
    assert chart.selected == 12
    assert chart.accessibleDescription().startswith("Tuesday 24 November: under 1 min.")
    qtbot.keyClick(chart, Qt.Key.Key_Home)
    qtbot.keyClick(chart, Qt.Key.Key_Left)
    assert chart.selected == 0
    qtbot.keyClick(chart, Qt.Key.Key_End)
    assert chart.accessibleDescription().startswith("Wednesday 25 November: 13 min.")


def view_with(qtbot: QtBot, records: list[SessionRecord], notice: str | None = None) -> HistoryView:
    view = HistoryView(compute_stats(records, now=NOW), notice=notice)
    qtbot.addWidget(view)
    view.resize(760, 620)
    view.show()
    return view


def test_the_view_shows_today_the_week_the_streak_and_each_routine(qtbot: QtBot, palette_name: str) -> None:
    records = [
        record(TODAY - timedelta(days=2), 9),  # Monday
        record(TODAY - timedelta(days=1), 5, routine="back"),
        record(TODAY, 7),
        record(TODAY, 4, completed=False),
        record(TODAY - timedelta(days=5), 30),  # last week
    ]
    view = view_with(qtbot, records)
    assert view.today_tile.value_label.text() == "11 min"
    assert view.week_tile.value_label.text() == "25 min"
    assert view.week_tile.detail_label.text() == "since Mon 23 Nov"
    assert view.streak_tile.value_label.text() == "3 days"
    assert view.streak_tile.accessibleName() == "Streak: 3 days"
    rows = [
        [view.routines.topLevelItem(i).text(c) for c in range(4)]
        for i in range(view.routines.topLevelItemCount())
    ]
    assert rows == [["Neck", "4", "3", "50 min"], ["Back", "1", "1", "5 min"]]
    assert view.routines.isVisible()
    assert not view.empty_label.isVisible()
    assert not view.notice_label.isVisible()
    assert view.chart.series()[-1] == (TODAY, 11.0)


def test_with_nothing_recorded_the_view_says_what_will_appear(qtbot: QtBot, palette_name: str) -> None:
    view = view_with(qtbot, [], notice="Your stretch history could not be read, so it was set aside.")
    assert view.empty_label.isVisible()
    assert not view.routines.isVisible()
    assert view.chart.is_empty()
    assert view.today_tile.value_label.text() == "0 min"
    assert view.streak_tile.detail_label.text() == "Finish a routine to start one"
    assert view.notice_label.isVisible()
    assert "set aside" in view.notice_label.text()


def test_the_view_can_be_used_from_the_keyboard(qtbot: QtBot) -> None:
    view = view_with(qtbot, [record(TODAY, 5)])
    assert view.chart.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert view.routines.focusPolicy() & Qt.FocusPolicy.TabFocus
    view.activateWindow()
    view.chart.setFocus()
    qtbot.waitUntil(view.chart.hasFocus)
    qtbot.keyClick(view.chart, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is view.routines


def test_big_figures_scale_with_the_window(qtbot: QtBot) -> None:
    view = view_with(qtbot, [record(TODAY, 5)])
    view.resize(500, 420)
    small = view.today_tile.value_label.font().pixelSize()
    view.resize(1000, 860)
    large = view.today_tile.value_label.font().pixelSize()
    assert large > small
    # The tile grew with its figure: the digits are not clipped.
    assert view.today_tile.value_label.height() >= view.today_tile.value_label.sizeHint().height()


def test_load_history_view_reads_the_store_and_passes_its_notice(qtbot: QtBot) -> None:
    database = paths.history_db()
    database.parent.mkdir(parents=True)
    database.write_bytes(b"not a database at all" * 200)
    with HistoryStore.open() as store:
        notice = store.notice
        store.add(record(TODAY, 6))
        view = load_history_view(store, now=NOW)
    qtbot.addWidget(view)
    assert notice is not None
    assert view.notice_label.text() == notice
    assert view.today_tile.value_label.text() == "6 min"
    again = load_history_view(now=NOW)
    qtbot.addWidget(again)
    assert again.today_tile.value_label.text() == "6 min"
    assert not again.notice_label.text()


# Showing a tooltip raises its window, which the offscreen platform only logs about.
@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_hovering_a_bar_tells_its_day_and_minutes(qtbot: QtBot) -> None:
    chart = show_chart(qtbot, SERIES)
    centre = chart.bar_rects()[BUSIEST].center().toPoint()
    event = QHelpEvent(QEvent.Type.ToolTip, centre, chart.mapToGlobal(centre))
    try:
        QApplication.sendEvent(chart, event)
        assert QToolTip.text() == "Tuesday 17 November: 20 min"
    finally:
        QToolTip.hideText()
