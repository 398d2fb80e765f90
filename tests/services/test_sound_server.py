"""Cue sounds through a real PulseAudio server: opened, played in real time, and heard on the sink's monitor."""

from __future__ import annotations

import array
from collections.abc import Generator, Iterator
from typing import Any

import miniaudio
import pytest

from stretchapp.core.cues import Sound
from stretchapp.core.engine import Session, SessionState
from stretchapp.core.model import Exercise, HoldRange, Routine
from stretchapp.core.timeline import build_timeline
from stretchapp.platform import sound
from stretchapp.platform.sound import CuePlayer
from stretchapp.storage.settings import Settings
from stretchapp.ui.session.audio import QtSoundPlayer, cue_files
from stretchapp.ui.session.cue_controller import CueController
from stretchapp.ui.session.driver import SessionDriver
from tests.fakes import FakeClock
from tests.services.conftest import PulseServer
from tests.sound_fakes import wait_for

LOUD = 1000  # well above the dither of a silent stream, well below any cue's peak


class Recorder:
    """Records the server's default source: the null sink's monitor, i.e. everything played."""

    def __init__(self) -> None:
        self.frames = array.array("h")
        self._device = miniaudio.CaptureDevice(
            input_format=miniaudio.SampleFormat.SIGNED16,
            nchannels=1,
            sample_rate=sound.SAMPLE_RATE,
            buffersize_msec=10,
            backends=[miniaudio.Backend.PULSEAUDIO],
        )
        feed = self._take()
        next(feed)
        self._device.start(feed)

    def _take(self) -> Generator[None, Any, None]:
        while True:
            data = yield
            self.frames.frombytes(bytes(data))

    def loud(self) -> int:
        return sum(1 for f in self.frames if abs(f) > LOUD)

    def close(self) -> None:
        self._device.close()


@pytest.fixture
def recorder(pulse: PulseServer) -> Iterator[Recorder]:
    r = Recorder()
    yield r
    r.close()


def test_every_cue_is_played_through_the_sound_server(pulse: PulseServer, recorder: Recorder) -> None:
    notices: list[str] = []
    player = CuePlayer(
        {s.value: p for s, p in cue_files().items()}, volume=1.0, on_unavailable=notices.append
    )
    try:
        for cue in Sound:
            assert player.play(cue.value)
            assert wait_for(lambda cue=cue: cue.value in player.mixer.finished)  # type: ignore[misc]
        assert player.backend == "PulseAudio" and notices == [] and player.available
        # Mixed by the server in real time: the cues arrive on the monitor, about 1.8 s of them.
        assert wait_for(lambda: recorder.loud() > sound.SAMPLE_RATE // 10, timeout=20)
    finally:
        player.dispose()


def test_a_muted_player_sends_nothing_to_the_server(pulse: PulseServer, recorder: Recorder) -> None:
    player = CuePlayer({s.value: p for s, p in cue_files().items()}, muted=True)
    try:
        assert not player.play(Sound.HOLD.value)
        player.set_muted(False)
        assert player.play(Sound.COUNTDOWN.value)
        assert wait_for(lambda: Sound.COUNTDOWN.value in player.mixer.finished)
        assert [name for name, _asked, _played in player.mixer.started] == [Sound.COUNTDOWN.value]
    finally:
        player.dispose()


def test_a_session_plays_each_cue_in_order_through_the_server(
    qtbot, clock: FakeClock, pulse: PulseServer
) -> None:  # type: ignore[no-untyped-def]
    exercise = Exercise(name="Tuck", steps=("Tuck your chin.",), hold=HoldRange(4, 4), reps=2)
    session = Session(
        build_timeline(Routine(id="t", title="T", exercises=(exercise,), prepare=1, rest=1)), clock=clock
    )
    driver = SessionDriver(session)
    cues = CueController(Settings())  # the app's own player
    notices: list[str] = []
    cues.noticeRaised.connect(notices.append)
    player = cues.player
    assert isinstance(player, QtSoundPlayer)
    cues.attach(driver)
    try:
        driver.start()
        for _ in range(1 + 4 + 1 + 1 + 4):
            clock.advance(1)
            driver.tick()
        assert session.state is SessionState.FINISHED
        hold = ["hold", "countdown", "countdown", "countdown"]
        expected = [*hold, "rest", *hold, "done"]
        assert player.plays == len(expected)
        assert wait_for(lambda: len(player.cues.mixer.finished) == len(expected), timeout=20)
        assert [name for name, _asked, _played in player.cues.mixer.started] == expected
        assert player.backend == "PulseAudio"
        qtbot.wait(20)
        assert notices == []
    finally:
        cues.dispose()
        driver.dispose()
