"""Logging set-up: where the app's log records go, a log file in the user's state folder (no Qt).

Every part of the app logs through ``get_logger(__name__)`` (:mod:`stretchapp.core.logger`),
a stand-in that imports :mod:`logging` when it is first used; this module decides where
those lines go. Nothing is set up at import, and the log file is found, made and opened
only when the first record arrives. The set-up itself waits for the first use of a logger
(unless ``logging`` is loaded already), so a quick command (``validate``, ``list``,
``plan``, ``pack``) that goes well never imports ``logging`` and writes nothing, and one
that fails still leaves its traceback in the file. A quick command keeps only warnings and
errors. When the file cannot be opened, the records go to standard error and the app still
runs. The app keeps its information lines too, and once its first window is painted it
sets up (if nothing has logged yet) and switches to a rotating file with
:func:`rotate_from_now`: rotating, with ``logging.handlers``, costs more than a whole quick
command. (PySide6 imports ``logging`` itself, so for the app the wait saves only the set-up.)
"""

from __future__ import annotations

import sys
from pathlib import Path

from stretchapp.core import logger

MAX_LOG_BYTES = 512 * 1024
LOG_BACKUPS = 3


def rotate_from_now() -> None:
    """Write to the rotating log file from now on (the app, once painted); left as is if it cannot."""
    logger.set_up_now()
    import logging  # noqa: PLC0415 - see the module's docstring
    from logging.handlers import RotatingFileHandler  # noqa: PLC0415 - only the app rotates

    from stretchapp.platform.log_handlers import FORMAT, FileOnFirstRecord  # noqa: PLC0415
    from stretchapp.storage import paths  # noqa: PLC0415

    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, FileOnFirstRecord):
            try:
                path = paths.log_file()
                path.parent.mkdir(parents=True, exist_ok=True)
                rotating = RotatingFileHandler(
                    path, maxBytes=MAX_LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
                )
            except OSError:
                continue
            rotating.setFormatter(logging.Formatter(FORMAT))
            root.addHandler(rotating)
            root.removeHandler(handler)
            handler.close()


def setup_logging(*, verbose: bool = False, quick: bool = False) -> None:
    """Route log records to the log file (and to stderr when ``verbose``).

    ``quick`` (a command rather than the app) keeps only warnings and errors unless
    ``verbose``; nothing is opened until a record is kept, and while ``logging`` is not
    loaded yet the set-up itself waits for the first use of a logger (or :func:`rotate_from_now`).
    """
    if "logging" not in sys.modules:
        logger.before_first_use(lambda: _set_up(verbose=verbose, quick=quick))
    else:
        logger.before_first_use(None)  # an earlier wish would undo this one
        _set_up(verbose=verbose, quick=quick)


def _set_up(*, verbose: bool, quick: bool) -> None:
    import logging  # noqa: PLC0415 - see the module's docstring

    from stretchapp.platform.log_handlers import TERMINAL_FORMAT, FileOnFirstRecord  # noqa: PLC0415

    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.WARNING if quick else logging.INFO)
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(FileOnFirstRecord(stderr_instead=not verbose))
    if verbose:
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(logging.Formatter(TERMINAL_FORMAT))
        root.addHandler(stream)


def log_file() -> Path | None:
    """The file the log records have gone to, or None (none kept yet, or no file could be opened)."""
    if "logging" not in sys.modules:  # so nothing was logged
        return None
    import logging  # noqa: PLC0415

    from stretchapp.platform.log_handlers import FileOnFirstRecord  # noqa: PLC0415

    for handler in logging.getLogger().handlers:
        if isinstance(handler, FileOnFirstRecord) and handler.path is not None:
            return handler.path
        if isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename)
    return None
