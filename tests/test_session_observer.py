"""One helper attaches a view to a session driver: every event arrives, none after detaching."""

from __future__ import annotations

from stretchapp.core.engine import PauseReason, Session, SessionState, Summary
from stretchapp.core.model import Exercise, HoldRange, Phase, Routine
from stretchapp.core.timeline import build_timeline
from stretchapp.ui.session.driver import SessionDriver
from stretchapp.ui.session.observer import SessionObserver, observe
from tests.fakes import FakeClock


class Everything(SessionObserver):
    def __init__(self) -> None:
        self.heard: list[tuple[object, ...]] = []

    def on_phase_started(self, phase: Phase, index: int, next_phase: Phase | None) -> None:
        self.heard.append(("phase", index, next_phase is None))

    def on_second(self, remaining: int) -> None:
        self.heard.append(("second", remaining))

    def on_paused(self, reason: PauseReason) -> None:
        self.heard.append(("paused", reason))

    def on_resumed(self) -> None:
        self.heard.append(("resumed",))

    def on_finished(self, summary: Summary) -> None:
        self.heard.append(("finished", summary.completed))

    def on_state_changed(self, state: SessionState) -> None:
        self.heard.append(("state", state))


class OnlyTheEnd(SessionObserver):
    def __init__(self) -> None:
        self.ends: list[Summary] = []

    def on_finished(self, summary: Summary) -> None:
        self.ends.append(summary)


def driver(clock: FakeClock) -> SessionDriver:
    exercise = Exercise(name="Tilt", steps=("Tilt.",), hold=HoldRange(2, 2), reps=1)
    routine = Routine(id="t", title="T", exercises=(exercise,), prepare=0, rest=0)
    return SessionDriver(Session(build_timeline(routine), clock=clock))


def test_an_observer_hears_every_event_until_it_detaches(qtbot, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    d = driver(clock)
    observer = Everything()
    detach = observe(d, observer)
    d.start()
    d.pause()
    d.resume()
    clock.advance(1)
    d.tick()
    assert observer.heard == [
        ("phase", 0, True),
        ("second", 2),
        ("state", SessionState.RUNNING),
        ("paused", PauseReason.USER),
        ("state", SessionState.PAUSED),
        ("resumed",),
        ("state", SessionState.RUNNING),
        ("second", 1),
    ]
    detach()
    detach()  # a second call does nothing
    clock.advance(1)
    d.tick()
    assert d.session.state is SessionState.FINISHED
    assert observer.heard[-1] == ("second", 1)
    d.dispose()


def test_an_observer_overrides_only_what_it_needs(qtbot, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    d = driver(clock)
    observer = OnlyTheEnd()
    detach = observe(d, observer)
    d.start()
    d.stop()
    assert [summary.completed for summary in observer.ends] == [False]
    detach()
    d.dispose()
