"""Spoken prompts for the UI: the small speaker interface, a silent one, and the Qt adapter over the system's speech service.

:class:`QtSpeaker` wraps :class:`stretchapp.platform.speech.Speech` (speech-dispatcher on
Linux, SAPI on Windows, ``say`` on macOS). The service is reached only when something is
first said with voice on (or the voices are asked for), never at start-up, and always on
a worker thread: a stuck service can never block the UI. What the service reports (queued,
started, finished, cut off, the voice list) and why voice went quiet arrive on the UI thread
as signals.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Qt, Signal

from stretchapp.core import i18n
from stretchapp.core.i18n import N_, _
from stretchapp.platform.speech import (
    DEBIAN_PACKAGES,
    EventKind,
    Speech,
    SpeechBackend,
    SpeechEvent,
    VoiceSettings,
    default_backend,
    service_problem,
)

NO_VOICE_FOR = N_("No voice on this system speaks {language}, so the prompts are read by another voice.")
MORE_VOICES_HINT = N_("On Debian or Ubuntu, 'sudo apt install {packages}' brings voices for many languages.")
LINUX_HINT = N_(
    "To hear spoken prompts on Linux, install speech-dispatcher and a voice, for example "
    "'sudo apt install {packages}', then restart stretchapp."
)


class Speaker:
    """What the cue controller needs from a speech engine. This base class says nothing."""

    notice: str | None = None  # why voice is off, for the settings dialog; None while it works

    def say(self, text: str) -> None:
        """Start saying ``text``, cutting off anything still being said; returns at once."""

    def stop(self) -> None:
        """Stop talking now."""

    def configure(
        self, *, voice: str = "", rate: float = 0.0, volume: float = 0.8, language: str = ""
    ) -> None:
        """Voice name ("" for the service's default), rate -1..1, volume 0..1, the prompts' language.

        ``language`` "" means the app's; without a chosen voice, one that speaks it is asked for.
        """

    def voices(self) -> list[str]:
        return []

    def dispose(self) -> None:
        """Release the engine."""


class NullSpeaker(Speaker):
    """Says nothing: used while voice is off."""


def system_engines() -> list[str]:
    """The speech service a person could hear on this system, by name; empty when there is none.

    Looks for it (a socket, a program on PATH) without reaching or starting it.
    """
    return [] if service_problem() is not None else [default_backend().name]


def how_to_get_voice() -> str:
    """What to tell a person who has no speech service."""
    if sys.platform.startswith("linux"):
        return _(LINUX_HINT).format(packages=DEBIAN_PACKAGES)
    return service_problem() or _("No speech service was found on this system, so spoken prompts are off.")


def no_voice_notice(language: str) -> str:
    """What to tell a person whose system has no voice for the prompts' ``language``."""
    from stretchapp.ui.common.language import own_name  # noqa: PLC0415

    notice = _(NO_VOICE_FOR).format(language=own_name(language))
    if sys.platform.startswith("linux"):
        notice += " " + _(MORE_VOICES_HINT).format(packages=DEBIAN_PACKAGES)
    return notice


class QtSpeaker(QObject, Speaker):
    """Speaks through the system's speech service; reached on the first call that needs it."""

    unavailable = Signal(str)  # the notice, emitted once
    languageMissing = Signal(str)  # a notice: no voice speaks the prompts' language (once per language)
    speechEvent = Signal(object)  # a SpeechEvent: queued, started, finished, cancelled, voices
    voicesChanged = Signal(list)  # the voices a person can choose, when the service has listed them
    _eventFromWorker = Signal(object)
    _problemFromWorker = Signal(str)

    def __init__(self, backend: SpeechBackend | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self._speech: Speech | None = None
        self._failed = False
        self._settings = VoiceSettings()
        self._asked_for_voices = False
        self._voices: list[str] = []
        self.notice = None
        self.said: list[str] = []  # what was handed to the service, newest last (bounded)
        queued = Qt.ConnectionType.QueuedConnection
        self._eventFromWorker.connect(self._on_event, queued)
        self._problemFromWorker.connect(self._on_problem, queued)

    @property
    def built(self) -> bool:
        return self._speech is not None

    @property
    def service_name(self) -> str:
        return (
            (self._backend or default_backend()).name if self._speech is None else self._speech.backend.name
        )

    def say(self, text: str) -> None:
        speech = self._service()
        if speech is None:
            return
        speech.say(text)
        self.said = [*self.said[-19:], text]

    def stop(self) -> None:
        if self._speech is not None:
            self._speech.stop()

    def configure(
        self, *, voice: str = "", rate: float = 0.0, volume: float = 0.8, language: str = ""
    ) -> None:
        self._settings = VoiceSettings(
            voice=voice, rate=rate, volume=volume, language=language or i18n.language()
        )
        if self._speech is not None:
            self._speech.configure(self._settings)

    def voices(self) -> list[str]:
        """The voices listed so far; the first call asks the service, and :attr:`voicesChanged` follows."""
        speech = self._service()
        if speech is not None and not self._asked_for_voices:
            self._asked_for_voices = True
            speech.request_voices()
        return list(self._voices)

    def dispose(self) -> None:
        speech, self._speech = self._speech, None
        if speech is not None:
            speech.close()

    def _service(self) -> Speech | None:
        if self._failed:
            return None
        if self._speech is None:
            self._speech = Speech(
                self._backend,
                on_event=self._eventFromWorker.emit,
                on_unavailable=self._problemFromWorker.emit,
            )
            self._speech.configure(self._settings)
        return self._speech

    def _on_event(self, event: SpeechEvent) -> None:
        if event.kind is EventKind.VOICES:
            self._voices = list(event.voices)
            self.voicesChanged.emit(list(self._voices))
        elif event.kind is EventKind.NO_VOICE:
            self.languageMissing.emit(no_voice_notice(event.language))
        self.speechEvent.emit(event)

    def _on_problem(self, notice: str) -> None:
        if self._failed:
            return
        self._failed = True
        self.notice = notice
        self.unavailable.emit(notice)
