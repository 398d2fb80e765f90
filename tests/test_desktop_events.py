"""Lock, unlock and sleep pushed over D-Bus: logind and the screen savers mocked by python-dbusmock
on private buses the tests start, and what a running routine does when they speak."""

from __future__ import annotations

import importlib.util
import itertools
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtDBus import QDBusConnection

from stretchapp.core.engine import PauseReason, SessionState
from stretchapp.core.model import Exercise, HoldRange, Routine
from stretchapp.platform.desktop_events import DesktopEvents
from stretchapp.routines.library import Library
from stretchapp.storage.settings import Settings
from stretchapp.ui.controller import AppController
from tests.fakes import FakeClock

if shutil.which("dbus-daemon") is None:
    pytest.skip("dbus-daemon is not installed (Debian: apt-get install dbus)", allow_module_level=True)

dbus = pytest.importorskip("dbus")
testcase = pytest.importorskip("dbusmock.testcase")
if importlib.util.find_spec("gi") is None:  # not imported here: only the mock's process needs it
    pytest.skip("dbusmock's logind template needs PyGObject (pip install .[test])", allow_module_level=True)

MOCK = "org.freedesktop.DBus.Mock"
LOGIND = "org.freedesktop.login1"
MANAGER = "org.freedesktop.login1.Manager"
SESSION = "org.freedesktop.login1.Session"
_names = itertools.count()


class Desktop:
    """Two private buses with mocks on them, and QtDBus connections of the app's own to each."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        # PrivateDBus writes DBUS_*_BUS_ADDRESS; set them first so they are put back afterwards.
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
        monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent")
        self.session_dbus = testcase.PrivateDBus(testcase.BusType.SESSION)
        self.system_dbus = testcase.PrivateDBus(testcase.BusType.SYSTEM)
        self.session_dbus.start()
        self.system_dbus.start()
        self.mocks: list[Any] = []
        self._names: list[str] = []
        self.logind: Any = None
        self.session_path = ""

    def connect(self, which: str) -> QDBusConnection:
        """A named connection: QDBusConnection.sessionBus() is made once per process, this is not."""
        name = f"stretchapp-test-{which}-{next(_names)}"
        address = (self.session_dbus if which == "session" else self.system_dbus).address
        connection = QDBusConnection.connectToBus(address, name)
        assert connection.isConnected()
        self._names.append(name)
        return connection

    def events(self) -> DesktopEvents:
        return DesktopEvents(self.connect("session"), self.connect("system"), session_id="c1")

    def start_logind(self) -> None:
        mock = testcase.SpawnedMock.spawn_with_template("logind")
        self.mocks.append(mock)
        self.logind = mock.obj
        self.session_path = str(
            self.logind.AddSession("c1", "seat0", 1000, "person", True, dbus_interface=MOCK)
        )

    def session(self) -> Any:
        bus = testcase.BusType.SYSTEM.get_connection()
        return dbus.Interface(bus.get_object(LOGIND, self.session_path), SESSION)

    def prepare_for_sleep(self, going: bool) -> None:
        self.logind.EmitSignal(MANAGER, "PrepareForSleep", "b", [going], dbus_interface=MOCK)

    def start_gnome_screensaver(self) -> Any:
        mock = testcase.SpawnedMock.spawn_with_template("gnome_screensaver")
        self.mocks.append(mock)
        return dbus.Interface(mock.obj, "org.gnome.ScreenSaver")

    def start_freedesktop_screensaver(self) -> Any:
        """KDE's name; dbusmock has no template for it, so a bare mock that sends the same signal."""
        name = "org.freedesktop.ScreenSaver"
        mock = testcase.SpawnedMock.spawn_for_name(name, "/ScreenSaver", name)
        self.mocks.append(mock)
        return mock.obj

    def close(self) -> None:
        for name in self._names:
            QDBusConnection.disconnectFromBus(name)
        for mock in self.mocks:
            mock.terminate()
        self.session_dbus.stop()
        self.system_dbus.stop()


@pytest.fixture
def desktop(monkeypatch: pytest.MonkeyPatch) -> Iterator[Desktop]:
    bus = Desktop(monkeypatch)
    try:
        yield bus
    finally:
        bus.close()


def test_logind_lock_unlock_and_locked_hint_become_lock_changes(desktop: Desktop, qtbot: Any) -> None:
    desktop.start_logind()
    events = desktop.events()
    assert events.tells_lock and events.tells_sleep
    with qtbot.waitSignal(events.lockChanged, timeout=5000) as locked:
        desktop.session().Lock()
    assert locked.args == [True, "logind"]
    with qtbot.waitSignal(events.lockChanged, timeout=5000) as unlocked:
        desktop.session().Unlock()
    assert unlocked.args == [False, "logind"]
    # A desktop that only sets the hint (no Lock signal) is heard too.
    with qtbot.waitSignal(events.lockChanged, timeout=5000) as hinted:
        desktop.session().SetLockedHint(True)
    assert hinted.args[0] is True
    assert events.locked


def test_prepare_for_sleep_becomes_sleep_and_wake(desktop: Desktop, qtbot: Any) -> None:
    desktop.start_logind()
    events = desktop.events()
    with qtbot.waitSignal(events.sleepChanged, timeout=5000) as sleeping:
        desktop.prepare_for_sleep(True)
    assert sleeping.args == [True]
    with qtbot.waitSignal(events.sleepChanged, timeout=5000) as awake:
        desktop.prepare_for_sleep(False)
    assert awake.args == [False]


def test_the_gnome_and_freedesktop_screensavers_tell_the_lock(desktop: Desktop, qtbot: Any) -> None:
    gnome = desktop.start_gnome_screensaver()
    kde = desktop.start_freedesktop_screensaver()
    events = desktop.events()
    assert events.tells_lock and not events.tells_sleep  # no logind on this system bus
    with qtbot.waitSignal(events.lockChanged, timeout=5000) as locked:
        gnome.SetActive(True)
    assert locked.args == [True, "org.gnome.ScreenSaver"]
    with qtbot.waitSignal(events.lockChanged, timeout=5000) as unlocked:
        kde.EmitSignal("org.freedesktop.ScreenSaver", "ActiveChanged", "b", [False], dbus_interface=MOCK)
    assert unlocked.args == [False, "org.freedesktop.ScreenSaver"]


def test_with_no_service_nothing_is_told_and_polling_stays(desktop: Desktop) -> None:
    events = desktop.events()
    assert not events.tells_lock and not events.tells_sleep
    assert events.sources == []


def _routine() -> Routine:
    return Routine(
        id="neck",
        title="Neck",
        exercises=(Exercise(name="Tilt", steps=("Tilt.",), hold=HoldRange(30, 30)),),
    )


def _controller(qtbot: Any, clock: FakeClock) -> AppController:
    from stretchapp.ui.session.audio import NullSoundPlayer

    # Silent cues: a "no sound device" notice arriving late would take the status bar.
    controller = AppController(
        Settings(), Library(entries=[]), clock=clock, sound_factory=lambda _settings: NullSoundPlayer()
    )
    qtbot.addWidget(controller.window)
    return controller


@pytest.mark.parametrize("how", ["lock", "sleep"])
def test_a_running_routine_pauses_on_lock_or_sleep_says_why_and_resumes(
    desktop: Desktop, qtbot: Any, clock: FakeClock, how: str
) -> None:
    desktop.start_logind()
    controller = _controller(qtbot, clock)
    controller.watch_desktop(desktop.events())
    assert controller.start_routine(_routine(), gate=False)
    driver = controller.driver
    assert driver is not None and driver.session.state is SessionState.RUNNING
    assert not controller._lock_timer.isActive()  # the signals replace polling
    with qtbot.waitSignal(driver.paused, timeout=5000) as paused:
        if how == "lock":
            desktop.session().Lock()
        else:
            desktop.prepare_for_sleep(True)
    assert paused.args == [PauseReason.SUSPEND]
    said = controller.window.statusBar().currentMessage().lower()
    assert ("locked" if how == "lock" else "sleep") in said
    if how == "lock":
        with qtbot.waitSignal(controller.desktop_events.lockChanged, timeout=5000):
            desktop.session().Unlock()
    else:
        with qtbot.waitSignal(controller.desktop_events.sleepChanged, timeout=5000):
            desktop.prepare_for_sleep(False)
    assert driver.session.state is SessionState.PAUSED  # coming back, the person resumes
    driver.resume()
    assert driver.session.state is SessionState.RUNNING
    controller.end_session()


def test_without_desktop_signals_the_lock_is_still_polled(
    desktop: Desktop, qtbot: Any, clock: FakeClock
) -> None:
    from stretchapp.core.idle import FixedIdleSource, IdleSample

    controller = _controller(qtbot, clock)
    controller.watch_desktop(desktop.events())
    controller.idle_source = FixedIdleSource(IdleSample(idle_seconds=0.0))
    assert controller.start_routine(_routine(), gate=False)
    assert controller._lock_timer.isActive()
    controller.end_session()
