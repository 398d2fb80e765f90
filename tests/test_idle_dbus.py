"""Idle time from the desktop over D-Bus: which service wins, what its answers mean, and no bus at all."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtDBus import QDBusConnection

from stretchapp.core.idle import IdleSample
from stretchapp.platform.idle_dbus import (
    FreedesktopScreenSaver,
    GnomeMutter,
    Logind,
    QtDBusCaller,
    find_idle_source,
)

Key = tuple[str, str, str, str]


class FakeBus:
    """Answers the calls it was given answers for; everything else is 'no such service'."""

    def __init__(self, answers: dict[Key, Any]) -> None:
        self.answers = answers
        self.calls: list[Key] = []

    def __call__(
        self, bus: str, service: str, path: str, interface: str, method: str, *args: Any
    ) -> list[Any] | None:
        key = (service, path, method, args[-1] if args else "")
        self.calls.append(key)
        return [self.answers[key]] if key in self.answers else None


MUTTER = ("org.gnome.Mutter.IdleMonitor", "/org/gnome/Mutter/IdleMonitor/Core", "GetIdletime", "")
GNOME_LOCK = ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "GetActive", "")
GNOME_INHIBIT = ("org.gnome.SessionManager", "/org/gnome/SessionManager", "Get", "InhibitedActions")
KDE_IDLE = ("org.freedesktop.ScreenSaver", "/ScreenSaver", "GetSessionIdleTime", "")
KDE_LOCK = ("org.freedesktop.ScreenSaver", "/ScreenSaver", "GetActive", "")
LOGIND = "org.freedesktop.login1", "/org/freedesktop/login1/session/auto", "Get"


def logind(name: str) -> Key:
    return (*LOGIND, name)


def test_no_service_answers_means_no_idle_detection() -> None:
    assert find_idle_source(FakeBus({})) is None


def test_the_freedesktop_screensaver_wins_when_it_answers_and_reports_milliseconds() -> None:
    bus = FakeBus({KDE_IDLE: 90_500, KDE_LOCK: True, MUTTER: 1})
    source = find_idle_source(bus)
    assert isinstance(source, FreedesktopScreenSaver)
    assert source.sample() == IdleSample(idle_seconds=90.5, locked=True)


def test_gnome_reports_idle_lock_and_an_inhibiting_app() -> None:
    bus = FakeBus({MUTTER: 300_000, GNOME_LOCK: False, GNOME_INHIBIT: 8 | 4})
    source = find_idle_source(bus)
    assert isinstance(source, GnomeMutter)
    assert source.sample() == IdleSample(idle_seconds=300.0, locked=False, fullscreen=True)
    bus.answers[GNOME_INHIBIT] = 4  # only suspend is inhibited: no reason to keep quiet
    assert source.sample().fullscreen is False


def test_logind_idle_since_is_on_the_monotonic_clock() -> None:
    bus = FakeBus(
        {logind("IdleHint"): True, logind("IdleSinceHintMonotonic"): 100_000_000, logind("LockedHint"): False}
    )
    source = Logind(bus, clock=lambda: 400.0)
    assert source.answers()
    assert source.sample() == IdleSample(idle_seconds=300.0, locked=False)
    bus.answers[logind("IdleHint")] = False
    bus.answers[logind("LockedHint")] = True
    assert source.sample() == IdleSample(idle_seconds=0.0, locked=True)


def test_logind_is_the_last_resort() -> None:
    bus = FakeBus({logind("IdleHint"): False, logind("LockedHint"): False})
    assert isinstance(find_idle_source(bus), Logind)


def test_a_service_that_stops_answering_reads_as_unknown() -> None:
    bus = FakeBus({MUTTER: 1000})
    source = find_idle_source(bus)
    assert source is not None
    bus.answers.clear()
    assert source.sample() == IdleSample()


def test_odd_answers_are_not_numbers() -> None:
    bus = FakeBus({MUTTER: "soon", KDE_IDLE: True})
    assert find_idle_source(bus) is None


# -- a real bus ----------------------------------------------------------------------------------

FAKE_GNOME = textwrap.dedent(
    """
    from PySide6.QtCore import ClassInfo, Property, QCoreApplication, QObject, Slot
    from PySide6.QtDBus import QDBusConnection

    app = QCoreApplication([])

    @ClassInfo({"D-Bus Interface": "org.gnome.Mutter.IdleMonitor"})
    class Mutter(QObject):
        @Slot(result="qulonglong")
        def GetIdletime(self):
            return 125_000

    @ClassInfo({"D-Bus Interface": "org.gnome.ScreenSaver"})
    class Lock(QObject):
        @Slot(result=bool)
        def GetActive(self):
            return True

    @ClassInfo({"D-Bus Interface": "org.gnome.SessionManager"})
    class Session(QObject):
        InhibitedActions = Property("uint", lambda self: 8)

    bus = QDBusConnection.sessionBus()
    objects = {"/org/gnome/Mutter/IdleMonitor/Core": Mutter(), "/org/gnome/ScreenSaver": Lock(),
               "/org/gnome/SessionManager": Session()}
    options = QDBusConnection.RegisterOption.ExportAllSlots | QDBusConnection.RegisterOption.ExportAllProperties
    for path, obj in objects.items():
        assert bus.registerObject(path, obj, options)
    for name in ("org.gnome.Mutter.IdleMonitor", "org.gnome.ScreenSaver", "org.gnome.SessionManager"):
        assert bus.registerService(name)
    print("ready", flush=True)
    app.exec()
    """
)


@pytest.fixture
def private_bus() -> Iterator[str]:
    if shutil.which("dbus-daemon") is None:
        pytest.skip("dbus-daemon is not installed: the fake-bus tests above still ran")
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    try:
        yield address
    finally:
        daemon.kill()
        daemon.wait()


def test_a_gnome_desktop_on_a_real_bus(private_bus: str) -> None:
    desktop = subprocess.Popen(
        [sys.executable, "-c", FAKE_GNOME],
        env={"DBUS_SESSION_BUS_ADDRESS": private_bus, "QT_QPA_PLATFORM": "offscreen", "PATH": ""},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert desktop.stdout is not None
    connection = QDBusConnection.connectToBus(private_bus, "stretchapp-idle-test")
    try:
        assert desktop.stdout.readline().strip() == "ready"
        caller = QtDBusCaller(buses={"session": connection, "system": connection})
        source = find_idle_source(caller)
        assert isinstance(source, GnomeMutter)
        assert source.sample() == IdleSample(idle_seconds=125.0, locked=True, fullscreen=True)
    finally:
        QDBusConnection.disconnectFromBus("stretchapp-idle-test")
        desktop.kill()
        desktop.wait()


def test_without_a_bus_the_answer_is_quick_and_none() -> None:
    offline = QDBusConnection.connectToBus("unix:path=/nonexistent/bus", "stretchapp-no-bus")
    try:
        assert not offline.isConnected()
        caller = QtDBusCaller(buses={"session": offline, "system": offline})
        assert find_idle_source(caller) is None
    finally:
        QDBusConnection.disconnectFromBus("stretchapp-no-bus")
