"""The cautions a routine asks a person to read once, before its first start."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from stretchapp.core.model import Routine


class CautionsDialog(QDialog):
    """Lists the routine's cautions; "Start" acknowledges them, "Cancel" does not start."""

    def __init__(self, routine: Routine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Before you start: {routine.title}")
        self.setAccessibleName("Cautions")
        items = "".join(f"<li style='margin-bottom:6px'>{html.escape(c)}</li>" for c in routine.cautions)
        text = QLabel(
            f"<p><b>Please read this once before your first {html.escape(routine.title)}:</b></p><ul>{items}</ul>"
        )
        text.setWordWrap(True)
        text.setAccessibleName("Cautions text")
        font = text.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        text.setFont(font)
        buttons = QDialogButtonBox()
        self.start_button = buttons.addButton(
            "I have read this, start", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.start_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
