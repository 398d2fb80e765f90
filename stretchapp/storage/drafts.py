"""Recovery drafts: the editor's unsaved text, kept on disk so a crash loses nothing (no Qt).

A draft is a small JSON file in the drafts folder, named from a stable hash of the
original's path, holding that path, the text and when it was written.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from stretchapp.core.logger import get_logger
from stretchapp.storage import paths
from stretchapp.storage.fileio import atomic_write_text, read_regular_file

log = get_logger(__name__)


@dataclass(frozen=True)
class Draft:
    original: Path
    text: str
    saved_at: datetime


def _draft_file(original: Path) -> Path:
    key = zlib.crc32(str(Path(original).absolute()).encode("utf-8"))
    return paths.drafts_dir() / f"{Path(original).stem}-{key:08x}.json"


def write_draft(original: Path, text: str) -> None:
    """Keep ``text`` as the draft of ``original`` (atomically)."""
    record = {
        "path": str(Path(original).absolute()),
        "text": text,
        "saved_at": datetime.now().astimezone().isoformat(),
    }
    atomic_write_text(_draft_file(original), json.dumps(record, ensure_ascii=False))


MAX_DRAFT_BYTES = 8 * 1024 * 1024  # a routine is at most 1 MiB; escaped as JSON, a few times that


def _read(file: Path) -> Draft | None:
    """The draft in ``file``, or None (logged) for anything that is not one; never blocks."""
    try:
        record = json.loads(read_regular_file(file, MAX_DRAFT_BYTES).decode("utf-8"))
        path, text, saved_at = record["path"], record["text"], record["saved_at"]
        if not (isinstance(path, str) and isinstance(text, str) and isinstance(saved_at, str)):
            raise TypeError("a draft holds a path, a text and a time, all as text")
        return Draft(Path(path), text, datetime.fromisoformat(saved_at))
    except (OSError, ValueError, KeyError, TypeError, RecursionError) as error:
        log.warning("skipping unreadable draft %s: %s", file, error)
        return None


def read_draft(original: Path) -> Draft | None:
    file = _draft_file(original)
    return _read(file) if file.exists() or file.is_symlink() else None


def discard_draft(original: Path) -> None:
    try:
        _draft_file(original).unlink(missing_ok=True)
    except OSError as error:
        log.warning("could not remove the draft of %s: %s", original, error)


def list_drafts() -> list[Draft]:
    """Every readable draft, oldest first; unreadable ones are skipped."""
    folder = paths.drafts_dir()
    if not folder.is_dir():
        return []
    found = [draft for file in sorted(folder.glob("*.json")) if (draft := _read(file)) is not None]
    return sorted(found, key=lambda d: d.saved_at)
