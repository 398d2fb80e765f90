"""A focus ring for the system theme: a plain ring round the focused control, drawn by a child widget.

The forced themes draw their focus rings with a style sheet (``theme.style_sheet``). The
system theme keeps the desktop's style, whose focus marks can be faint or missing: Fusion
marks no focus on a text pane, and draws a default button the same with and without it.
:class:`FocusRing` follows the application's focus: when a button, check box, radio button
or framed pane (lists, text panes) takes it, it puts a child widget over that control, masked
to a 2-pixel ring inside the control's edge, which Qt fills in the palette's highlight (or
its text colour, when the highlight would show less than 3:1 against the window).

No Python runs while Qt lays out or paints: the ring paints nothing itself, and only the
focused control has an event filter (for its resizes). Nothing here names PySide6's ``Qt``
namespace or its style classes, whose building costs tens of milliseconds at start.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFocusFrame,
    QFrame,
    QPushButton,
    QRadioButton,
    QWidget,
)

from stretchapp.ui.common import theme

RING_WIDTH = 2
RING_NAME = "focusRing"  # the ring widget's object name, so tests and tools can find it


def ring_colour(palette: QPalette) -> QColor:
    """The focus ring's colour: the highlight, if it stands out (3:1) from the window."""
    window = palette.color(QPalette.ColorRole.Window)
    highlight = theme.focus_colour(palette)
    if theme.contrast_ratio(highlight, window) >= 3.0:
        return highlight
    return palette.color(QPalette.ColorRole.WindowText)


def takes_ring(widget: QWidget | None) -> bool:
    """Whether ``widget`` gets a ring when focused: buttons, check boxes, radios, framed panes."""
    if isinstance(widget, (QPushButton, QCheckBox, QRadioButton)):
        return True
    return isinstance(widget, QFrame) and widget.frameShape() != QFrame.Shape.NoFrame


class FocusRing(QObject):
    """Shows a ring over the focused control while it has the focus, and nothing otherwise."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self._control: QWidget | None = None
        self._ring: QWidget | None = None
        app.focusChanged.connect(self._focus_changed)
        self._follow(app.focusWidget())

    def close(self) -> None:
        """Stop following the focus and remove the ring now."""
        self._app.focusChanged.disconnect(self._focus_changed)
        ring = self._drop()
        if ring is not None:
            shiboken6.delete(ring)

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        self._follow(new)

    def _follow(self, widget: QWidget | None) -> None:
        ring = self._drop()
        if ring is not None:
            # The old control may be on its way out (its destructor moves the focus); its
            # children go with it, and Qt drops a pending deletion of an object already gone.
            ring.hide()
            ring.deleteLater()
        if widget is None or not takes_ring(widget):
            return
        # A QFocusFrame with no widget to follow paints nothing itself, takes no focus, lets the
        # mouse through and is left out of the accessibility tree, all set in C++ (no Qt enum
        # named here); it only fills its background, masked to the ring.
        ring = QFocusFrame(widget)
        ring.setObjectName(RING_NAME)
        ring.setBackgroundRole(QPalette.ColorRole.Window)
        ring.setAutoFillBackground(True)
        self._control, self._ring = widget, ring
        self._colour()
        self._fit()
        ring.show()
        widget.installEventFilter(self)

    def _alive(self) -> bool:
        return self._ring is not None and shiboken6.isValid(self._ring)

    def _drop(self) -> QWidget | None:
        """Forget the ringed control; the ring widget if it still exists."""
        control, ring = self._control, self._ring
        self._control = self._ring = None
        if control is not None and shiboken6.isValid(control):
            control.removeEventFilter(self)
        return ring if ring is not None and shiboken6.isValid(ring) else None

    def _colour(self) -> None:
        assert self._control is not None and self._ring is not None
        palette = self._ring.palette()
        palette.setColor(QPalette.ColorRole.Window, ring_colour(self._control.palette()))
        self._ring.setPalette(palette)

    def _fit(self) -> None:
        assert self._control is not None and self._ring is not None
        rect = self._control.rect()
        inside = rect.adjusted(RING_WIDTH, RING_WIDTH, -RING_WIDTH, -RING_WIDTH)
        self._ring.setGeometry(rect)
        from PySide6.QtGui import QRegion  # noqa: PLC0415 - a ring is fitted only once the keyboard moves

        self._ring.setMask(QRegion(rect).subtracted(QRegion(inside)))
        # Above the control's own children (a scroll area's viewport and scroll bars).
        self._ring.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._control and self._alive():
            kind = event.type()
            if kind == QEvent.Type.Resize:
                self._fit()
            elif kind == QEvent.Type.ChildAdded:
                assert self._ring is not None
                self._ring.raise_()
            elif kind == QEvent.Type.PaletteChange:
                self._colour()
        return False


_ring: FocusRing | None = None


def enable(app: QApplication) -> None:
    """Ring the focused control from now on (the system theme)."""
    global _ring  # noqa: PLW0603 - one ring follows the one application's focus
    if _ring is None or not shiboken6.isValid(_ring):
        _ring = FocusRing(app)


def disable() -> None:
    """No ring any more (a forced theme draws its own with a style sheet)."""
    global _ring  # noqa: PLW0603 - see enable
    if _ring is not None and shiboken6.isValid(_ring):
        _ring.close()
        shiboken6.delete(_ring)
    _ring = None
