"""The core never imports Qt: a fresh interpreter imports every core module and the CLI's plan path."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

from tests.conftest import REPO

# Plain-Python modules (the brief's list); those not written yet are skipped by name below.
CORE = [
    "model",
    "prompts",
    "timeline",
    "loader",
    "library",
    "engine",
    "settings",
    "fileio",
    "paths",
    "resources",
    "scheduler",
    "history",
    "cues",
    "autostart",
]
QT_PREFIXES = ("PySide6", "shiboken6", "stretchapp.ui")


def run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, check=False, capture_output=True, text=True, timeout=60
    )


def leaked_after(statements: str) -> list[str]:
    code = (
        f"import json, sys\n{statements}\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.startswith({QT_PREFIXES!r}))))\n"
    )
    result = run(code)
    assert result.returncode == 0, result.stderr
    leaked: list[str] = json.loads(result.stdout.splitlines()[-1])
    return leaked


def test_core_modules_do_not_import_qt() -> None:
    present = [f"stretchapp.{name}" for name in CORE if importlib.util.find_spec(f"stretchapp.{name}")]
    assert {"stretchapp.loader", "stretchapp.model", "stretchapp.timeline", "stretchapp.library"} <= set(
        present
    )
    assert leaked_after("\n".join(f"import {name}" for name in present)) == []


def test_loading_and_planning_routines_does_not_import_qt() -> None:
    statements = (
        "from stretchapp.library import load_library\n"
        "from stretchapp.timeline import build_timeline\n"
        "library = load_library()\n"
        "assert library.entries and not library.broken, library.broken\n"
        "for entry in library.entries:\n"
        "    build_timeline(entry.routine)\n"
        "from stretchapp.cli import main\n"
        "assert main(['plan', library.entries[0].routine.id, '--json']) == 0\n"
    )
    assert leaked_after(statements) == []


def test_the_check_itself_sees_qt() -> None:
    # Without this, a broken check (e.g. a wrong prefix) would pass every test above.
    assert "PySide6" in leaked_after("import PySide6.QtCore")
