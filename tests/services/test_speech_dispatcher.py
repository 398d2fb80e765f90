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
import socket
import tempfile
import threading
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
    escape_ssip,
    speechd_address,
)
from stretchapp.ui.session.speech import QtSpeaker
from tests.services.conftest import PulseServer, SpeechServer
from tests.speech_fakes import FakeSSIPServer

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


# -- the order of a message's events, whatever order the service writes them in ------------------
# speech-dispatcher writes the 225 reply to a SPEAK and the message's own events from different
# threads, so now and then "701 BEGIN" reaches the socket before "225 OK MESSAGE QUEUED" (seen
# with the real service on a busy machine). A stand-in server does so every time here.
@pytest.fixture
def short_tmp() -> Iterator[Path]:
    # A Unix socket path must stay under about 100 bytes; pytest's tmp_path can be longer.
    with tempfile.TemporaryDirectory(prefix="sd") as folder:
        yield Path(folder)


def no_program(_name: str) -> str | None:
    return None


@pytest.mark.parametrize(
    ("before_queued", "told"),
    [
        ((701,), [EventKind.QUEUED, EventKind.STARTED]),
        ((701, 702), [EventKind.QUEUED, EventKind.STARTED, EventKind.FINISHED]),
        ((701, 703), [EventKind.QUEUED, EventKind.STARTED, EventKind.CANCELLED]),
    ],
)
def test_a_message_begun_before_its_queued_reply_is_still_told_queued_first(
    short_tmp: Path, before_queued: tuple[int, ...], told: list[EventKind]
) -> None:
    server = FakeSSIPServer(short_tmp / "sd.sock", before_queued=before_queued)
    events: queue.Queue[SpeechEvent] = queue.Queue()
    backend = SpeechDispatcher({"SPEECHD_ADDRESS": f"unix_socket:{server.path}"}, which=no_program)
    speech = Speech(backend, on_event=events.put)
    try:
        speech.say("Rest.")
        first = [events.get(timeout=5) for _ in told]
        assert [e.kind for e in first] == told and first[0].voice == ""
        speech.configure(VoiceSettings(voice="English (America)"))
        speech.say("Hold.")  # the next message, with an id of its own, is held and told the same way
        second = [events.get(timeout=5) for _ in told]
        assert [e.kind for e in second] == told and second[0].voice == "English (America)"
        assert events.empty() and speech.available
    finally:
        speech.close()
        server.close()


def test_the_client_holds_a_message_s_events_until_its_queued_reply_and_no_longer() -> None:
    ours, theirs = socket.socketpair()
    theirs.settimeout(5)
    seen: queue.Queue[tuple[str, int, str]] = queue.Queue()
    client = SSIPClient(
        ours,
        lambda code, lines, _text: seen.put(("event", code, lines[0] if lines else "")),
        on_reply=lambda reply: seen.put(("reply", reply.code, reply.lines[0] if reply.lines else "")),
    )

    def speak(text: str) -> threading.Thread:
        asker = threading.Thread(target=client.speak, args=(text,))
        asker.start()
        assert theirs.recv(100) == b"SPEAK\r\n"
        theirs.sendall(b"230 OK RECEIVING DATA\r\n")
        assert seen.get(timeout=5) == ("reply", 230, "")
        assert theirs.recv(100) == escape_ssip(text)
        return asker

    try:
        asker = speak("Right side.")
        theirs.sendall(b"701-6\r\n701-3\r\n701 BEGIN\r\n225-6\r\n225 OK MESSAGE QUEUED\r\n")
        asker.join(5)
        assert [seen.get(timeout=5) for _ in range(2)] == [("reply", 225, "6"), ("event", 701, "6")]

        asker = speak("Rest.")
        # The message cut off is told at once; the one being queued waits for its 225.
        theirs.sendall(b"703-6\r\n703-3\r\n703 CANCELED\r\n701-7\r\n701-3\r\n701 BEGIN\r\n")
        assert seen.get(timeout=5) == ("event", 703, "6")
        with pytest.raises(queue.Empty):
            seen.get(timeout=0.2)
        theirs.sendall(b"225-7\r\n225 OK MESSAGE QUEUED\r\n702-7\r\n702-3\r\n702 END\r\n")
        asker.join(5)
        assert [seen.get(timeout=5) for _ in range(3)] == [
            ("reply", 225, "7"),
            ("event", 701, "7"),
            ("event", 702, "7"),
        ]

        # With no SPEAK waiting for its reply, nothing is held, whatever message it is about.
        theirs.sendall(b"701-99\r\n701-3\r\n701 BEGIN\r\n")
        assert seen.get(timeout=5) == ("event", 701, "99")
    finally:
        client.close()
        theirs.close()
