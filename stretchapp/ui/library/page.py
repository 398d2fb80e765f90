"""The library page: the routines (bundled and the person's own) with a filter, the selected
routine's details and cautions, and the files that could not be read, with their problems.

Typing filters, the arrow keys move, Enter starts.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from stretchapp.core import text as words
from stretchapp.core.i18n import _, ngettext
from stretchapp.core.kinds import HoldLength
from stretchapp.routines.library import BrokenFile, Library, RoutineEntry
from stretchapp.ui.library.routine_list import (
    ALIGN_CENTER,
    ENTRY_ROLE,
    RoutineDelegate,
    RoutineFilter,
    RoutineListModel,
)

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (see docs/architecture.md)
if TYPE_CHECKING:
    from PySide6.QtCore import QObject, QUrl
    from PySide6.QtWidgets import QDialog, QGroupBox, QListWidget


def broken_summary(item: BrokenFile) -> str:
    first = item.problems[0] if item.problems else None
    where = (
        _("line {line}, column {column}: {message}").format(
            line=first.line, column=first.column, message=first.message
        )
        if first
        else _("could not be read")
    )
    others = len(item.problems) - 1
    more = ngettext(" (and {n} more)", " (and {n} more)", others).format(n=others) if others > 0 else ""
    return words.printable(f"{item.path.name}: {where}{more}")


def problems_dialog(broken: list[BrokenFile], parent: QWidget | None = None) -> QDialog:
    """Every problem of every broken routine file, as selectable text (built when asked for)."""
    from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit  # noqa: PLC0415

    dialog = QDialog(parent)
    dialog.setWindowTitle(_("Routine files with problems"))
    dialog.resize(760, 420)
    text = QPlainTextEdit()
    text.setReadOnly(True)
    text.setAccessibleName(_("Problems"))
    lines = []
    for item in broken:
        lines.append(str(item.path))
        lines.extend(f"  {problem}" for problem in item.problems)
        lines.append("")
    text.setPlainText("\n".join(lines))
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(QLabel(_("These files were skipped. Fix them and they appear in the list.")))
    layout.addWidget(text)
    layout.addWidget(buttons)
    return dialog


class LibraryPage(QWidget):
    """Routine list, filter, details and the broken files."""

    startRequested = Signal(object)  # RoutineEntry
    selectionChanged = Signal(object)  # RoutineEntry | None
    bringBackRequested = Signal(str, str)  # routine id, exercise name

    def __init__(self, parent: QWidget | None = None, *, quick_start: bool = False) -> None:
        """``quick_start``: the details pane and the filter's clear button wait for :meth:`finish_start`,
        so the app's first paint shows the list without decoding the selected routine."""
        super().__init__(parent)
        self.setAccessibleName(_("Routine library"))
        self._broken: list[BrokenFile] = []
        self._hold = HoldLength.SHORT
        self._waiting = quick_start  # for finish_start(): nothing in the details pane yet

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(_("Type to filter routines…"))
        self.filter_edit.setAccessibleName(_("Filter routines"))
        if not quick_start:
            self.filter_edit.setClearButtonEnabled(True)  # its icon costs ~5 ms: after the first paint

        self.model = RoutineListModel(self)
        self.proxy = RoutineFilter(self)
        self.proxy.setSourceModel(self.model)
        self.list_view = QListView()
        self.list_view.setModel(self.proxy)
        self.list_view.setItemDelegate(RoutineDelegate(self.list_view))
        self.list_view.setAccessibleName(_("Routines"))
        self.list_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list_view.setUniformItemSizes(True)

        self.empty_label = QLabel(_("No routine matches the filter."))
        self.empty_label.hide()  # centred by _wire_the_rest(): a start shows it only when typed into

        left = QWidget()
        self._left_layout = left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter_edit)
        left_layout.addWidget(self.list_view, 1)
        left_layout.addWidget(self.empty_label)
        # The broken files' box, list and button, made when there is a broken file to show.
        self._broken_box: tuple[QGroupBox, QListWidget, QPushButton] | None = None

        self.details = QTextBrowser()
        self.details.setAccessibleName(_("Routine details"))
        self.details.setOpenLinks(False)
        self.details.anchorClicked.connect(self._link)
        self._left_out: tuple[str, ...] = ()  # "routine-id/exercise" keys, as in the settings
        self.start_button = QPushButton(_("Start"))
        self.start_button.setAccessibleName(_("Start routine"))
        self.start_button.setToolTip(_("Start the selected routine (Enter)"))
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
        self.list_view.activated.connect(lambda _index: self.start_selected())
        self.setFocusProxy(self.filter_edit)
        if not quick_start:
            self._wire_the_rest()

    def finish_start(self) -> None:
        """What a ``quick_start`` page leaves until after the first paint: the details, the clear button."""
        if not self._waiting:
            return
        self._waiting = False
        self.filter_edit.setClearButtonEnabled(True)
        self._wire_the_rest()
        self._current_changed(QModelIndex(), QModelIndex())

    def _wire_the_rest(self) -> None:
        """What a first paint never needs, each of which makes PySide6 build a Qt class's enums."""
        # Every event of a watched widget passes through Python: the first show has dozens.
        self.filter_edit.installEventFilter(self)
        self.list_view.installEventFilter(self)
        # Before the first paint the selection is only ever the first row's, with Start enabled.
        self.list_view.selectionModel().currentChanged.connect(self._current_changed)
        self.empty_label.setProperty("alignment", ALIGN_CENTER)  # without building Qt's namespace

    @property
    def broken_box(self) -> QGroupBox:
        """The files that could not be read, under the list (made the first time there are some)."""
        return self._broken_parts()[0]

    @property
    def broken_list(self) -> QListWidget:
        return self._broken_parts()[1]

    @property
    def problems_button(self) -> QPushButton:
        return self._broken_parts()[2]

    def _broken_parts(self) -> tuple[QGroupBox, QListWidget, QPushButton]:
        if self._broken_box is None:
            from PySide6.QtWidgets import QGroupBox, QListWidget  # noqa: PLC0415 - most starts need neither

            box = QGroupBox(_("Files with problems"))
            listing = QListWidget()
            listing.setAccessibleName(_("Routine files with problems"))
            listing.setMaximumHeight(110)
            button = QPushButton(_("Show all problems…"))
            button.setAccessibleName(_("Show all problems"))
            button.clicked.connect(self.show_problems)
            broken_layout = QVBoxLayout(box)
            broken_layout.addWidget(listing)
            problems_row = QHBoxLayout()
            problems_row.addStretch(1)
            problems_row.addWidget(button)
            broken_layout.addLayout(problems_row)
            box.hide()
            self._left_layout.addWidget(box)
            self._broken_box = (box, listing, button)
        return self._broken_box

    # -- data ----------------------------------------------------------------------------
    def set_library(self, library: Library, *, select: str | None = None) -> None:
        selected = self.selected_entry()
        current = select or (selected.summary.id if selected is not None else None)
        self.model.set_entries(library.entries)
        self._broken = list(library.broken)
        if self._broken or library.notices or self._broken_box is not None:
            box, listing, _button = self._broken_parts()
            listing.clear()
            for notice in library.notices:  # a folder that cannot be read hides all its routines
                listing.addItem(notice)
            for item in self._broken:
                listing.addItem(broken_summary(item))
            box.setTitle(_("Files with problems ({n})").format(n=len(self._broken) + len(library.notices)))
            box.setVisible(bool(self._broken or library.notices))
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
        if entry is not None and not self._waiting:
            self.details.setHtml(self._details(entry))

    def set_left_out(self, keys: tuple[str, ...]) -> None:
        """The exercises left out after a sharp pain ("routine-id/exercise", as in the settings)."""
        if keys == self._left_out:
            return
        self._left_out = keys
        entry = self.selected_entry()
        if entry is not None and not self._waiting:
            self.details.setHtml(self._details(entry))

    def _details(self, entry: RoutineEntry) -> str:
        from stretchapp.ui.library.details import details_html  # noqa: PLC0415 - after the first paint

        prefix = f"{entry.routine.id}/"
        names = tuple(key[len(prefix) :] for key in self._left_out if key.startswith(prefix))
        return details_html(entry, self._hold, names)

    def _link(self, url: QUrl) -> None:
        entry = self.selected_entry()
        text = url.toString()
        from stretchapp.ui.library.details import BRING_BACK  # noqa: PLC0415 - loaded with the details

        if entry is None or not text.startswith(BRING_BACK):
            return
        number = text.removeprefix(BRING_BACK)
        exercises = entry.routine.exercises
        if number.isdigit() and int(number) < len(exercises):
            self.bringBackRequested.emit(entry.routine.id, exercises[int(number)].name)

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
        if self._waiting:
            self.start_button.setEnabled(entry is not None)
            return
        if entry is None:
            empty = _("Add a routine with Routine ▸ New") if self.model.rowCount() == 0 else ""
            self.details.setHtml(f"<p>{empty}</p>")
        else:
            self.details.setHtml(self._details(entry))
        self.start_button.setEnabled(entry is not None)
        self.selectionChanged.emit(entry)

    def start_selected(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            self.startRequested.emit(entry)

    def show_problems(self) -> None:
        problems_dialog(self._broken, self).open()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        from PySide6.QtGui import QKeyEvent  # noqa: PLC0415 - the filter is installed after the first paint

        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        from PySide6.QtCore import Qt  # noqa: PLC0415 - built at the first key, not before the first paint

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
