"""The handler behind the log file: it finds, makes and opens the file for the first record (no Qt).

Imported by :mod:`stretchapp.platform.logs` only when logging is set up, since defining a
handler needs :mod:`logging` itself.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
TERMINAL_FORMAT = "%(levelname)s %(name)s: %(message)s"


class FileOnFirstRecord(logging.Handler):
    """Writes records to the log file, which it finds, makes and opens for the first record."""

    def __init__(self, *, stderr_instead: bool) -> None:
        super().__init__()
        self.path: Path | None = None  # the file, once it is open
        self._stderr_instead = stderr_instead  # when the file cannot be opened
        self._target: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self._target is None:
            self._target = self._open()
        if record.levelno >= self._target.level:
            self._target.emit(record)

    def _open(self) -> logging.Handler:
        from stretchapp.storage import paths  # noqa: PLC0415 - only once there is something to write

        target: logging.Handler
        try:
            path = paths.log_file()
            path.parent.mkdir(parents=True, exist_ok=True)
            target = logging.FileHandler(path, encoding="utf-8")
            target.setFormatter(logging.Formatter(FORMAT))
            self.path = path
        except OSError:
            if not self._stderr_instead:  # the terminal shows every record already (--verbose)
                return logging.NullHandler()
            target = logging.StreamHandler(sys.stderr)
            target.setFormatter(logging.Formatter(TERMINAL_FORMAT))
            target.setLevel(logging.WARNING)  # the app's information lines are for the file only
        return target

    def close(self) -> None:
        if self._target is not None:
            self._target.close()
        super().close()
