"""The window ``stretchapp`` opens and its menus: the library page, swapped for the player
while a routine runs; leaving the player comes back to the library. Routine packs dropped on
the library are handed on to be imported.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QSize, Signal
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from stretchapp import __version__
from stretchapp.core.i18n import _
from stretchapp.core.keys import KEYS
from stretchapp.ui.library.page import LibraryPage

# Modules named in an import statement after PySide6 is loaded pass through its import hook, which
# reads each one's source: typing and pathlib (170 KB) are left to annotations and later calls.
TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (see docs/architecture.md)
if TYPE_CHECKING:  # each Qt class costs a little to load; these are only named in annotations
    from pathlib import Path

    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeySequence
    from PySide6.QtWidgets import QMenu


class MainWindow(QMainWindow):
    """One window: the library page, swapped for the player while a routine runs."""

    closing = Signal()
    fullscreenChanged = Signal(bool)

    # Fixed, whatever is shown: the player fits itself into any size from here up.
    MINIMUM = QSize(640, 480)
    packsDropped = Signal(list)  # the local .stretchpack files dropped on the library, as Paths

    def __init__(self, parent: QWidget | None = None, *, quick_start: bool = False) -> None:
        """``quick_start``: the menus' entries, and what :class:`LibraryPage` leaves, wait for
        :meth:`finish_start`, to be called once the window is painted."""
        super().__init__(parent)
        self.setWindowTitle("stretchapp")
        self.setAccessibleName("stretchapp")
        self.library_page = LibraryPage(quick_start=quick_start)
        self.player: QWidget | None = None
        self.pages = QStackedWidget()
        self.pages.addWidget(self.library_page)
        self.setCentralWidget(self.pages)
        self.resize(1100, 700)
        self.setMinimumSize(self.MINIMUM)
        self._build_menus()
        if not quick_start:
            self._add_actions()
        self.setAcceptDrops(True)

    def finish_start(self) -> None:
        """What a ``quick_start`` window leaves until after its first paint: the menus' entries, the details.

        The menu bar shows only the menus' titles, so the first paint looks the same; QAction
        and QKeySequence, each with the enums PySide6 builds for it, are loaded only now.
        """
        if not hasattr(self, "start_action"):
            self._add_actions()
        self.library_page.finish_start()

    def set_player(self, player: QWidget) -> None:
        """Add the player page (created on the first start, to keep start-up fast)."""
        self.player = player
        self.pages.addWidget(player)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.routine_menu = bar.addMenu(_("&Routine"))
        self.view_menu = bar.addMenu(_("&View"))
        self.help_menu = bar.addMenu(_("&Help"))

    def _add_actions(self) -> None:
        from PySide6.QtGui import QKeySequence  # noqa: PLC0415 - see finish_start

        self.start_action = self._action(
            self.routine_menu, _("&Start"), "Ctrl+Return", self.library_page.start_selected
        )
        self.routine_menu.addSeparator()
        self.new_action = self._action(
            self.routine_menu, _("&New routine"), QKeySequence.StandardKey.New, None
        )
        self.edit_action = self._action(self.routine_menu, _("&Edit"), "Ctrl+E", None)
        self.duplicate_action = self._action(
            self.routine_menu, _("&Duplicate to my routines"), "Ctrl+D", None
        )
        self.delete_action = self._action(
            self.routine_menu, _("De&lete…"), QKeySequence.StandardKey.Delete, None
        )
        self.routine_menu.addSeparator()
        self.open_folder_action = self._action(self.routine_menu, _("&Open my routine folder"), None, None)
        self.reload_action = self._action(self.routine_menu, _("&Reload routines"), "F5", None)
        self.routine_menu.addSeparator()
        self.settings_action = self._action(self.routine_menu, _("Se&ttings…"), "Ctrl+,", None)
        self.quit_action = self._action(self.routine_menu, _("&Quit"), QKeySequence.StandardKey.Quit, None)
        self.history_action = self._action(self.view_menu, _("&History"), "Ctrl+H", None)
        self.fullscreen_action = self._action(
            self.view_menu, _("&Full screen"), "F11", self.toggle_fullscreen
        )
        # F11 (the window's action) also works while full screen hides the menus.
        self.addAction(self.fullscreen_action)
        self.high_contrast_action = self._action(self.view_menu, _("High &contrast"), "Ctrl+Shift+H", None)
        self.high_contrast_action.setCheckable(True)
        self.keys_action = self._action(self.help_menu, _("&Keyboard keys"), None, self.show_keys)
        self.format_action = self._action(self.help_menu, _("Routine file &format"), None, None)
        self.about_action = self._action(self.help_menu, _("&About stretchapp"), None, self.show_about)

    def _action(
        self,
        menu: QMenu,
        text: str,
        shortcut: str | QKeySequence.StandardKey | None,
        slot: Callable[[], object] | None,
    ) -> QAction:
        from PySide6.QtGui import QAction, QKeySequence  # noqa: PLC0415 - see finish_start

        action = QAction(self)  # QAction(text, parent) would load QIcon for its other overload
        action.setText(text)
        if shortcut is not None:
            # setShortcuts([one]) is setShortcut(one); setShortcut's overloads would build the
            # whole Qt namespace (about 15 ms) before the first paint.
            action.setShortcuts([QKeySequence(shortcut)])
        if slot is not None:
            action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def show_keys(self) -> None:
        import html  # noqa: PLC0415 - loaded when asked for

        from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415 - loaded when asked for

        rows = "".join(
            f"<tr><td><b>{html.escape(_(k))}</b></td><td>{html.escape(_(m))}</td></tr>" for k, m in KEYS
        )
        text = (
            _("<p>In the library: type to filter, Up and Down to choose, Enter to start.</p>")
            + _("<p>While a routine runs:</p>")
            + f"<table cellspacing='6'>{rows}</table>"
        )
        box = QMessageBox(
            QMessageBox.Icon.NoIcon, _("Keyboard keys"), text, QMessageBox.StandardButton.Close, self
        )
        box.open()

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415 - loaded when asked for

        QMessageBox.about(
            self,
            _("About stretchapp"),
            f"<h3>stretchapp {__version__}</h3>"
            + _(
                "<p>A guided stretch timer. Routines are plain YAML files; "
                "yours live in the folder that Routine ▸ Open my routine folder shows.</p>"
                "<p>The bundled stretches are gentle and are not medical treatment. Stop if a stretch hurts.</p>"
            ),
        )

    def present(self) -> None:
        """Bring the window to the front, ready for typing in the filter when it shows the library."""
        self.showNormal()
        self.raise_()
        self.activateWindow()
        if not self.showing_player():
            self.library_page.filter_edit.setFocus()

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

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.WindowStateChange:
            full = self.isFullScreen()
            # Full screen is for following a routine: nothing but the player on screen.
            self.menuBar().setVisible(not full)
            self.statusBar().setVisible(not full)
            self.fullscreenChanged.emit(full)

    def dropped_packs(self, mime: QMimeData) -> list[Path]:
        """The routine packs among dropped files; none while a routine plays."""
        from pathlib import Path  # noqa: PLC0415 - see the imports at the top

        from stretchapp.routines.packs import PACK_SUFFIX  # noqa: PLC0415 - zip reading only when needed

        if self.showing_player() or not mime.hasUrls():
            return []
        return [
            Path(url.toLocalFile())
            for url in mime.urls()
            if url.isLocalFile() and url.toLocalFile().lower().endswith(PACK_SUFFIX)
        ]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.dropped_packs(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.dropped_packs(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        found = self.dropped_packs(event.mimeData())
        if not found:
            event.ignore()
            return
        event.acceptProposedAction()
        self.packsDropped.emit(found)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()
        super().closeEvent(event)
