"""The player: the screen a person follows while stretching.

It shows what the engine says and nothing else: the phase in words, the exercise, side and
rep, the prompt, a big countdown, what comes next and how much of the routine is left.
Every number it shows is read from the session when the engine announces a change; the
view keeps no timing of its own. Keys: Space pause/resume, Right skip, Left back,
R restart, F/F11 full screen, M mute, Esc leave, ? the list of keys, Ctrl+Plus/Minus text size.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from stretchapp.core import text as words
from stretchapp.core.engine import PauseReason, Session, SessionState, Summary
from stretchapp.core.keys import KEYS
from stretchapp.core.model import Phase, PhaseKind
from stretchapp.ui.common import theme
from stretchapp.ui.common.questions import ask_yes_no
from stretchapp.ui.player.countdown_ring import CountdownRing
from stretchapp.ui.player.exercise_image import ExerciseImage
from stretchapp.ui.session.driver import SessionDriver
from stretchapp.ui.session.observer import Detach, SessionObserver, observe

MIN_PROMPT_PX = 28
TEXT_SCALES = (0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0)


def next_text(upcoming: Phase | None) -> str:
    """What comes after the current phase, in a few words."""
    if upcoming is None:
        return "Next: finish"
    if upcoming.kind is PhaseKind.REST:
        return f"Next: rest, {words.seconds(upcoming.seconds)}"
    if upcoming.kind is PhaseKind.HOLD:
        return f"Next: hold, {words.seconds(upcoming.seconds)}"
    return f"Next: {upcoming.exercise}, {upcoming.position.lower() if upcoming.side else upcoming.position}"


def prompt_text(phase: Phase) -> str:
    """Setup steps while getting ready (numbered when there are several), else the phase prompt."""
    if phase.kind is PhaseKind.PREPARE and len(phase.steps) > 1:
        return "\n".join(f"{n}. {step}" for n, step in enumerate(phase.steps, start=1))
    return phase.prompt


def summary_text(summary: Summary, exercises: int) -> str:
    skipped = summary.phases_skipped
    parts = [
        f"You stretched for {words.duration(summary.active_seconds)}",
        words.count(exercises, "exercise", "exercises"),
        "nothing skipped" if skipped == 0 else f"{words.count(skipped, 'step', 'steps')} skipped",
    ]
    text = " · ".join(parts)
    if summary.paused_seconds >= 1:
        text += f" · paused {words.duration(summary.paused_seconds)}"
    return text


class _ScaledLabel(QLabel):
    """A label whose pixel size is set from the window height by the view."""

    def __init__(self, name: str, *, share: float, minimum: int = 12, bold: bool = False) -> None:
        super().__init__()
        self.share = share
        self.minimum = minimum
        self.bold = bold
        self.setObjectName(name)
        self.setAccessibleName(name.replace("_", " "))
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)

    def rescale(self, height: int, scale: float) -> None:
        font = self.font()
        font.setPixelSize(round(max(self.minimum, height * self.share) * scale))
        font.setBold(self.bold)
        self.setFont(font)


class PlayerView(QWidget, SessionObserver):
    """Follows one session; emits requests the window acts on (leave, full screen, mute)."""

    leaveRequested = Signal()
    againRequested = Signal()
    fullscreenToggled = Signal()
    muteToggled = Signal(bool)
    textScaleChanged = Signal(float)

    def __init__(
        self, *, text_scale: float = 1.0, muted: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("player")
        self.setAccessibleName("Stretch player")
        self._driver: SessionDriver | None = None
        self._detach: Detach | None = None
        self._session: Session | None = None
        self._text_scale = text_scale
        self._muted = muted
        self._suspend_note = False
        # Seams for tests: the leave question and the key list are dialogs.
        self.confirm_leave: Callable[[], bool] = self._ask_leave
        self.keys_dialog: QDialog | None = None
        self._build()
        self._bind_keys()

    # -- construction ------------------------------------------------------------------
    def _build(self) -> None:
        self.title_label = _ScaledLabel("routine_title", share=0.03, bold=True)
        self.overall_label = _ScaledLabel("routine_progress", share=0.03)
        self.overall_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Routine progress")
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.setRange(0, 1000)

        self.image = ExerciseImage()
        self.ring = CountdownRing()
        self.phase_label = _ScaledLabel("phase", share=0.08, bold=True)
        self.exercise_label = _ScaledLabel("exercise", share=0.048)
        self.position_label = _ScaledLabel("side_and_rep", share=0.048, bold=True)
        self.pause_banner = _ScaledLabel("pause_notice", share=0.034, bold=True)
        self.pause_banner.hide()
        self.prompt_label = _ScaledLabel("prompt", share=0.044, minimum=MIN_PROMPT_PX)
        self.prompt_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.prompt_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.next_label = _ScaledLabel("next", share=0.032)

        info = QVBoxLayout()
        info.addStretch(1)
        for label in (self.phase_label, self.exercise_label, self.position_label, self.pause_banner):
            info.addWidget(label)
        info.addStretch(1)

        middle = QHBoxLayout()
        middle.addWidget(self.image, 3)
        middle.addWidget(self.ring, 4)
        middle.addLayout(info, 4)

        header = QGridLayout()
        header.addWidget(self.title_label, 0, 0)
        header.addWidget(self.overall_label, 0, 1)
        header.addWidget(self.progress, 1, 0, 1, 2)

        self.back_button = self._button(
            "◀  Back", "Back", "Restart this step, or go to the previous one (Left)"
        )
        self.pause_button = self._button("Pause", "Pause", "Pause or resume (Space)")
        self.skip_button = self._button("Skip  ▶", "Skip", "Skip to the next step (Right)")
        self.restart_button = self._button("Restart", "Restart routine", "Start the routine again (R)")
        self.mute_button = self._button("Sound on", "Sound", "Sound on or off (M)")
        self.fullscreen_button = self._button("Full screen", "Full screen", "Full screen on or off (F)")
        self.keys_button = self._button("Keys", "Keyboard keys", "Show the keyboard keys (?)")
        self.leave_button = self._button("Leave", "Leave routine", "Leave the routine (Esc)")
        self.back_button.clicked.connect(lambda: self._command("back"))
        self.pause_button.clicked.connect(lambda: self._command("toggle_pause"))
        self.skip_button.clicked.connect(lambda: self._command("skip"))
        self.restart_button.clicked.connect(lambda: self._command("restart"))
        self.mute_button.clicked.connect(self.toggle_mute)
        self.fullscreen_button.clicked.connect(self.fullscreenToggled)
        self.keys_button.clicked.connect(self.show_keys)
        self.leave_button.clicked.connect(self.request_leave)

        footer = QHBoxLayout()
        footer.addWidget(self.next_label, 1)
        for button in (
            self.back_button,
            self.pause_button,
            self.skip_button,
            self.restart_button,
            self.mute_button,
            self.fullscreen_button,
            self.keys_button,
            self.leave_button,
        ):
            footer.addWidget(button)

        session_page = QWidget()
        page = QVBoxLayout(session_page)
        page.setContentsMargins(24, 16, 24, 16)
        page.addLayout(header)
        page.addLayout(middle, 1)
        page.addWidget(self.prompt_label)
        page.addLayout(footer)

        self.end_title = _ScaledLabel("end_title", share=0.09, bold=True)
        self.end_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.end_summary = _ScaledLabel("end_summary", share=0.04, minimum=MIN_PROMPT_PX)
        self.end_summary.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.again_button = self._button("Again", "Again", "Do this routine again")
        self.done_button = self._button("Done", "Done", "Back to the routines")
        self.again_button.clicked.connect(self.againRequested)
        self.done_button.clicked.connect(self.leaveRequested)
        end_buttons = QHBoxLayout()
        end_buttons.addStretch(1)
        end_buttons.addWidget(self.again_button)
        end_buttons.addWidget(self.done_button)
        end_buttons.addStretch(1)
        end_page = QWidget()
        end = QVBoxLayout(end_page)
        end.addStretch(2)
        end.addWidget(self.end_title)
        end.addWidget(self.end_summary)
        end.addSpacing(24)
        end.addLayout(end_buttons)
        end.addStretch(3)

        self._pages = QStackedLayout(self)
        self._pages.addWidget(session_page)
        self._pages.addWidget(end_page)
        self._session_page, self._end_page = session_page, end_page
        self._update_mute_button()

    def _button(self, text: str, name: str, tip: str) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.setToolTip(tip)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.setAutoDefault(False)
        return button

    def _bind_keys(self) -> None:
        bindings: list[tuple[str | QKeySequence.StandardKey, Callable[[], object]]] = [
            ("Space", lambda: self._command("toggle_pause")),
            ("Right", lambda: self._command("skip")),
            ("Left", lambda: self._command("back")),
            ("R", lambda: self._command("restart")),
            ("F", self.fullscreenToggled.emit),
            ("F11", self.fullscreenToggled.emit),
            ("M", self.toggle_mute),
            ("Escape", self.request_leave),
            ("?", self.show_keys),
            ("Shift+?", self.show_keys),
            (QKeySequence.StandardKey.ZoomIn, lambda: self.change_text_scale(+1)),
            ("Ctrl+=", lambda: self.change_text_scale(+1)),
            (QKeySequence.StandardKey.ZoomOut, lambda: self.change_text_scale(-1)),
            ("Ctrl+0", lambda: self.change_text_scale(0)),
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
        self._driver = driver
        self._session = driver.session
        self._detach = observe(driver, self)
        self.ring.set_fraction_source(driver.session.phase_fraction)
        self._pages.setCurrentWidget(self._session_page)
        self.title_label.setText(self._session.timeline.routine.title)
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
        self._show_phase()

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
        self.next_label.setText(next_text(session.next_phase))
        if phase.kind is PhaseKind.REST:
            self.image.set_image(None)
        else:
            self.image.set_image(phase.image, mirrored=phase.mirror_image)
        self.ring.set_phase(phase.kind, phase.seconds)
        self._show_time()
        self.setAccessibleDescription(f"{phase.label}. {phase.exercise}. {self.position_label.text()}")

    def on_second(self, remaining: int) -> None:
        self._show_time(remaining)

    def _show_time(self, remaining: int | None = None) -> None:
        session = self._session
        if session is None:
            return
        self.ring.set_seconds(session.remaining_whole() if remaining is None else remaining)
        self.progress.setValue(round(1000 * session.routine_fraction_done()))
        left = words.clock(session.routine_remaining())
        self.overall_label.setText(
            f"Exercise {session.exercise_number} of {session.exercise_count} · {left} left"
        )

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
        self.pause_button.setText("Resume" if paused else "Pause")
        self.pause_button.setAccessibleName("Resume" if paused else "Pause")
        if paused:
            why = "Paused while the computer was asleep or locked." if self._suspend_note else "Paused."
            self.pause_banner.setText(f"{why} Press Space to carry on.")
        self.pause_banner.setVisible(paused)
        if state is SessionState.READY:
            self.pause_button.setText("Start")
        self._show_time()

    def on_finished(self, summary: Summary) -> None:
        self.ring.set_animating(False)
        if not summary.completed:
            return
        session = self._session
        exercises = session.exercise_count if session else 0
        self.end_title.setText("Well done!")
        self.end_summary.setText(summary_text(summary, exercises))
        self._pages.setCurrentWidget(self._end_page)
        self.again_button.setFocus()

    # -- requests the window acts on ----------------------------------------------------
    def request_leave(self) -> None:
        """Esc: leave at once from the end screen or an idle session; ask while one runs."""
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
            "Leave this routine?",
            "Leave the routine now? What you have done so far is kept in your history.",
        )

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
        self.mute_button.setText("Sound off" if self._muted else "Sound on")
        self.mute_button.setAccessibleDescription("Sound is off" if self._muted else "Sound is on")

    def show_keys(self) -> None:
        if self.keys_dialog is None:
            dialog = QDialog(self)
            dialog.setWindowTitle("Keyboard keys")
            dialog.setAccessibleName("Keyboard keys")
            grid = QGridLayout(dialog)
            for row, (key, meaning) in enumerate(KEYS):
                key_label = QLabel(f"<b>{key}</b>")
                grid.addWidget(key_label, row, 0)
                grid.addWidget(QLabel(meaning), row, 1)
            close = QPushButton("Close")
            close.clicked.connect(dialog.accept)
            grid.addWidget(close, len(KEYS), 1, Qt.AlignmentFlag.AlignRight)
            self.keys_dialog = dialog
        self.keys_dialog.open()

    # -- text size ----------------------------------------------------------------------
    @property
    def text_scale(self) -> float:
        return self._text_scale

    def set_text_scale(self, scale: float) -> None:
        """Use ``scale`` (from the settings) for every text of the player."""
        if scale != self._text_scale:
            self._text_scale = scale
            self._rescale()

    def change_text_scale(self, step: int) -> None:
        """Ctrl+Plus / Ctrl+Minus step through sizes; Ctrl+0 goes back to normal."""
        if step == 0:
            scale = 1.0
        else:
            nearest = min(range(len(TEXT_SCALES)), key=lambda i: abs(TEXT_SCALES[i] - self._text_scale))
            scale = TEXT_SCALES[max(0, min(len(TEXT_SCALES) - 1, nearest + step))]
        if scale != self._text_scale:
            self._text_scale = scale
            self._rescale()
            self.textScaleChanged.emit(scale)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._rescale()

    def _rescale(self) -> None:
        height = max(1, self.height())
        for label in self.findChildren(_ScaledLabel):
            label.rescale(height, self._text_scale)
        # The ring gets half the height, so its digits stay above a fifth of the window.
        self.ring.setMinimumHeight(round(height * 0.5))
        self.ring.setMinimumWidth(round(height * 0.5))
        button_font = self.font()
        button_font.setPixelSize(max(13, round(height * 0.022 * min(self._text_scale, 1.3))))
        for button in self.findChildren(QPushButton):
            button.setFont(button_font)
        end_font = self.font()
        end_font.setPixelSize(max(16, round(height * 0.034 * min(self._text_scale, 1.3))))
        for button in (self.again_button, self.done_button):
            button.setFont(end_font)
            button.setMinimumSize(round(height * 0.22), round(height * 0.075))
        self.pause_banner.setStyleSheet(f"color: {theme.accent(self.palette(), PhaseKind.PREPARE).name()};")

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._show_phase()
            self._rescale()
