"""Drawing pictures that passed the checker, from the very bytes it checked, at a bounded size.

:mod:`stretchapp.routines.pictures` decides whether a picture may be drawn; this module is the
only one that hands picture bytes to Qt, and it hands over nothing else: a picture is read
once, checked, and given to QtSvg or the image reader as those bytes (never by its file name,
which would let Qt read the file again, or a file it names). The output is bounded too: a
picture is drawn into an image of at most :data:`MAX_RENDER_SIDE` pixels a side, however large
the window, and a large PNG or JPEG is decoded straight to that size.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QImageReader, QPainter
from PySide6.QtSvg import QSvgRenderer, QtSvg

from stretchapp.core.i18n import _
from stretchapp.routines import pictures
from stretchapp.routines.pictures import CheckedPicture, Refusal

MAX_RENDER_SIDE = 2048  # pixels; the player's picture is seldom a third of that


def bounded(size: QSize, limit: int = MAX_RENDER_SIDE) -> QSize:
    """``size`` scaled down to fit ``limit`` x ``limit`` (keeping its shape), at least 1 x 1."""
    width, height = max(1, size.width()), max(1, size.height())
    if width > limit or height > limit:
        scale = limit / max(width, height)
        width, height = max(1, round(width * scale)), max(1, round(height * scale))
    return QSize(width, height)


class Picture:
    """A checked picture, ready to draw at any size."""

    def __init__(self, digest: bytes, svg: QSvgRenderer | None, image: QImage | None) -> None:
        self.digest = digest
        self._svg = svg
        self._image = image

    @property
    def natural_size(self) -> QSize:
        if self._svg is not None:
            return self._svg.defaultSize()
        assert self._image is not None
        return self._image.size()

    def render(self, size: QSize) -> QImage:
        """The picture drawn to fill ``size`` (bounded by :data:`MAX_RENDER_SIDE`)."""
        size = bounded(size)
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        target = QRectF(0, 0, size.width(), size.height())
        if self._svg is not None:
            self._svg.render(painter, target)
        elif self._image is not None:
            painter.drawImage(target, self._image)
        painter.end()
        return image


def open_picture(checked: CheckedPicture) -> Picture | None:
    """Give a picture the checker passed to Qt; None when Qt cannot read it after all."""
    if not checked.check.ok or not checked.data:
        return None
    if checked.check.kind == pictures.SVG:
        renderer = QSvgRenderer()
        renderer.setOptions(QtSvg.Option.DisableAnimations)
        if not renderer.load(QByteArray(checked.data)) or not renderer.isValid():
            return None
        return Picture(checked.digest, renderer, None)
    buffer = QBuffer()
    buffer.setData(QByteArray(checked.data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    # The format named, so the reader never guesses one from the content.
    reader = QImageReader(buffer, b"png" if checked.check.kind == pictures.PNG else b"jpeg")
    natural = QSize(checked.check.width, checked.check.height)
    if natural.width() > MAX_RENDER_SIDE or natural.height() > MAX_RENDER_SIDE:
        reader.setScaledSize(bounded(natural))
    image = reader.read()
    buffer.close()
    if image.isNull():
        return None
    return Picture(checked.digest, None, image)


def load(path: Path) -> tuple[Picture | None, Refusal | None]:
    """Read, check and open the picture at ``path``: the picture, or why there is none."""
    checked = pictures.read_checked(path)
    if checked.check.refusal is not None:
        return None, checked.check.refusal
    picture = open_picture(checked)
    if picture is None:
        return None, Refusal(
            _("Qt cannot read the picture"), _("open it in an image program and save it again")
        )
    return picture, None
