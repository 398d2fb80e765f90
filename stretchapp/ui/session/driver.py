"""The one Qt object that drives a session: a precise single-shot timer and Qt signals.

After every command and every wake-up it asks the session when the shown seconds next
change and sets one single-shot timer for just after that instant. Between changes
nothing runs, so a session costs almost no CPU; when the session is not running the
timer is stopped.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from stretchapp.core.engine import PauseReason, Session, SessionListener, SessionState, Summary
from stretchapp.core.model import Phase

MARGIN_MS = 2  # land just after the boundary, never just before it


class _Relay(SessionListener):
    def __init__(self, driver: SessionDriver) -> None:
        self._driver = driver

    def phase_started(self, phase: Phase, index: int, next_phase: Phase | None) -> None:
        self._driver.phaseStarted.emit(phase, index, next_phase)

    def phase_passed(self, phase: Phase, index: int) -> None:
        self._driver.phasePassed.emit(phase, index)

    def second_changed(self, remaining: int) -> None:
        self._driver.secondChanged.emit(remaining)

    def paused(self, reason: PauseReason) -> None:
        self._driver.paused.emit(reason)

    def resumed(self) -> None:
        self._driver.resumed.emit()

    def finished(self, summary: Summary) -> None:
        self._driver.finished.emit(summary)


class SessionDriver(QObject):
    """Re-emits a :class:`Session`'s events as signals and wakes it when something changes.

    The signals carry the core's own types (PySide6 passes any Python object through a
    signal declared with its class), so a slot gets a :class:`SessionState`, not its value:

    - ``phaseStarted(phase: Phase, index: int, next_phase: Phase | None)``: the current phase
    - ``phasePassed(phase: Phase, index: int)``: over unseen within one late wake-up
    - ``secondChanged(remaining: int)``: whole seconds left in the phase
    - ``paused(reason: PauseReason)``, ``resumed()``
    - ``finished(summary: Summary)``: also when stopped early (``summary.completed`` False)
    - ``stateChanged(state: SessionState)``: after any command or wake-up that changed it
    """

    phaseStarted = Signal(Phase, int, object)  # object: the next phase may be None
    phasePassed = Signal(Phase, int)
    secondChanged = Signal(int)
    paused = Signal(PauseReason)
    resumed = Signal()
    finished = Signal(Summary)
    stateChanged = Signal(SessionState)

    def __init__(self, session: Session, parent: QObject | None = None, *, time_scale: float = 1.0) -> None:
        super().__init__(parent)
        self.session = session
        self.time_scale = time_scale
        self.wakeups = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._wake)
        self._state = session.state
        self._unsubscribe = session.subscribe(_Relay(self))

    @property
    def timer(self) -> QTimer:
        return self._timer

    # -- commands ------------------------------------------------------------------------
    def start(self) -> None:
        self._run(self.session.start)

    def pause(self) -> None:
        self._run(self.session.pause)

    def pause_for_suspend(self) -> None:
        self._run(lambda: self.session.pause(PauseReason.SUSPEND))

    def resume(self) -> None:
        self._run(self.session.resume)

    def toggle_pause(self) -> None:
        self._run(self.session.toggle_pause)

    def skip(self) -> None:
        self._run(self.session.skip)

    def back(self) -> None:
        self._run(self.session.back)

    def restart(self) -> None:
        self._run(self.session.restart)

    def stop(self) -> None:
        self._run(self.session.stop)

    def tick(self) -> None:
        """Look at the clock now (the timer calls this; tests call it directly)."""
        self._run(self.session.tick)

    def dispose(self) -> None:
        """Stop the timer and stop listening; the driver does nothing afterwards."""
        self._timer.stop()
        self._unsubscribe()

    # -- internals -----------------------------------------------------------------------
    def _wake(self) -> None:
        self.wakeups += 1
        self.tick()

    def _run(self, command: object) -> None:
        command()  # type: ignore[operator]
        if self.session.state is not self._state:
            self._state = self.session.state
            self.stateChanged.emit(self._state)
        self._schedule()

    def _schedule(self) -> None:
        wait = self.session.seconds_to_next_change()
        if wait is None or self.session.state is not SessionState.RUNNING:
            self._timer.stop()
            return
        # ceil (less a hair of float noise): waking a millisecond early would just cost a tick.
        self._timer.start(math.ceil(wait * 1000 / self.time_scale - 1e-6) + MARGIN_MS)
