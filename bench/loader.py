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
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stretchapp.core.timeline import build_timeline
from stretchapp.routines.loader import RoutineError, load_routine, parse_routine


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


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def median_ms(action: Callable[[], object], runs: int = 20) -> float:
    return statistics.median(timed(action) for _ in range(runs))


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        routine_file = Path(folder) / "big.yaml"
        routine_file.write_text(big_routine(200), encoding="utf-8")
        huge = Path(folder) / "huge.yaml"
        huge.write_text(big_routine(200) * 160, encoding="utf-8")
        huge_text = huge.read_text(encoding="utf-8")
        assert huge.stat().st_size > 10 * 1024 * 1024

        def load_and_plan() -> None:
            build_timeline(load_routine(routine_file))

        def refused(action: Callable[[], object]) -> Callable[[], None]:
            def attempt() -> None:
                try:
                    action()
                except RoutineError:
                    return
                raise AssertionError("a 10 MiB file was accepted")

            return attempt

        load_and_plan()  # warm up imports and caches
        routine = load_routine(routine_file)
        total = median_ms(load_and_plan)
        loading = median_ms(lambda: load_routine(routine_file))
        planning = median_ms(lambda: build_timeline(routine))
        refuse_file = median_ms(refused(lambda: load_routine(huge)))
        refuse_text = median_ms(refused(lambda: parse_routine(huge_text, huge)))
        phases = len(build_timeline(routine).phases)
        size_mib = huge.stat().st_size / 1024 / 1024
    print(f"200-exercise routine ({phases} phases), median of 20 runs:")
    print(f"  load + validate + plan  {total:7.2f} ms   (target: under 30 ms)")
    print(f"    of which load + validate  {loading:7.2f} ms, plan  {planning:7.2f} ms")
    print(f"refuse a {size_mib:.1f} MiB file, median of 20 runs:")
    print(f"  from disk (size checked before reading)  {refuse_file:7.3f} ms   (target: under 50 ms)")
    print(f"  handed over as text (editor, stdin)      {refuse_text:7.3f} ms   (target: under 50 ms)")


if __name__ == "__main__":
    main()
