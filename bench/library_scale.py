"""Library scale benchmark: 5,000 routines of the person's own against the 3 bundled ones.

Prints, each beside its target:
- the GUI's start to the library window's first paint with 5,000 user routines, against the
  start with only the bundled routines (target: at most 1.5x), both offscreen, after one
  warm-up start that fills the routine cache;
- ``stretchapp list`` with 5,000 user routines (target: under 0.5 s), warm cache;
- the same ``list`` with an empty cache (no target: the one-off cost of a first scan).

    python bench/library_scale.py [--runs 5] [--routines 5000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from startup import APP, one_run

ROUTINE = """\
title: Routine {n}
description: A generated routine for the scale benchmark.
exercises:
  - name: Side tilt {n}
    sides: both
    reps: 2
    hold: [15, 30]
    steps:
      - Sit tall and let your shoulders drop.
      - Tip your head toward your {{side}} shoulder.
    hold_prompt: Breathe out and let your {{other_side}} shoulder sink.
"""


def fill(home: Path, count: int) -> None:
    folder = home / "data" / "routines"
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"routine-{n:05d}.yaml").write_text(ROUTINE.format(n=n), encoding="utf-8")


def gui_start(home: Path, runs: int) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", STRETCHAPP_HOME=str(home))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    one_run(APP, env)  # warm-up: bytecode, file cache, routine cache
    return statistics.median(one_run(APP, env)[0] for _ in range(runs))


def list_time(home: Path, runs: int, *, cold: bool = False) -> float:
    env = dict(os.environ, STRETCHAPP_HOME=str(home))
    times = []
    for _ in range(runs):
        if cold:
            shutil.rmtree(home / "cache", ignore_errors=True)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "stretchapp", "list"],
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--routines", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as small, tempfile.TemporaryDirectory() as large:
        fill(Path(large), args.routines)
        bundled_ms = gui_start(Path(small), args.runs)
        crowded_ms = gui_start(Path(large), args.runs)
        warm = list_time(Path(large), args.runs)
        cold = list_time(Path(large), 1, cold=True)
    print(f"GUI start, 3 bundled routines:         {bundled_ms:7.1f} ms median of {args.runs}")
    print(f"GUI start, {args.routines} user routines:      {crowded_ms:7.1f} ms median of {args.runs}")
    print(f"ratio: {crowded_ms / bundled_ms:.2f}x   (target: at most 1.50x)")
    print(f"stretchapp list, {args.routines} routines, warm cache: {warm:.3f} s   (target: under 0.5 s)")
    print(f"stretchapp list, {args.routines} routines, first scan: {cold:.3f} s   (no target)")


if __name__ == "__main__":
    main()
