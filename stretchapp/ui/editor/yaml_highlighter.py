"""Colouring routine YAML: keys, comments, numbers, quoted text and the side placeholders.

Colours come from the palette's link and placeholder roles plus one accent for
placeholders, so the text reads in light, dark and high-contrast themes alike.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QPalette, QSyntaxHighlighter, QTextCharFormat, QTextDocument

_RULES = (
    ("key", re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*)(?=\s*:)")),
    ("number", re.compile(r"(?<=[:\[,\s])-?\d+(?=\s*(?:[,\]#]|$))")),
    ("string", re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'")),
    ("placeholder", re.compile(r"\{(?:side|other_side)\}")),
    ("comment", re.compile(r"(?:^|\s)(#.*)$")),
)


class YamlHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, palette: QPalette) -> None:
        super().__init__(document)
        self._formats: dict[str, QTextCharFormat] = {}
        self.set_palette(palette)

    def set_palette(self, palette: QPalette) -> None:
        dark = palette.color(QPalette.ColorRole.Base).lightness() < 128

        def fmt(colour: QColor, *, bold: bool = False, italic: bool = False) -> QTextCharFormat:
            f = QTextCharFormat()
            f.setForeground(colour)
            if bold:
                f.setFontWeight(QFont.Weight.Bold)
            f.setFontItalic(italic)
            return f

        self._formats = {
            "key": fmt(palette.color(QPalette.ColorRole.Link), bold=True),
            "number": fmt(QColor("#f0a63a" if dark else "#a35d00")),
            "string": fmt(QColor("#7fd18b" if dark else "#2b7a3d")),
            "placeholder": fmt(QColor("#ff8fc8" if dark else "#b0276f"), bold=True),
            "comment": fmt(palette.color(QPalette.ColorRole.PlaceholderText), italic=True),
        }
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        for name, pattern in _RULES:
            for match in pattern.finditer(text):
                group = 1 if pattern.groups else 0
                self.setFormat(match.start(group), match.end(group) - match.start(group), self._formats[name])
