"""Validated routines remembered by file size and modification time, so a scan reads only what changed (no Qt).

A person with thousands of routines would otherwise wait for every file to be parsed and
checked at each start and each ``stretchapp list``. The cache is one JSON file in the
person's cache folder; an entry is used only while its file's size and modification time
are unchanged. Routines are stored by a small codec over the model's named tuples (never
pickle), and a cache made by another version of the model or loader is ignored whole.
What a cache entry says is not trusted blindly: a picture it names must still be a file
inside the routine's folder or the bundled pictures, else the file is read again.

A scan reads only each entry's summary (what the list shows) and decodes the routine itself
when it is first asked for; a picture is believed without being checked again only while
its size and modification time are those it had when the loader accepted it. Nothing here
imports the loader (and PyYAML) unless a file must be read, nor the model unless a routine is
decoded or stored: a start that finds every routine here pays for summaries only.
"""

from __future__ import annotations

import enum
import functools
import json
import os
from collections.abc import Sequence
from pathlib import Path

from stretchapp import __version__, resources
from stretchapp.core import i18n
from stretchapp.core.logger import get_logger
from stretchapp.routines import rules
from stretchapp.routines.summary import RoutineSummary
from stretchapp.storage import paths
from stretchapp.storage.fileio import atomic_write_text, read_regular_file

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (see docs/architecture.md)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from stretchapp.core.model import Routine

    Converter = Callable[[Any], Any]  # reads one stored field back (see the codec below)

log = get_logger(__name__)

MAX_CACHE_BYTES = 64 * 1024 * 1024


_CODEC = 5  # bump when the encoding below changes

# The model's shape as the codec stores it: each class the cache keeps, its fields in order
# and their annotations. Written out rather than read from the model, so that a start which
# finds every routine in the cache never imports the model (or dataclasses);
# tests/test_routine_cache_shape.py fails when the model no longer matches it.
SHAPE: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("HoldRange", (("low", "int"), ("high", "int"))),
    (
        "Exercise",
        (
            ("name", "str"),
            ("steps", "tuple[str, ...]"),
            ("hold", "HoldRange"),
            ("reps", "int"),
            ("sides", "Sides"),
            ("order", "Order"),
            ("hold_prompt", "str | None"),
            ("image", "Path | None"),
            ("image_left", "Path | None"),
            ("notes", "str | None"),
        ),
    ),
    ("Text", (("key", "str"), ("text", "str"))),
    ("Translation", (("language", "str"), ("texts", "tuple[Text, ...]"))),
    (
        "Routine",
        (
            ("id", "str"),
            ("title", "str"),
            ("exercises", "tuple[Exercise, ...]"),
            ("description", "str"),
            ("tags", "tuple[str, ...]"),
            ("cautions", "tuple[str, ...]"),
            ("prepare", "int"),
            ("rest", "int"),
            ("source", "Path | None"),
            ("contraindications", "tuple[str, ...]"),
            ("author", "str | None"),
            ("reviewed_by", "str | None"),
            ("citations", "tuple[str, ...]"),
            ("licence", "str | None"),
            ("language", "str"),
            ("source_language", "str"),
            ("translations", "tuple[Translation, ...]"),
        ),
    ),
)
_FIELDS = {name: tuple(field for field, _type in fields) for name, fields in SHAPE}


def model_shape() -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """The shape :data:`SHAPE` must equal, read from the model itself (imports it)."""
    from stretchapp.core import model  # noqa: PLC0415 - only tests and decoding need the model

    classes = (model.HoldRange, model.Exercise, model.Text, model.Translation, model.Routine)

    def written(annotation: Any) -> str:  # a named tuple keeps a string annotation as a ForwardRef
        return str(getattr(annotation, "__forward_arg__", annotation))

    return tuple(
        (cls.__name__, tuple((name, written(cls.__annotations__[name])) for name in cls._fields))
        for cls in classes
    )


def _model_version() -> str:
    """Changes whenever the model's fields, the loader's rules, the codec or the app's version change.

    Kept whole rather than hashed: comparing a few hundred characters costs less than
    loading a hash library.
    """
    limits = [rules.FORMAT_VERSIONS, rules.MAX_SECONDS, rules.MAX_REPS]
    return json.dumps([SHAPE, limits, _CODEC, __version__], separators=(",", ":"))


# Each model class is stored as the list of its fields' values, in field order, and read back
# through one converter per field chosen from the field's annotation: fast enough for
# thousands of routines, and strict about types, since the file is only a cache.


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("expected text")
    return value


def _whole(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError("expected a whole number")
    return value


def _optional(convert: Converter) -> Converter:
    return lambda value: None if value is None else convert(value)


def _many(convert: Converter) -> Converter:
    def many(value: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise ValueError("expected a list")
        return tuple(convert(item) for item in value)

    return many


def _enum(kind: type[enum.Enum]) -> Converter:
    return kind


def _path(value: Any) -> Path:
    return Path(_text(value))


def _converter(annotation: str, decoders: dict[str, Converter]) -> Converter:
    from stretchapp.core.kinds import Order, Sides  # noqa: PLC0415

    simple: dict[str, Converter] = {
        "str": _text,
        "int": _whole,
        "str | None": _optional(_text),
        "Path | None": _optional(_path),
        "tuple[str, ...]": _many(_text),
        "Sides": _enum(Sides),
        "Order": _enum(Order),
    }
    if annotation in simple:
        return simple[annotation]
    if annotation in decoders:
        return decoders[annotation]
    inner = annotation.removeprefix("tuple[").removesuffix(", ...]")
    if inner != annotation and inner in decoders:
        return _many(decoders[inner])
    raise TypeError(f"the routine cache cannot store a field of type {annotation}")


def _class_decoder(cls: type[Any], converters: list[Converter]) -> Converter:
    def decode_one(value: Any) -> Any:
        if not isinstance(value, list) or len(value) != len(converters):
            raise ValueError(f"a {cls.__name__} needs {len(converters)} fields")
        return cls(*(convert(item) for convert, item in zip(converters, value, strict=True)))

    return decode_one


@functools.cache
def _decoders() -> dict[str, Converter]:
    """One decoder per model class, made when the first routine is decoded (it imports the model)."""
    from stretchapp.core import model  # noqa: PLC0415

    decoders: dict[str, Converter] = {}
    for name, fields in SHAPE:
        converters = [_converter(annotation, decoders) for _field, annotation in fields]
        decoders[name] = _class_decoder(getattr(model, name), converters)
    return decoders


def encode(value: Any) -> Any:
    """A model value as JSON data: a model object as the list of its fields."""
    if isinstance(value, enum.Enum):
        return value.value
    fields = _FIELDS.get(type(value).__name__)
    if fields is not None and type(value).__module__ == "stretchapp.core.model":
        return [encode(getattr(value, name)) for name in fields]
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, tuple):
        return [encode(item) for item in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot cache a {type(value).__name__}")


def decode_routine(data: Any) -> Routine:
    """The routine JSON data stands for; ValueError (or TypeError) for anything else."""
    from stretchapp.core.model import Routine  # noqa: PLC0415 - imported already by the decoders

    routine = _decoders()["Routine"](data)
    if not isinstance(routine, Routine):
        raise ValueError("not a routine")
    return routine


def summary_of(routine: Routine) -> RoutineSummary:
    """What the list shows of ``routine`` in the chosen language (the cache keeps one per language)."""
    from stretchapp.core.localize import localize  # noqa: PLC0415 - not on a cache hit

    return RoutineSummary.of(localize(routine))


def _pictures_of(routine: Routine) -> list[Path]:
    return [p for e in routine.exercises for p in (e.image, e.image_left) if p is not None]


def _pictures_allowed(routine: Routine, folder: Path) -> bool:
    pictures = _pictures_of(routine)
    if not pictures:
        return True
    from stretchapp.routines.pictures import check_file as check_picture  # noqa: PLC0415 - only when one changed

    bases = _bases(folder)
    for picture in pictures:
        real = picture.resolve()
        if not real.is_file() or not any(real.is_relative_to(base) for base in bases):
            return False
        if not check_picture(real).ok:  # changed, since it was cached, into one the loader refuses
            return False
    return True


def _picture_stamps(routine: Routine) -> list[list[Any]]:
    """Each picture with the size and time it had when it was found good, as the cache keeps them."""
    stamps = []
    for picture in _pictures_of(routine):
        try:
            stamps.append([str(picture), *_stamp(picture.resolve().stat())])
        except OSError:
            continue  # gone already: the next scan finds the stamps differ and reads the file
    return stamps


def _pictures_unchanged(stamps: Any, routine_file: str) -> bool:
    """Whether every picture still has the size and time it had when it was found good."""
    if not isinstance(stamps, list):
        raise ValueError("the pictures are a list")
    if not stamps:
        return True
    bases = _bases(Path(routine_file).parent)
    for item in stamps:
        if not isinstance(item, list) or len(item) != 3 or not isinstance(item[0], str):
            raise ValueError("a picture is a name, a size and a time")
        real = Path(item[0]).resolve()
        if not any(real.is_relative_to(base) for base in bases):
            raise ValueError("a picture outside the allowed folders")
        try:
            if _stamp(real.stat()) != item[1:]:
                return False
        except OSError:
            return False
    return True


@functools.lru_cache(maxsize=64)
def _bases(folder: Path) -> tuple[Path, Path]:
    return folder.resolve(), resources.images_dir().resolve()


Sidecars = Sequence[tuple[str, os.stat_result]]


def _stamp(info: os.stat_result, sidecars: Sidecars = ()) -> list[Any]:
    """The file's size and time, and its translations' (sidecars travel with the routine)."""
    stamp: list[Any] = [info.st_size, info.st_mtime_ns]
    if sidecars:
        stamp.append([[os.path.basename(name), s.st_size, s.st_mtime_ns] for name, s in sidecars])  # noqa: PTH119
    return stamp


class RoutineCache:
    """Routines that loaded, by path, with the size and time of the file they came from."""

    def __init__(self, file: Path | None = None) -> None:
        self.file = file if file is not None else paths.cache_dir() / "routines.json"
        self._version = _model_version()
        self._entries: dict[str, Any] = {}
        self._used: set[str] = set()
        self._dirty = False
        self._read()

    def _read(self) -> None:
        try:
            data = json.loads(read_regular_file(self.file, MAX_CACHE_BYTES))
        except FileNotFoundError:
            return
        except (OSError, ValueError, RecursionError) as error:
            log.info("routine cache %s not used: %s", self.file, error)
            self._dirty = True
            return
        if (
            isinstance(data, dict)
            and data.get("version") == self._version
            and isinstance(data.get("files"), dict)
        ):
            self._entries = data["files"]
        else:
            self._dirty = True

    def lookup(self, path: str | Path, info: os.stat_result, sidecars: Sidecars = ()) -> Cached | None:
        """What the list shows of ``path``'s routine, if known for these sizes and times and still sound.

        The routine itself is decoded by :meth:`Cached.routine` when first asked for. Only the
        summary in the chosen language is checked here; a picture whose file changed, or a
        language with no summary yet, sends the entry through :meth:`get`, which checks it all.
        """
        key = str(path)
        entry = self._entries.get(key)
        if not isinstance(entry, dict) or entry.get("stamp") != _stamp(info, sidecars):
            return None
        language = i18n.language()
        try:
            summaries = entry["summaries"]
            if not isinstance(summaries, dict):
                raise ValueError("the summaries are a table by language")
            if language not in summaries or not _pictures_unchanged(entry["pictures"], key):
                routine = self.get(path, info, sidecars)
                if routine is None:
                    return None
                summary = summary_of(routine)
                summaries[language] = summary.to_data()
                entry["pictures"] = _picture_stamps(routine)  # checked again: quick from now on
                self._dirty = True
                return Cached(summary, routine=routine)
            summary = RoutineSummary.from_data(summaries[language])
            if not isinstance(entry["routine"], list):
                raise ValueError("no routine")
        except (KeyError, TypeError, ValueError, OSError, AttributeError) as error:
            self._forget(key, error)
            return None
        self._used.add(key)
        return Cached(summary, key=key, data=entry["routine"], pictures=entry["pictures"])

    def get(self, path: str | Path, info: os.stat_result, sidecars: Sidecars = ()) -> Routine | None:
        """The routine ``path`` held when it and its ``sidecars`` (name, status) had these sizes and times."""
        key = str(path)
        entry = self._entries.get(key)
        if not isinstance(entry, dict) or entry.get("stamp") != _stamp(info, sidecars):
            return None
        try:
            routine = decode_routine(entry["routine"])
            if routine.source is None or str(routine.source) != key:
                raise ValueError("not this file's routine")
            stored = entry["summaries"].get(i18n.language())
            if stored is not None and RoutineSummary.from_data(stored) != summary_of(routine):
                raise ValueError("the summary is not this routine's")
            if not _pictures_allowed(routine, routine.source.parent):
                raise ValueError("a picture moved or is not allowed")
        except (KeyError, TypeError, ValueError, OSError, AttributeError) as error:
            self._forget(key, error)
            return None
        self._used.add(key)
        return routine

    def _forget(self, key: str, error: Exception) -> None:
        log.info("routine cache: reading %s again: %s", key, error)
        self._entries.pop(key, None)
        self._dirty = True

    def put(self, path: str | Path, info: os.stat_result, routine: Routine, sidecars: Sidecars = ()) -> None:
        """Remember ``routine``, which the loader just read from ``path`` (and its ``sidecars``)."""
        self._entries[str(path)] = {
            "stamp": _stamp(info, sidecars),
            "summaries": {i18n.language(): summary_of(routine).to_data()},
            "pictures": _picture_stamps(routine),
            "routine": encode(routine),
        }
        self._used.add(str(path))
        self._dirty = True

    def save(self) -> None:
        """Write the cache if anything changed, keeping only the files seen in this scan."""
        forgotten = set(self._entries) - self._used
        if not self._dirty and not forgotten:
            return
        for key in forgotten:
            del self._entries[key]
        try:
            atomic_write_text(self.file, json.dumps({"version": self._version, "files": self._entries}))
        except OSError as error:
            log.info("routine cache %s not written: %s", self.file, error)
        self._dirty = False


class Cached:
    """A routine known to the cache: its summary now, the routine itself when first asked for."""

    __slots__ = ("_data", "_key", "_pictures", "_routine", "summary")

    def __init__(
        self,
        summary: RoutineSummary,
        *,
        routine: Routine | None = None,
        key: str = "",
        data: Any = None,
        pictures: Any = None,
    ) -> None:
        self.summary = summary
        self._routine = routine
        self._key, self._data, self._pictures = key, data, pictures

    def routine(self) -> Routine | None:
        """The cached routine, or None when the entry turns out unsound (read the file then)."""
        if self._routine is not None:
            return self._routine
        try:
            routine = decode_routine(self._data)
            if routine.source is None or str(routine.source) != self._key:
                raise ValueError("not this file's routine")
            if summary_of(routine) != self.summary:
                raise ValueError("the summary is not this routine's")
            named = [[str(p)] for p in _pictures_of(routine)]
            if named != [item[:1] for item in self._pictures]:
                raise ValueError("the routine names pictures that were not checked")
        except (TypeError, ValueError, AttributeError) as error:
            log.info("routine cache: reading %s again: %s", self._key, error)
            return None
        self._routine = routine
        return routine
