"""Notifications appear for hold, rest and the end only while the player window is not in front."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QWidget

from stretchapp.core.engine import Session
from stretchapp.core.model import Exercise, HoldRange, Routine, Sides
from stretchapp.core.timeline import build_timeline
from stretchapp.storage.settings import Settings
from stretchapp.ui.session.driver import SessionDriver
from stretchapp.ui.session.notifier import PhaseNotifier, tray_sink, window_in_front
from tests.fakes import FakeClock


class Rig:
    def __init__(self, qtbot, clock: FakeClock, settings: Settings) -> None:  # type: ignore[no-untyped-def]
        exercise = Exercise(name="Tilt", steps=("Tilt.",), hold=HoldRange(4, 4), reps=2, sides=Sides.BOTH)
        routine = Routine(id="t", title="Tilt break", exercises=(exercise,), prepare=1, rest=2)
        self.driver = SessionDriver(Session(build_timeline(routine), clock=clock))
        self.window = QWidget()
        qtbot.addWidget(self.window)
        self.front = True
        self.shown: list[tuple[str, str]] = []
        self.notifier = PhaseNotifier(
            self.window, settings, lambda t, b: self.shown.append((t, b)), in_front=lambda: self.front
        )
        self.notifier.attach(self.driver)
        self.clock = clock

    def run(self, seconds: int) -> None:
        for _ in range(seconds):
            self.clock.advance(1)
            self.driver.tick()


@pytest.fixture
def rig(qtbot, clock: FakeClock) -> Iterator[Rig]:  # type: ignore[no-untyped-def]
    r = Rig(qtbot, clock, Settings())
    yield r
    r.notifier.detach()
    r.driver.dispose()


def test_nothing_is_shown_while_the_window_is_in_front(rig: Rig) -> None:
    rig.driver.start()
    rig.run(30)
    assert rig.shown == []


def test_hold_rest_and_end_are_shown_while_the_window_is_behind(rig: Rig) -> None:
    rig.front = False
    rig.driver.start()  # get ready: no notification
    assert rig.shown == []
    rig.run(1)
    assert rig.shown == [("Hold: Tilt", "Hold for four seconds (right side, rep 1 of 2).")]
    rig.run(4)
    assert rig.shown[-1] == ("Rest", "Ease off for two seconds. Next: Tilt.")
    rig.run(30)
    assert rig.shown[-1] == ("Routine complete", "Tilt break: well done.")
    kinds = [title.split(":")[0] for title, _ in rig.shown]
    assert kinds == ["Hold", "Rest"] * 3 + ["Hold", "Routine complete"]


def test_coming_back_to_the_window_stops_notifications(rig: Rig) -> None:
    rig.front = False
    rig.driver.start()
    rig.run(1)
    rig.front = True
    rig.run(30)
    assert len(rig.shown) == 1


def test_a_late_wake_up_shows_only_the_phase_now_running(rig: Rig) -> None:
    rig.front = False
    rig.driver.start()
    rig.clock.advance(1 + 4 + 1)  # a stalled machine wakes in the rest
    rig.driver.tick()
    assert [title for title, _ in rig.shown] == ["Rest"]


def test_stopping_early_is_not_announced(rig: Rig) -> None:
    rig.front = False
    rig.driver.start()
    rig.driver.stop()
    assert rig.shown == []


def test_notifications_off_in_settings(qtbot, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    rig = Rig(qtbot, clock, Settings(notifications=False))
    try:
        rig.front = False
        rig.driver.start()
        rig.run(30)
        assert rig.shown == []
    finally:
        rig.driver.dispose()


def test_a_hidden_or_minimised_window_is_not_in_front(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QWidget()
    qtbot.addWidget(window)
    assert not window_in_front(window)  # never shown
    window.showMinimized()
    assert not window_in_front(window)


def test_without_a_tray_there_is_no_sink_and_a_session_runs_on(qtbot, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    # Offscreen, as under a bare X server, there is no system tray.
    assert tray_sink() is None
    rig = Rig(qtbot, clock, Settings())
    notifier = PhaseNotifier(rig.window, Settings(), None, in_front=lambda: False)
    notifier.attach(rig.driver)
    try:
        assert not notifier.available
        rig.driver.start()
        rig.run(30)
        assert rig.driver.session.summary is not None and rig.driver.session.summary.completed
    finally:
        notifier.detach()
        rig.notifier.detach()
        rig.driver.dispose()
