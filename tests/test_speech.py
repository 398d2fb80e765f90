"""Spoken prompts behind one interface, with a fake service: never blocking, cut off at once, quiet once.

The real speech-dispatcher is in tests/services/test_speech_dispatcher.py; the Windows and
macOS back-ends, with fake processes, in tests/test_speech_backends.py.
"""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from stretchapp.core.engine import Session
from stretchapp.core.model import Exercise, HoldRange, Routine, Sides
from stretchapp.core.timeline import build_timeline
from stretchapp.platform import speech as platform_speech
from stretchapp.platform.speech import EventKind, Speech, SpeechEvent, VoiceSettings
from stretchapp.storage.settings import Settings
from stretchapp.ui.session import speech
from stretchapp.ui.session.cue_controller import CueController
from stretchapp.ui.session.driver import SessionDriver
from stretchapp.ui.session.speech import QtSpeaker
from tests.fakes import FakeClock
from tests.sound_fakes import wait_for
from tests.speech_fakes import FakeBackend

LOGGER = "stretchapp.platform.speech"


# -- the front: a worker and a queue -------------------------------------------------------
def test_say_returns_while_the_service_is_busy_and_the_newest_prompt_wins() -> None:
    gate = threading.Event()
    backend = FakeBackend(gate=gate)
    front = Speech(backend)
    try:
        front.say("Tilt. Right side.")
        assert wait_for(backend.speaking.is_set)  # the service is stuck in the first prompt...
        front.say("Hold for five seconds.")  # ...and these still return at once
        front.say("Rest. Switch sides.")
        gate.set()
        assert wait_for(lambda: len(backend.spoken) == 2)
        # The prompt overtaken while it waited was never sent: no stale instruction is read out late.
        assert backend.texts == ["Tilt. Right side.", "Rest. Switch sides."]
    finally:
        gate.set()
        front.close()
    assert backend.closed.is_set()


def test_stop_drops_a_waiting_prompt_and_cuts_off_the_one_being_said() -> None:
    gate = threading.Event()
    backend = FakeBackend(gate=gate)
    front = Speech(backend)
    try:
        front.say("Tilt. Right side.")
        assert wait_for(backend.speaking.is_set)
        front.say("Hold for five seconds.")
        front.stop()
        gate.set()
        assert wait_for(lambda: backend.cancels == 1)
        assert backend.texts == ["Tilt. Right side."]
    finally:
        gate.set()
        front.close()


def test_the_voice_rate_and_volume_apply_from_the_next_prompt() -> None:
    backend = FakeBackend()
    front = Speech(backend)
    try:
        front.say("One.")
        front.configure(VoiceSettings(voice="Anne", rate=0.5, volume=0.3))
        front.say("Two.")
        assert wait_for(lambda: len(backend.spoken) >= 1 and backend.texts[-1] == "Two.")
        assert backend.spoken[-1][1] == VoiceSettings(voice="Anne", rate=0.5, volume=0.3)
    finally:
        front.close()


def test_voices_arrive_as_an_event() -> None:
    events: list[SpeechEvent] = []
    front = Speech(FakeBackend(voices=["Anne"]), on_event=events.append)
    try:
        assert front.voices is None
        front.request_voices()
        assert wait_for(lambda: any(e.kind is EventKind.VOICES for e in events))
        assert front.voices == ["Anne"]
    finally:
        front.close()


def test_a_service_that_cannot_be_reached_turns_voice_off_once(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER)
    notices: list[str] = []
    backend = FakeBackend(fail_open=platform_speech.no_speechd_notice())
    front = Speech(backend, on_unavailable=notices.append)
    try:
        assert wait_for(lambda: bool(notices))
        for _ in range(3):
            front.say("Hold.")
        assert notices == [platform_speech.no_speechd_notice()] and front.notice == notices[0]
        assert "speech-dispatcher-espeak-ng" in notices[0]  # the package that brings the service
        assert not front.available and backend.spoken == []
        assert len([r for r in caplog.records if r.name == LOGGER]) == 1
    finally:
        front.close()


def test_a_fault_in_the_service_midway_turns_voice_off_once(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger=LOGGER)
    notices: list[str] = []
    front = Speech(FakeBackend(fail_speak=RuntimeError("boom")), on_unavailable=notices.append)
    try:
        front.say("Hold.")
        assert wait_for(lambda: bool(notices))
        front.say("Rest.")
        assert len(notices) == 1 and not front.available
        assert len([r for r in caplog.records if r.name == LOGGER]) == 1
    finally:
        front.close()


# -- the Qt adapter ------------------------------------------------------------------------
def test_the_service_is_reached_on_first_words_and_reports_on_the_ui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    backend = FakeBackend()
    speaker = QtSpeaker(backend)
    threads: list[bool] = []
    kinds: list[EventKind] = []

    def heard(event: SpeechEvent) -> None:
        threads.append(QThread.currentThread() is QApplication.instance().thread())  # type: ignore[union-attr]
        kinds.append(event.kind)

    speaker.speechEvent.connect(heard)
    try:
        speaker.configure(voice="Anne", rate=0.5, volume=0.4)
        assert not speaker.built
        speaker.say("Rest.")
        assert speaker.built and speaker.said == ["Rest."]
        qtbot.waitUntil(lambda: EventKind.STARTED in kinds)
        assert backend.spoken == [("Rest.", VoiceSettings(voice="Anne", rate=0.5, volume=0.4))]
        assert threads and all(threads)
        with qtbot.waitSignal(speaker.voicesChanged) as listed:
            assert speaker.voices() == []  # asked for, not waited for
        assert listed.args == [["Anne", "Bob"]] and speaker.voices() == ["Anne", "Bob"]
        speaker.stop()
        qtbot.waitUntil(lambda: backend.cancels == 1)
        assert speaker.notice is None
    finally:
        speaker.dispose()


def test_a_missing_service_is_said_once_and_later_words_are_dropped(qtbot) -> None:  # type: ignore[no-untyped-def]
    speaker = QtSpeaker(FakeBackend(fail_open=platform_speech.no_speechd_notice()))
    notices: list[str] = []
    speaker.unavailable.connect(notices.append)
    try:
        speaker.say("Hold.")
        qtbot.waitUntil(lambda: bool(notices))
        for _ in range(3):
            speaker.say("Hold.")
        assert speaker.said == ["Hold."] and speaker.voices() == []
        assert notices == [platform_speech.no_speechd_notice()] and speaker.notice == notices[0]
    finally:
        speaker.dispose()


def test_the_hint_names_the_packages_and_no_service_means_no_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "speech-dispatcher" in speech.LINUX_HINT
    monkeypatch.setattr(speech, "service_problem", platform_speech.no_speechd_notice)
    assert speech.system_engines() == []
    monkeypatch.setattr(speech, "service_problem", lambda: None)
    assert len(speech.system_engines()) == 1


def test_a_session_speaks_through_the_real_class(qtbot, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    exercise = Exercise(name="Tilt", steps=("Tilt {side}.",), hold=HoldRange(8, 8), sides=Sides.RIGHT)
    session = Session(
        build_timeline(Routine(id="t", title="T", exercises=(exercise,), prepare=0)), clock=clock
    )
    driver = SessionDriver(session)
    backends: list[FakeBackend] = []

    def make() -> QtSpeaker:
        backends.append(FakeBackend())
        return QtSpeaker(backends[-1])

    cues = CueController(Settings(sound_enabled=False, voice_enabled=True), speaker_factory=make)
    cues.attach(driver)
    try:
        assert backends == []  # nothing built before anything is said
        driver.start()
        clock.advance(8)
        driver.tick()
        expected = ["Tilt. Right side. Tilt right. Hold for eight seconds.", "Well done. Routine complete."]
        speaker = cues.speaker
        assert isinstance(speaker, QtSpeaker) and speaker.said == expected
        # The second prompt came before the first was sent: only the newest need reach the service.
        qtbot.waitUntil(lambda: bool(backends[0].texts) and backends[0].texts[-1] == expected[-1])
    finally:
        cues.dispose()
        driver.dispose()
