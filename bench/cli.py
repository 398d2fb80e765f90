"""Command-line benchmark: ``validate``, ``list`` and ``plan`` against ``python -c "import yaml"``.

Each runs as a fresh process, alternating, ``--runs`` times (default 15), with its own
``STRETCHAPP_HOME``; the script prints each command's median beside the floor and the ratio
(target: at most 1.5x the floor), in wall-clock time and in CPU time (user + system), which
moves far less with other load on the machine. The ratio is the median of each run's ratio
to the floor's run of the same round, as ``bench/startup.py`` gives its own.

    python bench/cli.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from stretchapp import resources

TARGET = 1.5


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU milliseconds of one run of ``argv``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL)
    # A blocking wait: with a timeout, subprocess polls with sleeps of up to 50 ms, and every
    # figure came out as a multiple of the polling step. A watchdog stops a hung run instead.
    watchdog = threading.Timer(60, process.kill)
    watchdog.start()
    code = process.wait()
    wall = (time.perf_counter() - start) * 1000
    watchdog.cancel()
    if code != 0:
        raise subprocess.CalledProcessError(code, argv)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    routine = str(resources.bundled_routines_dir() / "neck-relief.yaml")
    commands = {
        'python -c "import yaml"': [sys.executable, "-c", "import yaml"],
        "stretchapp validate": [sys.executable, "-m", "stretchapp", "validate", routine],
        "stretchapp list": [sys.executable, "-m", "stretchapp", "list"],
        "stretchapp plan": [sys.executable, "-m", "stretchapp", "plan", "neck-relief"],
    }
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, STRETCHAPP_HOME=home)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app has its bytecode cached
        for argv in commands.values():
            timed(argv, env)  # warm-up: bytecode, the file cache, the routine cache
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpu_times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, argv in commands.items():
                wall, cpu = timed(argv, env)
                times[name].append(wall)
                cpu_times[name].append(cpu)
    floor_name = 'python -c "import yaml"'
    floor = statistics.median(times[floor_name])
    cpu_floor = statistics.median(cpu_times[floor_name])
    print(f"runs: {args.runs} each, from {Path(sys.executable).parent.parent}")
    print(f"{floor_name}:  {floor:6.1f} ms median (the floor), {cpu_floor:.0f} ms CPU")
    for name in commands:
        if name == floor_name:
            continue
        ms = statistics.median(times[name])
        ratio = _paired(times[name], times[floor_name])
        cpu_ratio = _paired(cpu_times[name], cpu_times[floor_name])
        print(
            f"{name:<24}  {ms:6.1f} ms   {ratio:.2f}x the floor   (target: at most {TARGET:.1f}x;"
            f" ratio of the medians {ms / floor:.2f}x)   CPU {statistics.median(cpu_times[name]):.0f} ms,"
            f" {cpu_ratio:.2f}x"
        )


def _paired(runs: list[float], floor_runs: list[float]) -> float:
    """The median of each run's ratio to the floor's run of the same round, which met the same load."""
    return statistics.median(run / floor for run, floor in zip(runs, floor_runs, strict=True))


if __name__ == "__main__":
    main()
