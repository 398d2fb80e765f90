"""The routine cache's version follows the model's shape, which it keeps written out beside its codec."""

from __future__ import annotations

from pathlib import Path

import pytest

from stretchapp.routines import cache
from stretchapp.routines.library import load_library


def test_the_written_out_shape_is_the_models() -> None:
    assert cache.model_shape() == cache.SHAPE, (
        "core/model.py changed the classes the routine cache stores: copy cache.model_shape() into "
        "cache.SHAPE (a new shape is a new cache version, so no old entry is misread) and, if the "
        "encoding itself changed, bump cache._CODEC"
    )


def test_a_cache_made_for_another_shape_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "routines.json"
    library = load_library(cache=cache.RoutineCache(file))
    assert file.is_file() and library.entries
    assert cache.RoutineCache(file)._entries, "the same shape reads the cache back"
    low, high = cache.SHAPE[0][1]
    monkeypatch.setattr(cache, "SHAPE", (("HoldRange", (high, low)), *cache.SHAPE[1:]))
    assert cache.RoutineCache(file)._entries == {}
