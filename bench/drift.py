"""Drift benchmark: a real routine on the real Qt event loop, offscreen, with the real clock.

Runs a routine of short phases (2-5 s) through SessionDriver and prints: the finish's drift
against the plan (target < 20 ms), the worst lateness of a phase change against its planned
instant (target < 20 ms), timer wake-ups per second, and CPU time as a share of wall time
(target < 1 %).

    python bench/drift.py [--minutes 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication

from stretchapp.core.engine import Session
from stretchapp.core.model import Exercise, HoldRange, Routine, Sides
from stretchapp.core.timeline import build_timeline
from stretchapp.ui.session.driver import SessionDriver


def short_routine(minutes: float) -> Routine:
    """Holds of 3-5 s, a 2 s get-ready before each and 2 s rests, until ``minutes`` are filled."""
    exercises: list[Exercise] = []
    while True:
        hold = 3 + len(exercises) % 3
        exercises.append(
            Exercise(
                name=f"Stretch {len(exercises) + 1}",
                steps=("Turn to the {side}.",),
                hold=HoldRange(hold, hold),
                sides=Sides.BOTH,
            )
        )
        routine = Routine(id="drift", title="Drift", exercises=tuple(exercises), prepare=2, rest=2)
        if build_timeline(routine).total_seconds >= minutes * 60:
            return routine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=3.0, help="length of the routine (default 3)")
    args = parser.parse_args()
    app = QCoreApplication(sys.argv[:1])
    session = Session(build_timeline(short_routine(args.minutes)))
    driver = SessionDriver(session)
    phases = session.timeline.phases
    planned_starts = [sum(p.seconds for p in phases[:i]) for i in range(len(phases))]
    seen: list[tuple[int, float]] = []
    driver.phaseStarted.connect(lambda _phase, index, _next: seen.append((index, time.monotonic())))
    finished_at: list[float] = []

    def on_finished(_summary: object) -> None:
        finished_at.append(time.monotonic())
        app.quit()

    driver.finished.connect(on_finished)

    cpu0, wall0 = time.process_time(), time.monotonic()
    start = wall0
    driver.start()
    app.exec()
    cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0

    lateness = [(at - start) - planned_starts[index] for index, at in seen]
    drift = (finished_at[0] - start) - session.timeline.total_seconds
    print(f"routine: {len(phases)} phases, {session.timeline.total_seconds} s planned, offscreen, real clock")
    print(f"finish drift against the plan:      {drift * 1000:8.2f} ms   (target: under 20 ms)")
    print(f"worst lateness of a phase change:   {max(lateness) * 1000:8.2f} ms   (target: under 20 ms)")
    print(f"timer wake-ups per second:          {driver.wakeups / wall:8.2f}")
    print(f"CPU time as a share of wall time:   {100 * cpu / wall:8.3f} %    (target: under 1 %)")
    driver.dispose()
    sys.stdout.flush()
    # PySide6 6.12 can abort while the interpreter finalises its objects after a long run
    # (a refcount error in the binding, seen as "bool_dealloc"); the figures are printed,
    # so leave without running finalisers.
    os._exit(0)


if __name__ == "__main__":
    main()
