"""Prompt templates: the ``{side}`` / ``{other_side}`` placeholders and their rendering.

``{{`` and ``}}`` stand for literal braces. The loader uses :func:`placeholders` to refuse
unknown names; the timeline uses :func:`render` to write a prompt for one side.
"""

from __future__ import annotations

import re

from stretchapp.core.model import Side

SIDE_PLACEHOLDERS = frozenset({"side", "other_side"})

# A field is ``{name}`` not preceded by another brace; ``{{`` / ``}}`` are escapes.
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


def placeholders(text: str) -> list[tuple[int, str]]:
    """Every ``{name}`` in ``text`` as (offset, name), escapes skipped."""
    found = []
    for match in _TOKEN.finditer(text):
        if match.group(1) is not None:
            found.append((match.start(), match.group(1)))
    return found


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
        name = match.group(1)
        if side is not None and name == "side":
            return side.value
        if side is not None and name == "other_side":
            return side.other.value
        return token

    return _TOKEN.sub(fill, text)
