"""The routine editor: the YAML text, its problems as you type, and a live preview.

The text is the source of truth. Validation runs on a short timer after the last
keystroke (never inside a keystroke), lists every problem with its line and column,
underlines it in the text, and updates the preview: the timeline of the last valid text
with both sides' prompts. Saving is atomic and keeps the previous version; a draft is
written shortly after each change so a crash loses nothing; a change made by another
program is offered for reload.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from stretchapp.core import text as words
from stretchapp.core.i18n import _, ngettext, pgettext
from stretchapp.core.logger import get_logger
from stretchapp.core.model import Routine
from stretchapp.core.timeline import build_timeline
from stretchapp.routines import routine_files
from stretchapp.routines.loader import Problem, check_routine
from stretchapp.storage import drafts
from stretchapp.ui.common.questions import ask_yes_no
from stretchapp.ui.editor.code_editor import CodeEditor
from stretchapp.ui.editor.yaml_highlighter import YamlHighlighter

log = get_logger(__name__)

VALIDATE_MS = 200  # after the last keystroke
DRAFT_MS = 1000
PlayCallback = Callable[[Routine, int, float], None]


class EditorWindow(QMainWindow):
    """Edits one routine file."""

    saved = Signal(object)  # Path

    def __init__(
        self,
        path: Path,
        *,
        play: PlayCallback | None = None,
        text: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.path = path
        self._play = play
        self.routine: Routine | None = None  # the last valid version
        self.problems: list[Problem] = []
        self._disk_text = self._read_disk()
        # Seams for tests; each returns the person's answer.
        self.ask_unsaved: Callable[[], QMessageBox.StandardButton] = self._ask_unsaved
        self.ask_reload: Callable[[], bool] = self._ask_reload
        self.confirm_invalid_save: Callable[[int], bool] = self._confirm_invalid_save
        self._build()
        self.editor.setPlainText(self._disk_text if text is None else text)
        self._dirty = text is not None and text != self._disk_text
        self.editor.textChanged.connect(self._changed)
        self._watcher = QFileSystemWatcher(self)
        if path.exists():
            self._watcher.addPath(str(path))
        self._watcher.fileChanged.connect(self._changed_on_disk)
        self.validate()
        self._update_title()

    # -- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        self.resize(1200, 760)
        self.editor = CodeEditor()
        self.highlighter = YamlHighlighter(self.editor.document(), self.editor.palette())
        self.problem_list = QListWidget()
        self.problem_list.setAccessibleName(_("Problems"))
        self.problem_list.itemActivated.connect(self._jump)
        self.problem_list.itemClicked.connect(self._jump)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(_("Validation status"))
        self.preview = QTreeWidget()
        self.preview.setAccessibleName(_("Preview"))
        self.preview.setHeaderLabels(
            [
                "#",
                _("Phase"),
                _("Exercise"),
                _("Side"),
                _("Rep"),
                pgettext("seconds, a column heading", "s"),
                _("Prompt"),
            ]
        )
        self.preview.setRootIsDecorated(False)
        header = self.preview.header()
        for column in range(6):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.preview.setWordWrap(True)
        self.total = QLabel()
        self.stale = QLabel(_("Showing the last valid version; fix the problems to update the preview."))
        self.stale.setWordWrap(True)
        self.stale.hide()
        self.exercise_choice = QComboBox()
        self.exercise_choice.setAccessibleName(_("Play from exercise"))
        self.speed_choice = QComboBox()
        self.speed_choice.setAccessibleName(_("Play speed"))
        self.speed_choice.addItem(_("Normal speed"), 1.0)
        self.speed_choice.addItem(_("Five times faster"), 5.0)
        self.speed_choice.setToolTip(
            _("A faster run is a rehearsal: the player says so, and it is not counted in your history.")
        )
        self.play_button = QPushButton(_("Play"))
        self.play_button.setAccessibleName(_("Play in the player"))
        self.play_button.clicked.connect(self.play)

        play_row = QHBoxLayout()
        play_row.addWidget(QLabel(_("From:")))
        play_row.addWidget(self.exercise_choice, 1)
        play_row.addWidget(self.speed_choice)
        play_row.addWidget(self.play_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.status)
        right_layout.addWidget(self.problem_list, 1)
        right_layout.addWidget(QLabel("<b>" + _("Preview") + "</b>"))
        right_layout.addWidget(self.stale)
        right_layout.addWidget(self.preview, 3)
        right_layout.addWidget(self.total)
        right_layout.addLayout(play_row)
        splitter = QSplitter()
        splitter.addWidget(self.editor)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.setCentralWidget(splitter)

        menu = self.menuBar().addMenu(_("&File"))
        self.save_action = QAction(_("&Save"), self)
        self.save_action.setShortcut(QKeySequence.StandardKey.Save)
        self.save_action.triggered.connect(self.save)
        menu.addAction(self.save_action)
        insert = self.menuBar().addMenu(_("&Insert"))
        picture = QAction(_("&Picture…"), self)
        picture.setShortcut(QKeySequence("Ctrl+Shift+I"))
        picture.triggered.connect(self.insert_picture)
        insert.addAction(picture)
        close = QAction(_("&Close"), self)
        close.setShortcut(QKeySequence.StandardKey.Close)
        close.triggered.connect(self.close)
        menu.addAction(close)

        self._validate_timer = QTimer(self)
        self._validate_timer.setSingleShot(True)
        self._validate_timer.setInterval(VALIDATE_MS)
        self._validate_timer.timeout.connect(self.validate)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_MS)
        self._draft_timer.timeout.connect(self.write_draft)

    # -- state ---------------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        return self._dirty

    def text(self) -> str:
        return self.editor.toPlainText()

    def _read_disk(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return ""

    def _update_title(self) -> None:
        mark = " •" if self._dirty else ""
        self.setWindowTitle(_("{name}{mark} — stretchapp editor").format(name=self.path.name, mark=mark))

    def _changed(self) -> None:
        self._dirty = True
        self._update_title()
        self._validate_timer.start()
        self._draft_timer.start()

    # -- validation and preview ----------------------------------------------------------
    def validate(self) -> None:
        """Check the text now (the timer calls this shortly after typing stops)."""
        self._validate_timer.stop()
        routine, problems = check_routine(self.text(), self.path)
        self.problems = problems
        self.problem_list.clear()
        for problem in problems:
            hint = f" ({problem.hint})" if problem.hint else ""
            item = QListWidgetItem(f"{problem.line}:{problem.column}  {problem.message}{hint}")
            item.setData(Qt.ItemDataRole.UserRole, (problem.line, problem.column))
            self.problem_list.addItem(item)
        self.editor.set_problems([(p.line, p.column) for p in problems])
        count = len(problems)
        self.status.setText(
            ngettext("{n} problem:", "{n} problems:", count).format(n=count) if count else _("No problems.")
        )
        if routine is not None:
            self.routine = routine
            self._show_preview(routine)
        self.stale.setVisible(routine is None and self.routine is not None)
        self.play_button.setEnabled(self.routine is not None and self._play is not None)

    def _show_preview(self, routine: Routine) -> None:
        timeline = build_timeline(routine)
        items = []
        for number, phase in enumerate(timeline.phases, start=1):
            side = phase.side.value if phase.side else ""
            item = QTreeWidgetItem(
                [
                    str(number),
                    phase.label,
                    phase.exercise,
                    side,
                    f"{phase.rep}/{phase.reps}",
                    str(phase.seconds),
                    phase.prompt,
                ]
            )
            item.setToolTip(6, phase.prompt)
            items.append(item)
        # One batch with painting off: a long routine's preview is rebuilt in one go.
        self.preview.setUpdatesEnabled(False)
        self.preview.clear()
        self.preview.addTopLevelItems(items)
        self.preview.setUpdatesEnabled(True)
        phases = len(timeline.phases)
        self.total.setText(
            ngettext(
                "{n} phase, {duration} in all (short holds).",
                "{n} phases, {duration} in all (short holds).",
                phases,
            ).format(n=phases, duration=words.duration(timeline.total_seconds))
        )
        current = self.exercise_choice.currentIndex()
        self.exercise_choice.clear()
        for exercise in routine.exercises:
            self.exercise_choice.addItem(exercise.name)
        self.exercise_choice.setCurrentIndex(max(0, min(current, len(routine.exercises) - 1)))

    def _jump(self, item: QListWidgetItem) -> None:
        line, column = item.data(Qt.ItemDataRole.UserRole)
        self.editor.go_to(line, column)

    def insert_picture(self) -> None:
        """Choose a drawing and write its name at the cursor (as ``image: name`` on a new line)."""
        from stretchapp.ui.editor.image_picker import ImagePicker  # noqa: PLC0415

        picker = ImagePicker(self.path.parent, self)
        if picker.exec() != ImagePicker.DialogCode.Accepted or not (name := picker.chosen()):
            return
        self.insert_image_line(name)

    def insert_image_line(self, name: str) -> None:
        cursor = self.editor.textCursor()
        line = cursor.block().text()
        indent = line[: len(line) - len(line.lstrip(" -"))].replace("-", " ")
        if line.strip():
            cursor.movePosition(cursor.MoveOperation.EndOfBlock)
            cursor.insertText(f"\n{indent}image: {name}")
        else:
            cursor.insertText(f"image: {name}")
        self.editor.setTextCursor(cursor)

    def play(self) -> None:
        if self.routine is not None and self._play is not None:
            self._play(
                self.routine,
                max(0, self.exercise_choice.currentIndex()),
                float(self.speed_choice.currentData()),
            )

    # -- saving, drafts, other programs --------------------------------------------------
    def save(self) -> bool:
        """Write the file atomically, keeping the previous version; True when saved."""
        self.validate()
        if self.problems and not self.confirm_invalid_save(len(self.problems)):
            return False
        text = self.text()
        try:
            routine_files.save_routine(self.path, text)
        except OSError as error:
            log.warning("could not save %s: %s", self.path, error)
            self.status.setText(
                _("Not saved: {reason}. Your text is still here.").format(reason=error.strerror or error)
            )
            return False
        self._disk_text = text
        self._dirty = False
        drafts.discard_draft(self.path)
        if str(self.path) not in self._watcher.files():
            self._watcher.addPath(str(self.path))
        self._update_title()
        self.saved.emit(self.path)
        return True

    def write_draft(self) -> None:
        if self._dirty:
            try:
                drafts.write_draft(self.path, self.text())
            except OSError as error:
                log.warning("could not write a recovery draft for %s: %s", self.path, error)

    def _changed_on_disk(self, _path: str) -> None:
        on_disk = self._read_disk()
        if self.path.exists() and str(self.path) not in self._watcher.files():
            self._watcher.addPath(str(self.path))  # editors replace files; watch the new one
        if on_disk == self._disk_text or on_disk == self.text():
            return
        if not self._dirty or self.ask_reload():
            self._disk_text = on_disk
            self.editor.setPlainText(on_disk)
            self._dirty = False
            self._update_title()
            self.validate()

    def _ask_reload(self) -> bool:
        return ask_yes_no(
            self,
            _("The file changed"),
            _("{name} was changed by another program. Reload it and lose your changes here?").format(
                name=self.path.name
            ),
        )

    def _confirm_invalid_save(self, count: int) -> bool:
        answer = QMessageBox.warning(
            self,
            _("Save with problems?"),
            ngettext(
                "This routine has {n} problem. It will be saved, "
                "but the library will list it as broken until it is fixed.",
                "This routine has {n} problems. It will be saved, "
                "but the library will list it as broken until they are fixed.",
                count,
            ).format(n=count),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Save

    def _ask_unsaved(self) -> QMessageBox.StandardButton:
        return QMessageBox.question(
            self,
            _("Unsaved changes"),
            _("Save the changes to {name}?").format(name=self.path.name),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._dirty:
            answer = self.ask_unsaved()
            if answer == QMessageBox.StandardButton.Cancel or (
                answer == QMessageBox.StandardButton.Save and not self.save()
            ):
                event.ignore()
                return
            if answer == QMessageBox.StandardButton.Discard:
                drafts.discard_draft(self.path)
        self._validate_timer.stop()
        self._draft_timer.stop()
        super().closeEvent(event)
