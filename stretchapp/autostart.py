"""Start at login: an XDG autostart ``.desktop`` entry, written atomically or removed (no Qt).

The entry runs ``stretchapp --background`` so the app starts in the tray. The command is
the installed ``stretchapp`` script when there is one on PATH, else this Python running
the package (``python -m stretchapp``), so a source checkout works too.
"""

from __future__ import annotations

import logging
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from stretchapp import paths, resources
from stretchapp.fileio import atomic_write_text

log = logging.getLogger(__name__)

FILE_NAME = "stretchapp.desktop"
BACKGROUND_FLAG = "--background"

# Characters that make the Desktop Entry spec require an argument to be quoted.
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def entry_path() -> Path:
    return paths.autostart_dir() / FILE_NAME


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


def desktop_entry(command: Sequence[str] | None = None) -> str:
    """The text of the autostart entry."""
    argv = [*(command or default_command()), BACKGROUND_FLAG]
    exec_line = " ".join(quote_exec_arg(arg) for arg in argv)
    icon = resources.app_icon()
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.5",
        "Name=stretchapp",
        "GenericName=Stretch break reminder",
        "Comment=Reminds you to take a short stretch break and guides you through it",
        f"Exec={_escape_value(exec_line)}",
        f"Icon={_escape_value(str(icon) if icon.exists() else 'stretchapp')}",
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
    return path


def disable() -> bool:
    """Remove the entry; True when there was one."""
    path = entry_path()
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    log.info("autostart: removed %s", path)
    return True


def is_enabled() -> bool:
    return entry_path().is_file()


def apply(start_at_login: bool) -> None:
    """Make the file match the setting (on Linux and other XDG desktops only)."""
    if sys.platform in {"win32", "darwin"}:
        log.info("autostart: not supported on %s yet", sys.platform)
        return
    if start_at_login:
        enable()
    else:
        disable()
