"""The cautions and contraindications a routine asks a person to read once, before its first start."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from stretchapp.core.model import Routine


class CautionsDialog(QDialog):
    """Lists the routine's contraindications and cautions; "Start" acknowledges them, "Cancel" does not start."""

    def __init__(self, routine: Routine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Before you start: {routine.title}")
        self.setAccessibleName("Cautions")
        parts = [f"<p><b>Please read this once before your first {html.escape(routine.title)}:</b></p>"]
        if routine.contraindications:
            parts.append("<p><b>Do not do this routine, or ask a doctor first:</b></p>")
            parts.append(_items(routine.contraindications))
        if routine.cautions:
            if routine.contraindications:
                parts.append("<p><b>While you stretch:</b></p>")
            parts.append(_items(routine.cautions))
        text = QLabel("".join(parts))
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


def _items(texts: tuple[str, ...]) -> str:
    return "<ul>" + "".join(f"<li style='margin-bottom:6px'>{html.escape(t)}</li>" for t in texts) + "</ul>"
