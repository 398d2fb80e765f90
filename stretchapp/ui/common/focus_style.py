"""A focus ring for the system theme: the system's own style, plus a plain ring round the focused control.

The forced themes draw their focus rings with a style sheet (``theme.style_sheet``). The
system theme keeps the desktop's style, whose focus marks can be faint or missing: Fusion
marks no focus on a text pane, and draws a default button the same with and without it.
:class:`FocusRingStyle` wraps that style and, after a button, check box, radio button or
framed pane (lists, text panes) has been drawn with the keyboard focus, draws a 2-pixel ring
inside its edge in the palette's highlight (or its text colour, when the highlight would show
less than 3:1 against the window).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOption, QWidget

from stretchapp.ui.common import theme

RING_WIDTH = 2.0
_RINGED = {
    QStyle.ControlElement.CE_PushButton,
    QStyle.ControlElement.CE_CheckBox,
    QStyle.ControlElement.CE_RadioButton,
    QStyle.ControlElement.CE_ShapedFrame,
}


def ring_colour(palette: QPalette) -> QColor:
    """The focus ring's colour: the highlight, if it stands out (3:1) from the window."""
    window = palette.color(QPalette.ColorRole.Window)
    highlight = theme.focus_colour(palette)
    if theme.contrast_ratio(highlight, window) >= 3.0:
        return highlight
    return palette.color(QPalette.ColorRole.WindowText)


class FocusRingStyle(QProxyStyle):
    """The style called ``base`` (the system's), with a visible ring round the focused control."""

    def __init__(self, base: str) -> None:
        super().__init__(base)

    def drawControl(
        self,
        element: QStyle.ControlElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawControl(element, option, painter, widget)
        if element in _RINGED and option.state & QStyle.StateFlag.State_HasFocus and widget is not None:
            self._ring(painter, QRectF(option.rect), option.palette)

    def pixelMetric(
        self, metric: QStyle.PixelMetric, option: QStyleOption | None = None, widget: QWidget | None = None
    ) -> int:
        value = super().pixelMetric(metric, option, widget)
        if metric == QStyle.PixelMetric.PM_DefaultFrameWidth:
            # A pane's contents cover all but its frame: the frame must be as wide as the ring.
            return max(value, round(RING_WIDTH))
        return value

    @staticmethod
    def _ring(painter: QPainter, rect: QRectF, palette: QPalette) -> None:
        painter.save()
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(QPen(ring_colour(palette), RING_WIDTH, Qt.PenStyle.SolidLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            half = RING_WIDTH / 2
            painter.drawRect(rect.adjusted(half, half, -half, -half))
        finally:
            painter.restore()
