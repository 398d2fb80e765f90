"""The gentle break prompt: a small window near the tray that never takes the keyboard.

It is a frameless tool window kept above others, shown with ``WA_ShowWithoutActivating``
and ``Qt.WindowDoesNotAcceptFocus`` so whatever the person is typing into keeps the
keyboard; its buttons take no focus either, so no key press can answer it by accident. A
window manager that activates it anyway (some ignore the hint) gets the activation handed
straight back to the window that had it.

Two opt-in ways to keep a break (``core/keep.py``): once the day's snoozes and skips are used
up the prompt offers only Start and "Not today"; a strict prompt cannot be put off for its
first seconds (the buttons count down), and meanwhile a small "Emergency: skip this break"
link is always there. As the prompt never takes the keyboard, that way out is a click.

On Wayland a client cannot refuse the keyboard for a window of its own, and compositors
without focus-stealing prevention (weston, for one) give it to every new toplevel. So there,
while the app has a window on screen, the prompt is shown as a popup of that window (a
``Qt.ToolTip``: an xdg_popup without a grab), which the compositor never focuses.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, QTimer, Signal, SignalInstance
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
from stretchapp.core.keep import postpones_text
from stretchapp.core.logger import get_logger
from stretchapp.ui.common.announce import announce
from stretchapp.ui.common.theme import muted_text

log = get_logger(__name__)

MARGIN = 16  # from the screen edge or the tray icon
WIDTH = 380


def _about(seconds: float) -> str:
    return words.minutes_long(max(1.0, seconds / 60))  # at least a minute: "0 minutes" is no help


def prompt_text(routine_title: str, routine_seconds: float | None, worked_seconds: float) -> str:
    """The prompt's main line, in plain words."""
    worked = _("You have been at it for {duration}.").format(duration=_about(worked_seconds))
    if routine_seconds:
        return _("{worked} {routine} takes about {duration}.").format(
            worked=worked, routine=routine_title, duration=_about(routine_seconds)
        )
    return _("{worked} {routine} is ready when you are.").format(worked=worked, routine=routine_title)


def reminder_text(reminder: int, final: bool) -> str:
    if final:
        return _("Last reminder for this break: after this one I will wait for the next.")
    if reminder:
        return _("A reminder, in case you missed it.")
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
    """Start, Snooze or Skip (or Not today); every button hides the prompt and emits its signal.

    ``clock`` is the monotonic clock a strict prompt counts down on; ``on_unlock`` (a plain
    callable, set by the owner) is called when a strict prompt's hold ends.
    """

    startRequested = Signal()
    snoozeRequested = Signal()
    skipRequested = Signal()
    notTodayRequested = Signal()
    emergencyRequested = Signal()

    def __init__(self, parent: QWidget | None = None, *, clock: Callable[[], float] = time.monotonic) -> None:
        flags = (
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.WindowDoesNotAcceptFocus
        )
        super().__init__(parent, flags)
        self._toplevel_flags = flags
        self.setObjectName("breakPrompt")
        self.setWindowTitle(_("Time for a stretch"))
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_X11DoNotAcceptFocus)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._give_back_to: QWidget | None = None
        self._limit_note = ""
        self._clock = clock
        self._locked_until: float | None = None
        self._snooze_text = ""
        self.on_unlock: Callable[[], None] | None = None
        self._lock_timer = QTimer(self)
        self._lock_timer.setSingleShot(True)
        self._lock_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._lock_timer.timeout.connect(self.update_lock)

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
        self.title_label = QLabel(_("Time for a stretch"), card)
        self.title_label.setObjectName("title")
        self.body_label = QLabel(card)
        self.body_label.setWordWrap(True)
        self.reminder_label = QLabel(card)
        self.reminder_label.setWordWrap(True)
        self.reminder_label.setObjectName("reminder")
        self.keep_label = QLabel(card)
        self.keep_label.setWordWrap(True)
        self.keep_label.setObjectName("reminder")
        self.keep_label.hide()

        self.start_button = self._button(_("Start"), card, self.startRequested)
        self.start_button.setObjectName("start")
        self.snooze_button = self._button(
            _("Snooze {minutes}").format(minutes=words.minutes(5)), card, self.snoozeRequested
        )
        self.skip_button = self._button(_("Skip"), card, self.skipRequested)
        self.start_button.setToolTip(_("Start the break routine now"))
        self.snooze_button.setToolTip(_("Remind me again a little later"))
        self.skip_button.setToolTip(_("Skip this break; the next one comes after the usual work time"))
        self.not_today_button = self._button(_("Not today"), card, self.notTodayRequested)
        self.not_today_button.setToolTip(_("No more reminders until tomorrow"))
        self.not_today_button.hide()
        self.emergency_button = self._button(_("Emergency: skip this break"), card, self.emergencyRequested)
        self.emergency_button.setObjectName("emergency")
        self.emergency_button.setFlat(True)
        self.emergency_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.emergency_button.setToolTip(_("Always there; it is noted in your break log"))
        self.emergency_button.hide()
        for button in (
            self.start_button,
            self.snooze_button,
            self.skip_button,
            self.not_today_button,
            self.emergency_button,
        ):
            button.setAccessibleDescription(button.toolTip())

        text = QVBoxLayout()
        text.setSpacing(6)
        text.addWidget(self.title_label)
        text.addWidget(self.body_label)
        text.addWidget(self.reminder_label)
        text.addWidget(self.keep_label)
        top = QHBoxLayout()
        top.setSpacing(14)
        top.addWidget(icon)
        top.addLayout(text, 1)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.snooze_button)
        buttons.addWidget(self.not_today_button)
        buttons.addWidget(self.start_button)
        way_out = QHBoxLayout()
        way_out.addWidget(self.emergency_button)
        way_out.addStretch(1)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(18, 16, 18, 16)
        layout.setSpacing(14)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addLayout(way_out)
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
            QPushButton#emergency {{ border: none; background: transparent; padding: 0;
                text-decoration: underline; color: {quiet}; }}
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
        postpones_left: int | None = None,
        strict_seconds: float = 0.0,
        screen: QScreen | None = None,
    ) -> None:
        """Fill in the text and show the prompt on ``screen`` (the one the person works on).

        It goes near ``anchor`` (the tray icon) when the icon is on that screen, else in the
        screen's corner. Without a screen, the icon's screen or the primary one.
        ``postpones_left`` is how many snoozes or skips remain today (None: no limit); at 0
        the prompt offers only Start and Not today. ``strict_seconds`` holds a prompt that
        was not already showing for that long before it can be put off.
        """
        self.body_label.setText(prompt_text(routine_title, routine_seconds, worked_seconds))
        note = reminder_text(reminder, final)
        self.reminder_label.setText(note)
        self.reminder_label.setVisible(bool(note))
        self._snooze_text = _("Snooze {minutes}").format(minutes=words.minutes(snooze_minutes))
        used_up = postpones_left is not None and postpones_left <= 0
        self.snooze_button.setVisible(not used_up)
        self.skip_button.setVisible(not used_up)
        self.not_today_button.setVisible(used_up)
        self._limit_note = "" if postpones_left is None else postpones_text(postpones_left)
        if not self.isVisible():
            self._locked_until = self._clock() + strict_seconds if strict_seconds > 0 else None
        self.update_lock()
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
        was_locked = self._locked_until is not None
        self._locked_until = None
        self._lock_timer.stop()
        if was_locked and self.on_unlock is not None:
            self.on_unlock()

    # -- the strict hold ---------------------------------------------------------------------
    @property
    def locked(self) -> bool:
        """True while a strict prompt cannot be put off (only Start and the emergency link work)."""
        return self._locked_until is not None

    def seconds_locked(self) -> int:
        """Whole seconds left of the strict hold, rounded up (0 when none)."""
        if self._locked_until is None:
            return 0
        return max(0, math.ceil(self._locked_until - self._clock()))

    def update_lock(self) -> None:
        """Bring the buttons' countdown up to date with the clock (the timer calls this each second)."""
        left = self.seconds_locked()
        ended = self._locked_until is not None and left == 0
        if ended:
            self._locked_until = None
        locked = left > 0

        def counting(label: str) -> str:
            return _("{button} ({seconds})").format(button=label, seconds=left) if locked else label

        self.snooze_button.setText(counting(self._snooze_text))
        self.skip_button.setText(counting(_("Skip")))
        self.not_today_button.setText(counting(_("Not today")))
        for button in (self.snooze_button, self.skip_button, self.not_today_button):
            button.setEnabled(not locked)
        self.emergency_button.setVisible(locked)
        if locked:
            note = _("This break is strict: it can be put off in {seconds}.").format(
                seconds=words.seconds_long(left)
            )
            self.keep_label.setText(" ".join(filter(None, (note, self._limit_note))))
            assert self._locked_until is not None
            to_next = self._locked_until - self._clock() - (left - 1)
            self._lock_timer.start(max(1, math.ceil(to_next * 1000)))
        else:
            self.keep_label.setText(self._limit_note)
        self.keep_label.setVisible(bool(self.keep_label.text()))
        if ended and self.on_unlock is not None:
            self.on_unlock()

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
