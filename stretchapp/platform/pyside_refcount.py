"""A guard against a PySide6 reference-count bug that kills long-running processes.

PySide6 6.12.0 (the abi3 wheel) drops a reference to ``None`` on calls of methods that
return nothing (``QLabel.setText``, ``QTimer.start`` ...) and a reference to ``True`` on
every Python-side ``Signal.emit()``. From Python 3.12 on, ``None`` and ``True`` are
immortal and nothing happens; on Python 3.10 and 3.11 their counts fall by one per call
and the process aborts with "Fatal Python error: none_dealloc" once one reaches zero:
after a few thousand calls, i.e. within hours for an app idling in the tray and within
minutes for a running routine.

:func:`apply` checks whether this PySide6 leaks and, if so, raises the counts of ``None``,
``True`` and ``False`` far beyond reach (what Python 3.12 does by making them immortal).
These objects are never freed anyway, so this cannot hurt; it is a no-op where the bug is
absent. Call it once at start-up, before the first window.
"""

from __future__ import annotations

import ctypes
import logging
import sys

from PySide6.QtCore import QObject, SignalInstance

log = logging.getLogger(__name__)

_PIN = 1 << 40
_applied = False


def leaks() -> bool:
    """True when a void PySide6 call loses a reference to ``None`` here."""
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(64):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before - 32


def apply() -> bool:
    """Pin ``None``, ``True`` and ``False`` when this PySide6 leaks them; True when it did."""
    global _applied  # noqa: PLW0603 - once per process
    if _applied:
        return True
    if sys.version_info >= (3, 12) or hasattr(sys, "getobjects") or sys.implementation.name != "cpython":
        return False  # immortal already, or a debug build whose object header differs
    if not leaks():
        return False
    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += _PIN
    _applied = True
    log.warning("PySide6 loses references to None/True on this Python; pinned them to keep the app alive")
    return True


def emit(signal: SignalInstance, *args: object) -> None:
    """``signal.emit(*args)`` without losing a reference to ``True`` (needed until :func:`apply` ran)."""
    result = signal.emit(*args)  # type: ignore[func-returns-value]  # the stubs say None; it is True
    if result is True and not _applied and sys.version_info < (3, 12):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
