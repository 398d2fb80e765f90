"""Start-up benchmark: process start to the library window's first paint, against the floor.

The floor is a bare QApplication showing one QLabel. Both run as fresh processes,
alternating, ``--runs`` times each (default 10), offscreen and on a virtual X screen (Xvfb
with openbox, when both are installed); the script prints for each the medians, the ratio
(target: at most 1.3x the floor) and the resident memory once the window is shown.

    python bench/startup.py [--runs 10] [--screens offscreen,x]
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

# Each child prints "<epoch seconds at first paint> <VmRSS kB>" and quits.
_PAINT_PROBE = """
import os, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

def rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0

class FirstPaint(QObject):
    done = False
    def eventFilter(self, obj, event):
        if not self.done and event.type() == QEvent.Type.Paint and obj.isWidgetType() and obj.isWindow():
            self.done = True
            print(time.time(), rss_kb(), flush=True)
            QTimer.singleShot(0, QApplication.instance().quit)
        return False
probe = FirstPaint()
"""

FLOOR = (
    _PAINT_PROBE
    + """
import sys
app = QApplication(sys.argv[:1])
app.installEventFilter(probe)
from PySide6.QtWidgets import QLabel
label = QLabel("stretchapp")
label.resize(1100, 700)
label.show()
app.exec()
"""
)

APP = (
    _PAINT_PROBE
    + """
import stretchapp.ui.app as appmod
from stretchapp.cli.main import main
make = appmod.make_application
def make_with_probe(*args, **kwargs):
    app = make(*args, **kwargs)
    app.installEventFilter(probe)
    return app
appmod.make_application = make_with_probe
raise SystemExit(main([]))
"""
)


def one_run(code: str, env: dict[str, str]) -> tuple[float, int]:
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=True
    ).stdout.split()
    return (float(out[0]) - start) * 1000, int(out[1])


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


def measure(env: dict[str, str], runs: int) -> tuple[float, float, float]:
    """Median floor and app milliseconds to the first paint, and the app's median resident MiB."""
    one_run(FLOOR, env), one_run(APP, env)  # warm the file cache: "cold" means a new process
    floor, app, rss = [], [], []
    for _ in range(runs):
        ms, _kb = one_run(FLOOR, env)
        floor.append(ms)
        ms, kb = one_run(APP, env)
        app.append(ms)
        rss.append(kb)
    return statistics.median(floor), statistics.median(app), statistics.median(rss) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--screens", default="offscreen,x", help="offscreen, x or both, comma-separated")
    args = parser.parse_args()
    print(f"runs: {args.runs} each, process start -> first paint, alternating floor and app")
    with tempfile.TemporaryDirectory() as home:
        base = dict(os.environ, STRETCHAPP_HOME=home)
        # An installed app has its bytecode cached; let the warm-up run write it.
        base.pop("PYTHONDONTWRITEBYTECODE", None)
        for screen in args.screens.split(","):
            if screen == "offscreen":
                results = measure(dict(base, QT_QPA_PLATFORM="offscreen"), args.runs)
            else:
                with x_screen() as display:
                    if display is None:
                        print("x: skipped (Xvfb or openbox is not installed)")
                        continue
                    results = measure(dict(base, QT_QPA_PLATFORM="xcb", DISPLAY=display), args.runs)
            floor_ms, app_ms, rss = results
            print(f"[{screen}] floor (QApplication + QLabel): {floor_ms:7.1f} ms median")
            print(f"[{screen}] stretchapp library window:     {app_ms:7.1f} ms median")
            print(f"[{screen}] ratio: {app_ms / floor_ms:.2f}x the floor   (target: at most {TARGET:.2f}x)")
            print(f"[{screen}] resident memory at first paint: {rss:.0f} MiB median")


if __name__ == "__main__":
    main()
