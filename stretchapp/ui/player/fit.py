"""Fitting the player's texts into the space there is: measuring wrapped text at a font size.

The player never asks a label how big it wants to be; it chooses sizes from the window
and checks with these helpers that each text fits the rectangle it is given. The same
measure tells the layout report whether a visible text is cut.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

WRAP = Qt.TextFlag.TextWordWrap
SOFT_HYPHEN = "\u00ad"
LONG_WORD = 18  # longer words get places where a line may break (shown with a hyphen)


def breakable(text: str) -> str:
    """``text`` with soft hyphens inside very long words, so that a narrow window can wrap them."""
    return re.sub(rf"\w{{{LONG_WORD},}}", _hyphenate, text)


def _hyphenate(match: re.Match[str]) -> str:
    word = match.group(0)
    pieces = [word[i : i + 8] for i in range(0, len(word), 8)]
    if len(pieces) > 1 and len(pieces[-1]) < 4:
        pieces[-2:] = [pieces[-2] + pieces[-1]]
    return SOFT_HYPHEN.join(pieces)


BUTTON_PAD = (14, 8)  # horizontal and vertical padding inside a button, in pixels


def sized(base: QFont, pixels: float, *, bold: bool = False) -> QFont:
    font = QFont(base)
    font.setPixelSize(max(1, round(pixels)))
    font.setBold(bold)
    return font


def wrapped(font: QFont, width: int, text: str) -> QSize:
    """The size ``text`` takes wrapped at word boundaries within ``width`` (wider when a word cannot break)."""
    if not text:
        return QSize(0, 0)
    metrics = QFontMetrics(font)
    rect = metrics.boundingRect(QRect(0, 0, max(1, width), 1_000_000), int(WRAP), text)
    return QSize(rect.width(), rect.height())


def one_line(font: QFont, text: str) -> QSize:
    metrics = QFontMetrics(font)
    return QSize(metrics.horizontalAdvance(text), metrics.height())


def button_size(font: QFont, text: str) -> QSize:
    line = one_line(font, text)
    return QSize(line.width() + 2 * BUTTON_PAD[0] + 4, line.height() + 2 * BUTTON_PAD[1] + 2)


def text_fits(widget: QWidget) -> bool:
    """Whether a label's or a button's text is drawn whole inside its contents rectangle."""
    if isinstance(widget, QPushButton):
        need = one_line(widget.font(), widget.text())
        inner = widget.contentsRect().adjusted(BUTTON_PAD[0] // 2, 0, -(BUTTON_PAD[0] // 2), 0)
        return need.width() <= inner.width() and need.height() <= inner.height()
    if isinstance(widget, QLabel):
        inner = widget.contentsRect()
        if widget.wordWrap():
            need = wrapped(widget.font(), inner.width(), widget.text())
        else:
            need = one_line(widget.font(), widget.text())
        return need.width() <= inner.width() and need.height() <= inner.height()
    return True


def layout_report(window: QWidget) -> list[dict[str, object]]:
    """Every visible text of ``window`` with a text: its kind, rectangle (in the window), text,
    whether its text fits its rectangle and whether the rectangle lies inside the window.

    The countdown ring counts as a text (its digits), so a report covers what a person reads.
    """
    from stretchapp.ui.player.countdown_ring import CountdownRing  # noqa: PLC0415 - avoids a cycle

    elements: list[dict[str, object]] = []
    bounds = window.rect()
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.width() <= 0 or widget.height() <= 0:
            continue
        if isinstance(widget, CountdownRing):
            kind, text, fits = "countdown", widget.text, widget.digits_fit()
        elif isinstance(widget, QPushButton):
            kind, text, fits = "button", widget.text(), text_fits(widget)
        elif isinstance(widget, QLabel) and widget.text() and not _inside_menu_or_status(widget):
            kind, text, fits = widget.objectName() or "label", widget.text(), text_fits(widget)
        else:
            continue
        if not text:
            continue
        top_left = widget.mapTo(window, widget.rect().topLeft())
        rect = QRect(top_left, widget.size())
        elements.append(
            {
                "kind": kind,
                "name": widget.accessibleName() or widget.objectName(),
                "rect": [rect.x(), rect.y(), rect.width(), rect.height()],
                "text": text.replace(SOFT_HYPHEN, ""),
                "fits": bool(fits),
                "inside": bounds.contains(rect),
                "parent": id(widget.parentWidget()),
            }
        )
    return elements


def _inside_menu_or_status(widget: QWidget) -> bool:
    from PySide6.QtWidgets import QMenuBar, QStatusBar  # noqa: PLC0415

    parent: QWidget | None = widget
    while parent is not None:
        if isinstance(parent, (QMenuBar, QStatusBar)):
            return True
        parent = parent.parentWidget()
    return False
