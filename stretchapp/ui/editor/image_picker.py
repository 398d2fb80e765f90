"""Choosing an illustration for an exercise: the bundled drawings and the routine's folder.

Each picture shows as a thumbnail with its name; choosing one gives the name to write after
``image:``, which the loader looks up in the routine's folder, then among the bundled ones.
Every file is checked before its thumbnail is drawn (and read without blocking, so a pipe
named like a picture never stalls the dialog); one the app would refuse shows as a marked
tile saying why, and cannot be chosen.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stretchapp import resources
from stretchapp.core.i18n import N_, _
from stretchapp.routines.loader import IMAGE_SUFFIXES
from stretchapp.routines.pictures import Refusal
from stretchapp.ui.common import drawing

THUMB = 120
NAME_ROLE = Qt.ItemDataRole.UserRole  # the name to write after "image:"
USABLE_ROLE = Qt.ItemDataRole.UserRole + 1
REFUSED_TEXT = N_("cannot be used")


def picture_files(routine_folder: Path) -> list[tuple[str, Path]]:
    """(name to write, file) for every picture the routine may name; its own folder first."""
    found: dict[str, Path] = {}
    for folder in (routine_folder, resources.images_dir()):
        if folder.is_dir():
            for file in sorted(folder.iterdir()):
                if file.suffix.lower() in IMAGE_SUFFIXES and file.name not in found:
                    found[file.name] = file
    return list(found.items())


def thumbnail(file: Path) -> tuple[QPixmap, Refusal | None]:
    """The picture drawn in a THUMB-sized tile, or a marked tile and why the file cannot be used."""
    picture, refusal = drawing.load(file)
    if picture is None:
        return refused_tile(), refusal
    natural = picture.natural_size
    fitted = QSize(THUMB, THUMB)
    if not natural.isEmpty():
        fitted = natural.scaled(fitted, Qt.AspectRatioMode.KeepAspectRatio)
    drawn = picture.render(fitted)
    tile = QImage(THUMB, THUMB, QImage.Format.Format_ARGB32_Premultiplied)
    tile.fill(Qt.GlobalColor.transparent)
    painter = QPainter(tile)
    painter.drawImage((THUMB - drawn.width()) // 2, (THUMB - drawn.height()) // 2, drawn)
    painter.end()
    return QPixmap.fromImage(tile), None


def refused_tile() -> QPixmap:
    """A grey tile with a warning sign: this file is not drawn."""
    tile = QImage(THUMB, THUMB, QImage.Format.Format_ARGB32_Premultiplied)
    tile.fill(Qt.GlobalColor.transparent)
    painter = QPainter(tile)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#8a8f99"), 3, Qt.PenStyle.DashLine))
    painter.setBrush(QColor(138, 143, 153, 40))
    painter.drawRoundedRect(QRectF(4, 4, THUMB - 8, THUMB - 8), 10, 10)
    font = QFont()
    font.setPixelSize(44)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#b3541e"))
    painter.drawText(QRectF(0, 10, THUMB, 60), Qt.AlignmentFlag.AlignCenter, "!")
    font.setPixelSize(14)
    font.setBold(False)
    painter.setFont(font)
    painter.setPen(QColor("#5b616d"))
    painter.drawText(
        QRectF(6, 66, THUMB - 12, 44),
        Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
        _("Cannot be used"),
    )
    painter.end()
    return QPixmap.fromImage(tile)


class ImagePicker(QDialog):
    """Thumbnails to choose from; ``chosen()`` is the name to write after ``image:``."""

    def __init__(self, routine_folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Choose a picture"))
        self.resize(640, 460)
        self.list = QListWidget()
        self.list.setAccessibleName(_("Pictures"))
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setSpacing(8)
        for name, file in picture_files(routine_folder):
            pixmap, refusal = thumbnail(file)
            if refusal is None:
                item = QListWidgetItem(QIcon(pixmap), name)
                item.setToolTip(str(file))
            else:
                item = QListWidgetItem(QIcon(pixmap), f"{name}\n({_(REFUSED_TEXT)})")
                hint = refusal.hint[:1].upper() + refusal.hint[1:]
                item.setToolTip(
                    _("{file}\nThis picture cannot be used: {reason}.\n{hint}.").format(
                        file=file, reason=refusal.reason, hint=hint
                    )
                )
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # shown, with its tooltip, but not choosable
                item.setForeground(self.palette().placeholderText())
            item.setData(NAME_ROLE, name)
            item.setData(USABLE_ROLE, refusal is None)
            self.list.addItem(item)
        usable = [row for row in range(self.list.count()) if self.list.item(row).data(USABLE_ROLE)]
        self.list.setCurrentRow(usable[0] if usable else -1)
        self.list.itemActivated.connect(self._on_activated)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Drawings show the right side; the player mirrors them for the left.")))
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def _on_activated(self, item: QListWidgetItem) -> None:
        if item.data(USABLE_ROLE):
            self.accept()

    def chosen(self) -> str | None:
        """The name to write after ``image:``; None when nothing usable is chosen."""
        item = self.list.currentItem()
        if item is None or not item.data(USABLE_ROLE):
            return None
        name = item.data(NAME_ROLE)
        return name if isinstance(name, str) else None
