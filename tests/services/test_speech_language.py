"""The prompts' language through a real speech-dispatcher (espeak-ng): asked for, spoken, and missing.

The assertions are on the app's own events and on SSIP's result codes, never on a voice's name.
"""

from __future__ import annotations

import queue

from stretchapp.platform.speech import EventKind, Speech, SpeechDispatcher, SpeechEvent, VoiceSettings
from tests.services.conftest import SpeechServer

PRIVATE_USE = "qaa"  # a language tag reserved for private use: no synthesiser has a voice for it


def _until(events: queue.Queue[SpeechEvent], *kinds: EventKind) -> list[SpeechEvent]:
    seen: list[SpeechEvent] = []
    while not seen or seen[-1].kind not in kinds:
        seen.append(events.get(timeout=20))
    return seen


def test_a_german_prompt_is_spoken_with_a_german_voice_and_nothing_is_said_missing(
    speechd: SpeechServer,
) -> None:
    events: queue.Queue[SpeechEvent] = queue.Queue()
    speech = Speech(SpeechDispatcher(), on_event=events.put)
    try:
        speech.configure(VoiceSettings(language="de"))
        speech.say("Halten Sie die Dehnung.")
        seen = _until(events, EventKind.FINISHED, EventKind.CANCELLED)
        assert seen[-1].kind is EventKind.FINISHED
        assert not [e for e in seen if e.kind is EventKind.NO_VOICE]
        speech.request_voices()
        voices = _until(events, EventKind.VOICES)[-1].voices
        assert voices and speech.available
    finally:
        speech.close()


def test_a_language_no_voice_speaks_is_told_once_and_the_prompts_are_still_read(
    speechd: SpeechServer,
) -> None:
    events: queue.Queue[SpeechEvent] = queue.Queue()
    speech = Speech(SpeechDispatcher(), on_event=events.put)
    try:
        speech.configure(VoiceSettings(language=PRIVATE_USE))
        seen: list[SpeechEvent] = []
        for text in ("Rest.", "Hold."):
            speech.say(text)
            seen += _until(events, EventKind.FINISHED, EventKind.CANCELLED)
        missing = [e for e in seen if e.kind is EventKind.NO_VOICE]
        assert [e.language for e in missing] == [PRIVATE_USE]
        assert [e.kind for e in seen].count(EventKind.FINISHED) == 2 and speech.available
    finally:
        speech.close()
