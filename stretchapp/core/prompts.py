"""Prompt templates: the ``{side}`` / ``{other_side}`` placeholders and their rendering.

``{side}`` is the side being stretched, ``{other_side}`` the opposite one. Bare, they become
the English words "right" and "left". Where the side word changes with the sentence (German
"die rechte Schulter" but "mit der rechten Hand", French "la main gauche" after the noun), a
placeholder carries its two forms, the right-side form first: ``{side|rechten|linken}``
reads "rechten" on the right side and "linken" on the left; ``{other_side|rechte|linke}``
reads "linke" on the right side (the other side is the left) and "rechte" on the left.

``{{`` and ``}}`` stand for literal braces. The loader uses :func:`fields` to refuse unknown
names and badly written forms; the timeline uses :func:`render` to write a prompt for one side.
"""

from __future__ import annotations

import re

from stretchapp.core.kinds import Side
from stretchapp.core.records import Record

SIDE_PLACEHOLDERS = frozenset({"side", "other_side"})
FORM_SEPARATOR = "|"

# A field is ``{name}`` not preceded by another brace; ``{{`` / ``}}`` are escapes.
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


class Field(Record):
    """One ``{...}`` of a template: where it starts, its name and the forms written after ``|``.

    A named tuple: made while every routine file is read, and cheap to define at import.
    """

    offset: int
    name: str
    forms: tuple[str, ...] = ()

    @property
    def has_forms(self) -> bool:
        return bool(self.forms)


def _field(offset: int, content: str) -> Field:
    name, separator, rest = content.partition(FORM_SEPARATOR)
    forms = tuple(form.strip() for form in rest.split(FORM_SEPARATOR)) if separator else ()
    return Field(offset, name.strip() if separator else name, forms)


def fields(text: str) -> list[Field]:
    """Every ``{...}`` in ``text``, escapes skipped."""
    return [
        _field(match.start(), match.group(1)) for match in _TOKEN.finditer(text) if match.group(1) is not None
    ]


def placeholders(text: str) -> list[tuple[int, str]]:
    """Every ``{name}`` in ``text`` as (offset, name), escapes skipped; forms do not change the name."""
    return [(field.offset, field.name) for field in fields(text)]


def render(text: str, side: Side | None) -> str:
    """``text`` with ``{side}`` and ``{other_side}`` filled in for ``side``.

    The loader guarantees that a template for an exercise without sides names no side, so
    ``side=None`` leaves any placeholder as written.
    """

    def fill(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        field = _field(match.start(), match.group(1))
        if side is None or field.name not in SIDE_PLACEHOLDERS:
            return token
        named = side if field.name == "side" else side.other
        if len(field.forms) == 2:
            return field.forms[0] if named is Side.RIGHT else field.forms[1]
        return named.value

    return _TOKEN.sub(fill, text)
