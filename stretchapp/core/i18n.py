"""The words a person reads, in their language: the one door every visible string goes through.

Everything the app shows or says is written in English in the code and passed through one of
the functions here, which look it up in the catalogue of the chosen language:

- ``_("Pause")`` for a plain message;
- ``ngettext("{n} exercise", "{n} exercises", n).format(n=n)`` where a number decides the form
  (the catalogue holds as many forms as the language has: Hebrew and Arabic have more than two);
- ``pgettext("button", "Back")`` where the same English word needs different translations;
- ``N_("...")`` marks a string at module level (a settings label, a table of names) without
  translating it yet; translate it with ``_()`` where it is shown, after the language is chosen.

Placeholders are Python format fields with names (``{rep}``, ``{seconds}``), never positional,
so a translation may put them in any order.

Language tags are POSIX or BCP 47 style (``de_AT``, ``de-AT``, ``pt_BR.UTF-8``); they are
normalised to ``de_AT`` form. :func:`fallback_chain` says where to look, most specific first.

The catalogues are gettext ``.po`` files shipped in ``stretchapp/translations/`` and read by
plain Python (:mod:`stretchapp.core.po`: no gettext tools, no ``.mo`` step), once, on the
first lookup after :func:`set_language`; English reads none, and imports neither that module
nor ``gettext``. A missing or damaged catalogue means English and one logged line.
``en_XA`` is a pseudo-language made in code (accented, longer, bracketed) that shows which
text was never translated. This module is plain Python: the core, the loader and the command
line translate without Qt.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from stretchapp.core.logger import get_logger

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (see docs/architecture.md)
if TYPE_CHECKING:
    from collections.abc import Mapping

    from stretchapp.core import po

SOURCE_LANGUAGE = "en"
"""The language the code's strings are written in."""

RIGHT_TO_LEFT = frozenset({"ar", "he", "fa", "ur", "yi"})

PSEUDO_LANGUAGE = "en_XA"
"""The pseudo-language: every translated string accented, about 40 % longer and bracketed."""

CATALOGUE_DIR_VARIABLE = "STRETCHAPP_TRANSLATIONS"
"""Names a folder of ``.po`` files read instead of the shipped ones (for a translator's draft)."""

_log = get_logger(__name__)


def read_catalogue(path: Path) -> po.Catalogue:
    """The translated messages of the ``.po`` file ``path`` (see :func:`stretchapp.core.po.read_catalogue`)."""
    from stretchapp.core import po  # noqa: PLC0415 - only a language other than English reads one

    return po.read_catalogue(path)


def catalogue_dir() -> Path:
    """Where the ``.po`` files are read from: the shipped folder, or ``$STRETCHAPP_TRANSLATIONS``."""
    override = os.environ.get(CATALOGUE_DIR_VARIABLE)
    return Path(override) if override else Path(__file__).resolve().parent.parent / "translations"


class _Chosen:
    """The chosen language and its catalogues: one per process, as a person reads one language."""

    def __init__(self) -> None:
        self.tag = SOURCE_LANGUAGE
        self.catalogues: list[po.Catalogue] | None = []  # None: not read yet (read on the first lookup)


_chosen = _Chosen()


def _catalogues() -> list[po.Catalogue]:
    if _chosen.catalogues is None:
        from stretchapp.core.po import CatalogueError  # noqa: PLC0415 - as read_catalogue

        found: list[po.Catalogue] = []
        tried = False
        folder = catalogue_dir()
        for tag in fallback_chain(_chosen.tag):
            if tag in {SOURCE_LANGUAGE, PSEUDO_LANGUAGE}:
                break
            path = folder / f"{tag}.po"
            if not path.is_file():
                continue
            tried = True
            try:
                found.append(read_catalogue(path))
            except CatalogueError as error:
                _log.warning("translations for %s not used (English instead): %s", tag, error)
        if not tried and _chosen.tag.split("_", 1)[0] != SOURCE_LANGUAGE:
            _log.info("no translations for %s in %s: English", _chosen.tag, folder)
        _chosen.catalogues = found
    return _chosen.catalogues


_TAG = r"^[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})?(?:\.[A-Za-z0-9_-]{1,20})?(?:@[A-Za-z0-9]{1,20})?$"


def is_tag(text: str) -> bool:
    """Whether ``text`` reads as a language tag (``de``, ``pt_BR``, ``de-AT``, ``he_IL.UTF-8``)."""
    return bool(re.match(_TAG, text.strip()))  # compiled on the first use (--lang), not at import


def available_languages() -> list[str]:
    """The languages with a catalogue in :func:`catalogue_dir`, plus English, sorted by tag."""
    try:
        found = {path.stem for path in catalogue_dir().glob("*.po") if is_tag(path.stem)}
    except OSError:
        found = set()
    return sorted({SOURCE_LANGUAGE, *(normalise(tag) for tag in found)})


def normalise(tag: str) -> str:
    """``de-at.UTF-8`` -> ``de_AT``; ``C``/``POSIX``/empty -> the source language."""
    tag = tag.split(".", 1)[0].split("@", 1)[0].replace("-", "_").strip()
    if not tag or tag in {"C", "POSIX"}:
        return SOURCE_LANGUAGE
    head, _sep, region = tag.partition("_")
    return f"{head.lower()}_{region.upper()}" if region else head.lower()


def fallback_chain(tag: str) -> list[str]:
    """Where to look for ``tag``'s words, most specific first: ``de_AT`` -> ``de_AT``, ``de``."""
    tag = normalise(tag)
    chain = [tag]
    base = tag.split("_", 1)[0]
    if base != tag:
        chain.append(base)
    return chain


def system_language(environ: Mapping[str, str] | None = None) -> str:
    """The language the person's session asks for, read as gettext does (never from Qt).

    ``LANGUAGE`` (a colon-separated list; its first entry wins) is read only when the locale
    itself is not ``C``, as gettext does; then ``LC_ALL``, ``LC_MESSAGES``, ``LANG``.
    """
    env = os.environ if environ is None else environ
    locale_tag = ""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if env.get(name):
            locale_tag = env[name]
            break
    if locale_tag.split(".", 1)[0] not in {"", "C", "POSIX"}:
        first = env.get("LANGUAGE", "").split(":", 1)[0]
        if first:
            return normalise(first)
    return normalise(locale_tag)


def is_right_to_left(tag: str | None = None) -> bool:
    """Whether ``tag`` (default: the chosen language) is written right to left."""
    return normalise(tag or _chosen.tag).split("_", 1)[0] in RIGHT_TO_LEFT


def language() -> str:
    """The chosen language, normalised (``en`` until :func:`set_language` is called)."""
    return _chosen.tag


def set_language(tag: str | None) -> str:
    """Choose the language for everything translated from now on; ``None`` means the system's.

    Returns the normalised tag. Nothing is read until the first lookup; a language without a
    catalogue reads as English.
    """
    _chosen.tag = normalise(tag) if tag else system_language()
    _chosen.catalogues = None
    return _chosen.tag


def _lookup(context: str | None, message: str, plural: str | None, n: int) -> str:
    for catalogue in _catalogues():
        forms = catalogue.forms(context, message)
        if forms is not None:
            if plural is None:
                return forms[0]
            index = catalogue.plural(n)
            return forms[index] if 0 <= index < len(forms) else forms[-1]
    english = message if plural is None or n == 1 else plural
    return pseudo(english) if _chosen.tag == PSEUDO_LANGUAGE else english


def _(message: str) -> str:
    """``message`` in the chosen language."""
    if _chosen.tag == SOURCE_LANGUAGE:
        return message
    return _lookup(None, message, None, 1)


def N_(message: str) -> str:  # noqa: N802 (the name gettext tools know)
    """Mark ``message`` for translation without translating it (module-level tables)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message that goes with the number ``n``, in the chosen language."""
    if _chosen.tag == SOURCE_LANGUAGE:
        return singular if n == 1 else plural
    return _lookup(None, singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` as meant in ``context`` (a word that translates differently by use)."""
    if _chosen.tag == SOURCE_LANGUAGE:
        return message
    return _lookup(context, message, None, 1)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    """:func:`ngettext` with a context, as :func:`pgettext`."""
    if _chosen.tag == SOURCE_LANGUAGE:
        return singular if n == 1 else plural
    return _lookup(context, singular, plural, n)


# -- the pseudo-language ----------------------------------------------------------------------
_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķļɱñöƥǫŕšţüṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĻṀÑÖƤǪŔŠŢÜṼŴẊÝŽ",
)


def _kept(text: str) -> list[tuple[bool, str]]:
    """``text`` cut into (keep as is, piece): format fields, ``{{``/``}}``, markup tags and ``&&``."""
    pieces: list[tuple[bool, str]] = []
    i = 0
    start = 0
    while i < len(text):
        c = text[i]
        end = -1
        if text.startswith(("{{", "}}", "&&"), i):
            end = i + 2
        elif c == "{":
            close = text.find("}", i)
            end = close + 1 if close > 0 else -1
        elif c == "<":
            close = text.find(">", i)
            if close > 0 and (text[i + 1 : i + 2].isalpha() or text[i + 1 : i + 2] == "/"):
                end = close + 1
        elif c == "&" and text[i + 1 : i + 2].isalpha():
            semicolon = text.find(";", i)  # an HTML entity such as &nbsp; or &amp;
            if 0 < semicolon - i <= 8 and text[i + 1 : semicolon].isalnum():
                end = semicolon + 1
        if end > 0:
            if start < i:
                pieces.append((False, text[start:i]))
            pieces.append((True, text[i:end]))
            i = start = end
        else:
            i += 1
    if start < len(text):
        pieces.append((False, text[start:]))
    return pieces


def pseudo(message: str) -> str:
    """``message`` in the pseudo-language: "[Ƥàüšé ~~]", its placeholders and markup intact."""
    if not message:
        return message
    body = "".join(piece if keep else piece.translate(_ACCENTED) for keep, piece in _kept(message))
    padding = "~" * max(1, -(-len(message) * 2 // 5))  # 40 %, rounded up
    return f"[{body} {padding}]"
