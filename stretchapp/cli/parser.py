"""The ``stretchapp`` command's arguments: every sub-command's parser, its help in the chosen language.

Built only when a command is given (opening the app needs no parser); each command's
module is imported by :mod:`stretchapp.cli.main` once it is chosen.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from stretchapp import __version__
from stretchapp.cli.common import EXIT_USAGE
from stretchapp.core.i18n import N_, _
from stretchapp.core.kinds import HoldLength, Side

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (see docs/architecture.md)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any


FALLBACK_COLUMNS = 80  # as shutil's, when neither COLUMNS nor the terminal says


def terminal_columns() -> int:
    """The width to wrap help to: ``COLUMNS``, else standard output's terminal, else 80.

    What ``shutil.get_terminal_size`` answers, without importing ``shutil`` (and with it
    ``bz2`` and ``lzma``), which argparse does for every formatter it makes.
    """
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):  # no stdout, closed, or not a terminal
            columns = 0
    return columns if columns > 0 else FALLBACK_COLUMNS


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter, its width (when not given) from :func:`terminal_columns`."""

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None
    ) -> None:
        if width is None:
            width = terminal_columns() - 2  # the margin argparse leaves
        super().__init__(prog, indent_increment, max_help_position, width)


class _Parser(argparse.ArgumentParser):
    """Every parser of the command (sub-commands included): its own formatter and usage errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(
            EXIT_USAGE, _("{program}: error: {message}").format(program=self.prog, message=message) + "\n"
        )


def build_parser(chosen: str | None = None) -> argparse.ArgumentParser:
    """The command's parser: the ``chosen`` command and its arguments, no other command.

    Only the chosen command's arguments are ever parsed or shown, and argparse's cost grows
    with every parser and argument it is given (each sub-command's parser, with its ``-h``
    and the look-ups of argparse's own words, costs a few tenths of a millisecond), so the
    others are left out; the history's would also import SQLite. With no command chosen (``stretchapp --help``, or a word that is no
    command), every command is named, with its help line, for the list and the error.
    """
    parser = _Parser(
        prog="stretchapp",
        description=_("A guided stretch timer. With no command, opens the app."),
    )
    parser.add_argument("--version", action="version", version=f"stretchapp {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help=_("also log to the terminal"))
    parser.add_argument(
        "--lang",
        metavar=_("TAG"),
        help=_(
            "the language to use, such as de, fr, es or he, before or after the command "
            "(default: the one in your settings for the app, LANG and the like for commands)"
        ),
    )
    parser.add_argument(
        "--background", action="store_true", help=_("start in the tray and remind me when a break is due")
    )
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"), parser_class=_Parser)
    known = chosen in _COMMANDS
    for name, (help_text, add_arguments) in _COMMANDS.items():
        if name != chosen:
            if not known:
                sub.add_parser(name, help=_(help_text))  # named, for the list of commands in --help
        elif add_arguments is not None:
            add_arguments(sub.add_parser(name, help=_(help_text)))
        else:  # the history's module adds its own, and imports SQLite: only when it is chosen
            from stretchapp.cli import history_cli  # noqa: PLC0415

            history_cli.add_parser(sub)
    return parser


def _validate(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", type=Path, metavar=_("FILE"))
    parser.add_argument("--json", action="store_true", help=_("print the problems as JSON"))


def _list(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help=_("print the list as JSON"))
    parser.add_argument(
        "--hold",
        choices=[h.value for h in HoldLength],
        default=None,
        help=_("the hold length the lengths are given for (default: the one in your settings)"),
    )


def _plan(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("routine", metavar=_("ROUTINE"), help=_("a routine id (see 'list') or a file path"))
    parser.add_argument("--json", action="store_true", help=_("print the plan as JSON"))
    parser.add_argument(
        "--hold",
        choices=[h.value for h in HoldLength],
        default=None,
        help=_(
            "how to time holds given as a range (default: the one in your settings; "
            "across-days shows today's holds from your check-ins, and why)"
        ),
    )
    parser.add_argument(
        "--first-side", choices=[s.value for s in Side], default=Side.RIGHT.value, help=_("side to start on")
    )


def _snapshot(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("routine", metavar=_("ROUTINE"), help=_("a routine id or a file path"))
    parser.add_argument(
        "--phase",
        default="1",
        help=_("phase number as in 'plan' (1 = first), 'end' or 'library' (default 1)"),
    )
    parser.add_argument(
        "--at", type=float, default=0.0, metavar=_("SECONDS"), help=_("seconds into the phase")
    )
    parser.add_argument(
        "--size",
        default="1280x720",
        metavar=_("WxH"),
        help=_("window size, 320x240 to 7680x4320 (default 1280x720)"),
    )
    parser.add_argument("--theme", choices=["light", "dark"], default="light")
    parser.add_argument("--high-contrast", action="store_true")
    parser.add_argument(
        "--full-screen",
        action="store_true",
        help=_("draw the window as full screen shows it (no menus), at --size"),
    )
    parser.add_argument(
        "--text-scale",
        type=int,
        default=100,
        metavar=_("PERCENT"),
        help=_("text size of the player, 50 to 300 (default 100), as Ctrl+Plus/Minus sets it"),
    )
    parser.add_argument(
        "--layout-report",
        type=Path,
        metavar=_("FILE.json"),
        help=_("also write each visible text's kind, rectangle, text and whether it fits, as JSON"),
    )
    parser.add_argument("--out", type=Path, required=True, metavar=_("FILE.png"))


def _pack(parser: argparse.ArgumentParser) -> None:
    pack_actions = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    export = pack_actions.add_parser("export", help=_("write a routine and its pictures into a pack"))
    export.add_argument("routine", metavar=_("ROUTINE"), help=_("a routine id (see 'list') or a file path"))
    export.add_argument("out", type=Path, metavar=_("FILE.stretchpack"))
    bring_in = pack_actions.add_parser(
        "import", help=_("check a pack, then add its routine and pictures to your routine folder")
    )
    bring_in.add_argument("file", type=Path, metavar=_("FILE"))
    bring_in.add_argument(
        "--replace",
        action="store_true",
        help=_("replace a routine of the same id (and pictures of the same name)"),
    )
    bring_in.add_argument(
        "--as", dest="new_id", metavar=_("NEW-ID"), help=_("import the routine under another id")
    )


def _desktop(parser: argparse.ArgumentParser) -> None:
    desktop_actions = parser.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    desktop_actions.add_parser("install", help=_("write the launcher, icons and metainfo for this user"))
    desktop_actions.add_parser("uninstall", help=_("remove what 'desktop install' wrote"))


# Each command's help line and what adds its arguments, in the order --help lists them.
_COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None] | None]] = {
    "validate": (N_("check routine files and report every problem"), _validate),
    "list": (N_("list the routines found and the broken files"), _list),
    "plan": (N_("print a routine's timeline phase by phase"), _plan),
    "snapshot": (N_("render the app at a moment of a routine to a PNG (offscreen)"), _snapshot),
    "pack": (N_("share a routine with its pictures as one .stretchpack file"), _pack),
    "desktop": (N_("add stretchapp to (or remove it from) your desktop's applications and icons"), _desktop),
    "history": (N_("show your stretching minutes, streak and sessions, or export them"), None),
}
