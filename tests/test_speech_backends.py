"""The three speech back-ends behind one interface, each against a stand-in: an SSIP server, PowerShell, say.

These check what each back-end sends and how it reads the answers; the real
speech-dispatcher is in tests/services/. The Windows and macOS back-ends are tested only
this way here: no Windows or macOS machine runs this suite.
"""

from __future__ import annotations

import base64
import queue
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from stretchapp.platform import speech
from stretchapp.platform.speech import (
    EventKind,
    Sapi,
    Say,
    SpeechDispatcher,
    SpeechEvent,
    SpeechUnavailableError,
    SSIPClient,
    SSIPError,
    VoiceSettings,
    english_first,
    escape_ssip,
    speechd_address,
)
from tests.sound_fakes import wait_for
from tests.speech_fakes import FakeProcess, FakeSSIPServer


def no_program(_name: str) -> str | None:
    return None


# -- SSIP, the wire ------------------------------------------------------------------------------
def test_message_data_doubles_a_leading_dot_and_ends_with_a_lone_one() -> None:
    assert escape_ssip("Hold.\n.\n.5 more") == b"Hold.\r\n..\r\n..5 more\r\n.\r\n"
    assert escape_ssip("Räst.") == "Räst.\r\n.\r\n".encode()


def test_replies_and_notifications_are_told_apart_even_when_interleaved() -> None:
    ours, theirs = socket.socketpair()
    events: queue.Queue[tuple[int, tuple[str, ...]]] = queue.Queue()
    client = SSIPClient(ours, lambda code, lines, _text: events.put((code, lines)), timeout=5)
    try:
        replies: list[speech.Reply] = []
        asker = threading.Thread(target=lambda: replies.append(client.command("LIST SYNTHESIS_VOICES")))
        asker.start()
        assert theirs.recv(100) == b"LIST SYNTHESIS_VOICES\r\n"
        theirs.sendall(
            b"249-Anne\ten\tnone\r\n701-7\r\n701-1\r\n701 BEGIN\r\n249-Bob\ten\tnone\r\n249 OK VOICE LIST SENT\r\n"
        )
        asker.join(5)
        assert replies[0].code == 249 and replies[0].lines == ("Anne\ten\tnone", "Bob\ten\tnone")
        assert events.get(timeout=5) == (701, ("7", "1"))
    finally:
        client.close()
        theirs.close()


def test_a_reply_that_never_comes_breaks_the_connection_instead_of_blocking() -> None:
    ours, theirs = socket.socketpair()
    client = SSIPClient(ours, timeout=0.2)
    try:
        with pytest.raises(SSIPError):
            client.command("GET RATE")
        assert client.closed  # a late reply would answer the wrong command
        with pytest.raises(SSIPError):
            client.command("GET RATE")
    finally:
        theirs.close()


def test_a_service_that_hangs_up_gives_an_error() -> None:
    ours, theirs = socket.socketpair()
    client = SSIPClient(ours, timeout=5)
    theirs.close()
    with pytest.raises(SSIPError):
        client.command("GET RATE")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"SPEECHD_ADDRESS": "unix_socket:/run/sd.sock"}, Path("/run/sd.sock")),
        ({"SPEECHD_ADDRESS": "inet_socket:localhost:6561"}, ("localhost", 6561)),
        ({"XDG_RUNTIME_DIR": "/run/user/1000"}, Path("/run/user/1000/speech-dispatcher/speechd.sock")),
        ({"HOME": "/home/ann"}, Path("/home/ann/.cache/speech-dispatcher/speechd.sock")),
    ],
)
def test_the_service_is_found_where_its_client_library_looks(env: dict[str, str], expected: object) -> None:
    assert speechd_address(env) == expected


def test_english_voices_are_offered_and_only_plain_ones_when_there_are_very_many() -> None:
    few = [("Anne", "en-GB", "none"), ("Klaus", "de", "none")]
    assert english_first(few) == ["Anne"]
    assert english_first([("Klaus", "de", "none")]) == ["Klaus"]  # none in English: all of them
    many = [("English", "en", "none")] + [(f"English+v{i}", "en", f"v{i}") for i in range(100)]
    assert english_first(many) == ["English"]


# -- speech-dispatcher against a stand-in server ------------------------------------------------
@pytest.fixture
def short_tmp() -> Iterator[Path]:
    # A Unix socket path must stay under about 100 bytes; pytest's tmp_path can be longer.
    import tempfile

    with tempfile.TemporaryDirectory(prefix="sd") as folder:
        yield Path(folder)


@pytest.fixture
def server(short_tmp: Path) -> Iterator[FakeSSIPServer]:
    s = FakeSSIPServer(short_tmp / "speechd.sock")
    yield s
    s.close()


def dispatcher(server: FakeSSIPServer, **kwargs: object) -> SpeechDispatcher:
    return SpeechDispatcher({"SPEECHD_ADDRESS": f"unix_socket:{server.path}"}, which=no_program, **kwargs)  # type: ignore[arg-type]


def test_the_connection_names_the_app_asks_for_events_and_speaks(server: FakeSSIPServer) -> None:
    events: list[SpeechEvent] = []
    backend = dispatcher(server)
    backend.open(events.append)
    try:
        backend.speak("Hold.\n.", VoiceSettings())
        sent = server.commands()
        assert sent[0].startswith("SET SELF CLIENT_NAME ") and sent[0].endswith(":stretchapp:prompts")
        assert "SET SELF NOTIFICATION ALL on" in sent and "SET SELF PRIORITY message" in sent
        assert sent[-3:] == ["CANCEL SELF", "SPEAK", "DATA Hold.\n."]  # cut off, then the new prompt
        assert "SET SELF VOLUME 60" in sent
        # The person's own rate and voice are left alone: never set when the app has no preference.
        assert not [c for c in sent if c.startswith(("SET SELF RATE", "SET SELF SYNTHESIS_VOICE"))]
        assert "SET SELF LANGUAGE en" not in sent  # the person's voice already speaks English
        assert [e.kind for e in events] == [EventKind.QUEUED]
    finally:
        backend.close()


def test_a_prompt_is_told_queued_before_it_is_told_begun(short_tmp: Path) -> None:
    server = FakeSSIPServer(short_tmp / "sd.sock", begin_at_once=True)
    events: queue.Queue[SpeechEvent] = queue.Queue()
    front = speech.Speech(dispatcher(server), on_event=events.put)
    try:
        front.say("Rest.")
        assert [events.get(timeout=5).kind for _ in range(2)] == [EventKind.QUEUED, EventKind.STARTED]
    finally:
        front.close()
        server.close()


def test_a_non_english_default_voice_is_asked_for_english(short_tmp: Path) -> None:
    server = FakeSSIPServer(short_tmp / "sd.sock", language="de")
    backend = dispatcher(server)
    try:
        backend.open(lambda _e: None)
        backend.speak("Rest.", VoiceSettings())
        assert "SET SELF LANGUAGE en" in server.commands()
    finally:
        backend.close()
        server.close()


def test_a_chosen_voice_and_rate_are_set_and_going_back_to_the_defaults_reconnects(
    server: FakeSSIPServer,
) -> None:
    backend = dispatcher(server)
    backend.open(lambda _e: None)
    try:
        backend.speak("One.", VoiceSettings(voice="English (America)", rate=0.5))
        first = server.commands()
        assert "SET SELF SYNTHESIS_VOICE English (America)" in first and "SET SELF RATE 50" in first
        backend.speak("Two.", VoiceSettings(voice="English (America)", rate=0.5))
        assert len(server.connections) == 1  # nothing to change: the same connection, nothing re-sent
        assert server.commands().count("SET SELF RATE 50") == 1
        backend.speak("Three.", VoiceSettings())
        # SSIP cannot unset a value: a new connection hears the person's defaults again.
        assert wait_for(lambda: len(server.connections) == 2)
        assert not [
            c for c in server.commands() if c.startswith(("SET SELF RATE", "SET SELF SYNTHESIS_VOICE"))
        ]
    finally:
        backend.close()


def test_voices_are_listed_from_the_service(server: FakeSSIPServer) -> None:
    backend = dispatcher(server)
    backend.open(lambda _e: None)
    try:
        assert backend.voices() == ["English (America)"]
    finally:
        backend.close()


def test_no_socket_and_no_program_names_the_packages(short_tmp: Path) -> None:
    backend = SpeechDispatcher(
        {"SPEECHD_ADDRESS": f"unix_socket:{short_tmp / 'none.sock'}"}, which=no_program
    )
    with pytest.raises(SpeechUnavailableError) as raised:
        backend.open(lambda _e: None)
    assert raised.value.notice == speech.no_speechd_notice()
    assert "speech-dispatcher speech-dispatcher-espeak-ng" in raised.value.notice


def test_a_service_not_running_is_spawned_and_then_reached(short_tmp: Path) -> None:
    path = short_tmp / "speechd.sock"
    spawned: list[list[str]] = []
    servers: list[FakeSSIPServer] = []

    def spawn(command: list[str]) -> None:
        spawned.append(command)
        servers.append(FakeSSIPServer(path))

    backend = SpeechDispatcher(
        {"SPEECHD_ADDRESS": f"unix_socket:{path}"}, which=lambda _n: "/usr/bin/speech-dispatcher", spawn=spawn
    )
    try:
        backend.open(lambda _e: None)
        assert spawned == [["/usr/bin/speech-dispatcher", "--spawn"]]
        backend.speak("Rest.", VoiceSettings())
        assert "SPEAK" in servers[0].commands()
    finally:
        backend.close()
        for s in servers:
            s.close()


def test_a_service_with_no_voice_installed_says_which_package(short_tmp: Path) -> None:
    server = FakeSSIPServer(short_tmp / "sd.sock", modules=["dummy"])
    try:
        with pytest.raises(SpeechUnavailableError) as raised:
            dispatcher(server).open(lambda _e: None)
        assert (
            raised.value.notice == speech.no_voice_notice()
            and "speech-dispatcher-espeak-ng" in raised.value.notice
        )
    finally:
        server.close()


def test_a_service_that_stops_answering_turns_voice_off(short_tmp: Path) -> None:
    server = FakeSSIPServer(short_tmp / "sd.sock", silent=True)
    try:
        with pytest.raises(SpeechUnavailableError) as raised:
            dispatcher(server, timeout=0.2).open(lambda _e: None)
        assert raised.value.notice != speech.no_speechd_notice()  # it is there, it does not answer
    finally:
        server.close()


# -- Windows: SAPI through PowerShell ----------------------------------------------------------
def powershell_answers(process: FakeProcess, line: str) -> None:
    if line == "VOICES":
        process.reply("VOICE Microsoft Zira Desktop\ten-US", "VOICE Microsoft Hedda Desktop\tde-DE")
    if line.startswith("VOICE ") and base64.b64decode(line[6:]).decode() == "Nobody":
        process.reply("ERR no such voice")
        return
    process.reply("OK")


@pytest.fixture
def powershell() -> Iterator[tuple[Sapi, list[FakeProcess]]]:
    started: list[FakeProcess] = []

    def popen(argv: list[str], **_kwargs: object) -> FakeProcess:
        process = FakeProcess(argv, powershell_answers)
        process.reply("READY")
        started.append(process)
        return process

    backend = Sapi(
        popen=popen, which=lambda name: "C:/Windows/powershell.exe" if name == "powershell" else None
    )
    backend.open(lambda _e: None)
    yield backend, started
    backend.close()


def test_sapi_runs_one_powershell_with_the_speech_script(powershell: tuple[Sapi, list[FakeProcess]]) -> None:
    _backend, started = powershell
    assert len(started) == 1
    argv = started[0].argv
    assert argv[0] == "C:/Windows/powershell.exe" and "-NoProfile" in argv
    script = base64.b64decode(argv[argv.index("-EncodedCommand") + 1]).decode("utf-16-le")
    assert "System.Speech" in script and "SpeakAsyncCancelAll" in script


def test_sapi_speaks_with_the_settings_and_cancels(powershell: tuple[Sapi, list[FakeProcess]]) -> None:
    backend, started = powershell
    backend.speak("Hold for 5 seconds.", VoiceSettings(voice="Microsoft Zira Desktop", rate=0.5, volume=0.4))
    backend.cancel()
    sent = started[0].lines()
    assert "VOLUME 40" in sent and "RATE 5" in sent
    voice = next(line for line in sent if line.startswith("VOICE "))
    assert base64.b64decode(voice[6:]).decode() == "Microsoft Zira Desktop"
    speak = next(line for line in sent if line.startswith("SPEAK "))
    assert base64.b64decode(speak[6:]).decode() == "Hold for 5 seconds."
    assert sent[-1] == "CANCEL"


def test_sapi_lists_english_voices_and_survives_a_voice_it_lacks(
    powershell: tuple[Sapi, list[FakeProcess]],
) -> None:
    backend, started = powershell
    assert backend.voices() == ["Microsoft Zira Desktop"]
    backend.speak("Rest.", VoiceSettings(voice="Nobody"))
    assert any(line.startswith("SPEAK ") for line in started[0].lines())


def test_sapi_that_exits_turns_voice_off(powershell: tuple[Sapi, list[FakeProcess]]) -> None:
    backend, started = powershell
    started[0].exit(1)
    with pytest.raises(SpeechUnavailableError):
        backend.speak("Rest.", VoiceSettings())


def test_no_powershell_says_so() -> None:
    with pytest.raises(SpeechUnavailableError) as raised:
        Sapi(which=no_program).open(lambda _e: None)
    assert raised.value.notice == speech.NO_SAPI_NOTICE


# -- macOS: say ----------------------------------------------------------------------------------
SAY_VOICES = """\
Alex                en_US    # Most people recognize me by my voice.
Bad News            en_US    # The light you see at the end of the tunnel is the headlamp of a fast approaching train.
Anna                de_DE    # Hallo, ich heiße Anna und ich bin eine deutsche Stimme.
Eddy (English (UK)) en_GB    # Hello! My name is Eddy.
"""


@pytest.fixture
def say() -> Iterator[tuple[Say, list[FakeProcess], list[SpeechEvent]]]:
    started: list[FakeProcess] = []
    events: list[SpeechEvent] = []

    def popen(argv: list[str], **_kwargs: object) -> FakeProcess:
        started.append(FakeProcess(argv))
        return started[-1]

    def run(argv: list[str], **_kwargs: object) -> object:
        assert argv[1:] == ["-v", "?"]
        return type("Done", (), {"stdout": SAY_VOICES, "returncode": 0})()

    backend = Say(popen=popen, run=run, which=lambda name: "/usr/bin/say" if name == "say" else None)  # type: ignore[arg-type]
    backend.open(events.append)
    yield backend, started, events
    backend.close()


def test_say_runs_one_process_per_prompt_with_the_settings(
    say: tuple[Say, list[FakeProcess], list[SpeechEvent]],
) -> None:
    backend, started, events = say
    backend.speak("-v is not an option here", VoiceSettings(voice="Alex", rate=1.0, volume=0.5))
    argv = started[0].argv
    assert argv[:5] == ["/usr/bin/say", "-v", "Alex", "-r", "360"] and argv[-2:] == ["-f", "-"]
    assert started[0].written.getvalue().decode() == "[[volm 0.50]] -v is not an option here"
    assert started[0].stdin.closed
    started[0].exit(0)
    assert wait_for(lambda: EventKind.FINISHED in [e.kind for e in events])


def test_say_is_killed_to_cut_off_and_the_persons_rate_is_kept(
    say: tuple[Say, list[FakeProcess], list[SpeechEvent]],
) -> None:
    backend, started, events = say
    backend.speak("Tilt. Right side.", VoiceSettings())
    assert "-r" not in started[0].argv and "-v" not in started[0].argv
    backend.speak("Rest.", VoiceSettings())  # a new prompt cuts off the old one
    assert started[0].killed and not started[1].killed
    backend.cancel()
    assert started[1].killed
    assert wait_for(lambda: [e.kind for e in events].count(EventKind.CANCELLED) == 2)


def test_say_lists_english_voices_with_spaces_in_their_names(
    say: tuple[Say, list[FakeProcess], list[SpeechEvent]],
) -> None:
    backend, _started, _events = say
    assert backend.voices() == ["Alex", "Bad News", "Eddy (English (UK))"]


def test_no_say_says_so() -> None:
    with pytest.raises(SpeechUnavailableError) as raised:
        Say(which=no_program).open(lambda _e: None)
    assert raised.value.notice == speech.NO_SAY_NOTICE


@pytest.mark.parametrize(
    ("platform", "kind"), [("linux", SpeechDispatcher), ("win32", Sapi), ("darwin", Say)]
)
def test_each_system_gets_its_own_service(platform: str, kind: type) -> None:
    assert isinstance(speech.default_backend(platform), kind)
