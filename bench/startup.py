"""Start-up benchmark: process start to the library window's first paint, against the floor.

The floor is a bare QApplication showing one QLabel. Both run as fresh processes, offscreen,
alternating, ``--runs`` times each (default 10); the script prints the medians, the ratio
(target: at most 1.3x the floor) and the resident memory once the window is shown.

    python bench/startup.py [--runs 10]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

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
def make_with_probe(*args):
    app = make(*args)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", STRETCHAPP_HOME=home)
        # An installed app has its bytecode cached; let the warm-up run write it.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        one_run(FLOOR, env), one_run(APP, env)  # warm the file cache: "cold" means a new process
        floor, app, rss = [], [], []
        for _ in range(args.runs):
            ms, _kb = one_run(FLOOR, env)
            floor.append(ms)
            ms, kb = one_run(APP, env)
            app.append(ms)
            rss.append(kb)
    floor_ms, app_ms = statistics.median(floor), statistics.median(app)
    print(f"runs: {args.runs} each, offscreen, process start -> first paint")
    print(f"floor (QApplication + QLabel): {floor_ms:7.1f} ms median")
    print(f"stretchapp library window:     {app_ms:7.1f} ms median")
    print(f"ratio: {app_ms / floor_ms:.2f}x the floor   (target: at most 1.30x)")
    print(f"resident memory at first paint: {statistics.median(rss) / 1024:.0f} MiB median")


if __name__ == "__main__":
    main()
