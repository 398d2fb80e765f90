"""Spoken prompts through QTextToSpeech's mock engine: built only when needed, quiet when it cannot work."""

from __future__ import annotations

import logging

import pytest

from stretchapp.engine import Session
from stretchapp.model import Exercise, HoldRange, Routine, Sides
from stretchapp.settings import Settings
from stretchapp.timeline import build_timeline
from stretchapp.ui import speech
from stretchapp.ui.cue_controller import CueController
from stretchapp.ui.multimedia import multimedia_unavailable
from stretchapp.ui.session_driver import SessionDriver
from stretchapp.ui.speech import MOCK_ENGINE, QtSpeaker
from tests.fakes import FakeClock

MULTIMEDIA_NOISE = ["Couldn't (load|resolve)", "PulseAudioService", "pa_context", "audio device"]
needs_multimedia = pytest.mark.skipif(
    multimedia_unavailable() is not None, reason="Qt's multimedia library cannot be loaded here"
)


@pytest.fixture(autouse=True, scope="module")
def _pin_refcounts() -> None:
    from stretchapp.ui import pyside_refcount

    pyside_refcount.apply()


@needs_multimedia
@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)
def test_the_engine_is_built_on_first_words_and_speaks(qtbot) -> None:  # type: ignore[no-untyped-def]
    speaker = QtSpeaker(MOCK_ENGINE)
    try:
        speaker.configure(voice="Anne", rate=0.5, volume=0.4)
        assert not speaker.built
        speaker.say("Rest.")
        assert speaker.built and speaker.said == ["Rest."]
        assert speaker.notice is None
        assert "Anne" in speaker.voices()
        assert speaker._tts is not None and speaker._tts.voice().name() == "Anne"
        assert speaker._tts.rate() == pytest.approx(0.5)
        speaker.stop()
    finally:
        speaker.dispose()


@needs_multimedia
@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE, "Text-to-speech plug-in")
def test_an_engine_that_cannot_start_turns_voice_off_once(qtbot, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.WARNING, logger="stretchapp.ui.speech")
    speaker = QtSpeaker("no-such-engine")
    notices: list[str] = []
    speaker.unavailable.connect(notices.append)
    try:
        for _ in range(3):
            speaker.say("Hold.")
        assert speaker.said == [] and speaker.voices() == []
        assert len(notices) == 1 and speaker.notice == notices[0]
        assert len(caplog.records) == 1
    finally:
        speaker.dispose()


def test_the_test_engine_is_never_offered_to_a_person() -> None:
    assert MOCK_ENGINE not in speech.system_engines()
    assert "speech-dispatcher" in speech.LINUX_HINT


@needs_multimedia
@pytest.mark.qt_log_ignore(*MULTIMEDIA_NOISE)
def test_a_session_speaks_through_the_real_class(qtbot, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    exercise = Exercise(name="Tilt", steps=("Tilt {side}.",), hold=HoldRange(8, 8), sides=Sides.RIGHT)
    session = Session(
        build_timeline(Routine(id="t", title="T", exercises=(exercise,), prepare=0)), clock=clock
    )
    driver = SessionDriver(session)
    built: list[QtSpeaker] = []

    def make() -> QtSpeaker:
        built.append(QtSpeaker(MOCK_ENGINE))
        return built[-1]

    cues = CueController(Settings(sound_enabled=False, voice_enabled=True), speaker_factory=make)
    cues.attach(driver)
    try:
        assert built == []  # nothing built before anything is said
        driver.start()
        clock.advance(8)
        driver.tick()
        assert built[0].said == [
            "Tilt. Right side. Tilt right. Hold for eight seconds.",
            "Well done. Routine complete.",
        ]
    finally:
        cues.dispose()
        driver.dispose()
        for speaker in built:
            speaker.dispose()
