"""Background benchmark: the reminders idling in the tray (or its stand-in) on the real clock.

Builds the BackgroundController as the app does (default settings: a break every 45
minutes, so none falls due in a short run), runs the real event loop offscreen for
``--minutes`` (default 10), and prints beside their targets:

* CPU share: process CPU time over wall time while idling (target under 0.1 %);
* wake-ups per minute: the controller's timer firings, and every timer event Qt delivered
  in the process (target at most one a second, i.e. 60 a minute);
* resident memory from /proc/self/status (target under 120 MiB).

    python bench/background.py [--minutes 10] [--idle none|fixed]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def status_kib(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="how long to idle (default 10)")
    parser.add_argument(
        "--idle",
        choices=["desktop", "none", "fixed"],
        default="desktop",
        help="idle source: ask the desktop over D-Bus (default), none, or a fixed fake that always answers",
    )
    args = parser.parse_args()

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from stretchapp.core.idle import FixedIdleSource, IdleSample, IdleSource, NullIdleSource
    from stretchapp.storage.settings import Settings
    from stretchapp.ui.reminders.controller import BackgroundController

    class TimerCounter(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.count = 0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.Timer:
                self.count += 1
            return False

    app = QApplication(sys.argv[:1])
    idle: IdleSource | None = {
        "desktop": None,
        "none": NullIdleSource(),
        "fixed": FixedIdleSource(IdleSample(idle_seconds=3.0)),
    }[args.idle]
    controller = BackgroundController(
        Settings(),
        [("quick-neck-break", "Neck and shoulders")],
        lambda _id: None,
        lambda: None,
        lambda: None,
        idle_source=idle,
        routine_seconds={"quick-neck-break": 150.0},
    )
    controller.start(minimised=True)  # as after a login: nobody is looking at it
    for _ in range(3):  # let start-up settle before measuring
        app.processEvents()
    counter = TimerCounter()
    app.installEventFilter(counter)

    seconds = args.minutes * 60
    wall0, cpu0 = time.monotonic(), time.process_time()
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    wall, cpu = time.monotonic() - wall0, time.process_time() - cpu0
    minutes = wall / 60
    app.removeEventFilter(counter)
    view = "tray icon" if controller.tray is not None else "no-tray window"
    rss_mib, hwm_mib = status_kib("VmRSS") / 1024, status_kib("VmHWM") / 1024
    controller.stop()

    print(f"idled {wall:.0f} s with the {view}; idle source: {controller.idle_source_name}")
    print(f"CPU share:        {100 * cpu / wall:.4f} %   (target < 0.1 %; {cpu * 1000:.0f} ms CPU in all)")
    print(f"controller wakes: {controller.wakeups / minutes:.2f} per minute   (target <= 60)")
    print(
        f"timer events:     {counter.count / minutes:.2f} per minute, all timers in the process   (target <= 60)"
    )
    print(f"resident memory:  {rss_mib:.1f} MiB now, {hwm_mib:.1f} MiB peak   (target < 120 MiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
