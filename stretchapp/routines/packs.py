"""Routine packs: one ``.stretchpack`` file holding a routine, its pictures and a manifest (no Qt).

A pack is a zip file with ``manifest.json`` (the pack format, the app version, the routine
id, and each member's size and SHA-256), ``<id>.yaml`` and the pictures the routine names
from its own folder, under the names the routine file uses, and its translations
(``<id>.<lang>.yaml``, renamed with the routine). Bundled pictures are left out: every copy
of the app has them.

A pack comes from someone else, so reading one trusts nothing in it. Everything is checked
before anything is written: the entry count (from the zip's end record, before the
directory is even parsed), every name (no absolute paths, ``..``, drive letters,
backslashes, hidden parts or duplicates, and only the expected kinds of files), every
entry's type (no links, folders or devices), sizes (from the header and again while
reading, with a bounded read), the compression ratio (a zip bomb), the checksums, what the
pictures really are, and the routine itself, which the loader checks in a temporary folder
beside the pack's pictures. Only then are the files written, atomically, into the person's
routine folder; a routine or a different picture already there is never replaced unless
the caller says so.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
import stat
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from stretchapp import __version__, resources
from stretchapp.core import text as words
from stretchapp.core.i18n import _, ngettext
from stretchapp.core.model import Routine
from stretchapp.core.text import printable
from stretchapp.routines import loader, translations
from stretchapp.routines.library import ROUTINE_SUFFIXES
from stretchapp.routines.sidecars import split_sidecar
from stretchapp.storage import paths
from stretchapp.storage.fileio import (
    FileTooLargeError,
    NotARegularFileError,
    atomic_write_bytes,
    read_regular_file,
)

PACK_SUFFIX = ".stretchpack"
PACK_FORMAT = 1
MANIFEST = "manifest.json"
MIB = 1024 * 1024
MAX_ROUTINE_BYTES = loader.MAX_FILE_BYTES  # 1 MiB, as for any routine file
MAX_PICTURE_BYTES = 8 * MIB
MAX_MANIFEST_BYTES = 64 * 1024
MAX_TOTAL_BYTES = 32 * MIB  # every member, uncompressed
MAX_PACK_BYTES = MAX_TOTAL_BYTES + MIB  # the pack file itself: members plus the zip's own records
MAX_ENTRIES = 64
MAX_RATIO = 100  # uncompressed over compressed; real routines and pictures stay far below
MAX_NAME_CHARS = 200
MAX_NAME_PARTS = 4
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")
_DRIVE = re.compile(r"^[A-Za-z]:")
_END_RECORD = b"PK\x05\x06"
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the zip format's earliest: the same routine packs to the same bytes
REPLACE_OPTION = "--replace"  # the command line's options, named in the advice (never translated)
RENAME_OPTION = "--as"


class PackError(Exception):
    """A pack that cannot be made or brought in; the message is one line a person can act on."""


class AlreadyExistsError(PackError):
    """The person's folder already has the routine (or a different picture of the same name)."""


@dataclass(frozen=True)
class Pack:
    """A pack that passed every check: the routine file's bytes and its pictures' bytes by name."""

    routine_id: str
    routine_bytes: bytes
    routine: Routine  # as the loader read it beside the pack's pictures (paths point at a folder now gone)
    pictures: dict[str, bytes] = field(default_factory=dict)
    app_version: str = ""
    translations: dict[str, bytes] = field(default_factory=dict)  # by language: ``de`` is ``<id>.de.yaml``


@dataclass(frozen=True)
class Installed:
    """What an import wrote: the routine file and the pictures that were new or replaced."""

    routine_id: str
    routine_file: Path
    written: tuple[Path, ...]
    unchanged: tuple[Path, ...]  # pictures already there with the same bytes
    translations: tuple[Path, ...] = ()  # the routine's translations, written beside it


def shown(name: str) -> str:
    """A name taken from a pack, quoted, cut short and safe to print."""
    cut = name if len(name) <= 60 else name[:57] + "..."
    return "'" + printable(cut) + "'"


# -- making a pack --------------------------------------------------------------------------


def build_pack(routine_file: Path) -> bytes:
    """The pack of the routine in ``routine_file``; raises :class:`PackError`."""
    routine_file = Path(routine_file)
    try:
        data = read_regular_file(routine_file, MAX_ROUTINE_BYTES)
    except (OSError, ValueError) as error:
        raise PackError(
            _("cannot read {path}: {reason}").format(path=printable(str(routine_file)), reason=_reason(error))
        ) from None
    routine, problems = loader.check_routine(data, routine_file)
    if routine is None:
        raise PackError(
            _("the routine has problems, first {problem}").format(problem=problems[0])
            if problems
            else _("the routine is broken")
        )
    errors = [p for p in problems if p.severity == loader.ERROR]
    if errors:
        raise PackError(
            _("a translation of the routine has problems, first {problem}").format(problem=errors[0])
        )
    pictures = {name: _read_picture(path, name) for name, path in _own_pictures(data, routine, routine_file)}
    texts = {
        f"{routine.id}.{tag}.yaml": _read_translation(path)
        for tag, path in translations.find_sidecars(routine_file)
    }
    members = {f"{routine.id}.yaml": data, **texts, **pictures}
    manifest = {
        "pack_format": PACK_FORMAT,
        "app_version": __version__,
        "routine": routine.id,
        "files": [
            {"name": name, "size": len(body), "sha256": hashlib.sha256(body).hexdigest()}
            for name, body in members.items()
        ],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        _add(archive, MANIFEST, json.dumps(manifest, indent=2).encode("utf-8"))
        for name, body in members.items():
            _add(archive, name, body)
    packed = buffer.getvalue()
    read_pack(packed)  # what export writes, import takes: a pack that would be refused is not written
    return packed


def export_pack(routine_file: Path, out: Path) -> bytes:
    """Write the pack of ``routine_file`` to ``out`` atomically; returns its bytes."""
    packed = build_pack(routine_file)
    try:
        atomic_write_bytes(Path(out), packed)
    except OSError as error:
        raise PackError(
            _("cannot write {path}: {reason}").format(path=printable(str(out)), reason=_reason(error))
        ) from None
    return packed


def _add(archive: zipfile.ZipFile, name: str, body: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, so the mode below is read as one
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    archive.writestr(info, body)


def _own_pictures(data: bytes, routine: Routine, routine_file: Path) -> list[tuple[str, Path]]:
    """(name as the routine writes it, file) for each picture from the routine's own folder."""
    document = yaml.safe_load(data)  # already checked by the loader: no aliases, tags or deep nesting
    written = document.get("exercises", []) if isinstance(document, dict) else []
    folder = routine_file.parent.resolve()
    bundled = resources.images_dir().resolve()
    found: dict[str, Path] = {}
    for exercise, item in zip(routine.exercises, written, strict=False):
        for key, picture in (("image", exercise.image), ("image_left", exercise.image_left)):
            if picture is None or not isinstance(item, dict):
                continue
            as_written = str(item.get(key, ""))
            if not picture.is_relative_to(folder):
                if picture.is_relative_to(bundled):
                    continue  # every copy of the app has its own pictures
                raise PackError(
                    _("picture {name} is outside the routine's folder").format(name=shown(as_written))
                )
            name = PurePosixPath(as_written).as_posix()
            reason = _name_problem(name)
            if reason is not None or (folder / name).resolve() != picture:
                raise PackError(
                    _(
                        "picture {name} cannot go in a pack ({reason}); "
                        "name the file itself, relative to the routine's folder"
                    ).format(name=shown(as_written), reason=reason or _("it is a link"))
                )
            found[name] = picture
    return sorted(found.items())


def _read_translation(path: Path) -> bytes:
    try:
        return read_regular_file(path, MAX_ROUTINE_BYTES)
    except (OSError, ValueError) as error:
        raise PackError(
            _("cannot read the translation {name}: {reason}").format(
                name=shown(path.name), reason=_reason(error)
            )
        ) from None


def _translation_of(name: str, routine_id: str) -> str | None:
    """The language of the member ``name`` when it is a translation of ``routine_id``."""
    split = split_sidecar(name) if "/" not in name and name.endswith(".yaml") else None
    return split[1] if split is not None and split[0] == routine_id else None


def _read_picture(path: Path, name: str) -> bytes:
    try:
        return read_regular_file(path, MAX_PICTURE_BYTES)
    except FileTooLargeError:
        raise PackError(
            _("picture {name} is larger than {mib} MiB").format(
                name=shown(name), mib=MAX_PICTURE_BYTES // MIB
            )
        ) from None
    except OSError as error:
        raise PackError(
            _("cannot read picture {name}: {reason}").format(name=shown(name), reason=_reason(error))
        ) from None


# -- reading a pack -------------------------------------------------------------------------


def load_pack(path: Path) -> Pack:
    """Read and check the pack at ``path``; raises :class:`PackError` with the first reason."""
    try:
        data = read_regular_file(Path(path), MAX_PACK_BYTES)
    except FileTooLargeError:
        raise PackError(_("the pack is larger than {mib} MiB").format(mib=MAX_PACK_BYTES // MIB)) from None
    except NotARegularFileError:
        raise PackError(_("this is a folder or a device, not a pack file")) from None
    except (OSError, ValueError) as error:
        raise PackError(_("cannot read the pack: {reason}").format(reason=_reason(error))) from None
    return read_pack(data)


def read_pack(data: bytes) -> Pack:
    """Check every part of a pack's bytes; raises :class:`PackError` with the first reason."""
    _check_entry_count(data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, struct.error):
        raise PackError(_("this is not a routine pack (not a readable zip file)")) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise PackError(_too_many_entries(len(infos)))
        by_name = _check_entries(infos)
        if MANIFEST not in by_name:
            raise PackError(_("the pack has no {name}").format(name=MANIFEST))
        manifest = _manifest(_read_member(archive, by_name[MANIFEST], MAX_MANIFEST_BYTES))
        routine_id, listed, app_version = manifest
        routine_name = f"{routine_id}.yaml"
        if set(by_name) - {MANIFEST} != set(listed):
            extra = sorted(set(by_name) - {MANIFEST} - set(listed))
            missing = sorted(set(listed) - set(by_name))
            if extra:
                raise PackError(
                    _("the pack holds {name}, which its manifest does not list").format(name=shown(extra[0]))
                )
            raise PackError(
                _("the manifest lists {name}, which the pack does not hold").format(name=shown(missing[0]))
            )
        if routine_name not in by_name:
            raise PackError(_("the pack has no routine file {name}").format(name=shown(routine_name)))
        total = 0
        members: dict[str, bytes] = {}
        texts: dict[str, bytes] = {}
        for name, info in by_name.items():
            if name == MANIFEST:
                continue
            is_routine = name == routine_name
            language = _translation_of(name, routine_id)
            is_text = is_routine or language is not None
            if not is_text and PurePosixPath(name).suffix.lower() not in loader.IMAGE_SUFFIXES:
                raise PackError(
                    _(
                        "the pack holds {name}, which is neither the routine, a translation nor a picture"
                    ).format(name=shown(name))
                )
            limit = MAX_ROUTINE_BYTES if is_text else MAX_PICTURE_BYTES
            total += info.file_size
            if total > MAX_TOTAL_BYTES:
                raise PackError(
                    _("the pack's files add up to more than {mib} MiB").format(mib=MAX_TOTAL_BYTES // MIB)
                )
            body = _read_member(archive, info, limit)
            size, digest = listed[name]
            if len(body) != size or hashlib.sha256(body).hexdigest() != digest:
                raise PackError(
                    _("{name} does not match its checksum in the manifest").format(name=shown(name))
                )
            if language is not None:
                texts[language] = body
                continue
            if not is_routine:
                _check_picture(name, body)
            members[name] = body
    routine_bytes = members.pop(routine_name)
    routine = _check_routine(routine_id, routine_bytes, members, texts)
    return Pack(routine_id, routine_bytes, routine, members, app_version, texts)


def _check_entry_count(data: bytes) -> None:
    """Refuse a zip claiming too many entries before its directory is parsed into memory."""
    at = data.rfind(_END_RECORD, max(0, len(data) - 22 - 65535))
    if at < 0 or len(data) < at + 22:
        raise PackError(_("this is not a routine pack (not a readable zip file)"))
    entries = struct.unpack("<H", data[at + 10 : at + 12])[0]
    if entries > MAX_ENTRIES:  # 0xFFFF (a zip64 pack) is refused here too
        raise PackError(_too_many_entries(entries))


def _too_many_entries(entries: int) -> str:
    return _("the pack has {n} entries, more than the limit of {most}").format(n=entries, most=MAX_ENTRIES)


def _check_entries(infos: Iterable[zipfile.ZipInfo]) -> dict[str, zipfile.ZipInfo]:
    by_name: dict[str, zipfile.ZipInfo] = {}
    folded: set[str] = set()
    for info in infos:
        name = info.filename
        reason = _("it holds a NUL character") if "\x00" in info.orig_filename else _name_problem(name)
        if reason is not None:
            raise PackError(
                _("the pack holds an unsafe name {name}: {reason}").format(
                    name=shown(info.orig_filename), reason=reason
                )
            )
        if name.casefold() in folded:  # also the same name in other letter cases, one file on many systems
            raise PackError(_("the pack holds {name} twice").format(name=shown(name)))
        folded.add(name.casefold())
        mode = info.external_attr >> 16
        if info.is_dir() or info.external_attr & 0x10 or (mode and not stat.S_ISREG(mode)):
            raise PackError(
                _("{name} in the pack is a link, a folder or a special file, not a file").format(
                    name=shown(name)
                )
            )
        if info.flag_bits & 0x1:
            raise PackError(_("{name} in the pack is encrypted").format(name=shown(name)))
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise PackError(
                _("{name} in the pack uses a compression stretchapp does not read").format(name=shown(name))
            )
        if info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise PackError(_bomb(name))
        by_name[name] = info
    for name in by_name:  # 'a.svg' and 'a.svg/b.svg' cannot both be written
        for parent in PurePosixPath(name).parents:
            if parent.as_posix().casefold() in folded:
                raise PackError(
                    _("the pack holds {name} both as a file and as a folder").format(
                        name=shown(parent.as_posix())
                    )
                )
    return by_name


def _name_problem(name: str) -> str | None:
    """Why ``name`` cannot be written inside a folder, or None when it can."""
    if not name:
        return _("it is empty")
    if len(name) > MAX_NAME_CHARS:
        return _("it is longer than {most} characters").format(most=MAX_NAME_CHARS)
    if "\\" in name:
        return _("it holds a backslash")
    if name.startswith("/"):
        return _("it is an absolute path")
    if _DRIVE.match(name):
        return _("it names a drive")
    if not name.isprintable():
        return _("it holds control characters")
    parts = name.split("/")
    if len(parts) > MAX_NAME_PARTS:
        return _("it is more than {most} folders deep").format(most=MAX_NAME_PARTS)
    for part in parts:
        if part in ("", ".", ".."):
            return (
                _("it leads out of the folder or has an empty part")
                if part == ".."
                else _("it has an empty part")
            )
        if part.startswith("."):
            return _("it names a hidden file")
        if part != part.strip() or part.endswith("."):
            return _("a part ends in a space or a dot")
    return None


def _bomb(name: str) -> str:
    return _("{name} expands more than {ratio} times its packed size (a zip bomb)").format(
        name=shown(name), ratio=MAX_RATIO
    )


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """The member's bytes, read in chunks that stop at ``limit`` whatever its header says."""
    name = info.filename
    if info.file_size > limit:
        raise PackError(
            _("{name} is {size} bytes, more than the limit of {limit}").format(
                name=shown(name), size=words.number(info.file_size), limit=words.number(limit)
            )
        )
    ratio_limit = MAX_RATIO * max(info.compress_size, 1)
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as handle:
            while chunk := handle.read(min(65536, limit + 1 - size)):
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    raise PackError(
                        _("{name} is larger than the limit of {limit} bytes").format(
                            name=shown(name), limit=words.number(limit)
                        )
                    )
                if size > ratio_limit:
                    raise PackError(_bomb(name))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError):
        raise PackError(_("{name} in the pack is damaged").format(name=shown(name))) from None
    return b"".join(chunks)


def _manifest(body: bytes) -> tuple[str, dict[str, tuple[int, str]], str]:
    """(routine id, {name: (size, sha256)}, app version) from the manifest's bytes."""
    try:
        data: Any = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise PackError(_("the pack's {name} is not valid JSON").format(name=MANIFEST)) from None
    if not isinstance(data, dict):
        raise PackError(_("the pack's {name} is not a JSON object").format(name=MANIFEST))
    version = data.get("pack_format")
    if version != PACK_FORMAT:
        raise PackError(
            _("the pack's format is {found}; this stretchapp reads format {format}").format(
                found=shown(str(version)), format=PACK_FORMAT
            )
        )
    routine_id = data.get("routine")
    if not isinstance(routine_id, str) or not _ID.match(routine_id):
        raise PackError(
            _("the manifest's routine id {id} is not a usable id").format(id=shown(str(routine_id)))
        )
    files = data.get("files")
    if not isinstance(files, list) or len(files) >= MAX_ENTRIES:
        raise PackError(
            _("the manifest's '{key}' must be a list of at most {most} files").format(
                key="files", most=MAX_ENTRIES - 1
            )
        )
    listed: dict[str, tuple[int, str]] = {}
    for item in files:
        name = item.get("name") if isinstance(item, dict) else None
        size = item.get("size") if isinstance(item, dict) else None
        digest = item.get("sha256") if isinstance(item, dict) else None
        if (
            not isinstance(name, str)
            or not isinstance(size, int)
            or isinstance(size, bool)
            or not isinstance(digest, str)
            or not re.fullmatch(r"[0-9a-f]{64}", digest)
        ):
            raise PackError(_("the manifest lists a file without a name, a size and a SHA-256"))
        listed[name] = (size, digest)
    app_version = data.get("app_version")
    return routine_id, listed, app_version if isinstance(app_version, str) else ""


_SVG_START = re.compile(rb"<svg[\s>]")


def _check_picture(name: str, body: bytes) -> None:
    """Refuse a picture whose bytes are not the kind its name says."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".png":
        ok = body.startswith(b"\x89PNG\r\n\x1a\n")
    elif suffix in (".jpg", ".jpeg"):
        ok = body.startswith(b"\xff\xd8\xff")
    else:
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            ok = False
        else:
            # Entities are how an SVG's XML could expand without bound; a drawing needs none.
            ok = _SVG_START.search(body[:65536]) is not None and b"<!ENTITY" not in body
    if not ok:
        raise PackError(
            _("{name} is not a {kind} picture").format(name=shown(name), kind=suffix.lstrip(".").upper())
        )


def _check_routine(
    routine_id: str, body: bytes, pictures: dict[str, bytes], texts: dict[str, bytes] | None = None
) -> Routine:
    """The loader's verdict on the routine, read beside the pack's pictures and translations in a temporary folder.

    A translation with an error (a broken placeholder, say) refuses the pack, as
    ``stretchapp validate`` would fail it; one that is only missing or out of date does not.
    """
    with tempfile.TemporaryDirectory(prefix="stretchapp-pack-") as temp:
        folder = Path(temp)
        for name, picture in pictures.items():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(picture)
        sidecars = []
        for language, text in sorted((texts or {}).items()):
            sidecar = folder / f"{routine_id}.{language}.yaml"
            sidecar.write_bytes(text)
            sidecars.append((language, sidecar))
        routine_file = folder / f"{routine_id}.yaml"
        routine_file.write_bytes(body)
        routine, problems = loader.check_routine(body, routine_file, sidecars)
        errors = [p for p in problems if p.severity == loader.ERROR]
        if routine is None or errors:
            first = errors[0] if errors else None
            where = f"{Path(first.file).name}:{first.line}:{first.column}: {first.message}" if first else ""
            others = len(errors) - 1
            if others:
                raise PackError(
                    ngettext(
                        "the routine in the pack has problems: {where} (and {n} more)",
                        "the routine in the pack has problems: {where} (and {n} more)",
                        others,
                    ).format(where=printable(where), n=others)
                )
            raise PackError(_("the routine in the pack has problems: {where}").format(where=printable(where)))
        real = folder.resolve()
        used = {
            p.relative_to(real).as_posix()
            for e in routine.exercises
            for p in (e.image, e.image_left)
            if p is not None and p.is_relative_to(real)
        }
    unused = sorted(set(pictures) - used)
    if unused:
        raise PackError(
            _("the pack holds {name}, a picture its routine does not use").format(name=shown(unused[0]))
        )
    return routine


# -- bringing a pack in ---------------------------------------------------------------------


def existing_routine(routine_id: str, folder: Path | None = None) -> Path | None:
    """The file that already gives ``routine_id``: the person's own, else a bundled one."""
    for base in (paths.user_routines_dir() if folder is None else folder, resources.bundled_routines_dir()):
        for suffix in ROUTINE_SUFFIXES:
            candidate = base / f"{routine_id}{suffix}"
            if candidate.exists() or candidate.is_symlink():
                return candidate
    return None


def install(
    pack: Pack, *, routine_id: str | None = None, replace: bool = False, folder: Path | None = None
) -> Installed:
    """Write a checked pack into the routine folder (default: the person's).

    Raises :class:`AlreadyExistsError` when the id is taken or a different picture has one
    of the pack's names, unless ``replace``; replaced files keep their old version as
    ``name~``. Nothing is written until every target has been checked.
    """
    folder = paths.user_routines_dir() if folder is None else folder
    new_id = pack.routine_id if routine_id is None else routine_id
    if not _ID.match(new_id):
        raise PackError(
            _("{id} cannot be a routine id: use letters, digits, '-' and '_'").format(id=shown(new_id))
        )
    try:
        plan, unchanged = _plan(pack, new_id, folder, replace=replace)
    except OSError as error:
        raise PackError(
            _("cannot use the routine folder {path}: {reason}").format(
                path=printable(str(folder)), reason=_reason(error)
            )
        ) from None
    written: list[Path] = []
    created: list[Path] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for target, body in plan:  # pictures first, so the routine never appears without them
            existed = target.exists()
            atomic_write_bytes(target, body, backup=existed)
            written.append(target)
            if not existed:
                created.append(target)
    except OSError as error:
        for path in created:
            with contextlib.suppress(OSError):
                path.unlink()
        raise PackError(
            _("cannot write into {path}: {reason}").format(path=printable(str(folder)), reason=_reason(error))
        ) from None
    texts = {folder / f"{new_id}.{language}.yaml" for language in pack.translations}
    return Installed(
        new_id,
        plan[-1][0],
        tuple(p for p in written if p not in texts),
        tuple(unchanged),
        tuple(p for p in written if p in texts),
    )


def _plan(
    pack: Pack, new_id: str, folder: Path, *, replace: bool
) -> tuple[list[tuple[Path, bytes]], list[Path]]:
    existing = existing_routine(new_id, folder)
    if existing is not None and not replace:
        message = (
            _(
                "a routine with the id {id} is already among the bundled routines; "
                "add {replace} to replace it, or {rename} NEW-ID to import it under another id"
            )
            if not existing.is_relative_to(folder)
            else _(
                "a routine with the id {id} is already in your routine folder; "
                "add {replace} to replace it, or {rename} NEW-ID to import it under another id"
            )
        )
        raise AlreadyExistsError(
            message.format(id=shown(new_id), replace=REPLACE_OPTION, rename=RENAME_OPTION)
        )
    routine_target = folder / f"{new_id}.yaml"
    if existing is not None and existing.parent == folder:
        routine_target = existing  # replace 'neck.yml' as itself, not beside it as a second 'neck'
    plan: list[tuple[Path, bytes]] = []
    unchanged: list[Path] = []
    for name, body in sorted(pack.pictures.items()):
        target = folder / name
        _check_target(target, folder, name)
        if target.exists():
            if target.read_bytes() == body:
                unchanged.append(target)
                continue
            if not replace:
                raise AlreadyExistsError(
                    _(
                        "your routine folder already has a different picture {name}; "
                        "add {replace} to replace it (another routine may use it)"
                    ).format(name=shown(name), replace=REPLACE_OPTION)
                )
        plan.append((target, body))
    for language, body in sorted(pack.translations.items()):
        name = f"{new_id}.{language}.yaml"
        target = folder / name
        _check_target(target, folder, name)
        if target.exists() and not replace and target.read_bytes() != body:
            raise AlreadyExistsError(
                _(
                    "your routine folder already has a different translation {name}; add {replace} to replace it"
                ).format(name=shown(name), replace=REPLACE_OPTION)
            )
        plan.append((target, body))
    _check_target(routine_target, folder, routine_target.name)
    plan.append((routine_target, pack.routine_bytes))  # last, so it never appears without the rest
    return plan, unchanged


def _check_target(target: Path, folder: Path, name: str) -> None:
    """Refuse to write through a link, or over a folder or device, inside the person's folder."""
    current = folder
    for part in target.relative_to(folder).parts:
        current = current / part
        if current.is_symlink():
            raise PackError(
                _("{name} would be written through a link in your routine folder").format(name=shown(name))
            )
        if current != target and current.exists() and not current.is_dir():
            raise PackError(
                _("{name} needs a folder where your routine folder has a file").format(name=shown(name))
            )
    if target.exists() and not target.is_file():
        raise PackError(
            _("{name} is a folder or a special file in your routine folder").format(name=shown(name))
        )


def import_pack(
    path: Path, *, routine_id: str | None = None, replace: bool = False, folder: Path | None = None
) -> Installed:
    """Check the pack at ``path`` whole, then write it into the routine folder."""
    return install(load_pack(path), routine_id=routine_id, replace=replace, folder=folder)


def _reason(error: BaseException) -> str:
    return printable(error.strerror if isinstance(error, OSError) and error.strerror else str(error))
