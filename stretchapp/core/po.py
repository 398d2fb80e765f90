"""Reading gettext ``.po`` files by plain Python: entries, headers, the plural rule, a catalogue.

No gettext tools and no ``.mo`` step: :mod:`stretchapp.core.i18n` imports this module (and
through it ``gettext``, for the plural rule) only when a language other than English is
looked up, so an English command or start pays for none of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (see docs/architecture.md)
if TYPE_CHECKING:
    from pathlib import Path


@dataclass
class Catalogue:
    """One language's messages, read from a ``.po`` file: ``(context, msgid)`` -> its forms."""

    messages: dict[tuple[str | None, str], list[str]] = field(default_factory=dict)
    plural: Callable[[int], int] = lambda n: int(n != 1)
    nplurals: int = 2
    headers: dict[str, str] = field(default_factory=dict)

    def forms(self, context: str | None, msgid: str) -> list[str] | None:
        """The translated forms of ``msgid``, or None when this catalogue lacks it."""
        return self.messages.get((context, msgid))


class CatalogueError(ValueError):
    """A ``.po`` file that cannot be read as one; the message says where and why."""


@dataclass
class PoEntry:
    """One entry of a ``.po`` file as written (also used by the catalogue checks in the tests)."""

    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    line: int = 0
    obsolete: bool = False


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _unquote(text: str, where: str) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise CatalogueError(f"{where}: expected a quoted string, found {text[:40]!r}")
    out: list[str] = []
    body = text[1:-1]
    i = 0
    while i < len(body):
        c = body[i]
        if c == "\\":
            if i + 1 >= len(body) or body[i + 1] not in _ESCAPES:
                raise CatalogueError(f"{where}: unknown escape in {text[:40]!r}")
            out.append(_ESCAPES[body[i + 1]])
            i += 2
            continue
        if c == '"':
            raise CatalogueError(f"{where}: unescaped quote in {text[:40]!r}")
        out.append(c)
        i += 1
    return "".join(out)


def parse_po(source: str, name: str = "<catalogue>") -> list[PoEntry]:
    """The entries of a ``.po`` file's text, in order; raises :class:`CatalogueError` when damaged."""
    entries: list[PoEntry] = []
    entry = PoEntry()
    keyword: str | None = None
    seen_keyword = False

    def finish() -> None:
        nonlocal entry, keyword, seen_keyword
        if seen_keyword:
            entries.append(entry)
        entry, keyword, seen_keyword = PoEntry(), None, False

    for number, raw in enumerate(source.splitlines(), start=1):
        where = f"{name}:{number}"
        line = raw.strip()
        if not line:
            continue
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if not line or line.startswith("#"):
                continue
        elif line.startswith("#"):
            if seen_keyword:
                finish()
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            elif line.startswith("#:"):
                entry.references.extend(line[2:].split())
            continue
        if line.startswith('"'):
            if keyword is None:
                raise CatalogueError(f"{where}: a continued string with nothing before it")
            _append(entry, keyword, _unquote(line, where))
            continue
        word, _sep, rest = line.partition(" ")
        if word in {"msgctxt", "msgid"} and seen_keyword and entry.msgstr:
            finish()
        if not seen_keyword:
            entry.line = number
        base = word.split("[", 1)[0]
        if base not in {"msgctxt", "msgid", "msgid_plural", "msgstr"}:
            raise CatalogueError(f"{where}: unknown keyword {word[:30]!r}")
        if word.startswith("msgstr[") and not (word.endswith("]") and word[7:-1].isdigit()):
            raise CatalogueError(f"{where}: bad plural index {word[:30]!r}")
        keyword = word
        seen_keyword = True
        entry.obsolete = obsolete
        _set(entry, word, "")
        _append(entry, word, _unquote(rest, where))
    finish()
    for item in entries:
        if not item.msgstr:
            raise CatalogueError(f"{name}:{item.line}: msgid {item.msgid[:40]!r} has no msgstr")
    return entries


def _set(entry: PoEntry, keyword: str, value: str) -> None:
    if keyword == "msgctxt":
        entry.msgctxt = value
    elif keyword == "msgid":
        entry.msgid = value
    elif keyword == "msgid_plural":
        entry.msgid_plural = value
    elif keyword == "msgstr":
        entry.msgstr[0] = value
    else:
        entry.msgstr[int(keyword[7:-1])] = value


def _append(entry: PoEntry, keyword: str, value: str) -> None:
    if keyword == "msgctxt":
        entry.msgctxt = (entry.msgctxt or "") + value
    elif keyword == "msgid":
        entry.msgid += value
    elif keyword == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + value
    else:
        index = 0 if keyword == "msgstr" else int(keyword[7:-1])
        entry.msgstr[index] = entry.msgstr.get(index, "") + value


def parse_headers(entries: list[PoEntry]) -> dict[str, str]:
    """The header entry's fields (``Plural-Forms``, ``Language``...), or {} without one."""
    for entry in entries:
        if entry.msgid == "" and entry.msgctxt is None and not entry.obsolete:
            headers: dict[str, str] = {}
            for line in entry.msgstr.get(0, "").splitlines():
                key, sep, value = line.partition(":")
                if sep:
                    headers[key.strip()] = value.strip()
            return headers
    return {}


def plural_rule(header: str) -> tuple[int, Callable[[int], int]]:
    """``nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);`` -> (3, the rule), checked, never ``eval``-ed."""
    import gettext  # noqa: PLC0415 (only when a catalogue is read: the CLI's start stays quick)

    fields = {}
    for part in header.split(";"):
        key, sep, value = part.partition("=")
        if sep:
            fields[key.strip()] = value.strip()
    try:
        nplurals = int(fields["nplurals"])
        rule = gettext.c2py(fields["plural"])  # parses the C expression into a checked function
    except (KeyError, ValueError, SyntaxError, RecursionError) as error:
        raise CatalogueError(f"unreadable Plural-Forms {header!r}: {error}") from None
    if not 1 <= nplurals <= 6:
        raise CatalogueError(f"Plural-Forms says {nplurals} forms")
    return nplurals, rule


def read_catalogue(path: Path) -> Catalogue:
    """The translated (not fuzzy, not empty, not obsolete) messages of the ``.po`` file ``path``."""
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogueError(f"{path}: {error}") from None
    entries = parse_po(source, str(path))
    headers = parse_headers(entries)
    nplurals, rule = plural_rule(headers.get("Plural-Forms", "nplurals=2; plural=(n != 1);"))
    catalogue = Catalogue(plural=rule, nplurals=nplurals, headers=headers)
    for entry in entries:
        if entry.obsolete or "fuzzy" in entry.flags or entry.msgid == "":
            continue
        forms = [entry.msgstr.get(i, "") for i in range(len(entry.msgstr))]
        if all(forms):
            catalogue.messages[(entry.msgctxt, entry.msgid)] = forms
    return catalogue
