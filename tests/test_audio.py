"""The QSoundEffect player on a machine without sound: the session runs on, quietly, with one notice."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from stretchapp.core.cues import Sound
from stretchapp.core.engine import Session, SessionState
from stretchapp.core.model import Exercise, HoldRange, Routine
from stretchapp.core.timeline import build_timeline
from stretchapp.storage.settings import Settings
from stretchapp.ui.session.audio import NO_DEVICE_NOTICE, NullSoundPlayer, QtSoundPlayer
from stretchapp.ui.session.cue_controller import CueController
from stretchapp.ui.session.driver import SessionDriver
from stretchapp.ui.session.multimedia import multimedia_unavailable
from tests.fakes import FakeClock

# What Qt Multimedia says when there is no sound card or media library; scoped to these tests.
MULTIMEDIA_NOISE = [
    "Couldn't (load|resolve)",
    "PulseAudioService",
    "QSoundEffect",
    "Qt multimedia with FFmpeg",
    "pa_context",
    "audio device",
    "Could not open media",
]


# For tests of the real QSoundEffect; tests/test_missing_multimedia.py covers a system without it.
needs_multimedia = pytest.mark.skipif(
    multimedia_unavailable() is not None, reason="Qt's multimedia library cannot be loaded here"
)


def no_audio_device() -> bool:
    from PySide6.QtMultimedia import QMediaDevices

    return not QMediaDevices.audioOutputs()


@needs_multimedia
@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)
def test_a_session_with_the_real_sound_effect_and_no_device_completes(
    qtbot, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:  # type: ignore[no-untyped-def]
    exercise = Exercise(name="Tuck", steps=("Tuck your chin.",), hold=HoldRange(4, 4), reps=2)
    session = Session(
        build_timeline(Routine(id="t", title="T", exercises=(exercise,), prepare=1, rest=1)), clock=clock
    )
    driver = SessionDriver(session)
    caplog.set_level(logging.WARNING, logger="stretchapp.ui.session.audio")
    cues = CueController(Settings())  # the real QtSoundPlayer, preloading every cue
    notices: list[str] = []
    cues.noticeRaised.connect(notices.append)
    player = cues.player
    assert isinstance(player, QtSoundPlayer)
    cues.attach(driver)
    try:
        if no_audio_device():
            # Loading fails within milliseconds, in the event loop or already while the player is
            # built; either way the notice reaches a listener connected after the controller was built.
            qtbot.waitUntil(lambda: bool(notices), timeout=5000)
        driver.start()
        for _ in range(1 + 4 + 1 + 1 + 4):
            clock.advance(1)
            driver.tick()
        assert session.state is SessionState.FINISHED
        assert session.summary is not None and session.summary.completed
        if no_audio_device():
            assert player.plays == 0
            assert notices == [NO_DEVICE_NOTICE] and cues.notices() == [NO_DEVICE_NOTICE]
            assert len([r for r in caplog.records if r.name == "stretchapp.ui.session.audio"]) == 1
        else:
            assert player.plays == 2 + 3 * 2 + 1 + 1
    finally:
        cues.dispose()
        driver.dispose()


@needs_multimedia
@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)
def test_a_missing_sound_file_turns_sound_off_with_one_line_naming_it(
    qtbot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.WARNING, logger="stretchapp.ui.session.audio")
    player = QtSoundPlayer({Sound.HOLD: tmp_path / "gone.wav"})
    try:
        assert not player.available and player.notice
        # The file is named, with or without a sound device: it is not a device fault.
        assert "gone.wav" in player.notice and player.notice != NO_DEVICE_NOTICE
        for _ in range(5):
            player.play(Sound.HOLD)
        assert player.plays == 0
        assert len(caplog.records) == 1
    finally:
        player.dispose()


@needs_multimedia
@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)
def test_a_missing_cue_file_reaches_the_app_as_a_missing_file(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Found while the controller is built, before anyone listens: still raised, once.
    cues = CueController(
        Settings(), sound_factory=lambda _s: QtSoundPlayer({Sound.DONE: tmp_path / "done.wav"})
    )
    notices: list[str] = []
    cues.noticeRaised.connect(notices.append)
    try:
        qtbot.waitUntil(lambda: bool(notices))
        assert len(notices) == 1 and "done.wav" in notices[0]
        assert cues.notices() == notices
    finally:
        cues.dispose()


@needs_multimedia
@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)
def test_an_unreadable_sound_file_turns_sound_off(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.wav"
    broken.write_bytes(b"RIFF\x00\x00not a wave file")
    player = QtSoundPlayer({Sound.HOLD: broken})
    try:
        qtbot.waitUntil(lambda: not player.available, timeout=5000)
        player.play(Sound.HOLD)
        assert player.plays == 0 and player.notice
    finally:
        player.dispose()


def test_sound_off_in_settings_loads_no_multimedia(qtbot) -> None:  # type: ignore[no-untyped-def]
    cues = CueController(Settings(sound_enabled=False))
    try:
        assert isinstance(cues.player, NullSoundPlayer)
        assert cues.notices() == []
    finally:
        cues.dispose()
