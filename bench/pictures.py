"""Picture benchmark: the time and peak memory of checking and showing the worst pictures.

Each measurement runs in a fresh process, so its peak memory (``ru_maxrss``) is its own: the
checker alone, or the player's picture widget (Qt included) showing the file at 600 x 600.
Targets: a check under 50 ms, showing (refused or bounded) under 200 ms, under 150 MiB.
The last rows are the costliest pictures the limits still let through, for reference.

    python bench/pictures.py
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import hostile_pictures as hostile

CHECK_MS, SHOW_MS, PEAK_MIB = 50.0, 200.0, 150.0


def write_cases(folder: Path) -> dict[str, Path]:
    cases = {
        "use bomb, 8 levels (2 KB)": ("bomb.svg", hostile.use_bomb(levels=8)),
        "SVG of 10 MB": ("big.svg", hostile.big_svg(10 * 1024 * 1024)),
        "PNG claiming 100000 x 100000": ("claim.png", hostile.png_header(100_000, 100_000)),
        "entity bomb": ("laughs.svg", hostile.entity_bomb()),
        "refused: 1.9 MB of path data": (
            "paths.svg",
            hostile.svg('<path d="M0 0 ' + "L100 100 L0 100 " * 120_000 + '" stroke="black"/>'),
        ),
        "accepted: 9,990 lines across it all": (
            "zigzag.svg",
            hostile.svg(
                '<path fill="red" d="M0 0 '
                + " ".join(f"L{n * 37 % 100} {n * 91 % 100}" for n in range(9_990))
                + '"/>'
            ),
        ),
        "accepted: 99,000 characters of text": (
            "text.svg",
            hostile.svg('<text x="0" y="50" font-size="4">' + "W" * 99_000 + "</text>"),
        ),
        "accepted: 4,999 full-size layers": (
            "layers.svg",
            hostile.svg('<rect width="100" height="100" fill="red" fill-opacity="0.01"/>' * 4_998),
        ),
        "accepted: PNG 4096 x 4096": ("square.png", hostile.png(4096, 4096)),
    }
    paths = {}
    for label, (name, data) in cases.items():
        paths[label] = folder / name
        paths[label].write_bytes(data)
    # 240 MB, as in the report that 5 GB were used: sparse, so it costs no disk.
    huge = folder / "huge.svg"
    with huge.open("wb") as handle:
        handle.write(hostile.svg(""))
        handle.truncate(240 * 1024 * 1024)
    paths["SVG of 240 MB"] = huge
    return paths


def measure(action: str, path: Path) -> dict[str, float | str]:
    """Run one measurement in a child process; returns its milliseconds, peak MiB and verdict."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    output = subprocess.run(
        [sys.executable, __file__, "--child", action, str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=600,
    ).stdout
    result: dict[str, float | str] = json.loads(output.strip().splitlines()[-1])
    return result


def child(action: str, path: Path) -> None:
    from stretchapp.routines import pictures

    if action == "check":
        start = time.perf_counter()
        check = pictures.check_file(path)
        elapsed = time.perf_counter() - start
        verdict = "passed" if check.ok else "refused"
    else:
        from PySide6.QtWidgets import QApplication

        from stretchapp.ui.player.exercise_image import ExerciseImage

        app = QApplication([])
        widget = ExerciseImage()
        widget.resize(600, 600)
        widget.show()
        app.processEvents()
        start = time.perf_counter()
        widget.set_image(path)
        widget.grab()  # paints: draws the picture into its bounded pixmap
        elapsed = time.perf_counter() - start
        verdict = "drawn" if widget.has_image() else "not drawn"
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    if sys.platform == "darwin":
        peak //= 1024  # bytes there
    print(json.dumps({"ms": elapsed * 1000, "mib": peak / 1024, "verdict": verdict}))


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]))
        return
    if len(sys.argv) == 3 and sys.argv[1] == "--write":
        print(json.dumps({label: str(path) for label, path in write_cases(Path(sys.argv[2])).items()}))
        return
    with tempfile.TemporaryDirectory() as folder:
        # Written by a child too: a process starts with its parent's peak memory as its own
        # (Linux keeps ru_maxrss across fork and exec), so this one must stay small.
        written = subprocess.run(
            [sys.executable, __file__, "--write", folder], capture_output=True, text=True, check=True
        ).stdout
        cases = {label: Path(path) for label, path in json.loads(written).items()}
        print(f"{'picture':38} {'action':6} {'time':>10} {'target':>8} {'peak':>10} {'target':>8}  verdict")
        for label, path in cases.items():
            for action, target in (("check", CHECK_MS), ("show", SHOW_MS)):
                result = measure(action, path)
                ms, mib = float(result["ms"]), float(result["mib"])
                flag = "" if ms < target and mib < PEAK_MIB else "  (over target)"
                print(
                    f"{label:38} {action:6} {ms:8.1f}ms {'<' + str(int(target)) + 'ms':>8} "
                    f"{mib:7.1f}MiB {'<' + str(int(PEAK_MIB)) + 'MiB':>8}  {result['verdict']}{flag}"
                )


if __name__ == "__main__":
    main()
