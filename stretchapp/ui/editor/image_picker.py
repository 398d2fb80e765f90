"""Choosing an illustration for an exercise: the bundled drawings and the routine's folder.

Each picture shows as a thumbnail with its name; choosing one gives the name to write after
``image:``, which the loader looks up in the routine's folder, then among the bundled ones.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
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
from stretchapp.routines.loader import IMAGE_SUFFIXES

THUMB = 120


def picture_files(routine_folder: Path) -> list[tuple[str, Path]]:
    """(name to write, file) for every picture the routine may name; its own folder first."""
    found: dict[str, Path] = {}
    for folder in (routine_folder, resources.images_dir()):
        if folder.is_dir():
            for file in sorted(folder.iterdir()):
                if file.suffix.lower() in IMAGE_SUFFIXES and file.name not in found:
                    found[file.name] = file
    return list(found.items())


def thumbnail(file: Path) -> QPixmap:
    image = QImage(THUMB, THUMB, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    if file.suffix.lower() == ".svg":
        QSvgRenderer(str(file)).render(painter)
    else:
        picture = QImage(str(file)).scaled(
            THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        painter.drawImage((THUMB - picture.width()) // 2, (THUMB - picture.height()) // 2, picture)
    painter.end()
    return QPixmap.fromImage(image)


class ImagePicker(QDialog):
    """Thumbnails to choose from; ``chosen()`` is the name to write after ``image:``."""

    def __init__(self, routine_folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Choose a picture")
        self.resize(640, 460)
        self.list = QListWidget()
        self.list.setAccessibleName("Pictures")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setSpacing(8)
        for name, file in picture_files(routine_folder):
            item = QListWidgetItem(QIcon(thumbnail(file)), name)
            item.setToolTip(str(file))
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Drawings show the right side; the player mirrors them for the left."))
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return item.text() if item is not None else None
