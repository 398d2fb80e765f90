"""Cue sounds without a sound card: the mixer, the player's thread on a fake device, and going quiet once.

The real path against a PulseAudio server is in tests/services/test_sound_server.py.
"""

from __future__ import annotations

import array
import logging
import sys
import threading
import wave
from pathlib import Path

import pytest

from stretchapp.core.cues import Sound
from stretchapp.core.engine import Session, SessionState
from stretchapp.core.model import Exercise, HoldRange, Routine
from stretchapp.core.timeline import build_timeline
from stretchapp.platform import sound
from stretchapp.platform.sound import CuePlayer, Mixer
from stretchapp.storage.settings import Settings
from stretchapp.ui.session.audio import NO_DEVICE_NOTICE, NullSoundPlayer, QtSoundPlayer, cue_files
from stretchapp.ui.session.cue_controller import CueController
from stretchapp.ui.session.driver import SessionDriver
from tests.fakes import FakeClock
from tests.sound_fakes import FakeDevice, wait_for

LOGGER = "stretchapp.platform.sound"


def tone(value: int, frames: int) -> array.array[int]:
    return array.array("h", [value] * frames)


def write_wav(path: Path, value: int, frames: int) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sound.SAMPLE_RATE)
        out.writeframes(tone(value, frames).tobytes())
    return path


def files() -> dict[str, Path]:
    return {s.value: p for s, p in cue_files().items()}


@pytest.fixture
def no_sound_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """No PulseAudio to reach and no ALSA card to try, whatever this machine has."""
    monkeypatch.setenv("PULSE_SERVER", "unix:/nonexistent/stretchapp-test/native")
    monkeypatch.setattr(sound, "_alsa_has_cards", lambda: False)


# -- the mixer ---------------------------------------------------------------------------
def test_a_cue_starts_in_the_next_period_and_ends_with_its_last_frame() -> None:
    mixer = Mixer()
    mixer.load({"pip": tone(1000, 500)})
    assert mixer.render(441) == b""  # nothing asked for: silence, not zeros
    mixer.start("pip")
    assert list(mixer.render(441)) == [1000] * 441
    assert list(mixer.render(441)) == [1000] * 59  # the rest, then nothing more
    assert mixer.render(441) == b""
    assert list(mixer.finished) == ["pip"] and not mixer.busy


def test_a_new_cue_plays_over_one_still_sounding_and_loud_sums_are_clipped() -> None:
    mixer = Mixer()
    mixer.load({"a": tone(20000, 300), "b": tone(20000, 100)})
    mixer.start("a")
    mixer.render(100)
    mixer.start("b")  # starts at once, over the first
    mixed = list(mixer.render(300))
    assert mixed[:100] == [32767] * 100 and mixed[100:200] == [20000] * 100
    assert len(mixed) == 200


def test_volume_scales_and_mute_silences_what_is_sounding() -> None:
    mixer = Mixer(volume=0.5)
    mixer.load({"a": tone(1000, 1000)})
    mixer.start("a")
    assert set(mixer.render(10)) == {500}
    mixer.volume = 3.0  # clamped to full
    assert set(mixer.render(10)) == {1000}
    mixer.muted = True
    assert mixer.render(10) == b"" and not mixer.busy
    mixer.muted = False
    assert mixer.render(10) == b""  # an unmuted mixer does not resume a cut-off cue


def test_an_unknown_cue_is_ignored() -> None:
    mixer = Mixer()
    mixer.start("nothing")
    assert mixer.render(10) == b"" and list(mixer.started) == []


# -- the player on a fake device -----------------------------------------------------------
def test_play_returns_at_once_and_the_device_runs_only_while_cues_sound() -> None:
    device = FakeDevice()
    opened = threading.Event()
    release = threading.Event()

    def slow_open() -> FakeDevice:
        opened.set()
        release.wait(10)  # a sound server that is slow to answer
        return device

    player = CuePlayer(files(), volume=1.0, open_device=slow_open, idle_stop=0.05)
    try:
        assert opened.wait(10)
        assert player.play("hold")  # the device is not even open yet: handed over, not waited for
        release.set()
        assert wait_for(lambda: "hold" in player.mixer.finished)
        assert device.starts == 1 and device.loud_frames() > 0
        assert wait_for(lambda: device.stops == 1)  # idle: the stream stops, the card may sleep
        assert player.play("countdown")
        assert wait_for(lambda: "countdown" in player.mixer.finished)
        assert device.starts == 2
        assert player.backend == "Fake" and player.available and player.notice is None
    finally:
        release.set()
        player.dispose()
    assert device.closed


def test_a_device_that_cannot_open_turns_sound_off_with_one_notice(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER)
    notices: list[str] = []

    def no_device() -> FakeDevice:
        raise OSError("no server")

    player = CuePlayer(files(), open_device=no_device, on_unavailable=notices.append)
    try:
        assert wait_for(lambda: bool(notices))
        for _ in range(5):
            assert not player.play("hold")
        assert notices == [sound.NO_DEVICE_NOTICE] and player.notice == sound.NO_DEVICE_NOTICE
        assert not player.available
        assert len([r for r in caplog.records if r.name == LOGGER]) == 1
    finally:
        player.dispose()


def test_no_sound_server_is_no_device_for_real(no_sound_server: None) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("the server is chosen by PULSE_SERVER on Linux only")
    with pytest.raises(Exception):  # noqa: B017 - miniaudio's own error type; only its failing matters
        sound.open_system_device()


def test_a_missing_sound_file_turns_sound_off_at_once_naming_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER)
    notices: list[str] = []
    player = CuePlayer({"hold": tmp_path / "gone.wav"}, open_device=FakeDevice, on_unavailable=notices.append)
    # Known before the constructor returns, with or without a sound device: it is not a device fault.
    assert not player.available and player.notice is not None
    assert "gone.wav" in player.notice and player.notice != sound.NO_DEVICE_NOTICE
    assert notices == [player.notice]
    for _ in range(5):
        assert not player.play("hold")
    assert len(caplog.records) == 1
    player.dispose()


def test_an_unreadable_sound_file_turns_sound_off(tmp_path: Path) -> None:
    broken = tmp_path / "broken.wav"
    broken.write_bytes(b"RIFF\x00\x00not a wave file")
    notices: list[str] = []
    player = CuePlayer({"hold": broken}, open_device=FakeDevice, on_unavailable=notices.append)
    try:
        assert wait_for(lambda: bool(notices))
        assert "broken.wav" in notices[0] and not player.play("hold")
    finally:
        player.dispose()


def test_any_wav_is_taken_to_the_device_format(tmp_path: Path) -> None:
    device = FakeDevice()
    player = CuePlayer(
        {"hold": write_wav(tmp_path / "soft.wav", 3000, 2000)}, volume=1.0, open_device=lambda: device
    )
    try:
        player.play("hold")
        assert wait_for(lambda: "hold" in player.mixer.finished)
        assert wait_for(lambda: len(device.frames) >= 2000)
        assert set(device.frames[:2000]) == {3000}
    finally:
        player.dispose()


def test_without_the_miniaudio_library_sound_says_which_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "miniaudio", None)  # import raises ImportError, as a broken install does
    notices: list[str] = []
    player = CuePlayer(files(), on_unavailable=notices.append)
    try:
        assert wait_for(lambda: bool(notices))
        assert "miniaudio" in notices[0] and notices[0] != sound.NO_DEVICE_NOTICE
    finally:
        player.dispose()


def test_alsa_is_tried_only_where_there_is_a_card(tmp_path: Path) -> None:
    cards = tmp_path / "cards"
    cards.write_text("--- no soundcards ---\n")
    assert not sound._alsa_has_cards(cards)
    cards.write_text(" 0 [PCH            ]: HDA-Intel - HDA Intel PCH\n")
    assert sound._alsa_has_cards(cards)
    assert not sound._alsa_has_cards(tmp_path / "no-alsa-here")


# -- through the Qt adapter and the cue controller -----------------------------------------
def test_a_session_with_no_sound_device_completes_with_one_notice(
    qtbot, clock: FakeClock, caplog: pytest.LogCaptureFixture, no_sound_server: None
) -> None:  # type: ignore[no-untyped-def]
    exercise = Exercise(name="Tuck", steps=("Tuck your chin.",), hold=HoldRange(4, 4), reps=2)
    session = Session(
        build_timeline(Routine(id="t", title="T", exercises=(exercise,), prepare=1, rest=1)), clock=clock
    )
    driver = SessionDriver(session)
    caplog.set_level(logging.WARNING, logger=LOGGER)
    cues = CueController(Settings())  # the real player, on the real miniaudio, with nowhere to play
    notices: list[str] = []
    cues.noticeRaised.connect(notices.append)
    player = cues.player
    assert isinstance(player, QtSoundPlayer)
    cues.attach(driver)
    try:
        qtbot.waitUntil(lambda: bool(notices), timeout=10000)
        driver.start()
        for _ in range(1 + 4 + 1 + 1 + 4):
            clock.advance(1)
            driver.tick()
        assert session.state is SessionState.FINISHED
        assert session.summary is not None and session.summary.completed
        assert player.plays == 0
        assert notices == [NO_DEVICE_NOTICE] and cues.notices() == [NO_DEVICE_NOTICE]
        assert len([r for r in caplog.records if r.name == LOGGER]) == 1
    finally:
        cues.dispose()
        driver.dispose()


def test_the_adapter_plays_on_a_device_and_counts(qtbot) -> None:  # type: ignore[no-untyped-def]
    device = FakeDevice()
    player = QtSoundPlayer(open_device=lambda: device)
    try:
        player.play(Sound.DONE)
        assert player.plays == 1
        assert wait_for(lambda: "done" in player.cues.mixer.finished)
        assert player.available and player.backend == "Fake"
        player.set_muted(True)
        player.play(Sound.DONE)
        assert player.plays == 1  # muted: nothing handed over
    finally:
        player.dispose()


def test_a_missing_cue_file_reaches_the_app_as_a_missing_file(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Found while the controller is built, before anyone listens: still raised, once.
    cues = CueController(
        Settings(),
        sound_factory=lambda _s: QtSoundPlayer({Sound.DONE: tmp_path / "done.wav"}, open_device=FakeDevice),
    )
    notices: list[str] = []
    cues.noticeRaised.connect(notices.append)
    try:
        qtbot.waitUntil(lambda: bool(notices))
        qtbot.wait(50)  # the player's own queued notice arrives too, and is not raised again
        assert len(notices) == 1 and "done.wav" in notices[0]
        assert cues.notices() == notices
    finally:
        cues.dispose()


def test_sound_off_in_settings_builds_no_player(qtbot) -> None:  # type: ignore[no-untyped-def]
    cues = CueController(Settings(sound_enabled=False))
    try:
        assert isinstance(cues.player, NullSoundPlayer)
        assert cues.notices() == []
    finally:
        cues.dispose()
