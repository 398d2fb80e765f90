"""Plays the cue sounds and speaks the prompts of a running session.

The :class:`CueController` follows a :class:`SessionDriver`'s signals and asks the plain
Python :class:`~stretchapp.core.cues.CuePlan` what each moment sounds like. Sound and speech go
through small interfaces (:class:`SoundPlayer`, :class:`Speaker`), so tests use fakes and a
machine without sound just stays quiet. The speech service is reached only once voice is on
and something is to be said. Each reason for quiet is raised once, even when both channels
give the same one; a reason found on a sound or speech thread arrives later, by signal.
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from stretchapp.core.cues import CueEvent, CuePlan
from stretchapp.core.engine import PauseReason, SessionState, Summary
from stretchapp.core.logger import get_logger
from stretchapp.core.model import Phase
from stretchapp.storage.settings import Settings
from stretchapp.ui.session.audio import NullSoundPlayer, SoundPlayer, make_sound_player
from stretchapp.ui.session.driver import SessionDriver
from stretchapp.ui.session.observer import Detach, SessionObserver, observe
from stretchapp.ui.session.speech import QtSpeaker, Speaker

log = get_logger(__name__)


class CueController(QObject, SessionObserver):
    """Turns session events into sounds and speech, following the person's settings."""

    noticeRaised = Signal(str)  # once per reason a cue channel went quiet

    def __init__(
        self,
        settings: Settings,
        *,
        sound_factory: Callable[[Settings], SoundPlayer] | None = None,
        speaker_factory: Callable[[], Speaker] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self._sound_factory = sound_factory or self._default_sound
        self._speaker_factory = speaker_factory or (lambda: QtSpeaker(parent=self))
        self._player: SoundPlayer = NullSoundPlayer()
        self._speaker: Speaker | None = None  # built on first use with voice on
        self._driver: SessionDriver | None = None
        self._detach: Detach | None = None
        self._plan: CuePlan | None = None
        self._notices: dict[str, str] = {}
        self._language = ""  # the prompts' language ("" until a routine is attached: the app's)
        self._built = False  # until then nobody can have connected to noticeRaised
        # How late each cue was handed over, in session seconds after the instant it marks.
        self.lateness: deque[float] = deque(maxlen=200)
        self._build_player()
        self._built = True
        if self._notices:
            # A reason found while building (a missing cue file) reached no one:
            # raise it once the event loop runs, when whoever built this controller is listening.
            QTimer.singleShot(0, self, functools.partial(self._raise_all, self.notices()))

    # -- wiring --------------------------------------------------------------------------
    def attach(self, driver: SessionDriver) -> None:
        """Follow ``driver``'s session (attach before ``driver.start()`` to hear the first cue)."""
        self.detach()
        self._driver = driver
        self._plan = CuePlan(driver.session.timeline)
        # The prompts are the routine's words: the voice speaks the language they are shown in.
        self._language = driver.session.timeline.routine.language
        if self._speaker is not None:
            self._configure_speaker(self._speaker)
        self._detach = observe(driver, self)

    def detach(self) -> None:
        detach, self._detach = self._detach, None
        if detach is not None:
            detach()
        self._driver = None
        self._plan = None
        if self._speaker is not None:
            self._speaker.stop()

    def dispose(self) -> None:
        self.detach()
        self._player.dispose()
        if self._speaker is not None:
            self._speaker.dispose()
            self._speaker = None

    # -- settings ------------------------------------------------------------------------
    def set_muted(self, muted: bool) -> None:
        """Silence (or restore) sounds and speech now, for this controller only (nothing is saved)."""
        self.settings = self.settings.replace(muted=muted)
        self._player.set_muted(muted)
        if muted and self._speaker is not None:
            self._speaker.stop()

    def apply_settings(self, settings: Settings) -> None:
        """Take up changed cue options (after the settings dialog's OK or Apply)."""
        sound_changed = settings.sound_enabled != self.settings.sound_enabled
        self.settings = settings
        if sound_changed:
            self._player.dispose()
            self._build_player()
        else:
            self._player.set_volume(settings.volume)
            self._player.set_muted(settings.muted)
        if settings.muted and self._speaker is not None:
            self._speaker.stop()
        if self._speaker is not None:
            if settings.voice_enabled:
                self._configure_speaker(self._speaker)
            else:
                self._speaker.dispose()
                self._speaker = None

    @property
    def player(self) -> SoundPlayer:
        return self._player

    @property
    def speaker(self) -> Speaker | None:
        """The speaker, once built (None while voice has not been needed)."""
        return self._speaker

    def notices(self) -> list[str]:
        """Why a cue channel is off, for the settings dialog's status area (each reason once)."""
        return list(dict.fromkeys(self._notices.values()))

    # -- session events ------------------------------------------------------------------
    def on_phase_started(self, phase: Phase, index: int, next_phase: Phase | None) -> None:
        # Phases a late wake-up passed over never arrive here: the engine reports them as passed.
        session = self._driver.session if self._driver is not None else None
        if self._plan is None or session is None:
            return
        self._perform(self._plan.at_phase_start(index), session.remaining())

    def on_second(self, remaining: int) -> None:
        session = self._driver.session if self._driver is not None else None
        if self._plan is None or session is None or session.state is not SessionState.RUNNING:
            return
        event = self._plan.at_second(session.index, remaining)
        if event is not None:
            self._perform(event, session.remaining())

    def on_paused(self, reason: PauseReason) -> None:
        if self._speaker is not None:
            self._speaker.stop()

    def on_finished(self, summary: Summary) -> None:
        if self._plan is None:
            return
        if summary.completed:
            self._perform(self._plan.at_end(summary.counts_as_done), None)
        elif self._speaker is not None:
            self._speaker.stop()

    def _perform(self, event: CueEvent, remaining: float | None) -> None:
        if self.settings.muted:
            return
        if event.sound is not None and self.settings.sound_enabled:
            self._player.play(event.sound)
            if remaining is not None:
                self.lateness.append(max(0.0, event.remaining - remaining))
        if event.text and self.settings.voice_enabled:
            speaker = self._voice()
            speaker.say(event.text)

    # -- channels ------------------------------------------------------------------------
    @staticmethod
    def _default_sound(settings: Settings) -> SoundPlayer:
        if not settings.sound_enabled:
            return NullSoundPlayer()
        return make_sound_player(volume=settings.volume, muted=settings.muted)

    def _build_player(self) -> None:
        self._player = self._sound_factory(self.settings)
        self._watch(self._player, "sound")

    def _voice(self) -> Speaker:
        if self._speaker is None:
            speaker = self._speaker_factory()
            self._configure_speaker(speaker)
            self._watch(speaker, "voice")
            self._speaker = speaker
        return self._speaker

    def _configure_speaker(self, speaker: Speaker) -> None:
        s = self.settings
        speaker.configure(
            voice=s.voice_name, rate=s.voice_rate, volume=s.voice_volume, language=self._language
        )

    def _watch(self, channel: SoundPlayer | Speaker, key: str) -> None:
        if channel.notice:
            self._note(key, channel.notice)
        unavailable = getattr(channel, "unavailable", None)
        if unavailable is not None:
            unavailable.connect(lambda notice: self._note(key, notice))
        missing = getattr(channel, "languageMissing", None)
        if missing is not None:  # the voice still speaks: a note of its own, told once
            missing.connect(lambda notice: self._note(f"{key} language", notice))

    def _raise_all(self, notices: list[str]) -> None:
        for notice in notices:
            self.noticeRaised.emit(notice)

    def _note(self, key: str, notice: str) -> None:
        if self._notices.get(key) == notice:
            return
        already_said = notice in self._notices.values()
        self._notices[key] = notice
        if self._built and not already_said:
            self.noticeRaised.emit(notice)
