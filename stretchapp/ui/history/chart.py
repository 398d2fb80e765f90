"""A bar chart of stretching minutes per day, drawn with QPainter.

Colours come from the widget's palette (text, mid tones, window) plus one accent, the
palette's highlight, so the chart reads the same in a light, dark or high-contrast theme.
The geometry is computed in one place (:meth:`HistoryChart.bar_rects`), which is what the
painting and the tests both use. Left and Right (Home, End) move a marker from day to day
when the chart has focus; the marked day's minutes are shown in words and given to screen
readers through the accessible description.
"""

from __future__ import annotations

import math
from datetime import date

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QFocusEvent,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from stretchapp.core import text as words
from stretchapp.core.i18n import N_, _, ngettext
from stretchapp.ui.common import theme

# The steps between the scale's lines, in whole minutes: the first that needs at most
# MOST_TICKS lines above the baseline to reach the busiest day.
_TICK_STEPS = (1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720)
MOST_TICKS = 5
BAR_SHARE = 0.62  # bar width as a share of the day's slot
EMPTY_TEXT = N_("No stretching in these days yet.\nFinish a routine and its minutes show up here.")


def shown_minutes(minutes: float) -> float:
    """A day's minutes as its bar shows them: whole minutes, half up, as every label reads them
    (under one minute stays as it is: the bar is a sliver and says "<1")."""
    return minutes if minutes < 1 else float(math.floor(minutes + 0.5))


def scale_ticks(most: float) -> list[int]:
    """The scale's lines, in whole minutes from 0, for a busiest day of ``most`` minutes."""
    top = math.ceil(shown_minutes(max(0.0, most)))
    if top <= 0:
        return [0]
    step = next((s for s in _TICK_STEPS if math.ceil(top / s) <= MOST_TICKS), None)
    if step is None:
        step = math.ceil(top / MOST_TICKS / 60) * 60
    return list(range(0, step * math.ceil(top / step) + 1, step))


def scale_top(most: float) -> int:
    """The value at the top of the scale for a busiest day of ``most`` minutes."""
    return max(1, scale_ticks(most)[-1])


class HistoryChart(QWidget):
    """Minutes per day as bars, oldest day on the left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._series: list[tuple[date, float]] = []
        self._selected: int | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(_("Stretching minutes per day"))
        self._describe()

    # -- inputs -----------------------------------------------------------------------
    def set_series(self, series: list[tuple[date, float]]) -> None:
        """Show ``series``: (day, minutes), oldest first."""
        self._series = [(day, max(0.0, float(minutes))) for day, minutes in series]
        if self._selected is not None:
            self._selected = min(self._selected, len(self._series) - 1) if self._series else None
        self._describe()
        self.update()

    # -- what a test or a reader can ask ----------------------------------------------
    def series(self) -> list[tuple[date, float]]:
        return list(self._series)

    def is_empty(self) -> bool:
        """No day in the series has any minutes."""
        return not any(minutes > 0 for _, minutes in self._series)

    @property
    def selected(self) -> int | None:
        """The day marked from the keyboard (an index into the series)."""
        return self._selected

    def select(self, index: int | None) -> None:
        if index is not None and self._series:
            index = max(0, min(index, len(self._series) - 1))
        elif not self._series:
            index = None
        self._selected = index
        self._describe()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(560, 240)

    def minimumSizeHint(self) -> QSize:
        return QSize(260, 150)

    def _metrics(self) -> QFontMetricsF:
        return QFontMetricsF(self.font())

    def plot_rect(self) -> QRectF:
        """Where the bars stand: inside the axis labels."""
        metrics = self._metrics()
        line = metrics.height()
        left = metrics.horizontalAdvance(words.minutes(1440, hours=False)) + 8  # the widest scale label
        top = line * 2.6  # room for the marked day's caption, then the value above a full bar
        bottom = line * 2.4  # weekday and date under each bar
        return QRectF(left, top, max(1.0, self.width() - left - 8), max(1.0, self.height() - top - bottom))

    def scale(self) -> int:
        return scale_top(max((minutes for _, minutes in self._series), default=0.0))

    def ticks(self) -> list[int]:
        """The minutes the scale's lines stand at, from 0 to :meth:`scale` (only 0 when empty)."""
        if self.is_empty():
            return [0]
        return scale_ticks(max(minutes for _, minutes in self._series))

    def tick_y(self, minutes: float) -> float:
        """Where on the widget the scale puts ``minutes``."""
        plot = self.plot_rect()
        return plot.bottom() - plot.height() * minutes / self.scale()

    def slot_rect(self, index: int) -> QRectF:
        plot = self.plot_rect()
        width = plot.width() / max(1, len(self._series))
        return QRectF(plot.left() + index * width, plot.top(), width, plot.height())

    def bar_rects(self) -> list[QRectF]:
        """One rectangle per day, in widget coordinates; zero height for a day without minutes."""
        plot = self.plot_rect()
        top = self.scale()
        rects = []
        for index, (_day, minutes) in enumerate(self._series):
            slot = self.slot_rect(index)
            width = slot.width() * BAR_SHARE
            height = plot.height() * shown_minutes(minutes) / top
            if minutes > 0:
                height = max(height, 2.0)  # a short session still shows
            rects.append(QRectF(slot.center().x() - width / 2, plot.bottom() - height, width, height))
        return rects

    def describe(self) -> str:
        """The chart in words (also its accessible description)."""
        if not self._series:
            return _("No days to show.")
        first, last = self._series[0][0], self._series[-1][0]
        span = _("From {first} to {last}").format(first=words.day(first), last=words.day(last))
        if self.is_empty():
            text = _("{span}: no stretching recorded.").format(span=span)
        else:
            total = sum(minutes for _, minutes in self._series)
            active = sum(1 for _, minutes in self._series if minutes > 0)
            best_day, best = max(self._series, key=lambda item: item[1])
            shown = len(self._series)
            text = ngettext(
                "{span}: {minutes} in all, on {active} of {n} day. Most on {best_day}: {best}.",
                "{span}: {minutes} in all, on {active} of {n} days. Most on {best_day}: {best}.",
                shown,
            ).format(
                span=span,
                minutes=words.minutes(total),
                active=active,
                n=shown,
                best_day=words.day(best_day),
                best=words.minutes(best),
            )
        if self._selected is not None:
            text = f"{self._caption(self._selected)}. {text}"
        return text

    def _caption(self, index: int) -> str:
        day, minutes = self._series[index]
        return f"{words.day(day)}: {words.minutes(minutes)}"

    def _describe(self) -> None:
        self.setAccessibleDescription(self.describe())

    # -- keyboard and mouse -----------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._series:
            super().keyPressEvent(event)
            return
        last = len(self._series) - 1
        current = self._selected if self._selected is not None else last
        moves = {
            Qt.Key.Key_Left: current - 1,
            Qt.Key.Key_Right: current + 1,
            Qt.Key.Key_Home: 0,
            Qt.Key.Key_End: last,
        }
        target = moves.get(Qt.Key(event.key()))
        if target is None:
            super().keyPressEvent(event)
            return
        self.select(target)
        event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self._selected is None and self._series:
            self.select(len(self._series) - 1)  # start on today
        super().focusInEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self._index_at(QPointF(event.pos()))
            if index is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self._caption(index), self)
            return True
        return super().event(event)

    def _index_at(self, point: QPointF) -> int | None:
        for index in range(len(self._series)):
            if self.slot_rect(index).adjusted(0, -self.plot_rect().top(), 0, self.height()).contains(point):
                return index
        return None

    # -- painting ---------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        muted = theme.muted_text(palette)
        grid = palette.color(QPalette.ColorRole.Mid)
        accent = theme.accent(palette, None)
        metrics = self._metrics()
        plot = self.plot_rect()
        if not self._series:
            painter.setPen(muted)
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, _(EMPTY_TEXT)
            )
            return

        # Scale: a line at every tick, labelled in whole minutes (just the baseline when
        # there is nothing to measure); bars stand on the same whole minutes.
        ticks = self.ticks()
        # In a short chart only every other line (or fewer) is labelled, so labels never touch.
        spacing = plot.height() / max(1, len(ticks) - 1)
        stride = max(1, math.ceil(metrics.height() / max(1.0, spacing)))
        for number, tick in enumerate(ticks):
            y = self.tick_y(tick)
            painter.setPen(QPen(grid, 1.0 if tick else 1.5))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            if number % stride:
                continue
            label = words.minutes(tick, hours=False)
            painter.setPen(muted)
            painter.drawText(
                QRectF(0, y - metrics.height() / 2, plot.left() - 6, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )

        rects = self.bar_rects()
        bold = QFont(self.font())
        bold.setBold(True)
        last = len(self._series) - 1
        for index, ((day, minutes), bar) in enumerate(zip(self._series, rects, strict=True)):
            slot = self.slot_rect(index)
            if minutes > 0:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(accent)
                radius = min(3.0, bar.width() / 4, bar.height() / 2)
                painter.drawRoundedRect(bar, radius, radius)
                value = f"{shown_minutes(minutes):.0f}" if minutes >= 1 else "<1"
                if metrics.horizontalAdvance(value) <= slot.width() - 2:
                    painter.setPen(text)
                    painter.drawText(
                        QRectF(slot.left(), bar.top() - metrics.height() - 2, slot.width(), metrics.height()),
                        Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                        value,
                    )
            # Under each bar: the weekday's letter, then the day of the month; today in bold.
            painter.setFont(bold if index == last else self.font())
            painter.setPen(text if index == last else muted)
            under = QRectF(slot.left(), plot.bottom() + 4, slot.width(), metrics.height())
            painter.drawText(
                under, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, words.weekday_initial(day)
            )
            under.translate(0, metrics.height())
            painter.drawText(under, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, str(day.day))
            painter.setFont(self.font())

        if self.is_empty():
            painter.setPen(muted)
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, _(EMPTY_TEXT))

        if self._selected is not None:
            slot = self.slot_rect(self._selected).adjusted(
                1, -metrics.height() * 0.3, -1, metrics.height() * 2.3
            )
            pen = QPen(text if self.hasFocus() else grid, 1.5, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(slot, 4, 4)
            painter.setPen(text)
            painter.drawText(
                QRectF(plot.left(), 0, plot.width(), metrics.height() * 1.2),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self._caption(self._selected),
            )
