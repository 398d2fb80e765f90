"""The exercise's illustration, mirrored for a left-side phase when the drawing shows the right.

A picture is checked (:mod:`stretchapp.routines.pictures`) each time it is set, from the bytes
read then, so a file changed since the routine was loaded is never drawn unchecked; one that
is refused leaves the area empty (and is logged once) rather than stalling the session. A
picture is drawn once per size into a pixmap of bounded size (SVG stays sharp, PNG and JPEG
are scaled smoothly) and repaints only copy that pixmap.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from stretchapp.routines import pictures
from stretchapp.ui.common.drawing import Picture, bounded, open_picture

log = logging.getLogger(__name__)

KEPT_PICTURES = 8  # a routine shows a handful of drawings; keep them open between phases


class ExerciseImage(QWidget):
    """Shows one illustration, optionally mirrored left-to-right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._path: Path | None = None
        self._mirrored = False
        self._picture: Picture | None = None
        self._pictures: OrderedDict[bytes, Picture] = OrderedDict()
        self._pixmap: QPixmap | None = None
        self._pixmap_size = QSize()
        self._reported: set[tuple[Path, str]] = set()
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
        return self._picture is not None

    def set_image(self, path: Path | None, *, mirrored: bool = False) -> None:
        if path == self._path and mirrored == self._mirrored:
            return
        self._path, self._mirrored = path, mirrored
        picture = self._open(path) if path is not None else None
        if picture is not self._picture:
            self._picture, self._pixmap = picture, None
        side = " (mirrored for the left side)" if mirrored else ""
        self.setAccessibleDescription(f"Drawing of the exercise{side}" if self.has_image() else "")
        self.update()

    def _open(self, path: Path) -> Picture | None:
        checked = pictures.read_checked(path)
        refusal = checked.check.refusal
        if refusal is not None:
            if (path, refusal.reason) not in self._reported:
                self._reported.add((path, refusal.reason))
                log.warning("not showing the picture %s: %s", path, refusal.reason)
            return None
        picture = self._pictures.get(checked.digest)
        if picture is None:
            picture = open_picture(checked)
            if picture is None:
                log.warning("cannot show illustration %s", path)
                return None
            self._pictures[checked.digest] = picture
            while len(self._pictures) > KEPT_PICTURES:
                self._pictures.popitem(last=False)
        self._pictures.move_to_end(checked.digest)
        return picture

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

    def _pixmap_for(self, target: QRectF) -> QPixmap:
        """The picture drawn at the target's size in device pixels, at most the render limit."""
        assert self._picture is not None
        ratio = self.devicePixelRatioF()
        size = bounded(QSize(round(target.width() * ratio), round(target.height() * ratio)))
        if self._pixmap is None or size != self._pixmap_size:
            self._pixmap = QPixmap.fromImage(self._picture.render(size))
            self._pixmap_size = size
        return self._pixmap

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._picture is None:
            return
        target = self._target(self._picture.natural_size)
        if target.width() < 1 or target.height() < 1:
            return
        pixmap = self._pixmap_for(target)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if self._mirrored:
            painter.translate(self.width(), 0)
            painter.scale(-1, 1)
        painter.drawPixmap(target, pixmap, QRectF(pixmap.rect()))
        painter.end()
