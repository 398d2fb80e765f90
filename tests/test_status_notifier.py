"""The tray where desktops put it: on a session bus with a StatusNotifierWatcher (KDE Plasma,
GNOME's AppIndicator extension, waybar) the reminders' tray icon is a StatusNotifierItem with
its menu over com.canonical.dbusmenu. The watcher is python-dbusmock on a private bus; the
app runs under Xvfb and is read and clicked over D-Bus, as a panel would."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stretchapp.appid import APP_ID
from tests.displays import REPO, _free_display, _stop, _wait, run_scenario

if shutil.which("dbus-daemon") is None or shutil.which("Xvfb") is None:
    pytest.skip("dbus-daemon and Xvfb are needed (Debian: dbus xvfb)", allow_module_level=True)
dbus = pytest.importorskip("dbus")
testcase = pytest.importorskip("dbusmock.testcase")

WATCHER = "org.kde.StatusNotifierWatcher"
ITEM = "org.kde.StatusNotifierItem"
MENU = "com.canonical.dbusmenu"
MOCK = "org.freedesktop.DBus.Mock"


class Panel:
    """A private session bus with a mock StatusNotifierWatcher that has a host, and an X display."""

    def __init__(self, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        import subprocess

        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
        self.bus = testcase.PrivateDBus(testcase.BusType.SESSION)
        self.bus.start()
        mock = testcase.SpawnedMock.spawn_for_name(WATCHER, "/StatusNotifierWatcher", WATCHER)
        self.mock = mock
        self.control = dbus.Interface(mock.obj, MOCK)
        self.control.AddProperties(
            WATCHER,
            {
                "IsStatusNotifierHostRegistered": True,
                "ProtocolVersion": dbus.Int32(0),
                "RegisteredStatusNotifierItems": dbus.Array([], signature="s"),
            },
        )
        self.control.AddMethod(WATCHER, "RegisterStatusNotifierItem", "s", "", "")
        self.control.AddMethod(WATCHER, "RegisterStatusNotifierHost", "s", "", "")
        number = _free_display()
        self.display = f":{number}"
        self.xvfb = subprocess.Popen(
            ["Xvfb", self.display, "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait(lambda: Path(f"/tmp/.X11-unix/X{number}").exists(), 10, "Xvfb")
        self.connection = dbus.bus.BusConnection(self.bus.address)

    def registered(self) -> list[str]:
        return [
            str(call[2][0]) for call in self.control.GetCalls() if call[1] == "RegisterStatusNotifierItem"
        ]

    def close(self) -> None:
        self.mock.terminate()
        _stop(self.xvfb)
        self.bus.stop()


@pytest.fixture
def panel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Panel]:
    made = Panel(tmp_path, monkeypatch)
    try:
        yield made
    finally:
        made.close()


def _labels(layout: Any) -> dict[str, int]:
    """Menu item labels (mnemonics dropped) to their dbusmenu ids, submenus included."""
    found: dict[str, int] = {}
    item_id, properties, children = layout
    label = str(properties.get("label", "")).replace("_", "")
    if label:
        found[label] = int(item_id)
    for child in children:
        found.update(_labels(child))
    return found


def test_the_tray_is_a_status_notifier_item_with_a_menu(panel: Panel, tmp_path: Path) -> None:
    marks = tmp_path / "marks"
    marks.mkdir()
    read: dict[str, Any] = {}

    def as_the_panel() -> None:
        try:
            end = time.monotonic() + 60
            while not (marks / "tray-shown").exists() and time.monotonic() < end:
                time.sleep(0.05)
            while not panel.registered() and time.monotonic() < end:
                time.sleep(0.05)
            (service,) = panel.registered()
            item = panel.connection.get_object(service, "/StatusNotifierItem", introspect=False)
            read["item"] = item.GetAll(ITEM, dbus_interface="org.freedesktop.DBus.Properties")
            menu = panel.connection.get_object(service, str(read["item"]["Menu"]), introspect=False)
            layout = menu.GetLayout(0, -1, dbus.Array([], signature="s"), dbus_interface=MENU)[1]
            read["labels"] = _labels(layout)
            item.Activate(0, 0, dbus_interface=ITEM)  # a left click on the icon
            skip = read["labels"]["Skip next break"]
            menu.Event(skip, "clicked", dbus.String("", variant_level=1), dbus.UInt32(0), dbus_interface=MENU)
        except Exception as error:  # reported by the assertions below, not lost in the thread
            read["error"] = repr(error)
        finally:
            (marks / "tray-read").touch()

    reader = threading.Thread(target=as_the_panel)
    reader.start()
    # The icons where `stretchapp desktop install` puts them, so the host is told a theme name.
    data = tmp_path / "data"
    shutil.copytree(REPO / "assets" / "icons" / "hicolor", data / "icons" / "hicolor")
    env = {
        "DISPLAY": panel.display,
        "DBUS_SESSION_BUS_ADDRESS": panel.bus.address,
        "QT_QPA_PLATFORM": "xcb",
        "XDG_DATA_HOME": str(data),
    }
    seen = run_scenario("tray", env, str(marks))
    reader.join(10)
    assert "error" not in read, read.get("error")
    assert seen["tray"] and not seen["fallback_window"]
    item = read["item"]
    assert str(item["Title"]) == "stretchapp"
    assert str(item["Status"]) == "Active"
    assert str(item["IconName"]) == f"{APP_ID}-symbolic"
    tooltip = item["ToolTip"]
    assert "Next break" in " ".join(str(part) for part in (tooltip[2], tooltip[3]))
    labels = read["labels"]
    for wanted in ("Stretch now: Neck", "Skip next break", "Open stretchapp", "Quit"):
        assert wanted in labels, (wanted, sorted(labels))
    assert seen["commands"] == ["open", "skip"]


def test_without_a_watcher_the_no_tray_window_stands_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess

    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
    bus = testcase.PrivateDBus(testcase.BusType.SESSION)
    bus.start()
    number = _free_display()
    xvfb = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1024x768x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(lambda: Path(f"/tmp/.X11-unix/X{number}").exists(), 10, "Xvfb")
        marks = tmp_path / "marks"
        marks.mkdir()
        (marks / "tray-read").touch()  # nobody reads this one
        env = {"DISPLAY": f":{number}", "DBUS_SESSION_BUS_ADDRESS": bus.address, "QT_QPA_PLATFORM": "xcb"}
        seen = run_scenario("tray", env, str(marks))
    finally:
        _stop(xvfb)
        bus.stop()
    assert seen["fallback_window"] and not seen["tray"]
