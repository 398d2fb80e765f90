"""The voice speaks the routine's language, with a voice for it where the system has one, and says once when not.

speech-dispatcher is met through a stand-in SSIP server here (the real one is in
tests/services/test_speech_language.py); SAPI and say through their fake processes.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import pytest

from stretchapp.core.engine import Session
from stretchapp.core.model import Exercise, HoldRange, Routine
from stretchapp.core.timeline import build_timeline
from stretchapp.platform.speech import EventKind, Speech, SpeechEvent, VoiceSettings, voices_in
from stretchapp.storage.settings import Settings
from stretchapp.ui.session.cue_controller import CueController
from stretchapp.ui.session.driver import SessionDriver
from stretchapp.ui.session.speech import QtSpeaker
from tests.fakes import FakeClock
from tests.sound_fakes import wait_for
from tests.speech_fakes import FakeBackend, FakeSSIPServer
from tests.test_cues_qt import FakePlayer, FakeSpeaker
from tests.test_speech_backends import dispatcher, powershell, say, server, short_tmp  # noqa: F401

VOICES = ("English (America)\ten-US\tnone", "German\tde\tnone", "German\tde\tklatt")


@pytest.fixture
def german_and_english(short_tmp: Path) -> Iterator[FakeSSIPServer]:  # noqa: F811
    s = FakeSSIPServer(short_tmp / "speechd.sock", voices=VOICES)
    yield s
    s.close()


def _events(front_events: list[SpeechEvent], kind: EventKind) -> list[SpeechEvent]:
    return [e for e in front_events if e.kind is kind]


# -- speech-dispatcher ---------------------------------------------------------------------
def test_the_service_is_asked_for_the_prompts_language(german_and_english: FakeSSIPServer) -> None:
    events: list[SpeechEvent] = []
    front = Speech(dispatcher(german_and_english), on_event=events.append)
    try:
        front.configure(VoiceSettings(language="de"))
        front.say("Halten.")
        assert wait_for(lambda: any(c.startswith("DATA") for c in german_and_english.commands()))
        commands = german_and_english.commands()
        assert "SET SELF LANGUAGE de" in commands
        assert commands.index("SET SELF LANGUAGE de") < commands.index("SPEAK")
        assert not _events(events, EventKind.NO_VOICE)  # a German voice is there
    finally:
        front.close()


def test_a_language_without_a_voice_is_told_once_and_the_prompts_go_on(
    german_and_english: FakeSSIPServer,
) -> None:
    events: list[SpeechEvent] = []
    front = Speech(dispatcher(german_and_english), on_event=events.append)
    try:
        front.configure(VoiceSettings(language="he"))
        for text in ("one", "two", "three"):
            front.say(text)
            assert wait_for(lambda t=text: f"DATA {t}" in german_and_english.commands())
        missing = _events(events, EventKind.NO_VOICE)
        assert [e.language for e in missing] == ["he"]
        assert front.available  # still speaking, with the service's own voice
        assert "SET SELF LANGUAGE he" in german_and_english.commands()
    finally:
        front.close()


def test_a_voice_the_person_chose_is_kept_whatever_the_language(german_and_english: FakeSSIPServer) -> None:
    events: list[SpeechEvent] = []
    front = Speech(dispatcher(german_and_english), on_event=events.append)
    try:
        front.configure(VoiceSettings(voice="English (America)", language="he"))
        front.say("Hold.")
        assert wait_for(lambda: "DATA Hold." in german_and_english.commands())
        commands = german_and_english.commands()
        assert "SET SELF SYNTHESIS_VOICE English (America)" in commands
        assert not any(c.startswith("SET SELF LANGUAGE") for c in commands)
        assert not _events(events, EventKind.NO_VOICE)
    finally:
        front.close()


def test_the_voices_offered_are_the_prompts_language() -> None:
    triples = [tuple(v.split("\t")) for v in VOICES]
    assert voices_in(triples, "de") == ["German"]  # type: ignore[arg-type]
    assert voices_in(triples, "en_GB") == ["English (America)"]  # type: ignore[arg-type]
    assert voices_in(triples, "he") == ["English (America)", "German"]  # none speaks it: all are offered  # type: ignore[arg-type]


# -- SAPI and say ----------------------------------------------------------------------------
def test_sapi_picks_a_voice_of_the_prompts_language(powershell) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    backend, started = powershell
    backend.speak("Halten.", VoiceSettings(language="de"))
    chosen = [line for line in started[0].lines() if line.startswith("VOICE ")]
    assert [base64.b64decode(line[6:]).decode() for line in chosen] == ["Microsoft Hedda Desktop"]
    assert backend.has_voice_for("de") and backend.has_voice_for("he") is False


def test_say_picks_a_voice_of_the_prompts_language(say) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    backend, started, _events = say
    backend.speak("Halten.", VoiceSettings(language="de"))
    assert started[-1].argv[1:3] == ["-v", "Anna"]
    backend.speak("Hold.", VoiceSettings(language="en"))  # the session's own language: its own voice
    assert "-v" not in started[-1].argv
    assert backend.has_voice_for("he") is False


# -- the app: the routine's language, a notice once ------------------------------------------
GERMAN = Routine(
    id="kippen",
    title="Kippen",
    exercises=(Exercise(name="Kippen", steps=("Sitzen Sie aufrecht.",), hold=HoldRange(3, 3), reps=2),),
    prepare=1,
    rest=1,
    language="de",
    source_language="de",
)


def _session(routine: Routine, clock: FakeClock) -> SessionDriver:
    return SessionDriver(Session(build_timeline(routine), clock=clock))


def test_the_voice_is_set_to_the_routine_s_language(qtbot, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    speakers: list[FakeSpeaker] = []

    def make() -> FakeSpeaker:
        speakers.append(FakeSpeaker())
        return speakers[-1]

    cues = CueController(
        Settings(voice_enabled=True), sound_factory=lambda _s: FakePlayer(), speaker_factory=make
    )
    driver = _session(GERMAN, clock)
    cues.attach(driver)
    driver.start()
    assert speakers and speakers[0].said and speakers[0].language == "de"
    english = Routine(id="e", title="E", exercises=GERMAN.exercises, prepare=1, rest=1)
    other = _session(english, clock)
    cues.attach(other)  # the next routine is English: the same speaker is told so
    assert speakers[0].language == "en"
    cues.dispose()


def test_no_voice_for_the_routine_s_language_is_said_once(qtbot, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    class NoHebrew(FakeBackend):
        def has_voice_for(self, language: str) -> bool | None:
            return not language.startswith("he")

    backend = NoHebrew(finish=True)
    cues = CueController(
        Settings(voice_enabled=True),
        sound_factory=lambda _s: FakePlayer(),
        speaker_factory=lambda: QtSpeaker(backend),
    )
    notices: list[str] = []
    cues.noticeRaised.connect(notices.append)
    hebrew = Routine(
        id="h", title="ה", exercises=GERMAN.exercises, prepare=1, rest=1, language="he", source_language="he"
    )
    driver = _session(hebrew, clock)
    cues.attach(driver)
    driver.start()
    phases = driver.session.timeline.phases
    for spoken in range(1, 4):  # get ready, hold, rest: each said in turn
        qtbot.waitUntil(lambda n=spoken: len(backend.spoken) >= n, timeout=5000)
        clock.advance(phases[driver.session.index].seconds)
        driver.tick()
    qtbot.waitUntil(lambda: bool(notices), timeout=5000)
    qtbot.wait(50)
    assert len(notices) == 1
    assert all(settings.language == "he" for _text, settings in backend.spoken)
    assert notices[0] in cues.notices()  # the Settings dialog lists it too
    cues.dispose()
