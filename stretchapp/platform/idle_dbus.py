"""Idle time, screen lock and "please keep quiet" from the desktop over D-Bus (QtDBus).

Tried in this order; the first that answers wins:

1. ``org.freedesktop.ScreenSaver``: ``GetSessionIdleTime`` (milliseconds; KDE and others) and
   ``GetActive`` (the screen saver or lock is on).
2. GNOME: Mutter's ``org.gnome.Mutter.IdleMonitor`` ``GetIdletime`` (milliseconds), with
   ``org.gnome.ScreenSaver.GetActive`` for the lock and the ``org.gnome.SessionManager`` ``InhibitedActions`` idle bit
   for quiet (an app in front, such as a film, a call or a presentation, asked the desktop not to
   go idle: the closest thing to "a full-screen window is in front" that GNOME tells).
3. systemd-logind on the system bus: the session's ``IdleHint`` with ``IdleSinceHintMonotonic``
   and ``LockedHint`` (coarse: the desktop sets the hint only after its own idle delay).

Calls never auto-start a service and time out after a fraction of a second, so asking on a
machine without any of them costs a few quick round trips, and nothing when there is no bus.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtDBus import QDBus, QDBusConnection, QDBusMessage

from stretchapp.core.idle import IdleSample, IdleSource
from stretchapp.core.logger import get_logger

log = get_logger(__name__)

TIMEOUT_MS = 300
INHIBIT_IDLE = 8  # GsmInhibitorFlag "idle"


class Caller(Protocol):
    """Makes one D-Bus method call; returns the reply's arguments, or None when there is no answer."""

    def __call__(
        self, bus: str, service: str, path: str, interface: str, method: str, *args: Any
    ) -> list[Any] | None: ...


class QtDBusCaller:
    """Blocking calls with a short timeout, on the session or the system bus."""

    def __init__(self, timeout_ms: int = TIMEOUT_MS, buses: dict[str, QDBusConnection] | None = None) -> None:
        self.timeout_ms = timeout_ms
        self._buses: dict[str, QDBusConnection] = dict(buses or {})

    def connected(self, bus: str) -> bool:
        return self._bus(bus).isConnected()

    def _bus(self, bus: str) -> QDBusConnection:
        if bus not in self._buses:
            self._buses[bus] = (
                QDBusConnection.systemBus() if bus == "system" else QDBusConnection.sessionBus()
            )
        return self._buses[bus]

    def __call__(
        self, bus: str, service: str, path: str, interface: str, method: str, *args: Any
    ) -> list[Any] | None:
        connection = self._bus(bus)
        if not connection.isConnected():
            return None
        message = QDBusMessage.createMethodCall(service, path, interface, method)
        message.setAutoStartService(False)
        if args:
            message.setArguments(list(args))
        reply = connection.call(message, QDBus.CallMode.Block, self.timeout_ms)
        if reply.type() != QDBusMessage.MessageType.ReplyMessage:
            log.debug("idle: %s.%s gave no answer: %s", interface, method, reply.errorName())
            return None
        return list(reply.arguments())


def _first(reply: list[Any] | None) -> Any:
    if not reply:
        return None
    value = reply[0]
    # Properties.Get wraps the value in a variant; PySide6 may hand back a QDBusVariant.
    variant = getattr(value, "variant", None)
    return variant() if callable(variant) else value


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


class _Source:
    name = "?"
    available = True

    def __init__(self, call: Caller) -> None:
        self._call = call

    def sample(self) -> IdleSample:  # pragma: no cover - every source overrides it
        raise NotImplementedError

    def answers(self) -> bool:
        return self.sample().idle_seconds is not None


class FreedesktopScreenSaver(_Source):
    name = "org.freedesktop.ScreenSaver"
    _service = "org.freedesktop.ScreenSaver"
    _paths = ("/org/freedesktop/ScreenSaver", "/ScreenSaver")

    def __init__(self, call: Caller) -> None:
        super().__init__(call)
        self._path = self._paths[0]

    def answers(self) -> bool:
        for path in self._paths:
            self._path = path
            if self.sample().idle_seconds is not None:
                return True
        return False

    def sample(self) -> IdleSample:
        ms = _number(
            _first(self._call("session", self._service, self._path, self._service, "GetSessionIdleTime"))
        )
        locked = _first(self._call("session", self._service, self._path, self._service, "GetActive")) is True
        return IdleSample(idle_seconds=None if ms is None else ms / 1000.0, locked=locked)


class GnomeMutter(_Source):
    name = "GNOME (Mutter idle monitor)"

    def sample(self) -> IdleSample:
        ms = _number(
            _first(
                self._call(
                    "session",
                    "org.gnome.Mutter.IdleMonitor",
                    "/org/gnome/Mutter/IdleMonitor/Core",
                    "org.gnome.Mutter.IdleMonitor",
                    "GetIdletime",
                )
            )
        )
        if ms is None:
            return IdleSample()
        locked = (
            _first(
                self._call(
                    "session",
                    "org.gnome.ScreenSaver",
                    "/org/gnome/ScreenSaver",
                    "org.gnome.ScreenSaver",
                    "GetActive",
                )
            )
            is True
        )
        inhibited = _number(
            _first(
                self._call(
                    "session",
                    "org.gnome.SessionManager",
                    "/org/gnome/SessionManager",
                    "org.freedesktop.DBus.Properties",
                    "Get",
                    "org.gnome.SessionManager",
                    "InhibitedActions",
                )
            )
        )
        quiet = inhibited is not None and bool(int(inhibited) & INHIBIT_IDLE)
        return IdleSample(idle_seconds=ms / 1000.0, locked=locked, fullscreen=quiet)


class Logind(_Source):
    name = "systemd-logind"
    _service = "org.freedesktop.login1"
    _path = "/org/freedesktop/login1/session/auto"
    _interface = "org.freedesktop.login1.Session"

    def __init__(self, call: Caller, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(call)
        self._clock = clock

    def _property(self, name: str) -> Any:
        return _first(
            self._call(
                "system",
                self._service,
                self._path,
                "org.freedesktop.DBus.Properties",
                "Get",
                self._interface,
                name,
            )
        )

    def sample(self) -> IdleSample:
        idle = self._property("IdleHint")
        if not isinstance(idle, bool):
            return IdleSample()
        locked = self._property("LockedHint") is True
        if not idle:
            return IdleSample(idle_seconds=0.0, locked=locked)
        since_us = _number(self._property("IdleSinceHintMonotonic"))
        seconds = max(0.0, self._clock() - since_us / 1e6) if since_us else 0.0
        return IdleSample(idle_seconds=seconds, locked=locked)


def find_idle_source(call: Caller | None = None) -> IdleSource | None:
    """The first desktop idle source that answers, or None (idle detection is off)."""
    caller = call or QtDBusCaller()
    if isinstance(caller, QtDBusCaller) and not (caller.connected("session") or caller.connected("system")):
        log.info("idle: no D-Bus; reminders follow the plain schedule")
        return None
    for source in (FreedesktopScreenSaver(caller), GnomeMutter(caller), Logind(caller)):
        if source.answers():
            log.info("idle: using %s", source.name)
            return source
    log.info("idle: no desktop service tells idle time; reminders follow the plain schedule")
    return None
