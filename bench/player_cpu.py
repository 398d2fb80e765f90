"""Player benchmark: a routine running in the real window on a virtual X screen, on the real clock.

Starts ``Xvfb`` on a free display and ``openbox`` as its window manager (both must be
installed), then runs the app's window there (xcb, not offscreen: real painting and real
compositing by the X server) with a routine playing for ``--seconds`` (default 120), and
prints beside their targets:

* CPU share of the app's process over wall time (target under 1 % of a core);
* wake-ups a second: voluntary context switches of the GUI thread, and every timer event
  Qt delivered (target at most 30 a second);
* frames the countdown ring drew, and how many a second.

The CPU and the context switches are measured first; timer and paint events are counted
afterwards, for ``--count-seconds`` more, because counting them takes a Python filter on
every event of the application, which costs more CPU than the player itself.

It also prints the widgets that received paint events, the busiest first, and with
``--profile FILE`` writes a cProfile of the run (read it with ``python -m pstats FILE``).

    python bench/player_cpu.py [--seconds 120] [--size 1920x1080] [--routine neck-relief]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CPU_TARGET = 1.0  # percent of one core
WAKE_TARGET = 30.0  # a second


def status_field(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def free_display() -> int:
    for number in range(90, 200):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            return number
    raise SystemExit("no free X display number between :90 and :199")


def run_on_virtual_screen(args: argparse.Namespace) -> int:
    """Start Xvfb and openbox, run this script's measuring half there, then stop both."""
    for tool in ("Xvfb", "openbox"):
        if shutil.which(tool) is None:
            print(f"{tool} is not installed", file=sys.stderr)
            return 2
    number = free_display()
    width, height = args.size.split("x")
    xvfb = subprocess.Popen(
        [
            "Xvfb",
            f":{number}",
            "-screen",
            "0",
            f"{max(int(width), 1920)}x{max(int(height), 1080)}x24",
            "-nolisten",
            "tcp",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    env = dict(os.environ, DISPLAY=f":{number}", QT_QPA_PLATFORM="xcb")
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    wm = subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    try:
        child = [sys.executable, __file__, "--measure", "--seconds", str(args.seconds), "--size", args.size]
        child += ["--routine", args.routine, "--count-seconds", str(args.count_seconds)]
        if args.profile:
            child += ["--profile", args.profile]
        return subprocess.call(child, env=env)
    finally:
        for process in (wm, xvfb):
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()


def measure(args: argparse.Namespace) -> int:
    import tempfile

    os.environ.setdefault("STRETCHAPP_HOME", tempfile.mkdtemp(prefix="stretchapp-bench-"))
    from PySide6.QtCore import QEvent, QObject, QTimer

    from stretchapp.routines.library import load_library
    from stretchapp.storage.settings import Settings
    from stretchapp.ui.app import make_application
    from stretchapp.ui.controller import AppController
    from stretchapp.ui.session.audio import NullSoundPlayer

    class TimerCounter(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.count = 0
            self.paints: dict[str, int] = {}

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
            kind = event.type()
            if kind == QEvent.Type.Timer:
                self.count += 1
            elif kind == QEvent.Type.Paint:
                name = f"{type(watched).__name__}:{watched.objectName()}"
                self.paints[name] = self.paints.get(name, 0) + 1
            return False

    app = make_application()
    from stretchapp.ui.common.collector import collect_in_gui_thread

    collect_in_gui_thread(app)  # as run_gui does: its timer is part of the cost
    library = load_library()
    entry = library.get(args.routine)
    if entry is None:
        print(f"no routine called {args.routine!r}", file=sys.stderr)
        return 2
    controller = AppController(Settings(), library, sound_factory=lambda _settings: NullSoundPlayer())
    controller.confirm_cautions = lambda routine, parent: True
    width, height = (int(v) for v in args.size.split("x"))
    controller.window.resize(width, height)
    controller.window.show()
    controller.start_routine(entry.routine)
    ring = controller.player.ring

    counter = TimerCounter()
    start: dict[str, float] = {}
    counted: dict[str, float] = {}

    def begin() -> None:  # after a few seconds of warming up (fonts, first paints)
        times = os.times()
        start.update(
            wall=time.monotonic(),
            cpu=times.user + times.system,
            switches=status_field("voluntary_ctxt_switches"),
            frames=ring.frames_drawn,
        )
        QTimer.singleShot(int(args.seconds * 1000), count_events)

    def count_events() -> None:
        # The CPU is measured first, without this filter: a Python filter on every event of
        # the application costs more than the player itself. Events are counted afterwards.
        start["end"] = time.monotonic()
        times = os.times()
        start["cpu_end"] = times.user + times.system
        start["switches_end"] = status_field("voluntary_ctxt_switches")
        start["frames_end"] = ring.frames_drawn
        counted["since"] = time.monotonic()
        app.installEventFilter(counter)
        QTimer.singleShot(int(args.count_seconds * 1000), app.quit)

    QTimer.singleShot(3000, begin)
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    app.exec()
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)
    app.removeEventFilter(counter)
    counting = time.monotonic() - counted["since"]
    wall = start["end"] - start["wall"]
    cpu = 100 * (start["cpu_end"] - start["cpu"]) / wall
    switches = (start["switches_end"] - start["switches"]) / wall
    timers = counter.count / counting
    frames = start["frames_end"] - start["frames"]
    print(f"player on a virtual X screen at {args.size}, {entry.routine.title}, {wall:.0f} s")
    print(f"CPU:              {cpu:.2f} % of a core                         (target < {CPU_TARGET:g} %)")
    print(
        f"wake-ups:         {switches:.1f} a second (GUI thread context switches) (target <= {WAKE_TARGET:g})"
    )
    print(
        f"timer events:     {timers:.1f} a second, all timers in the process     (target <= {WAKE_TARGET:g})"
    )
    print(f"ring frames:      {frames:.0f} drawn, {frames / wall:.1f} a second")
    busiest = sorted(counter.paints.items(), key=lambda item: -item[1])[:8]
    print(
        f"paint events:     (over {counting:.0f} s) "
        + ", ".join(f"{name} {n / counting:.1f}/s" for name, n in busiest)
    )
    controller.end_session()
    return 0 if cpu < CPU_TARGET and max(switches, timers) <= WAKE_TARGET else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120.0, help="how long to measure (default 120)")
    parser.add_argument("--size", default="1920x1080", metavar="WxH", help="window size (default 1920x1080)")
    parser.add_argument("--routine", default="neck-relief", help="routine to play (default neck-relief)")
    parser.add_argument(
        "--count-seconds", type=float, default=15.0, help="then count events for this long (default 15)"
    )
    parser.add_argument("--profile", metavar="FILE", help="also write a cProfile of the run to FILE")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    return measure(args) if args.measure else run_on_virtual_screen(args)


if __name__ == "__main__":
    raise SystemExit(main())
