"""Every forced theme is readable: text 4.5:1, focus rings and borders 3:1, drawings' outlines 3:1.

The ratios are computed here with WCAG 2.2's relative luminance, independently of the app's
own helper, so a wrong helper cannot pass its own palette.
"""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit, QListWidget, QPushButton, QWidget

from stretchapp import resources
from stretchapp.ui.common import theme
from stretchapp.ui.player.exercise_image import outlines_for

THEMES = ("light", "dark", "contrast")
R = QPalette.ColorRole


def luminance(colour: QColor) -> float:
    def linear(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(colour.red()) + 0.7152 * linear(colour.green()) + 0.0722 * linear(colour.blue())


def ratio(a: QColor, b: QColor) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("name", THEMES)
def test_text_is_at_least_4_5_to_1_on_its_background(name: str) -> None:
    palette = theme.palette_for(name)
    pairs = {
        "window text": (R.WindowText, R.Window),
        "text": (R.Text, R.Base),
        "alternate rows": (R.Text, R.AlternateBase),
        "button text": (R.ButtonText, R.Button),
        "selected text": (R.HighlightedText, R.Highlight),
        "tooltips": (R.ToolTipText, R.ToolTipBase),
        "quiet text on the window": (R.PlaceholderText, R.Window),
        "quiet text in fields": (R.PlaceholderText, R.Base),
        "quiet text on buttons": (R.PlaceholderText, R.Button),
        "links": (R.Link, R.Base),
        "links on the window": (R.Link, R.Window),
    }
    failing = {
        what: round(ratio(palette.color(fg), palette.color(bg)), 2)
        for what, (fg, bg) in pairs.items()
        if ratio(palette.color(fg), palette.color(bg)) < 4.5
    }
    window = palette.color(R.Window)
    for kind, accent in theme.accents_for(name).items():  # the phase's name is drawn in its accent
        if ratio(accent, window) < 4.5:
            failing[f"{kind.value} accent"] = round(ratio(accent, window), 2)
    assert not failing


@pytest.mark.parametrize("name", THEMES)
def test_focus_rings_and_borders_are_at_least_3_to_1(name: str) -> None:
    palette = theme.palette_for(name)
    failing = {}
    for what, colour in (
        ("focus ring", theme.focus_colour(palette)),
        ("border", theme.border_colour(palette)),
    ):
        for around in (R.Window, R.Button, R.Base):
            value = ratio(colour, palette.color(around))
            if value < 3:
                failing[f"{what} on {around.name}"] = round(value, 2)
    assert not failing


def test_the_drawings_outlines_show_on_the_high_contrast_window() -> None:
    palette = theme.palette_for("contrast")
    window, ink = palette.color(R.Window), palette.color(R.WindowText)
    drawings = sorted(resources.images_dir().glob("*.svg"))
    assert drawings
    failing = []
    for drawing in drawings:
        shown = outlines_for(drawing.read_text(encoding="utf-8"), window, ink)
        for colour in re.findall(r'stroke\s*[:=]\s*"?(#[0-9a-fA-F]{6})', shown):
            if ratio(QColor(colour), window) < 3:
                failing.append(f"{drawing.name}: {colour}")
    assert not failing


def _grab(widget: QWidget) -> QImage:
    QApplication.processEvents()
    return widget.grab().toImage()


def _has_colour(image: QImage, colour: QColor) -> bool:
    target = colour.rgb() & 0xFFFFFF
    return any(
        image.pixel(x, y) & 0xFFFFFF == target
        for y in range(0, image.height())
        for x in range(0, image.width())
    )


@pytest.mark.parametrize("name", THEMES)
def test_every_kind_of_control_shows_focus(qtbot, name: str) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply_theme(app, "dark" if name == "dark" else "light", high_contrast=name == "contrast")
    try:
        host = QWidget()
        qtbot.addWidget(host)
        controls: list[QWidget] = [
            QPushButton("Start", host),
            QLineEdit("text", host),
            QCheckBox("Mute", host),
        ]
        listing = QListWidget(host)
        listing.addItems(["one", "two"])
        controls.append(listing)
        for n, control in enumerate(controls):
            control.setGeometry(10, 10 + n * 60, 160, 50)
        host.resize(200, 260)
        host.show()
        host.activateWindow()
        qtbot.waitUntil(host.isActiveWindow)
        focus = theme.focus_colour(app.palette())
        for control in controls:
            other = controls[0] if control is not controls[0] else controls[1]
            other.setFocus()
            before = _grab(control)
            control.setFocus()
            after = _grab(control)
            assert before != after, type(control).__name__
            assert _has_colour(after, focus), type(control).__name__
    finally:
        theme.apply_theme(app, "system")


def test_the_system_theme_shows_focus_on_panes_default_buttons_and_the_players_buttons(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QTextBrowser

    from stretchapp.ui.common.focus_style import ring_colour
    from stretchapp.ui.player.view import PlayerView

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply_theme(app, "system")
    try:
        host = QWidget()
        qtbot.addWidget(host)
        start = QPushButton("Start", host)  # the library's Start: a default button
        start.setDefault(True)
        details = QTextBrowser(host)  # the library's details pane
        details.setHtml("<p>Neck relief</p>")
        player = PlayerView(parent=host)
        start.setGeometry(10, 10, 160, 50)
        details.setGeometry(10, 70, 160, 80)
        player.setGeometry(180, 10, 900, 600)
        host.resize(1100, 620)
        host.show()
        host.activateWindow()
        qtbot.waitUntil(host.isActiveWindow)
        ring = ring_colour(app.palette())
        assert ratio(ring, app.palette().color(R.Window)) >= 3.0
        controls: list[QWidget] = [
            start,
            details,
            player.pause_button,
            player.skip_button,
            player.leave_button,
        ]
        for control in controls:
            other = controls[0] if control is not controls[0] else controls[1]
            other.setFocus()
            before = _grab(control)
            control.setFocus()
            qtbot.waitUntil(control.hasFocus)
            after = _grab(control)
            assert before != after, control.accessibleName()
            assert _has_colour(after, ring), control.accessibleName()
            assert not _has_colour(before, ring) or control is start, control.accessibleName()
    finally:
        theme.apply_theme(app, "system")
