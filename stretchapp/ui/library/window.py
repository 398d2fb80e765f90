"""The window ``stretchapp`` opens: the routine library, with the player in the same window.

The library page lists the routines (bundled and the person's own) with a filter, shows
the selected routine's details and cautions, and lists the files that could not be read
with their problems. Typing filters, the arrow keys move, Enter starts. Starting swaps the
page for the player; leaving the player comes back here.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from stretchapp import __version__
from stretchapp.core import text as words
from stretchapp.core.keys import KEYS
from stretchapp.core.model import HoldLength, Routine, Sides
from stretchapp.core.timeline import routine_seconds
from stretchapp.routines.library import BrokenFile, Library, RoutineEntry
from stretchapp.ui.library.routine_list import (
    ENTRY_ROLE,
    RoutineDelegate,
    RoutineFilter,
    RoutineListModel,
)


def _hold_words(routine: Routine) -> list[str]:
    lines = []
    for exercise in routine.exercises:
        hold = exercise.hold
        seconds = words.seconds_range(hold.low, hold.high) if hold.is_range else words.seconds(hold.low)
        per_side = " on each side" if exercise.sides is Sides.BOTH else ""
        if exercise.sides in {Sides.LEFT, Sides.RIGHT}:
            per_side = f" on the {exercise.sides.value} side"
        reps = f"{exercise.reps} × {seconds}{per_side}"
        lines.append(f"<li><b>{html.escape(exercise.name)}</b>: {html.escape(reps)}</li>")
    return lines


def details_html(entry: RoutineEntry, hold: HoldLength) -> str:
    """The selected routine's description, length with ``hold``, exercises and cautions as HTML."""
    routine = entry.routine
    total = routine_seconds(routine, hold)
    parts = [f"<h2>{html.escape(routine.title)}</h2>"]
    if routine.description:
        parts.append(f"<p>{html.escape(routine.description)}</p>")
    meta = [words.duration(total)]
    if routine.tags:
        meta.append(", ".join(html.escape(t) for t in routine.tags))
    meta.append("your routine" if entry.origin == "user" else "bundled with the app (read-only)")
    parts.append(f"<p><i>{' · '.join(meta)}</i></p>")
    parts.append("<h3>Exercises</h3><ul>" + "".join(_hold_words(routine)) + "</ul>")
    if routine.cautions:
        items = "".join(f"<li>{html.escape(c)}</li>" for c in routine.cautions)
        parts.append(f"<h3>Before you start</h3><ul>{items}</ul>")
    return "".join(parts)


def broken_summary(item: BrokenFile) -> str:
    first = item.problems[0] if item.problems else None
    where = f"line {first.line}, column {first.column}: {first.message}" if first else "could not be read"
    more = f" (and {len(item.problems) - 1} more)" if len(item.problems) > 1 else ""
    return f"{item.path.name}: {where}{more}"


class ProblemsDialog(QDialog):
    """Every problem of every broken routine file, as selectable text."""

    def __init__(self, broken: list[BrokenFile], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Routine files with problems")
        self.resize(760, 420)
        text = QPlainTextEdit()
        text.setReadOnly(True)
        text.setAccessibleName("Problems")
        lines = []
        for item in broken:
            lines.append(str(item.path))
            lines.extend(f"  {problem}" for problem in item.problems)
            lines.append("")
        text.setPlainText("\n".join(lines))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("These files were skipped. Fix them and they appear in the list."))
        layout.addWidget(text)
        layout.addWidget(buttons)


class LibraryPage(QWidget):
    """Routine list, filter, details and the broken files."""

    startRequested = Signal(object)  # RoutineEntry
    selectionChanged = Signal(object)  # RoutineEntry | None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Routine library")
        self._broken: list[BrokenFile] = []
        self._hold = HoldLength.SHORT

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Type to filter routines…")
        self.filter_edit.setAccessibleName("Filter routines")
        self.filter_edit.setClearButtonEnabled(True)

        self.model = RoutineListModel(self)
        self.proxy = RoutineFilter(self)
        self.proxy.setSourceModel(self.model)
        self.list_view = QListView()
        self.list_view.setModel(self.proxy)
        self.list_view.setItemDelegate(RoutineDelegate(self.list_view))
        self.list_view.setAccessibleName("Routines")
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list_view.setUniformItemSizes(True)

        self.empty_label = QLabel("No routine matches the filter.")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()

        self.broken_box = QGroupBox("Files with problems")
        self.broken_list = QListWidget()
        self.broken_list.setAccessibleName("Routine files with problems")
        self.broken_list.setMaximumHeight(110)
        self.problems_button = QPushButton("Show all problems…")
        self.problems_button.setAccessibleName("Show all problems")
        self.problems_button.clicked.connect(self.show_problems)
        broken_layout = QVBoxLayout(self.broken_box)
        broken_layout.addWidget(self.broken_list)
        broken_layout.addWidget(self.problems_button, 0, Qt.AlignmentFlag.AlignRight)
        self.broken_box.hide()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter_edit)
        left_layout.addWidget(self.list_view, 1)
        left_layout.addWidget(self.empty_label)
        left_layout.addWidget(self.broken_box)

        self.details = QTextBrowser()
        self.details.setAccessibleName("Routine details")
        self.details.setOpenLinks(False)
        self.start_button = QPushButton("Start")
        self.start_button.setAccessibleName("Start routine")
        self.start_button.setToolTip("Start the selected routine (Enter)")
        self.start_button.setDefault(True)
        self.start_button.setMinimumHeight(44)
        font = self.start_button.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.start_button.setFont(font)
        self.start_button.clicked.connect(self.start_selected)
        self.extra_buttons = QHBoxLayout()
        self.extra_buttons.addStretch(1)
        self.extra_buttons.addWidget(self.start_button)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.details, 1)
        right_layout.addLayout(self.extra_buttons)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(splitter)

        self.filter_edit.textChanged.connect(self._filter)
        self.filter_edit.returnPressed.connect(self.start_selected)
        self.filter_edit.installEventFilter(self)
        self.list_view.installEventFilter(self)
        self.list_view.activated.connect(lambda _index: self.start_selected())
        self.list_view.selectionModel().currentChanged.connect(self._current_changed)
        self.setFocusProxy(self.filter_edit)

    # -- data ----------------------------------------------------------------------------
    def set_library(self, library: Library, *, select: str | None = None) -> None:
        selected = self.selected_entry()
        current = select or (selected.routine.id if selected is not None else None)
        self.model.set_entries(library.entries)
        self._broken = list(library.broken)
        self.broken_list.clear()
        for item in self._broken:
            self.broken_list.addItem(broken_summary(item))
        self.broken_box.setTitle(f"Files with problems ({len(self._broken)})")
        self.broken_box.setVisible(bool(self._broken))
        self._filter(self.filter_edit.text())
        if current and self.select(current):
            return
        self._select_row(0)

    def set_hold_length(self, hold: HoldLength) -> None:
        """Show routine lengths with holds of length ``hold`` (the one in the settings)."""
        if hold is self._hold:
            return
        self._hold = hold
        self.model.set_hold_length(hold)
        entry = self.selected_entry()
        if entry is not None:
            self.details.setHtml(details_html(entry, hold))

    def select(self, routine_id: str) -> bool:
        row = self.model.row_of(routine_id)
        if row < 0:
            return False
        proxy_index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not proxy_index.isValid():
            return False
        self.list_view.setCurrentIndex(proxy_index)
        return True

    def selected_entry(self) -> RoutineEntry | None:
        index = self.list_view.currentIndex()
        entry = index.data(ENTRY_ROLE) if index.isValid() else None
        return entry if isinstance(entry, RoutineEntry) else None

    def visible_titles(self) -> list[str]:
        return [str(self.proxy.index(row, 0).data()) for row in range(self.proxy.rowCount())]

    # -- behaviour -----------------------------------------------------------------------
    def _filter(self, text: str) -> None:
        self.proxy.set_text(text)
        has_rows = self.proxy.rowCount() > 0
        self.empty_label.setVisible(not has_rows and self.model.rowCount() > 0)
        if has_rows and (text.strip() or not self.list_view.currentIndex().isValid()):
            # Typing picks the first match, so Enter starts what the person is looking at.
            self._select_row(0)
        if not has_rows:
            self._current_changed(QModelIndex(), QModelIndex())

    def _select_row(self, row: int) -> None:
        if self.proxy.rowCount() > row:
            self.list_view.setCurrentIndex(self.proxy.index(row, 0))
        else:
            self._current_changed(QModelIndex(), QModelIndex())

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        entry = self.selected_entry()
        if entry is None:
            empty = "Add a routine with Routine ▸ New" if self.model.rowCount() == 0 else ""
            self.details.setHtml(f"<p>{empty}</p>")
        else:
            self.details.setHtml(details_html(entry, self._hold))
        self.start_button.setEnabled(entry is not None)
        self.selectionChanged.emit(entry)

    def start_selected(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            self.startRequested.emit(entry)

    def show_problems(self) -> None:
        ProblemsDialog(self._broken, self).open()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.filter_edit and key in {
            Qt.Key.Key_Up,
            Qt.Key.Key_Down,
            Qt.Key.Key_PageUp,
            Qt.Key.Key_PageDown,
        }:
            # Arrows in the filter move the list, so typing and choosing need no Tab.
            row = self.list_view.currentIndex().row()
            step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -5, Qt.Key.Key_PageDown: 5}[
                Qt.Key(key)
            ]
            target = max(0, min(self.proxy.rowCount() - 1, row + step))
            self._select_row(target)
            return True
        if watched is self.list_view and key in {Qt.Key.Key_Return, Qt.Key.Key_Enter}:
            self.start_selected()
            return True
        if watched is self.list_view and event.text().isprintable() and event.text().strip():
            # Typing while the list has focus goes to the filter.
            self.filter_edit.setFocus()
            self.filter_edit.insert(event.text())
            return True
        return super().eventFilter(watched, event)


class MainWindow(QMainWindow):
    """One window: the library page, swapped for the player while a routine runs."""

    closing = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("stretchapp")
        self.setAccessibleName("stretchapp")
        self.library_page = LibraryPage()
        self.player: QWidget | None = None
        self.pages = QStackedWidget()
        self.pages.addWidget(self.library_page)
        self.setCentralWidget(self.pages)
        self.resize(1100, 700)
        self._build_menus()

    def set_player(self, player: QWidget) -> None:
        """Add the player page (created on the first start, to keep start-up fast)."""
        self.player = player
        self.pages.addWidget(player)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.routine_menu = bar.addMenu("&Routine")
        self.view_menu = bar.addMenu("&View")
        self.help_menu = bar.addMenu("&Help")
        self.start_action = self._action(
            self.routine_menu, "&Start", "Ctrl+Return", self.library_page.start_selected
        )
        self.routine_menu.addSeparator()
        self.new_action = self._action(self.routine_menu, "&New routine", QKeySequence.StandardKey.New, None)
        self.edit_action = self._action(self.routine_menu, "&Edit", "Ctrl+E", None)
        self.duplicate_action = self._action(self.routine_menu, "&Duplicate to my routines", "Ctrl+D", None)
        self.delete_action = self._action(
            self.routine_menu, "De&lete…", QKeySequence.StandardKey.Delete, None
        )
        self.routine_menu.addSeparator()
        self.open_folder_action = self._action(self.routine_menu, "&Open my routine folder", None, None)
        self.reload_action = self._action(self.routine_menu, "&Reload routines", "F5", None)
        self.routine_menu.addSeparator()
        self.settings_action = self._action(self.routine_menu, "Se&ttings…", "Ctrl+,", None)
        self.quit_action = self._action(self.routine_menu, "&Quit", QKeySequence.StandardKey.Quit, None)
        self.history_action = self._action(self.view_menu, "&History", "Ctrl+H", None)
        self.fullscreen_action = self._action(self.view_menu, "&Full screen", "F11", self.toggle_fullscreen)
        self.high_contrast_action = self._action(self.view_menu, "High &contrast", "Ctrl+Shift+H", None)
        self.high_contrast_action.setCheckable(True)
        self.keys_action = self._action(self.help_menu, "&Keyboard keys", None, self.show_keys)
        self.format_action = self._action(self.help_menu, "Routine file &format", None, None)
        self.about_action = self._action(self.help_menu, "&About stretchapp", None, self.show_about)

    def _action(
        self,
        menu: QMenu,
        text: str,
        shortcut: str | QKeySequence.StandardKey | None,
        slot: Callable[[], object] | None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if slot is not None:
            action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def show_keys(self) -> None:
        rows = "".join(f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(m)}</td></tr>" for k, m in KEYS)
        text = (
            "<p>In the library: type to filter, Up and Down to choose, Enter to start.</p>"
            f"<p>While a routine runs:</p><table cellspacing='6'>{rows}</table>"
        )
        box = QMessageBox(
            QMessageBox.Icon.NoIcon, "Keyboard keys", text, QMessageBox.StandardButton.Close, self
        )
        box.open()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About stretchapp",
            f"<h3>stretchapp {__version__}</h3><p>A guided stretch timer. Routines are plain YAML files; "
            "yours live in the folder that Routine ▸ Open my routine folder shows.</p>"
            "<p>The bundled stretches are gentle and are not medical treatment. Stop if a stretch hurts.</p>",
        )

    def show_library(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        self.pages.setCurrentWidget(self.library_page)
        self.library_page.filter_edit.setFocus()

    def show_player(self) -> None:
        if self.player is not None:
            self.pages.setCurrentWidget(self.player)
            self.player.setFocus()

    def showing_player(self) -> bool:
        return self.player is not None and self.pages.currentWidget() is self.player

    def toggle_fullscreen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()
        super().closeEvent(event)
