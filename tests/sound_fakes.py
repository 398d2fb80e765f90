"""A stand-in playback device: pulls from the player's feed on its own thread, as miniaudio's does."""

from __future__ import annotations

import array
import threading
import time
from collections.abc import Callable

from stretchapp.platform.sound import Feed

PERIOD = 441  # frames per pull: 10 ms at 44.1 kHz


class FakeDevice:
    """Records every frame it is handed; ``starts`` and ``stops`` count the start/stop calls."""

    backend = "Fake"

    def __init__(self) -> None:
        self.frames: list[int] = []
        self.starts = 0
        self.stops = 0
        self.closed = False
        self._running = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, callback_generator: Feed) -> None:
        self.starts += 1
        self._running.set()
        self._thread = threading.Thread(target=self._pull, args=(callback_generator,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.stops += 1
        self._running.clear()
        if self._thread is not None:
            self._thread.join(2)

    def close(self) -> None:
        self.stop()
        self.closed = True

    @property
    def running(self) -> bool:
        return self._running.is_set()

    def loud_frames(self, threshold: int = 1000) -> int:
        return sum(1 for f in list(self.frames) if abs(f) > threshold)

    def _pull(self, feed: Feed) -> None:
        while self._running.is_set():
            out = feed.send(PERIOD)
            if isinstance(out, array.array):
                self.frames.extend(out)
            time.sleep(0.002)


def wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> bool:
    """Poll ``condition`` until it holds or ``timeout`` passes; the caller asserts the result."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.005)
    return condition()
