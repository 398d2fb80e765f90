"""Python's cycle collector, run by the GUI thread only.

A Qt object held by a Python object in a reference cycle is destroyed when the collector
finds the cycle, in whichever thread happens to be allocating at that moment: the history
writer's thread, say. Destroying a widget there while the GUI thread paints it crashes the
process. :func:`collect_in_gui_thread` turns the automatic collector off and runs it from a
timer of the GUI thread instead, with Python's own thresholds, so cycles are still freed
(a little later) and always where Qt expects.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000


class GuiThreadCollector(QObject):
    """Collects a generation whenever Python's counts say it is due, every INTERVAL_MS."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect_due)

    def start(self) -> None:
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()

    @staticmethod
    def collect_due() -> int:
        """Collect the oldest generation whose count passed its threshold; objects freed."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        if counts[0] <= thresholds[0]:
            return 0
        generation = 0
        while generation < 2 and counts[generation + 1] > thresholds[generation + 1]:
            generation += 1
        return gc.collect(generation)


def collect_in_gui_thread(parent: QObject) -> GuiThreadCollector:
    """Turn automatic collection off and collect from the GUI thread from now on."""
    collector = GuiThreadCollector(parent)
    collector.start()
    return collector
