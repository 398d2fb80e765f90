"""The gentle break prompt: a small window near the tray that never takes the keyboard.

It is a frameless tool window kept above others, shown with ``WA_ShowWithoutActivating``
and ``Qt.WindowDoesNotAcceptFocus`` so whatever the person is typing into keeps the
keyboard; its buttons take no focus either, so no key press can answer it by accident. A
window manager that activates it anyway (some ignore the hint) gets the activation handed
straight back to the window that had it.

On Wayland a client cannot refuse the keyboard for a window of its own, and compositors
without focus-stealing prevention (weston, for one) give it to every new toplevel. So there,
while the app has a window on screen, the prompt is shown as a popup of that window (a
``Qt.ToolTip``: an xdg_popup without a grab), which the compositor never focuses.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, Signal, SignalInstance
from PySide6.QtGui import QGuiApplication, QIcon, QScreen, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from stretchapp import resources
from stretchapp.core import text as words
from stretchapp.core.i18n import _
from stretchapp.ui.common.announce import announce
from stretchapp.ui.common.theme import muted_text

log = logging.getLogger(__name__)

MARGIN = 16  # from the screen edge or the tray icon
WIDTH = 380


def _about(seconds: float) -> str:
    return words.minutes_long(max(1.0, seconds / 60))  # at least a minute: "0 minutes" is no help


def prompt_text(routine_title: str, routine_seconds: float | None, worked_seconds: float) -> str:
    """The prompt's main line, in plain words."""
    worked = f"You have been at it for {_about(worked_seconds)}."
    if routine_seconds:
        return f"{worked} {routine_title} takes about {_about(routine_seconds)}."
    return f"{worked} {routine_title} is ready when you are."


def reminder_text(reminder: int, final: bool) -> str:
    if final:
        return "Last reminder for this break: after this one I will wait for the next."
    if reminder:
        return "A reminder, in case you missed it."
    return ""


def _wayland_host(prompt: QWidget) -> QWidget | None:
    """On Wayland, the app's window on screen to hang the prompt from; else None."""
    if not QGuiApplication.platformName().startswith("wayland"):
        return None
    active = QApplication.activeWindow()
    candidates = [active] if active is not None else []
    candidates += QApplication.topLevelWidgets()
    for window in candidates:
        if (
            window is not prompt
            and window.isWindow()
            and window.isVisible()
            and not window.isMinimized()
            and window.windowType() in {Qt.WindowType.Window, Qt.WindowType.Dialog}
        ):
            return window
    return None


class BreakPrompt(QWidget):
    """Start, Snooze or Skip; every button hides the prompt and emits its signal."""

    startRequested = Signal()
    snoozeRequested = Signal()
    skipRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        flags = (
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.WindowDoesNotAcceptFocus
        )
        super().__init__(parent, flags)
        self._toplevel_flags = flags
        self.setObjectName("breakPrompt")
        self.setWindowTitle("Time for a stretch")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_X11DoNotAcceptFocus)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._give_back_to: QWidget | None = None

        card = QFrame(self)
        card.setObjectName("card")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(card)

        self.setAccessibleName(_("Break reminder"))
        icon = QLabel(card)
        icon.setPixmap(QIcon(str(resources.app_icon())).pixmap(40, 40))
        icon.setAccessibleName(_("stretchapp"))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.title_label = QLabel("Time for a stretch", card)
        self.title_label.setObjectName("title")
        self.body_label = QLabel(card)
        self.body_label.setWordWrap(True)
        self.reminder_label = QLabel(card)
        self.reminder_label.setWordWrap(True)
        self.reminder_label.setObjectName("reminder")

        self.start_button = self._button("Start", card, self.startRequested)
        self.start_button.setObjectName("start")
        self.snooze_button = self._button(f"Snooze {words.minutes(5)}", card, self.snoozeRequested)
        self.skip_button = self._button("Skip", card, self.skipRequested)
        self.start_button.setToolTip("Start the break routine now")
        self.snooze_button.setToolTip("Remind me again a little later")
        self.skip_button.setToolTip("Skip this break; the next one comes after the usual work time")
        for button in (self.start_button, self.snooze_button, self.skip_button):
            button.setAccessibleDescription(button.toolTip())

        text = QVBoxLayout()
        text.setSpacing(6)
        text.addWidget(self.title_label)
        text.addWidget(self.body_label)
        text.addWidget(self.reminder_label)
        top = QHBoxLayout()
        top.setSpacing(14)
        top.addWidget(icon)
        top.addLayout(text, 1)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.snooze_button)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(18, 16, 18, 16)
        layout.setSpacing(14)
        layout.addLayout(top)
        layout.addLayout(buttons)
        self._style()
        self.setFixedWidth(WIDTH)

    def _button(self, text: str, parent: QWidget, signal: SignalInstance) -> QPushButton:
        button = QPushButton(text, parent)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setAutoDefault(False)
        button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        button.setMinimumHeight(32)
        button.clicked.connect(self.withdraw)
        # Signal to signal, so Qt emits it: a Python-side emit() leaks a reference to True in
        # PySide6 6.12 on Python < 3.12, which ends in a crash after a few hundred emits.
        button.clicked.connect(signal)
        return button

    def _style(self) -> None:
        palette = self.palette()
        quiet = muted_text(palette).name()
        mid = palette.color(palette.ColorRole.Mid).name()
        highlight = palette.color(palette.ColorRole.Highlight).name()
        on_highlight = palette.color(palette.ColorRole.HighlightedText).name()
        self.setStyleSheet(
            f"""
            #card {{ background: palette(window); border: 1px solid {mid}; border-radius: 10px; }}
            #title {{ font-size: 12pt; font-weight: 600; }}
            #reminder {{ color: {quiet}; }}
            QPushButton {{ padding: 4px 14px; }}
            QPushButton#start {{ background: {highlight}; color: {on_highlight}; font-weight: 600;
                border: 1px solid {highlight}; border-radius: 5px; padding: 4px 18px; }}
            """
        )

    # -- showing -------------------------------------------------------------------------
    def present(
        self,
        *,
        routine_title: str,
        routine_seconds: float | None,
        worked_seconds: float,
        snooze_minutes: int,
        reminder: int = 0,
        final: bool = False,
        anchor: QRect | None = None,
        screen: QScreen | None = None,
    ) -> None:
        """Fill in the text and show the prompt on ``screen`` (the one the person works on).

        It goes near ``anchor`` (the tray icon) when the icon is on that screen, else in the
        screen's corner. Without a screen, the icon's screen or the primary one.
        """
        self.body_label.setText(prompt_text(routine_title, routine_seconds, worked_seconds))
        note = reminder_text(reminder, final)
        self.reminder_label.setText(note)
        self.reminder_label.setVisible(bool(note))
        self.snooze_button.setText(f"Snooze {words.minutes(snooze_minutes)}")
        self.adjustSize()
        host = _wayland_host(self)
        self._host_in(host)
        target = self._screen(anchor, screen)
        if host is not None:
            self.move(self._place(None, host.screen(), host.frameGeometry()))
        else:
            self.setScreen(target)
            self.move(self._place(anchor, target))
        self.setAccessibleDescription(" ".join(t for t in (self.body_label.text(), note) if t))
        if not self.isVisible():
            self.show()
        # Said by a screen reader without moving its focus, as the keyboard stays put too.
        announce(self, " ".join(t for t in (self.title_label.text(), self.body_label.text(), note) if t))

    def withdraw(self) -> None:
        """Hide without answering (the break was taken some other way)."""
        self.hide()
        self._give_back_to = None
        if self.windowType() == Qt.WindowType.ToolTip:
            self._host_in(None)  # not left hanging from a window that may close

    @staticmethod
    def _screen(anchor: QRect | None, screen: QScreen | None) -> QScreen:
        if screen is not None:
            return screen
        at_anchor = (
            QGuiApplication.screenAt(anchor.center()) if anchor is not None and anchor.isValid() else None
        )
        return at_anchor or QGuiApplication.primaryScreen()

    def _host_in(self, host: QWidget | None) -> None:
        """Become a popup of ``host`` (Wayland), or a toplevel of our own again."""
        if host is self.parentWidget() and (host is None) == (self.windowType() != Qt.WindowType.ToolTip):
            return
        was_visible = self.isVisible()
        if host is not None:
            self.setParent(host, self._toplevel_flags & ~Qt.WindowType.Tool | Qt.WindowType.ToolTip)
        else:
            self.setParent(None, self._toplevel_flags)
        if was_visible:
            self.show()

    def _place(self, anchor: QRect | None, screen: QScreen, within: QRect | None = None) -> QPoint:
        area = within if within is not None else screen.availableGeometry()
        if anchor is not None and not (anchor.isValid() and screen.geometry().contains(anchor.center())):
            anchor = None  # the tray is on another screen: use this screen's corner
        size = self.sizeHint().expandedTo(self.size())
        if anchor is not None and anchor.isValid():
            x = min(
                max(area.left() + MARGIN, anchor.center().x() - size.width() // 2),
                area.right() - size.width() - MARGIN,
            )
            below = anchor.center().y() < area.center().y()
            y = anchor.bottom() + MARGIN if below else anchor.top() - size.height() - MARGIN
            y = min(max(area.top() + MARGIN, y), area.bottom() - size.height() - MARGIN)
            return QPoint(x, y)
        return QPoint(area.right() - size.width() - MARGIN, area.bottom() - size.height() - MARGIN)

    # -- keeping the keyboard where it was -------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        active = QApplication.activeWindow()
        self._give_back_to = active if active is not None and active is not self else None
        super().showEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            other = self._give_back_to
            if other is not None and other.isVisible():
                log.debug("break prompt: activated by the window system; handing the keyboard back")
                handle = other.windowHandle()
                if handle is not None:
                    handle.requestActivate()
