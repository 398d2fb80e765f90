"""Synthesise the cue sounds in assets/sounds/ (standard library only, deterministic).

Run ``python tools/make_sounds.py`` from the repository root to rewrite the WAV files.
Every cue is made of soft bell-like notes: a sine with a little of its octave, a short
raised-cosine attack and an exponential decay that ends in a cosine fade, so no note
starts or stops with a click. The cues differ in direction and length so they can be
told apart with eyes closed:

- hold start: two notes going up (C5 then G5), bright and clear;
- rest start: two notes going down (E5 then C5), quieter and rounder;
- countdown tick: one short, soft pip (A5), played at 3, 2 and 1 seconds left;
- routine done: a rising C major arpeggio (C5 E5 G5) whose last note rings out.
"""

from __future__ import annotations

import math
import struct
import sys
import wave
from dataclasses import dataclass
from pathlib import Path

RATE = 44_100
PEAK = 0.55  # of full scale: loud enough to hear across a room, well clear of clipping
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from stretchapp.resources import SOUND_CUES  # noqa: E402 - after the path set-up above


@dataclass(frozen=True)
class Note:
    start: float  # seconds from the start of the cue
    freq: float  # Hz
    length: float  # seconds, attack to silence
    level: float = 1.0
    overtone: float = 0.18  # share of the octave above, for a bell-like colour
    attack: float = 0.012


def _envelope(t: float, note: Note) -> float:
    if t < 0 or t >= note.length:
        return 0.0
    if t < note.attack:
        return 0.5 - 0.5 * math.cos(math.pi * t / note.attack)
    decay = math.exp(-4.0 * (t - note.attack) / note.length)
    fade_start = note.length * 0.8  # the last fifth fades to exactly zero
    if t > fade_start:
        decay *= 0.5 + 0.5 * math.cos(math.pi * (t - fade_start) / (note.length - fade_start))
    return decay


def render(notes: list[Note]) -> list[float]:
    """Samples in -1..1 of the notes mixed together, normalised to :data:`PEAK`."""
    total = max(n.start + n.length for n in notes)
    count = int(total * RATE) + 1
    samples = [0.0] * count
    for note in notes:
        first = int(note.start * RATE)
        for i in range(int(note.length * RATE)):
            t = i / RATE
            phase = 2 * math.pi * note.freq * t
            tone = math.sin(phase) + note.overtone * math.sin(2 * phase)
            samples[first + i] += note.level * _envelope(t, note) * tone
    top = max(abs(s) for s in samples) or 1.0
    return [s * PEAK / top for s in samples]


C5, E5, G5, A5 = 523.25, 659.25, 783.99, 880.0

CUES: dict[str, tuple[list[Note], float]] = {
    # name: (notes, loudness relative to PEAK)
    "hold": ([Note(0.0, C5, 0.30), Note(0.14, G5, 0.40)], 1.0),
    "rest": ([Note(0.0, E5, 0.32, overtone=0.05), Note(0.16, C5, 0.40, overtone=0.05)], 0.7),
    "countdown": ([Note(0.0, A5, 0.09, overtone=0.1, attack=0.006)], 0.6),
    "done": ([Note(0.0, C5, 0.26), Note(0.12, E5, 0.26), Note(0.24, G5, 0.34)], 1.0),
}


def write_wav(path: Path, samples: list[float]) -> None:
    frames = b"".join(struct.pack("<h", round(s * 32767)) for s in samples)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(frames)


def main(folder: Path = ROOT / "assets" / "sounds") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for cue, (notes, loudness) in CUES.items():
        samples = [s * loudness for s in render(notes)]
        path = folder / SOUND_CUES[cue]
        write_wav(path, samples)
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {len(samples) / RATE:.2f} s")


if __name__ == "__main__":
    main()
