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

This module is plain Python: the core, the loader and the command line translate without Qt.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

SOURCE_LANGUAGE = "en"
"""The language the code's strings are written in."""

RIGHT_TO_LEFT = frozenset({"ar", "he", "fa", "ur", "yi"})


class _Chosen:
    """The chosen language: one per process, as the person has one language at a time."""

    tag = SOURCE_LANGUAGE


_chosen = _Chosen()


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

    Returns the normalised tag. Until catalogues exist every language reads as English.
    """
    _chosen.tag = normalise(tag) if tag else system_language()
    return _chosen.tag


def _(message: str) -> str:
    """``message`` in the chosen language."""
    return message


def N_(message: str) -> str:  # noqa: N802 (the name gettext tools know)
    """Mark ``message`` for translation without translating it (module-level tables)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message that goes with the number ``n``, in the chosen language."""
    return singular if n == 1 else plural


def pgettext(context: str, message: str) -> str:
    """``message`` as meant in ``context`` (a word that translates differently by use)."""
    return message
