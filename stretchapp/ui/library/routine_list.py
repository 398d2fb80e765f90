"""The list of routines as a Qt item model, a filter proxy, and a two-line item delegate.

Each row is one :class:`~stretchapp.routines.library.RoutineEntry`; the view shows its title, and
under it the exercise count, total time and tags. Typing filters on title, tags and
description. Rows read only the entry's summary, so a long list shows without decoding
every routine; and the roles are Qt's own numbers, so the first window is painted before
the large ``Qt`` namespace is built (about 15 ms).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPointF, QSize, QSortFilterProxyModel
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette, QStaticText
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate

from stretchapp.core import text as words
from stretchapp.core.i18n import ngettext
from stretchapp.core.kinds import HoldLength
from stretchapp.routines.library import RoutineEntry
from stretchapp.ui.common.theme import MUTED_ROLE

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (see docs/architecture.md)
if TYPE_CHECKING:  # each Qt class costs a little to load; these are only named in annotations
    from typing import Any, TypeAlias

    from PySide6.QtCore import QPersistentModelIndex, QRect
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QStyleOptionViewItem, QWidget

# Qt.ItemDataRole and Qt.AlignmentFlag values (fixed by Qt's ABI), see the module's docstring.
DISPLAY_ROLE = 0
TOOLTIP_ROLE = 3
ACCESSIBLE_TEXT_ROLE = 11
USER_ROLE = 0x0100
ALIGN_CENTER = 0x0084  # AlignHCenter | AlignVCenter
ENTRY_ROLE = USER_ROLE + 1
DETAIL_ROLE = USER_ROLE + 2
SEARCH_ROLE = USER_ROLE + 3

_Index: TypeAlias = "QModelIndex | QPersistentModelIndex"


def detail_line(entry: RoutineEntry, hold: HoldLength) -> str:
    """The line under a routine's title: exercises, how long it takes with ``hold``, tags."""
    summary = entry.summary
    parts = [
        ngettext("{n} exercise", "{n} exercises", summary.exercises).format(n=summary.exercises),
        words.duration(summary.total_seconds(hold)),
    ]
    if summary.tags:
        parts.append(", ".join(summary.tags))
    if entry.origin == "user":
        parts.append("yours")
    return " · ".join(parts)


class RoutineListModel(QAbstractListModel):
    """Read-only rows of routines; replaced wholesale when the library reloads."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries: list[RoutineEntry] = []
        self._details: dict[int, str] = {}  # by row, made when a row is first shown
        self._hold = HoldLength.SHORT

    def set_entries(self, entries: list[RoutineEntry]) -> None:
        self.beginResetModel()
        self._entries = sorted(entries, key=lambda e: e.summary.title.casefold())
        self._details = {}
        self.endResetModel()

    def set_hold_length(self, hold: HoldLength) -> None:
        """Show each routine's length with holds of length ``hold``."""
        if hold is self._hold:
            return
        self._hold = hold
        self._details = {}
        if self._entries:
            roles = [DETAIL_ROLE, ACCESSIBLE_TEXT_ROLE]
            self.dataChanged.emit(self.index(0), self.index(len(self._entries) - 1), roles)

    def _detail(self, row: int) -> str:
        detail = self._details.get(row)
        if detail is None:
            detail = self._details[row] = detail_line(self._entries[row], self._hold)
        return detail

    def entry(self, row: int) -> RoutineEntry:
        return self._entries[row]

    def row_of(self, routine_id: str) -> int:
        for row, entry in enumerate(self._entries):
            if entry.summary.id == routine_id:
                return row
        return -1

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: _Index, role: int = DISPLAY_ROLE) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        summary = entry.summary
        if role == DISPLAY_ROLE:
            return summary.title
        if role == ACCESSIBLE_TEXT_ROLE:
            return f"{summary.title}: {self._detail(index.row())}"
        if role == TOOLTIP_ROLE:
            return summary.description or summary.title
        if role == ENTRY_ROLE:
            return entry
        if role == DETAIL_ROLE:
            return self._detail(index.row())
        if role == SEARCH_ROLE:
            return " ".join((summary.title, summary.id, " ".join(summary.tags), summary.description))
        return None


class RoutineFilter(QSortFilterProxyModel):
    """Keeps the rows whose title, id, tags or description contain every typed word."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if not self._words:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        haystack = str(index.data(SEARCH_ROLE) or "").casefold()
        return all(word in haystack for word in self._words)


class RoutineDelegate(QStyledItemDelegate):
    """Title in bold, the detail line below it in a quieter colour."""

    PADDING = 8

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        title = QFont(option.font)
        title.setBold(True)
        title.setPointSizeF(title.pointSizeF() * 1.1)
        detail = QFont(option.font)
        return title, detail

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        title, detail = self._fonts(option)
        height = QFontMetrics(title).height() + QFontMetrics(detail).height() + 3 * self.PADDING
        return QSize(240, height)

    def initStyleOption(self, option: QStyleOptionViewItem, index: _Index) -> None:
        super().initStyleOption(option, index)
        option.text = ""  # the style draws the row's background; paint() draws its two lines

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        super().paint(painter, option, index)
        view = option.widget
        if not isinstance(view, QAbstractItemView):
            return
        title_font, detail_font = self._fonts(option)
        rect: QRect = option.rect.adjusted(self.PADDING * 3 // 2, self.PADDING, -self.PADDING, -self.PADDING)
        # Each line is a QStaticText with its colour in the markup, and the selection is asked of
        # the view: a QPen or QBrush for the colour, QStyle's state flags or the style itself
        # would build PySide6's enum tables (the Qt namespace ~25 ms, QStyle's ~7 ms) in the
        # first paint.
        selected = view.selectionModel().isSelected(index)
        role = QPalette.ColorRole
        palette: QPalette = option.palette
        title_colour = palette.color(role.HighlightedText if selected else role.Text)
        detail_colour = palette.color(role.HighlightedText if selected else MUTED_ROLE)
        title_height = QFontMetrics(title_font).height()
        lines = (
            (title_font, title_colour, str(index.data()), rect.top()),
            (
                detail_font,
                detail_colour,
                str(index.data(DETAIL_ROLE) or ""),
                rect.top() + title_height + self.PADDING // 2,
            ),
        )
        painter.save()
        painter.setClipRect(rect)
        for font, colour, words_shown, top in lines:
            painter.setFont(font)
            line = QStaticText(
                f'<p style="white-space:pre; color:{colour.name(QColor.NameFormat.HexArgb)}">{_escaped(words_shown)}</p>'
            )
            line.prepare(font=font)
            left = rect.right() - line.size().width() if view.isRightToLeft() else rect.left()
            painter.drawStaticText(QPointF(left, top), line)
        painter.restore()


def _escaped(text: str) -> str:
    """``text`` as rich-text markup shows it (the ``html`` module costs a few ms at start)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
