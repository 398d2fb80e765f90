"""Start-up benchmark: process start to the library window's first paint, against the floor.

The floor is a bare QApplication showing one QLabel. Both run as fresh processes,
alternating, ``--runs`` times each (default 30), offscreen and on a virtual X screen (Xvfb
with openbox, when both are installed); the script prints for each the medians, the ratio
(target: at most 1.3x the floor) and the resident memory once the window is shown.

The ratio is the median of the paired ratios: each app run against the floor run just
before it, so the two of a pair meet the same load. On a shared machine the load moves
between runs and batches; the ratio of the two medians, printed beside it, moves about
twice as much from one batch to the next. ``--instructions`` also counts the instructions
each program runs to its first paint under Valgrind's callgrind (one run each, offscreen,
about a minute), a figure that does not move with load.

    python bench/startup.py [--runs 30] [--screens offscreen,x] [--instructions]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from typing import NamedTuple

# Each child prints "<epoch seconds once the first paint is done> <VmRSS kB> <CPU seconds so far> <1 if the
# Qt namespace was built by then>" and quits (building PySide6's Qt namespace costs ~25 ms).
# The CPU time (user + system, from the process's start) barely moves with other load on the
# machine, so it is printed beside the wall-clock figures. The probe imports nothing of Qt
# until it is installed: a real start imports PySide6 when the app does, and every module
# imported after PySide6 passes through its import hook, so importing it first would charge
# the app for the probe.
_PAINT_PROBE = """
import os, time

def rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0

def make_probe():
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    def painted():
        import PySide6.QtCore
        print(time.time(), rss_kb(), time.process_time(), int("Qt" in vars(PySide6.QtCore)), flush=True)
        QApplication.instance().quit()

    class FirstPaint(QObject):
        done = False
        def eventFilter(self, obj, event):
            if not self.done and event.type() == QEvent.Type.Paint and obj.isWidgetType() and obj.isWindow():
                # The window's paint event comes before its children paint: the time is taken
                # on the next turn of the event loop, once the whole window is drawn and shown.
                self.done = True
                QTimer.singleShot(0, painted)
            return False

    global probe
    probe = FirstPaint()
    return probe
"""

# The probe watches the one window whose first paint is timed: the label, or the window the
# app hands to its own after_first_paint(). An application-wide Python event filter (as the
# first version of this script used, kept as --app-wide-probe) is itself slow for a window
# with many kinds of child and event: each is wrapped for Python as it passes, ~40 ms here.
_FLOOR = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv[:1])
{app_wide}
label = QLabel("stretchapp")
label.resize(1100, 700)
{window}
label.show()
app.exec()
"""

_APP = """
import stretchapp.ui.app as appmod
from stretchapp.cli.main import main
make, later = appmod.make_application, appmod.after_first_paint
def make_with_probe(*args, **kwargs):
    app = make(*args, **kwargs)
    {app_wide}
    return app
def later_with_probe(window, then):
    later(window, then)
    {window}  # installed last, so it sees the paint first and times it before the app's own work
appmod.make_application = make_with_probe
appmod.after_first_paint = later_with_probe
raise SystemExit(main([]))
"""


def _programs(*, app_wide: bool) -> tuple[str, str]:
    hooks = {
        "app_wide": "app.installEventFilter(make_probe())" if app_wide else "pass",
        "window": "pass" if app_wide else "{0}.installEventFilter(make_probe())",
    }
    floor = _FLOOR.format(app_wide=hooks["app_wide"], window=hooks["window"].format("label"))
    app = _APP.format(app_wide=hooks["app_wide"], window=hooks["window"].format("window"))
    return _PAINT_PROBE + floor, _PAINT_PROBE + app


FLOOR, APP = _programs(app_wide=False)


class Run(NamedTuple):
    """One start: milliseconds to the first paint, resident kB and CPU milliseconds by then."""

    ms: float
    kb: int
    cpu_ms: float
    qt_namespace: bool  # whether PySide6's Qt namespace had been built by then


def one_run(code: str, env: dict[str, str]) -> tuple[float, int]:
    """Milliseconds from process start to first paint, and resident kB then."""
    run = timed_run(code, env)
    return run.ms, run.kb


def _run_program(
    before: list[str], code: str, env: dict[str, str], timeout: int
) -> subprocess.CompletedProcess[str]:
    """Run ``code`` with this Python (after ``before``, a tool such as valgrind) in the run's own home.

    A launcher starts an app in the person's home. With ``python -c`` the folder a program
    starts in comes first on ``sys.path``: started in a checkout, ``stretchapp`` would be read
    from its source tree instead of the installed app, and a folder of many files (``/tmp``)
    slows every import of both programs, which hides the ratio.
    """
    return subprocess.run(
        [*before, sys.executable, "-c", code],
        env=env,
        cwd=env["STRETCHAPP_HOME"],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )


def timed_run(code: str, env: dict[str, str]) -> Run:
    start = time.time()
    out = _run_program([], code, env, timeout=60).stdout.split()
    return Run((float(out[0]) - start) * 1000, int(out[1]), float(out[2]) * 1000, out[3] == "1")


TARGET = 1.3


@contextlib.contextmanager
def x_screen() -> Iterator[str | None]:
    """A private virtual X screen with a window manager; its DISPLAY, or None without Xvfb."""
    if not (shutil.which("Xvfb") and shutil.which("openbox")):
        yield None
        return
    display = f":{90 + os.getpid() % 100}"
    server = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    manager = None
    try:
        time.sleep(1.0)
        env = dict(os.environ, DISPLAY=display)
        manager = subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)
        yield display
    finally:
        for process in (manager, server):
            if process is not None:
                process.terminate()
                process.wait(timeout=10)


def measure(env: dict[str, str], runs: int, *, app_wide: bool = False) -> dict[str, float]:
    """Medians: floor and app wall and CPU milliseconds to the first paint, the app's resident MiB,
    and the paired ratios (``ratio``, ``cpu_ratio``: each app run over the floor run before it)."""
    floor_code, app_code = _programs(app_wide=app_wide)
    one_run(floor_code, env), one_run(app_code, env)  # warm the file cache: "cold" means a new process
    runs_of: dict[str, list[float]] = {
        name: []
        for name in ("floor", "app", "ratio", "floor_cpu", "app_cpu", "cpu_ratio", "rss", "qt_namespace")
    }
    for _ in range(runs):
        floor = timed_run(floor_code, env)
        app = timed_run(app_code, env)
        runs_of["floor"].append(floor.ms)
        runs_of["app"].append(app.ms)
        runs_of["ratio"].append(app.ms / floor.ms)
        runs_of["floor_cpu"].append(floor.cpu_ms)
        runs_of["app_cpu"].append(app.cpu_ms)
        runs_of["cpu_ratio"].append(app.cpu_ms / floor.cpu_ms)
        runs_of["rss"].append(app.kb / 1024)
        runs_of["qt_namespace"].append(float(app.qt_namespace))
    return {name: statistics.median(values) for name, values in runs_of.items()}


def main() -> None:
    args = _measure_times()
    if args.instructions:
        count_instructions()


def _measure_times() -> argparse.Namespace:
    """Times to the first paint, alternating floor and app, on each screen asked for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--screens", default="offscreen,x", help="offscreen, x or both, comma-separated")
    parser.add_argument(
        "--app-wide-probe", action="store_true", help="time with an application-wide event filter (slower)"
    )
    parser.add_argument(
        "--instructions", action="store_true", help="also count instructions to the first paint (Valgrind)"
    )
    args = parser.parse_args()
    probe = "an application-wide event filter" if args.app_wide_probe else "a filter on the timed window"
    print(f"runs: {args.runs} each, process start -> first paint ({probe}), alternating floor and app")
    with tempfile.TemporaryDirectory() as home:
        base = dict(os.environ, STRETCHAPP_HOME=home)
        # An installed app has its bytecode cached; let the warm-up run write it.
        base.pop("PYTHONDONTWRITEBYTECODE", None)
        for screen in args.screens.split(","):
            if screen == "offscreen":
                results = measure(
                    dict(base, QT_QPA_PLATFORM="offscreen"), args.runs, app_wide=args.app_wide_probe
                )
            else:
                with x_screen() as display:
                    if display is None:
                        print("x: skipped (Xvfb or openbox is not installed)")
                        continue
                    env = dict(base, QT_QPA_PLATFORM="xcb", DISPLAY=display)
                    results = measure(env, args.runs, app_wide=args.app_wide_probe)
            floor_ms, app_ms = results["floor"], results["app"]
            print(f"[{screen}] floor (QApplication + QLabel): {floor_ms:7.1f} ms median")
            print(f"[{screen}] stretchapp library window:     {app_ms:7.1f} ms median")
            print(
                f"[{screen}] ratio: {results['ratio']:.2f}x the floor, median of the paired runs"
                f"   (target: at most {TARGET:.2f}x; ratio of the medians {app_ms / floor_ms:.2f}x)"
            )
            print(
                f"[{screen}] CPU to first paint: floor {results['floor_cpu']:.0f} ms, app"
                f" {results['app_cpu']:.0f} ms, {results['cpu_ratio']:.2f}x paired"
                "   (the same ratio, less moved by other load)"
            )
            print(f"[{screen}] resident memory at first paint: {results['rss']:.0f} MiB median")
            built = "yes" if results["qt_namespace"] > 0 else "no"
            print(f"[{screen}] Qt namespace built before the app's first paint: {built}")
    return args


def count_instructions() -> None:
    """Instructions from process start to the first paint, floor and app, under callgrind."""
    if not shutil.which("valgrind"):
        print("instructions: skipped (valgrind is not installed)")
        return
    programs = _programs(app_wide=False)
    floor_code, app_code = (
        code.replace("QApplication.instance().quit()", "os._exit(0)")  # stop counting at the paint
        for code in programs
    )
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, STRETCHAPP_HOME=home, QT_QPA_PLATFORM="offscreen")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        # Fills the routine cache and writes the bytecode. It quits as the app does: stopped at
        # the paint, it would leave its single-instance socket behind, and the counted start
        # would count clearing it away and logging that.
        one_run(programs[1], env)
        counts = [_instructions(code, env) for code in (floor_code, app_code)]
    floor, app = counts
    print(
        f"[instructions] floor {floor / 1e6:.0f} M, stretchapp {app / 1e6:.0f} M:"
        f" {app / floor:.2f}x the floor   (target: at most {TARGET:.2f}x)"
    )


def _instructions(code: str, env: dict[str, str]) -> int:
    valgrind = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
    out = _run_program(valgrind, code, env, timeout=600).stderr
    collected = [line for line in out.splitlines() if "Collected :" in line]
    return int(collected[-1].split()[-1])


if __name__ == "__main__":
    main()
