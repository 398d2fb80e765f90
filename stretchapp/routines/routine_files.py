"""Creating, copying and saving routine files in the person's routine folder (no Qt)."""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from pathlib import Path

from stretchapp import resources
from stretchapp.core.i18n import _
from stretchapp.storage import paths
from stretchapp.storage.fileio import atomic_write_text


def template_text() -> str:
    return resources.new_routine_template().read_text(encoding="utf-8")


def _slug(stem: str) -> str:
    slug = re.sub(r"[^a-z0-9_-]+", "-", stem.strip().lower().replace(" ", "-")).strip("-")
    return slug or "my-routine"


def unique_user_path(stem: str, *, taken: Collection[Path] = ()) -> Path:
    """``<stem>.yaml`` in the user's routine folder, numbered when the name is taken.

    ``taken`` are paths already promised to something else (an unsaved new routine).
    """
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    base = _slug(stem)
    candidate = folder / f"{base}.yaml"
    number = 2
    while candidate.exists() or candidate.with_suffix(".yml").exists() or candidate in taken:
        candidate = folder / f"{base}-{number}.yaml"
        number += 1
    return candidate


def new_routine_path(*, taken: Collection[Path] = ()) -> Path:
    """Where a new routine will be saved; nothing is written until the person saves it."""
    return unique_user_path("my-routine", taken=taken)


_TITLE_LINE = re.compile(r"^title:[ \t]*(?P<value>[^#\n]*?)[ \t]*(?P<comment>#.*)?$", re.MULTILINE)


def copy_title(title: str, titles: Collection[str]) -> str:
    """A title for a copy that no routine has yet: "Neck relief (copy)", "(copy 2)", ..."""
    candidate = _("{title} (copy)").format(title=title)
    number = 2
    while candidate in titles:
        candidate = _("{title} (copy {number})").format(title=title, number=number)
        number += 1
    return candidate


def duplicate_to_user(source: Path, *, title: str | None = None) -> Path:
    """A copy of ``source`` in the user's folder, titled ``title`` when given.

    Picture names still resolve to the bundled ones. The title line is rewritten in place
    (as a double-quoted YAML string), so the rest of the file, comments included, is kept.
    """
    text = source.read_text(encoding="utf-8")
    if title is not None:
        text = _TITLE_LINE.sub(lambda m: f"title: {json.dumps(title, ensure_ascii=False)}", text, count=1)
    path = unique_user_path(f"{source.stem}-copy")
    atomic_write_text(path, text)
    return path


def save_routine(path: Path, text: str) -> None:
    """Save atomically, keeping the previous version as ``name~``."""
    atomic_write_text(path, text, backup=True)
