"""The large circular countdown: a ring that empties smoothly around the remaining seconds.

The digits change only when told (the engine's whole-second events). The ring reads the
fraction left from a callable, and repaints on a short animation timer that runs only
while the ring is visible and the session is running; otherwise it costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QHideEvent, QPainter, QPaintEvent, QPalette, QPen, QShowEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from stretchapp.core import text as words
from stretchapp.core.model import PhaseKind
from stretchapp.ui.common import theme

FRAME_MS = 33  # ~30 frames a second is smooth for a ring that moves a few degrees a second


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
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self.update)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 160)
        self.setAccessibleName("Countdown")

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
        self.update()

    def set_seconds(self, seconds: int) -> None:
        self._seconds = seconds
        self.setAccessibleDescription(f"{words.seconds_long(seconds)} left")
        self.update()

    def set_paused(self, paused: bool) -> None:
        self._paused = paused
        self.update()

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
        return max(12, int(self._diameter() * self.DIGIT_SHARE))

    def is_animating(self) -> bool:
        return self._timer.isActive()

    # -- Qt ----------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(360, 360)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._sync_timer()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._timer.stop()

    def _sync_timer(self) -> None:
        if self._animate and self.isVisible():
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
        painter = QPainter(self)
        try:
            self._paint(painter, diameter, fraction)
        finally:
            painter.end()

    def _fraction_left(self) -> float:
        if self._fraction is None:
            return 1.0
        return min(1.0, max(0.0, self._fraction()))

    def _paint(self, painter: QPainter, diameter: float, fraction: float) -> None:
        pen_width = max(6.0, diameter * 0.055)
        side = diameter - pen_width
        rect = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        palette = self.palette()
        colour = theme.accent(palette, self._kind)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)

        track = QColor(palette.color(QPalette.ColorRole.Mid))
        if theme.is_high_contrast(palette):
            track = QColor("#5a5a5a")  # the time left, not the time gone, should stand out
        painter.setPen(QPen(track, pen_width * 0.55, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawEllipse(rect)

        if fraction > 0:
            arc = QColor(colour)
            if self._paused:
                arc.setAlphaF(0.45)
            painter.setPen(QPen(arc, pen_width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            # Qt angles are in 1/16 degree, counter-clockwise from 3 o'clock; a negative span
            # draws clockwise from 12 o'clock, so the ring empties the way a clock hand moves.
            painter.drawArc(rect, 90 * 16, -round(fraction * 360 * 16))

        text_colour = palette.color(QPalette.ColorRole.WindowText)
        if self._paused:
            text_colour = theme.muted_text(palette)
        font = QFont(self.font())
        font.setPixelSize(self.digit_pixel_size())
        font.setWeight(QFont.Weight.DemiBold)
        font.setFeature(QFont.Tag("tnum"), 1)
        painter.setFont(font)
        painter.setPen(text_colour)
        digits_rect = QRectF(rect)
        digits_rect.translate(0, -diameter * 0.04)
        painter.drawText(digits_rect, Qt.AlignmentFlag.AlignCenter, self.text)

        caption = "paused" if self._paused else (f"of {words.seconds(self._total)}" if self._total else "")
        if caption:
            small = QFont(self.font())
            small.setPixelSize(max(11, int(diameter * 0.07)))
            painter.setFont(small)
            painter.setPen(theme.muted_text(palette))
            caption_rect = QRectF(
                rect.left(), rect.center().y() + diameter * 0.2, rect.width(), diameter * 0.1
            )
            painter.drawText(caption_rect, Qt.AlignmentFlag.AlignCenter, caption)
