"""The guard against PySide6 losing references to None and True on Python < 3.12."""

from __future__ import annotations

import subprocess
import sys
import textwrap

# Many void calls: enough to use up every reference to None a fresh interpreter holds.
LONG_RUN = textwrap.dedent(
    """
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QObject, Signal
    from stretchapp.platform import pyside_refcount

    class Source(QObject):
        changed = Signal()

    if sys.argv[1] == "guarded":
        pyside_refcount.apply()
    probe, source = QObject(), Source()
    for _ in range(20_000):
        probe.setObjectName("x")
        pyside_refcount.emit(source.changed)
    print("alive", flush=True)
    """
)


def run(mode: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", LONG_RUN, mode], capture_output=True, text=True, timeout=120, check=False
    )


def test_a_guarded_process_survives_many_calls() -> None:
    result = run("guarded")
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "alive"


def test_the_guard_is_needed_exactly_when_this_pyside_leaks() -> None:
    from stretchapp.platform import pyside_refcount

    result = run("bare")
    # Without the guard the process dies where PySide6 leaks (Python < 3.12) and lives elsewhere.
    died = result.returncode != 0 and "dealloc" in result.stderr
    assert died == (sys.version_info < (3, 12) and pyside_refcount.leaks())
