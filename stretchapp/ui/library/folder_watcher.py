"""Watching the person's routine folder, so the library follows files edited elsewhere.

QFileSystemWatcher reports a folder when files appear, vanish or are renamed over (how
most editors save), but not when a file in it is rewritten in place. For that, a folder of
a usual size also has each routine file watched (re-watched after every change, since a
rename drops a file's watch). A folder of thousands of files is watched as a folder only,
and its files' sizes and times are compared every few seconds instead: thousands of file
watches cost more at start-up than the whole library, and can exhaust the system's limit.
Bursts of events (a save is often several) are folded into one ``changed`` signal.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from stretchapp.core.logger import get_logger

log = get_logger(__name__)

SETTLE_MS = 250  # quiet time after the last event before the library reloads
MAX_FILE_WATCHES = 256  # past this, the folder is watched and its files compared on a timer
POLL_MS = 5000


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
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._compare)
        self._stamps: dict[str, tuple[int, int]] = {}
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            log.warning("cannot create %s to watch it: %s", folder, error)
        self._rewatch()

    def stop(self) -> None:
        self._settle.stop()
        self._poll.stop()
        watched = self._watcher.files() + self._watcher.directories()
        if watched:
            self._watcher.removePaths(watched)

    def watched(self) -> list[str]:
        return sorted(self._watcher.files() + self._watcher.directories())

    def _rewatch(self) -> None:
        files = self._routine_files()
        wanted = {str(self.folder)} if self.folder.is_dir() else set()
        many = len(files) > MAX_FILE_WATCHES
        if not many:
            wanted.update(files)
        current = set(self._watcher.files() + self._watcher.directories())
        if stale := sorted(current - wanted):
            self._watcher.removePaths(stale)
        if new := sorted(wanted - current):
            self._watcher.addPaths(new)
        self._stamps = files if many else {}
        if many and not self._poll.isActive():
            self._poll.start()
        elif not many:
            self._poll.stop()

    def _routine_files(self) -> dict[str, tuple[int, int]]:
        found: dict[str, tuple[int, int]] = {}
        try:
            with os.scandir(self.folder) as listing:
                for item in listing:
                    if os.path.splitext(item.name)[1].lower() in {".yaml", ".yml"}:  # noqa: PTH122 - thousands of names
                        with contextlib.suppress(OSError):
                            info = item.stat()
                            found[item.path] = (info.st_size, info.st_mtime_ns)
        except OSError:
            return {}
        return found

    def _compare(self) -> None:
        now = self._routine_files()
        if now != self._stamps:
            self._stamps = now
            self._settle.start()

    def _touched(self, _path: str) -> None:
        self._settle.start()

    def _settled(self) -> None:
        self._rewatch()
        self.changed.emit()
