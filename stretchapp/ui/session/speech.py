"""Spoken prompts: a small speaker interface, a QTextToSpeech speaker and a silent one.

The speech engine is built only when something is first said with voice on, never at
start-up: on Linux the ``speechd`` engine talks to the speech-dispatcher daemon, and a
stuck daemon has been seen to block the thread that builds the engine. Tests use Qt's
``mock`` engine. When Qt's multimedia library cannot be loaded at all, no engine is listed
and a speaker goes quiet with the notice :func:`multimedia_unavailable` gives.
"""

from __future__ import annotations

import ctypes.util
import logging
import sys
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from stretchapp.ui.session.multimedia import multimedia_unavailable

if TYPE_CHECKING:
    from PySide6.QtTextToSpeech import QTextToSpeech

log = logging.getLogger(__name__)

MOCK_ENGINE = "mock"
LINUX_HINT = (
    "To hear spoken prompts on Linux, install speech-dispatcher and a voice, for example "
    "'sudo apt install speech-dispatcher speech-dispatcher-espeak-ng', then restart stretchapp."
)
NO_ENGINE_NOTICE = "Spoken prompts are off: no working speech engine was found."


class Speaker:
    """What the cue controller needs from a speech engine. This base class says nothing."""

    notice: str | None = None  # why voice is off, for the settings dialog; None while it works

    def say(self, text: str) -> None:
        """Start saying ``text``, cutting off anything still being said; returns at once."""

    def stop(self) -> None:
        """Stop talking now."""

    def configure(self, *, voice: str = "", rate: float = 0.0, volume: float = 0.8) -> None:
        """Voice name ("" for the engine's default), rate -1..1 and volume 0..1."""

    def voices(self) -> list[str]:
        return []

    def dispose(self) -> None:
        """Release the engine."""


class NullSpeaker(Speaker):
    """Says nothing: used while voice is off."""


def _engine_usable(name: str) -> bool:
    if name == MOCK_ENGINE:
        return False  # Qt's test engine speaks to no one
    if name == "speechd":
        # The plug-in is always shipped; it only works with the speech-dispatcher client library.
        return ctypes.util.find_library("speechd") is not None
    return True


def system_engines() -> list[str]:
    """Speech engines a person could hear on this system (lists plug-ins; builds none)."""
    if multimedia_unavailable() is not None:
        return []
    from PySide6.QtTextToSpeech import QTextToSpeech  # noqa: PLC0415 - only when voice is asked about

    return [name for name in QTextToSpeech.availableEngines() if _engine_usable(name)]


def how_to_get_voice() -> str:
    """What to tell a person who has no speech engine."""
    if sys.platform.startswith("linux"):
        return LINUX_HINT
    return "No speech engine was found on this system, so spoken prompts are off."


class QtSpeaker(QObject, Speaker):
    """Speaks with ``QTextToSpeech``; the engine is built on the first call that needs it."""

    unavailable = Signal(str)  # the notice, emitted once

    def __init__(self, engine: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine_name = engine
        self._tts: QTextToSpeech | None = None
        self._failed = False
        self._voice, self._rate, self._volume = "", 0.0, 0.8
        self.notice = None
        self.said: list[str] = []  # what was handed to the engine, newest last (bounded)

    @property
    def built(self) -> bool:
        return self._tts is not None

    def say(self, text: str) -> None:
        tts = self._engine()
        if tts is None:
            return
        tts.say(text)
        self.said = [*self.said[-19:], text]

    def stop(self) -> None:
        if self._tts is not None:
            self._tts.stop()

    def configure(self, *, voice: str = "", rate: float = 0.0, volume: float = 0.8) -> None:
        self._voice, self._rate, self._volume = voice, rate, volume
        if self._tts is not None:
            self._apply()

    def voices(self) -> list[str]:
        tts = self._engine()
        if tts is None:
            return []
        return [v.name() for v in tts.availableVoices()]

    def dispose(self) -> None:
        if self._tts is not None:
            self._tts.stop()
            # Owned by Python (no Qt parent), so dropping it deletes it; a deleteLater racing
            # the deletion of a parent made Qt warn about a shared object deleted directly.
            self._tts = None

    def _engine(self) -> QTextToSpeech | None:
        if self._failed:
            return None
        if self._tts is None:
            problem = multimedia_unavailable()
            if problem is not None:
                # Not logged here: the sound side or the app has the same notice to give.
                self._give_up(problem)
                return None
            from PySide6.QtTextToSpeech import QTextToSpeech  # noqa: PLC0415

            name = self._engine_name
            if name is None:
                engines = system_engines()
                if not engines:
                    self._fail("no speech engine")
                    return None
                name = engines[0]
            tts = QTextToSpeech(name)
            if tts.state() == QTextToSpeech.State.Error:
                detail = tts.errorString() or "engine failed to start"
                self._fail(f"{name}: {detail}")
                return None
            tts.errorOccurred.connect(lambda _reason, message: self._fail(message or "speech failed"))
            self._tts = tts
            self._apply()
        return self._tts

    def _apply(self) -> None:
        tts = self._tts
        if tts is None:
            return
        tts.setRate(max(-1.0, min(1.0, self._rate)))
        tts.setVolume(max(0.0, min(1.0, self._volume)))
        if self._voice:
            for voice in tts.availableVoices():
                if voice.name() == self._voice:
                    tts.setVoice(voice)
                    break

    def _fail(self, detail: str) -> None:
        if self._failed:
            return
        log.warning("voice cues off: %s", detail)
        self._give_up(NO_ENGINE_NOTICE)

    def _give_up(self, notice: str) -> None:
        if self._failed:
            return
        self._failed = True
        self.notice = notice
        if self._tts is not None:
            self._tts.stop()
        self.unavailable.emit(self.notice)
