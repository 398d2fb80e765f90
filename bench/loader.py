"""Loader benchmark: validate and plan a 200-exercise routine; refuse a 10 MiB file.

Prints the median of 20 runs of load + validate + plan for a generated 200-exercise routine
(target: under 30 ms) and the time to refuse a generated 10 MiB file (target: under 50 ms).

    python bench/loader.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stretchapp.loader import RoutineError, load_routine
from stretchapp.timeline import build_timeline


def big_routine(exercises: int) -> str:
    parts = [
        "title: Two hundred stretches",
        "prepare: 5",
        "rest: 5",
        "cautions:",
        "  - Stop if it hurts.",
        "exercises:",
    ]
    for n in range(exercises):
        parts += [
            f"  - name: Stretch number {n}",
            "    sides: both",
            "    order: alternate" if n % 2 else "    order: by-side",
            "    reps: 3",
            "    hold: [15, 30]" if n % 3 else "    hold: 20",
            "    steps:",
            "      - Sit tall and look straight ahead.",
            "      - Turn your head toward your {side} shoulder.",
            "      - Rest your {side} hand on your head; keep your {other_side} shoulder low.",
            "    hold_prompt: Breathe slowly and let the {other_side} side of your neck lengthen.",
        ]
    return "\n".join(parts) + "\n"


def timed(action: object) -> float:
    start = time.perf_counter()
    action()  # type: ignore[operator]
    return (time.perf_counter() - start) * 1000


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        routine_file = Path(folder) / "big.yaml"
        routine_file.write_text(big_routine(200), encoding="utf-8")
        huge = Path(folder) / "huge.yaml"
        huge.write_text(big_routine(200) * 160, encoding="utf-8")
        assert huge.stat().st_size > 10 * 1024 * 1024

        def load_and_plan() -> None:
            build_timeline(load_routine(routine_file))

        def refuse() -> None:
            try:
                load_routine(huge)
            except RoutineError:
                return
            raise AssertionError("a 10 MiB file was accepted")

        load_and_plan()
        runs = [timed(load_and_plan) for _ in range(20)]
        refusals = [timed(refuse) for _ in range(20)]
        phases = len(build_timeline(load_routine(routine_file)).phases)
        size_mib = huge.stat().st_size / 1024 / 1024
    print(f"200-exercise routine ({phases} phases): load + validate + plan")
    print(f"  median of 20: {statistics.median(runs):7.2f} ms   (target: under 30 ms)")
    print(f"refuse a {size_mib:.1f} MiB file (its size is checked before anything is parsed)")
    print(f"  median of 20: {statistics.median(refusals):7.3f} ms   (target: under 50 ms)")


if __name__ == "__main__":
    main()
