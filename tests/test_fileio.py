"""Files are read without hanging and written whole: backups too, and crashes leave no litter."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from stretchapp.storage import fileio


def test_a_crash_while_keeping_the_backup_leaves_the_old_backup_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "r.yaml"
    path.write_text("version 1\n" * 100)
    fileio.backup_path(path).write_text("version 0\n" * 100)
    real_copy = shutil.copy2

    def dies_half_way(source: Path, target: Path) -> None:
        Path(target).write_bytes(Path(source).read_bytes()[:50])
        raise OSError("the process was killed")

    monkeypatch.setattr(shutil, "copy2", dies_half_way)
    with pytest.raises(OSError):
        fileio.atomic_write_text(path, "version 2\n", backup=True)
    monkeypatch.setattr(shutil, "copy2", real_copy)
    assert fileio.backup_path(path).read_text() == "version 0\n" * 100
    assert path.read_text() == "version 1\n" * 100
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.yaml", "r.yaml~"]


def test_temporary_files_a_crash_left_are_removed_at_the_next_save(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    stale = tmp_path / ".settings.json.abc123.tmp"
    fresh = tmp_path / ".settings.json.def456.tmp"  # may belong to a save under way right now
    other = tmp_path / ".notes.txt.abc123.tmp"  # not ours to remove
    for leftover in (stale, fresh, other):
        leftover.write_text("half")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    fileio.atomic_write_text(path, "{}")
    assert not stale.exists() and fresh.exists() and other.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX thing")
def test_reading_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(fileio.NotARegularFileError):
        fileio.read_regular_file(fifo, 1024)
    with pytest.raises(fileio.NotARegularFileError):
        fileio.read_regular_file(tmp_path, 1024)


def test_reading_refuses_a_file_over_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "big"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(fileio.FileTooLargeError):
        fileio.read_regular_file(big, 1024)
    assert fileio.read_regular_file(big, 4096) == b"x" * 2048
