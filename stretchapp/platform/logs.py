"""Logging set-up: a rotating log file in the user's state folder (no Qt).

Every part of the app logs through ``logging.getLogger(__name__)``; this module decides
where those lines go. When the log folder cannot be created the app still runs, logging
to standard error only. A quick command (``validate``, ``list``, ``plan``) gets a plain file
handler that opens the file only if something is logged: rotating and importing
``logging.handlers`` cost more than the whole command. The app starts the same way and
switches to the rotating file with :func:`rotate_from_now` once its first window is painted.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from stretchapp.storage import paths

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MAX_LOG_BYTES = 512 * 1024
LOG_BACKUPS = 3


def _rotating(target: Path) -> logging.Handler:
    from logging.handlers import RotatingFileHandler  # noqa: PLC0415 - only the app rotates

    return RotatingFileHandler(target, maxBytes=MAX_LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8")


def rotate_from_now() -> None:
    """Replace a quick start's plain log file handler by the rotating one (the app, once painted)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if type(handler) is logging.FileHandler:
            rotating = _rotating(Path(handler.baseFilename))
            rotating.setFormatter(handler.formatter)
            root.addHandler(rotating)
            root.removeHandler(handler)
            handler.close()


def setup_logging(*, verbose: bool = False, quick: bool = False) -> Path | None:
    """Route log records to the log file (and to stderr when ``verbose``); return the file."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for handler in list(root.handlers):
        root.removeHandler(handler)
    log_path: Path | None = None
    try:
        target = paths.log_file()
        target.parent.mkdir(parents=True, exist_ok=True)
        file_handler: logging.Handler
        if quick:
            file_handler = logging.FileHandler(target, encoding="utf-8", delay=True)
        else:
            file_handler = _rotating(target)
        file_handler.setFormatter(logging.Formatter(_FORMAT))
        root.addHandler(file_handler)
        log_path = target
    except OSError:
        pass
    if verbose or log_path is None:
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        stream.setLevel(logging.DEBUG if verbose else logging.WARNING)
        root.addHandler(stream)
    return log_path
