"""Logging set-up: where the app's log records go, a log file in the user's state folder (no Qt).

Every part of the app logs through ``logging.getLogger(__name__)``; this module decides
where those lines go. Nothing is set up at import, and the log file is found, made and
opened only when the first record arrives: a quick command (``validate``, ``list``,
``plan``, ``pack``) keeps only warnings and errors, so one that goes well writes nothing,
and one that fails still leaves its traceback in the file. When the file cannot be opened,
the records go to standard error and the app still runs. The app starts the same way (its
information lines included) and switches to a rotating file with :func:`rotate_from_now`
once its first window is painted: rotating, and importing ``logging.handlers``, cost more
than a whole quick command.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_TERMINAL_FORMAT = "%(levelname)s %(name)s: %(message)s"
MAX_LOG_BYTES = 512 * 1024
LOG_BACKUPS = 3


class _FileOnFirstRecord(logging.Handler):
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
            target.setFormatter(logging.Formatter(_FORMAT))
            self.path = path
        except OSError:
            if not self._stderr_instead:  # the terminal shows every record already (--verbose)
                return logging.NullHandler()
            target = logging.StreamHandler(sys.stderr)
            target.setFormatter(logging.Formatter(_TERMINAL_FORMAT))
            target.setLevel(logging.WARNING)  # the app's information lines are for the file only
        return target

    def close(self) -> None:
        if self._target is not None:
            self._target.close()
        super().close()


def _rotating(target: Path) -> logging.Handler:
    from logging.handlers import RotatingFileHandler  # noqa: PLC0415 - only the app rotates

    return RotatingFileHandler(target, maxBytes=MAX_LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")


def rotate_from_now() -> None:
    """Write to the rotating log file from now on (the app, once painted); left as is if it cannot."""
    from stretchapp.storage import paths  # noqa: PLC0415

    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, _FileOnFirstRecord):
            try:
                path = paths.log_file()
                path.parent.mkdir(parents=True, exist_ok=True)
                rotating = _rotating(path)
            except OSError:
                continue
            rotating.setFormatter(logging.Formatter(_FORMAT))
            root.addHandler(rotating)
            root.removeHandler(handler)
            handler.close()


def setup_logging(*, verbose: bool = False, quick: bool = False) -> None:
    """Route log records to the log file (and to stderr when ``verbose``).

    ``quick`` (a command rather than the app) keeps only warnings and errors unless
    ``verbose``; nothing is opened until a record is kept.
    """
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.WARNING if quick else logging.INFO)
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(_FileOnFirstRecord(stderr_instead=not verbose))
    if verbose:
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(logging.Formatter(_TERMINAL_FORMAT))
        root.addHandler(stream)


def log_file() -> Path | None:
    """The file the log records have gone to, or None (none kept yet, or no file could be opened)."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, _FileOnFirstRecord) and handler.path is not None:
            return handler.path
        if isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename)
    return None
