"""The History view: today's and this week's minutes, the streak, each routine, the last 14 days.

With a daily goal set (:meth:`HistoryView.set_goal`) a fourth tile shows today against it and
on how many of the last days it was met.

The view shows a :class:`~stretchapp.core.stats.HistoryStats` it is given; it reads no files
itself (in the app the figures come from the history thread, ``service.py``).
:func:`load_history_view` is the one-call way to read the history and show it, for tools
and tests: it reads read-only, or through a store it is given, passing on its notice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QPalette, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stretchapp.core import text as words
from stretchapp.core.checkin import CHECKIN_DAYS, ExerciseDays, Feeling, exercise_days
from stretchapp.core.i18n import N_, _, ngettext
from stretchapp.core.keep import goal_days_text, goal_progress
from stretchapp.core.kinds import PhaseKind
from stretchapp.core.stats import CHART_DAYS, HistoryStats, compute_stats
from stretchapp.storage.history import HistoryStore, HistoryUnreadableError, load_history
from stretchapp.ui.common import theme
from stretchapp.ui.history.chart import HistoryChart

NO_SESSIONS = N_("Nothing recorded yet. Every routine you finish or stop is counted here.")


def rehearsals_note(n: int) -> str:
    """Rehearsals are in the history but in no figure: say how many, and why they are left out."""
    return ngettext(
        "{n} rehearsal at a changed speed is not counted in these figures.",
        "{n} rehearsals at a changed speed are not counted in these figures.",
        n,
    ).format(n=n)


def _muted(label: QLabel) -> QLabel:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, theme.muted_text(palette))
    label.setPalette(palette)
    return label


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


class StatTile(QFrame):
    """One figure in large type, with what it is above and a detail below."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = caption
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(2)
        self.caption_label = _muted(QLabel(caption))
        self.value_label = QLabel()
        self.detail_label = _muted(QLabel())
        self.detail_label.setWordWrap(True)
        bold = QFont(self.value_label.font())
        bold.setBold(True)
        self.value_label.setFont(bold)
        for label in (self.caption_label, self.value_label, self.detail_label):
            layout.addWidget(label)
        layout.addStretch(1)

    def set_value(self, value: str, detail: str = "") -> None:
        self.value_label.setText(value)
        self.detail_label.setText(detail)
        self.detail_label.setVisible(bool(detail))
        self.setAccessibleName(f"{self.caption}: {value}")
        self.setAccessibleDescription(detail)

    def set_value_pixel_size(self, pixels: int) -> None:
        font = QFont(self.value_label.font())
        font.setPixelSize(pixels)
        self.value_label.setFont(font)
        self._layout.invalidate()
        self.updateGeometry()


class HistoryView(QWidget):
    """The history at a glance; call :meth:`set_stats` again after each session."""

    def __init__(
        self, stats: HistoryStats | None = None, *, notice: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Stretch history"))
        self._outer = outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 16, 18, 16)
        outer.setSpacing(12)

        self.notice_label = QLabel()
        self.notice_label.setWordWrap(True)
        self.notice_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.notice_label.setMargin(8)
        self.notice_label.setAccessibleName(_("History notice"))
        self.notice_label.hide()
        outer.addWidget(self.notice_label)

        tiles = QHBoxLayout()
        tiles.setSpacing(12)
        self.today_tile = StatTile(_("Today"))
        self.week_tile = StatTile(_("This week"))
        self.streak_tile = StatTile(_("Streak"))
        self.goal_tile = StatTile(_("Daily goal"))
        self.goal_tile.hide()
        self._goal_minutes = 0
        for tile in (self.today_tile, self.week_tile, self.streak_tile, self.goal_tile):
            tiles.addWidget(tile)
        outer.addLayout(tiles)
        self.future_label = _muted(QLabel())
        self.future_label.setWordWrap(True)
        self.future_label.hide()
        outer.addWidget(self.future_label)

        chart_title = _heading(
            ngettext("Minutes per day, last {n} day", "Minutes per day, last {n} days", CHART_DAYS).format(
                n=CHART_DAYS
            )
        )
        self.chart = HistoryChart()
        self.chart.setAccessibleName(
            ngettext(
                "Stretching minutes, last {n} day", "Stretching minutes, last {n} days", CHART_DAYS
            ).format(n=CHART_DAYS)
        )
        chart_title.setBuddy(self.chart)
        outer.addWidget(chart_title)
        outer.addWidget(self.chart, 3)

        routines_title = _heading(_("By routine"))
        self.routines = QTreeWidget()
        self.routines.setAccessibleName(_("Sessions by routine"))
        self.routines.setColumnCount(5)
        self.routines.setHeaderLabels(
            [_("Routine"), _("Sessions"), _("Finished"), _("Minutes"), _("Holds skipped")]
        )
        self.routines.headerItem().setToolTip(
            2, _("Routines played to the end with at least 80 % of their hold time held")
        )
        self.routines.setRootIsDecorated(False)
        self.routines.setUniformRowHeights(True)
        self.routines.setAlternatingRowColors(True)
        self.routines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.routines.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.routines.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        routines_title.setBuddy(self.routines)
        self.empty_label = _muted(QLabel(_(NO_SESSIONS)))
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(routines_title)
        outer.addWidget(self.routines, 1)
        outer.addWidget(self.empty_label, 1)
        self.setTabOrder(self.chart, self.routines)

        self.checkins_title = _heading(
            _("How each exercise felt, last {days}").format(days=words.days(CHECKIN_DAYS))
        )
        self.checkins = QTreeWidget()
        self.checkins.setAccessibleName(_("Check-ins by exercise"))
        self.checkins.setRootIsDecorated(False)
        self.checkins.setUniformRowHeights(True)
        self.checkins.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.checkins.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.checkins_title.setBuddy(self.checkins)
        self.checkins_key = _muted(
            QLabel(" · ".join(f"{feeling.key} {feeling.label}" for feeling in Feeling))
        )
        for widget in (self.checkins_title, self.checkins_key):
            outer.addWidget(widget)
        outer.addWidget(self.checkins, 1)
        self.setTabOrder(self.routines, self.checkins)
        self.set_checkins(())

        # A window of its own: Esc and Ctrl+W close it, as they close other windows.
        closing = {QKeySequence(Qt.Key.Key_Escape), QKeySequence("Ctrl+W")}
        closing.update(QKeySequence.keyBindings(QKeySequence.StandardKey.Close))  # Ctrl+F4 on some desktops
        for sequence in closing:
            shortcut = QShortcut(sequence, self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self._close_window)

        self._stats: HistoryStats | None = None
        if stats is not None:
            self.set_stats(stats, notice=notice)
        else:
            self.set_notice(notice)

    # -- inputs -----------------------------------------------------------------------
    def set_notice(self, notice: str | None) -> None:
        self.notice_label.setText(notice or "")
        self.notice_label.setVisible(bool(notice))

    def set_stats(self, stats: HistoryStats, *, notice: str | None = None) -> None:
        self._stats = stats
        self.set_notice(notice)
        self.today_tile.set_value(words.minutes(stats.today_minutes), words.day(stats.today, short=True))
        self.week_tile.set_value(
            words.minutes(stats.week_minutes),
            _("since {day}").format(day=words.day(stats.week_start, short=True)),
        )
        days = words.days(stats.streak_days)
        if stats.streak_days == 0:
            streak_detail = _("Finish a routine to start one")
        elif stats.done_today:
            streak_detail = _("Today included")
        else:
            streak_detail = _("Finish a routine today to keep it going")
        self.streak_tile.set_value(days, streak_detail)
        self.streak_tile.setAccessibleDescription(words.streak(stats.streak_days, stats.done_today))
        self.chart.set_series(list(stats.last_days))
        notes = [words.future_sessions(stats.future_sessions)] if stats.future_sessions else []
        if stats.rehearsals:
            notes.append(rehearsals_note(stats.rehearsals))
        self.future_label.setText("\n".join(notes))
        self.future_label.setVisible(bool(notes))
        self._fill_routines(stats)
        self._show_goal()

    def set_goal(self, minutes: int) -> None:
        """The daily goal in minutes (0: none, and no goal tile)."""
        self._goal_minutes = minutes
        self._show_goal()

    def _show_goal(self) -> None:
        stats = self._stats
        progress = goal_progress(self._goal_minutes, stats.last_days, stats.today) if stats else None
        self.goal_tile.setVisible(progress is not None)
        if progress is None:
            return
        value = _("{done} of {goal}").format(
            done=words.minutes(progress.today_minutes), goal=words.minutes(progress.goal_minutes)
        )
        self.goal_tile.set_value(value, goal_days_text(progress))

    def _fill_routines(self, stats: HistoryStats) -> None:
        self.routines.clear()
        items = []
        for tally in stats.routines:
            item = QTreeWidgetItem(
                [
                    tally.title,
                    str(tally.sessions),
                    str(tally.completed),
                    words.minutes(tally.minutes),
                    str(tally.holds_skipped),
                ]
            )
            item.setToolTip(0, tally.routine_id)
            for column in (1, 2, 3, 4):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            items.append(item)
        self.routines.addTopLevelItems(items)
        has_sessions = stats.total_sessions > 0
        self.routines.setVisible(has_sessions)
        self.empty_label.setVisible(not has_sessions)

    def set_checkins(self, exercises: Sequence[ExerciseDays]) -> None:
        """Each exercise's answers per day (the digits of the keys 1 to 4), oldest day first."""
        self.checkins.clear()
        shown = bool(exercises)
        for widget in (self.checkins_title, self.checkins_key, self.checkins):
            widget.setVisible(shown)
        if not shown:
            return
        days = [day for day, _feelings in exercises[0].days]
        self.checkins.setColumnCount(len(days) + 1)
        self.checkins.setHeaderLabels([_("Exercise"), *(words.weekday_initial(day) for day in days)])
        header = self.checkins.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, day in enumerate(days, start=1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
            self.checkins.headerItem().setToolTip(column, words.day(day))
        for exercise in exercises:
            item = QTreeWidgetItem(
                [_("{exercise} ({routine})").format(exercise=exercise.exercise, routine=exercise.title)]
            )
            for column, (day, feelings) in enumerate(exercise.days, start=1):
                if not feelings:
                    continue
                item.setText(column, " ".join(str(feeling.key) for feeling in feelings))
                worst = max(feelings, key=lambda feeling: feeling.key)
                item.setForeground(column, QBrush(_feeling_colour(worst, self.palette())))
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignCenter)
                said = ", ".join(feeling.label for feeling in feelings)
                item.setToolTip(column, f"{words.day(day)}: {said}")
                item.setData(column, Qt.ItemDataRole.AccessibleTextRole, f"{words.day(day)}: {said}")
            self.checkins.addTopLevelItem(item)

    @property
    def stats(self) -> HistoryStats | None:
        return self._stats

    def _close_window(self) -> None:
        if self.isWindow():
            self.close()

    # -- scaling ----------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        pixels = max(20, min(48, round(self.height() * 0.055)))
        if pixels != self.today_tile.value_label.font().pixelSize():
            for tile in (self.today_tile, self.week_tile, self.streak_tile, self.goal_tile):
                tile.set_value_pixel_size(pixels)
            # The layout placed the tiles for the old type size before this event came.
            self._outer.invalidate()
            self._outer.activate()


def _feeling_colour(feeling: Feeling, palette: QPalette) -> QColor:
    """Green to red as the answers get worse; the digit says the same for those who cannot tell colours."""
    if feeling.eases_off:
        return (
            theme.accent(palette, PhaseKind.PREPARE)
            if feeling is Feeling.UNCOMFORTABLE
            else QColor("#d0342c")
        )
    return theme.accent(palette, PhaseKind.REST if feeling is Feeling.EASY else PhaseKind.HOLD)


def load_history_view(
    store: HistoryStore | None = None, *, now: datetime | None = None, parent: QWidget | None = None
) -> HistoryView:
    """Show the history: the default database read-only, unless ``store`` is given (blocks)."""
    if store is not None:
        return HistoryView(store.stats(now=now), notice=store.notice, parent=parent)
    try:
        records = load_history().records
    except HistoryUnreadableError as error:
        return HistoryView(
            compute_stats([], now=now),
            notice=_("Your stretch history cannot be read: {reason}.").format(reason=error.reason),
            parent=parent,
        )
    view = HistoryView(compute_stats(records, now=now), parent=parent)
    if view.stats is not None:
        view.set_checkins(
            exercise_days(((r.routine_id, r.title, r.checkins) for r in records), view.stats.today)
        )
    return view
