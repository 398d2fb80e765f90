"""The exercise's illustration, mirrored for a left-side phase when the drawing shows the right.

SVG drawings are rendered with QtSvg at the widget's size, so they stay sharp at any
window size; PNG and JPEG files are scaled smoothly. A file that cannot be read leaves
the area empty (and logs once) rather than interrupting the session.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

if TYPE_CHECKING:
    from PySide6.QtSvg import QSvgRenderer

log = logging.getLogger(__name__)


class ExerciseImage(QWidget):
    """Shows one illustration, optionally mirrored left-to-right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._path: Path | None = None
        self._mirrored = False
        self._svg: QSvgRenderer | None = None
        self._bitmap: QImage | None = None
        self._cache: dict[Path, QSvgRenderer | QImage | None] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 120)
        self.setAccessibleName("Illustration")

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def mirrored(self) -> bool:
        return self._mirrored

    def has_image(self) -> bool:
        return self._svg is not None or self._bitmap is not None

    def set_image(self, path: Path | None, *, mirrored: bool = False) -> None:
        if path == self._path and mirrored == self._mirrored:
            return
        self._path, self._mirrored = path, mirrored
        self._svg, self._bitmap = None, None
        if path is not None:
            loaded = self._cache.get(path) if path in self._cache else self._load(path)
            self._cache[path] = loaded
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
