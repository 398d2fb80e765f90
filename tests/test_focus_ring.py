"""The system theme's focus ring goes with the focus, follows its control, and leaves nothing behind."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtGui import QAccessible, QColor, QImage
from PySide6.QtWidgets import QApplication, QLineEdit, QListWidget, QPushButton, QTextBrowser, QWidget
from pytestqt.qtbot import QtBot

from stretchapp.ui.common import theme
from stretchapp.ui.common.focus_style import RING_NAME, ring_colour


@pytest.fixture
def app() -> Iterator[QApplication]:
    instance = QApplication.instance()
    assert isinstance(instance, QApplication)
    theme.apply_theme(instance, "system")
    yield instance
    theme.apply_theme(instance, "system")


@pytest.fixture
def host(qtbot: QtBot, app: QApplication) -> QWidget:
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(420, 420)
    return window


def _show(qtbot: QtBot, window: QWidget) -> None:
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def _focus(qtbot: QtBot, control: QWidget) -> None:
    control.setFocus()
    qtbot.waitUntil(control.hasFocus)


def _grab(widget: QWidget) -> QImage:
    QApplication.processEvents()
    return widget.grab().toImage()


def _is(image: QImage, x: int, y: int, colour: QColor) -> bool:
    return image.pixel(x, y) & 0xFFFFFF == colour.rgb() & 0xFFFFFF


def _ringed(widget: QWidget) -> bool:
    """Both pixels of the band inside each edge, at each edge's middle, are the ring's colour."""
    image = _grab(widget)
    ring = ring_colour(widget.palette())
    w, h = image.width(), image.height()
    points = [(w // 2, 0), (w // 2, 1), (w // 2, h - 1), (w // 2, h - 2)]
    points += [(0, h // 2), (1, h // 2), (w - 1, h // 2), (w - 2, h // 2)]
    return all(_is(image, x, y, ring) for x, y in points)


def _has_colour(image: QImage, colour: QColor) -> bool:
    target = colour.rgb() & 0xFFFFFF
    return any(
        image.pixel(x, y) & 0xFFFFFF == target for y in range(image.height()) for x in range(image.width())
    )


def _rings() -> list[QWidget]:
    return [w for w in QApplication.allWidgets() if w.objectName() == RING_NAME and w.isVisible()]


def _button_and_field(qtbot: QtBot, host: QWidget) -> tuple[QPushButton, QLineEdit]:
    """A plain button and a text field (which the style marks itself) in the shown ``host``."""
    button = QPushButton("Start", host)
    button.setGeometry(10, 10, 160, 50)
    field = QLineEdit("text", host)
    field.setGeometry(10, 80, 160, 30)
    _show(qtbot, host)
    return button, field


def test_the_ring_leaves_a_button_when_the_focus_moves_to_a_field(qtbot: QtBot, host: QWidget) -> None:
    button, field = _button_and_field(qtbot, host)

    _focus(qtbot, button)
    assert _ringed(button)
    _focus(qtbot, field)
    assert not _ringed(button)
    assert not _has_colour(_grab(button), ring_colour(button.palette()))


def test_the_ring_goes_when_the_window_loses_the_focus_and_comes_back_with_it(
    qtbot: QtBot, host: QWidget
) -> None:
    button = QPushButton("Start", host)
    button.setGeometry(10, 10, 160, 50)
    _show(qtbot, host)
    _focus(qtbot, button)

    button.clearFocus()  # as when the window is deactivated: the focus goes to no widget
    qtbot.waitUntil(lambda: not button.hasFocus())
    assert not _ringed(button)
    assert not _rings()
    _focus(qtbot, button)
    assert _ringed(button)


def test_a_control_destroyed_with_the_ring_leaves_no_trace_and_the_next_one_is_ringed(
    qtbot: QtBot, host: QWidget
) -> None:
    doomed = QPushButton("Skip", host)
    doomed.setGeometry(10, 10, 160, 50)
    also_doomed = QPushButton("Back", host)
    also_doomed.setGeometry(10, 70, 160, 50)
    survivor = QPushButton("Pause", host)
    survivor.setGeometry(10, 130, 160, 50)
    _show(qtbot, host)

    _focus(qtbot, doomed)
    shiboken6.delete(doomed)  # at once, with the focus on it
    _focus(qtbot, also_doomed)
    also_doomed.deleteLater()  # later, from the event loop
    qtbot.waitUntil(lambda: not shiboken6.isValid(also_doomed))
    _focus(qtbot, survivor)
    assert _ringed(survivor)
    assert _rings() == [survivor.findChild(QWidget, RING_NAME)]


def test_the_ring_follows_a_focused_list_when_it_is_resized(qtbot: QtBot, host: QWidget) -> None:
    listing = QListWidget(host)
    listing.addItems(["Neck relief", "Desk reset"])
    listing.setGeometry(10, 10, 160, 120)
    _show(qtbot, host)
    _focus(qtbot, listing)
    assert _ringed(listing)

    listing.resize(300, 260)
    image = _grab(listing)
    ring = ring_colour(listing.palette())
    assert (image.width(), image.height()) == (300, 260)
    for x, y in ((299, 259), (298, 258), (299, 130), (150, 259)):
        assert _is(image, x, y, ring), (x, y)
    assert _ringed(listing)


def test_the_ring_shows_over_a_text_panes_viewport_and_lets_the_mouse_through(
    qtbot: QtBot, host: QWidget
) -> None:
    details = QTextBrowser(host)
    details.setHtml("<p>Neck relief</p>")
    details.setGeometry(10, 10, 200, 120)
    _show(qtbot, host)
    _focus(qtbot, details)
    assert _ringed(details)

    for x, y in ((11, 11), (110, 11), (209, 129)):  # on the ring, in the host's coordinates
        under = host.childAt(x, y)
        assert under is not None and under.objectName() != RING_NAME, (x, y)


def test_a_screen_reader_finds_nothing_new_in_a_ringed_button(qtbot: QtBot, host: QWidget) -> None:
    button, field = _button_and_field(qtbot, host)
    _focus(qtbot, field)
    before = QAccessible.queryAccessibleInterface(button).childCount()

    _focus(qtbot, button)
    assert button.findChild(QWidget, RING_NAME) is not None
    assert QAccessible.queryAccessibleInterface(button).childCount() == before


def test_the_ring_stays_above_a_part_the_pane_gains_while_focused(qtbot: QtBot, host: QWidget) -> None:
    listing = QListWidget(host)
    listing.addItems(["Neck relief"])
    listing.setGeometry(10, 10, 200, 120)
    _show(qtbot, host)
    _focus(qtbot, listing)

    part = QWidget(listing)  # as a corner widget or a scroll bar added later would be
    part.setAutoFillBackground(True)
    part.setGeometry(listing.rect())
    part.show()
    assert _ringed(listing)


def test_a_forced_theme_has_no_ring_widget(qtbot: QtBot, host: QWidget, app: QApplication) -> None:
    first = QPushButton("Start", host)
    first.setGeometry(10, 10, 160, 50)
    second = QPushButton("Leave", host)
    second.setGeometry(10, 70, 160, 50)
    _show(qtbot, host)
    _focus(qtbot, first)
    assert first.findChild(QWidget, RING_NAME) is not None

    for name in ("dark", "light"):
        theme.apply_theme(app, name)
        assert first.findChild(QWidget, RING_NAME) is None, name
        _focus(qtbot, second)
        _focus(qtbot, first)
        assert not [w for w in QApplication.allWidgets() if w.objectName() == RING_NAME], name
    theme.apply_theme(app, "system", high_contrast=True)
    _focus(qtbot, second)
    assert second.findChild(QWidget, RING_NAME) is None

    theme.apply_theme(app, "system")
    _focus(qtbot, first)
    assert _ringed(first)


def test_the_ring_builds_no_qt_namespace_nor_style_classes() -> None:
    # Building PySide6's Qt namespace costs ~25 ms, and the style option classes ~10 ms, before
    # the first paint. A PySide6 that builds them on import anyway has nothing to protect.
    probe = textwrap.dedent(
        """
        import PySide6.QtCore as core, PySide6.QtWidgets as widgets
        def built():
            return "Qt" in vars(core) or "QStyleOption" in vars(widgets)
        lazy = not built()
        from PySide6.QtWidgets import QApplication, QPushButton, QTextBrowser, QWidget
        from stretchapp.ui.common import theme
        app = QApplication([])
        theme.apply_theme(app, "system")
        host = QWidget()
        button, pane = QPushButton("Start", host), QTextBrowser(host)
        pane.move(0, 60)
        host.show()
        host.activateWindow()
        app.processEvents()
        for control in (button, pane):
            control.setFocus()
            app.processEvents()
            assert control.findChild(QWidget, "focusRing") is not None
        pane.resize(300, 300)
        host.grab()
        print(lazy, built())
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    lazy, built = done.stdout.split()
    if lazy != "True":
        pytest.skip("this PySide6 builds its Qt namespace or style classes on import")
    assert built == "False", done.stderr
