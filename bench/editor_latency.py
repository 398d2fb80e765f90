"""Editor latency: how long a keystroke blocks typing, and how soon its result is shown.

For the bundled neck-relief routine and a generated 200-exercise routine, prints the time
to handle one keystroke (target: never more than 16 ms) and the time from the last
keystroke to the validation result on screen: the debounce wait plus one validation
(target: within 300 ms).

    python bench/editor_latency.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from bench.loader import big_routine
from stretchapp import resources
from stretchapp.ui.editor.window import VALIDATE_MS, EditorWindow


def measure(app: QApplication, path: Path) -> tuple[float, float, float, float]:
    editor = EditorWindow(path, play=lambda *_args: None)
    editor.show()
    app.processEvents()
    valid = []
    for _ in range(10):
        start = time.perf_counter()
        editor.validate()  # valid text: check and rebuild the preview
        valid.append((time.perf_counter() - start) * 1000)
    editor.editor.moveCursor(editor.editor.textCursor().MoveOperation.End)
    keys = []
    for _ in range(50):
        start = time.perf_counter()
        QTest.keyClick(editor.editor, Qt.Key.Key_A)
        keys.append((time.perf_counter() - start) * 1000)
    checks = []
    for _ in range(10):
        start = time.perf_counter()
        editor.validate()
        checks.append((time.perf_counter() - start) * 1000)
    editor._dirty = False
    editor.close()
    return max(keys), statistics.median(keys), statistics.median(valid), statistics.median(checks)


def main() -> None:
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        os.environ["STRETCHAPP_HOME"] = folder
        big = Path(folder) / "big.yaml"
        big.write_text(big_routine(200), encoding="utf-8")
        for name, path in (
            ("neck-relief (bundled)", resources.bundled_routines_dir() / "neck-relief.yaml"),
            ("200 exercises", big),
        ):
            worst_key, median_key, check, broken = measure(app, path)
            print(f"{name}:")
            print(
                f"  keystroke handling: median {median_key:.2f} ms, worst {worst_key:.2f} ms (target: never over 16 ms)"
            )
            print(
                f"  last keystroke to result, valid text (check + preview): {VALIDATE_MS} + {check:.1f} = {VALIDATE_MS + check:.1f} ms (target: within 300 ms)"
            )
            print(
                f"  last keystroke to result, text with a mistake:          {VALIDATE_MS} + {broken:.1f} = {VALIDATE_MS + broken:.1f} ms"
            )
    sys.stdout.flush()
    os._exit(0)  # see bench/drift.py: skip PySide6's finalisers


if __name__ == "__main__":
    main()
