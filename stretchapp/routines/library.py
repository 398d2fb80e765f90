"""Finding routines: the bundled folder and the person's own folder (no Qt).

Every file that loads becomes an entry; every file that does not is kept, with its
problems, in ``broken``, so one bad file never hides the others. A routine in the user's
folder with the same id as a bundled one takes its place. A folder that cannot be read is
said in ``notices``, never silently empty. Files unchanged since the last scan come from
the :class:`~stretchapp.routines.cache.RoutineCache` instead of being parsed again.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from stretchapp import resources
from stretchapp.core.model import Routine
from stretchapp.core.text import printable
from stretchapp.routines.cache import RoutineCache
from stretchapp.routines.loader import Problem, RoutineError, load_routine
from stretchapp.storage import paths

log = logging.getLogger(__name__)

BUNDLED = "bundled"
USER = "user"
ROUTINE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class RoutineEntry:
    """A routine that loaded, where it came from, and whether the app may change its file."""

    routine: Routine
    path: Path
    origin: str  # "bundled" or "user"
    read_only: bool


@dataclass(frozen=True)
class BrokenFile:
    """A routine file that did not load, with every reason."""

    path: Path
    origin: str
    problems: tuple[Problem, ...]


@dataclass
class Library:
    """Every routine found, and every file that is not a usable routine."""

    entries: list[RoutineEntry] = field(default_factory=list)
    broken: list[BrokenFile] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # folders that could not be read

    def get(self, routine_id: str) -> RoutineEntry | None:
        return next((e for e in self.entries if e.routine.id == routine_id), None)

    def resolve(self, id_or_path: str) -> Routine:
        """The routine in an existing file, else the routine with that id.

        Raises :class:`RoutineError` for a file (or a listed broken file) that does not
        load, and KeyError when nothing by that name exists.
        """
        candidate = Path(id_or_path)
        if candidate.is_file():
            return load_routine(candidate)
        entry = self.get(id_or_path)
        if entry is not None:
            return entry.routine
        for item in self.broken:
            if item.path.stem == id_or_path:
                raise RoutineError(item.problems)
        if candidate.suffix.lower() in ROUTINE_SUFFIXES or len(candidate.parts) > 1:
            return load_routine(candidate)  # meant as a path: say the file cannot be read
        raise KeyError(id_or_path)


def default_folders() -> list[tuple[str, Path]]:
    return [(BUNDLED, resources.bundled_routines_dir()), (USER, paths.user_routines_dir())]


def load_library(
    folders: list[tuple[str, Path]] | None = None, *, cache: RoutineCache | None = None
) -> Library:
    """Load every routine file of ``folders`` (default: bundled, then the user's)."""
    library = Library()
    by_id: dict[str, int] = {}
    cache = cache if cache is not None else RoutineCache()
    for origin, folder in default_folders() if folders is None else folders:
        if origin == USER:
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                log.warning("cannot create the routine folder %s: %s", folder, error)
        try:
            files = routine_files(folder)
        except OSError as error:
            log.warning("cannot list %s: %s", folder, error)
            library.notices.append(
                f"The routine folder {printable(str(folder))} cannot be read ({error.strerror or error}): "
                "its routines are not shown."
            )
            continue
        for name, info in files:
            routine = cache.get(name, info)
            if routine is not None and routine.source is not None:
                path = routine.source
            else:
                path = Path(name)
                try:
                    routine = load_routine(path)
                except RoutineError as error:
                    library.broken.append(BrokenFile(path, origin, error.problems))
                    continue
                cache.put(name, info, routine)
            entry = RoutineEntry(routine, path, origin, read_only=origin == BUNDLED)
            earlier = library.entries[by_id[routine.id]] if routine.id in by_id else None
            if earlier is not None and earlier.path.parent == path.parent:
                library.broken.append(BrokenFile(path, origin, (_same_id(path, earlier.path),)))
                continue
            if routine.id in by_id:
                log.info(
                    "%s replaces the routine of the same id from %s",
                    path,
                    library.entries[by_id[routine.id]].path,
                )
                library.entries[by_id[routine.id]] = entry
            else:
                by_id[routine.id] = len(library.entries)
                library.entries.append(entry)
    cache.save()
    return library


def routine_files(folder: Path) -> list[tuple[str, os.stat_result]]:
    """The routine files of ``folder`` with their status, sorted by name; OSError if unlistable.

    A missing folder has none; hidden files are left out. A folder, pipe or device named
    like a routine is listed: the loader refuses it, saying why, without reading from it.
    """
    if not folder.exists():
        return []
    found = []
    with os.scandir(folder) as listing:
        for item in listing:
            if item.name.startswith(".") or os.path.splitext(item.name)[1].lower() not in ROUTINE_SUFFIXES:  # noqa: PTH122 - thousands of names
                continue
            try:
                info = item.stat()
            except OSError:  # a dangling link: listed, so the loader can say it cannot be read
                try:
                    info = item.stat(follow_symlinks=False)
                except OSError:  # gone since the listing
                    continue
            found.append((item.path, info))
    return sorted(found, key=lambda pair: os.path.basename(pair[0]))  # noqa: PTH119 - thousands of names


def _same_id(path: Path, first: Path) -> Problem:
    return Problem(
        str(path),
        1,
        1,
        f"'{first.name}' in the same folder already has the routine id '{path.stem}'",
        "rename one of the two files; the id is the file name without its ending",
    )
