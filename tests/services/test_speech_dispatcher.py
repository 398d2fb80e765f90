"""Spoken prompts through a real speech-dispatcher (espeak-ng, on the private PulseAudio's null sink).

The assertions are on SSIP's result codes and events, and on the app's own events, never on
the wording of a message from the service.
"""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from stretchapp.platform.speech import (
    EventKind,
    Speech,
    SpeechDispatcher,
    SpeechEvent,
    SSIPClient,
    VoiceSettings,
    speechd_address,
)
from stretchapp.ui.session.speech import QtSpeaker
from tests.services.conftest import PulseServer, SpeechServer

PHRASE = "Right side, rep one of three. Hold for fifteen seconds, and breathe out slowly as you go."


class Events:
    """Collects SSIP notifications (code, data lines) from the reader thread."""

    def __init__(self) -> None:
        self.got: queue.Queue[tuple[int, tuple[str, ...]]] = queue.Queue()

    def __call__(self, code: int, lines: tuple[str, ...], _text: str) -> None:
        self.got.put((code, lines))

    def next_for(self, message_id: str, timeout: float = 20.0) -> int:
        """The code of the next notification about ``message_id``."""
        while True:
            code, lines = self.got.get(timeout=timeout)
            if lines and lines[0] == message_id:
                return code


@pytest.fixture
def client(speechd: SpeechServer) -> Iterator[tuple[SSIPClient, Events]]:
    events = Events()
    c = SSIPClient.connect(speechd.socket, events)
    assert c.command("SET SELF CLIENT_NAME test:stretchapp:ssip").ok
    assert c.command("SET SELF NOTIFICATION ALL on").ok
    yield c, events
    c.close()


def test_speak_is_queued_begins_and_cancel_cuts_it_off(client: tuple[SSIPClient, Events]) -> None:
    c, events = client
    queued = c.speak(PHRASE)
    assert queued.code == 225 and queued.lines  # "225-<id>", "225 OK MESSAGE QUEUED"
    message = queued.lines[0]
    assert events.next_for(message) == 701  # begun
    cancelled = c.command("CANCEL SELF")
    assert cancelled.ok
    assert events.next_for(message) == 703  # cancelled, not ended


def test_a_short_prompt_is_spoken_to_its_end(client: tuple[SSIPClient, Events]) -> None:
    c, events = client
    queued = c.speak("Rest.")
    assert queued.code == 225
    message = queued.lines[0]
    assert events.next_for(message) == 701
    assert events.next_for(message) == 702  # ended


def test_a_line_that_is_only_a_dot_does_not_end_the_message(client: tuple[SSIPClient, Events]) -> None:
    c, _events = client
    assert c.speak("Hold.\n.\n.Still the same message").code == 225
    # Unescaped, the lone dot would end the message and the next line would be read as a command,
    # whose error reply would then answer this one.
    rate = c.command("GET RATE")
    assert rate.code == 251 and rate.lines
    assert c.command("CANCEL SELF").ok


def test_voices_are_listed(client: tuple[SSIPClient, Events]) -> None:
    c, _events = client
    listed = c.command("LIST SYNTHESIS_VOICES")
    assert listed.ok and len(listed.lines) > 0
    assert all(line.count("\t") == 2 for line in listed.lines)  # name, language, variant


def test_the_app_speaks_lists_english_voices_and_stops_at_once(speechd: SpeechServer) -> None:
    events: queue.Queue[SpeechEvent] = queue.Queue()
    notices: list[str] = []
    speech = Speech(SpeechDispatcher(), on_event=events.put, on_unavailable=notices.append)
    try:

        def next_kind(*kinds: EventKind) -> SpeechEvent:
            while True:
                event = events.get(timeout=20)
                if event.kind in kinds:
                    return event

        speech.configure(VoiceSettings(rate=0.4, volume=0.5))
        speech.say(PHRASE)
        queued, begun = events.get(timeout=20), events.get(timeout=20)
        assert (queued.kind, queued.voice, begun.kind) == (EventKind.QUEUED, "", EventKind.STARTED)
        speech.stop()
        assert next_kind(EventKind.CANCELLED, EventKind.FINISHED).kind is EventKind.CANCELLED
        speech.request_voices()
        voices = next_kind(EventKind.VOICES).voices
        assert voices and speech.voices == list(voices)
        speech.configure(VoiceSettings(voice=voices[-1]))
        speech.say("Rest.")
        assert next_kind(EventKind.QUEUED).voice == voices[-1]
        assert next_kind(EventKind.FINISHED, EventKind.CANCELLED).kind is EventKind.FINISHED
        assert notices == [] and speech.available
    finally:
        speech.close()


def test_a_new_prompt_cuts_off_the_one_being_said(speechd: SpeechServer) -> None:
    events: queue.Queue[SpeechEvent] = queue.Queue()
    speech = Speech(SpeechDispatcher(), on_event=events.put)
    try:
        speech.say(PHRASE)
        kinds: list[EventKind] = []
        while EventKind.STARTED not in kinds:
            kinds.append(events.get(timeout=20).kind)
        speech.say("Rest.")
        while kinds.count(EventKind.QUEUED) < 2 or EventKind.FINISHED not in kinds:
            kinds.append(events.get(timeout=20).kind)
        first_end = next(k for k in kinds if k in (EventKind.CANCELLED, EventKind.FINISHED))
        assert first_end is EventKind.CANCELLED  # the long prompt did not run on
    finally:
        speech.close()


def test_the_qt_speaker_reports_on_the_ui_thread(qtbot, speechd: SpeechServer) -> None:  # type: ignore[no-untyped-def]
    speaker = QtSpeaker()
    seen: list[str] = []
    speaker.speechEvent.connect(lambda event: seen.append(event.kind.value))
    try:
        speaker.say("Rest.")
        qtbot.waitUntil(lambda: "finished" in seen, timeout=20000)
        assert seen[0] == "queued" and speaker.notice is None
        speaker.voices()  # the first call asks; the list arrives with voicesChanged
        qtbot.waitUntil(lambda: bool(speaker.voices()), timeout=20000)
    finally:
        speaker.dispose()


@pytest.fixture
def no_running_service(
    tmp_path: Path, pulse_server: PulseServer, speechd_server: SpeechServer, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A session with no speech-dispatcher running yet, as after log-in; the one spawned is stopped after."""
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.delenv("SPEECHD_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("PULSE_SERVER", pulse_server.address)
    yield runtime
    for pid_file in (runtime / "speech-dispatcher" / "pid").glob("*.pid"):
        with contextlib.suppress(ValueError, ProcessLookupError):
            os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)


def test_a_service_not_yet_running_is_started(no_running_service: Path) -> None:
    socket_path = speechd_address(os.environ)
    assert isinstance(socket_path, Path) and not socket_path.exists()
    assert shutil.which("speech-dispatcher")
    events: queue.Queue[SpeechEvent] = queue.Queue()
    speech = Speech(SpeechDispatcher(), on_event=events.put)
    try:
        speech.say("Rest.")
        assert events.get(timeout=30).kind is EventKind.QUEUED
        assert socket_path.exists() and speech.available
    finally:
        speech.close()
