"""The player: the screen a person follows while stretching.

It shows what the engine says and nothing else: the phase in words, the exercise, side and
rep, the prompt, a big countdown, what comes next and how much of the routine is left.
Every number it shows is read from the session when the engine announces a change; the
view keeps no timing of its own. Keys: Space pause/resume, Right skip, Left back,
R restart, F/F11 full screen, M mute, Esc leave, ? the list of keys, Ctrl+Plus/Minus text size.

After each exercise (both sides done, and not all skipped) a check-in strip asks how it felt, answered with the
keys 1 to 4 or its buttons. It never stops the routine: it stays for
:data:`CHECKIN_SHOW_MS`, then fades; the answer goes out as :attr:`PlayerView.checkedIn`.
The strip is placed by the same planner as everything else, so it fits at every size.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable

from PySide6.QtCore import QEvent, QRect, QSize, Qt, QTimer, QVariantAnimation, Signal
from PySide6.QtGui import QFont, QKeySequence, QPainter, QPaintEvent, QPalette, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QGraphicsOpacityEffect,
    QGridLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedLayout,
    QWidget,
)

from stretchapp.core import text as words
from stretchapp.core.checkin import Feeling, due_at_phase, feeling_for_key
from stretchapp.core.engine import PauseReason, Session, SessionState, Summary
from stretchapp.core.i18n import N_, _, ngettext, pgettext
from stretchapp.core.keys import KEYS
from stretchapp.core.kinds import PhaseKind
from stretchapp.core.model import Phase
from stretchapp.core.record import HELD_SHARE_NEEDED, is_rehearsal
from stretchapp.ui.common import theme
from stretchapp.ui.common.questions import ask_yes_no
from stretchapp.ui.player.countdown_ring import CountdownRing
from stretchapp.ui.player.exercise_image import ExerciseImage
from stretchapp.ui.player.fit import breakable, button_size, one_line, sized, wrapped
from stretchapp.ui.session.driver import SessionDriver
from stretchapp.ui.session.observer import Detach, SessionObserver, observe

TEXT_SCALES = (0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0)
RESTART_ASK_AFTER_S = 10  # restarting sooner than this loses nothing worth a question
MIN_TEXT_PX = 9
# Tried in turn until everything fits: 1.0 is the size the window and text scale ask for.
SHRINKS = (1.0, 0.92, 0.85, 0.78, 0.72, 0.66, 0.6, 0.55, 0.5, 0.45, 0.4, 0.35, 0.3, 0.25, 0.2, 0.16, 0.12)
# Type sizes as shares of the window's height (or of 3/4 of its width, if that is smaller),
# largest first after the countdown: phase, side and rep, exercise, prompt, next.
SESSION_SHARES = {
    "phase": 0.075,
    "side_and_rep": 0.05,
    "exercise": 0.045,
    "prompt": 0.042,
    "pause_notice": 0.032,
    "steps": 0.032,
    "next": 0.03,
    "title": 0.028,
    "overall": 0.028,
    "hint": 0.024,
    "checkin_question": 0.034,
}
END_SHARES = {"end_title": 0.09, "end_summary": 0.04, "hint": 0.024, "checkin_question": 0.034}
BOLD = {"phase", "side_and_rep", "pause_notice", "title", "end_title", "checkin_question"}
CHECKIN_SHOW_MS = 8000  # how long the question stays before it fades (the routine goes on)
CHECKIN_FADE_MS = 700

_Plan = list[tuple[QWidget, QRect, QFont | None]]


def _button_rows(
    buttons: list[QPushButton], font: QFont, room: int, gap: int, *, strict: bool
) -> list[list[tuple[QPushButton, QSize]]] | None:
    """``buttons`` in as many rows ``room`` wide as they need; None if one alone is too wide."""
    rows: list[list[tuple[QPushButton, QSize]]] = [[]]
    used = 0
    for button in buttons:
        size = button_size(font, button.text())
        if strict and size.width() > room:
            return None
        if rows[-1] and used + gap + size.width() > room:
            rows.append([])
            used = 0
        used += (gap if rows[-1] else 0) + size.width()
        rows[-1].append((button, size))
    return rows


def _moved(plan: _Plan, dx: int, dy: int) -> _Plan:
    return [(widget, rect.translated(dx, dy), font) for widget, rect, font in plan]


def mirrored(plan: _Plan, width: int) -> _Plan:
    """``plan`` right to left: each rectangle reflected across the page, so rows read from the right.

    Only places are mirrored, never what is drawn in them: a drawing keeps the side of the body
    it shows (the exercise's side decides that, see ExerciseImage).
    """
    return [
        (widget, QRect(width - rect.x() - rect.width(), rect.y(), rect.width(), rect.height()), font)
        for widget, rect, font in plan
    ]


def next_text(upcoming: Phase | None) -> str:
    """What comes after the current phase, in a few words."""
    if upcoming is None:
        return _("Next: finish")
    if upcoming.kind is PhaseKind.REST:
        return _("Next: rest, {seconds}").format(seconds=words.seconds(upcoming.seconds))
    if upcoming.kind is PhaseKind.HOLD:
        return _("Next: hold, {seconds}").format(seconds=words.seconds(upcoming.seconds))
    position = upcoming.position_in_sentence if upcoming.side else upcoming.position
    return _("Next: {exercise}, {position}").format(exercise=upcoming.exercise, position=position)


def prompt_text(phase: Phase) -> str:
    """Setup steps while getting ready (numbered when there are several), else the phase prompt."""
    if phase.kind is PhaseKind.PREPARE and len(phase.steps) > 1:
        return "\n".join(f"{n}. {step}" for n, step in enumerate(phase.steps, start=1))
    return phase.prompt


def hold_steps_text(phase: Phase) -> str:
    """During a hold, the setup steps stay on screen (smaller) under the hold prompt."""
    if phase.kind is not PhaseKind.HOLD or not phase.steps:
        return ""
    if len(phase.steps) == 1:
        return phase.steps[0]
    return "\n".join(f"{n}. {step}" for n, step in enumerate(phase.steps, start=1))


def speed_text(speed: float) -> str:
    """A speed as a factor: 5.0 -> "5×", 2.5 -> "2.5×"."""
    return _("{factor}×").format(factor=f"{speed:g}")


def rehearsal_title(title: str, speed: float) -> str:
    """The routine's title in the player's header, saying so all along when it is a rehearsal."""
    if not is_rehearsal(speed):
        return title
    return _("Rehearsal at {speed} · {title}").format(speed=speed_text(speed), title=title)


def end_title_text(summary: Summary) -> str:
    if summary.rehearsal:
        return _("Rehearsal finished")
    return _("Well done!") if summary.counts_as_done else _("End of the routine")


def summary_text(summary: Summary, exercises: int) -> str:
    """What the end screen says was done, honestly: a rehearsal, or holds skipped, say so."""
    if summary.rehearsal:
        real = summary.active_seconds / summary.speed
        return _(
            "The routine ran through in {duration} at {speed}. Rehearsals are not counted in your history."
        ).format(duration=words.duration(real), speed=speed_text(summary.speed))
    skipped = summary.phases_skipped
    parts = [
        _("You stretched for {duration}").format(duration=words.duration(summary.active_seconds)),
        ngettext("{n} exercise", "{n} exercises", exercises).format(n=exercises),
        _("nothing skipped")
        if skipped == 0
        else ngettext("{n} step skipped", "{n} steps skipped", skipped).format(n=skipped),
    ]
    if summary.paused_seconds >= 1:
        parts.append(_("paused {duration}").format(duration=words.duration(summary.paused_seconds)))
    text = " · ".join(parts)
    if not summary.counts_as_done:
        held = math.floor(summary.held_share * 100)
        needed = round(HELD_SHARE_NEEDED * 100)
        text += "\n" + _(
            "You held {held} % of the hold time, so this is not counted as a finished routine "
            "({needed} % is needed)."
        ).format(held=held, needed=needed)
    return text


class _ProgressLine(QWidget):
    """How much of the routine is done, as a thin line: two rectangles, cheap to repaint each second.

    (QProgressBar repaints at once on every change, with the style's gradients.)
    """

    MAXIMUM = 1000

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._value = 0
        self.setAccessibleDescription("0 %")

    def value(self) -> int:
        return self._value

    def setValue(self, value: int) -> None:
        value = max(0, min(self.MAXIMUM, value))
        if value == self._value:
            return
        before = self._filled(self._value)
        self._value = value
        self.setAccessibleDescription(f"{round(100 * value / self.MAXIMUM)} %")
        after = self._filled(value)
        if after != before:
            left = min(before, after)
            if self.layoutDirection() is Qt.LayoutDirection.RightToLeft:
                left = self.width() - max(before, after) - 1
            self.update(left, 0, abs(after - before) + 2, self.height())

    def _filled(self, value: int) -> int:
        return round(self.width() * value / self.MAXIMUM)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        filled = self._filled(self._value)
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Mid))
        # Right to left, the routine's progress grows from the right, as its words are read.
        start = self.width() - filled if self.layoutDirection() is Qt.LayoutDirection.RightToLeft else 0
        painter.fillRect(start, 0, filled, self.height(), palette.color(QPalette.ColorRole.Highlight))
        painter.end()


# What each of the player's texts is, told to a screen reader as its description; its name is
# what it says, as for any label (the object names stay in English).
_ACCESSIBLE_NAMES = {
    "routine_title": N_("routine title"),
    "routine_progress": N_("routine progress"),
    "fullscreen_hint": N_("fullscreen hint"),
    "phase": N_("phase"),
    "exercise": N_("exercise"),
    "side_and_rep": N_("side and rep"),
    "pause_notice": N_("pause notice"),
    "prompt": N_("prompt"),
    "steps": N_("steps"),
    "next": N_("next"),
    "end_title": N_("end title"),
    "end_summary": N_("end summary"),
    "end_hint": N_("end hint"),
}


class _Text(QLabel):
    """A label the view sizes and places itself: its wishes never reach the window."""

    def __init__(self, name: str, parent: QWidget, *, bold: bool = False, muted: bool = False) -> None:
        super().__init__(parent)
        self.bold = bold
        self.muted = muted
        self.setObjectName(name)
        self.setAccessibleDescription(_(_ACCESSIBLE_NAMES.get(name, name)))
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)

    def setText(self, text: str) -> None:
        super().setText(breakable(text))
        self.setAccessibleName(text)  # without the soft hyphens that let long words break


class _CheckInStrip:
    """The question after an exercise and its four answers, on one page of the player."""

    def __init__(self, page: QWidget, make_button: Callable[[str, str, str, QWidget], QPushButton]) -> None:
        self.panel = QFrame(page)
        self.panel.setObjectName("checkin_panel")
        self.panel.setFrameShape(QFrame.Shape.StyledPanel)
        self.panel.setAutoFillBackground(True)
        self.panel.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.question = _Text("checkin_question", page, bold=True)
        self.question.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.answers: list[tuple[Feeling, QPushButton]] = [
            (
                feeling,
                make_button(
                    f"{feeling.key}  {feeling.label}",
                    feeling.label,
                    _("Answer: {answer} (key {key})").format(answer=feeling.label, key=feeling.key),
                    page,
                ),
            )
            for feeling in Feeling
        ]
        self.skip = make_button(_("Not now"), _("Not now"), _("Close the question without answering"), page)
        self.exercise_index: int | None = None
        self.hide()

    @property
    def widgets(self) -> list[QWidget]:
        return [self.panel, self.question, *(button for _f, button in self.answers), self.skip]

    @property
    def buttons(self) -> list[QPushButton]:
        return [*(button for _f, button in self.answers), self.skip]

    @property
    def shown(self) -> bool:
        return self.exercise_index is not None

    def show(self, exercise_index: int, exercise: str) -> None:
        self.exercise_index = exercise_index
        self.question.setText(_("How did that feel? {exercise}").format(exercise=exercise))
        self.question.setAccessibleDescription(_("Press 1 to 4 to answer; it closes by itself"))
        for widget in self.widgets:
            widget.setGraphicsEffect(None)  # type: ignore[arg-type]
            widget.show()
        self.panel.lower()

    def hide(self) -> None:
        self.exercise_index = None
        for widget in self.widgets:
            widget.hide()
            widget.setGraphicsEffect(None)  # type: ignore[arg-type]

    def set_opacity(self, opacity: float) -> None:
        for widget in self.widgets:
            effect = widget.graphicsEffect()
            if not isinstance(effect, QGraphicsOpacityEffect):
                effect = QGraphicsOpacityEffect(widget)
                widget.setGraphicsEffect(effect)
            effect.setOpacity(opacity)


class PlayerView(QWidget, SessionObserver):
    """Follows one session; emits requests the window acts on (leave, full screen, mute)."""

    leaveRequested = Signal()
    againRequested = Signal()
    fullscreenToggled = Signal()
    muteToggled = Signal(bool)
    textScaleChanged = Signal(float)
    checkedIn = Signal(int, object)  # exercise index, Feeling

    def __init__(
        self, *, text_scale: float = 1.0, muted: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("player")
        self.setAccessibleName(_("Stretch player"))
        self._driver: SessionDriver | None = None
        self._detach: Detach | None = None
        self._session: Session | None = None
        self._text_scale = text_scale
        self._muted = muted
        self._suspend_note = False
        self._fullscreen = False
        self._paused_for_keys = False
        self._checkins_on = True
        self._checkin_timer = QTimer(self)
        self._checkin_timer.setSingleShot(True)
        self._checkin_timer.timeout.connect(self._fade_checkin)
        self._checkin_fade = QVariantAnimation(self)
        self._checkin_fade.setStartValue(1.0)
        self._checkin_fade.setEndValue(0.0)
        self._checkin_fade.setDuration(CHECKIN_FADE_MS)
        self._checkin_fade.valueChanged.connect(self._fading)
        self._checkin_fade.finished.connect(self.close_checkin)
        # Seams for tests: the leave and restart questions and the key list are dialogs.
        self.confirm_leave: Callable[[], bool] = self._ask_leave
        self.confirm_restart: Callable[[], bool] = self._ask_restart
        self.keys_dialog: QDialog | None = None
        self._build()
        self._bind_keys()
        self._colour_texts()

    # -- construction ------------------------------------------------------------------
    def _build(self) -> None:
        session_page = QWidget()
        end_page = QWidget()
        self._session_page, self._end_page = session_page, end_page
        self.title_label = _Text("routine_title", session_page, bold=True)
        self.overall_label = _Text("routine_progress", session_page)
        # These two change every second: painting their own background keeps the window
        # behind them from repainting each time.
        self.overall_label.setAutoFillBackground(True)
        self.progress = _ProgressLine(session_page)
        self.progress.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.progress.setAccessibleName(_("Routine progress"))
        self.fullscreen_hint = _Text("fullscreen_hint", session_page, muted=True)
        self.fullscreen_hint.setText(_("Press Esc or F11 to leave full screen"))
        self.fullscreen_hint.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.fullscreen_hint.hide()

        self.image = ExerciseImage(session_page)
        self.ring = CountdownRing(session_page)
        self.phase_label = _Text("phase", session_page, bold=True)
        self.exercise_label = _Text("exercise", session_page)
        self.position_label = _Text("side_and_rep", session_page, bold=True)
        self.pause_banner = _Text("pause_notice", session_page, bold=True)
        self.pause_banner.hide()
        self.prompt_label = _Text("prompt", session_page)
        self.steps_label = _Text("steps", session_page, muted=True)
        self.steps_label.hide()
        self.next_label = _Text("next", session_page, muted=True)

        self.back_button = self._button(
            _("◀  Back"),
            pgettext("player button", "Back"),
            _("Restart this step, or go to the previous one (Left)"),
            session_page,
        )
        self.pause_button = self._button(_("Pause"), _("Pause"), _("Pause or resume (Space)"), session_page)
        self.skip_button = self._button(
            _("Skip  ▶"), pgettext("player button", "Skip"), _("Skip to the next step (Right)"), session_page
        )
        self.restart_button = self._button(
            _("Restart"), _("Restart routine"), _("Start the routine again (R)"), session_page
        )
        self.mute_button = self._button(_("Sound on"), _("Sound"), _("Sound on or off (M)"), session_page)
        self.fullscreen_button = self._button(
            _("Full screen"), _("Full screen"), _("Full screen on or off (F)"), session_page
        )
        self.keys_button = self._button(
            _("Keys"), _("Keyboard keys"), _("Show the keyboard keys (?)"), session_page
        )
        self.leave_button = self._button(
            _("Leave"), _("Leave routine"), _("Leave the routine (Esc)"), session_page
        )
        self.back_button.clicked.connect(lambda: self._command("back"))
        self.pause_button.clicked.connect(lambda: self._command("toggle_pause"))
        self.skip_button.clicked.connect(lambda: self._command("skip"))
        self.restart_button.clicked.connect(self.request_restart)
        self.mute_button.clicked.connect(self.toggle_mute)
        self.fullscreen_button.clicked.connect(self.fullscreenToggled)
        self.keys_button.clicked.connect(self.show_keys)
        self.leave_button.clicked.connect(self.request_leave)
        self._session_buttons = [
            self.back_button,
            self.pause_button,
            self.skip_button,
            self.restart_button,
            self.mute_button,
            self.fullscreen_button,
            self.keys_button,
            self.leave_button,
        ]

        self.end_title = _Text("end_title", end_page, bold=True)
        self.end_title.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.end_summary = _Text("end_summary", end_page)
        self.end_summary.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.again_button = self._button(_("Again"), _("Again"), _("Do this routine again"), end_page)
        self.done_button = self._button(_("Done"), _("Done"), _("Back to the routines"), end_page)
        self.again_button.clicked.connect(self.againRequested)
        self.done_button.clicked.connect(self.leaveRequested)
        self.end_hint = _Text("end_hint", end_page, muted=True)
        self.end_hint.setText(_("Enter or Space presses the chosen button · Tab moves · Esc goes back"))
        self.end_hint.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setTabOrder(self.again_button, self.done_button)

        self.session_checkin = _CheckInStrip(session_page, self._button)
        self.end_checkin = _CheckInStrip(end_page, self._button)
        for strip in (self.session_checkin, self.end_checkin):
            for feeling, button in strip.answers:
                button.clicked.connect(lambda _checked=False, f=feeling: self.answer_checkin(f))
            strip.skip.clicked.connect(self.close_checkin)
        self.setTabOrder(self.done_button, self.end_checkin.answers[0][1])

        self._pages = QStackedLayout(self)
        self._pages.addWidget(session_page)
        self._pages.addWidget(end_page)
        self._pages.currentChanged.connect(lambda _index: self._arrange())
        self._update_mute_button()
        self._align_texts()

    def _align_texts(self) -> None:
        """Texts start at the edge the language is read from, whatever words they hold.

        (Qt would align an English exercise name in a Hebrew window by the name's own direction.)
        """
        right_to_left = self.layoutDirection() is Qt.LayoutDirection.RightToLeft
        start, end = Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignRight
        if right_to_left:
            start, end = end, start
        absolute, top = Qt.AlignmentFlag.AlignAbsolute, Qt.AlignmentFlag.AlignTop
        self.overall_label.setAlignment(end | absolute | top)
        for label in (self.title_label, self.prompt_label, self.steps_label, self.next_label):
            label.setAlignment(start | absolute | top)
        for label in (self.phase_label, self.exercise_label, self.position_label, self.pause_banner):
            label.setAlignment(start | absolute | Qt.AlignmentFlag.AlignVCenter)

    def _button(self, text: str, name: str, tip: str, parent: QWidget) -> QPushButton:
        button = QPushButton(text, parent)
        button.setAccessibleName(name)
        button.setToolTip(tip)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.setAutoDefault(False)
        return button

    def _bind_keys(self) -> None:
        bindings: list[tuple[str | QKeySequence.StandardKey, Callable[[], object]]] = [
            ("Space", self._space),
            ("Return", self._press_focused),
            ("Enter", self._press_focused),
            ("Right", lambda: self._command("skip")),
            ("Left", lambda: self._command("back")),
            ("R", self.request_restart),
            ("F", self.fullscreenToggled.emit),
            ("M", self.toggle_mute),
            ("Escape", self.request_leave),
            ("?", self.show_keys),
            ("Shift+?", self.show_keys),
            (QKeySequence.StandardKey.ZoomIn, lambda: self.change_text_scale(+1)),
            ("Ctrl+=", lambda: self.change_text_scale(+1)),
            (QKeySequence.StandardKey.ZoomOut, lambda: self.change_text_scale(-1)),
            ("Ctrl+0", lambda: self.change_text_scale(0)),
            *((str(f.key), lambda key=f.key: self._answer_key(key)) for f in Feeling),
        ]
        self._shortcuts = []
        for key, action in bindings:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)
            self._shortcuts.append(shortcut)

    # -- the session -------------------------------------------------------------------
    @property
    def session(self) -> Session | None:
        return self._session

    def attach(self, driver: SessionDriver) -> None:
        """Follow ``driver``'s session from now on."""
        self.detach()
        self.close_checkin()
        self._driver = driver
        self._session = driver.session
        self._detach = observe(driver, self)
        self.ring.set_fraction_source(driver.session.phase_fraction)
        self._pages.setCurrentWidget(self._session_page)
        self.title_label.setText(rehearsal_title(self._session.timeline.routine.title, self._session.speed))
        self._show_phase()
        self.on_state_changed(self._session.state)

    def detach(self) -> None:
        detach, self._detach = self._detach, None
        if detach is None:
            return
        detach()
        self.ring.set_animating(False)
        self.ring.set_fraction_source(None)
        self._driver = None
        self._session = None

    def _command(self, name: str) -> None:
        if self._driver is not None and self._pages.currentWidget() is self._session_page:
            getattr(self._driver, name)()

    def on_phase_started(self, phase: Phase, index: int, next_phase: Phase | None) -> None:
        self._suspend_note = False
        session = self._session
        due = due_at_phase(session.timeline, index) if session is not None else None
        if due is not None and session is not None and session.held(due):
            self.ask_checkin(due)
        self._show_phase()

    # -- the check-in ------------------------------------------------------------------
    def set_checkins_enabled(self, on: bool) -> None:
        """Ask after each exercise (the setting); off closes a question that is open."""
        self._checkins_on = on
        if not on:
            self.close_checkin()

    def ask_checkin(self, exercise_index: int) -> None:
        """Show the question about exercise ``exercise_index`` on the page now shown."""
        session = self._session
        # A rehearsal is not a stretch: how it felt must not change tomorrow's holds.
        if not self._checkins_on or session is None or is_rehearsal(session.speed):
            return
        exercises = session.timeline.routine.exercises
        if not 0 <= exercise_index < len(exercises):
            return
        self.close_checkin()
        strip = self.end_checkin if self._pages.currentWidget() is self._end_page else self.session_checkin
        strip.show(exercise_index, exercises[exercise_index].name)
        self._checkin_timer.start(CHECKIN_SHOW_MS)
        self._arrange()

    @property
    def checkin_strip(self) -> _CheckInStrip | None:
        """The strip now asking, if one is."""
        for strip in (self.session_checkin, self.end_checkin):
            if strip.shown:
                return strip
        return None

    def answer_checkin(self, feeling: Feeling) -> None:
        strip = self.checkin_strip
        if strip is None or strip.exercise_index is None:
            return
        index = strip.exercise_index
        self.close_checkin()
        self.checkedIn.emit(index, feeling)

    def _answer_key(self, key: int) -> None:
        feeling = feeling_for_key(key)
        if feeling is not None and self.checkin_strip is not None:
            self.answer_checkin(feeling)

    def close_checkin(self) -> None:
        """Take the question away (skipped, answered, faded or no longer in place)."""
        self._checkin_timer.stop()
        self._checkin_fade.stop()
        shown = self.checkin_strip is not None
        self.session_checkin.hide()
        self.end_checkin.hide()
        if shown:
            self._arrange()

    def _fade_checkin(self) -> None:
        self._checkin_fade.start()

    def _fading(self, value: object) -> None:
        strip = self.checkin_strip
        if strip is not None and isinstance(value, float):
            strip.set_opacity(value)

    def _show_phase(self) -> None:
        session = self._session
        if session is None or session.phase is None:
            return
        phase = session.phase
        palette = self.palette()
        colour = theme.accent(palette, phase.kind).name()
        self.phase_label.setText(phase.label)
        self.phase_label.setStyleSheet(f"color: {colour};")
        self.exercise_label.setText(phase.exercise)
        self.position_label.setText("" if phase.kind is PhaseKind.REST else phase.position)
        self.position_label.setVisible(phase.kind is not PhaseKind.REST)
        self.prompt_label.setText(prompt_text(phase))
        steps = hold_steps_text(phase)
        self.steps_label.setText(steps)
        self.steps_label.setVisible(bool(steps))
        self.next_label.setText(next_text(session.next_phase))
        if phase.kind is PhaseKind.REST:
            self.image.set_image(None)
        else:
            self.image.set_image(phase.image, mirrored=phase.mirror_image)
        self.ring.set_phase(phase.kind, phase.seconds)
        self._show_time()
        self.setAccessibleDescription(f"{phase.label}. {phase.exercise}. {self.position_label.text()}")
        self._arrange()

    def on_second(self, remaining: int) -> None:
        self._show_time(remaining)

    def _show_time(self, remaining: int | None = None) -> None:
        session = self._session
        if session is None:
            return
        self.ring.set_seconds(session.remaining_whole() if remaining is None else remaining)
        self.progress.setValue(round(1000 * session.routine_fraction_done()))
        left = words.clock(session.routine_remaining())
        before = self._overall_template()
        self.overall_label.setText(
            _("Exercise {number} of {count} · {left} left").format(
                number=session.exercise_number, count=session.exercise_count, left=left
            )
        )
        if self._overall_template() != before:
            self._arrange()

    def on_paused(self, reason: PauseReason) -> None:
        self._suspend_note = reason is not PauseReason.USER
        self.on_state_changed(SessionState.PAUSED)

    def on_resumed(self) -> None:
        self._suspend_note = False
        self.on_state_changed(SessionState.RUNNING)

    def on_state_changed(self, state: SessionState) -> None:
        paused = state is SessionState.PAUSED
        running = state is SessionState.RUNNING
        self.ring.set_paused(paused)
        self.ring.set_animating(running)
        self.pause_button.setText(_("Resume") if paused else _("Pause"))
        self.pause_button.setAccessibleName(_("Resume") if paused else _("Pause"))
        if paused:
            why = _("Paused while the computer was asleep or locked.") if self._suspend_note else _("Paused.")
            self.pause_banner.setText(_("{why} Press Space to carry on.").format(why=why))
        self.pause_banner.setVisible(paused)
        if state is SessionState.READY:
            self.pause_button.setText(_("Start"))
        self._show_time()
        self._arrange()

    def on_finished(self, summary: Summary) -> None:
        self.ring.set_animating(False)
        if not summary.completed:
            return
        session = self._session
        exercises = session.exercise_count if session else 0
        self.end_title.setText(end_title_text(summary))
        self.end_summary.setText(summary_text(summary, exercises))
        self.close_checkin()
        self._pages.setCurrentWidget(self._end_page)
        due = due_at_phase(session.timeline, len(session.timeline.phases)) if session else None
        if due is not None and session is not None and session.held(due):
            self.ask_checkin(due)
        self._arrange()
        self.again_button.setFocus()

    # -- requests the window acts on ----------------------------------------------------
    def request_leave(self) -> None:
        """Esc: leave full screen first; then leave at once from the end screen or an idle
        session, and ask while one runs."""
        if self._fullscreen:
            self.fullscreenToggled.emit()
            return
        session = self._session
        active = session is not None and session.state in {SessionState.RUNNING, SessionState.PAUSED}
        if active and self._driver is not None:
            was_running = session.state is SessionState.RUNNING  # type: ignore[union-attr]
            if was_running:
                self._driver.pause()
            if not self.confirm_leave():
                if was_running:
                    self._driver.resume()
                return
            self._driver.stop()
        self.leaveRequested.emit()

    def _ask_leave(self) -> bool:
        return ask_yes_no(
            self,
            _("Leave this routine?"),
            _("Leave the routine now? What you have done so far is kept in your history."),
        )

    def _ask_restart(self) -> bool:
        return ask_yes_no(
            self,
            _("Restart this routine?"),
            _("Start the routine again from the beginning? The progress of this run is lost."),
        )

    def request_restart(self) -> None:
        """R: restart at once near the start; once progress would be lost, ask first (paused)."""
        session = self._session
        if self._driver is None or session is None or self._pages.currentWidget() is not self._session_page:
            return
        done = session.timeline.total_seconds - session.routine_remaining()
        if done >= RESTART_ASK_AFTER_S:
            was_running = session.state is SessionState.RUNNING
            if was_running:
                self._driver.pause()
            if not self.confirm_restart():
                if was_running:
                    self._driver.resume()
                return
        self._driver.restart()

    def _space(self) -> None:
        """Space pauses in a routine; on the end screen it presses the focused button."""
        if self._pages.currentWidget() is self._end_page:
            self._press_focused()
        else:
            self._command("toggle_pause")

    def _press_focused(self) -> None:
        focused = QApplication.focusWidget()
        if isinstance(focused, QPushButton) and self.isAncestorOf(focused) and focused.isVisible():
            focused.click()

    def toggle_mute(self) -> None:
        self._muted = not self._muted
        self._update_mute_button()
        self.muteToggled.emit(self._muted)

    def set_muted(self, muted: bool) -> None:
        self._muted = muted
        self._update_mute_button()

    @property
    def muted(self) -> bool:
        return self._muted

    def _update_mute_button(self) -> None:
        self.mute_button.setText(_("Sound off") if self._muted else _("Sound on"))
        self.mute_button.setAccessibleDescription(_("Sound is off") if self._muted else _("Sound is on"))

    def show_keys(self) -> None:
        if self.keys_dialog is None:
            dialog = QDialog(self)
            dialog.setWindowTitle(_("Keyboard keys"))
            dialog.setAccessibleName(_("Keyboard keys"))
            grid = QGridLayout(dialog)
            for row, (key, meaning) in enumerate(KEYS):
                key_label = QLabel(f"<b>{html.escape(_(key))}</b>")
                grid.addWidget(key_label, row, 0)
                grid.addWidget(QLabel(_(meaning)), row, 1)
            close = QPushButton(_("Close"))
            close.clicked.connect(dialog.accept)
            grid.addWidget(close, len(KEYS), 1, Qt.AlignmentFlag.AlignRight)
            dialog.finished.connect(self._keys_closed)
            self.keys_dialog = dialog
        # The routine waits while the person reads the keys.
        session = self._session
        if self._driver is not None and session is not None and session.state is SessionState.RUNNING:
            self._driver.pause()
            self._paused_for_keys = True
        self.keys_dialog.open()

    def _keys_closed(self, _result: int) -> None:
        paused, self._paused_for_keys = self._paused_for_keys, False
        session = self._session
        if (
            paused
            and self._driver is not None
            and session is not None
            and session.state is SessionState.PAUSED
        ):
            self._driver.resume()

    # -- text size ----------------------------------------------------------------------
    @property
    def text_scale(self) -> float:
        return self._text_scale

    def set_text_scale(self, scale: float) -> None:
        """Use ``scale`` (from the settings) for every text of the player."""
        if scale != self._text_scale:
            self._text_scale = scale
            self._arrange()

    def change_text_scale(self, step: int) -> None:
        """Ctrl+Plus / Ctrl+Minus step through sizes; Ctrl+0 goes back to normal."""
        if step == 0:
            scale = 1.0
        else:
            nearest = min(range(len(TEXT_SCALES)), key=lambda i: abs(TEXT_SCALES[i] - self._text_scale))
            scale = TEXT_SCALES[max(0, min(len(TEXT_SCALES) - 1, nearest + step))]
        if scale != self._text_scale:
            self._text_scale = scale
            self._arrange()
            self.textScaleChanged.emit(scale)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._show_phase()
            self._colour_texts()
            self._arrange()
        elif event.type() == QEvent.Type.LayoutDirectionChange:
            self._align_texts()
            self._arrange()

    def set_fullscreen(self, on: bool) -> None:
        """The window went to or left full screen: say how to leave, and name the button so."""
        self._fullscreen = on
        self.fullscreen_button.setText(_("Leave full screen") if on else _("Full screen"))
        self.fullscreen_button.setAccessibleName(_("Leave full screen") if on else _("Full screen"))
        self.fullscreen_hint.setVisible(on)
        self._arrange()

    @property
    def fullscreen(self) -> bool:
        return self._fullscreen

    # -- placing everything -------------------------------------------------------------
    # Sizes come from the space there is and the text scale, never from what a text would
    # like: each try places everything at one size and checks that every text fits its
    # rectangle; the first size that fits wins. So the window never grows, and its minimum
    # size does not depend on what is shown.
    def _colour_texts(self) -> None:
        muted = theme.muted_text(self.palette()).name()
        for label in self.findChildren(_Text):
            if label.muted:
                label.setStyleSheet(f"color: {muted};")
        self.pause_banner.setStyleSheet(f"color: {theme.accent(self.palette(), PhaseKind.PREPARE).name()};")

    def _arrange(self) -> None:
        width, height = self.width(), self.height()
        if width < 64 or height < 64:
            return
        planner = self._plan_end if self._pages.currentWidget() is self._end_page else self._plan_session
        unit = min(height, width * 0.75)
        plan: _Plan | None = None
        for shrink in SHRINKS:
            plan = planner(width, height, unit * shrink, strict=True, single_line=shrink >= 0.5)
            if plan is not None:
                break
        if plan is None:
            plan = planner(width, height, unit * SHRINKS[-1], strict=False, single_line=False)
        assert plan is not None
        if self.layoutDirection() is Qt.LayoutDirection.RightToLeft:
            plan = mirrored(plan, width)
        for widget, rect, font in plan:
            if font is not None and widget.font() != font:
                widget.setFont(font)
            widget.setGeometry(rect)

    def _fonts(self, unit: float, shares: dict[str, float], *, buttons: float) -> dict[str, QFont]:
        base = self.font()
        scale = self._text_scale
        fonts = {
            name: sized(base, max(MIN_TEXT_PX, unit * share * scale), bold=name in BOLD)
            for name, share in shares.items()
        }
        fonts["button"] = sized(base, max(MIN_TEXT_PX, unit * buttons * min(scale, 1.3)))
        return fonts

    def _plan_session(
        self, width: int, height: int, unit: float, *, strict: bool, single_line: bool
    ) -> _Plan | None:
        fonts = self._fonts(unit, SESSION_SHARES, buttons=0.022)
        margin = round(min(40.0, max(8.0, min(width, height) * 0.025)))
        gap = max(4, margin // 2)
        inner = width - 2 * margin
        plan: _Plan = []

        def measure(label: QLabel, font: QFont, room: int, *, one: bool = False) -> QSize | None:
            need = wrapped(font, room, label.text())
            if strict and need.width() > room:
                return None
            if strict and one and single_line and one_line(font, label.text()).width() > room:
                return None
            return QSize(min(need.width(), room), need.height())

        # The header: the title on the left, where the routine is on the right.
        over_room = min(
            inner // 2, round(one_line(fonts["overall"], self._overall_template()).width() * 1.08) + 4
        )
        title_room = inner - over_room - gap
        title = measure(self.title_label, fonts["title"], title_room)
        over = measure(self.overall_label, fonts["overall"], over_room)
        if title is None or over is None:
            return None
        y = margin
        plan.append((self.title_label, QRect(margin, y, title_room, title.height()), fonts["title"]))
        plan.append(
            (
                self.overall_label,
                QRect(margin + inner - over_room, y, over_room, over.height()),
                fonts["overall"],
            )
        )
        y += max(title.height(), over.height()) + gap // 2
        bar = max(6, round(unit * 0.012))
        plan.append((self.progress, QRect(margin, y, inner, bar), None))
        y += bar + gap
        if self._fullscreen:
            hint = measure(self.fullscreen_hint, fonts["hint"], inner)
            if hint is None:
                return None
            plan.append((self.fullscreen_hint, QRect(margin, y, inner, hint.height()), fonts["hint"]))
            y += hint.height() + gap // 2

        # From the bottom up: the buttons (in as many rows as they need), what comes next,
        # the steps and the prompt; the ring and the words beside it get what is left.
        rows = _button_rows(self._session_buttons, fonts["button"], inner, gap, strict=strict)
        if rows is None:
            return None
        bottom = height - margin
        for row in reversed(rows):
            row_height = max(size.height() for _b, size in row)
            row_width = sum(size.width() for _b, size in row) + gap * (len(row) - 1)
            x = margin + max(0, inner - row_width) // 2
            bottom -= row_height
            for button, size in row:
                plan.append((button, QRect(x, bottom, min(size.width(), inner), row_height), fonts["button"]))
                x += size.width() + gap
            bottom -= gap // 2
        if self.session_checkin.shown:
            strip = self._plan_checkin(self.session_checkin, fonts, inner, gap, strict=strict)
            if strip is None:
                return None
            strip_height, strip_plan = strip
            bottom -= strip_height
            plan += _moved(strip_plan, margin, bottom)
            bottom -= gap // 2
        bottom -= gap // 2
        for label, font, one in (
            (self.next_label, fonts["next"], True),
            (self.steps_label, fonts["steps"], False),
            (self.prompt_label, fonts["prompt"], False),
        ):
            if label.isHidden() or not label.text():
                continue
            needed = measure(label, font, inner, one=one)
            if needed is None:
                return None
            bottom -= needed.height()
            plan.append((label, QRect(margin, bottom, inner, needed.height()), font))
            bottom -= gap

        middle = bottom - y
        # The words beside the ring get the width they need on one line (up to half the
        # row); the ring takes what is left, then the drawing.
        info = [self.phase_label, self.exercise_label, self.position_label, self.pause_banner]
        wish = max(
            (one_line(fonts[label.objectName()], label.text()).width() + 2)
            for label in info[:3]
            if not label.isHidden()
        )
        room = min(wish, inner // 2)
        smallest_ring = max(80, round(fonts["phase"].pixelSize() / CountdownRing.DIGIT_SHARE))
        picture = round(min(middle, inner * 0.26))
        ring = round(min(middle, inner * 0.42, inner - picture - room - 2 * gap))
        if ring < smallest_ring:
            picture = max(0, inner - room - 2 * gap - smallest_ring)
            if picture < 64:
                picture = 0
            ring = round(min(middle, inner * 0.42, inner - picture - room - (2 if picture else 1) * gap))
        if strict and ring < smallest_ring:
            return None  # the countdown stays the largest thing on screen
        ring = max(ring, 1)
        room = inner - ring - picture - (2 if picture else 1) * gap
        sizes = []
        for label in info:
            if label.isHidden():
                continue
            one = label is not self.exercise_label and label is not self.pause_banner
            needed = measure(label, fonts[label.objectName()], room, one=one)
            if needed is None:
                return None
            sizes.append((label, needed))
        spacing = max(2, gap // 2)
        total = sum(size.height() for _l, size in sizes) + spacing * max(0, len(sizes) - 1)
        if strict and total > middle:
            return None
        plan.append((self.image, QRect(margin, y, picture, max(1, middle)), None))
        self.image.setVisible(picture > 0)
        ring_x = margin + picture + (gap if picture else 0)
        plan.append((self.ring, QRect(ring_x, y + max(0, middle - ring) // 2, ring, ring), None))
        info_x = ring_x + ring + gap
        top = y + max(0, middle - total) // 2
        for label, size in sizes:
            plan.append((label, QRect(info_x, top, room, size.height()), fonts[label.objectName()]))
            top += size.height() + spacing
        return plan

    def _plan_end(
        self, width: int, height: int, unit: float, *, strict: bool, single_line: bool
    ) -> _Plan | None:
        fonts = self._fonts(unit, END_SHARES, buttons=0.034)
        margin = round(min(40.0, max(8.0, min(width, height) * 0.025)))
        gap = max(6, margin)
        inner = width - 2 * margin
        room = round(inner * 0.9)
        texts = []
        for label in (self.end_title, self.end_summary):
            need = wrapped(fonts[label.objectName()], room, label.text())
            if strict and need.width() > room:
                return None
            texts.append((label, need.height()))
        buttons = []
        for button in (self.again_button, self.done_button):
            size = button_size(fonts["button"], button.text())
            size = QSize(max(size.width(), round(unit * 0.22)), max(size.height(), round(unit * 0.075)))
            buttons.append((button, size))
        row_width = sum(size.width() for _b, size in buttons) + gap
        if strict and row_width > inner:
            return None
        row_height = max(size.height() for _b, size in buttons)
        hint = wrapped(fonts["hint"], room, self.end_hint.text())
        if strict and hint.width() > room:
            return None
        strip = None
        if self.end_checkin.shown:
            strip = self._plan_checkin(self.end_checkin, fonts, room, gap // 2, strict=strict)
            if strip is None:
                return None
        strip_height = strip[0] + gap if strip is not None else 0
        total = sum(h for _l, h in texts) + gap * 3 + row_height + hint.height() + strip_height
        if strict and total > height - 2 * margin:
            return None
        y = margin + max(0, height - 2 * margin - total) * 2 // 5
        left = margin + (inner - room) // 2
        plan: _Plan = []
        for label, text_height in texts:
            plan.append((label, QRect(left, y, room, text_height), fonts[label.objectName()]))
            y += text_height + gap
        if strip is not None:
            plan += _moved(strip[1], left, y)
            y += strip_height
        y += gap
        x = margin + max(0, inner - row_width) // 2
        for button, size in buttons:
            plan.append((button, QRect(x, y, size.width(), row_height), fonts["button"]))
            x += size.width() + gap
        y += row_height + gap
        plan.append((self.end_hint, QRect(left, y, room, hint.height()), fonts["hint"]))
        return plan

    def _plan_checkin(
        self, strip: _CheckInStrip, fonts: dict[str, QFont], inner: int, gap: int, *, strict: bool
    ) -> tuple[int, _Plan] | None:
        """The strip in a box ``inner`` wide at (0, 0): its height and where each part goes."""
        pad = max(4, gap // 2)
        room = inner - 2 * pad
        font = fonts["checkin_question"]
        question = wrapped(font, room, strip.question.text())
        if strict and question.width() > room:
            return None
        plan: _Plan = [(strip.question, QRect(pad, pad, room, question.height()), font)]
        y = pad + question.height() + gap // 2
        rows = _button_rows(strip.buttons, fonts["button"], room, gap, strict=strict)
        if rows is None:
            return None
        for row in rows:
            row_height = max(size.height() for _b, size in row)
            row_width = sum(size.width() for _b, size in row) + gap * (len(row) - 1)
            x = pad + max(0, room - row_width) // 2
            for button, size in row:
                plan.append((button, QRect(x, y, min(size.width(), room), row_height), fonts["button"]))
                x += size.width() + gap
            y += row_height + gap // 2
        height = y - gap // 2 + pad
        plan.insert(0, (strip.panel, QRect(0, 0, inner, height), None))
        return height, plan

    def _overall_template(self) -> str:
        """The progress line with its digits as zeros: it is re-placed only when this changes."""
        return re.sub(r"[0-9]", "0", self.overall_label.text())
