"""Finding routines: the bundled folder and the person's own folder (no Qt).

Every file that loads becomes an entry; every file that does not is kept, with its
problems, in ``broken``, so one bad file never hides the others. A routine in the user's
folder with the same id as a bundled one takes its place. A folder that cannot be read is
said in ``notices``, never silently empty. Files unchanged since the last scan come from
the :class:`~stretchapp.routines.cache.RoutineCache` instead of being parsed again: an
entry then carries the routine's summary, and the routine is decoded when first asked for.
The loader (and PyYAML) is imported only when a file must be read.

A file named ``ID.LANG.yaml`` (``neck-relief.de.yaml``) is not a routine but a translation
of ``ID.yaml`` beside it. Routines come out in the chosen language
(:func:`stretchapp.core.i18n.language`), each piece falling back as far as the file's own.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

from stretchapp import resources
from stretchapp.core.i18n import _
from stretchapp.core.logger import get_logger
from stretchapp.core.records import Record
from stretchapp.core.text import printable
from stretchapp.routines.cache import Cached, RoutineCache
from stretchapp.routines.sidecars import split_sidecar
from stretchapp.routines.summary import RoutineSummary
from stretchapp.storage import paths

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (see docs/architecture.md)
if TYPE_CHECKING:
    from stretchapp.core.model import Routine
    from stretchapp.routines.loader import Problem

log = get_logger(__name__)

BUNDLED = "bundled"
USER = "user"
ROUTINE_SUFFIXES = (".yaml", ".yml")


def localize(routine: Routine) -> Routine:
    """:func:`stretchapp.core.localize.localize`, imported when a routine is decoded (not for the list)."""
    from stretchapp.core.localize import localize as in_language  # noqa: PLC0415

    return in_language(routine)


def load_routine(path: Path, sidecars: list[tuple[str, Path]] | None = None) -> Routine:
    """The loader's :func:`~stretchapp.routines.loader.load_routine`, imported when a file is read."""
    from stretchapp.routines.loader import load_routine as load  # noqa: PLC0415 - PyYAML on a cache miss only

    return load(path, sidecars)


class RoutineEntry:
    """A routine that loaded, where it came from, and whether the app may change its file.

    ``summary`` is what the list shows; ``routine`` is the whole routine, decoded from the
    cache (or read from its file) the first time it is asked for.
    """

    __slots__ = ("_cached", "_path", "_routine", "origin", "read_only", "summary")

    def __init__(
        self,
        routine: Routine | None,
        path: Path | str,  # a string stays one until asked for: thousands are made at each start
        origin: str,  # "bundled" or "user"
        read_only: bool,
        *,
        cached: Cached | None = None,
    ) -> None:
        if routine is None and cached is None:
            raise TypeError("an entry needs its routine, or the cache's word for it")
        self._routine = routine
        self._cached = cached
        self.summary = cached.summary if cached is not None else RoutineSummary.of(routine)  # type: ignore[arg-type]
        self._path = path
        self.origin = origin
        self.read_only = read_only

    @property
    def folder(self) -> str:
        """The folder of the routine's file, as text (listing thousands makes no Path)."""
        return os.path.dirname(self._path)  # noqa: PTH120 - thousands of names

    @property
    def path(self) -> Path:
        if not isinstance(self._path, Path):
            self._path = Path(self._path)
        return self._path

    @property
    def routine(self) -> Routine:
        if self._routine is None:
            assert self._cached is not None
            # A cache entry that turns out unsound gives way to the file itself.
            self._routine = localize(self._cached.routine() or _read_again(self.path))
            self._cached = None
        return self._routine

    def _key(self) -> tuple[object, ...]:
        return (self.summary, str(self._path), self.origin, self.read_only)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RoutineEntry):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"RoutineEntry({self.summary.id!r}, {self.path!r}, {self.origin!r}, read_only={self.read_only})"
        )


class BrokenFile(Record):
    """A routine file that did not load, with every reason."""

    path: Path
    origin: str
    problems: tuple[Problem, ...]


class Library:
    """Every routine found, and every file that is not a usable routine.

    A plain class: a data class would import ``dataclasses`` (and with it ``inspect``,
    ~10 ms) for every quick command that lists routines.
    """

    def __init__(
        self,
        entries: list[RoutineEntry] | None = None,
        broken: list[BrokenFile] | None = None,
        notices: list[str] | None = None,
    ) -> None:
        self.entries: list[RoutineEntry] = [] if entries is None else entries
        self.broken: list[BrokenFile] = [] if broken is None else broken
        self.notices: list[str] = [] if notices is None else notices  # folders that could not be read

    def __repr__(self) -> str:
        return (
            f"Library({len(self.entries)} routines, {len(self.broken)} broken, {len(self.notices)} notices)"
        )

    def get(self, routine_id: str) -> RoutineEntry | None:
        return next((e for e in self.entries if e.summary.id == routine_id), None)

    def resolve(self, id_or_path: str) -> Routine:
        """The routine in an existing file, else the routine with that id.

        Raises :class:`RoutineError` for a file (or a listed broken file) that does not
        load, and KeyError when nothing by that name exists.
        """
        candidate = Path(id_or_path)
        if candidate.is_file():
            return localize(load_routine(candidate))
        entry = self.get(id_or_path)
        if entry is not None:
            return entry.routine
        for item in self.broken:
            if item.path.stem == id_or_path:
                from stretchapp.routines.loader import RoutineError  # noqa: PLC0415

                raise RoutineError(item.problems)
        if candidate.suffix.lower() in ROUTINE_SUFFIXES or len(candidate.parts) > 1:
            return localize(load_routine(candidate))  # meant as a path: say the file cannot be read
        raise KeyError(id_or_path)


def default_folders() -> list[tuple[str, Path]]:
    return [(BUNDLED, resources.bundled_routines_dir()), (USER, paths.user_routines_dir())]


def load_library(
    folders: list[tuple[str, Path]] | None = None, *, cache: RoutineCache | None = None
) -> Library:
    """Load every routine file of ``folders`` (default: bundled, then the user's)."""
    # Thousands of cache entries are made at once and all kept: collecting garbage meanwhile
    # finds none and costs a sixth of the scan.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(default_folders() if folders is None else folders, cache)
    finally:
        if collecting:
            gc.enable()


def _load(folders: list[tuple[str, Path]], cache: RoutineCache | None) -> Library:
    library = Library()
    by_id: dict[str, int] = {}
    cache = cache if cache is not None else RoutineCache()
    for origin, folder in folders:
        if origin == USER:
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                log.warning("cannot create the routine folder %s: %s", folder, error)
        try:
            files, sidecars = _scan(folder)
        except OSError as error:
            log.warning("cannot list %s: %s", folder, error)
            library.notices.append(
                _("The routine folder {path} cannot be read ({reason}): its routines are not shown.").format(
                    path=printable(str(folder)), reason=error.strerror or error
                )
            )
            continue
        stems = {_stem(name) for name, _info in files} if sidecars else set()
        for stem, found in sidecars.items():
            if stem not in stems:
                library.broken.extend(
                    BrokenFile(Path(name), origin, (_orphan(Path(name), stem),)) for name, _ in found
                )
        for name, info in files:
            own = sidecars.get(_stem(name), []) if sidecars else []
            cached = cache.lookup(name, info, own)
            if cached is not None:
                entry = RoutineEntry(None, name, origin, read_only=origin == BUNDLED, cached=cached)
            else:
                from stretchapp.routines.loader import RoutineError  # noqa: PLC0415 - a cache miss

                path = Path(name)
                try:
                    routine = load_routine(path, _tagged(own))
                except RoutineError as error:
                    library.broken.append(BrokenFile(path, origin, error.problems))
                    continue
                cache.put(name, info, routine, own)
                entry = RoutineEntry(localize(routine), path, origin, read_only=origin == BUNDLED)
            routine_id = entry.summary.id
            earlier = library.entries[by_id[routine_id]] if routine_id in by_id else None
            if earlier is not None and earlier.path.parent == entry.path.parent:
                library.broken.append(BrokenFile(entry.path, origin, (_same_id(entry.path, earlier.path),)))
                continue
            if earlier is not None:
                log.info("%s replaces the routine of the same id from %s", entry.path, earlier.path)
                library.entries[by_id[routine_id]] = entry
            else:
                by_id[routine_id] = len(library.entries)
                library.entries.append(entry)
    cache.save()
    return library


def routine_files(folder: Path) -> list[tuple[str, os.stat_result]]:
    """The routine files of ``folder`` with their status, sorted by name; OSError if unlistable.

    A missing folder has none; hidden files and translations (``ID.LANG.yaml``) are left out.
    A folder, pipe or device named like a routine is listed: the loader refuses it, saying
    why, without reading from it.
    """
    return _scan(folder)[0]


Listing = list[tuple[str, os.stat_result]]


def _scan(folder: Path) -> tuple[Listing, dict[str, Listing]]:
    """The routine files of ``folder``, and its translations by the id they translate."""
    if not folder.exists():
        return [], {}
    found = []
    sidecars: dict[str, Listing] = {}
    with os.scandir(folder) as listing:
        for item in listing:
            stem, suffix = os.path.splitext(item.name)  # noqa: PTH122 - thousands of names
            if item.name.startswith(".") or suffix.lower() not in ROUTINE_SUFFIXES:
                continue
            try:
                info = item.stat()
            except OSError:  # a dangling link: listed, so the loader can say it cannot be read
                try:
                    info = item.stat(follow_symlinks=False)
                except OSError:  # gone since the listing
                    continue
            split = split_sidecar(item.name) if "." in stem else None  # ID.LANG.yaml has two dots
            if split is not None:
                sidecars.setdefault(split[0], []).append((item.path, info))
            else:
                found.append((item.path, info))
    for same in sidecars.values():
        same.sort()
    return sorted(found, key=lambda pair: os.path.basename(pair[0])), sidecars  # noqa: PTH119 - thousands of names


def _stem(name: str) -> str:
    return os.path.splitext(os.path.basename(name))[0]  # noqa: PTH119, PTH122 - thousands of names


def _tagged(listing: Listing) -> list[tuple[str, Path]]:
    """(language, file) of each translation in ``listing``."""
    tagged = []
    for name, _info in listing:
        split = split_sidecar(os.path.basename(name))  # noqa: PTH119
        if split is not None:
            tagged.append((split[1], Path(name)))
    return tagged


def _read_again(path: Path) -> Routine:
    from stretchapp.routines.translations import find_sidecars  # noqa: PLC0415 - a file is read anyway

    return load_routine(path, find_sidecars(path))


def _orphan(path: Path, stem: str) -> Problem:
    from stretchapp.routines.loader import Problem  # noqa: PLC0415

    return Problem(
        str(path),
        1,
        1,
        _("this is a translation of '{name}', which is not in this folder").format(name=f"{stem}.yaml"),
        _("put it beside the routine it translates, or rename it"),
        language=split[1] if (split := split_sidecar(path.name)) else None,
    )


def _same_id(path: Path, first: Path) -> Problem:
    from stretchapp.routines.loader import Problem  # noqa: PLC0415

    return Problem(
        str(path),
        1,
        1,
        _("'{name}' in the same folder already has the routine id '{id}'").format(
            name=first.name, id=path.stem
        ),
        _("rename one of the two files; the id is the file name without its ending"),
    )
