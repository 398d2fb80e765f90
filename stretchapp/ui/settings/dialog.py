"""The settings dialog: session, sound, voice, notifications, display and break reminders.

The dialog edits a copy of the settings. OK and Apply write the copy to the settings file
(atomically) and emit :attr:`SettingsDialog.applied` with it; Cancel leaves everything as
it was. Notices the app has collected (no sound device, idle detection off, a damaged
settings file) are shown at the top, each once. No speech service is reached when the dialog
opens: only the Test button does that, and only with voice turned on; under the button a
line says what the test is doing ("Playing the hold sound…", "Speaking with …", or why not).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from stretchapp.core import i18n
from stretchapp.core.cues import Sound
from stretchapp.core.i18n import N_, _, pgettext
from stretchapp.core.kinds import HoldLength, Side
from stretchapp.core.logger import get_logger
from stretchapp.platform.speech import EventKind, SpeechEvent
from stretchapp.storage.settings import LoadedSettings, Settings, SettingsStore, spec
from stretchapp.ui.common.language import language_names, own_name
from stretchapp.ui.common.screens import screen_choices
from stretchapp.ui.session.audio import SoundPlayer, make_sound_player
from stretchapp.ui.session.speech import Speaker, how_to_get_voice, system_engines

log = get_logger(__name__)

TEST_PHRASE = N_("Right side, rep one of three. Hold for fifteen seconds.")
DEFAULT_VOICE = N_("Default voice")
PLAYED_AFTER_MS = 1000  # the hold sound is shorter than this
SHORT_REASON = 60  # longer reasons are shown in full in the notices at the top only
HOLD_LENGTHS = [
    (HoldLength.SHORT, N_("Short: the shortest time each hold allows")),
    (HoldLength.LONG, N_("Long: the longest time each hold allows")),
    (HoldLength.PROGRESSIVE, N_("Progressive: a little longer with each rep")),
    (HoldLength.ACROSS_DAYS, N_("Progressive across days: a little longer each day it feels fine")),
]
THEMES = [("system", N_("Follow the system")), ("light", N_("Light")), ("dark", N_("Dark"))]


def _percent_slider(name: str, low: int, high: int) -> QSlider:
    slider = QSlider(Qt.Orientation.Horizontal)
    slider.setRange(low, high)
    slider.setSingleStep(5)
    slider.setPageStep(10)
    slider.setAccessibleName(name)
    return slider


def _combo(name: str, items: Sequence[tuple[object, str]]) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(name)
    for data, text in items:
        box.addItem(text, data)
    return box


def _select(box: QComboBox, data: object) -> None:
    index = box.findData(data)
    box.setCurrentIndex(max(index, 0))


def _check(text: str, tip: str = "") -> QCheckBox:
    box = QCheckBox(text)
    box.setAccessibleName(text.replace("&", ""))
    if tip:
        box.setToolTip(tip)
        box.setAccessibleDescription(tip)
    return box


def _spin(name: str, low: int, high: int, suffix: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSuffix(suffix)
    spin.setAccessibleName(name)
    return spin


class SettingsDialog(QDialog):
    """Edits a copy of ``settings``; OK/Apply save it and emit :attr:`applied`."""

    applied = Signal(object)  # the saved Settings
    restartRequested = Signal()  # after Restart now saved the settings: start the app again

    def __init__(
        self,
        settings: Settings,
        *,
        routines: Sequence[tuple[str, str]] = (),
        notices: Sequence[str] = (),
        sound_player: SoundPlayer | None = None,
        sound_factory: Callable[[], SoundPlayer] | None = None,
        speaker_factory: Callable[[], Speaker] | None = None,
        voice_engines: Callable[[], list[str]] = system_engines,
        store: SettingsStore | None = None,
        path: Path | None = None,
        can_restart: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Settings"))
        self.setObjectName("settingsDialog")
        self.settings = settings
        self._store = store if store is not None else SettingsStore(LoadedSettings(settings), path)
        self._routines = list(routines)
        self._sound_player = sound_player
        # Without the app's player (no routine run yet) the Test button builds one of its own.
        self._sound_factory = sound_factory or (lambda: make_sound_player(volume=self.settings.volume))
        self._own_player: SoundPlayer | None = None
        self._listening_to_player = False
        self._speaker_factory = speaker_factory
        self._speaker: Speaker | None = None
        self._has_engine = bool(voice_engines())
        self._sound_status = ""
        self._voice_status = ""
        self._voice_failed = False
        self._voice_label = ""
        self._can_restart = can_restart  # Restart now is offered only where the app can do it
        self._build(notices)
        self._load(self.settings)

    # -- building --------------------------------------------------------------------------
    def _build(self, notices: Sequence[str]) -> None:
        self.status = QLabel()
        self.status.setObjectName("settingsStatus")
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Notices"))
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setFrameShape(QLabel.Shape.StyledPanel)
        self.status.setContentsMargins(8, 6, 8, 6)
        self._notices = list(dict.fromkeys(notices))
        self._show_notices()

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        left = QVBoxLayout()
        right = QVBoxLayout()
        for box in (self._session_box(), self._sound_box(), self._voice_box()):
            left.addWidget(box)
        for box in (self._display_box(), self._reminder_box()):
            right.addWidget(box)
        left.addStretch(1)
        right.addStretch(1)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.Apply
        )
        for role, name in (
            (QDialogButtonBox.StandardButton.Ok, _("Save and close")),
            (QDialogButtonBox.StandardButton.Cancel, _("Close without saving")),
            (QDialogButtonBox.StandardButton.Apply, _("Save")),
        ):
            button = self.buttons.button(role)
            button.setAccessibleName(button.text().replace("&", ""))
            button.setAccessibleDescription(name)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.apply)

        outer = QVBoxLayout(self)
        outer.addWidget(self.status)
        outer.addLayout(grid)
        outer.addWidget(self.buttons)

    @staticmethod
    def _form(title: str) -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox(title)
        box.setAccessibleName(title.replace("&", ""))
        form = QFormLayout(box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return box, form

    def _with_value(self, slider: QSlider, fmt: Callable[[int], str]) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        value = QLabel()
        value.setMinimumWidth(value.fontMetrics().horizontalAdvance(_("Faster 100 %")))

        def show(v: int) -> None:
            value.setText(fmt(v))
            slider.setAccessibleDescription(fmt(v))

        slider.valueChanged.connect(show)
        show(slider.value())
        layout.addWidget(slider, 1)
        layout.addWidget(value)
        return row

    def _session_box(self) -> QGroupBox:
        box, form = self._form(_("Session"))
        self.hold_length = _combo(_("Hold length"), [(h.value, _(text)) for h, text in HOLD_LENGTHS])
        self.first_side = _combo(
            _("Side to start with"), [(Side.RIGHT.value, _("Right")), (Side.LEFT.value, _("Left"))]
        )
        form.addRow(_(spec("hold_length").label), self.hold_length)
        form.addRow(_(spec("first_side").label), self.first_side)
        self.checkins = _check(_(spec("checkins").label))
        self.checkins.setToolTip(
            _("After each exercise, ask Easy, Just right, Uncomfortable or Sharp pain (keys 1 to 4)")
        )
        form.addRow(self.checkins)
        return box

    def _sound_box(self) -> QGroupBox:
        box, form = self._form(_("Sound cues"))
        self.sound_enabled = _check(_(spec("sound_enabled").label))
        self.volume = _percent_slider(_("Sound volume"), *_percent_range("volume"))
        self.muted = _check(_(spec("muted").label), _("The M key in the player does the same."))
        form.addRow(self.sound_enabled)
        form.addRow(_(spec("volume").label), self._with_value(self.volume, lambda v: f"{v} %"))
        form.addRow(self.muted)
        self.sound_enabled.toggled.connect(self._update_enabled)
        return box

    def _voice_box(self) -> QGroupBox:
        box, form = self._form(_("Spoken prompts"))
        self.voice_enabled = _check(_(spec("voice_enabled").label))
        self.voice_name = QComboBox()
        self.voice_name.setAccessibleName(_("Voice"))
        self.voice_rate = _percent_slider(_("Speaking rate"), *_percent_range("voice_rate"))
        self.voice_volume = _percent_slider(_("Voice volume"), *_percent_range("voice_volume"))
        self.test_button = QPushButton(_("Test so&und and voice"))
        self.test_button.setAccessibleName(_("Test sound and voice"))
        self.test_button.setAccessibleDescription(_("Plays the hold sound and says a sample prompt"))
        self.test_button.clicked.connect(self.test_cues)
        self.test_status = QLabel()
        self.test_status.setObjectName("testStatus")
        self.test_status.setWordWrap(True)
        self.test_status.setAccessibleName(_("Test result"))
        self.test_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Room for the sound's line and the voice's from the start, so the dialog does not jump.
        self.test_status.setMinimumHeight(2 * self.test_status.fontMetrics().lineSpacing())
        self._played_timer = QTimer(self)
        self._played_timer.setSingleShot(True)
        self._played_timer.setInterval(PLAYED_AFTER_MS)
        self._played_timer.timeout.connect(self._sound_played)
        self.voice_hint = QLabel(how_to_get_voice())
        self.voice_hint.setWordWrap(True)
        self.voice_hint.setAccessibleName(_("How to get a voice"))
        self.voice_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.voice_hint.setVisible(not self._has_engine)
        form.addRow(self.voice_enabled)
        form.addRow(self.voice_hint)
        form.addRow(_(spec("voice_name").label), self.voice_name)
        form.addRow(_(spec("voice_rate").label), self._with_value(self.voice_rate, _rate_words))
        form.addRow(_(spec("voice_volume").label), self._with_value(self.voice_volume, lambda v: f"{v} %"))
        form.addRow("", self.test_button)
        form.addRow("", self.test_status)  # right under the button: what the test is doing, or why not
        self.voice_enabled.toggled.connect(self._update_enabled)
        return box

    def _display_box(self) -> QGroupBox:
        box, form = self._form(_("Display"))
        self._language_row(form)
        self.theme = _combo(_("Colours"), [(value, _(text)) for value, text in THEMES])
        self.high_contrast = _check(_(spec("high_contrast").label))
        self.text_scale = _spin(_("Text size"), *_percent_range("text_scale"), " %")
        self.text_scale.setSingleStep(10)
        self.notifications = _check(
            _(spec("notifications").label),
            _("A desktop notification when a hold or rest begins and when the routine ends."),
        )
        form.addRow(_(spec("theme").label), self.theme)
        form.addRow(self.high_contrast)
        form.addRow(_(spec("text_scale").label), self.text_scale)
        form.addRow(self.notifications)
        return box

    def _language_row(self, form: QFormLayout) -> None:
        """The language, by its own name; it is used from the next start (Restart now, where offered)."""
        system = own_name(i18n.system_language())
        self.language = _combo(
            _("Language"),
            [("", _("System default ({language})").format(language=system)), *language_names()],
        )
        self.language.setObjectName("language")
        self.language_note = QLabel(_("The new language is used when stretchapp starts again."))
        self.language_note.setObjectName("languageNote")
        self.language_note.setWordWrap(True)
        self.restart_button = QPushButton(_("Restart now"))
        self.restart_button.setAccessibleName(_("Restart now"))
        self.restart_button.setAccessibleDescription(_("Saves the settings and starts stretchapp again"))
        self.restart_button.clicked.connect(self.restart)
        form.addRow(_(spec("language").label), self.language)
        form.addRow("", self.language_note)
        form.addRow("", self.restart_button)
        self.language.currentIndexChanged.connect(self._update_language_note)

    def language_changed(self) -> bool:
        """Whether the language chosen in the dialog differs from the one the app runs in."""
        chosen = self.language.currentData()
        wanted = i18n.normalise(chosen) if isinstance(chosen, str) and chosen else i18n.system_language()
        return wanted != i18n.language()

    def _update_language_note(self) -> None:
        changed = self.language_changed()
        self.language_note.setVisible(changed)
        self.restart_button.setVisible(changed and self._can_restart)

    def _reminder_box(self) -> QGroupBox:
        box, form = self._form(_("Break reminders"))
        self.break_interval = _spin(
            _("Remind me every"),
            *_whole_range("break_interval_minutes"),
            pgettext("unit after a number", " min"),
        )
        self.snooze = _spin(
            _("Snooze for"), *_whole_range("snooze_minutes"), pgettext("unit after a number", " min")
        )
        self.break_routine = _combo(_("Break routine"), [(rid, title) for rid, title in self._routines])
        self.start_at_login = _check(_(spec("start_at_login").label))
        self.quiet_fullscreen = _check(
            _(spec("quiet_when_fullscreen").label), _("No reminder during a video, a game or a presentation.")
        )
        form.addRow(_(spec("break_interval_minutes").label), self.break_interval)
        form.addRow(_(spec("snooze_minutes").label), self.snooze)
        form.addRow(_(spec("break_routine").label), self.break_routine)
        self.break_screen = _combo(_("Screen for breaks"), [])
        self.break_screen.setAccessibleDescription(
            _("Where the break prompt and the player open when a break is due")
        )
        form.addRow(_(spec("break_screen").label), self.break_screen)
        form.addRow(self.start_at_login)
        form.addRow(self.quiet_fullscreen)
        self._keep_rows(form)
        return box

    def _keep_rows(self, form: QFormLayout) -> None:
        """The opt-in limits: a daily number of snoozes and skips, a strict break, a daily goal."""
        self.postpone_limit = _spin(_("Snoozes and skips a day"), *_whole_range("daily_postpone_limit"), "")
        self.postpone_limit.setSpecialValueText(_("No limit"))
        self.postpone_limit.setToolTip(
            _("Once they are used up, a break offers only Start and Not today (until midnight).")
        )
        self.strict_seconds = _spin(
            _("Strict break"), *_whole_range("strict_break_seconds"), pgettext("unit after a number", " s")
        )
        self.strict_seconds.setSpecialValueText(_("Off"))
        self.strict_seconds.setToolTip(
            _("For this long a break can only be started; an emergency way out is always shown.")
        )
        self.goal_minutes = _spin(
            _("Daily stretch goal"),
            *_whole_range("daily_goal_minutes"),
            pgettext("unit after a number", " min"),
        )
        self.goal_minutes.setSpecialValueText(_("Off"))
        self.goal_minutes.setToolTip(_("Shown with the reminders and in the History."))
        form.addRow(_(spec("daily_postpone_limit").label), self.postpone_limit)
        form.addRow(_(spec("strict_break_seconds").label), self.strict_seconds)
        form.addRow(_(spec("daily_goal_minutes").label), self.goal_minutes)

    # -- values ----------------------------------------------------------------------------
    def _load(self, s: Settings) -> None:
        _select(self.hold_length, s.hold_length.value)
        _select(self.first_side, s.first_side.value)
        self.checkins.setChecked(s.checkins)
        self.sound_enabled.setChecked(s.sound_enabled)
        self.volume.setValue(round(s.volume * 100))
        self.muted.setChecked(s.muted)
        self.voice_enabled.setChecked(s.voice_enabled)
        self._fill_voices([s.voice_name] if s.voice_name else [], s.voice_name)
        self.voice_rate.setValue(round(s.voice_rate * 100))
        self.voice_volume.setValue(round(s.voice_volume * 100))
        self.notifications.setChecked(s.notifications)
        if s.language and self.language.findData(s.language) < 0:
            self.language.addItem(own_name(s.language), s.language)  # not shipped (any more): kept
        _select(self.language, s.language)
        self._update_language_note()
        _select(self.theme, s.theme)
        self.high_contrast.setChecked(s.high_contrast)
        self.text_scale.setValue(round(s.text_scale * 100))
        self.break_interval.setValue(s.break_interval_minutes)
        self.snooze.setValue(s.snooze_minutes)
        if self.break_routine.findData(s.break_routine) < 0 and s.break_routine:
            # A routine that is gone (or not listed) stays chosen rather than being lost silently.
            self.break_routine.addItem(
                _("{routine} (not found)").format(routine=s.break_routine), s.break_routine
            )
        _select(self.break_routine, s.break_routine)
        self.start_at_login.setChecked(s.start_at_login)
        self.quiet_fullscreen.setChecked(s.quiet_when_fullscreen)
        self.break_screen.clear()
        for name, label in screen_choices(s.break_screen):
            self.break_screen.addItem(label, name)
        _select(self.break_screen, s.break_screen)
        self.postpone_limit.setValue(s.daily_postpone_limit)
        self.strict_seconds.setValue(s.strict_break_seconds)
        self.goal_minutes.setValue(s.daily_goal_minutes)
        self._update_enabled()

    def values(self) -> Settings:
        """The settings as the dialog shows them now."""
        voice = self.voice_name.currentData()
        return self.settings.replace(
            hold_length=HoldLength(self.hold_length.currentData()),
            first_side=Side(self.first_side.currentData()),
            checkins=self.checkins.isChecked(),
            sound_enabled=self.sound_enabled.isChecked(),
            volume=self.volume.value() / 100,
            muted=self.muted.isChecked(),
            voice_enabled=self.voice_enabled.isChecked(),
            voice_name=voice if isinstance(voice, str) else "",
            voice_rate=self.voice_rate.value() / 100,
            voice_volume=self.voice_volume.value() / 100,
            notifications=self.notifications.isChecked(),
            language=str(self.language.currentData() or ""),
            theme=str(self.theme.currentData()),
            high_contrast=self.high_contrast.isChecked(),
            text_scale=self.text_scale.value() / 100,
            break_interval_minutes=self.break_interval.value(),
            snooze_minutes=self.snooze.value(),
            break_routine=(
                str(self.break_routine.currentData())
                if self.break_routine.count()
                else self.settings.break_routine
            ),
            start_at_login=self.start_at_login.isChecked(),
            quiet_when_fullscreen=self.quiet_fullscreen.isChecked(),
            break_screen=str(self.break_screen.currentData() or ""),
            daily_postpone_limit=self.postpone_limit.value(),
            strict_break_seconds=self.strict_seconds.value(),
            daily_goal_minutes=self.goal_minutes.value(),
        )

    def _fill_voices(self, names: Sequence[str], current: str) -> None:
        self.voice_name.clear()
        self.voice_name.addItem(_(DEFAULT_VOICE), "")
        # The chosen voice stays offered even when the service does not list it (not yet, or any more).
        for name in [*names, current]:
            if name and self.voice_name.findData(name) < 0:
                self.voice_name.addItem(name, name)
        _select(self.voice_name, current)

    def _update_enabled(self) -> None:
        self.volume.setEnabled(self.sound_enabled.isChecked())
        # Without an engine voice cannot be turned on, but a saved "on" can still be turned off.
        self.voice_enabled.setEnabled(self._has_engine or self.voice_enabled.isChecked())
        voice_on = self.voice_enabled.isChecked() and self._has_engine
        for widget in (self.voice_name, self.voice_rate, self.voice_volume):
            widget.setEnabled(voice_on)
        self.test_button.setEnabled(self.sound_enabled.isChecked() or voice_on)

    # -- notices ---------------------------------------------------------------------------
    def add_notice(self, notice: str) -> None:
        if notice not in self._notices:
            self._notices.append(notice)
            self._show_notices()

    def notices(self) -> list[str]:
        return list(self._notices)

    def _show_notices(self) -> None:
        self.status.setText("\n".join(self._notices))
        self.status.setVisible(bool(self._notices))

    # -- actions ---------------------------------------------------------------------------
    def test_cues(self) -> None:
        """Play the hold sound and say a sample prompt with the values shown now; say what happens."""
        s = self.values()
        self._sound_status = self._voice_status = ""
        self._voice_failed = False
        if s.sound_enabled:
            player = self._test_player()
            player.set_volume(s.volume)
            player.set_muted(False)
            player.play(Sound.HOLD)
            if player.notice:
                self._sound_off(player.notice)
            else:
                self._sound_status = _("Playing the hold sound…")
                self._played_timer.start()
        if s.voice_enabled and self._has_engine and self._speaker_factory is not None:
            speaker = self._test_speaker()
            speaker.configure(voice=s.voice_name, rate=s.voice_rate, volume=s.voice_volume)
            self._voice_label = s.voice_name or _("the default voice")
            speaker.say(_(TEST_PHRASE))
            if speaker.notice:
                self._voice_off(speaker.notice)
            else:
                self._voice_status = _("Speaking with {voice}…").format(voice=self._voice_label)
                listed = speaker.voices()  # the first test asks; voicesChanged brings the list
                if listed:
                    self._fill_voices(listed, s.voice_name)
        self._show_test_status()

    def _test_player(self) -> SoundPlayer:
        player = self._sound_player
        if player is None:
            if self._own_player is None:
                self._own_player = self._sound_factory()
                self._listen(self._own_player, self._sound_off)
            player = self._own_player
        elif not self._listening_to_player:
            self._listening_to_player = True
            self._listen(player, self._sound_off)
        return player

    def _test_speaker(self) -> Speaker:
        if self._speaker is None:
            assert self._speaker_factory is not None
            self._speaker = self._speaker_factory()
            self._listen(self._speaker, self._voice_off)
            for name, slot in (("speechEvent", self._speech_event), ("voicesChanged", self._voices_listed)):
                signal = getattr(self._speaker, name, None)
                if signal is not None:
                    signal.connect(slot)
        return self._speaker

    @staticmethod
    def _listen(channel: SoundPlayer | Speaker, slot: Callable[[str], None]) -> None:
        unavailable = getattr(channel, "unavailable", None)
        if unavailable is not None:
            unavailable.connect(slot)

    def _sound_off(self, notice: str) -> None:
        self._played_timer.stop()
        self._sound_status = _("No sound: {reason}").format(reason=_short(notice))
        self.add_notice(notice)
        self._show_test_status()

    def _sound_played(self) -> None:
        if self._sound_status == _("Playing the hold sound…"):
            self._sound_status = _("Played the hold sound.")
            self._show_test_status()

    def _voice_off(self, notice: str) -> None:
        self._voice_failed = True
        self._voice_status = _("No voice: {reason}").format(reason=_short(notice))
        self.add_notice(notice)
        self._show_test_status()

    def _speech_event(self, event: SpeechEvent) -> None:
        if not self._voice_status or self._voice_failed:
            return
        if event.kind is EventKind.STARTED:
            self._voice_status = _("Speaking with {voice}…").format(voice=self._voice_label)
        elif event.kind is EventKind.FINISHED:
            self._voice_status = _("Spoke with {voice}.").format(voice=self._voice_label)
        elif event.kind is EventKind.CANCELLED:
            self._voice_status = _("Speech was cut off.")
        else:
            return
        self._show_test_status()

    def _voices_listed(self, names: list[str]) -> None:
        current = self.voice_name.currentData()
        self._fill_voices(names, current if isinstance(current, str) else self.settings.voice_name)

    def _show_test_status(self) -> None:
        text = "\n".join(part for part in (self._sound_status, self._voice_status) if part)
        self.test_status.setText(text)
        self.test_status.setAccessibleDescription(text)
        # A wrapped label does not grow its row by itself: ask for the height its text needs.
        label = self.test_status
        needed = label.heightForWidth(label.width()) if label.width() > 0 else 0
        label.setMinimumHeight(max(2 * label.fontMetrics().lineSpacing(), needed))

    def apply(self) -> bool:
        """Make what the dialog shows the settings; False (and a notice) when they cannot be saved."""
        new = self.values()
        problem = self._store.replace(new)
        self.settings = new
        if problem:
            self.add_notice(problem)
            return False
        self.applied.emit(new)
        return True

    def restart(self) -> None:
        """Save, close and ask the app to start again (in the new language)."""
        if self.apply():
            self._close_speaker()
            super().accept()
            self.restartRequested.emit()

    def accept(self) -> None:
        if self.apply():
            self._close_speaker()
            super().accept()

    def reject(self) -> None:
        self._close_speaker()
        super().reject()

    def _close_speaker(self) -> None:
        self._played_timer.stop()
        if self._sound_player is not None:
            # The test may have changed the shared player: give it back the saved values.
            self._sound_player.set_volume(self.settings.volume)
            self._sound_player.set_muted(self.settings.muted)
        if self._own_player is not None:
            self._own_player.dispose()
            self._own_player = None
        if self._speaker is not None:
            self._speaker.dispose()
            self._speaker = None

    def controls(self) -> list[QWidget]:
        """Every input control, for the accessibility test."""
        kinds = (QAbstractButton, QComboBox, QSlider, QSpinBox)
        return [w for w in self.findChildren(QWidget) if isinstance(w, kinds)]


def _short(notice: str) -> str:
    return notice if len(notice) <= SHORT_REASON else _("see the notice at the top.")


def _whole_range(name: str) -> tuple[int, int]:
    """The option's allowed range, for a spin box (declared once, in the settings)."""
    option = spec(name)
    assert option.low is not None and option.high is not None
    return int(option.low), int(option.high)


def _percent_range(name: str) -> tuple[int, int]:
    low, high = spec(name).low, spec(name).high
    assert low is not None and high is not None
    return round(low * 100), round(high * 100)


def _rate_words(value: int) -> str:
    if value == 0:
        return _("Normal")
    return (_("Faster {percent} %") if value > 0 else _("Slower {percent} %")).format(percent=abs(value))
