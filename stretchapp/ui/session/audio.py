"""Cue sounds for the UI: the small player interface, a silent player, and the Qt adapter over miniaudio.

:class:`QtSoundPlayer` wraps :class:`stretchapp.platform.sound.CuePlayer`, which loads every
cue once on its own thread and plays through the system's sound server without ever
blocking the caller. When sound cannot work (miniaudio missing, a cue file missing or
unreadable, no output device) the player turns itself off: one line in the log, one notice
for the settings dialog, delivered on the UI thread through :attr:`QtSoundPlayer.unavailable`,
and from then on requests are ignored, so a session runs on silently.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal

from stretchapp import resources
from stretchapp.core.cues import Sound
from stretchapp.platform.sound import (
    BROKEN_NOTICE,
    MISSING_NOTICE,
    NO_DEVICE_NOTICE,
    NO_LIBRARY_NOTICE,
    CuePlayer,
    OutputDevice,
)

__all__ = [
    "BROKEN_NOTICE",
    "MISSING_NOTICE",
    "NO_DEVICE_NOTICE",
    "NO_LIBRARY_NOTICE",
    "NullSoundPlayer",
    "QtSoundPlayer",
    "SoundPlayer",
    "cue_files",
    "make_sound_player",
]


class SoundPlayer:
    """What the cue controller needs from a sound player. This base class is silent."""

    notice: str | None = None  # why sound is off, for the settings dialog; None while it works

    @property
    def available(self) -> bool:
        return False

    def play(self, sound: Sound) -> None:
        """Start ``sound`` now; returns at once."""

    def set_volume(self, volume: float) -> None:
        """0.0 (silent) to 1.0 (full)."""

    def set_muted(self, muted: bool) -> None:
        """Silence every cue without forgetting the volume."""

    def dispose(self) -> None:
        """Release audio resources."""


class NullSoundPlayer(SoundPlayer):
    """Plays nothing: used when sound cues are off in the settings."""

    def __init__(self, notice: str | None = None) -> None:
        self.notice = notice


def make_sound_player(*, volume: float = 0.8, muted: bool = False) -> SoundPlayer:
    """The app's sound player: the cues on the system's default output."""
    return QtSoundPlayer(volume=volume, muted=muted)


def cue_files() -> dict[Sound, Path]:
    return {sound: resources.sound(sound.value) for sound in Sound}


class QtSoundPlayer(QObject, SoundPlayer):
    """Plays cues through :class:`CuePlayer`; says once, on the UI thread, why sound went quiet."""

    unavailable = Signal(str)  # the notice, emitted once
    _problem = Signal(str)  # from the sound thread; delivered on this object's thread

    def __init__(
        self,
        files: Mapping[Sound, Path] | None = None,
        *,
        volume: float = 0.8,
        muted: bool = False,
        open_device: Callable[[], OutputDevice] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._announced = False
        self.plays = 0  # play calls handed to the mixer, for tests and the benchmark
        self._problem.connect(self._announce, Qt.ConnectionType.QueuedConnection)
        chosen = cue_files() if files is None else files
        self.cues = CuePlayer(
            {sound.value: path for sound, path in chosen.items()},
            volume=volume,
            muted=muted,
            on_unavailable=self._problem.emit,
            open_device=open_device,
        )
        self.notice = self.cues.notice  # a missing file is known at once; the rest arrives later

    @property
    def available(self) -> bool:
        return self.cues.available

    @property
    def backend(self) -> str | None:
        """The sound system the cues go to, once the device is open (for the settings dialog)."""
        return self.cues.backend

    def play(self, sound: Sound) -> None:
        if self.cues.play(sound.value):
            self.plays += 1

    def set_volume(self, volume: float) -> None:
        self.cues.set_volume(volume)

    def set_muted(self, muted: bool) -> None:
        self.cues.set_muted(muted)

    def dispose(self) -> None:
        self.cues.dispose()

    def _announce(self, notice: str) -> None:
        if self._announced:
            return
        self._announced = True
        self.notice = notice
        self.unavailable.emit(notice)
