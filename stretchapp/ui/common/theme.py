"""Colours and type sizes: the system palette by default, or forced light, dark or high contrast.

Widgets read colours from their palette (so a system dark theme just works) and ask
:func:`accent` for the one highlight colour of a phase. Type sizes scale with the window
height and with the person's text-size setting.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from stretchapp.core.model import PhaseKind

_LIGHT = {
    QPalette.ColorRole.Window: "#f6f7f9",
    QPalette.ColorRole.WindowText: "#1d2330",
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#eef1f5",
    QPalette.ColorRole.Text: "#1d2330",
    QPalette.ColorRole.Button: "#e9ecf1",
    QPalette.ColorRole.ButtonText: "#1d2330",
    QPalette.ColorRole.Highlight: "#2f6fde",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#ffffff",
    QPalette.ColorRole.ToolTipText: "#1d2330",
    QPalette.ColorRole.PlaceholderText: "#6b7383",
    QPalette.ColorRole.Mid: "#c5cad3",
    QPalette.ColorRole.Link: "#2f6fde",
}
_DARK = {
    QPalette.ColorRole.Window: "#1e2128",
    QPalette.ColorRole.WindowText: "#e8eaef",
    QPalette.ColorRole.Base: "#15171c",
    QPalette.ColorRole.AlternateBase: "#262a33",
    QPalette.ColorRole.Text: "#e8eaef",
    QPalette.ColorRole.Button: "#2c313b",
    QPalette.ColorRole.ButtonText: "#e8eaef",
    QPalette.ColorRole.Highlight: "#5b93f0",
    QPalette.ColorRole.HighlightedText: "#0e1116",
    QPalette.ColorRole.ToolTipBase: "#2c313b",
    QPalette.ColorRole.ToolTipText: "#e8eaef",
    QPalette.ColorRole.PlaceholderText: "#9aa1ad",
    QPalette.ColorRole.Mid: "#4a505c",
    QPalette.ColorRole.Link: "#7fb0ff",
}
_HIGH_CONTRAST = {
    QPalette.ColorRole.Window: "#000000",
    QPalette.ColorRole.WindowText: "#ffffff",
    QPalette.ColorRole.Base: "#000000",
    QPalette.ColorRole.AlternateBase: "#1a1a1a",
    QPalette.ColorRole.Text: "#ffffff",
    QPalette.ColorRole.Button: "#000000",
    QPalette.ColorRole.ButtonText: "#ffffff",
    QPalette.ColorRole.Highlight: "#ffd400",
    QPalette.ColorRole.HighlightedText: "#000000",
    QPalette.ColorRole.ToolTipBase: "#000000",
    QPalette.ColorRole.ToolTipText: "#ffffff",
    QPalette.ColorRole.PlaceholderText: "#d0d0d0",
    QPalette.ColorRole.Mid: "#ffffff",
    QPalette.ColorRole.Link: "#ffd400",
}

# Phase accents chosen to stay distinct for the common colour-vision deficiencies and to
# keep at least 3:1 contrast on both the light and the dark window colour.
_ACCENTS = {
    "light": {PhaseKind.PREPARE: "#b86e00", PhaseKind.HOLD: "#1f6fd1", PhaseKind.REST: "#2b8a4b"},
    "dark": {PhaseKind.PREPARE: "#f0a63a", PhaseKind.HOLD: "#6ea8ff", PhaseKind.REST: "#5ccf85"},
    "contrast": {PhaseKind.PREPARE: "#ffd400", PhaseKind.HOLD: "#00e5ff", PhaseKind.REST: "#7dff7d"},
}


def _palette(colours: dict[QPalette.ColorRole, str]) -> QPalette:
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    disabled = QColor(colours[QPalette.ColorRole.PlaceholderText])
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


_system: tuple[str, QPalette] | None = None


def apply_theme(app: QApplication, theme: str, *, high_contrast: bool = False) -> None:
    """Use the system palette (``theme="system"``) or force light, dark or high contrast."""
    global _system  # noqa: PLW0603 - the system look is captured once, before anything is forced
    if _system is None:
        _system = (app.style().name(), QPalette(app.palette()))
    if high_contrast:
        app.setStyle("Fusion")
        app.setPalette(_palette(_HIGH_CONTRAST))
    elif theme in {"light", "dark"}:
        app.setStyle("Fusion")
        app.setPalette(_palette(_LIGHT if theme == "light" else _DARK))
    else:
        app.setStyle(_system[0])
        app.setPalette(_system[1])


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def is_high_contrast(palette: QPalette) -> bool:
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    return window.lightness() == 0 and text.lightness() == 255


def accent(palette: QPalette, kind: PhaseKind | None) -> QColor:
    """The colour that marks a phase (or the palette's highlight when there is none)."""
    if kind is None:
        return palette.color(QPalette.ColorRole.Highlight)
    family = "contrast" if is_high_contrast(palette) else "dark" if is_dark(palette) else "light"
    return QColor(_ACCENTS[family][kind])


def muted_text(palette: QPalette) -> QColor:
    """Secondary text: readable, but quieter than the main text."""
    return palette.color(QPalette.ColorRole.PlaceholderText)
