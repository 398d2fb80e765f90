"""Cue sounds: a small player interface, a QSoundEffect player and a silent one.

:class:`QtSoundPlayer` loads every cue once, when it is built, so a cue starts the moment
it is asked for. When sound cannot work (no audio device, no multimedia backend, a file
that is missing or cannot be read) the player turns itself off: it logs one line, offers
one notice for the settings dialog and from then on ignores requests, so a session runs on
silently. When Qt's multimedia library cannot even be loaded, :func:`make_sound_player`
hands out a silent player that carries the notice saying so.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal

from stretchapp import resources
from stretchapp.core.cues import Sound
from stretchapp.ui.session.multimedia import multimedia_unavailable

log = logging.getLogger(__name__)

NO_DEVICE_NOTICE = "No sound device found: cues are off."
BROKEN_NOTICE = "Cue sounds could not be played ({detail}): cues are off."
MISSING_NOTICE = "A cue sound file is missing ({name}): cues are off."


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
    """Plays nothing: used when sound cues are off in the settings, or cannot work at all."""

    def __init__(self, notice: str | None = None) -> None:
        self.notice = notice


def make_sound_player(*, volume: float = 0.8, muted: bool = False) -> SoundPlayer:
    """A :class:`QtSoundPlayer`, or a silent player with the reason when multimedia cannot load."""
    problem = multimedia_unavailable()
    if problem is not None:
        return NullSoundPlayer(problem)
    return QtSoundPlayer(volume=volume, muted=muted)


def cue_files() -> dict[Sound, Path]:
    return {sound: resources.sound(sound.value) for sound in Sound}


class QtSoundPlayer(QObject, SoundPlayer):
    """Plays cues with preloaded ``QSoundEffect`` objects; goes quiet on the first failure.

    Needs Qt's multimedia library: build it through :func:`make_sound_player`.
    """

    unavailable = Signal(str)  # the notice, emitted once

    def __init__(
        self,
        files: Mapping[Sound, Path] | None = None,
        *,
        volume: float = 0.8,
        muted: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        # Imported here so that an app with sound off never loads the multimedia stack.
        from PySide6.QtMultimedia import QSoundEffect  # noqa: PLC0415

        self._error_status = QSoundEffect.Status.Error
        self._effects: dict[Sound, QSoundEffect] = {}
        self._failed = False
        self.notice = None
        self.plays = 0  # play calls handed to Qt, for tests and the benchmark
        for sound, path in (files or cue_files()).items():
            if not path.is_file():
                # Said as it is: a missing file is not a fault of the sound device.
                self._fail(f"{path} is missing", MISSING_NOTICE.format(name=path.name))
                return
            effect = QSoundEffect(self)
            effect.setVolume(volume)
            effect.setMuted(muted)
            effect.statusChanged.connect(self._check)
            effect.setSource(QUrl.fromLocalFile(str(path)))
            self._effects[sound] = effect
        self._check()

    @property
    def available(self) -> bool:
        return not self._failed

    def play(self, sound: Sound) -> None:
        if self._failed:
            return
        effect = self._effects.get(sound)
        if effect is None or effect.status() == self._error_status:
            self._check()
            return
        effect.play()
        self.plays += 1

    def set_volume(self, volume: float) -> None:
        for effect in self._effects.values():
            effect.setVolume(max(0.0, min(1.0, volume)))

    def set_muted(self, muted: bool) -> None:
        for effect in self._effects.values():
            effect.setMuted(muted)

    def dispose(self) -> None:
        for effect in self._effects.values():
            effect.stop()
            effect.deleteLater()
        self._effects.clear()

    def _check(self) -> None:
        broken = [s.value for s, e in self._effects.items() if e.status() == self._error_status]
        if broken and not self._failed:
            self._fail(f"{', '.join(broken)} failed to load")

    def _fail(self, detail: str, notice: str | None = None) -> None:
        if self._failed:
            return
        self._failed = True
        if notice is not None:
            self.notice = notice
        else:
            from PySide6.QtMultimedia import QMediaDevices  # noqa: PLC0415

            if not QMediaDevices.audioOutputs():
                self.notice = NO_DEVICE_NOTICE
            else:
                self.notice = BROKEN_NOTICE.format(detail=detail)
        log.warning("sound cues off: %s (%s)", self.notice, detail)
        self.unavailable.emit(self.notice)
