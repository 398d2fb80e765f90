"""The countdown ring is light: its frames repaint only the ring, a new second only its digits.

Each test counts the paint events widgets receive while a session runs on a fake clock in
the real player window (offscreen Qt paints through a backing store, as a screen does).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtWidgets import QApplication, QWidget

from stretchapp.core.model import PhaseKind
from stretchapp.routines.library import load_library
from stretchapp.ui.controller import AppController
from stretchapp.ui.player.countdown_ring import MOST_FRAMES_PER_SECOND, CountdownRing
from stretchapp.ui.session.audio import NullSoundPlayer
from tests.fakes import FakeClock
from tests.test_player import open_app


class PaintLog(QObject):
    """Every paint event a widget receives, with the rectangle it repaints."""

    def __init__(self, *widgets: QWidget) -> None:
        super().__init__()
        self.rects: dict[QWidget, list[QRect]] = {widget: [] for widget in widgets}
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched in self.rects:
            self.rects[watched].append(QRect(event.rect()))  # type: ignore[attr-defined]
        return False

    def clear(self) -> None:
        for rects in self.rects.values():
            rects.clear()


@pytest.fixture
def running(qtbot, clock: FakeClock) -> Iterator[AppController]:  # type: ignore[no-untyped-def]
    app = open_app(qtbot, clock, lambda _settings: NullSoundPlayer())
    entry = load_library().get("neck-relief")
    assert entry is not None
    app.start_routine(entry.routine)
    qtbot.wait(20)
    yield app
    app.end_session()


def ring_and_behind(app: AppController) -> tuple[CountdownRing, QWidget, PaintLog]:
    """The ring, the page it sits on, and a log of their paints (and the player's) from now on."""
    ring = app.player.ring
    page = ring.parentWidget()
    assert page is not None
    log = PaintLog(ring, page, app.player)
    settle()
    log.clear()
    return ring, page, log


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def test_a_frame_repaints_a_small_square_of_the_ring_and_nothing_behind_it(
    running: AppController, clock: FakeClock
) -> None:
    ring, page, log = ring_and_behind(running)
    clock.advance(0.3)  # within the same second: only the arc moved
    ring._frame()
    settle()
    assert len(log.rects[ring]) == 1
    square = log.rects[ring][0]
    assert square.width() * square.height() < ring.width() * ring.height() / 10
    assert log.rects[page] == []
    assert log.rects[running.player] == []


def test_a_new_second_repaints_the_digits_and_not_the_window(
    running: AppController, clock: FakeClock
) -> None:
    driver = running.driver
    assert driver is not None
    ring, page, log = ring_and_behind(running)
    before = ring.text
    clock.advance(1.0)
    driver.tick()
    settle()
    assert ring.text != before
    assert log.rects[ring], "the new digits were not painted"
    assert all(rect.width() * rect.height() < ring.width() * ring.height() for rect in log.rects[ring])
    assert log.rects[page] == []
    assert log.rects[running.player] == []


def test_frames_stay_few_and_evenly_spaced_within_each_second(qtbot) -> None:  # type: ignore[no-untyped-def]
    ring = CountdownRing()
    qtbot.addWidget(ring)
    for side, seconds in ((120, 600), (360, 30), (700, 15), (1500, 5)):
        ring.resize(side, side)
        ring.set_phase(PhaseKind.HOLD, seconds)
        interval = ring.frame_interval_ms()
        assert 1000 // MOST_FRAMES_PER_SECOND <= interval <= 1000
        assert 1000 % interval <= 4, f"{interval} ms does not divide a second evenly"
    ring.resize(120, 120)
    ring.set_phase(PhaseKind.HOLD, 600)
    assert ring.frame_interval_ms() == 1000  # the arc's end moves under a pixel a second


def test_no_frames_while_paused_or_on_the_end_screen(running: AppController, clock: FakeClock) -> None:
    ring = running.player.ring
    driver = running.driver
    assert driver is not None
    assert ring.is_animating()
    driver.pause()
    assert not ring.is_animating()
    assert not driver.timer.isActive()
    driver.resume()
    clock.advance(driver.session.routine_remaining() + 0.01)
    driver.tick()
    assert not ring.is_animating()
    assert not driver.timer.isActive()
