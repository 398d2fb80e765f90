"""After "Sharp pain": what to do now, and whether to leave that exercise out next time."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from stretchapp.core.checkin import safety_advice
from stretchapp.core.i18n import _


class SafetyDialog(QDialog):
    """The safety advice; its check box offers to leave ``exercise`` out of the routine next time."""

    def __init__(self, exercise: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("The routine has stopped"))
        self.setAccessibleName(_("Safety advice"))
        heading = _("You felt a sharp pain during {exercise}.").format(exercise=exercise)
        items = "".join(f"<li style='margin-bottom:6px'>{html.escape(line)}</li>" for line in safety_advice())
        text = QLabel(f"<p><b>{html.escape(heading)}</b></p><ul>{items}</ul>")
        text.setWordWrap(True)
        text.setAccessibleName(_("Safety advice"))
        font = text.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        text.setFont(font)
        self.leave_out = QCheckBox(
            _(
                "Leave {exercise} out of this routine next time (bring it back from the routine's details)"
            ).format(exercise=exercise)
        )
        self.leave_out.setChecked(True)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(_("Back to the routines"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.leave_out)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)


def ask_leave_out(exercise: str, parent: QWidget | None) -> bool:
    """Show the advice; True when the person wants ``exercise`` left out next time."""
    dialog = SafetyDialog(exercise, parent)
    dialog.exec()
    return dialog.leave_out.isChecked()
