"""Reading and checking a routine's translations: the ``translations:`` block and sidecar files (no Qt).

A translation mirrors the routine's text, never its structure: for each piece (title,
description, cautions, contraindications, exercise names, steps, hold prompts) it gives the
``source`` text it was made from and the translated ``text``. The same block is written
under ``translations: {de: ...}`` in the routine file, or on its own in a sidecar file
beside it, ``ID.de.yaml``. Each piece is checked against the routine:

- missing for a language the file offers: a warning, the source text is shown instead
  (a regional language such as ``de_AT`` next to ``de`` takes what it lacks from ``de``, and
  ``de``'s own gaps are reported once, for ``de``);
- made from a source that has changed since: a warning, the source text is shown instead;
- placeholders dropped or invented, or side forms written wrong: an error for that language
  only; the routine stays usable and the piece is shown from the next language in line.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from stretchapp.core import i18n
from stretchapp.core.i18n import _
from stretchapp.core.model import Routine, Text, Translation
from stretchapp.core.prompts import fields, placeholders
from stretchapp.core.records import Record
from stretchapp.routines import loader
from stretchapp.routines.sidecars import LANGUAGE_TAG, split_sidecar
from stretchapp.storage.fileio import FileTooLargeError, NotARegularFileError, read_regular_file

BLOCK_KEYS = ("title", "description", "cautions", "contraindications", "exercises")
SIDECAR_KEYS = ("format", "language", *BLOCK_KEYS)
EXERCISE_KEYS = ("name", "steps", "hold_prompt")
ENTRY_KEYS = ("source", "text")


def _item(key: str, n: int) -> str:
    """Where a list item sits in the file: the key as written there, and the item's number."""
    # TRANSLATORS: {key} is a word of the file format (exercises, steps), kept as written
    return _("{key}, item {n}").format(key=key, n=n)


def is_english(tag: str) -> bool:
    return i18n.normalise(tag).split("_", 1)[0] == "en"


def find_sidecars(path: Path) -> list[tuple[str, Path]]:
    """The sidecar translations beside the routine file ``path``, as (language, file)."""
    try:
        with os.scandir(path.parent) as listing:
            names = [item.name for item in listing]
    except OSError:
        return []
    return sidecars_among(path, names)


def sidecars_among(path: Path, names: Iterable[str]) -> list[tuple[str, Path]]:
    """The sidecars of ``path`` among the file ``names`` of its folder, sorted by language."""
    found = []
    for name in names:
        split = split_sidecar(name)
        if split is not None and split[0] == path.stem:
            found.append((split[1], path.parent / name))
    return sorted(found)


class Piece(Record):
    """One translatable piece of the routine as written (a named tuple: cheap to define at import)."""

    key: str
    text: str
    label: str  # the piece in words, for messages
    where: str  # where it goes in a translation, for hints


def pieces(routine: Routine) -> dict[str, Piece]:
    """Every translatable piece of ``routine``'s text, by key (see :class:`~stretchapp.core.model.Text`)."""
    found: dict[str, Piece] = {"title": Piece("title", routine.title, _("the title"), "title")}
    if routine.description:
        found["description"] = Piece("description", routine.description, _("the description"), "description")
    for key, texts, label in (
        ("cautions", routine.cautions, _("caution {n}")),
        ("contraindications", routine.contraindications, _("contraindication {n}")),
    ):
        for i, text in enumerate(texts):
            found[f"{key}.{i}"] = Piece(f"{key}.{i}", text, label.format(n=i + 1), _item(key, i + 1))
    for n, exercise in enumerate(routine.exercises):
        number = n + 1
        where = _item("exercises", number)
        found[f"exercises.{n}.name"] = Piece(
            f"exercises.{n}.name",
            exercise.name,
            _("the name of exercise {n}").format(n=number),
            f"{where}, name",
        )
        for m, step in enumerate(exercise.steps):
            found[f"exercises.{n}.steps.{m}"] = Piece(
                f"exercises.{n}.steps.{m}",
                step,
                _("step {m} of exercise {n}").format(m=m + 1, n=number),
                f"{where}, {_item('steps', m + 1)}",
            )
        if exercise.hold_prompt:
            found[f"exercises.{n}.hold_prompt"] = Piece(
                f"exercises.{n}.hold_prompt",
                exercise.hold_prompt,
                _("the hold prompt of exercise {n}").format(n=number),
                f"{where}, hold_prompt",
            )
    return found


class _Offered:
    """What one language's translation gave: usable texts, every piece it tried, where to point."""

    __slots__ = ("anchor", "exercise_anchors", "file", "given", "language", "texts")

    def __init__(self, language: str, file: str, anchor: loader.Node) -> None:
        self.language = language
        self.file = file
        self.anchor = anchor
        self.texts: dict[str, str] = {}
        self.given: set[str] = set()
        self.exercise_anchors: dict[int, loader.Node] = {}


def _same(a: str, b: str) -> bool:
    return a.split() == b.split()  # folding a long line differently changes no meaning


def _check_placeholders(
    reader: loader._Reader, node: loader.Node, text: str, reference: str, language: str, piece: Piece
) -> bool:
    """Whether ``text`` has the placeholders of ``reference``; reports each one it lacks or adds."""
    wanted = {f.name for f in fields(reference)}
    found = fields(text)
    if not wanted and not found:
        return True
    good = True
    written = placeholders(reader.text[node.start : node.end])
    for item in found:
        line, column = loader._locate(reader, node, written, item.name)
        if item.name not in wanted:
            shown = ", ".join(f"{{{name}}}" for name in sorted(wanted))
            reader.problem(
                line,
                column,
                _(
                    "the '{language}' text of {piece} has the placeholder '{{{name}}}', which the source has not"
                ).format(language=language, piece=piece.label, name=item.name),
                _("the source uses {names}").format(names=shown)
                if shown
                else _("remove it; the source names no side"),
            )
            good = False
        elif item.has_forms and (len(item.forms) != 2 or not all(item.forms)):
            reader.problem(
                line,
                column,
                _("'{{{name}|...}}' needs two forms: the word for the right side, then for the left").format(
                    name=item.name
                ),
                _("write it like {{side|rechten|linken}}"),
            )
            good = False
        elif not item.has_forms and not is_english(language):
            reader.problem(
                line,
                column,
                _("'{{{name}}}' would put the English word 'right' or 'left' into '{language}' text").format(
                    name=item.name, language=language
                ),
                _("write the side word's two forms, right then left: {{{name}|...|...}}").format(
                    name=item.name
                ),
            )
            good = False
    for name in sorted(wanted - {f.name for f in found}):
        reader.at(
            node,
            _("the '{language}' text of {piece} leaves out the placeholder '{{{name}}}'").format(
                language=language, piece=piece.label, name=name
            ),
            _("name the side with {{{name}|...|...}}, the right side's word first").format(name=name),
        )
        good = False
    return good


def _entry(reader: loader._Reader, node: loader.Node, piece: Piece, offered: _Offered) -> None:
    """One ``{source, text}`` entry: used when current and sound, else reported."""
    offered.given.add(piece.key)
    if node.tag != loader.MAP:
        reader.at(
            node,
            _("the translation of {piece} must be a mapping of 'source:' and 'text:'").format(
                piece=piece.label
            ),
            _("write 'source:' (the text translated from) and 'text:' (the translation) under it"),
        )
        return
    parts = loader._mapping(reader, node, ENTRY_KEYS, _("a translation"))
    for key in ENTRY_KEYS:
        if key not in parts:
            reader.at(
                node,
                _("the translation of {piece} is missing '{key}'").format(piece=piece.label, key=key),
                _("'source:' is the text translated from, 'text:' the translation"),
            )
    if any(key not in parts for key in ENTRY_KEYS):
        return
    copy = loader._text(reader, parts["source"][1], "source")
    text = loader._text(reader, parts["text"][1], "text")
    if copy is None or text is None:
        return
    if not _check_placeholders(reader, parts["text"][1], text, copy, offered.language, piece):
        return
    if not _same(copy, piece.text):
        source_node = parts["source"][1]
        reader.problem(
            source_node.line,
            source_node.column,
            _("the '{language}' text of {piece} was made from text the routine no longer has").format(
                language=offered.language, piece=piece.label
            ),
            _("the source now reads: \u201c{text}\u201d; translate it and copy it into 'source:'").format(
                text=piece.text
            ),
            severity=loader.WARNING,
        )
        return
    offered.texts[piece.key] = text


def _entries(
    reader: loader._Reader,
    node: loader.Node,
    prefix: str,
    what: str,
    known: dict[str, Piece],
    offered: _Offered,
) -> None:
    """A list of entries (cautions, steps): item N translates piece ``prefix.N``; ``~`` skips one."""
    if node.tag != loader.SEQ:
        reader.at(node, _("'{key}' must be a list").format(key=what), _("one '- source: ...' item per line"))
        return
    for index, item in enumerate(node.value):
        piece = known.get(f"{prefix}.{index}")
        if piece is None:
            count = sum(
                1 for key in known if key.startswith(prefix + ".") and key.count(".") == prefix.count(".") + 1
            )
            reader.at(
                item,
                _("the routine has {count} items in '{key}', fewer than this translation").format(
                    count=count, key=what
                ),
                _("remove this item, or check that the items are in the routine's order"),
            )
            continue
        if item.tag != loader.NULL:
            _entry(reader, item, piece, offered)


def _block(
    reader: loader._Reader,
    node: loader.Node,
    offered: _Offered,
    known: dict[str, Piece],
    keys: tuple[str, ...],
) -> dict[str, tuple[loader.Node, loader.Node]]:
    """One language's translation, in the routine file or a sidecar; returns its keys."""
    if node.tag != loader.MAP:
        reader.at(
            node,
            _("the '{language}' translation must be a mapping of keys like 'title:'").format(
                language=offered.language
            ),
            _("indent 'title:', 'cautions:' and 'exercises:' under it"),
        )
        return {}
    parts = loader._mapping(reader, node, keys, _("a translation"))
    for key in ("title", "description"):
        if key in parts:
            piece = known.get(key)
            if piece is None:
                reader.at(
                    parts[key][0], _("the routine has no {key} to translate").format(key=key), _("remove it")
                )
            else:
                _entry(reader, parts[key][1], piece, offered)
    for key in ("cautions", "contraindications"):
        if key in parts:
            _entries(reader, parts[key][1], key, key, known, offered)
    if "exercises" in parts:
        exercises = parts["exercises"][1]
        if exercises.tag != loader.SEQ:
            reader.at(
                exercises, _("'exercises' must be a list"), _("one '- name: ...' item per exercise, in order")
            )
            return parts
        for n, item in enumerate(exercises.value):
            if f"exercises.{n}.name" not in known:
                reader.at(
                    item,
                    _("the routine has fewer exercises than this translation"),
                    _("remove this item, or check that the exercises are in the routine's order"),
                )
                continue
            if item.tag == loader.NULL:
                continue
            if item.tag != loader.MAP:
                reader.at(
                    item, _("each exercise's translation must be a mapping"), _("start it with '- name:'")
                )
                continue
            offered.exercise_anchors[n] = item
            inner = loader._mapping(reader, item, EXERCISE_KEYS, _("an exercise's translation"))
            for key in ("name", "hold_prompt"):
                if key in inner:
                    piece = known.get(f"exercises.{n}.{key}")
                    if piece is None:
                        reader.at(
                            inner[key][0],
                            _("this exercise has no {key} to translate").format(key=key),
                            _("remove it"),
                        )
                    else:
                        _entry(reader, inner[key][1], piece, offered)
            if "steps" in inner:
                _entries(reader, inner["steps"][1], f"exercises.{n}.steps", "steps", known, offered)
    return parts


def _tag(reader: loader._Reader, node: loader.Node, source_language: str) -> str | None:
    if node.tag != loader.STR or not LANGUAGE_TAG.match(str(node.value)):
        reader.at(
            node,
            _("'{tag}' is not a language tag").format(
                tag=node.value if node.tag == loader.STR else node.kind
            ),
            _("write a language like 'de', or with a region 'de_AT'"),
        )
        return None
    tag = i18n.normalise(str(node.value))
    if tag == source_language:
        reader.at(
            node,
            _("the routine is written in '{tag}'; its own text needs no translation").format(tag=tag),
            _("remove this translation, or change 'language:'"),
        )
        return None
    return tag


def _sidecar(
    path: Path, language: str, source_language: str, known: dict[str, Piece], problems: list[loader.Problem]
) -> _Offered | None:
    reader = loader._Reader(str(path))
    reader.language = language
    try:
        data = read_regular_file(path, loader.MAX_FILE_BYTES)
    except (NotARegularFileError, FileTooLargeError, OSError, ValueError) as error:
        reason = (
            error.strerror
            if isinstance(error, OSError) and error.strerror
            else str(error) or type(error).__name__
        )
        reader.problem(1, 1, _("cannot read the translation: {reason}").format(reason=reason))
        problems.extend(reader.problems)
        return None
    text = loader._decode(data, reader)
    if text is not None:
        reader.text = text
        loader._character_problems(reader, text)
    root = loader._build_tree(text, reader) if text is not None and not reader.problems else None
    if root is None:
        if not reader.problems:
            reader.problem(
                1, 1, _("the translation is empty"), _("add 'title:' with its 'source:' and 'text:'")
            )
        problems.extend(reader.problems)
        return None
    if language == source_language:
        reader.problem(
            1,
            1,
            _("the routine is written in '{tag}'; its own text needs no translation").format(tag=language),
            _("remove this file, or change the routine's 'language:'"),
        )
        problems.extend(reader.problems)
        return None
    offered = _Offered(language, str(path), root)
    parts = _block(reader, root, offered, known, SIDECAR_KEYS)
    if "language" in parts:
        node = parts["language"][1]
        if node.tag != loader.STR or i18n.normalise(str(node.value)) != language:
            reader.at(
                node,
                _("'language' says another language than the file name ('{tag}')").format(tag=language),
                _("make the two agree, or remove 'language:'"),
            )
    if "format" in parts:
        loader._check_format(reader, parts["format"][1])
    problems.extend(reader.problems)
    return offered


def attach(
    reader: loader._Reader,
    routine: Routine,
    block: loader.Node | None,
    sidecars: list[tuple[str, Path]],
) -> Routine:
    """``routine`` with every usable translation, after reporting what is wrong with each."""
    if block is None and not sidecars:
        return routine
    known = pieces(routine)
    offered: dict[str, _Offered] = {}
    if block is not None:
        if block.tag != loader.MAP:
            reader.at(
                block,
                _("'translations' must be a mapping of languages"),
                _("write each language on its own line, like 'de:', with its translation indented under it"),
            )
        else:
            for key, value in block.value:
                tag = _tag(reader, key, routine.source_language)
                if tag is None:
                    continue
                reader.language = tag
                if tag in offered:
                    reader.at(
                        key,
                        _("the '{tag}' translation is given twice").format(tag=tag),
                        _("keep only one of them"),
                    )
                else:
                    offered[tag] = _Offered(tag, reader.file, key)
                    _block(reader, value, offered[tag], known, BLOCK_KEYS)
                reader.language = None
    for tag, path in sidecars:
        if tag in offered:
            reader.problems.append(
                loader.Problem(
                    str(path),
                    1,
                    1,
                    _("the '{tag}' translation is also in the routine file").format(tag=tag),
                    _("keep only one of them; this file is not read"),
                    language=tag,
                )
            )
            continue
        found = _sidecar(path, tag, routine.source_language, known, reader.problems)
        if found is not None:
            offered[tag] = found
    _report_missing(reader, offered, known)
    source = Translation(routine.source_language, tuple(Text(p.key, p.text) for p in known.values()))
    translated = tuple(
        Translation(tag, tuple(Text(key, text) for key, text in item.texts.items()))
        for tag, item in sorted(offered.items())
    )
    return routine._replace(translations=(source, *translated))


def _report_missing(reader: loader._Reader, offered: dict[str, _Offered], known: dict[str, Piece]) -> None:
    for tag, item in offered.items():
        if "_" in tag and tag.split("_", 1)[0] in offered:
            continue  # what de_AT lacks comes from de, whose own gaps are reported there
        for key, piece in known.items():
            if key in item.given:
                continue
            anchor = item.anchor
            if key.startswith("exercises."):
                anchor = item.exercise_anchors.get(int(key.split(".")[1]), anchor)
            where = _("add it under {where}, with 'source:' and 'text:'").format(where=piece.where)
            problem = loader.Problem(
                item.file,
                anchor.line,
                anchor.column,
                _("no '{language}' text for {piece}; the source text is shown").format(
                    language=tag, piece=piece.label
                ),
                where,
                severity=loader.WARNING,
                language=tag,
            )
            reader.problems.append(problem)
