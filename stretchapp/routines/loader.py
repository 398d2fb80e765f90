"""Reading routine files: YAML text to a validated :class:`~stretchapp.core.model.Routine` (no Qt).

The loader is the single authority on what a valid routine is. It reads YAML with the
safe parser (libyaml's when present) as a stream of events and builds its own node tree,
which lets it refuse the dangerous parts of YAML before anything is constructed: aliases
(so no "billion laughs"), tags other than the plain core ones (so no ``!!python/...``)
and nesting deeper than a routine ever needs. It then checks the tree and collects every
problem of the file, each with its ``file:line:column`` and, where one helps, a hint.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable
from pathlib import Path

import yaml

from stretchapp import resources
from stretchapp.core import i18n
from stretchapp.core import text as words
from stretchapp.core.i18n import N_, _, ngettext
from stretchapp.core.kinds import Order, Sides
from stretchapp.core.logger import get_logger
from stretchapp.core.model import Exercise, HoldRange, Routine
from stretchapp.core.prompts import SIDE_PLACEHOLDERS, fields, placeholders
from stretchapp.core.records import Record
from stretchapp.core.text import printable
from stretchapp.routines import rules
from stretchapp.routines.sidecars import LANGUAGE_TAG
from stretchapp.storage.fileio import FileTooLargeError, NotARegularFileError, read_regular_file

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (see docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any, NoReturn

log = get_logger(__name__)

MAX_FILE_BYTES = 1_048_576
MAX_DEPTH = 20
MAX_SECONDS = rules.MAX_SECONDS
MAX_REPS = rules.MAX_REPS
MAX_PROBLEMS = 100  # listed per file; past that they are the same mistake repeated
FORMAT_VERSIONS = rules.FORMAT_VERSIONS
FORMAT_VERSION = FORMAT_VERSIONS[-1]
ERROR, WARNING = "error", "warning"
# pictures.SVG_SUFFIXES + pictures.RASTER_SUFFIXES (a test keeps them equal), named here so
# that a routine without pictures never imports the picture checks.
IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")

# The parsers a routine can be read with. libyaml's is fast; the pure-Python one is the
# reference: libyaml builds differ in the limits they impose (0.2.6 refuses about 1,000 open
# brackets before a reader sees the fifth), so a file libyaml refuses is read again with it.
PARSERS: dict[str, Any] = {"python": yaml.SafeLoader}
if getattr(yaml, "CSafeLoader", None) is not None:
    PARSERS["c"] = yaml.CSafeLoader
PARSER_ENV = "STRETCHAPP_YAML_PARSER"
_Loader: Any = PARSERS.get(os.environ.get(PARSER_ENV, "c"), PARSERS.get("c", yaml.SafeLoader))


def use_parser(name: str) -> None:
    """Read routines with the ``"c"`` (libyaml) or ``"python"`` parser from now on."""
    global _Loader  # noqa: PLW0603 - one switch for the whole process, set by tests and bench
    _Loader = PARSERS[name]


def parser_name() -> str:
    return next(name for name, parser in PARSERS.items() if parser is _Loader)


_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")

_TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null"))
SEQ, MAP, MERGE = f"{_TAG}seq", f"{_TAG}map", f"{_TAG}merge"
# Tags a file may write out (``!!str 15``); implicit ones (dates, ``<<``) are only ever checked
# for their kind and never constructed, so they need no list.
_SCALAR_TAGS = {STR, INT, FLOAT, BOOL, NULL}

ROUTINE_KEYS = (
    "format",
    "title",
    "description",
    "tags",
    "cautions",
    "contraindications",
    "author",
    "reviewed_by",
    "source",
    "licence",
    "language",
    "translations",
    "prepare",
    "rest",
    "exercises",
)
# Who wrote a routine and what it rests on: optional, shown in the library, never in the player.
METADATA_TEXT_KEYS = ("author", "reviewed_by", "licence")
ROUTINE_REQUIRED = ("title", "exercises")
EXERCISE_REQUIRED = ("name", "hold", "steps")
EXERCISE_KEYS = (
    "name",
    "image",
    "image_left",
    "sides",
    "order",
    "reps",
    "hold",
    "steps",
    "hold_prompt",
    "notes",
)


class Problem(Record):
    """One thing wrong with a routine file, where it is, and how to fix it."""

    file: str
    line: int
    column: int
    message: str
    hint: str | None = None
    # A warning leaves the routine usable; so does an error in one language's translation
    # (``language`` names it): that language's text falls back to the next in line.
    severity: str = ERROR
    language: str | None = None

    @property
    def fatal(self) -> bool:
        """Whether the routine cannot be used because of this problem."""
        return self.severity == ERROR and self.language is None

    def __str__(self) -> str:
        hint = f" ({self.hint})" if self.hint else ""
        kind = _("warning: ") if self.severity == WARNING else ""
        return printable(f"{self.file}:{self.line}:{self.column}: {kind}{self.message}{hint}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "hint": self.hint,
            "severity": self.severity,
            "language": self.language,
        }


class RoutineError(Exception):
    """A routine file that cannot be used; ``problems`` says every reason."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


# -- a small node tree with positions ------------------------------------------------------
class Node:
    """One scalar, list or mapping of the file, where it starts (1-based line and column).

    A plain slotted class, not a named tuple: thousands are made per file, and these are
    quicker to make.
    """

    __slots__ = ("column", "end", "line", "start", "tag", "value")

    def __init__(
        self, line: int, column: int, tag: str, value: Any = None, start: int = 0, end: int = 0
    ) -> None:
        self.line = line
        self.column = column
        self.tag = tag
        self.value = value  # str for scalars, list[Node] for sequences, list[tuple[Node, Node]] for mappings
        self.start = start  # character offsets of the node's source text, for locating placeholders
        self.end = end

    def __repr__(self) -> str:
        return f"Node({self.line}, {self.column}, {self.tag!r}, {self.value!r})"

    @property
    def kind(self) -> str:
        return _({SEQ: N_("a list"), MAP: N_("a mapping")}.get(self.tag, N_("a value")))


class _StopReadingError(Exception):
    """Parsing cannot continue; the problem has been recorded."""


class _Reader:
    """Collects the problems of one file."""

    def __init__(self, file: str, text: str = "") -> None:
        self.file = file
        self.text = text
        self.problems: list[Problem] = []
        self.syntax_error = 0  # 1-based index in ``problems`` of the parser's refusal, if any
        self.language: str | None = None  # the translation being read; its problems are its own
        self.source_language = i18n.SOURCE_LANGUAGE
        self.translations: Node | None = None

    def problem(
        self, line: int, column: int, message: str, hint: str | None = None, *, severity: str = ERROR
    ) -> None:
        self.problems.append(Problem(self.file, line, column, message, hint, severity, self.language))

    def at(self, node: Node, message: str, hint: str | None = None) -> None:
        self.problem(node.line, node.column, message, hint)


def _refuse_tag(reader: _Reader, event: Any) -> NoReturn:
    tag = str(event.tag)
    shown = "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag
    mark = event.start_mark
    reader.problem(
        mark.line + 1,
        mark.column + 1,
        _("the tag '{tag}' is not allowed here").format(tag=shown),
        _("remove the tag; plain text, numbers and lists are all a routine needs"),
    )
    raise _StopReadingError


# Bound once: the event loop below runs for every value of a file.
_SCALAR, _ALIAS, _STREAMEND, _DOCUMENTSTART = (
    yaml.ScalarEvent,
    yaml.AliasEvent,
    yaml.StreamEndEvent,
    yaml.DocumentStartEvent,
)
_SEQUENCESTART, _SEQUENCEEND = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_MAPPINGSTART, _MAPPINGEND = yaml.MappingStartEvent, yaml.MappingEndEvent
_SCALAR_NODE = yaml.ScalarNode


# PyYAML's own scanner ends plain text at a tab ("Tip<TAB>your head") where libyaml and the
# YAML spec read on, so for it a tab between two words stands in as a private character of
# the same length (positions stay true) and is put back in the values.
# (Patterns off the common path stay text: re compiles and keeps each on first use.)
_TAB_BETWEEN_WORDS = r"(?<=[^\s:\-?,\[\]{}#|>])\t(?=[^\s#])"
_TAB_STAND_IN = "\ue000"


def _build_tree(text: str, reader: _Reader) -> Node | None:
    """Parse ``text`` into a :class:`Node` tree, whatever the YAML library's build.

    When libyaml refuses the text, the reference parser reads it again: if that finds one of
    the loader's own problems (too deep, an alias, a tag) or no problem at all, its answer
    stands, so a library's private limit never decides what a routine file may be.
    """
    root = _parse(text, reader, _Loader)
    if root is not None or _Loader is yaml.SafeLoader or not reader.syntax_error:
        return root
    second = _Reader(reader.file, reader.text)
    second.problems = reader.problems[: reader.syntax_error - 1]
    again = _parse(text, second, yaml.SafeLoader)
    if not second.syntax_error:
        reader.problems = second.problems
        reader.syntax_error = 0
        return again
    return None


def _parse(text: str, reader: _Reader, parser: Any) -> Node | None:
    """Parse ``text`` with ``parser`` as events into a tree, refusing unsafe constructs."""
    resolve: Callable[[type[yaml.Node], str, tuple[bool, bool]], str] = yaml.resolver.Resolver().resolve
    resolved: dict[str, str] = {}  # plain scalars repeat (keys above all); resolving is slow
    tabs = parser is yaml.SafeLoader and _TAB_STAND_IN not in text and re.search(_TAB_BETWEEN_WORDS, text)
    loader = parser(re.sub(_TAB_BETWEEN_WORDS, _TAB_STAND_IN, text) if tabs else text)
    get_event = loader.get_event
    # The open list or mapping, whether it is a mapping, and the key awaiting its value; the
    # stack keeps the same three for every enclosing one. (Locals: this runs for every value.)
    parent: Node | None = None
    in_mapping = False
    key: Node | None = None
    stack: list[tuple[Node | None, bool, Node | None]] = []
    root: Node | None = None
    documents = 0
    try:
        while True:
            event = get_event()
            kind = type(event)
            if kind is _SCALAR:
                tag = event.tag
                if tag is None or tag == "!":
                    if event.implicit[0]:
                        value = event.value
                        tag = resolved.get(value)
                        if tag is None:
                            tag = resolve(_SCALAR_NODE, value, (True, False))
                            if tag == STR and value.isascii() and value.isdigit():
                                tag = INT  # 08 and 09 are not octal, so YAML 1.1 calls them text
                            resolved[value] = tag
                    else:
                        tag = STR
                elif tag not in _SCALAR_TAGS:
                    _refuse_tag(reader, event)
                mark = event.start_mark
                value = event.value.replace(_TAB_STAND_IN, "\t") if tabs else event.value
                node = Node(mark.line + 1, mark.column + 1, tag, value, mark.index, event.end_mark.index)
            elif kind is _SEQUENCESTART or kind is _MAPPINGSTART:
                default = SEQ if kind is _SEQUENCESTART else MAP
                if event.tag is not None and event.tag not in ("!", default):
                    _refuse_tag(reader, event)
                mark = event.start_mark
                node = Node(mark.line + 1, mark.column + 1, default, [], mark.index)
            elif kind is _SEQUENCEEND or kind is _MAPPINGEND:
                parent, in_mapping, key = stack.pop()
                continue
            elif kind is _DOCUMENTSTART:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    reader.problem(
                        mark.line + 1,
                        mark.column + 1,
                        _("the file holds more than one YAML document"),
                        _("keep one routine per file; remove the '---' line and what follows"),
                    )
                    raise _StopReadingError
                continue
            elif kind is _ALIAS:
                mark = event.start_mark
                reader.problem(
                    mark.line + 1,
                    mark.column + 1,
                    _("aliases like '*{anchor}' are not allowed in routine files").format(
                        anchor=event.anchor
                    ),
                    _("write the value out in full"),
                )
                raise _StopReadingError
            elif event is None or kind is _STREAMEND:
                break
            else:
                continue
            if parent is None:
                root = node
            elif not in_mapping:
                parent.value.append(node)
            elif key is None:
                key = node
            else:
                parent.value.append((key, node))
                key = None
            if kind is not _SCALAR:
                if len(stack) >= MAX_DEPTH:
                    reader.problem(
                        node.line,
                        node.column,
                        _("the file nests lists and mappings more than {depth} levels deep").format(
                            depth=MAX_DEPTH
                        ),
                        _("a routine needs only a few levels; check the indentation"),
                    )
                    raise _StopReadingError
                stack.append((parent, in_mapping, key))
                parent, in_mapping, key = node, kind is _MAPPINGSTART, None
    except yaml.MarkedYAMLError as error:
        where = error.problem_mark or error.context_mark
        line, column = (where.line + 1, where.column + 1) if where is not None else (1, 1)
        # libyaml puts the end of a file without a final line break on a line of its own.
        line, column = min((line, column), _position(text, len(text)))
        message = error.problem or error.context or _("this is not valid YAML")
        if "escape" in message and where is not None and text[where.index - 1 : where.index] == "\\":
            column -= 1  # libyaml points at the backslash, PyYAML at the letter after it
        first = error.context_mark.line if error.context_mark is not None else line - 1
        nearby = text.splitlines()[max(0, min(first, line - 1)) : line]
        reader.problem(
            line,
            column,
            _("YAML syntax error: {message}").format(message=message),
            _syntax_hint(message, nearby),
        )
        reader.syntax_error = len(reader.problems)
        return None
    except yaml.reader.ReaderError:
        # _character_problems reports these before parsing; this is only a fallback.
        reader.problem(1, 1, _("the file contains a character that YAML does not allow"))
        return None
    except yaml.YAMLError as error:
        reader.problem(1, 1, _("YAML error: {error}").format(error=error))
        reader.syntax_error = len(reader.problems)
        return None
    except _StopReadingError:
        return None
    finally:
        loader.dispose()
    return root


_FLOW_START = r"^\s*(?:-\s+|[^\s#'\"][^:#]*:\s+)[\[{]"


# Parser messages (PyYAML's and libyaml's wording) and what usually causes them, in order.
_SYNTAX_HINTS = (
    ("tab", N_("use spaces, not tabs, for indentation")),
    (
        "mapping values are not allowed",
        N_("a value containing ': ' needs quotes around it; or this line is indented too far"),
    ),
    ("could not find expected ':'", N_("each line of a mapping looks like 'key: value'")),
    (
        "expected ',' or ']'",
        N_('inside [ ] or {{ }}, text with braces, commas or colons needs quotes: "Turn to the {{side}}."'),
    ),
    (
        "expected ',' or '}'",
        N_('inside [ ] or {{ }}, text with braces, commas or colons needs quotes: "Turn to the {{side}}."'),
    ),
    (
        "found character that cannot start any token",
        N_("text starting with this character needs quotes around it"),
    ),
)
# Messages whose cause is less certain: a value starting with a bracket is likelier, if there is one.
_LAYOUT_HINTS = (
    (
        "did not find expected key",
        N_("check the indentation: the keys of one mapping start in the same column"),
    ),
    (
        "did not find expected '-' indicator",
        N_("check the indentation: the items of one list start in the same column"),
    ),
    (
        "found '<block sequence start>'",
        N_("check the indentation: the items of one list start in the same column"),
    ),
    ("sequence entries are not allowed", N_("start a '- ' list on a new line, indented under its key")),
    ("did not find expected node content", N_("a value is missing here, or text needs quotes around it")),
    (
        "did not find expected <document start>",
        N_("the whole file is one mapping; check lines that start at the margin"),
    ),
    (
        "document indicator",
        N_("a line starting with '---' or '...' ends the routine; indent it or put it in quotes"),
    ),
    ("directive", N_("a line starting with '%' needs quotes around it")),
    (
        "unknown escape character",
        N_("inside double quotes a backslash starts an escape; use single quotes instead"),
    ),
    ("comment or line break", N_("text follows a closing quote or bracket; put the whole value in quotes")),
    ("whitespace or line break", N_("put a space after the ':' or '-', or quotes around the text")),
    ("unexpected end of stream", N_("a quote or bracket is opened but never closed")),
)


def _syntax_hint(message: str, nearby: list[str]) -> str | None:
    """A likely fix for a YAML syntax error; ``nearby`` are the lines where it happened."""
    certain = next((hint for words, hint in _SYNTAX_HINTS if words in message), None)
    if certain is not None:
        return _(certain).format()
    if any(re.match(_FLOW_START, line) for line in nearby):
        return _(
            "text that starts with '{{' or '[' needs quotes around it, e.g. - \"{{side}} hand up\""
        ).format()
    layout = next((hint for words, hint in _LAYOUT_HINTS if words in message), None)
    return _(layout) if layout is not None else None


# -- checks on the tree ----------------------------------------------------------------------
def _close_match(word: str, choices: list[str] | tuple[str, ...], cutoff: float) -> str | None:
    import difflib  # noqa: PLC0415 - only a file with a mistake needs it

    matches = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    return matches[0] if matches else None


def _suggest(name: str, allowed: tuple[str, ...]) -> str:
    close = _close_match(name, allowed, 0.6)
    if close:
        return _("did you mean '{word}'?").format(word=close)
    return _("allowed keys: {keys}").format(keys=", ".join(allowed))


def _mapping(
    reader: _Reader, node: Node, allowed: tuple[str, ...], what: str
) -> dict[str, tuple[Node, Node]]:
    """The keys of a mapping node, reporting duplicates and unknown keys."""
    found: dict[str, tuple[Node, Node]] = {}
    for key, value in node.value:
        if key.tag != STR:
            if key.tag == MERGE:
                reader.at(
                    key, _("'<<' (merging in other keys) is not allowed"), _("write the keys out in full")
                )
            else:
                reader.at(
                    key,
                    _("keys of {what} must be plain words").format(what=_(what)),
                    _("write the key as text, e.g. 'hold:'"),
                )
            continue
        name = key.value
        if name in found:
            first = found[name][0]
            reader.at(
                key,
                _("duplicate key '{key}' (first given on line {line})").format(key=name, line=first.line),
                _("keep only one of them"),
            )
            continue
        if name not in allowed:
            reader.at(
                key,
                _("unknown key '{key}' in {what}").format(key=name, what=_(what)),
                _suggest(name, allowed),
            )
            continue
        found[name] = (key, value)
    return found


def _text(
    reader: _Reader, node: Node, key: str, *, label: str | None = None, allow_empty: bool = False
) -> str | None:
    """The text of a scalar, stripped; ``label`` names it in messages (default: the key)."""
    label = label or f"'{key}'"  # a key is a word of the file format, never translated
    if allow_empty and node.tag == NULL:
        return ""
    if node.tag != STR:
        if node.tag == MAP:
            reader.at(
                node,
                _("{label} must be text, not a mapping").format(label=label),
                _("text that starts with '{{' needs quotes around it").format(),
            )
        elif node.tag == SEQ:
            reader.at(
                node,
                _("{label} must be text, not a list").format(label=label),
                _("text that starts with '[' needs quotes around it"),
            )
        elif node.tag == NULL:
            reader.at(node, _("{label} is empty").format(label=label), _write_after_colon(key))
        else:
            reader.at(node, _("{label} must be text").format(label=label), _("put it in quotes"))
        return None
    text = str(node.value).strip()
    if not text and not allow_empty:
        reader.at(node, _("{label} is empty").format(label=label), _write_after_colon(key))
        return None
    return text


def _write_after_colon(key: str) -> str:
    return _("write the {key} after the colon").format(key=key)


_KINDS = {BOOL: N_("true/false"), FLOAT: N_("a decimal number"), SEQ: N_("a list"), MAP: N_("a mapping")}


def _integer(reader: _Reader, node: Node, key: str, low: int, high: int, seconds: bool = False) -> int | None:
    within = _("write a number from {low} to {high}").format(low=low, high=high)
    if node.tag == NULL:
        reader.at(node, _("'{key}' is empty").format(key=key), within)
        return None
    if node.tag != INT:
        kind = _(_KINDS.get(node.tag, N_("text")))
        if seconds:
            message = _("'{key}' must be a whole number of seconds, not {kind}")
        else:
            message = _("'{key}' must be a whole number, not {kind}")
        reader.at(node, message.format(key=key, kind=kind), within)
        return None
    value = _int_value(node.value)
    if value is None:
        if seconds:
            message = _("'{key}' must be a whole number of seconds")
        else:
            message = _("'{key}' must be a whole number")
        reader.at(node, message.format(key=key), within)
        return None
    if not low <= value <= high:
        if abs(value) < 10**9:
            message = _("'{key}' is {value}, outside {low}..{high}")
        else:
            message = _("'{key}' is far outside {low}..{high}")
        reader.at(
            node,
            message.format(key=key, value=value, low=low, high=high),
            _("use a number from {low} to {high}").format(low=low, high=high),
        )
        return None
    return value


_INTS = yaml.constructor.SafeConstructor()
_LONG_NUMBER = r"[-+]?[0-9_]+"


def _int_value(text: str) -> int | None:
    """YAML's reading of an integer (``0x10``, ``1_000``), or None when it is not one."""
    if len(text) < 10 and text.isascii() and text.isdigit():
        # Decimal even with a leading zero: YAML 1.1 would read 010 as octal 8, and 09 as an
        # error, which surprises everyone who writes 'prepare: 05'.
        return int(text)
    if len(text) > 40 and re.fullmatch(_LONG_NUMBER, text):
        # Python refuses to convert very long digit strings; none of them is in range anyway.
        return -(10**9) if text.startswith("-") else 10**9
    try:
        return int(_INTS.construct_yaml_int(yaml.ScalarNode(INT, text)))
    except ValueError:
        return None


def _text_list(reader: _Reader, node: Node, key: str) -> list[tuple[Node, str]] | None:
    if node.tag != SEQ:
        reader.at(
            node,
            _("'{key}' must be a list").format(key=key),
            _("write each item on its own line starting with '- ', under '{key}:'").format(key=key),
        )
        return None
    if not node.value:
        reader.at(
            node, _("'{key}' is an empty list").format(key=key), _("add at least one item, or remove the key")
        )
        return None
    items = []
    for item in node.value:
        text = _text(reader, item, key, label=_("an item of '{key}'").format(key=key))
        if text is not None:
            items.append((item, text))
    return items


def _citations(reader: _Reader, node: Node) -> tuple[str, ...] | None:
    """``source:`` as one citation or address, or a list of them."""
    if node.tag == SEQ:
        items = _text_list(reader, node, "source")
        return tuple(text for _, text in items) if items is not None else None
    if node.tag == MAP:
        reader.at(
            node,
            _("'source' must be text or a list of text, not a mapping"),
            _("write the article's title or address, or one per line starting with '- '"),
        )
        return None
    text = _text(reader, node, "source")
    return (text,) if text is not None else None


def _choice(reader: _Reader, node: Node, key: str, choices: tuple[str, ...]) -> str | None:
    if node.tag != STR or node.value not in choices:
        shown = (
            node.value if node.tag not in (SEQ, MAP, NULL) else {NULL: _("nothing")}.get(node.tag, node.kind)
        )
        close = _close_match(str(shown), choices, 0.5)
        if close:
            hint = _("did you mean '{word}'?").format(word=close)
        else:
            hint = _("use one of: {choices}").format(choices=", ".join(choices))
        message = _("'{key}' must be one of {choices}, not '{value}'")
        reader.at(node, message.format(key=key, choices=", ".join(choices), value=shown), hint)
        return None
    return str(node.value)


def _hold(reader: _Reader, node: Node) -> HoldRange | None:
    if node.tag == SEQ:
        if len(node.value) != 2:
            reader.at(
                node,
                _("'hold' as a range needs exactly two numbers"),
                _("write it as [low, high], e.g. [15, 30]"),
            )
            return None
        low = _integer(reader, node.value[0], "hold", 1, MAX_SECONDS, seconds=True)
        high = _integer(reader, node.value[1], "hold", 1, MAX_SECONDS, seconds=True)
        if low is None or high is None:
            return None
        if low > high:
            reader.at(
                node,
                _("'hold' range goes backwards: {low} is more than {high}").format(low=low, high=high),
                _("write it as [{high}, {low}]").format(high=high, low=low),
            )
            return None
        return HoldRange(low, high)
    seconds = _integer(reader, node, "hold", 1, MAX_SECONDS, seconds=True)
    return None if seconds is None else HoldRange(seconds, seconds)


def _template(reader: _Reader, node: Node, text: str, key: str, sided: bool) -> None:
    """Report unknown placeholders, and side placeholders in an exercise without sides."""
    if "{" not in text:
        return
    found = fields(text)
    english = i18n.normalise(reader.source_language).split("_", 1)[0] == "en"
    if sided and all(
        f.name in SIDE_PLACEHOLDERS and (len(f.forms) == 2 and all(f.forms) if f.has_forms else english)
        for f in found
    ):
        return
    written = placeholders(reader.text[node.start : node.end])
    for item in found:
        name = item.name
        line, column = _locate(reader, node, written, name)
        if sided and name in SIDE_PLACEHOLDERS and item.has_forms:
            if len(item.forms) != 2 or not all(item.forms):
                reader.problem(
                    line,
                    column,
                    _(
                        "'{{{name}|...}}' needs two forms: the word for the right side, then for the left"
                    ).format(name=name),
                    _("write it like {{side|rechten|linken}}"),
                )
        elif sided and name in SIDE_PLACEHOLDERS and not english:
            reader.problem(
                line,
                column,
                _("'{{{name}}}' would put the English word 'right' or 'left' into '{language}' text").format(
                    name=name, language=reader.source_language
                ),
                _("write the side word's two forms, right then left: {{{name}|...|...}}").format(name=name),
            )
        elif name not in SIDE_PLACEHOLDERS:
            close = _close_match(name, sorted(SIDE_PLACEHOLDERS), 0.5)
            hint = (
                _("did you mean '{{{word}}}'?").format(word=close)
                if close
                else _(
                    "only {{side}} and {{other_side}} can be used; write {{{{ and }}}} for braces"
                ).format()
            )
            message = _("unknown placeholder '{{{name}}}' in '{key}'").format(name=name, key=key)
            reader.problem(line, column, message, hint)
        elif not sided:
            reader.problem(
                line,
                column,
                _("'{{{name}}}' is used in '{key}', but this exercise has no sides").format(
                    name=name, key=key
                ),
                _("set 'sides: both' (or left or right), or remove the placeholder"),
            )


_BREAK = "\r\n|[\r\n\x85\u2028\u2029]"


def _locate(reader: _Reader, node: Node, written: list[tuple[int, str]], name: str) -> tuple[int, int]:
    """Where the next ``{name}`` is written in the file (consuming it from ``written``).

    Quotes, escapes and folded lines make the text differ from what is written, but its
    placeholders appear in the same order; without a match the node's start is used.
    """
    for index, (offset, found) in enumerate(written):
        if found == name:
            del written[: index + 1]
            before = reader.text[node.start : node.start + offset]
            breaks = list(re.finditer(_BREAK, before))
            if not breaks:
                return node.line, node.column + offset
            return node.line + len(breaks), offset - breaks[-1].end() + 1
    return node.line, node.column


def _image(reader: _Reader, node: Node, key: str, folder: Path) -> Path | None:
    name = _text(reader, node, key)
    if name is None:
        return None
    relative = Path(name)
    if relative.is_absolute() or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        reader.at(
            node,
            _("'{key}' must be a path relative to the routine's folder, not an absolute path").format(
                key=key
            ),
            _("put the picture beside the routine file and give its name"),
        )
        return None
    if _NOT_ALLOWED.search(name) or "\x00" in name:
        reader.at(
            node,
            _("'{key}' is not a usable file name").format(key=key),
            _("write the picture's file name as plain text"),
        )
        return None
    if relative.suffix.lower() not in IMAGE_SUFFIXES:
        reader.at(
            node,
            _("'{key}' must be an SVG, PNG or JPEG picture").format(key=key),
            _("use a file ending in .svg, .png or .jpg"),
        )
        return None
    bases = [folder, resources.images_dir()]
    escaped = False
    for base in bases:
        try:
            base_real = base.resolve()
            candidate = (base / relative).resolve()
            if not candidate.is_relative_to(base_real):
                escaped = True
                continue
            if candidate.is_file() or (candidate.exists() and not candidate.is_dir()):
                return _picture(reader, node, name, candidate)
        except (OSError, RuntimeError) as error:  # a symlink loop, a name too long
            log.info("cannot look up %s in %s: %s", name, base, error)
    if escaped:
        reader.at(
            node,
            _("'{key}' points outside the routine's folder and the app's pictures").format(key=key),
            _("keep pictures in the routine's folder (or name one of the bundled ones)"),
        )
    else:
        reader.at(
            node,
            _("picture '{name}' was not found").format(name=name),
            _("put it in the routine's folder, or use a bundled picture's name"),
        )
    return None


def _picture(reader: _Reader, node: Node, name: str, file: Path) -> Path | None:
    """``file`` when it is a picture the app may draw; else a problem on its line."""
    from stretchapp.routines import pictures  # noqa: PLC0415 - only for a routine that names one

    check = pictures.check_file(file)
    if check.refusal is None:
        return file
    message = _("picture '{name}' cannot be used: {reason}").format(name=name, reason=check.refusal.reason)
    reader.at(node, message, check.refusal.hint)
    return None


def _exercise(reader: _Reader, node: Node, folder: Path) -> Exercise | None:
    if node.tag != MAP:
        reader.at(
            node,
            _("each exercise must be a mapping with keys like 'name:' and 'hold:'"),
            _("start each exercise with '- name: ...'"),
        )
        return None
    fields = _mapping(reader, node, EXERCISE_KEYS, N_("an exercise"))
    before = len(reader.problems)
    values: dict[str, Any] = {}
    for required in EXERCISE_REQUIRED:
        if required not in fields:
            message = _("exercise is missing '{key}'").format(key=required)
            reader.at(node, message, _(_REQUIRED_HINTS[required]))
    if "name" in fields:
        values["name"] = _text(reader, fields["name"][1], "name")
    sides = Sides.NONE
    if "sides" in fields:
        chosen = _choice(reader, fields["sides"][1], "sides", SIDES)
        # An unreadable 'sides' is reported once; its placeholders are then not blamed on it.
        sides = Sides(chosen) if chosen else Sides.BOTH
    if "order" in fields:
        chosen = _choice(reader, fields["order"][1], "order", ORDERS)
        values["order"] = Order(chosen) if chosen else Order.BY_SIDE
    if "reps" in fields:
        values["reps"] = _integer(reader, fields["reps"][1], "reps", 1, MAX_REPS)
    if "hold" in fields:
        values["hold"] = _hold(reader, fields["hold"][1])
    sided = sides is not Sides.NONE
    if "steps" in fields:
        steps = _text_list(reader, fields["steps"][1], "steps")
        if steps is not None:
            for item, text in steps:
                _template(reader, item, text, "steps", sided)
            values["steps"] = tuple(text for _, text in steps)
    for key in ("hold_prompt", "notes"):
        if key in fields:
            prompt = _text(reader, fields[key][1], key, allow_empty=key == "notes")
            if prompt is not None and key == "hold_prompt":
                _template(reader, fields[key][1], prompt, key, sided)
            values[key] = prompt or None
    for key in ("image", "image_left"):
        if key in fields:
            values[key] = _image(reader, fields[key][1], key, folder)
    if len(reader.problems) > before:
        return None
    return Exercise(sides=sides, **values)


SIDES = tuple(s.value for s in Sides)
ORDERS = tuple(o.value for o in Order)
_REQUIRED_HINTS = {
    "title": N_("add a line like 'title: Neck relief'"),
    "exercises": N_("add 'exercises:' with at least one exercise under it"),
    "name": N_("add 'name: ...' to the exercise"),
    "hold": N_("add 'hold: 15' (seconds) or a range like 'hold: [15, 30]'"),
    "steps": N_("add 'steps:' with at least one instruction"),
}


def _routine(reader: _Reader, root: Node | None, path: Path) -> Routine | None:
    if root is None:
        reader.problem(1, 1, _("the file is empty"), _("a routine needs at least 'title:' and 'exercises:'"))
        return None
    if root.tag != MAP:
        reader.at(
            root,
            _("a routine must be a mapping of keys like 'title:' and 'exercises:', not {kind}").format(
                kind=root.kind
            ),
            _("start the file with 'title: ...'"),
        )
        return None
    fields = _mapping(reader, root, ROUTINE_KEYS, N_("the routine"))
    for required in ROUTINE_REQUIRED:
        if required not in fields:
            message = _("the routine is missing '{key}'").format(key=required)
            reader.at(root, message, _(_REQUIRED_HINTS[required]))
    values: dict[str, Any] = {}
    if "format" in fields:
        _check_format(reader, fields["format"][1])
    if "language" in fields:
        values["source_language"] = _language(reader, fields["language"][1])
        values["language"] = values["source_language"]
        reader.source_language = values["source_language"] or i18n.SOURCE_LANGUAGE
    if "translations" in fields:
        reader.translations = fields["translations"][1]
    if "title" in fields:
        values["title"] = _text(reader, fields["title"][1], "title")
    if "description" in fields:
        values["description"] = _text(reader, fields["description"][1], "description", allow_empty=True)
    for key in ("tags", "cautions", "contraindications"):
        if key in fields:
            items = _text_list(reader, fields[key][1], key)
            values[key] = tuple(text for _, text in items) if items is not None else None
    for key in METADATA_TEXT_KEYS:
        if key in fields:
            values[key] = _text(reader, fields[key][1], key)
    if "source" in fields:
        values["citations"] = _citations(reader, fields["source"][1])
    for key in ("prepare", "rest"):
        if key in fields:
            values[key] = _integer(reader, fields[key][1], key, 0, MAX_SECONDS, seconds=True)
    exercises: list[Exercise | None] = []
    if "exercises" in fields:
        node = fields["exercises"][1]
        if node.tag != SEQ:
            reader.at(
                node,
                _("'exercises' must be a list"),
                _("start each exercise with '- name: ...' under 'exercises:'"),
            )
        elif not node.value:
            reader.at(node, _("'exercises' is an empty list"), _("add at least one exercise"))
        else:
            exercises = [_exercise(reader, item, path.parent) for item in node.value]
    if not _ID.match(path.stem):
        reader.problem(
            1,
            1,
            _("the file name '{name}' cannot be used as a routine id").format(name=path.name),
            _("name the file with letters, digits, '-' and '_' only, e.g. neck-relief.yaml"),
        )
    if reader.problems:
        return None
    return Routine(
        id=path.stem,
        exercises=tuple(e for e in exercises if e is not None),
        source=path,
        **{k: v for k, v in values.items() if v is not None},
    )


def _check_format(reader: _Reader, node: Node) -> None:
    written = str(node.value).strip()
    if not (node.tag == INT and _int_value(written) == 1) and not (node.tag == FLOAT and written == "1.1"):
        shown = node.value if node.tag not in (SEQ, MAP) else node.kind
        reader.at(
            node,
            _("unsupported format '{format}'").format(format=shown),
            _("this version of stretchapp reads 'format: 1' or 'format: 1.1'"),
        )


def _language(reader: _Reader, node: Node) -> str | None:
    text = _text(reader, node, "language")
    if text is None:
        return None
    if not LANGUAGE_TAG.match(text):
        reader.at(
            node,
            _("'language' must be a language tag, not '{text}'").format(text=text),
            _("write the language the file is written in, like 'en', 'de' or 'pt_BR'"),
        )
        return None
    return i18n.normalise(text)


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of character ``index``, counting line breaks as YAML does."""
    breaks = sum(text.count(b, 0, index) for b in _BREAKS) - text.count("\r\n", 0, index)
    last = max(text.rfind(b, 0, index) for b in _BREAKS)
    return breaks + 1, index - last


_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")
_NOT_ALLOWED = re.compile(yaml.reader.Reader.NON_PRINTABLE.pattern)
# A tab among the spaces (and list dashes) that start a line.
_TAB_INDENT = "(?m)(?:^|(?<=[\r\x85\u2028\u2029]))[ -]*\t"
MAX_REPORTED = 10  # of one kind of character problem; the rest are the same mistake again


def _character_problems(reader: _Reader, text: str) -> None:
    """Characters YAML refuses, and tabs in indentation: the first few of each."""
    for match in itertools.islice(_NOT_ALLOWED.finditer(text), MAX_REPORTED):
        line, column = _position(text, match.start())
        reader.problem(
            line,
            column,
            _("the file contains a character that YAML does not allow (U+{code})").format(
                code=f"{ord(match.group()):04X}"
            ),
            _("delete it; most editors do not show it, so retype the text around it"),
        )
    if "\t" not in text:  # the usual case, and much quicker than the search below
        return
    for match in itertools.islice(re.finditer(_TAB_INDENT, text), MAX_REPORTED):
        line, column = _position(text, match.end() - 1)
        reader.problem(
            line,
            column,
            _("tab character in the indentation"),
            _("YAML indentation uses spaces; replace the tab with spaces"),
        )


def _decode(data: bytes, reader: _Reader) -> str | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        # Count characters, not bytes, so the column matches what an editor shows.
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8-sig", "replace")) + 1
        bad = data[error.start : error.start + 1].hex()
        reader.problem(
            line,
            column,
            _("the file is not UTF-8 text (byte 0x{byte} at offset {offset})").format(
                byte=bad, offset=error.start
            ),
            _("save the file with UTF-8 encoding"),
        )
        return None
    return text.removeprefix("\ufeff")


def _too_large(file: str, size: int) -> Problem:
    return Problem(
        file,
        1,
        1,
        _("the file is {size} bytes, more than the limit of {limit} bytes (1 MiB)").format(
            size=words.number(size), limit=words.number(MAX_FILE_BYTES)
        ),
        _("a routine file is a few kilobytes; check that this is the right file"),
    )


def _check(
    data: str | bytes, path: Path, sidecars: list[tuple[str, Path]] | None = None
) -> tuple[Routine | None, list[Problem]]:
    reader = _Reader(str(path))
    if isinstance(data, str):
        size = len(data) if len(data) > MAX_FILE_BYTES else len(data.encode("utf-8", "surrogatepass"))
    else:
        size = len(data)
    if size > MAX_FILE_BYTES:
        return None, [_too_large(reader.file, size)]
    text = data.removeprefix("\ufeff") if isinstance(data, str) else _decode(data, reader)
    if text is None:
        return None, reader.problems
    reader.text = text
    _character_problems(reader, text)
    routine = None
    if not reader.problems:
        root = _build_tree(text, reader)
        if not reader.problems:
            routine = _routine(reader, root, path)
    if routine is not None:
        found = translations.find_sidecars(path) if sidecars is None else sidecars
        routine = translations.attach(reader, routine, reader.translations, found)
    main = reader.file
    problems = sorted(reader.problems, key=lambda p: (p.file != main, p.file, p.line, p.column))
    if len(problems) > MAX_PROBLEMS:
        rest = problems[MAX_PROBLEMS]
        more = len(problems) - MAX_PROBLEMS
        problems[MAX_PROBLEMS:] = [
            Problem(
                rest.file,
                rest.line,
                rest.column,
                ngettext(
                    "{count} more problem from here on is not listed",
                    "{count} more problems from here on are not listed",
                    more,
                ).format(count=words.number(more)),
            )
        ]
    return routine, problems


def check_routine(
    data: str | bytes, path: Path, sidecars: list[tuple[str, Path]] | None = None
) -> tuple[Routine | None, list[Problem]]:
    """The routine (None when a problem is fatal) and every problem; never raises.

    Translations are read from ``data``'s ``translations:`` and from the sidecar files
    ``sidecars`` (language, file); None looks for them beside ``path``.
    """
    try:
        return _check(data, Path(path), sidecars)
    except RecursionError:
        return None, [
            Problem(
                str(path),
                1,
                1,
                _("the file nests too deeply to read"),
                _("a routine needs only a few levels; check the indentation"),
            )
        ]
    except Exception:
        log.exception("unexpected error while reading %s", path)
        return None, [
            Problem(
                str(path),
                1,
                1,
                _("internal error while reading this file"),
                _("see the log file; please report this"),
            )
        ]


def parse_routine(data: str | bytes, path: Path, sidecars: list[tuple[str, Path]] | None = None) -> Routine:
    """The routine in ``data``; raises :class:`RoutineError` listing every problem."""
    routine, problems = check_routine(data, path, sidecars)
    if routine is None:
        raise RoutineError(problems)
    return routine


def read_routine(
    path: Path, sidecars: list[tuple[str, Path]] | None = None
) -> tuple[Routine | None, list[Problem]]:
    """Read and check one routine file: the routine (None when unusable) and every problem, warnings too."""
    problems: list[Problem] = []
    try:
        routine = load_routine(path, sidecars, problems)
    except RoutineError as error:
        return None, list(error.problems)
    return routine, problems


def load_routine(
    path: Path, sidecars: list[tuple[str, Path]] | None = None, problems: list[Problem] | None = None
) -> Routine:
    """Read and validate one routine file; raises :class:`RoutineError` and nothing else.

    The file is opened without blocking and its type checked on the open descriptor, so a
    pipe or device put in its place, even between a listing and the open, never hangs.
    Problems that leave the routine usable (warnings, a broken translation) go to ``problems``.
    """
    path = Path(path)
    try:
        data = read_regular_file(path, MAX_FILE_BYTES)
    except NotARegularFileError:
        raise RoutineError(
            [Problem(str(path), 1, 1, _("this is not a routine file but a folder or device"))]
        ) from None
    except FileTooLargeError:
        raise RoutineError([_too_large(str(path), path.stat().st_size)]) from None
    except (OSError, ValueError) as error:  # ValueError: a NUL in the name
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        message = _("cannot read the file: {reason}").format(reason=reason)
        raise RoutineError([Problem(str(path), 1, 1, message)]) from None
    routine, found = check_routine(data, path, sidecars)
    if routine is None:
        raise RoutineError(found)
    if problems is not None:
        problems.extend(found)
    return routine


# Last: translations reads this module's tree and checks.
from stretchapp.routines import translations  # noqa: E402
