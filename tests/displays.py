"""Display servers the desktop tests start and stop themselves: Xorg with two dummy monitors
(and openbox), weston headless, and a run of :mod:`tests.desktop_scenarios` inside one."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DUMMY_DRIVER = Path("/usr/lib/xorg/modules/drivers/dummy_drv.so")

XORG_CONF = """
Section "Device"
  Identifier "dummy"
  Driver "dummy"
  VideoRam 65536
EndSection
Section "Monitor"
  Identifier "monitor"
  HorizSync 5.0-1000.0
  VertRefresh 5.0-200.0
EndSection
Section "Screen"
  Identifier "screen"
  Device "dummy"
  Monitor "monitor"
  DefaultDepth 24
  SubSection "Display"
    Depth 24
    Virtual 2400 1000
  EndSubSection
EndSection
"""
# The dummy driver offers 16 outputs, one connected; a mode added to a second one connects it.
SECOND_MODE = ["1024x768_test", "65.00", "1024", "1048", "1184", "1344", "768", "771", "777", "806"]


def xorg_missing() -> str | None:
    """Why the two-monitor X server cannot start here, or None."""
    for tool in ("Xorg", "xrandr", "openbox"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (Debian: xserver-xorg-core x11-xserver-utils openbox)"
    if not DUMMY_DRIVER.exists():
        return "Xorg's dummy driver is not installed (Debian: xserver-xorg-video-dummy)"
    if os.geteuid() != 0:
        return "Xorg with a config of its own must run as root here (CI does)"
    return None


def _free_display() -> int:
    for number in range(60, 200):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return number
    raise RuntimeError("no free X display number")


def _wait(condition: Any, seconds: float, what: str) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not start within {seconds} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def xorg_two_monitors(folder: Path) -> Iterator[dict[str, str]]:
    """An X server with monitors DUMMY0 (1280x800) and DUMMY1 (1024x768, to its right), and openbox."""
    config = folder / "xorg.conf"
    config.write_text(XORG_CONF)
    (folder / "conf.d").mkdir()
    number = _free_display()
    display = f":{number}"
    server = subprocess.Popen(
        ["Xorg", display, "-noreset", "-nolisten", "tcp", "-config", str(config),
         "-configdir", str(folder / "conf.d"), "-logfile", str(folder / "xorg.log")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    env = {**os.environ, "DISPLAY": display}
    processes = [server]
    try:
        _wait(lambda: Path(f"/tmp/.X11-unix/X{number}").exists() or server.poll() is not None, 10, "Xorg")
        if server.poll() is not None:
            raise RuntimeError(f"Xorg stopped: see {folder / 'xorg.log'}")

        def xrandr(*args: str) -> None:
            subprocess.run(["xrandr", *args], env=env, check=True, capture_output=True, timeout=10)

        xrandr("--newmode", *SECOND_MODE)
        xrandr("--addmode", "DUMMY1", SECOND_MODE[0])
        xrandr("--output", "DUMMY0", "--mode", "1280x800", "--pos", "0x0", "--primary",
               "--output", "DUMMY1", "--mode", SECOND_MODE[0], "--pos", "1280x0")  # fmt: skip
        processes.append(
            subprocess.Popen(
                ["openbox", "--sm-disable"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        )
        time.sleep(0.5)  # openbox takes the screen; windows mapped before that go unmanaged
        yield {"DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    finally:
        for process in reversed(processes):
            _stop(process)


def weston_missing() -> str | None:
    if shutil.which("weston") is None:
        return "weston is not installed (Debian: weston)"
    return None


def weston_with_seat_missing() -> str | None:
    for tool in ("weston", "Xvfb", "xdotool"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (Debian: weston xvfb xdotool)"
    return None


@contextmanager
def weston_with_seat(folder: Path) -> Iterator[dict[str, str]]:
    """weston on its X11 backend inside a private Xvfb: a compositor with a keyboard and a
    pointer (the headless one has neither), driven with xdotool on that X display."""
    number = _free_display()
    xvfb = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1400x900x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait(lambda: Path(f"/tmp/.X11-unix/X{number}").exists() or xvfb.poll() is not None, 10, "Xvfb")
        with weston_headless(folder, backend="x11-backend.so", display=f":{number}") as env:
            yield {**env, "DISPLAY": f":{number}"}
    finally:
        _stop(xvfb)


@contextmanager
def weston_headless(
    folder: Path,
    *,
    width: int = 1280,
    height: int = 800,
    backend: str = "headless-backend.so",
    display: str = "",
) -> Iterator[dict[str, str]]:
    """A headless weston with a runtime folder of its own; the environment a Wayland client needs."""
    runtime = folder / "runtime"
    runtime.mkdir(mode=0o700)
    socket = "stretchapp-test"
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime)}
    env.pop("DISPLAY", None)
    if display:
        env["DISPLAY"] = display
    server = subprocess.Popen(
        ["weston", f"--backend={backend}", f"--socket={socket}", "--no-config",
         f"--width={width}", f"--height={height}", "--idle-time=0", f"--log={folder / 'weston.log'}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait(lambda: (runtime / socket).exists() or server.poll() is not None, 10, "weston")
        if server.poll() is not None:
            raise RuntimeError(
                f"weston stopped: {(folder / 'weston.log').read_text(errors='replace')[-2000:]}"
            )
        yield {"XDG_RUNTIME_DIR": str(runtime), "WAYLAND_DISPLAY": socket, "QT_QPA_PLATFORM": "wayland"}
    finally:
        _stop(server)


AT_SPI_LAUNCHER = Path("/usr/libexec/at-spi-bus-launcher")


def accessibility_missing() -> str | None:
    for tool in ("Xvfb", "openbox", "dbus-daemon"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (Debian: xvfb openbox dbus)"
    if not AT_SPI_LAUNCHER.exists():
        return "the accessibility bus is not installed (Debian: at-spi2-core)"
    try:
        import gi

        gi.require_version("Atspi", "2.0")
    except (ImportError, ValueError):
        return "libatspi's introspection data or PyGObject is missing (Debian: gir1.2-atspi-2.0; pip install .[test])"
    return None


@contextmanager
def accessibility_session(folder: Path) -> Iterator[dict[str, str]]:
    """Xvfb with openbox, a private session bus and the accessibility bus on it (at-spi2-core),
    in a runtime folder of its own so the bus socket is not the person's."""
    runtime = folder / "runtime"
    runtime.mkdir(mode=0o700)
    number = _free_display()
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime), "DISPLAY": f":{number}"}
    processes: list[subprocess.Popen[bytes]] = []
    bus_pid = 0
    try:
        processes.append(
            subprocess.Popen(
                ["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        _wait(lambda: Path(f"/tmp/.X11-unix/X{number}").exists(), 10, "Xvfb")
        started = subprocess.run(
            ["dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1"],
            env=env, capture_output=True, text=True, check=True, timeout=10,
        )  # fmt: skip
        address, pid = started.stdout.split()[:2]
        bus_pid = int(pid)
        env["DBUS_SESSION_BUS_ADDRESS"] = address
        processes.append(
            subprocess.Popen(
                [str(AT_SPI_LAUNCHER), "--launch-immediately"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        _wait(
            lambda: (runtime / "at-spi" / "bus").exists() or (runtime / "at-spi").exists(),
            10,
            "the AT-SPI bus",
        )
        processes.append(
            subprocess.Popen(
                ["openbox", "--sm-disable"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        )
        time.sleep(0.5)
        yield {
            "DISPLAY": env["DISPLAY"],
            "XDG_RUNTIME_DIR": str(runtime),
            "DBUS_SESSION_BUS_ADDRESS": address,
            "QT_QPA_PLATFORM": "xcb",
            # Qt turns its AT-SPI bridge on when a screen reader is running; here none is.
            "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
        }
    finally:
        for process in reversed(processes):
            _stop(process)
        if bus_pid:
            with suppress(ProcessLookupError):
                os.kill(bus_pid, signal.SIGTERM)


def run_scenario(
    name: str, env: dict[str, str], *args: str, timeout: float = 90, reader: list[str] | None = None
) -> dict[str, Any]:
    """Run one scenario in a fresh process with ``env`` added; its JSON report.

    With ``reader`` (a module and its arguments), that program runs beside the scenario in
    the same environment and its own JSON report is added under ``"reader"``.
    """
    full = {**os.environ, **env, "PYTHONPATH": str(REPO)}
    if env.get("QT_QPA_PLATFORM") == "wayland" and "DISPLAY" not in env:
        full.pop("DISPLAY", None)
    beside = None
    if reader is not None:
        beside = subprocess.Popen(
            [sys.executable, "-m", *reader],
            env=full,
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    done = subprocess.run(
        [sys.executable, "-m", "tests.desktop_scenarios", name, *args],
        env=full, cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    assert done.returncode == 0 and lines, (
        f"scenario {name} failed ({done.returncode}):\n{done.stderr[-4000:]}"
    )
    report: dict[str, Any] = json.loads(lines[-1])
    report["stderr"] = done.stderr
    if beside is not None:
        out, err = beside.communicate(timeout=timeout)
        read = [line for line in out.splitlines() if line.startswith("{")]
        assert beside.returncode == 0 and read, f"reader failed ({beside.returncode}):\n{err[-4000:]}"
        report["reader"] = json.loads(read[-1])
    return report
