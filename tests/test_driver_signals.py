"""The Qt session driver: signals in order, one wake-up per displayed second, no stray timer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from stretchapp.core.engine import PauseReason, Session, SessionState, Summary
from stretchapp.core.model import Exercise, HoldRange, Phase, Routine, Sides
from stretchapp.core.timeline import build_timeline
from stretchapp.ui.session.driver import MARGIN_MS, SessionDriver
from tests.fakes import FakeClock


@pytest.fixture
def driver(qtbot, clock: FakeClock) -> Iterator[SessionDriver]:  # type: ignore[no-untyped-def]
    exercise = Exercise(
        name="Tilt", steps=("Tilt to the {side}.",), hold=HoldRange(3, 3), reps=1, sides=Sides.BOTH
    )
    routine = Routine(id="tilt", title="Tilt", exercises=(exercise,), prepare=2, rest=1)
    d = SessionDriver(Session(build_timeline(routine), clock=clock))
    yield d
    d.dispose()
    assert not d.timer.isActive()


def test_signals_arrive_in_order(qtbot, driver: SessionDriver, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    seen: list[tuple[object, ...]] = []
    driver.phaseStarted.connect(lambda phase, index, nxt: seen.append(("phase", index, phase.kind.value)))
    driver.phasePassed.connect(lambda phase, index: seen.append(("passed", index, phase.kind.value)))
    driver.secondChanged.connect(lambda n: seen.append(("second", n)))
    driver.stateChanged.connect(lambda s: seen.append(("state", s)))
    driver.paused.connect(lambda reason: seen.append(("paused", reason)))
    driver.resumed.connect(lambda: seen.append(("resumed",)))
    driver.finished.connect(lambda summary: seen.append(("finished", summary.completed)))
    driver.start()
    clock.advance(1)
    driver.tick()
    driver.pause()
    driver.resume()
    clock.advance(20)
    driver.tick()
    assert seen == [
        ("phase", 0, "prepare"),
        ("second", 2),
        ("state", SessionState.RUNNING),
        ("second", 1),
        ("paused", PauseReason.USER),
        ("state", SessionState.PAUSED),
        ("resumed",),
        ("state", SessionState.RUNNING),
        # One late wake-up spans every remaining phase: each is reported as passed, in order.
        ("passed", 1, "hold"),
        ("passed", 2, "rest"),
        ("passed", 3, "prepare"),
        ("passed", 4, "hold"),
        ("finished", True),
        ("state", SessionState.FINISHED),
    ]


def test_signals_carry_the_cores_types(qtbot, driver: SessionDriver, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    # The enums are str subclasses, so their plain values would compare equal: check the types.
    got: list[object] = []
    driver.phaseStarted.connect(lambda phase, index, nxt: got.extend((phase, nxt)))
    driver.phasePassed.connect(lambda phase, index: got.append(phase))
    driver.stateChanged.connect(got.append)
    driver.paused.connect(got.append)
    driver.finished.connect(got.append)
    driver.start()
    driver.pause()
    driver.resume()
    clock.advance(60)
    driver.tick()
    assert {type(value) for value in got} == {Phase, SessionState, PauseReason, Summary}


def test_wakes_just_after_the_next_second_boundary(qtbot, driver: SessionDriver, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    driver.start()
    assert driver.timer.isActive() and driver.timer.isSingleShot()
    assert driver.timer.interval() == 1000 + MARGIN_MS
    clock.advance(0.3)
    driver.tick()
    assert driver.timer.interval() == 700 + MARGIN_MS


def test_no_timer_runs_unless_the_session_runs(qtbot, driver: SessionDriver, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    assert not driver.timer.isActive()
    driver.start()
    driver.pause()
    assert not driver.timer.isActive()
    driver.resume()
    assert driver.timer.isActive()
    driver.stop()
    assert not driver.timer.isActive()


def test_real_event_loop_fires_the_timer(qtbot, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    # A short real wait: the driver's own timer moves the session when the clock has moved.
    exercise = Exercise(name="Tilt", steps=("Tilt.",), hold=HoldRange(1, 1), reps=1)
    d = SessionDriver(
        Session(
            build_timeline(Routine(id="t", title="T", exercises=(exercise,), prepare=0, rest=0)), clock=clock
        ),
        time_scale=100,
    )
    d.start()
    clock.advance(1.0)
    with qtbot.waitSignal(d.finished, timeout=2000):
        pass
    assert d.wakeups == 1
    assert not d.timer.isActive()
    d.dispose()
