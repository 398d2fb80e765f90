"""Cue latency benchmark: how late a cue sound is handed to the player after the instant it marks.

Runs a short routine with the real clock on the real Qt event loop (offscreen) through
SessionDriver and CueController with the app's sound player (miniaudio, on the system's
sound server), records the moment of every play call and compares it with the planned
instant of the cue (hold start, rest start, the 3-2-1 countdown, the end). Prints the
median and worst delay (targets < 5 ms and < 20 ms), how long the constructor took (it
returns at once: decoding the cues and opening the device happen on the sound thread, whose
time is printed too) and, when a device is open, how long after each play call the cue's
first frames were handed to the device by the audio thread. Without a sound device the
player turns itself off, so the delay is measured to the play request.

    python bench/cue_latency.py [--seconds 30]

To measure against a real server without a sound card, run a PulseAudio with a null sink
(see tests/services/conftest.py) and point ``PULSE_SERVER`` at it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from stretchapp.core.cues import CuePlan, Sound
from stretchapp.core.engine import Session
from stretchapp.core.model import Exercise, HoldRange, Routine, Sides
from stretchapp.core.timeline import build_timeline
from stretchapp.platform.sound import PERIOD_MS
from stretchapp.storage.settings import Settings
from stretchapp.ui.session.audio import QtSoundPlayer, SoundPlayer
from stretchapp.ui.session.cue_controller import CueController
from stretchapp.ui.session.driver import SessionDriver

TARGET_MEDIAN_MS = 5.0
TARGET_WORST_MS = 20.0


class Recording(SoundPlayer):
    """The real player, with the moment of each play call written down."""

    def __init__(self, inner: QtSoundPlayer) -> None:
        self.notice = inner.notice
        self.inner = inner
        self.calls: list[tuple[Sound, float]] = []

    def play(self, sound: Sound) -> None:
        self.calls.append((sound, time.monotonic()))
        self.inner.play(sound)

    def dispose(self) -> None:
        self.inner.dispose()


def routine(seconds: int) -> Routine:
    exercises = []
    while True:
        exercises.append(
            Exercise(
                name=f"Stretch {len(exercises) + 1}", steps=("Turn.",), hold=HoldRange(5, 5), sides=Sides.BOTH
            )
        )
        r = Routine(id="bench", title="Bench", exercises=tuple(exercises), prepare=1, rest=2)
        if build_timeline(r).total_seconds >= seconds:
            return r


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=30, help="length of the routine (default 30)")
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    built = time.perf_counter()
    player = Recording(QtSoundPlayer())
    construct_ms = (time.perf_counter() - built) * 1000
    player.inner.cues.ready.wait(10)
    ready_ms = (time.perf_counter() - built) * 1000
    session = Session(build_timeline(routine(args.seconds)))
    driver = SessionDriver(session)
    cues = CueController(Settings(), sound_factory=lambda _s: player)
    cues.attach(driver)
    driver.finished.connect(lambda _summary: QTimer.singleShot(0, app.quit))
    phases = session.timeline.phases
    starts = [sum(p.seconds for p in phases[:i]) for i in range(len(phases) + 1)]
    planned = [
        (e.sound, starts[e.index] + (phases[e.index].seconds - e.remaining if e.index < len(phases) else 0))
        for e in CuePlan(session.timeline).events()
        if e.sound is not None
    ]
    t0 = time.monotonic()
    driver.start()
    app.exec()
    delays = [
        (at - t0 - instant) * 1000
        for (sound, instant), (played, at) in zip(planned, player.calls, strict=True)
        if sound is played
    ]
    print(f"routine: {session.timeline.total_seconds} s, {len(planned)} cues, {len(player.calls)} play calls")
    inner = player.inner
    print(f"sound device: {inner.backend if inner.available else f'none, player off ({inner.cues.notice})'}")
    print(f"player constructor: {construct_ms:.2f} ms (returns at once)")
    print(f"on the sound thread: miniaudio loaded, 4 cues decoded, device opened after {ready_ms:.1f} ms")
    print(
        f"cue delay after its instant: median {statistics.median(delays):.2f} ms (target < {TARGET_MEDIAN_MS} ms)"
    )
    print(f"cue delay after its instant: worst {max(delays):.2f} ms (target < {TARGET_WORST_MS} ms)")
    late = [x * 1000 for x in cues.lateness]
    print(f"as the controller sees it (session clock): worst {max(late):.2f} ms")
    handed = [(played - asked) * 1000 for _name, asked, played in inner.cues.mixer.started]
    if handed:
        print(
            f"play call to first frames handed to the device: median {statistics.median(handed):.2f} ms, "
            f"worst {max(handed):.2f} ms (the device period is {PERIOD_MS} ms)"
        )
    cues.dispose()
    driver.dispose()


if __name__ == "__main__":
    main()
