"""The settings and draft readers take any bytes: they never raise, never hang, never lose a file."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchapp.storage import drafts, paths
from stretchapp.storage import settings as settings_store
from stretchapp.storage.settings import Settings

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)
settings_like = st.dictionaries(
    st.sampled_from([*Settings._fields, "other"]),
    json_values,
    max_size=8,
)


def clear(folder: Path) -> None:
    for entry in folder.iterdir():
        entry.unlink()


@FUZZ
@given(data=st.binary(max_size=2048) | settings_like.map(lambda d: json.dumps(d).encode()))
def test_any_settings_file_loads_and_nothing_is_lost(data: bytes) -> None:
    path = paths.settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    clear(path.parent)
    path.write_bytes(data)
    loaded = settings_store.load()
    assert isinstance(loaded.settings, Settings)
    kept = [p.read_bytes() for p in path.parent.iterdir()]
    assert data in kept, "the file that could not be used is still there, whole"


@FUZZ
@given(data=st.binary(max_size=2048) | json_values.map(lambda v: json.dumps(v).encode()))
def test_any_draft_file_is_read_or_skipped(data: bytes) -> None:
    folder = paths.drafts_dir()
    folder.mkdir(parents=True, exist_ok=True)
    clear(folder)
    (folder / "x-00000000.json").write_bytes(data)
    found = drafts.list_drafts()
    assert all(isinstance(d.text, str) for d in found)


def test_a_deeply_nested_draft_is_skipped() -> None:
    folder = paths.drafts_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "deep-00000000.json").write_bytes(b"[" * 100_000 + b"]" * 100_000)
    assert drafts.list_drafts() == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX thing")
def test_a_fifo_among_the_drafts_never_hangs() -> None:
    folder = paths.drafts_dir()
    folder.mkdir(parents=True, exist_ok=True)
    os.mkfifo(folder / "pipe-00000000.json")
    done: list[object] = []
    reader = threading.Thread(target=lambda: done.append(drafts.list_drafts()), daemon=True)
    reader.start()
    reader.join(10)
    assert not reader.is_alive() and done == [[]]
