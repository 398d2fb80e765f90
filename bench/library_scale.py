"""Library scale benchmark: 5,000 routines of the person's own against the 3 bundled ones.

Prints, each beside its target:
- the GUI's start to the library window's first paint with 5,000 user routines, against the
  start with only the bundled routines (target: at most 1.5x), both offscreen, alternating,
  after one warm-up start each that fills the routine cache; and the same in CPU time;
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
from startup import APP, timed_run

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


def gui_starts(small: Path, large: Path, runs: int) -> dict[str, float]:
    """Median wall and CPU ms to the first paint with each home, the two alternating."""
    envs = {}
    for name, home in (("small", small), ("large", large)):
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", STRETCHAPP_HOME=str(home))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        timed_run(APP, env)  # warm-up: bytecode, file cache, routine cache
        envs[name] = env
    times: dict[str, list[float]] = {"small": [], "large": [], "small_cpu": [], "large_cpu": []}
    for _ in range(runs):
        for name, env in envs.items():
            run = timed_run(APP, env)
            times[name].append(run.ms)
            times[f"{name}_cpu"].append(run.cpu_ms)
    return {name: statistics.median(values) for name, values in times.items()}


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
        starts = gui_starts(Path(small), Path(large), args.runs)
        bundled_ms, crowded_ms = starts["small"], starts["large"]
        warm = list_time(Path(large), args.runs)
        cold = list_time(Path(large), 1, cold=True)
    print(f"GUI start, 3 bundled routines:         {bundled_ms:7.1f} ms median of {args.runs}")
    print(f"GUI start, {args.routines} user routines:      {crowded_ms:7.1f} ms median of {args.runs}")
    print(f"ratio: {crowded_ms / bundled_ms:.2f}x   (target: at most 1.50x)")
    cpu_ratio = starts["large_cpu"] / starts["small_cpu"]
    print(
        f"CPU to first paint: {starts['small_cpu']:.0f} ms and {starts['large_cpu']:.0f} ms, {cpu_ratio:.2f}x"
        "   (the same ratio, less moved by other load)"
    )
    print(f"stretchapp list, {args.routines} routines, warm cache: {warm:.3f} s   (target: under 0.5 s)")
    print(f"stretchapp list, {args.routines} routines, first scan: {cold:.3f} s   (no target)")


if __name__ == "__main__":
    main()
