"""The exercise's illustration, mirrored for a left-side phase when the drawing shows the right.

SVG drawings are rendered with QtSvg at the widget's size, so they stay sharp at any
window size; PNG and JPEG files are scaled smoothly. In high contrast, a drawing's outlines
too dark to see on the black window (under 3:1) are drawn in the window's text colour. A file that cannot be read leaves
the area empty (and logs once) rather than interrupting the session.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from stretchapp.ui.common import theme

if TYPE_CHECKING:
    from PySide6.QtSvg import QSvgRenderer

log = logging.getLogger(__name__)

OUTLINE_CONTRAST = 3.0  # WCAG 2.2 for the parts of a graphic that tell what it shows
_STROKE = re.compile(r'(stroke\s*[:=]\s*"?)(#[0-9a-fA-F]{6})\b')


def outlines_for(svg: str, background: QColor, ink: QColor) -> str:
    """``svg`` with every outline (stroke) under 3:1 against ``background`` drawn in ``ink``."""

    def swap(match: re.Match[str]) -> str:
        colour = QColor(match.group(2))
        if theme.contrast_ratio(colour, background) >= OUTLINE_CONTRAST:
            return match.group(0)
        return match.group(1) + ink.name()

    return _STROKE.sub(swap, svg)


class ExerciseImage(QWidget):
    """Shows one illustration, optionally mirrored left-to-right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._path: Path | None = None
        self._mirrored = False
        self._svg: QSvgRenderer | None = None
        self._bitmap: QImage | None = None
        self._cache: dict[tuple[Path, bool], QSvgRenderer | QImage | None] = {}
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setAccessibleName("Illustration")

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def mirrored(self) -> bool:
        return self._mirrored

    def has_image(self) -> bool:
        return self._svg is not None or self._bitmap is not None

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._path is not None:
            path, self._path = self._path, None
            self.set_image(path, mirrored=self._mirrored)

    def set_image(self, path: Path | None, *, mirrored: bool = False) -> None:
        if path == self._path and mirrored == self._mirrored:
            return
        self._path, self._mirrored = path, mirrored
        self._svg, self._bitmap = None, None
        if path is not None:
            key = (path, theme.is_high_contrast(self.palette()))
            loaded = self._cache.get(key) if key in self._cache else self._load(path)
            self._cache[key] = loaded
            if loaded is not None and not isinstance(loaded, QImage):
                self._svg = loaded
            elif isinstance(loaded, QImage):
                self._bitmap = loaded
        side = " (mirrored for the left side)" if mirrored else ""
        self.setAccessibleDescription(f"Drawing of the exercise{side}" if self.has_image() else "")
        self.update()

    def _load(self, path: Path) -> QSvgRenderer | QImage | None:
        if path.suffix.lower() == ".svg":
            from PySide6.QtSvg import QSvgRenderer  # noqa: PLC0415 - QtSvg loads with the first drawing

            palette = self.palette()
            if theme.is_high_contrast(palette):
                try:
                    text = path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):
                    text = ""
                window = palette.color(QPalette.ColorRole.Window)
                ink = palette.color(QPalette.ColorRole.WindowText)
                renderer = QSvgRenderer(outlines_for(text, window, ink).encode("utf-8"), self)
            else:
                renderer = QSvgRenderer(str(path), self)
            if renderer.isValid():
                return renderer
        else:
            image = QImage(str(path))
            if not image.isNull():
                return image
        log.warning("cannot show illustration %s", path)
        return None

    def sizeHint(self) -> QSize:
        return QSize(320, 320)

    def _target(self, natural: QSize) -> QRectF:
        area = QRectF(self.rect()).adjusted(8, 8, -8, -8)
        if natural.isEmpty():
            return area
        scaled = natural.scaled(area.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
        return QRectF(
            area.left() + (area.width() - scaled.width()) / 2,
            area.top() + (area.height() - scaled.height()) / 2,
            scaled.width(),
            scaled.height(),
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.has_image():
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if self._mirrored:
            painter.translate(self.width(), 0)
            painter.scale(-1, 1)
        if self._svg is not None:
            self._svg.render(painter, self._target(self._svg.defaultSize()))
        elif self._bitmap is not None:
            painter.drawImage(self._target(self._bitmap.size()), self._bitmap)
        painter.end()
