"""The window a start paints first, and what it adds once painted (``MainWindow(quick_start=True)``).

The app paints the library with its list filled before it builds the details, the menus'
entries and the list's remaining wiring; a person must see the same window either way,
and have every menu entry, shortcut and reaction once the start has finished.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from stretchapp.routines.library import Library, load_library
from stretchapp.ui.library.window import MainWindow


@pytest.fixture
def window(qtbot) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    shown = MainWindow(quick_start=True)
    qtbot.addWidget(shown)
    shown.library_page.set_library(load_library())
    shown.show()
    qtbot.waitExposed(shown)
    yield shown


def menu_texts(window: MainWindow) -> dict[str, list[str]]:
    return {
        menu.title(): [action.text() for action in menu.actions() if not action.isSeparator()]
        for menu in (window.routine_menu, window.view_menu, window.help_menu)
    }


def test_the_first_paint_shows_the_menus_and_the_list_with_the_first_routine_ready(
    window: MainWindow,
) -> None:
    page = window.library_page
    assert [action.text() for action in window.menuBar().actions()] == ["&Routine", "&View", "&Help"]
    assert len(page.visible_titles()) >= 2
    assert page.selected_entry() is not None
    assert page.start_button.isEnabled()


def test_once_painted_every_menu_has_its_entries_and_shortcuts(window: MainWindow) -> None:
    window.finish_start()
    texts = menu_texts(window)
    assert "&Start" in texts["&Routine"] and "&Quit" in texts["&Routine"]
    assert "&Full screen" in texts["&View"] and "&About stretchapp" in texts["&Help"]
    assert window.quit_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Quit)
    assert window.start_action.shortcut() == QKeySequence("Ctrl+Return")
    window.finish_start()  # a second call adds nothing twice
    assert menu_texts(window) == texts


def test_once_painted_the_details_follow_the_selected_routine(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = window.library_page
    window.finish_start()
    first = page.selected_entry()
    assert first is not None
    assert first.summary.title in page.details.toPlainText()
    page.list_view.setCurrentIndex(page.proxy.index(1, 0))
    second = page.selected_entry()
    assert second is not None and second.summary.id != first.summary.id
    assert second.summary.title in page.details.toPlainText()


def test_once_painted_a_filter_that_matches_nothing_says_so_in_the_middle(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = window.library_page
    window.finish_start()
    page.filter_edit.setText("zzz-no-such-routine")
    assert page.empty_label.isVisible()
    assert page.empty_label.alignment() == Qt.AlignmentFlag.AlignCenter
    assert not page.start_button.isEnabled()


def test_an_empty_library_starts_with_start_disabled(qtbot) -> None:  # type: ignore[no-untyped-def]
    shown = MainWindow(quick_start=True)
    qtbot.addWidget(shown)
    shown.library_page.set_library(Library())
    assert not shown.library_page.start_button.isEnabled()
    shown.finish_start()
    assert not shown.library_page.start_button.isEnabled()
