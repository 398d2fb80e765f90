"""Break reminders in the background: the scheduler, one timer, the tray (or its stand-in) and the prompt.

One single-shot timer wakes the app, never a steady tick. It is set for the earlier of

* the scheduler's next instant (a break falls due, a prompt comes back, a pause ends),
  as a precise timer so the prompt shows on time, and
* a coarse check about once a minute (:data:`POLL_S`).

Idle time, the lock and the suspend probe are read only at those wake-ups: at a due time,
so a person who is away (or has locked the screen) gets no prompt, and once a minute, so
time away resets the work timer within a minute of it reaching the break length. That is
at most about one wake-up a minute while idling in the tray, instead of the one a second a
polling loop would cost. While a routine runs the timer is off altogether.

The opt-in keeping of breaks (``core/keep.py``) is applied here: every snooze, skip, "not
today" and emergency exit is written to the break log at once, a used-up limit or a strict
prompt's hold greys Snooze and Skip in the menu too, and "not today" said earlier today is
in force again after a restart. The daily goal's line comes from the History's figures,
which the app passes in (:meth:`BackgroundController.set_goal_stats`).
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QObject, QRect, Qt, QTimer, Signal
from PySide6.QtWidgets import QSystemTrayIcon

from stretchapp.core.i18n import _
from stretchapp.core.idle import IdleSample, IdleSource, NullIdleSource
from stretchapp.core.keep import (
    Answer,
    goal_progress,
    goal_today_text,
    local_day,
    may_postpone,
    postpones_left,
)
from stretchapp.core.logger import get_logger
from stretchapp.core.scheduler import BreakDue, BreakWithdrawn, Event, Scheduler, State
from stretchapp.core.stats import HistoryStats
from stretchapp.core.suspend import SuspendProbe
from stretchapp.storage.break_log import BreakLog
from stretchapp.storage.settings import Settings
from stretchapp.ui.common.screens import chosen_screen
from stretchapp.ui.reminders.break_prompt import BreakPrompt
from stretchapp.ui.reminders.tray import FallbackWindow, ReminderActions, TrayIcon, status_line

log = get_logger(__name__)

POLL_S = 60.0
MARGIN_MS = 5  # land just after a deadline, never just before it
HOUR_S = 3600.0


class BackgroundController(QObject):
    """Owns the reminders; the app tells it when routines start and end.

    ``idle_source=None`` asks the desktop over D-Bus at :meth:`start`. ``suspend_probe`` is
    optional: the scheduler already notices sleep from the wall clock running ahead of the
    monotonic one. Pass a :class:`~stretchapp.core.suspend.BootTimeProbe` if you like, never a
    ``GapProbe``: it expects a wake-up every second and would take each one-minute gap for sleep.
    """

    quitRequested = Signal()
    noticeRaised = Signal(str)  # a sentence for the person (the break log could not be saved)

    def __init__(
        self,
        settings: Settings,
        routine_choices: Sequence[tuple[str, str]],
        start_routine: Callable[[str], None],
        show_main_window: Callable[[], None],
        open_settings: Callable[[], None],
        clock: Callable[[], float] = time.monotonic,
        idle_source: IdleSource | None = None,
        *,
        wall_clock: Callable[[], float] = time.time,
        routine_seconds: Mapping[str, float] | None = None,
        suspend_probe: SuspendProbe | None = None,
        tray_available: bool | None = None,
        break_log: BreakLog | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self._clock = clock
        self._wall = wall_clock
        self._start_routine = start_routine
        self._show_main_window = show_main_window
        self._open_settings = open_settings
        self._idle: IdleSource | None = idle_source
        self._probe = suspend_probe
        self._choices = list(routine_choices)
        self._routine_seconds = dict(routine_seconds or {})
        self.wakeups = 0
        self.scheduler = Scheduler(
            settings.break_interval_minutes * 60,
            settings.snooze_minutes * 60,
            clock,
            wall_clock,
            quiet_when_fullscreen=settings.quiet_when_fullscreen,
        )
        self._apply_break_length()
        self.break_log = break_log if break_log is not None else BreakLog(wall_clock=wall_clock)
        self._goal_days: tuple[dt.date, tuple[tuple[dt.date, float], ...]] | None = None

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer)

        self.actions = ReminderActions(self._choices, self.status_text, self)
        self._connect_actions()
        if tray_available is None:
            tray_available = QSystemTrayIcon.isSystemTrayAvailable()
        self.tray: TrayIcon | None = TrayIcon(self.actions, self) if tray_available else None
        self.fallback: FallbackWindow | None = None if tray_available else FallbackWindow(self.actions)
        self.prompt = BreakPrompt(clock=clock)
        self.prompt.startRequested.connect(self._start_break)
        self.prompt.snoozeRequested.connect(self.snooze)
        self.prompt.skipRequested.connect(self.skip)
        self.prompt.notTodayRequested.connect(self.not_today)
        self.prompt.emergencyRequested.connect(self.emergency_exit)
        self.prompt.on_unlock = self._after_change
        self._started = False
        self._wake_at: float | None = None
        self._menu_state: tuple[State, int, bool, str, bool, bool] | None = None

    # -- life cycle ----------------------------------------------------------------------
    def start(self, *, minimised: bool = False) -> None:
        """Show the tray icon (or the small window, minimised when asked) and start counting work time."""
        if self._idle is None:
            from stretchapp.platform.idle_dbus import find_idle_source  # noqa: PLC0415 - QtDBus only in the background

            self._idle = find_idle_source() or NullIdleSource()
        if self._probe is not None:
            self._probe.reset(self._clock())
        if self.break_log.tally().reminders_off:
            self.scheduler.stop_for_today()  # said earlier today, before a restart
            log.info("reminders: not today (said earlier today)")
        if self.tray is not None:
            self.tray.show()
        elif self.fallback is not None:
            if minimised:
                self.fallback.showMinimized()
            else:
                self.fallback.show()
        self._started = True
        self._after_change()
        log.info("reminders on: a break every %d min", self.settings.break_interval_minutes)

    def stop(self) -> None:
        """Hide everything and stop the timer (on quit, and at the end of a test)."""
        self._started = False
        self._timer.stop()
        self._wake_at = None
        self.prompt.withdraw()
        self.prompt.close()
        self.prompt.deleteLater()
        if self.tray is not None:
            self.tray.hide()
        if self.fallback is not None:
            self.fallback.hide()
            self.fallback.deleteLater()
        self.actions.dispose()

    @property
    def idle_detection_on(self) -> bool:
        """False when no desktop service tells idle time (the settings say so)."""
        return self._idle is not None and self._idle.available

    @property
    def idle_source_name(self) -> str:
        return self._idle.name if self._idle is not None and self._idle.available else "none"

    @property
    def timer(self) -> QTimer:
        return self._timer

    @property
    def next_wake(self) -> float | None:
        """The clock time the timer is set for (None when it is off)."""
        return self._wake_at if self._timer.isActive() else None

    def activate(self, args: Sequence[str] = ()) -> None:
        """Another ``stretchapp`` was started: bring the main window to the front.

        A second ``stretchapp --background`` (say, the login entry while the app already
        runs) changes nothing: the reminders are already on.
        """
        if "--background" not in args:
            self._show_main_window()

    # -- what the app tells us -----------------------------------------------------------
    def session_started(self) -> None:
        self._command(self.scheduler.session_started)

    def session_ended(self, completed: bool) -> None:
        if self._probe is not None:
            self._probe.reset(self._clock())
        self._command(self.scheduler.session_ended, completed, withdraw=False)

    def apply_settings(self, settings: Settings) -> None:
        """The person changed the reminder settings."""
        self.settings = settings
        self.scheduler.set_interval(settings.break_interval_minutes * 60)
        self.scheduler.set_snooze(settings.snooze_minutes * 60)
        self.scheduler.quiet_when_fullscreen = settings.quiet_when_fullscreen
        self._apply_break_length()
        self._after_change()

    def set_routines(self, choices: Sequence[tuple[str, str]], routine_seconds: Mapping[str, float]) -> None:
        """The library changed."""
        self._choices = list(choices)
        self._routine_seconds = dict(routine_seconds)
        self.actions.set_routines(self._choices)
        self._menu_state = None
        self._apply_break_length()
        self._after_change()

    # -- the person's commands -----------------------------------------------------------
    @property
    def may_postpone(self) -> bool:
        """Whether Snooze and Skip are on offer now: the day's limit not used up, no strict hold."""
        return not self.prompt.locked and may_postpone(
            self.settings.daily_postpone_limit, self.break_log.tally()
        )

    def snooze(self) -> None:
        if self._postpone(Answer.SNOOZE):
            self._command(self.scheduler.snooze)

    def skip(self) -> None:
        if self._postpone(Answer.SKIP):
            self._command(self.scheduler.skip)

    def not_today(self) -> None:
        """No more reminders until tomorrow, recorded (the answer a used-up limit leaves)."""
        self._record(Answer.NOT_TODAY)
        self._command(self.scheduler.stop_for_today)

    def emergency_exit(self) -> None:
        """The way out of a strict prompt: skip this break, noted as an emergency."""
        self._record(Answer.EMERGENCY)
        self._command(self.scheduler.skip)

    def _postpone(self, answer: Answer) -> bool:
        if not self.may_postpone:
            log.info("reminders: %s refused (limit used up or strict hold)", answer.value)
            return False
        if self.settings.daily_postpone_limit > 0:
            self._record(answer)
        return True

    def _record(self, answer: Answer) -> None:
        problem = self.break_log.record(answer)
        if problem:
            self.noticeRaised.emit(problem)

    def pause_for(self, seconds: float) -> None:
        """A pause is a way of putting a break off: with a limit set it counts as a snooze."""
        if self._postpone(Answer.SNOOZE):
            self._command(self.scheduler.pause_for, seconds)

    def pause_until_tomorrow(self) -> None:
        """With a limit set this is "not today" (recorded, and kept across a restart)."""
        if self.prompt.locked:
            log.info("reminders: pause refused during a strict hold")
        elif self.settings.daily_postpone_limit > 0:
            self.not_today()
        else:
            self._command(self.scheduler.pause_until_tomorrow)

    def resume(self) -> None:
        if self.scheduler.not_today:
            self._record(Answer.BACK_ON)
        self._command(self.scheduler.resume, withdraw=False)

    def _command(self, command: Callable[..., None], *args: object, withdraw: bool = True) -> None:
        """Run a scheduler command, hide the prompt it answers, and re-time the wake-up."""
        command(*args)
        if withdraw:
            self.prompt.withdraw()
        self._after_change()

    def stretch_now(self, routine_id: str | None = None) -> None:
        self.prompt.withdraw()
        self._start_routine(routine_id or self.settings.break_routine)

    # -- the clock -----------------------------------------------------------------------
    def wake(self) -> None:
        """Look at the clock, the desktop and the schedule now (the timer calls this; tests too)."""
        sample = self._idle.sample() if self._idle is not None and self._idle.available else IdleSample()
        slept = self._probe.slept(self._clock()) if self._probe is not None else 0.0
        event = self.scheduler.tick(sample.idle_seconds, sample.locked, slept, sample.fullscreen)
        self._handle(event)
        self._after_change()

    def status_text(self, precise: bool) -> str:
        due = self.scheduler.next_due()
        left = None if due is None else due - self._clock()
        return status_line(
            self.scheduler.state,
            left,
            self.scheduler.paused_until,
            precise=precise,
            now_wall=self._wall(),
            not_today=self.scheduler.not_today,
        )

    # -- the daily goal --------------------------------------------------------------------
    def set_goal_stats(self, stats: HistoryStats) -> None:
        """The History's figures were read again: the goal line follows them."""
        self._goal_days = (stats.today, stats.last_days)
        self._show_goal()

    def goal_text(self) -> str:
        """Today against the daily goal ("" when there is no goal)."""
        goal = self.settings.daily_goal_minutes
        today = local_day(self._wall())
        days = self._goal_days[1] if self._goal_days is not None and self._goal_days[0] == today else ()
        progress = goal_progress(goal, days or ((today, 0.0),), today)
        return goal_today_text(progress) if progress is not None else ""

    def _show_goal(self) -> None:
        self.actions.set_goal(self.goal_text())

    # -- internals -----------------------------------------------------------------------
    def _on_timer(self) -> None:
        self.wakeups += 1
        self.wake()

    def _handle(self, event: Event | None) -> None:
        if isinstance(event, BreakDue):
            self._show_prompt(event)
        elif isinstance(event, BreakWithdrawn):
            self.prompt.withdraw()

    def _show_prompt(self, event: BreakDue) -> None:
        title = self._break_title()
        seconds = self._routine_seconds.get(self.settings.break_routine)
        due = self.scheduler.next_due()
        worked = self.scheduler.interval_s + (self._clock() - due if due is not None else 0.0)
        anchor: QRect | None = self.tray.anchor() if self.tray is not None else None
        self.prompt.present(
            routine_title=title or _("A short stretch"),
            routine_seconds=seconds,
            worked_seconds=worked,
            snooze_minutes=self.settings.snooze_minutes,
            reminder=event.reminder,
            final=event.final,
            anchor=anchor,
            postpones_left=postpones_left(self.settings.daily_postpone_limit, self.break_log.tally()),
            strict_seconds=self.settings.strict_break_seconds,
            screen=chosen_screen(self.settings.break_screen),
        )
        if self.tray is not None and self.settings.notifications and (event.reminder == 0 or event.final):
            self.tray.notify(_("Time for a stretch"), self.prompt.body_label.text())

    def _start_break(self) -> None:
        self._start_routine(self.settings.break_routine)

    def _after_change(self) -> None:
        menu_state = (
            self.scheduler.state,
            self.settings.snooze_minutes,
            self._snooze_useful(),
            self._break_title(),
            self.may_postpone,
            self.prompt.locked,
        )
        if menu_state != self._menu_state:  # most wake-ups change nothing in the menu
            self._menu_state = menu_state
            state, snooze_minutes, snooze_useful, title, postpone, strict_hold = menu_state
            self.actions.set_state(
                state,
                snooze_minutes=snooze_minutes,
                snooze_useful=snooze_useful,
                break_title=title,
                postpone_allowed=postpone,
                strict_hold=strict_hold,
            )
        self.actions.refresh()
        self._show_goal()
        self._schedule()

    def _snooze_useful(self) -> bool:
        state = self.scheduler.state
        if state in {State.DUE, State.SNOOZED}:
            return True
        due = self.scheduler.next_due()
        return state is State.WORKING and due is not None and due - self._clock() < self.scheduler.snooze_s

    def _schedule(self) -> None:
        if not self._started:
            return
        target = self.scheduler.next_check()
        if target is None:  # a routine is running: nothing to do until it ends
            self._timer.stop()
            self._wake_at = None
            return
        now = self._clock()
        wait = target - now
        if wait <= POLL_S:
            self._timer.setTimerType(Qt.TimerType.PreciseTimer)
            self._timer.start(max(0, math.ceil(wait * 1000)) + MARGIN_MS)
        else:
            self._timer.setTimerType(Qt.TimerType.CoarseTimer)
            self._timer.start(int(POLL_S * 1000))
        self._wake_at = now + self._timer.interval() / 1000

    def _break_title(self) -> str:
        return dict(self._choices).get(self.settings.break_routine, "")

    def _apply_break_length(self) -> None:
        self.scheduler.set_break_length(self._routine_seconds.get(self.settings.break_routine, 0.0))

    def _connect_actions(self) -> None:
        actions = self.actions
        actions.stretchNow.connect(self.stretch_now)
        actions.routines_menu.triggered.connect(lambda action: self.stretch_now(str(action.data())))
        actions.snooze.connect(self.snooze)
        actions.skipNext.connect(self.skip)
        actions.pauseHour.connect(lambda: self.pause_for(HOUR_S))
        actions.pauseTomorrow.connect(self.pause_until_tomorrow)
        actions.resume.connect(self.resume)
        actions.showWindow.connect(self._show_main_window)
        actions.openSettings.connect(self._open_settings)
        actions.quit.connect(self.quitRequested)  # signal to signal: see stretchapp.ui.reminders.tray
