"""The cue sounds as a listener meets them: short, click-free, distinct, and rebuilt exactly by the script."""

from __future__ import annotations

import importlib.util
import itertools
import math
import struct
import sys
import wave
from pathlib import Path

import pytest

from stretchapp import resources
from tests.conftest import REPO


def samples(path: Path) -> tuple[wave._wave_params, list[float]]:
    with wave.open(str(path), "rb") as wav:
        params = wav.getparams()
        raw = wav.readframes(params.nframes)
    return params, [v / 32768 for (v,) in struct.iter_unpack("<h", raw)]


def pitch(chunk: list[float], rate: int) -> float:
    """A rough frequency from zero crossings: enough to tell a rising chime from a falling one."""
    crossings = sum(1 for a, b in itertools.pairwise(chunk) if a < 0 <= b)
    return crossings * rate / len(chunk)


@pytest.mark.parametrize("cue", sorted(resources.SOUND_CUES))
def test_each_cue_is_a_short_clean_mono_sound(cue: str) -> None:
    params, data = samples(resources.sound(cue))
    assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, 44_100)
    assert params.nframes / params.framerate < 0.6
    assert resources.sound(cue).stat().st_size < 60_000
    peak = max(abs(v) for v in data)
    assert 0.2 < peak < 0.9  # audible, never clipped
    # No click: the sound starts and ends at silence and never jumps between samples.
    assert abs(data[0]) < 0.01 and max(abs(v) for v in data[-20:]) < 0.005
    assert max(abs(b - a) for a, b in itertools.pairwise(data)) < 0.2


def test_hold_rises_rest_falls_tick_is_shortest_done_is_longest() -> None:
    found = {cue: samples(resources.sound(cue)) for cue in resources.SOUND_CUES}
    rate = 44_100
    window = int(0.08 * rate)
    _, hold = found["hold"]
    _, rest = found["rest"]
    assert pitch(hold[-window * 3 : -window * 2], rate) > pitch(hold[:window], rate) * 1.3
    assert pitch(rest[-window * 3 : -window * 2], rate) < pitch(rest[:window], rate) / 1.15
    lengths = {cue: len(data) for cue, (_, data) in found.items()}
    assert min(lengths, key=lengths.__getitem__) == "countdown"
    assert max(lengths, key=lengths.__getitem__) == "done"
    rms = {cue: math.sqrt(sum(v * v for v in data) / len(data)) for cue, (_, data) in found.items()}
    assert rms["rest"] < rms["hold"]  # the rest sounds softer


def test_the_script_rebuilds_the_committed_files_exactly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = importlib.util.spec_from_file_location("make_sounds", REPO / "tools" / "make_sounds.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "make_sounds", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    module.main(tmp_path)
    for name in resources.SOUND_CUES.values():
        assert (tmp_path / name).read_bytes() == (REPO / "assets" / "sounds" / name).read_bytes(), name
