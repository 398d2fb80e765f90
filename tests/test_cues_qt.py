"""The cue controller through a real SessionDriver and a fake clock, with fake sound and speech."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from stretchapp.core.cues import DONE_TEXT, END_TEXT, Sound
from stretchapp.core.engine import Session, SessionState
from stretchapp.core.model import Exercise, HoldRange, Routine, Side, Sides
from stretchapp.core.timeline import build_timeline
from stretchapp.storage.settings import Settings
from stretchapp.ui.session.audio import SoundPlayer
from stretchapp.ui.session.cue_controller import CueController
from stretchapp.ui.session.driver import SessionDriver
from stretchapp.ui.session.speech import Speaker
from tests.fakes import FakeClock


class FakePlayer(SoundPlayer):
    def __init__(self, notice: str | None = None) -> None:
        self.played: list[Sound] = []
        self.volume: float | None = None
        self.muted = False
        self.disposed = False
        self.notice = notice

    @property
    def available(self) -> bool:
        return self.notice is None

    def play(self, sound: Sound) -> None:
        self.played.append(sound)

    def set_volume(self, volume: float) -> None:
        self.volume = volume

    def set_muted(self, muted: bool) -> None:
        self.muted = muted

    def dispose(self) -> None:
        self.disposed = True


class FakeSpeaker(Speaker):
    def __init__(self, notice: str | None = None) -> None:
        self.said: list[str] = []
        self.stops = 0
        self.config: dict[str, object] = {}
        self.language = ""
        self.notice = notice

    def say(self, text: str) -> None:
        self.said.append(text)

    def stop(self) -> None:
        self.stops += 1

    def configure(
        self, *, voice: str = "", rate: float = 0.0, volume: float = 0.8, language: str = ""
    ) -> None:
        self.config = {"voice": voice, "rate": rate, "volume": volume}
        self.language = language


TILT = Exercise(name="Tilt", steps=("Tilt to the {side}.",), hold=HoldRange(5, 5), reps=1, sides=Sides.BOTH)


class Rig:
    def __init__(
        self, settings: Settings, clock: FakeClock, first_side: Side = Side.RIGHT, notice: str | None = None
    ) -> None:
        self.notice = notice  # why both channels are off, when they are
        self.player = FakePlayer(notice)
        self.speakers: list[FakeSpeaker] = []
        routine = Routine(id="tilt", title="Tilt", exercises=(TILT,), prepare=2, rest=2)
        self.driver = SessionDriver(Session(build_timeline(routine, first_side=first_side), clock=clock))
        self.cues = CueController(
            settings, sound_factory=lambda _s: self.player, speaker_factory=self._new_speaker
        )
        self.cues.attach(self.driver)
        self.clock = clock

    def _new_speaker(self) -> FakeSpeaker:
        self.speakers.append(FakeSpeaker(self.notice))
        return self.speakers[-1]

    def run(self, seconds: int) -> None:
        for _ in range(seconds):
            self.clock.advance(1)
            self.driver.tick()

    def close(self) -> None:
        self.cues.dispose()
        self.driver.dispose()


@pytest.fixture
def rig(qtbot, clock: FakeClock) -> Iterator[Rig]:  # type: ignore[no-untyped-def]
    r = Rig(Settings(voice_enabled=True), clock)
    yield r
    r.close()


def test_a_whole_session_sounds_each_cue_once_in_order(rig: Rig) -> None:
    rig.driver.start()
    rig.run(2 + 5 + 2 + 2 + 5)
    hold_cues = [Sound.HOLD, Sound.COUNTDOWN, Sound.COUNTDOWN, Sound.COUNTDOWN]
    assert rig.player.played == [*hold_cues, Sound.REST, *hold_cues, Sound.DONE]
    assert rig.speakers[0].said == [
        "Tilt. Right side.",
        "Hold for five seconds.",  # two seconds to speak before the countdown: no room for the steps
        "Rest. Switch sides.",
        "Left side.",
        "Hold for five seconds.",
        DONE_TEXT,
    ]
    # Woken on time by the fake clock, every cue was handed over at its instant.
    assert list(rig.cues.lateness) and max(rig.cues.lateness) == 0


def test_the_first_side_setting_reaches_the_words(qtbot, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    rig = Rig(Settings(voice_enabled=True), clock, first_side=Side.LEFT)
    try:
        rig.driver.start()
        rig.run(2)
        assert rig.speakers[0].said == ["Tilt. Left side.", "Hold for five seconds."]
    finally:
        rig.close()


def test_mute_silences_sound_and_speech_and_is_kept_in_settings(rig: Rig) -> None:
    rig.driver.start()
    rig.cues.set_muted(True)
    assert rig.cues.settings.muted and rig.player.muted
    assert rig.speakers[0].stops == 1  # what was being said stops at once
    rig.run(2 + 5)
    assert rig.player.played == []
    assert rig.speakers[0].said == ["Tilt. Right side."]
    rig.cues.set_muted(False)
    rig.run(2 + 2)  # the rest ends, get-ready passes quietly, the second hold starts
    assert rig.player.played == [Sound.HOLD]


def test_voice_off_never_builds_a_speech_engine(qtbot, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    rig = Rig(Settings(voice_enabled=False), clock)
    try:
        rig.driver.start()
        rig.run(20)
        assert rig.speakers == []
        assert rig.player.played[-1] is Sound.DONE
    finally:
        rig.close()


def test_sound_off_keeps_the_voice(qtbot, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    rig = Rig(Settings(sound_enabled=False, voice_enabled=True), clock)
    try:
        rig.driver.start()
        rig.run(3)
        assert rig.player.played == []
        assert len(rig.speakers[0].said) == 2
    finally:
        rig.close()


def test_pause_and_early_stop_cut_speech_and_no_done_sound(rig: Rig) -> None:
    rig.driver.start()
    rig.driver.pause()
    assert rig.speakers[0].stops == 1
    rig.driver.resume()
    rig.driver.stop()
    assert rig.speakers[0].stops == 2
    assert Sound.DONE not in rig.player.played
    assert DONE_TEXT not in rig.speakers[0].said


def test_skipping_through_to_the_end_is_not_praised(rig: Rig) -> None:
    rig.driver.start()
    while rig.driver.session is not None and rig.driver.session.state is not SessionState.FINISHED:
        rig.driver.skip()
    said = rig.speakers[0].said
    assert DONE_TEXT not in said
    assert said[-1] == END_TEXT
    assert rig.player.played[-1] is Sound.DONE  # the end is still marked, without praise


def test_a_late_wake_up_cues_only_the_phase_now_running(rig: Rig) -> None:
    rig.driver.start()
    rig.clock.advance(2 + 5 + 1)  # asleep past get-ready and hold: now in the rest
    rig.driver.tick()
    assert rig.player.played == [Sound.REST]
    assert rig.speakers[0].said[-1] == "Rest. Switch sides."


def test_skipping_while_paused_cues_the_new_phase_without_countdown(rig: Rig) -> None:
    rig.driver.start()
    rig.driver.pause()
    rig.driver.skip()
    assert rig.player.played == [Sound.HOLD]


def test_new_settings_change_volume_voice_and_turn_voice_off(rig: Rig) -> None:
    rig.driver.start()
    speaker = rig.speakers[0]
    rig.cues.apply_settings(Settings(voice_enabled=True, volume=0.3, voice_rate=0.5, voice_name="Anne"))
    assert rig.player.volume == 0.3
    assert speaker.config == {"voice": "Anne", "rate": 0.5, "volume": 0.8}
    rig.cues.apply_settings(Settings(voice_enabled=False))
    assert rig.cues.speaker is None
    rig.run(2)
    assert speaker.said == ["Tilt. Right side."]


def test_a_channel_that_fails_gives_one_notice(qtbot, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    settings = Settings()
    cues = CueController(
        settings, sound_factory=lambda _s: FakePlayer("No sound device found: cues are off.")
    )
    try:
        assert cues.notices() == ["No sound device found: cues are off."]
    finally:
        cues.dispose()


def test_a_reason_found_while_building_reaches_a_listener_connected_after(qtbot) -> None:  # type: ignore[no-untyped-def]
    cues = CueController(Settings(), sound_factory=lambda _s: FakePlayer("No sound library."))
    raised: list[str] = []
    cues.noticeRaised.connect(raised.append)  # what the app does, right after building
    try:
        qtbot.waitUntil(lambda: bool(raised))
        assert raised == ["No sound library."]
    finally:
        cues.dispose()


def test_one_reason_for_both_channels_is_raised_once(qtbot, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    reason = "Sound and voice are off: a library is missing."
    rig = Rig(Settings(voice_enabled=True), clock, notice=reason)
    raised: list[str] = []
    rig.cues.noticeRaised.connect(raised.append)
    try:
        qtbot.waitUntil(lambda: bool(raised))  # the sound player's reason
        rig.driver.start()  # the first words build the speaker, which has the same reason
        rig.run(20)
        assert rig.speakers and rig.speakers[0].notice == reason
        assert raised == [reason] and rig.cues.notices() == [reason]
    finally:
        rig.close()
