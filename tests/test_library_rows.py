"""The library's rows: each routine's title, and under it a quieter line, both readable when selected."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from stretchapp.routines.library import load_library
from stretchapp.ui.common import theme
from stretchapp.ui.library.page import LibraryPage


@pytest.fixture
def page(qtbot) -> Iterator[LibraryPage]:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply_theme(app, "light")  # the app's own palette: known colours
    page = LibraryPage()
    qtbot.addWidget(page)
    page.resize(900, 500)
    page.set_library(load_library())
    page.show()
    qtbot.waitExposed(page)
    yield page
    theme.apply_theme(app, "system")


def _ink(image: QImage, area: QRect) -> list[QColor]:
    """The colours drawn in ``area`` that differ from its most common one (the background)."""
    counts: dict[int, int] = {}
    for y in range(area.top(), area.bottom() + 1):
        for x in range(area.left(), area.right() + 1):
            pixel = image.pixel(x, y)
            counts[pixel] = counts.get(pixel, 0) + 1
    background = max(counts, key=lambda p: counts[p])
    return [QColor.fromRgb(p) for p in counts if p != background]


def _halves(page: LibraryPage, row: int) -> tuple[QImage, QRect, QRect]:
    view = page.list_view
    image = view.viewport().grab().toImage()
    rect = view.visualRect(page.proxy.index(row, 0))
    middle = rect.top() + rect.height() // 2
    return (
        image,
        rect.adjusted(0, 0, 0, -(rect.bottom() - middle)),
        rect.adjusted(0, middle - rect.top(), 0, 0),
    )


def test_the_line_under_a_title_is_quieter_than_the_title(page: LibraryPage) -> None:
    page.list_view.setCurrentIndex(page.proxy.index(0, 0))
    image, title, detail = _halves(page, 1)  # a row that is not selected
    title_ink, detail_ink = _ink(image, title), _ink(image, detail)
    assert title_ink and detail_ink, "both lines are drawn"
    darkest_title = min(c.lightness() for c in title_ink)
    darkest_detail = min(c.lightness() for c in detail_ink)
    assert darkest_title < 60, "the title is in the text colour"
    assert darkest_detail > darkest_title + 30, "the detail line is quieter"


def test_a_selected_row_shows_both_lines_in_the_highlighted_text_colour(page: LibraryPage) -> None:
    page.list_view.setCurrentIndex(page.proxy.index(0, 0))
    image, title, detail = _halves(page, 0)
    palette = page.list_view.palette()
    highlight = palette.color(palette.ColorRole.Highlight)
    for half in (title, detail):
        ink = _ink(image, half)
        assert QColor.fromRgb(image.pixel(half.left() + 2, half.top() + 2)) == highlight
        assert max(c.lightness() for c in ink) > 240, "white text on the highlight"


def test_a_right_to_left_list_puts_the_text_at_the_right(page: LibraryPage) -> None:
    from PySide6.QtCore import Qt

    page.list_view.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    page.list_view.viewport().update()
    image, title, _detail = _halves(page, 1)
    left_half = title.adjusted(0, 0, -title.width() // 2, 0)
    right_half = title.adjusted(title.width() // 2, 0, 0, 0)
    assert _ink(image, right_half) and not _ink(image, left_half)
