"""Lock, unlock, sleep and wake pushed by the desktop's D-Bus services (QtDBus), instead of polling.

Listens, wherever the service is on the bus, to:

- systemd-logind (system bus): the Manager's ``PrepareForSleep(b)``; the person's own session's
  ``Lock`` / ``Unlock`` signals and its ``LockedHint`` property (``PropertiesChanged``);
- the screen saver (session bus): ``org.freedesktop.ScreenSaver.ActiveChanged(b)`` (KDE Plasma,
  and others that offer the freedesktop name) and ``org.gnome.ScreenSaver.ActiveChanged(b)``.

:class:`DesktopEvents` turns them into two plain Qt signals. ``tells_lock`` / ``tells_sleep`` say
whether any service answered; when none did, the caller keeps polling the lock state and the
session's clock-based suspend probe stays the only sleep check.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import SLOT, QObject, Signal, Slot
from PySide6.QtDBus import QDBus, QDBusConnection, QDBusMessage, QDBusObjectPath

from stretchapp.core.logger import get_logger

log = get_logger(__name__)

TIMEOUT_MS = 300
LOGIND = "org.freedesktop.login1"
LOGIND_PATH = "/org/freedesktop/login1"
MANAGER = "org.freedesktop.login1.Manager"
SESSION = "org.freedesktop.login1.Session"
PROPERTIES = "org.freedesktop.DBus.Properties"
SCREENSAVERS = ("org.freedesktop.ScreenSaver", "org.gnome.ScreenSaver")


def _plain(value: Any) -> Any:
    """A reply's value as plain Python: variants unwrapped, object paths as strings."""
    if isinstance(value, QDBusObjectPath):
        return value.path()
    variant = getattr(value, "variant", None)
    return variant() if callable(variant) else value


def _call(bus: QDBusConnection, service: str, path: str, interface: str, method: str, *args: Any) -> Any:
    """The first value of a short blocking call's reply, or None when nothing answered."""
    message = QDBusMessage.createMethodCall(service, path, interface, method)
    message.setAutoStartService(False)
    if args:
        message.setArguments(list(args))
    reply = bus.call(message, QDBus.CallMode.Block, TIMEOUT_MS)
    if reply.type() != QDBusMessage.MessageType.ReplyMessage or not reply.arguments():
        return None
    return _plain(reply.arguments()[0])


def _has_owner(bus: QDBusConnection, name: str) -> bool:
    return (
        _call(
            bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "NameHasOwner", name
        )
        is True
    )


class DesktopEvents(QObject):
    """The desktop's lock and sleep signals as two Qt signals; listens from construction on."""

    #: True when the screen locks, False when it unlocks; the second argument names who said so.
    lockChanged = Signal(bool, str)
    #: True just before the machine sleeps, False once it is awake again.
    sleepChanged = Signal(bool)

    def __init__(
        self,
        session_bus: QDBusConnection | None = None,
        system_bus: QDBusConnection | None = None,
        *,
        session_id: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session_bus = session_bus if session_bus is not None else QDBusConnection.sessionBus()
        self._system_bus = system_bus if system_bus is not None else QDBusConnection.systemBus()
        self._session_id = session_id if session_id is not None else os.environ.get("XDG_SESSION_ID", "auto")
        self._locked = False
        self.sources: list[str] = []  # the services that answered, for the log and the docs
        self.tells_lock = False
        self.tells_sleep = False
        self._listen_to_logind()
        self._listen_to_screensavers()
        log.info("desktop events: %s", ", ".join(self.sources) or "none; polling stays on")

    @property
    def locked(self) -> bool:
        """The last lock state the desktop told."""
        return self._locked

    def _subscribe(
        self, bus: QDBusConnection, service: str, path: str, interface: str, name: str, slot: str
    ) -> bool:
        # PySide6 takes the SLOT() string; its stubs only list bytes.
        return bool(bus.connect(service, path, interface, name, self, SLOT(slot)))  # type: ignore[call-overload]

    def _listen_to_logind(self) -> None:
        bus = self._system_bus
        if not bus.isConnected() or not _has_owner(bus, LOGIND):
            return
        if self._subscribe(
            bus, LOGIND, LOGIND_PATH, MANAGER, "PrepareForSleep", "_prepare_for_sleep(QDBusMessage)"
        ):
            self.tells_sleep = True
            self.sources.append("logind PrepareForSleep")
        path = _call(bus, LOGIND, LOGIND_PATH, MANAGER, "GetSession", self._session_id)
        if not isinstance(path, str) or not path:
            path = _call(bus, LOGIND, LOGIND_PATH, MANAGER, "GetSessionByPID", os.getpid())
        if not isinstance(path, str) or not path:
            return
        self._session_path = str(path)
        subscribed = [
            self._subscribe(bus, LOGIND, self._session_path, SESSION, "Lock", "_session_lock()"),
            self._subscribe(bus, LOGIND, self._session_path, SESSION, "Unlock", "_session_unlock()"),
            self._subscribe(
                bus,
                LOGIND,
                self._session_path,
                PROPERTIES,
                "PropertiesChanged",
                "_session_properties(QDBusMessage)",
            ),
        ]
        if any(subscribed):
            self.tells_lock = True
            self.sources.append(f"logind session {self._session_path}")
            self._locked = (
                _call(bus, LOGIND, self._session_path, PROPERTIES, "Get", SESSION, "LockedHint") is True
            )

    def _listen_to_screensavers(self) -> None:
        bus = self._session_bus
        if not bus.isConnected():
            return
        for service in SCREENSAVERS:
            # KDE sends from /ScreenSaver and /org/freedesktop/ScreenSaver: any path of the service.
            if _has_owner(bus, service) and self._subscribe(
                bus, service, "", service, "ActiveChanged", "_screensaver_active(QDBusMessage)"
            ):
                self.tells_lock = True
                self.sources.append(service)

    def _set_locked(self, locked: bool, who: str) -> None:
        # Several services tell of one lock: say each change once.
        if locked != self._locked:
            self._locked = locked
            log.info("desktop events: %s by %s", "locked" if locked else "unlocked", who)
            self.lockChanged.emit(locked, who)

    @Slot(QDBusMessage)
    def _prepare_for_sleep(self, message: QDBusMessage) -> None:
        arguments = message.arguments()
        going = bool(arguments and _plain(arguments[0]) is True)
        log.info("desktop events: %s", "going to sleep" if going else "awake")
        self.sleepChanged.emit(going)

    @Slot()
    def _session_lock(self) -> None:
        self._set_locked(True, "logind")

    @Slot()
    def _session_unlock(self) -> None:
        self._set_locked(False, "logind")

    @Slot(QDBusMessage)
    def _session_properties(self, message: QDBusMessage) -> None:
        arguments = message.arguments()
        if not arguments or _plain(arguments[0]) != SESSION:
            return
        # The changed values come as an a{sv} QDBusArgument that PySide6 cannot take apart
        # portably; asking for the one property again is a single short call.
        hint = _call(self._system_bus, LOGIND, self._session_path, PROPERTIES, "Get", SESSION, "LockedHint")
        if isinstance(hint, bool):
            self._set_locked(hint, "logind")

    @Slot(QDBusMessage)
    def _screensaver_active(self, message: QDBusMessage) -> None:
        arguments = message.arguments()
        if arguments:
            self._set_locked(_plain(arguments[0]) is True, message.interface() or "screensaver")
