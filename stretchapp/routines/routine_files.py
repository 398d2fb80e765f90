"""Creating, copying and saving routine files in the person's routine folder (no Qt)."""

from __future__ import annotations

import re
from pathlib import Path

from stretchapp import resources
from stretchapp.storage import paths
from stretchapp.storage.fileio import atomic_write_text


def template_text() -> str:
    return resources.new_routine_template().read_text(encoding="utf-8")


def _slug(stem: str) -> str:
    slug = re.sub(r"[^a-z0-9_-]+", "-", stem.strip().lower().replace(" ", "-")).strip("-")
    return slug or "my-routine"


def unique_user_path(stem: str) -> Path:
    """``<stem>.yaml`` in the user's routine folder, numbered when the name is taken."""
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    base = _slug(stem)
    candidate = folder / f"{base}.yaml"
    number = 2
    while candidate.exists() or candidate.with_suffix(".yml").exists():
        candidate = folder / f"{base}-{number}.yaml"
        number += 1
    return candidate


def create_from_template() -> Path:
    path = unique_user_path("my-routine")
    atomic_write_text(path, template_text())
    return path


def duplicate_to_user(source: Path) -> Path:
    """A copy of ``source`` in the user's folder; picture names still resolve to the bundled ones."""
    path = unique_user_path(f"{source.stem}-copy")
    atomic_write_text(path, source.read_text(encoding="utf-8"))
    return path


def save_routine(path: Path, text: str) -> None:
    """Save atomically, keeping the previous version as ``name~``."""
    atomic_write_text(path, text, backup=True)
