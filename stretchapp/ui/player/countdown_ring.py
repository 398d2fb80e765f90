"""The large circular countdown: a ring that empties smoothly around the remaining seconds.

The digits change only when told (the engine's whole-second events). The ring reads the
fraction left from a callable, and repaints on a timer that runs only while the ring is
visible and the session is running, at the rate the arc's end moves about a pixel (from the
ring's circumference and the phase length, at most 6 times a second, evenly between whole
seconds), and then only the small square around the arc's end. The ring is opaque: its
background and track are a cached pixmap, redrawn only on a resize, a new phase or a pause;
a new second repaints only the digits' square (and the arc's end with it), so no widget
behind the ring repaints while it runs.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHideEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QRegion,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from stretchapp.core import text as words
from stretchapp.core.i18n import _, ngettext
from stretchapp.core.kinds import PhaseKind
from stretchapp.ui.common import theme

# At most 6 frames a second, each about 1 ms of CPU, spaced evenly from each whole second
# (which repaints the digits and the arc's end together), so the arc steps at an even pace.
MOST_FRAMES_PER_SECOND = 6
FASTEST_FRAME_MS = 1000 // MOST_FRAMES_PER_SECOND
SLOWEST_FRAME_MS = 1000
TAIL_DEGREES = 25.0  # a partial frame redraws this much of the arc behind its end
PIXELS_PER_FRAME = 1.0  # how far the arc's end may move between two frames


class CountdownRing(QWidget):
    """Remaining seconds in big digits inside a ring that empties as the phase runs."""

    DIGIT_SHARE = 0.42  # digit height as a share of the ring's diameter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._seconds = 0
        self._total = 0
        self._kind: PhaseKind | None = None
        self._paused = False
        self._fraction: Callable[[], float] | None = None
        self._animate = False
        self._timer = QTimer(self)
        self._timer.setInterval(SLOWEST_FRAME_MS)
        self._timer.timeout.connect(self._frame)
        self._static: QPixmap | None = None  # track and digits, redrawn only when they change
        self._drawn_fraction: float | None = None
        self._digit_px: int | None = None  # measured once per text and size
        self._end_reach = 0.0  # the longer side of the square a partial frame repaints
        self.frames_drawn = 0
        # The ring paints every pixel of itself (the cached pixmap has the window's colour
        # under the track), so Qt need not repaint the window behind each small frame.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setAccessibleName(_("Countdown"))

    # -- inputs ----------------------------------------------------------------------
    def set_fraction_source(self, source: Callable[[], float] | None) -> None:
        """Where the ring reads the share of the phase still to run (1.0 full, 0.0 empty).

        None (no session to follow) shows a full ring.
        """
        self._fraction = source
        self.update()

    def set_phase(self, kind: PhaseKind | None, total_seconds: int) -> None:
        self._kind = kind
        self._total = total_seconds
        self._invalidate()
        self._sync_timer()

    def set_seconds(self, seconds: int) -> None:
        if seconds == self._seconds and self._static is not None:
            return
        size = self._digit_px
        self._seconds = seconds
        self._digit_px = None
        self.setAccessibleDescription(
            ngettext("{n} second left", "{n} seconds left", seconds).format(n=seconds)
        )
        if size is None or size != self.digit_pixel_size():
            self._invalidate()
            return
        # Only the digits changed (the track stays cached); this paint moves the arc's end
        # too, and the next frame comes a whole frame later.
        region = QRegion(self.digits_rect())
        if self._drawn_fraction is not None:
            pen = self._pen_width(self._diameter())
            region = region.united(self._end_rect(self._drawn_fraction, pen))
            region = region.united(self._end_rect(self._fraction_left(), pen))
        self.update(region)
        if self._timer.isActive():
            self._timer.start()

    def set_paused(self, paused: bool) -> None:
        self._paused = paused
        self._invalidate()

    def set_animating(self, animate: bool) -> None:
        """Run the repaint timer while the session runs; it also stops whenever hidden."""
        self._animate = animate
        self._sync_timer()

    # -- what a test or a reader can ask -------------------------------------------
    @property
    def text(self) -> str:
        return words.countdown_digits(self._seconds)

    @property
    def fraction(self) -> float:
        """The share of the ring drawn: the phase still to run, as the source says."""
        return self._fraction_left()

    def digit_pixel_size(self) -> int:
        """The digits' size: a share of the ring, smaller when a clock ("12:30") would not fit inside."""
        if self._digit_px is None:
            self._digit_px = self._measure_digits()
        return self._digit_px

    def _measure_digits(self) -> int:
        diameter = self._diameter()
        size = max(6, int(diameter * self.DIGIT_SHARE))
        room = diameter * 0.72  # the width inside the ring's inner edge, with some air
        font = self._digit_font(size)
        wide = QFontMetricsF(font).horizontalAdvance(self.text)
        if wide > room > 0:
            size = max(6, int(size * room / wide))
        return size

    def digits_fit(self) -> bool:
        """Whether the digits are drawn whole inside the ring."""
        diameter = self._diameter()
        metrics = QFontMetricsF(self._digit_font(self.digit_pixel_size()))
        return metrics.horizontalAdvance(self.text) <= diameter * 0.8 and metrics.height() <= diameter * 0.8

    def frame_interval_ms(self) -> int:
        """How long the arc's end takes to move about a pixel, as a whole share of a second
        (1/6 s to 1 s)."""
        circumference = math.pi * max(1.0, self._diameter())
        if self._total <= 0:
            return SLOWEST_FRAME_MS
        per_pixel = self._total * 1000 * PIXELS_PER_FRAME / circumference
        frames = max(1, min(MOST_FRAMES_PER_SECOND, math.ceil(1000 / max(1.0, per_pixel))))
        return 1000 // frames

    def digits_rect(self) -> QRect:
        """The part of the ring that changes when the digits do (the digits and the caption)."""
        diameter = self._diameter()
        centre = QPointF(self.width() / 2, self.height() / 2)
        half_width = diameter * 0.42
        top = centre.y() - diameter * 0.3
        bottom = centre.y() + diameter * 0.32
        return QRectF(centre.x() - half_width, top, 2 * half_width, bottom - top).toAlignedRect()

    def is_animating(self) -> bool:
        return self._timer.isActive()

    # -- Qt ----------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(360, 360)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._invalidate()
        self._sync_timer()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in {QEvent.Type.PaletteChange, QEvent.Type.FontChange}:
            self._invalidate()

    def _invalidate(self) -> None:
        self._static = None
        self._digit_px = None
        self.update()

    def _frame(self) -> None:
        """Repaint only the square around where the arc's end was and is now."""
        fraction = self._fraction_left()
        before = self._drawn_fraction
        diameter = self._diameter()
        if before is not None and abs(before - fraction) * math.pi * diameter < 0.25:
            return
        if before is None:
            self.update()
            return
        pen = self._pen_width(diameter)
        region = self._end_rect(before, pen).united(self._end_rect(fraction, pen))
        self.update(region)

    def _end_rect(self, fraction: float, pen: float) -> QRect:
        radius = (self._diameter() - pen) / 2
        angle = math.radians(90 - fraction * 360)
        x = self.width() / 2 + radius * math.cos(angle)
        y = self.height() / 2 - radius * math.sin(angle)
        half = pen * 0.75 + 3
        return QRectF(x - half, y - half, 2 * half, 2 * half).toAlignedRect()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._sync_timer()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._timer.stop()

    def _sync_timer(self) -> None:
        if self._animate and self.isVisible():
            self._timer.setInterval(self.frame_interval_ms())
            if not self._timer.isActive():
                self._timer.start()
        else:
            self._timer.stop()

    def _diameter(self) -> float:
        return max(0.0, min(self.width(), self.height()) - 8.0)

    def paintEvent(self, event: QPaintEvent) -> None:
        diameter = self._diameter()
        if diameter <= 0:
            return
        # Read the source before a painter exists: if it fails (its session is gone), the
        # error must not leave an active painter behind. A traceback that outlives this
        # frame would keep that painter, and destroying it after its paint device crashes.
        fraction = self._fraction_left()
        self._drawn_fraction = fraction
        self.frames_drawn += 1
        if self._static is None or self._static.size() != self.size() * self.devicePixelRatioF():
            self._static = self._draw_static(diameter)
        # A frame repaints only the square round the arc's end: there only the arc's last
        # few degrees need drawing (rasterising the whole arc to keep a corner of it is waste).
        partial = event.rect().width() < self.width() / 3 and not self._paused
        self._end_reach = float(max(event.rect().width(), event.rect().height()))
        painter = QPainter(self)
        try:
            painter.drawPixmap(QRectF(event.rect()), self._static, self._static_source(event.rect()))
            if event.rect().intersects(self.digits_rect()):
                self._paint_digits(painter, diameter)
            self._paint_arc(painter, diameter, fraction, tail_only=partial)
        finally:
            painter.end()

    def _draw_static(self, diameter: float) -> QPixmap:
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(self.size() * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(self.palette().color(self.backgroundRole()))
        painter = QPainter(pixmap)
        try:
            self._paint_static(painter, diameter)
        finally:
            painter.end()
        return pixmap

    def _fraction_left(self) -> float:
        if self._fraction is None:
            return 1.0
        return min(1.0, max(0.0, self._fraction()))

    @staticmethod
    def _pen_width(diameter: float) -> float:
        return max(3.0, diameter * 0.055)

    def _ring_rect(self, diameter: float) -> QRectF:
        side = diameter - self._pen_width(diameter)
        return QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)

    def _digit_font(self, pixels: int) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(pixels)
        font.setWeight(QFont.Weight.DemiBold)
        font.setFeature(QFont.Tag("tnum"), 1)
        return font

    def _static_source(self, rect: QRect) -> QRectF:
        ratio = self.devicePixelRatioF()
        return QRectF(rect.x() * ratio, rect.y() * ratio, rect.width() * ratio, rect.height() * ratio)

    def _paint_arc(
        self, painter: QPainter, diameter: float, fraction: float, *, tail_only: bool = False
    ) -> None:
        pen_width = self._pen_width(diameter)
        rect = self._ring_rect(diameter)
        colour = theme.accent(self.palette(), self._kind)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if fraction > 0:
            arc = QColor(colour)
            if self._paused:
                arc.setAlphaF(0.45)
            painter.setPen(QPen(arc, pen_width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            # Qt angles are in 1/16 degree, counter-clockwise from 3 o'clock; a negative span
            # draws clockwise from 12 o'clock, so the ring empties the way a clock hand moves.
            if tail_only:
                # Enough arc to cover the repainted square round its end, and no more.
                reach = (self._end_reach + pen_width) / max(1.0, rect.width() / 2)
                tail = min(fraction, math.degrees(reach) / 360, TAIL_DEGREES / 360)
                start = 90 - (fraction - tail) * 360
                painter.drawArc(rect, round(start * 16), -round(tail * 360 * 16))
            else:
                painter.drawArc(rect, 90 * 16, -round(fraction * 360 * 16))

    def _paint_static(self, painter: QPainter, diameter: float) -> None:
        pen_width = self._pen_width(diameter)
        rect = self._ring_rect(diameter)
        palette = self.palette()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        track = QColor(palette.color(QPalette.ColorRole.Mid))
        if theme.is_high_contrast(palette):
            track = QColor("#5a5a5a")  # the time left, not the time gone, should stand out
        painter.setPen(QPen(track, pen_width * 0.55, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawEllipse(rect)

    def _paint_digits(self, painter: QPainter, diameter: float) -> None:
        rect = self._ring_rect(diameter)
        palette = self.palette()
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        if self._paused:
            text_colour = theme.muted_text(palette)
        painter.setFont(self._digit_font(self.digit_pixel_size()))
        painter.setPen(text_colour)
        digits_rect = QRectF(rect)
        digits_rect.translate(0, -diameter * 0.04)
        painter.drawText(digits_rect, Qt.AlignmentFlag.AlignCenter, self.text)

        caption = ""
        if self._paused:
            caption = _("paused")
        elif self._total:
            caption = _("of {seconds}").format(seconds=words.seconds(self._total))
        if caption:
            small = QFont(self.font())
            small.setPixelSize(max(6, int(diameter * 0.07)))
            painter.setFont(small)
            painter.setPen(theme.muted_text(palette))
            caption_rect = QRectF(
                rect.left(), rect.center().y() + diameter * 0.2, rect.width(), diameter * 0.1
            )
            painter.drawText(caption_rect, Qt.AlignmentFlag.AlignCenter, caption)
