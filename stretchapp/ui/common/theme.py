"""Colours and type sizes: the system palette by default, or forced light, dark or high contrast.

Widgets read colours from their palette (so a system dark theme just works) and ask
:func:`accent` for the one highlight colour of a phase. Type sizes scale with the window
height and with the person's text-size setting.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from stretchapp.core.kinds import PhaseKind

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
    QPalette.ColorRole.PlaceholderText: "#5d6574",
    QPalette.ColorRole.Mid: "#7d8494",
    QPalette.ColorRole.Link: "#2a62c9",
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
    QPalette.ColorRole.Mid: "#80889a",
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

# Phase accents chosen to stay distinct for the common colour-vision deficiencies; they
# colour the phase's name, so they keep text contrast (4.5:1) on their theme's window.
_ACCENTS = {
    "light": {PhaseKind.PREPARE: "#9a5c00", PhaseKind.HOLD: "#1f6fd1", PhaseKind.REST: "#237a40"},
    "dark": {PhaseKind.PREPARE: "#f0a63a", PhaseKind.HOLD: "#6ea8ff", PhaseKind.REST: "#5ccf85"},
    "contrast": {PhaseKind.PREPARE: "#ffd400", PhaseKind.HOLD: "#00e5ff", PhaseKind.REST: "#7dff7d"},
}


THEMES = {"light": _LIGHT, "dark": _DARK, "contrast": _HIGH_CONTRAST}


def palette_for(name: str) -> QPalette:
    """The forced palette called ``name``: "light", "dark" or "contrast"."""
    return _palette(THEMES[name])


def accents_for(name: str) -> dict[PhaseKind, QColor]:
    return {kind: QColor(colour) for kind, colour in _ACCENTS[name].items()}


def focus_colour(palette: QPalette) -> QColor:
    """The ring drawn round the control that has the keyboard focus."""
    return palette.color(QPalette.ColorRole.Highlight)


def border_colour(palette: QPalette) -> QColor:
    """Control borders: visible (3:1) against the window and the control's own fill."""
    return palette.color(QPalette.ColorRole.Mid)


def style_sheet(palette: QPalette) -> str:
    """Borders and a 2-pixel focus ring for every kind of control, in the palette's colours.

    The style's own focus marks are faint or missing on dark and black windows; these rules
    make the focused control plain in every forced theme.
    """
    role = QPalette.ColorRole
    focus = focus_colour(palette).name()
    border = border_colour(palette).name()
    button, button_text = palette.color(role.Button).name(), palette.color(role.ButtonText).name()
    base, text = palette.color(role.Base).name(), palette.color(role.Text).name()
    disabled = palette.color(QPalette.ColorGroup.Disabled, role.ButtonText).name()
    fields = (
        "QLineEdit, QPlainTextEdit, QTextEdit, QTextBrowser, QAbstractSpinBox, QComboBox, QAbstractItemView"
    )
    focused_fields = ", ".join(f"{name.strip()}:focus" for name in fields.split(","))
    return f"""
QPushButton, QToolButton {{
    background: {button}; color: {button_text};
    border: 1px solid {border}; border-radius: 4px; padding: 5px 13px;
}}
QPushButton:hover, QToolButton:hover {{ border-color: {focus}; }}
QPushButton:pressed, QToolButton:pressed {{ background: {base}; }}
QPushButton:disabled, QToolButton:disabled {{ color: {disabled}; }}
QPushButton:focus, QToolButton:focus {{ border: 2px solid {focus}; padding: 4px 12px; }}
{fields} {{ border: 1px solid {border}; background: {base}; color: {text}; }}
{focused_fields} {{ border: 2px solid {focus}; }}
QCheckBox, QRadioButton {{ border: 2px solid transparent; border-radius: 3px; padding: 1px; }}
QCheckBox:focus, QRadioButton:focus {{ border: 2px solid {focus}; }}
QCheckBox::indicator, QRadioButton::indicator {{
    width: 14px; height: 14px; border: 2px solid {border}; background: {base};
}}
QCheckBox::indicator {{ border-radius: 3px; }}
QRadioButton::indicator {{ border-radius: 9px; }}
QCheckBox::indicator:checked, QRadioButton::indicator:checked {{
    background: {focus}; border-color: {focus};
}}
QSlider:focus, QTabBar::tab:focus {{ border: 2px solid {focus}; }}
"""


def _palette(colours: dict[QPalette.ColorRole, str]) -> QPalette:
    palette = QPalette()
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    disabled = QColor(colours[QPalette.ColorRole.PlaceholderText])
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


_system: tuple[str, QPalette] | None = None  # the look before anything was forced


def apply_theme(app: QApplication, theme: str, *, high_contrast: bool = False) -> None:
    """Use the system palette (``theme="system"``) or force light, dark or high contrast."""
    global _system  # noqa: PLW0603 - the system look is captured once, before anything is forced
    from stretchapp.ui.common import focus_style  # noqa: PLC0415 - it builds on this module

    if high_contrast or theme in {"light", "dark"}:
        if _system is None:
            # app.palette() is a copy already; QPalette(copy) would build Qt's namespace (~25 ms).
            _system = (app.style().name(), app.palette())
        focus_style.disable()  # the style sheet draws the focus rings
        palette = palette_for("contrast" if high_contrast else theme)
        app.setStyle("Fusion")
        app.setPalette(palette)
        app.setStyleSheet(style_sheet(palette))
    else:
        # Nothing was forced yet, the system's look is in place: asking for the style would
        # build all of QStyle's enums (~7 ms) before the first paint.
        if _system is not None:
            if app.style().name() != _system[0]:
                app.setStyle(_system[0])
            app.setPalette(_system[1])
            app.setStyleSheet("")
        # The system's style may lack a focus mark (a text pane, a default button): add a ring.
        focus_style.enable(app)


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


MUTED_ROLE = QPalette.ColorRole.PlaceholderText  # the palette's colour for secondary text


def muted_text(palette: QPalette) -> QColor:
    """Secondary text: readable, but quieter than the main text."""
    return palette.color(MUTED_ROLE)


def relative_luminance(colour: QColor) -> float:
    """WCAG 2.2 relative luminance of an sRGB colour."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())
    )


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG contrast ratio, 1 to 21."""
    a, b = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)
