"""Safe file reads and atomic writes: never a hang, never half a file (no Qt).

Reads open without blocking and refuse anything that is not a regular file (a FIFO, a
device, a socket would otherwise hang or stream forever) and anything over a size limit.
Writes go to a temporary file in the same folder, are flushed and fsynced, and renamed
over the target; the folder is fsynced so the rename itself survives a power cut. The
previous version, when kept, is put in place the same way, so a crash leaves either the
old backup or the new one. Temporary files a crash left behind are removed at the next
write to the same folder.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from pathlib import Path

STALE_TEMP_SECONDS = 60.0  # a temporary file this old belongs to no write still under way


class NotARegularFileError(OSError):
    """The path is a FIFO, a device, a socket or a folder, not a file to read."""


class FileTooLargeError(OSError):
    """The file is larger than the reader allows."""


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of ``path``, refusing what is not a regular file or exceeds ``limit`` bytes.

    The file is opened without blocking, so a FIFO swapped in for it never stalls the app,
    and its type is checked on the open descriptor, so a swap between a check and the
    open changes nothing.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotARegularFileError(f"{path} is not a regular file")
        if info.st_size > limit:
            raise FileTooLargeError(f"{path} is {info.st_size} bytes, more than {limit}")
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(fd, min(65536, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise FileTooLargeError(f"{path} grew past {limit} bytes while it was read")
        return b"".join(chunks)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes, *, backup: bool = False) -> None:
    """Write ``data`` to ``path`` atomically; with ``backup`` keep the previous file as ``path~``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(path)
    import shutil  # noqa: PLC0415 - writes only: reading at start need not load these
    import tempfile  # noqa: PLC0415

    fd, tmp_name = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=_TEMP_SUFFIX, dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            with contextlib.suppress(OSError):
                shutil.copymode(path, tmp)
            if backup:
                atomic_copy(path, backup_path(path))
        _replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)


def atomic_write_text(path: Path, text: str, *, backup: bool = False) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically (see :func:`atomic_write_bytes`)."""
    atomic_write_bytes(path, text.encode("utf-8"), backup=backup)


def atomic_copy(source: Path, target: Path) -> None:
    """Put a copy of ``source`` at ``target`` atomically: a crash leaves the old target or the copy."""
    import shutil  # noqa: PLC0415 - writes only
    import tempfile  # noqa: PLC0415

    fd, tmp_name = tempfile.mkstemp(prefix=_temp_prefix(target), suffix=_TEMP_SUFFIX, dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        shutil.copy2(source, tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        _replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


_TEMP_SUFFIX = ".tmp"


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def remove_stale_temporaries(path: Path, *, older_than: float = STALE_TEMP_SECONDS) -> int:
    """Remove this module's temporary files for ``path`` that a crash left behind; returns how many."""
    removed = 0
    cutoff = time.time() - older_than
    with contextlib.suppress(OSError):
        for leftover in path.parent.glob(f"{_temp_prefix(path)}*{_TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                if leftover.is_file() and not leftover.is_symlink() and leftover.stat().st_mtime < cutoff:
                    leftover.unlink()
                    removed += 1
    return removed


def backup_path(path: Path) -> Path:
    """Where :func:`atomic_write_bytes` keeps the previous version of ``path``."""
    return path.with_name(path.name + "~")


def _replace(source: Path, target: Path) -> None:
    # A seam for tests that simulate a crash between the write and the rename.
    source.replace(target)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
