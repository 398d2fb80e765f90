"""The core never imports Qt: a fresh interpreter imports every core module and the CLI's plan path."""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys

from tests.conftest import REPO

# The rooms that must work without a display; every module in them is imported.
PLAIN_ROOMS = ("stretchapp.core", "stretchapp.routines", "stretchapp.storage")
PLAIN_MODULES = ("stretchapp.resources", "stretchapp.appid", "stretchapp.platform.autostart")
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


def plain_modules() -> list[str]:
    names = list(PLAIN_MODULES)
    for room in PLAIN_ROOMS:
        package = importlib.import_module(room)
        names.append(room)
        names += [info.name for info in pkgutil.walk_packages(package.__path__, prefix=f"{room}.")]
    return names


def test_core_modules_do_not_import_qt() -> None:
    present = plain_modules()
    assert {"stretchapp.routines.loader", "stretchapp.core.engine", "stretchapp.storage.history"} <= set(
        present
    )
    assert leaked_after("\n".join(f"import {name}" for name in present)) == []


def test_loading_and_planning_routines_does_not_import_qt() -> None:
    statements = (
        "from stretchapp.routines.library import load_library\n"
        "from stretchapp.core.timeline import build_timeline\n"
        "library = load_library()\n"
        "assert library.entries and not library.broken, library.broken\n"
        "for entry in library.entries:\n"
        "    build_timeline(entry.routine)\n"
        "from stretchapp.cli.main import main\n"
        "assert main(['plan', library.entries[0].routine.id, '--json']) == 0\n"
    )
    assert leaked_after(statements) == []


def test_the_check_itself_sees_qt() -> None:
    # Without this, a broken check (e.g. a wrong prefix) would pass every test above.
    assert "PySide6" in leaked_after("import PySide6.QtCore")
