"""The settings dialog: OK and Apply write the file, Cancel does not, notices show, every control is reachable."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox, QGroupBox, QLabel

from stretchapp.core.cues import Sound
from stretchapp.core.model import HoldLength, Side
from stretchapp.storage import paths
from stretchapp.storage import settings as settings_store
from stretchapp.storage.settings import Settings
from stretchapp.ui.session.speech import QtSpeaker
from stretchapp.ui.settings.dialog import TEST_PHRASE, SettingsDialog
from tests.speech_fakes import FakeBackend
from tests.test_cues_qt import FakePlayer, FakeSpeaker

ROUTINES = [("quick-neck-break", "Quick neck break"), ("neck-relief", "Neck relief")]


def make(qtbot, settings: Settings | None = None, **kwargs: object) -> SettingsDialog:  # type: ignore[no-untyped-def]
    kwargs.setdefault("voice_engines", lambda: ["speech-dispatcher"])  # whatever this machine has installed
    kwargs.setdefault("sound_factory", FakePlayer)  # never this machine's sound device
    dialog = SettingsDialog(settings or Settings(), routines=ROUTINES, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    return dialog


def change_everything(dialog: SettingsDialog) -> None:
    dialog.hold_length.setCurrentIndex(dialog.hold_length.findData("progressive"))
    dialog.first_side.setCurrentIndex(dialog.first_side.findData("left"))
    dialog.volume.setValue(35)
    dialog.voice_enabled.setChecked(True)
    dialog.voice_rate.setValue(-40)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.text_scale.setValue(150)
    dialog.break_interval.setValue(30)
    dialog.break_routine.setCurrentIndex(dialog.break_routine.findData("neck-relief"))
    dialog.quiet_fullscreen.setChecked(False)


def test_ok_writes_the_changes_to_the_settings_file(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = make(qtbot)
    saved: list[Settings] = []
    dialog.applied.connect(saved.append)
    change_everything(dialog)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    loaded = settings_store.load()
    assert loaded.notice is None
    s = loaded.settings
    assert (s.hold_length, s.first_side, s.volume, s.voice_enabled, s.voice_rate) == (
        HoldLength.PROGRESSIVE,
        Side.LEFT,
        0.35,
        True,
        -0.4,
    )
    assert (s.theme, s.text_scale, s.break_interval_minutes, s.break_routine, s.quiet_when_fullscreen) == (
        "dark",
        1.5,
        30,
        "neck-relief",
        False,
    )
    assert saved == [s]
    assert dialog.result() == SettingsDialog.DialogCode.Accepted


def test_cancel_writes_nothing_and_leaves_the_settings_alone(qtbot) -> None:  # type: ignore[no-untyped-def]
    original = Settings()
    dialog = make(qtbot, original)
    change_everything(dialog)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert not paths.settings_file().exists()
    assert original == Settings()


def test_apply_saves_and_keeps_the_dialog_open(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = make(qtbot)
    dialog.show()
    dialog.snooze.setValue(12)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Apply).click()
    assert settings_store.load().settings.snooze_minutes == 12
    assert dialog.isVisible()


def test_a_failed_save_says_so_and_keeps_the_dialog_open(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    dialog = make(qtbot, path=blocker / "settings.json")
    dialog.show()
    dialog.snooze.setValue(12)
    dialog.accept()
    assert dialog.isVisible()
    assert any("could not be saved" in n for n in dialog.notices())
    assert not dialog.status.isHidden()


def test_notices_from_the_app_are_shown(qtbot) -> None:  # type: ignore[no-untyped-def]
    quiet = make(qtbot)
    assert quiet.status.isHidden()
    dialog = make(qtbot, notices=["No sound device found: cues are off.", "Idle detection is off."])
    assert not dialog.status.isHidden()
    assert dialog.status.text() == "No sound device found: cues are off.\nIdle detection is off."


NO_LIBRARY = "Cue sounds are off: the miniaudio library could not be loaded (gone)."


def test_a_reason_the_app_heard_twice_is_shown_once(qtbot) -> None:  # type: ignore[no-untyped-def]
    # The app may pass on the same reason from its sound player and its own notices.
    dialog = make(qtbot, notices=[NO_LIBRARY, "Idle detection is off.", NO_LIBRARY])
    assert dialog.notices() == [NO_LIBRARY, "Idle detection is off."]
    assert dialog.status.text().count("miniaudio") == 1


def test_without_a_speech_engine_voice_cannot_be_turned_on_and_the_fix_is_explained(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = make(qtbot, voice_engines=list)
    assert not dialog.voice_enabled.isEnabled()
    assert not dialog.voice_hint.isHidden() and "speech-dispatcher" in dialog.voice_hint.text()
    with_engine = make(qtbot)
    assert with_engine.voice_enabled.isEnabled() and with_engine.voice_hint.isHidden()


def test_the_test_button_plays_and_speaks_with_the_values_shown(qtbot) -> None:  # type: ignore[no-untyped-def]
    player = FakePlayer()
    speakers: list[FakeSpeaker] = []

    def speaker() -> FakeSpeaker:
        speakers.append(FakeSpeaker())
        return speakers[-1]

    dialog = make(qtbot, sound_player=player, speaker_factory=speaker)
    assert speakers == []  # opening the dialog builds no speech engine
    dialog.volume.setValue(20)
    dialog.voice_enabled.setChecked(True)
    dialog.voice_rate.setValue(50)
    assert dialog.test_status.text() == ""
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert player.played == [Sound.HOLD] and player.volume == 0.2
    assert speakers[0].said == [TEST_PHRASE]
    assert speakers[0].config == {"voice": "", "rate": 0.5, "volume": 0.8}
    assert "Playing" in dialog.test_status.text() and "the default voice" in dialog.test_status.text()
    dialog.reject()
    assert player.volume == 0.8  # the shared player is given back the saved volume


def test_the_test_line_follows_the_sound_and_the_voice_to_their_end(qtbot) -> None:  # type: ignore[no-untyped-def]
    backend = FakeBackend(voices=["Anne", "Bob"], finish=True)
    dialog = make(
        qtbot,
        Settings(voice_enabled=True),
        sound_player=FakePlayer(),
        speaker_factory=lambda: QtSpeaker(backend),
    )
    try:
        dialog.test_button.click()
        assert "Speaking with the default voice" in dialog.test_status.text()
        qtbot.waitUntil(lambda: "Spoke with the default voice." in dialog.test_status.text())
        qtbot.waitUntil(lambda: "Played the hold sound." in dialog.test_status.text())
        # The service listed its voices: they can now be chosen, and the next test uses the one chosen.
        qtbot.waitUntil(lambda: dialog.voice_name.findData("Bob") >= 0)
        dialog.voice_name.setCurrentIndex(dialog.voice_name.findData("Bob"))
        dialog.test_button.click()
        qtbot.waitUntil(lambda: "Spoke with Bob." in dialog.test_status.text())
        assert backend.spoken[-1][1].voice == "Bob"
    finally:
        dialog.reject()


def test_the_test_line_says_why_there_is_no_sound_or_voice(qtbot) -> None:  # type: ignore[no-untyped-def]
    from stretchapp.platform.speech import no_speechd_notice

    dialog = make(
        qtbot,
        Settings(voice_enabled=True),
        sound_player=FakePlayer("No sound device found: cues are off."),
        speaker_factory=lambda: QtSpeaker(FakeBackend(fail_open=no_speechd_notice())),
    )
    try:
        dialog.test_button.click()
        assert "No sound: No sound device found" in dialog.test_status.text()
        qtbot.waitUntil(lambda: "No voice:" in dialog.test_status.text())  # found out on the speech thread
        assert (
            no_speechd_notice() in dialog.notices()
            and "No sound device found: cues are off." in dialog.notices()
        )
    finally:
        dialog.reject()


def test_without_the_apps_player_the_test_builds_one_and_releases_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    built: list[FakePlayer] = []

    def factory() -> FakePlayer:
        built.append(FakePlayer())
        return built[-1]

    dialog = make(qtbot, sound_factory=factory)
    assert built == []  # opening the dialog plays nothing and opens no device
    dialog.test_button.click()
    dialog.test_button.click()
    assert len(built) == 1 and built[0].played == [Sound.HOLD, Sound.HOLD]
    dialog.reject()
    assert built[0].disposed


def test_a_break_routine_that_is_gone_stays_chosen(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = make(qtbot, Settings(break_routine="my-own"))
    assert dialog.values().break_routine == "my-own"
    assert "not found" in dialog.break_routine.currentText()


def test_every_control_has_a_name_and_takes_the_keyboard(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = make(qtbot)
    controls = dialog.controls()
    assert len(controls) >= 20
    for control in controls:
        assert control.accessibleName(), control
        assert control.focusPolicy() & Qt.FocusPolicy.TabFocus, control.accessibleName()
    labels = [label for label in dialog.findChildren(QLabel) if label.buddy() is not None]
    assert len(labels) >= 10  # field labels carry a shortcut to their field


@pytest.mark.parametrize("key", ["voice_enabled", "sound_enabled"])
def test_turning_a_channel_off_greys_its_options(qtbot, key: str) -> None:  # type: ignore[no-untyped-def]
    dialog = make(qtbot, Settings(voice_enabled=True))
    getattr(dialog, key).setChecked(False)
    dependent = dialog.voice_rate if key == "voice_enabled" else dialog.volume
    assert not dependent.isEnabled()


def test_a_saved_voice_stays_chosen_when_the_service_lists_others(qtbot) -> None:  # type: ignore[no-untyped-def]
    backend = FakeBackend(voices=["Anne", "Bob"])
    dialog = make(
        qtbot,
        Settings(voice_enabled=True, voice_name="Carol"),
        sound_player=FakePlayer(),
        speaker_factory=lambda: QtSpeaker(backend),
    )
    try:
        dialog.test_button.click()
        qtbot.waitUntil(lambda: dialog.voice_name.findData("Bob") >= 0)
        assert dialog.values().voice_name == "Carol"
        assert backend.spoken[-1][1].voice == "Carol"
    finally:
        dialog.reject()


def test_every_alt_key_in_the_dialog_reaches_one_control(qtbot) -> None:  # type: ignore[no-untyped-def]
    """All groups show at once, so a letter used twice makes Alt+letter stop at the wrong control."""
    dialog = make(qtbot)
    seen: dict[str, str] = {}
    clashes = []
    widgets = [
        *dialog.findChildren(QLabel),
        *dialog.findChildren(QAbstractButton),
        *dialog.findChildren(QGroupBox),
    ]
    for widget in widgets:
        text = widget.title() if isinstance(widget, QGroupBox) else widget.text()
        marked = text.replace("&&", "")
        if "&" not in marked or not widget.isVisibleTo(dialog):
            continue
        letter = marked[marked.index("&") + 1].lower()
        if letter in seen:
            clashes.append(f"{letter}: {seen[letter]!r} and {text!r}")
        seen.setdefault(letter, text)
    assert not clashes
