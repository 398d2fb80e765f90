"""Watching the person's routine folder, so the library follows files edited elsewhere.

QFileSystemWatcher reports a folder when files appear or vanish, and a file when it
changes; editors that save by writing a new file and renaming it over the old one make
the watch on that file go away, so the file list is re-watched after every change. Bursts
of events (a save is often several) are folded into one ``changed`` signal.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

log = logging.getLogger(__name__)

SETTLE_MS = 250  # quiet time after the last event before the library reloads


class FolderWatcher(QObject):
    """Emits ``changed`` once things settle after routine files appear, change or vanish."""

    changed = Signal()

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self._watcher = QFileSystemWatcher(self)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._settled)
        self._watcher.directoryChanged.connect(self._touched)
        self._watcher.fileChanged.connect(self._touched)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            log.warning("cannot create %s to watch it: %s", folder, error)
        self._rewatch()

    def stop(self) -> None:
        self._settle.stop()
        watched = self._watcher.files() + self._watcher.directories()
        if watched:
            self._watcher.removePaths(watched)

    def watched(self) -> list[str]:
        return sorted(self._watcher.files() + self._watcher.directories())

    def _rewatch(self) -> None:
        wanted = set()
        if self.folder.is_dir():
            wanted.add(str(self.folder))
            wanted.update(str(p) for p in self.folder.iterdir() if p.suffix.lower() in {".yaml", ".yml"})
        current = set(self._watcher.files() + self._watcher.directories())
        if stale := sorted(current - wanted):
            self._watcher.removePaths(stale)
        if new := sorted(wanted - current):
            self._watcher.addPaths(new)

    def _touched(self, _path: str) -> None:
        self._settle.start()

    def _settled(self) -> None:
        self._rewatch()
        self.changed.emit()
