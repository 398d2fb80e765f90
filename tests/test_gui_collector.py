"""Cycles that hold Qt objects are freed by the GUI thread, never by a worker that allocates."""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject

from stretchapp.ui.common.collector import GuiThreadCollector


class _Held:
    """A Python object in a reference cycle, owning a Qt object (as a dropped controller does)."""

    def __init__(self, freed_in: list[str]) -> None:
        self.me = self
        self.qt = QObject()
        self.freed_in = freed_in

    def __del__(self) -> None:  # runs where the cycle is collected, and frees the Qt object there
        self.freed_in.append(threading.current_thread().name)


def _busy_worker() -> None:
    for _ in range(200_000):  # enough allocation to pass the first generation's threshold
        cycle: list[object] = []
        cycle.append(cycle)


def test_a_cycle_holding_a_qt_object_is_freed_by_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    collector = GuiThreadCollector()
    was_enabled = gc.isenabled()
    gc.enable()  # the app's state before the collector starts
    collector.start()
    try:
        assert not gc.isenabled()
        freed_in: list[str] = []
        _Held(freed_in)  # dropped at once: only the cycle keeps it
        worker = threading.Thread(target=_busy_worker, name="worker")
        worker.start()
        worker.join()
        assert freed_in == [], "nothing is collected outside the GUI thread"
        assert collector.collect_due() > 0
        assert freed_in == [threading.current_thread().name]
    finally:
        collector.stop()
        if not was_enabled:
            gc.disable()


def test_nothing_is_collected_before_python_would_collect_it() -> None:
    gc.collect()
    assert gc.get_count()[0] <= gc.get_threshold()[0]
    assert GuiThreadCollector.collect_due() == 0
