"""Logging set-up: a rotating log file in the user's state folder (no Qt).

Every part of the app logs through ``logging.getLogger(__name__)``; this module decides
where those lines go. When the log folder cannot be created the app still runs, logging
to standard error only. A quick command (``validate``, ``list``, ``plan``) gets a plain file
handler that opens the file only if something is logged: rotating and importing
``logging.handlers`` cost more than the whole command.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from stretchapp.storage import paths

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


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
            from logging.handlers import RotatingFileHandler  # noqa: PLC0415 - only the app rotates

            file_handler = RotatingFileHandler(target, maxBytes=512 * 1024, backupCount=3, encoding="utf-8")
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
