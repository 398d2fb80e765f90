"""Routine folders at scale and in trouble: cached scans, unreadable folders said, odd names escaped."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from stretchapp.cli.main import main
from stretchapp.core import i18n
from stretchapp.core.model import Exercise, Routine
from stretchapp.routines import library as library_module
from stretchapp.routines.library import BUNDLED, USER, load_library
from stretchapp.storage import paths
from tests.test_loader_refusals import GOOD


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    folder = tmp_path / "mine"
    folder.mkdir()
    for n in range(20):
        (folder / f"r{n:02d}.yaml").write_text(GOOD.replace("Tilt", f"Tilt {n}", 1), encoding="utf-8")
    return folder


class Counting:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.read: list[str] = []
        real = library_module.load_routine

        def load(path: Path, *args):  # type: ignore[no-untyped-def]
            self.read.append(Path(path).name)
            return real(path, *args)

        monkeypatch.setattr(library_module, "load_routine", load)


def test_a_second_scan_reads_only_the_files_that_changed(mine: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folders = [(USER, mine)]
    first = load_library(folders)
    counting = Counting(monkeypatch)
    again = load_library(folders)
    assert counting.read == []
    assert [e.routine for e in again.entries] == [e.routine for e in first.entries]
    changed = mine / "r03.yaml"
    changed.write_text(GOOD.replace("Tilt", "Edited", 1), encoding="utf-8")
    os.utime(changed, ns=(changed.stat().st_atime_ns, changed.stat().st_mtime_ns + 10**9))
    third = load_library(folders)
    assert counting.read == ["r03.yaml"]
    assert next(e for e in third.entries if e.routine.id == "r03").routine.title == "Edited"


def test_a_cache_that_names_a_picture_outside_the_allowed_folders_is_not_believed(
    mine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_library([(USER, mine)])
    cache_file = paths.cache_dir() / "routines.json"
    secret = tmp_path / "secret.svg"
    secret.write_text("<svg/>", encoding="utf-8")
    data = json.loads(cache_file.read_text(encoding="utf-8"))
    exercises = Routine._fields.index("exercises")
    image = Exercise._fields.index("image")
    for entry in data["files"].values():
        entry["routine"][exercises][0][image] = str(secret)
    cache_file.write_text(json.dumps(data), encoding="utf-8")
    counting = Counting(monkeypatch)
    library = load_library([(USER, mine)])
    assert all(e.routine.exercises[0].image is None for e in library.entries)
    assert len(counting.read) == 20, "every poisoned entry is read again from its file"


@pytest.mark.parametrize("garbage", [b"", b"{", b"[1]", b'{"version": "x", "files": 3}', bytes(range(256))])
def test_a_damaged_cache_is_ignored(mine: Path, garbage: bytes) -> None:
    cache_file = paths.cache_dir() / "routines.json"
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    cache_file.write_bytes(garbage)
    assert len(load_library([(USER, mine)]).entries) == 20


def test_an_unlistable_folder_is_said_not_silently_empty(
    mine: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        if Path(path) == mine:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    library = load_library([(BUNDLED, mine.parent / "none"), (USER, mine)])
    assert library.entries == []
    assert len(library.notices) == 1 and str(mine) in library.notices[0]
    monkeypatch.setattr(paths, "user_routines_dir", lambda: mine)
    assert main(["list"]) == 0
    err = capsys.readouterr().err
    assert "cannot be read" in err and str(mine) in err


def test_file_names_with_control_characters_are_printed_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    name = "evil\x1b[31m\nBROKEN fake.yaml"
    (folder / name).write_text("title: [\n", encoding="utf-8")
    monkeypatch.setattr(paths, "user_routines_dir", lambda: folder)
    main(["list"])
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b" in out
    assert not any(line.startswith("BROKEN fake") for line in out.splitlines())
    assert main(["validate", str(folder / name)]) == 1
    assert "\x1b" not in capsys.readouterr().out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX thing")
def test_a_fifo_named_like_a_routine_is_listed_broken_and_never_hangs(tmp_path: Path) -> None:
    import threading

    folder = tmp_path / "mine"
    folder.mkdir()
    os.mkfifo(folder / "pipe.yaml")
    (folder / "fine.yaml").write_text(GOOD, encoding="utf-8")
    found: list[object] = []
    scan = threading.Thread(target=lambda: found.append(load_library([(USER, folder)])), daemon=True)
    scan.start()
    scan.join(10)
    assert not scan.is_alive(), "scanning the folder blocked on a FIFO"
    library = found[0]
    assert [e.routine.id for e in library.entries] == ["fine"]  # type: ignore[attr-defined]
    assert [b.path.name for b in library.broken] == ["pipe.yaml"]  # type: ignore[attr-defined]


def _poison(field: str, change: object) -> None:
    """Replace ``field`` of every cache entry's summary (or the whole entry field) by ``change``."""
    cache_file = paths.cache_dir() / "routines.json"
    data = json.loads(cache_file.read_text(encoding="utf-8"))
    for entry in data["files"].values():
        if field == "title":
            entry["summaries"][i18n.language()][1] = change
        elif field == "summary":
            entry["summaries"] = {i18n.language(): change}
        else:
            entry[field] = change
    cache_file.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize(
    ("field", "change"),
    [
        ("summary", None),
        ("summary", ["r", "T", "", [], 1]),
        ("summaries", []),
        ("title", 7),
        ("pictures", "x"),
        ("routine", 3),
    ],
)
def test_a_damaged_summary_or_picture_list_in_the_cache_is_read_again(
    mine: Path, monkeypatch: pytest.MonkeyPatch, field: str, change: object
) -> None:
    load_library([(USER, mine)])
    _poison(field, change)
    counting = Counting(monkeypatch)
    library = load_library([(USER, mine)])
    assert len(counting.read) == 20, "every damaged entry is read again from its file"
    assert sorted(e.summary.title for e in library.entries)[0] == "Tilt 0"


def test_a_summary_that_disagrees_with_its_routine_gives_way_to_the_file(
    mine: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_library([(USER, mine)])
    _poison("title", "Not this one")
    counting = Counting(monkeypatch)
    library = load_library([(USER, mine)])
    entry = library.get("r03")
    assert entry is not None
    assert entry.routine.title == "Tilt 3", "what is played is what the file says"
    assert counting.read == ["r03.yaml"]


def test_a_cached_library_lists_the_same_as_a_fresh_scan(mine: Path) -> None:
    fresh = load_library([(USER, mine)])
    cached = load_library([(USER, mine)])
    assert [e.summary for e in cached.entries] == [e.summary for e in fresh.entries]
    assert [e.routine for e in cached.entries] == [e.routine for e in fresh.entries]


def test_the_cache_lists_each_language_in_its_own_words(tmp_path: Path) -> None:
    from stretchapp.routines.cache import RoutineCache

    english = load_library()  # fills the cache, in English
    i18n.set_language("de")
    cached = load_library()
    fresh = load_library(cache=RoutineCache(tmp_path / "empty.json"))
    assert [e.summary for e in cached.entries] == [e.summary for e in fresh.entries]
    assert [e.routine.title for e in cached.entries] == [e.summary.title for e in fresh.entries]
    assert [e.summary.title for e in cached.entries] != [e.summary.title for e in english.entries]
    i18n.set_language("en")
    assert [e.summary.title for e in load_library().entries] == [e.summary.title for e in english.entries]
