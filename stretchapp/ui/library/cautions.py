"""The cautions and contraindications a routine asks a person to read once, before its first start."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from stretchapp.core.i18n import _
from stretchapp.core.model import Routine


class CautionsDialog(QDialog):
    """Lists the routine's contraindications and cautions; "Start" acknowledges them, "Cancel" does not start."""

    def __init__(self, routine: Routine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Before you start: {title}").format(title=routine.title))
        self.setAccessibleName(_("Cautions"))
        parts = [
            _("<p><b>Please read this once before your first {title}:</b></p>").format(
                title=html.escape(routine.title)
            )
        ]
        if routine.contraindications:
            parts.append(_("<p><b>Do not do this routine, or ask a doctor first:</b></p>"))
            parts.append(_items(routine.contraindications))
        if routine.cautions:
            if routine.contraindications:
                parts.append(_("<p><b>While you stretch:</b></p>"))
            parts.append(_items(routine.cautions))
        text = QLabel("".join(parts))
        text.setWordWrap(True)
        text.setAccessibleName(_("Cautions text"))
        font = text.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        text.setFont(font)
        buttons = QDialogButtonBox()
        self.start_button = buttons.addButton(
            _("I have read this, start"), QDialogButtonBox.ButtonRole.AcceptRole
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
