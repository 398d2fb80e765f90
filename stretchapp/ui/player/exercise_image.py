"""The exercise's illustration, mirrored for a left-side phase when the drawing shows the right.

A picture is checked (:mod:`stretchapp.routines.pictures`) each time it is set, from the bytes
read then, so a file changed since the routine was loaded is never drawn unchecked; one that
is refused leaves the area empty (and is logged once) rather than stalling the session. A
picture is drawn once per size into a pixmap of bounded size (SVG stays sharp, PNG and JPEG
are scaled smoothly) and repaints only copy that pixmap. In high contrast, a drawing's
outlines too dark to see on the black window (under 3:1) are drawn in the window's text
colour; only colours of the checked bytes change, so the check still holds.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from stretchapp.core.i18n import _
from stretchapp.core.logger import get_logger
from stretchapp.routines import pictures
from stretchapp.ui.common import theme
from stretchapp.ui.common.drawing import Picture, bounded, open_picture

log = get_logger(__name__)

KEPT_PICTURES = 8  # a routine shows a handful of drawings; keep them open between phases
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
        self._picture: Picture | None = None
        self._pictures: OrderedDict[tuple[bytes, bool], Picture] = OrderedDict()
        self._pixmap: QPixmap | None = None
        self._pixmap_size = QSize()
        self._reported: set[tuple[Path, str]] = set()
        # The player places the drawing itself; its size never feeds back into the layout.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setAccessibleName(_("Illustration"))

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def mirrored(self) -> bool:
        return self._mirrored

    def has_image(self) -> bool:
        return self._picture is not None

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._path is not None:
            path, self._path = self._path, None
            self.set_image(path, mirrored=self._mirrored)

    def set_image(self, path: Path | None, *, mirrored: bool = False) -> None:
        if path == self._path and mirrored == self._mirrored:
            return
        self._path, self._mirrored = path, mirrored
        picture = self._open(path) if path is not None else None
        if picture is not self._picture:
            self._picture, self._pixmap = picture, None
        if not self.has_image():
            description = ""
        elif mirrored:
            description = _("Drawing of the exercise (mirrored for the left side)")
        else:
            description = _("Drawing of the exercise")
        self.setAccessibleDescription(description)
        self.update()

    def _open(self, path: Path) -> Picture | None:
        checked = pictures.read_checked(path)
        refusal = checked.check.refusal
        if refusal is not None:
            if (path, refusal.reason) not in self._reported:
                self._reported.add((path, refusal.reason))
                log.warning("not showing the picture %s: %s", path, refusal.reason)
            return None
        palette = self.palette()
        contrast = theme.is_high_contrast(palette) and checked.check.kind == pictures.SVG
        key = (checked.digest, contrast)
        picture = self._pictures.get(key)
        if picture is None:
            if contrast:
                text = outlines_for(
                    checked.data.decode("utf-8", "replace"),
                    palette.color(QPalette.ColorRole.Window),
                    palette.color(QPalette.ColorRole.WindowText),
                )
                checked = checked._replace(data=text.encode("utf-8"))
            picture = open_picture(checked)
            if picture is None:
                log.warning("cannot show illustration %s", path)
                return None
            self._pictures[key] = picture
            while len(self._pictures) > KEPT_PICTURES:
                self._pictures.popitem(last=False)
        self._pictures.move_to_end(key)
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
