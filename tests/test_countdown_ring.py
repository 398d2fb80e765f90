"""The countdown ring survives a failure while it paints.

An exception that escaped ``paintEvent`` used to leave its QPainter active; the traceback (a
test report keeps one) held the painter after the picture it painted on was gone, and the
next garbage collection crashed the interpreter. The check runs in a fresh interpreter, so
a regression fails this test instead of ending the whole run.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

SCRIPT = """
import gc
import sys

from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication

from stretchapp.core.model import PhaseKind
from stretchapp.ui.player.countdown_ring import CountdownRing

app = QApplication([])
failures = [RuntimeError("the session behind the ring is gone")]


class DrawingFails(CountdownRing):
    def digit_pixel_size(self):
        if failures:
            raise failures.pop()
        return super().digit_pixel_size()


def ring(source, kind=CountdownRing):
    widget = kind()
    widget.resize(240, 240)
    widget.set_phase(PhaseKind.HOLD, 15)
    widget.set_seconds(10)
    widget.set_fraction_source(source)
    return widget


def fraction():
    if failures:
        raise failures.pop()
    return 10 / 15


broken = ring(fraction) if sys.argv[1] == "source" else ring(lambda: 10 / 15, DrawingFails)
try:
    broken.grab()  # paints once: the source raises
except RuntimeError as error:
    kept = error  # a report keeps the traceback, and with it every local of paintEvent
else:
    sys.exit("the error was hidden")
frame = kept.__traceback__.tb_next  # the frames of paintEvent and below, not this script's
while frame is not None:
    if any(isinstance(v, QPainter) and v.isActive() for v in list(frame.tb_frame.f_locals.values())):
        sys.exit("the error left an active painter behind")
    frame = frame.tb_next
healthy = ring(lambda: 10 / 15)
if broken.grab().toImage() != healthy.grab().toImage():
    sys.exit("after the error the ring no longer paints what it is told")
del broken, healthy
gc.collect()
kept = None
gc.collect()  # the traceback's frames go now, long after the picture they painted on
print("ok")
"""


@pytest.mark.parametrize("failing", ["source", "drawing"])
def test_an_error_while_painting_neither_crashes_nor_stops_the_ring(failing: str) -> None:
    # "source": the fraction the ring reads fails; "drawing": a step of the drawing itself does.
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, failing],
        cwd=REPO,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["ok"]
