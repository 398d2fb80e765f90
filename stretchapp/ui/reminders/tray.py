"""The reminder controls: a tray icon and its menu, or a small window where there is no tray.

:class:`ReminderActions` holds every command once (Stretch now, the routine list, Snooze, Skip
next break, the pauses, Settings, Quit) as QActions with signals; :class:`TrayIcon` puts them
in the tray menu and :class:`FallbackWindow` on buttons, so both stay in step.

On Linux, Qt's tray icon is a StatusNotifierItem (``org.kde.StatusNotifierItem``, registered
with ``org.kde.StatusNotifierWatcher`` over QtDBus, its menu exported as
``com.canonical.dbusmenu``) wherever a watcher with a host is on the session bus (KDE
Plasma, GNOME with the AppIndicator extension, waybar), and an XEmbed icon on X11 trays.

The "Next break in" line is refreshed by the background controller about once a minute
(without seconds); only while the menu is open, or the fallback window is the active
window, does a one-second timer keep it exact. Nothing ticks every second while the person
is not looking.

No signal here is emitted from Python: PySide6 6.12 on Python < 3.12 drops a reference to
``True`` on every Python-side ``emit()`` (a crash after a few hundred), so commands travel
as QAction ``triggered`` signals connected signal-to-signal, the routine list through
``QMenu.triggered`` with the routine id as the action's data, and the status line through
the status action's own ``changed`` signal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QAction, QCloseEvent, QIcon
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QMenu,
    QSystemTrayIcon,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from stretchapp import resources
from stretchapp.appid import APP_ID
from stretchapp.core import text as words
from stretchapp.core.i18n import N_, _
from stretchapp.core.logger import get_logger
from stretchapp.core.scheduler import State
from stretchapp.ui.common.theme import muted_text

log = get_logger(__name__)

LIVE_UPDATE_MS = 1000
FALLBACK_NOTE = N_(
    "Your desktop has no system tray, so stretchapp keeps this small window instead. "
    "Minimise it and reminders still come."
)


def countdown(seconds: float, *, precise: bool) -> str:
    """Time to the break: ``754`` -> ``"12:34"`` (precise, never less than is left) or ``"13 min"``.

    Not precise, it is whole minutes and at least one: a break a few seconds away is "1 min".
    """
    if precise:
        return words.clock(seconds)
    return words.minutes(max(1.0, seconds / 60))


def status_line(
    state: State,
    seconds_to_break: float | None,
    paused_until: float | None,
    *,
    precise: bool,
    now_wall: float | None = None,
    not_today: bool = False,
) -> str:
    """The one line that says what the reminders are doing."""
    if state is State.IN_SESSION:
        return _("Stretching now")
    if state is State.DUE:
        return _("Break due now")
    if state is State.PAUSED and not_today:
        return _("Not today: reminders are back tomorrow")
    if state is State.PAUSED and paused_until is not None:
        until = dt.datetime.fromtimestamp(paused_until)
        today = dt.datetime.fromtimestamp(now_wall).date() if now_wall is not None else dt.date.today()
        if until.date() > today and until.time() == dt.time():
            return _("Reminders paused until tomorrow")
        return _("Reminders paused until {time}").format(time=words.time_of_day(until))
    if seconds_to_break is None:
        return _("No break scheduled")
    return _("Next break in {duration}").format(duration=countdown(seconds_to_break, precise=precise))


class ReminderActions(QObject):
    """Every reminder command, once; views put these actions in menus and on buttons."""

    stretchNow = Signal()
    snooze = Signal()
    skipNext = Signal()
    pauseHour = Signal()
    pauseTomorrow = Signal()
    resume = Signal()
    showWindow = Signal()
    openSettings = Signal()
    quit = Signal()

    def __init__(
        self,
        routine_choices: Sequence[tuple[str, str]],
        status: Callable[[bool], str],
        parent: QObject | None = None,
    ) -> None:
        """``status(precise)`` returns the status line (see :func:`status_line`)."""
        super().__init__(parent)
        self._status = status
        self.status_action = QAction("", self)
        self.status_action.setEnabled(False)
        self.goal_action = QAction("", self)  # the daily goal, when there is one
        self.goal_action.setEnabled(False)
        self.goal_action.setVisible(False)
        self.stretch_action = self._action(_("&Stretch now"), self.stretchNow)
        font = self.stretch_action.font()
        font.setBold(True)
        self.stretch_action.setFont(font)
        self.routines_menu = QMenu(_("Start a &routine"))
        self.snooze_action = self._action(_("S&nooze"), self.snooze)
        self.skip_action = self._action(_("S&kip next break"), self.skipNext)
        self.pause_hour_action = self._action(_("&Pause reminders for 1 hour"), self.pauseHour)
        self.pause_tomorrow_action = self._action(_("Pause reminders until &tomorrow"), self.pauseTomorrow)
        self.resume_action = self._action(_("&Resume reminders"), self.resume)
        self.show_action = self._action(_("&Open stretchapp"), self.showWindow)
        self.settings_action = self._action(_("S&ettings…"), self.openSettings)
        self.quit_action = self._action(_("&Quit"), self.quit)

        self.menu = QMenu()
        self.menu.addAction(self.status_action)
        self.menu.addAction(self.goal_action)
        self.menu.addSeparator()
        self.menu.addAction(self.stretch_action)
        self.menu.addMenu(self.routines_menu)
        self.menu.addSeparator()
        for action in (
            self.snooze_action,
            self.skip_action,
            self.pause_hour_action,
            self.pause_tomorrow_action,
        ):
            self.menu.addAction(action)
        self.menu.addAction(self.resume_action)
        self.menu.addSeparator()
        self.menu.addAction(self.show_action)
        self.menu.addAction(self.settings_action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.pause_menu = QMenu(_("Pause"))
        for action in (self.pause_hour_action, self.pause_tomorrow_action, self.resume_action):
            self.pause_menu.addAction(action)

        self._live = QTimer(self)
        self._live.setInterval(LIVE_UPDATE_MS)
        self._live.timeout.connect(lambda: self.refresh(precise=True))
        self._live_reasons: set[str] = set()
        self.menu.aboutToShow.connect(lambda: self.set_live("menu", True))
        self.menu.aboutToHide.connect(lambda: self.set_live("menu", False))
        self.set_routines(routine_choices)

    def _action(self, text: str, signal: SignalInstance) -> QAction:
        action = QAction(text, self)
        action.triggered.connect(signal)
        return action

    @property
    def status(self) -> str:
        return self.status_action.text()

    def dispose(self) -> None:
        """Stop the live timer and free the menus (they have no Qt parent)."""
        self._live.stop()
        self._live_reasons.clear()
        for menu in (self.menu, self.pause_menu, self.routines_menu):
            menu.deleteLater()

    @property
    def live(self) -> bool:
        """True while someone is looking at the countdown (the one-second timer runs)."""
        return self._live.isActive()

    def set_live(self, reason: str, on: bool) -> None:
        if on:
            self._live_reasons.add(reason)
        else:
            self._live_reasons.discard(reason)
        if self._live_reasons and not self._live.isActive():
            self.refresh(precise=True)
            self._live.start()
        elif not self._live_reasons:
            self._live.stop()

    def set_routines(self, choices: Sequence[tuple[str, str]]) -> None:
        self.routines_menu.clear()
        for routine_id, title in choices:
            self.routines_menu.addAction(title).setData(routine_id)
        self.routines_menu.setEnabled(bool(choices))

    def set_state(
        self,
        state: State,
        *,
        snooze_minutes: int,
        snooze_useful: bool,
        break_title: str,
        postpone_allowed: bool = True,
        strict_hold: bool = False,
    ) -> None:
        """Enable what makes sense now and name things precisely.

        ``postpone_allowed`` False (the day's snoozes and skips are used up, or a strict prompt
        holds) greys Snooze, Skip and the hour's pause; ``strict_hold`` greys the pause until
        tomorrow as well (the prompt's emergency link is the way out then)."""
        self.stretch_action.setText(
            _("&Stretch now: {routine}").format(routine=break_title) if break_title else _("&Stretch now")
        )
        self.snooze_action.setText(_("S&nooze {minutes}").format(minutes=words.minutes(snooze_minutes)))
        running = state is State.IN_SESSION
        paused = state is State.PAUSED
        self.stretch_action.setEnabled(not running)
        self.routines_menu.setEnabled(not running and not self.routines_menu.isEmpty())
        self.snooze_action.setEnabled(snooze_useful and postpone_allowed)
        self.skip_action.setEnabled(postpone_allowed and state in {State.WORKING, State.DUE, State.SNOOZED})
        self.pause_hour_action.setVisible(not paused)
        self.pause_tomorrow_action.setVisible(not paused)
        self.pause_hour_action.setEnabled(postpone_allowed)
        self.pause_tomorrow_action.setEnabled(not strict_hold)
        self.resume_action.setVisible(paused)

    def set_goal(self, text: str) -> None:
        """The daily goal's line ("" hides it)."""
        if text != self.goal_action.text():
            self.goal_action.setText(text)  # Qt emits goal_action.changed
        if bool(text) != self.goal_action.isVisible():
            self.goal_action.setVisible(bool(text))

    @property
    def tooltip(self) -> str:
        """What the tray icon says on hover: the status, and the goal when there is one."""
        lines = [f"stretchapp: {self.status}"]
        if self.goal_action.isVisible():
            lines.append(self.goal_action.text())
        return "\n".join(lines)

    def refresh(self, *, precise: bool = False) -> None:
        text = self._status(precise or self.live)
        if text != self.status_action.text():
            self.status_action.setText(text)  # Qt emits status_action.changed


class TrayIcon(QObject):
    """The tray icon: left click opens the app, the menu holds the reminder commands."""

    def __init__(self, actions: ReminderActions, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.commands = actions
        # By its theme name where the icon is installed (stretchapp desktop install), so a
        # StatusNotifierItem host is told a name it can look up at any size; else the file.
        self.icon = QSystemTrayIcon(
            QIcon.fromTheme(f"{APP_ID}-symbolic", QIcon(str(resources.tray_icon()))), self
        )
        self.icon.setContextMenu(actions.menu)
        self.icon.activated.connect(self._activated)
        actions.status_action.changed.connect(lambda: self.icon.setToolTip(actions.tooltip))
        actions.goal_action.changed.connect(lambda: self.icon.setToolTip(actions.tooltip))

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def anchor(self) -> QRect | None:
        """Where the icon is on screen, when the tray says."""
        rect = self.icon.geometry()
        return rect if rect.isValid() and not rect.isEmpty() else None

    def notify(self, title: str, body: str) -> None:
        # On Linux Qt sends this through the desktop's notification service.
        self.icon.showMessage(title, body, QIcon(str(resources.app_icon())), 15000)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in {QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick}:
            self.commands.show_action.trigger()


class FallbackWindow(QWidget):
    """Where there is no tray: a small window with the same commands; its close button only minimises it."""

    def __init__(self, actions: ReminderActions, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.commands = actions
        self.setObjectName("reminderWindow")
        self.setWindowTitle(_("stretchapp reminders"))
        self.setWindowIcon(QIcon(str(resources.tray_icon())))

        self.status_label = QLabel(self)
        self.status_label.setObjectName("status")
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.status_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.status_label.setFont(font)
        actions.status_action.changed.connect(lambda: self.status_label.setText(actions.status))
        self.status_label.setText(actions.status)
        self.goal_label = QLabel(self)
        self.goal_label.setObjectName("goal")
        self.goal_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        actions.goal_action.changed.connect(self._show_goal)
        self._show_goal()

        self.stretch_button = self._button(actions.stretch_action)
        self.stretch_button.setMenu(actions.routines_menu)
        self.stretch_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.snooze_button = self._button(actions.snooze_action)
        self.skip_button = self._button(actions.skip_action)
        self.pause_button = self._button(None, _("Pause"))
        self.pause_button.setMenu(actions.pause_menu)
        self.pause_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.open_button = self._button(actions.show_action)
        self.settings_button = self._button(actions.settings_action)
        self.quit_button = self._button(actions.quit_action)

        grid = QGridLayout()
        grid.setSpacing(6)
        grid.addWidget(self.stretch_button, 0, 0, 1, 3)
        for column, button in enumerate((self.snooze_button, self.skip_button, self.pause_button)):
            grid.addWidget(button, 1, column)
        for column, button in enumerate((self.open_button, self.settings_button, self.quit_button)):
            grid.addWidget(button, 2, column)
        note = QLabel(_(FALLBACK_NOTE), self)
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {muted_text(note.palette()).name()};")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(12)
        layout.addWidget(self.status_label)
        layout.addWidget(self.goal_label)
        layout.addLayout(grid)
        layout.addWidget(note)
        self.setFixedWidth(380)

    def _button(self, action: QAction | None, text: str = "") -> QToolButton:
        button = QToolButton(self)
        if action is not None:
            button.setDefaultAction(action)
        else:
            button.setText(text)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setSizePolicy(button.sizePolicy().Policy.Expanding, button.sizePolicy().Policy.Fixed)
        button.setMinimumHeight(30)
        return button

    def _show_goal(self) -> None:
        action = self.commands.goal_action
        self.goal_label.setText(action.text())
        self.goal_label.setVisible(action.isVisible())

    def anchor(self) -> QRect | None:
        return None

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in {QEvent.Type.ActivationChange, QEvent.Type.WindowStateChange}:
            looking = self.isActiveWindow() and not self.isMinimized()
            self.commands.set_live("window", looking)

    def hideEvent(self, event: object) -> None:
        self.commands.set_live("window", False)
        super().hideEvent(event)  # type: ignore[arg-type]

    def closeEvent(self, event: QCloseEvent) -> None:
        if event.spontaneous():
            # The person clicked the window's close button: closing would end the reminders
            # without them meaning to (Quit does that), so minimise instead.
            event.ignore()
            self.showMinimized()
            return
        # The app is quitting (Qt 6 closes every window first and a refusal cancels the quit).
        event.accept()
