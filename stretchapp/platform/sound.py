"""Cue sounds through the system's sound server with miniaudio: preloaded, mixed off the UI thread (no Qt).

A :class:`CuePlayer` owns one playback device and a :class:`Mixer`. Everything slow happens on
the player's own thread: importing miniaudio (about 50 ms), decoding the cue files once, and
opening, starting and stopping the device. The device's data callback runs on miniaudio's
audio thread and asks the mixer for each period of samples, so :meth:`CuePlayer.play` only
appends the cue's name to a queue and returns; the cue starts in the next period (10 ms).
The device runs only while something sounds and for :data:`IDLE_STOP_SECONDS` after, so an
idle app neither wakes a hundred times a second nor keeps the sound card from sleeping.

When sound cannot work (miniaudio is missing, a cue file is missing or unreadable, no output
device or sound server can be opened) the player turns itself off: it logs one line, keeps
one notice saying why and hands it to ``on_unavailable`` once; later requests are ignored.
"""

from __future__ import annotations

import array
import operator
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias

from stretchapp.core.i18n import N_, _
from stretchapp.core.logger import get_logger

log = get_logger(__name__)

SAMPLE_RATE = 44100  # the cue files' own rate: no resampling at load
PERIOD_MS = 10  # how often the audio thread asks for samples: the most a new cue waits
IDLE_STOP_SECONDS = 5.0
APP_NAME = "stretchapp"  # what the sound server's mixer shows for the stream

# The notices a person reads, in English; translated with _() when one is given.
NO_DEVICE_NOTICE = N_("No sound device found: cues are off.")
MISSING_NOTICE = N_("A cue sound file is missing ({name}): cues are off.")
UNREADABLE_NOTICE = N_("Cue sounds could not be played ({name} cannot be read): cues are off.")
BROKEN_NOTICE = N_("Cue sounds could not be played (the sound device stopped working): cues are off.")
NO_LIBRARY_NOTICE = N_(
    "Cue sounds are off: the miniaudio library could not be loaded ({detail}). "
    "It comes with stretchapp: reinstall stretchapp, or install the Python package miniaudio."
)

if TYPE_CHECKING:
    Samples: TypeAlias = array.array[int]  # signed 16-bit mono frames, typecode "h"
else:
    Samples = array.array
Feed = Generator[Any, int, None]  # what a device pulls samples from: sent a frame count, yields frames


class OutputDevice(Protocol):
    """What the player needs of a playback device (miniaudio's ``PlaybackDevice`` has it)."""

    backend: str

    def start(self, callback_generator: Feed) -> None: ...

    def stop(self) -> None: ...

    def close(self) -> None: ...


class NoDeviceError(RuntimeError):
    """No sound server or output device could be opened."""


@dataclass
class _Voice:
    name: str
    samples: Samples
    pos: int = 0


class Mixer:
    """Sums the cues now sounding into each period the device asks for.

    :meth:`start` may be called from any thread; :meth:`render` runs on the audio thread.
    Hand-over is through a deque, whose appends and pops are atomic, so neither side waits.
    """

    def __init__(
        self, *, volume: float = 1.0, muted: bool = False, clock: Callable[[], float] = time.monotonic
    ):
        self._clock = clock
        self._sounds: dict[str, Samples] = {}
        self._incoming: deque[tuple[str, float]] = deque()
        self._voices: list[_Voice] = []
        self._volume = _clamp(volume)
        self._muted = muted
        self.idle_since = clock()
        # (name, asked at, first handed to the device at) of recent cues, for tests and the benchmark.
        self.started: deque[tuple[str, float, float]] = deque(maxlen=200)
        self.finished: deque[str] = deque(maxlen=200)  # cues handed over to their last frame

    def load(self, sounds: Mapping[str, Samples]) -> None:
        self._sounds = dict(sounds)

    @property
    def volume(self) -> float:
        return self._volume

    @volume.setter
    def volume(self, volume: float) -> None:
        self._volume = _clamp(volume)

    @property
    def muted(self) -> bool:
        return self._muted

    @muted.setter
    def muted(self, muted: bool) -> None:
        self._muted = muted  # the next period drops whatever is sounding

    @property
    def busy(self) -> bool:
        """Something is sounding or waiting to start."""
        return bool(self._incoming or self._voices)

    def start(self, name: str) -> None:
        """Start cue ``name`` in the next period, over anything still sounding."""
        self._incoming.append((name, self._clock()))

    def render(self, frames: int) -> Samples | bytes:
        """Up to ``frames`` frames of the mix; fewer (or none) when the cues end first."""
        while self._incoming:
            name, asked = self._incoming.popleft()
            samples = self._sounds.get(name)
            if samples is not None and not self._muted:
                self._voices.append(_Voice(name, samples))
                self.started.append((name, asked, self._clock()))
        if self._muted:
            self._voices.clear()
        if not self._voices:
            return b""
        chunks = []
        for voice in self._voices:
            chunks.append(voice.samples[voice.pos : voice.pos + frames])
            voice.pos += frames
        done = [v for v in self._voices if v.pos >= len(v.samples)]
        if done:
            self._voices = [v for v in self._voices if v.pos < len(v.samples)]
            self.finished.extend(v.name for v in done)
            if not self._voices:
                self.idle_since = self._clock()
        return _mix(chunks, self._volume)


def _mix(chunks: list[Samples], gain: float) -> Samples:
    if len(chunks) == 1 and gain >= 1.0:
        return chunks[0]
    total: list[int] = list(chunks[0])
    for chunk in chunks[1:]:
        if len(chunk) > len(total):
            total.extend([0] * (len(chunk) - len(total)))
        total[: len(chunk)] = map(operator.add, total, chunk)
    return array.array("h", [max(-32768, min(32767, int(s * gain))) for s in total])


def _clamp(volume: float) -> float:
    return max(0.0, min(1.0, volume))


def _feed(mixer: Mixer) -> Feed:
    """The generator miniaudio's audio thread pulls from: sent a frame count, yields frames."""
    frames = yield b""
    failed = False
    while True:
        try:
            out = b"" if failed else mixer.render(frames)
        except Exception:  # an error here would stop the device for good; go quiet, say it once
            log.exception("sound mixer failed: cues go quiet")
            failed, out = True, b""
        frames = yield out


class CuePlayer:
    """Plays named cue files on the system's default output; every call returns at once.

    ``open_device`` builds the output (tests pass a fake); by default a miniaudio playback
    device on the sound server (PulseAudio or PipeWire on Linux, WASAPI, Core Audio).
    """

    def __init__(
        self,
        files: Mapping[str, Path],
        *,
        volume: float = 0.8,
        muted: bool = False,
        on_unavailable: Callable[[str], None] | None = None,
        open_device: Callable[[], OutputDevice] | None = None,
        idle_stop: float = IDLE_STOP_SECONDS,
    ) -> None:
        self.mixer = Mixer(volume=volume, muted=muted)
        self.notice: str | None = None
        self.backend: str | None = None  # the device's backend once open ("PulseAudio", ...)
        self._files = dict(files)
        self._on_unavailable = on_unavailable
        self._open_device = open_device
        self._idle_stop = idle_stop
        self._wake = threading.Event()
        self._closing = False
        self._failed = False
        self._thread: threading.Thread | None = None
        # Set once the cues are decoded and the device is open, or sound has turned itself off.
        self.ready = threading.Event()
        for path in self._files.values():
            if not path.is_file():
                # Said as it is, at once: a missing file is not a fault of the sound device.
                self._fail(_(MISSING_NOTICE).format(name=path.name), f"{path} is missing")
                return
        self._thread = threading.Thread(target=self._run, name="stretchapp-sound", daemon=True)
        self._thread.start()

    @property
    def available(self) -> bool:
        return not self._failed

    def play(self, name: str) -> bool:
        """Start cue ``name`` now; False when sound is off. Never blocks."""
        if self._failed or self._closing or self.mixer.muted:
            return False
        self.mixer.start(name)
        self._wake.set()
        return True

    def set_volume(self, volume: float) -> None:
        self.mixer.volume = volume

    def set_muted(self, muted: bool) -> None:
        self.mixer.muted = muted

    def dispose(self, timeout: float = 1.0) -> None:
        """Stop and close the device (on the player's thread, waited for up to ``timeout``)."""
        self._closing = True
        self._on_unavailable = None
        self._wake.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    # -- the player's thread ---------------------------------------------------------------
    def _run(self) -> None:
        try:
            import miniaudio  # noqa: PLC0415 - slow to import; kept off the caller's thread
        except ImportError as exc:
            self._fail(_(NO_LIBRARY_NOTICE).format(detail=exc), f"cannot import miniaudio: {exc}")
            return
        sounds: dict[str, Samples] = {}
        for name, path in self._files.items():
            try:
                decoded = miniaudio.decode_file(
                    str(path),
                    output_format=miniaudio.SampleFormat.SIGNED16,
                    nchannels=1,
                    sample_rate=SAMPLE_RATE,
                )
            except (miniaudio.MiniaudioError, OSError) as exc:
                self._fail(_(UNREADABLE_NOTICE).format(name=path.name), f"{path}: {exc!r}")
                return
            sounds[name] = decoded.samples
        self.mixer.load(sounds)
        try:
            device = self._open_device() if self._open_device is not None else open_system_device()
        except Exception as exc:  # miniaudio raises its own error type, or a backend's
            self._fail(_(NO_DEVICE_NOTICE), f"no output device: {exc!r}")
            return
        self.backend = device.backend
        log.debug("sound cues play through %s", device.backend)
        self.ready.set()
        try:
            self._serve(device)
        finally:
            try:
                device.close()
            except Exception:
                log.debug("closing the sound device failed", exc_info=True)

    def _serve(self, device: OutputDevice) -> None:
        feed = _feed(self.mixer)
        next(feed)
        running = False
        while True:
            timeout = None  # stopped: sleep until a cue is asked for
            if running:  # look again when the device may stop (the mixer does not wake this thread)
                timeout = self._idle_stop
                if not self.mixer.busy:
                    timeout = max(0.0, self.mixer.idle_since + self._idle_stop - time.monotonic())
            self._wake.wait(timeout)
            self._wake.clear()
            if self._closing:
                return  # closing the device stops it
            try:
                if self.mixer.busy and not running:
                    device.start(feed)
                    running = True
                elif (
                    running
                    and not self.mixer.busy
                    and time.monotonic() - self.mixer.idle_since >= self._idle_stop
                ):
                    device.stop()
                    running = False
            except Exception as exc:
                self._fail(_(BROKEN_NOTICE), repr(exc))
                return

    def _fail(self, notice: str, detail: str) -> None:
        if self._failed:
            return
        self._failed = True
        self.notice = notice
        self.ready.set()
        log.warning("sound cues off: %s (%s)", notice, detail)
        callback = self._on_unavailable
        if callback is not None and not self._closing:
            try:
                callback(notice)
            except Exception:  # a listener gone (a deleted Qt object) must not kill this thread
                log.debug("a sound notice listener failed", exc_info=True)


def open_system_device() -> OutputDevice:
    """A miniaudio playback device on this system's sound server; raises when there is none."""
    import miniaudio  # noqa: PLC0415

    device = miniaudio.PlaybackDevice(
        output_format=miniaudio.SampleFormat.SIGNED16,
        nchannels=1,
        sample_rate=SAMPLE_RATE,
        buffersize_msec=PERIOD_MS,
        backends=_backends(miniaudio.Backend),
        app_name=APP_NAME,
    )
    if device.backend.lower() == "null":  # plays to nowhere: as good as no device
        device.close()
        raise NoDeviceError("only miniaudio's null backend is available")
    return device  # type: ignore[no-any-return]


def _backends(backend: Any) -> list[Any] | None:
    """Which sound systems to try, in order; None for miniaudio's own order (Windows, macOS)."""
    if not sys.platform.startswith("linux"):
        return None
    # PulseAudio's protocol reaches PipeWire as well. ALSA only where there is a card: on a
    # machine without one, libasound prints a dozen lines of errors to stderr. JACK is left out,
    # as trying it may start a JACK server.
    return [backend.PULSEAUDIO, backend.ALSA] if _alsa_has_cards() else [backend.PULSEAUDIO]


def _alsa_has_cards(cards: Path = Path("/proc/asound/cards")) -> bool:
    try:
        text = cards.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return False  # no ALSA in the kernel at all
    except OSError:
        return True  # cannot tell: let ALSA try
    return "no soundcards" not in text and bool(text.strip())
