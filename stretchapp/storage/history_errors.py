"""Why the history could not be read or written, named as a person can act on it (no Qt).

SQLite gives each failure a code (``sqlite_errorcode``, the extended code, on Python 3.11+)
and the system an ``errno``; both are mapped here to one :class:`Cause`. Only
:attr:`Cause.DAMAGED` means the file itself is bad: a database that is locked by another
program, on a full disk, or out of reach of this account is healthy and is never set aside.
Python 3.10 has no codes on its errors, so there the message is read instead.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from enum import Enum
from pathlib import Path

from stretchapp.core.i18n import N_, _


class Cause(Enum):
    """What kept the history from being read or written."""

    LOCKED = N_("it is locked by another program")
    FULL = N_("the disk is full")
    PERMISSION = N_("permission denied")
    READ_ONLY = N_("it is in a read-only folder or file")
    MISSING = N_("its folder is missing")
    DAMAGED = N_("it is damaged or is not a stretch history")
    NEWER = N_("it was made by a newer stretchapp")
    OTHER = N_("it cannot be opened")

    @property
    def words(self) -> str:
        """The cause in the chosen language."""
        return _(str(self.value))


# SQLite's primary result codes (the low byte of an extended code).
_SQLITE_PERM = 3
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_AUTH = 23
_SQLITE_NOTADB = 26

_BY_CODE = {
    _SQLITE_PERM: Cause.PERMISSION,
    _SQLITE_AUTH: Cause.PERMISSION,
    _SQLITE_BUSY: Cause.LOCKED,
    _SQLITE_LOCKED: Cause.LOCKED,
    _SQLITE_READONLY: Cause.READ_ONLY,
    _SQLITE_CORRUPT: Cause.DAMAGED,
    _SQLITE_NOTADB: Cause.DAMAGED,
    _SQLITE_FULL: Cause.FULL,
}
# What each message says on Python 3.10, where errors carry no code.
_BY_MESSAGE = (
    ("locked", Cause.LOCKED),
    ("busy", Cause.LOCKED),
    ("disk is full", Cause.FULL),
    ("readonly", Cause.READ_ONLY),
    ("read-only", Cause.READ_ONLY),
    ("not a database", Cause.DAMAGED),
    ("malformed", Cause.DAMAGED),
    ("not authorized", Cause.PERMISSION),
)
_BY_ERRNO = {
    errno.ENOSPC: Cause.FULL,
    errno.EDQUOT: Cause.FULL,
    errno.EACCES: Cause.PERMISSION,
    errno.EPERM: Cause.PERMISSION,
    errno.EROFS: Cause.READ_ONLY,
    errno.ENOENT: Cause.MISSING,
    errno.ENOTDIR: Cause.MISSING,
    errno.EISDIR: Cause.DAMAGED,
}


def sqlite_code(error: BaseException) -> int | None:
    """SQLite's primary result code for ``error``, or None where it carries none."""
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def cause_of(error: BaseException, path: Path | None = None) -> Cause:
    """What ``error`` means for the history file at ``path``.

    "Unable to open" says nothing of the reason, so the file is looked at: unreadable by this
    account, gone with its folder, a folder in its place, or beside a folder that cannot
    take SQLite's companion files.
    """
    if isinstance(error, OSError) and not isinstance(error, sqlite3.Error):
        return _BY_ERRNO.get(error.errno or 0, Cause.OTHER)
    code = sqlite_code(error)
    if code in _BY_CODE:
        return _BY_CODE[code]
    message = str(error).lower()
    if code == _SQLITE_CANTOPEN or "unable to open" in message:
        return _probe(path)
    if code == _SQLITE_IOERR:
        return Cause.OTHER
    for words, cause in _BY_MESSAGE:
        if words in message:
            return cause
    return Cause.OTHER


def _probe(path: Path | None) -> Cause:
    """Why SQLite could not open ``path``, found by opening it (for reading only) ourselves."""
    if path is None:
        return Cause.OTHER
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        if error.errno == errno.ENOENT and path.parent.is_dir():
            return Cause.OTHER
        return _BY_ERRNO.get(error.errno or 0, Cause.OTHER)
    os.close(fd)
    if not os.access(path.parent, os.W_OK):
        return Cause.READ_ONLY
    return Cause.OTHER


def is_damage(error: BaseException, path: Path) -> bool:
    """Whether ``error`` means the file itself is bad, so that setting it aside is right.

    Only SQLite's own verdict on the content counts ("file is not a database" from its
    header, "malformed" from its pages or an integrity check), or a folder in the file's
    place, and only for a file this account can read: a healthy file that is locked, on a
    full disk or out of reach is never set aside.
    """
    if path.is_dir():
        return True
    if cause_of(error, path) is not Cause.DAMAGED:
        return False
    try:
        os.close(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)))
    except OSError:
        return False
    return True


def reason(error: BaseException, path: Path | None = None) -> str:
    """A short clause naming the cause of ``error``, for a notice or one line in a terminal."""
    cause = cause_of(error, path)
    if cause is Cause.OTHER:
        return _("{cause}: {detail}").format(cause=cause.words, detail=_detail(error))
    return cause.words


def _detail(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return str(error.strerror)
    return str(error) or type(error).__name__
