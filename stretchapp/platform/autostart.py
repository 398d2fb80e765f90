"""Start at login: an XDG autostart ``.desktop`` entry, written atomically or removed (no Qt).

The entry runs ``stretchapp --background`` so the app starts in the tray. The command is
the installed ``stretchapp`` script when there is one on PATH, else this Python running
the package (``python -m stretchapp``), so a source checkout works too.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from stretchapp.appid import APP_ID, DESKTOP_FILE_NAME
from stretchapp.core import i18n
from stretchapp.core.i18n import N_, _
from stretchapp.core.logger import get_logger
from stretchapp.storage import paths
from stretchapp.storage.fileio import atomic_write_text

log = get_logger(__name__)

FILE_NAME = DESKTOP_FILE_NAME
# Names earlier versions wrote; removed so an upgrade does not start the app twice.
LEGACY_FILE_NAMES = ("stretchapp.desktop",)
BACKGROUND_FLAG = "--background"
# What the desktop's list of startup programs shows, in English and in the chosen language.
GENERIC_NAME = N_("Stretch break reminder")
COMMENT = N_("Reminds you to take a short stretch break and guides you through it")

# Characters that make the Desktop Entry spec require an argument to be quoted.
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def entry_path() -> Path:
    return paths.autostart_dir() / FILE_NAME


def _legacy_paths() -> list[Path]:
    return [paths.autostart_dir() / name for name in LEGACY_FILE_NAMES]


def default_command() -> list[str]:
    """The command that starts this app, without the background flag."""
    script = shutil.which("stretchapp")
    if script:
        return [str(Path(script).resolve())]
    return [sys.executable, "-m", "stretchapp"]


def quote_exec_arg(arg: str) -> str:
    """One argument as the Desktop Entry spec wants it in ``Exec`` (before string escaping)."""
    arg = arg.replace("%", "%%")
    if arg and not (_RESERVED & set(arg)):
        return arg
    inner = "".join("\\" + ch if ch in '"`$\\' else ch for ch in arg)
    return f'"{inner}"'


def _escape_value(value: str) -> str:
    """The spec's escapes for a string value: backslash first, then the control characters."""
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


def exec_value(argv: Sequence[str]) -> str:
    """``argv`` as the value of an ``Exec`` key: each argument quoted, then string-escaped."""
    return _escape_value(" ".join(quote_exec_arg(arg) for arg in argv))


def _localized(key: str, english: str) -> list[str]:
    """``key=english``, and ``key[lang]=...`` in the chosen language when it has a translation."""
    lines = [f"{key}={_escape_value(english)}"]
    shown = _(english)
    if shown != english:
        lines.append(f"{key}[{i18n.language()}]={_escape_value(shown)}")
    return lines


def desktop_entry(command: Sequence[str] | None = None) -> str:
    """The text of the autostart entry, its descriptions also in the chosen language."""
    argv = [*(command or default_command()), BACKGROUND_FLAG]
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.4",
        "Name=stretchapp",
        *_localized("GenericName", GENERIC_NAME),
        *_localized("Comment", COMMENT),
        f"Exec={exec_value(argv)}",
        f"Icon={APP_ID}",
        "Terminal=false",
        "Categories=Utility;",
        "X-GNOME-Autostart-enabled=true",
        "StartupNotify=false",
    ]
    return "\n".join(lines) + "\n"


def enable(command: Sequence[str] | None = None) -> Path:
    """Write the entry (atomically); returns its path. Raises OSError when it cannot be written."""
    path = entry_path()
    atomic_write_text(path, desktop_entry(command))
    log.info("autostart: wrote %s", path)
    for legacy in _legacy_paths():
        _remove(legacy)
    return path


def disable() -> bool:
    """Remove the entry, and any an earlier version wrote; True when there was one."""
    removed = [_remove(path) for path in [entry_path(), *_legacy_paths()]]
    return any(removed)


def _remove(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    log.info("autostart: removed %s", path)
    return True


def is_enabled() -> bool:
    return any(path.is_file() for path in [entry_path(), *_legacy_paths()])


def apply(start_at_login: bool) -> None:
    """Make the file match the setting (on Linux and other XDG desktops only)."""
    if sys.platform in {"win32", "darwin"}:
        log.info("autostart: not supported on %s yet", sys.platform)
        return
    if start_at_login:
        enable()
    else:
        disable()
