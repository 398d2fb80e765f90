"""The ``stretchapp`` command: starts the app, or validates, lists, plans and shares routines.

This module only reads the arguments: the language (``--lang``), then either the app (no
command, ``--background``, ``FILE.stretchpack``: no parser is built) or the parser and the
chosen command's own module, imported only then. So each command loads what it uses and
no more: the quick ones (``validate``, ``list``, ``plan``, ``pack``) never import Qt, the
history or ``logging.handlers``, start fast and work on a machine without a display. No
traceback reaches the terminal: an unexpected error prints one line naming the log file,
where the details are.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import SimpleNamespace

from stretchapp.cli.common import EXIT_EXISTS, EXIT_INVALID, EXIT_OK, EXIT_USAGE, shown, usage
from stretchapp.core import i18n
from stretchapp.core.i18n import _
from stretchapp.core.logger import get_logger
from stretchapp.platform.logs import log_file, setup_logging

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (see docs/architecture.md)
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence
    from typing import Any

log = get_logger(__name__)

__all__ = ["EXIT_EXISTS", "EXIT_INVALID", "EXIT_OK", "EXIT_USAGE", "main"]

QUICK_COMMANDS = ("validate", "list", "plan", "pack")
GUI_FLAGS = {"--background": "background", "-v": "verbose", "--verbose": "verbose"}
PACK_SUFFIX = ".stretchpack"  # as in stretchapp.routines.packs, which opening the app need not load


def _command_in(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names; None when there is none or help is asked for before it (all are listed)."""
    for arg in argv:
        if arg in ("-h", "--help"):
            return None
        if not arg.startswith("-"):
            return arg
    return None


def plain_validate(argv: Sequence[str]) -> SimpleNamespace | None:
    """``[-v] validate FILE... [--json]`` read as the parser reads it, without building the parser.

    Validating is the command an editor runs on every save, and argparse, with the gettext
    and locale look-ups of its own words, is a fifth of its time (~7 ms). Anything else (an
    option the parser would reject or read otherwise, a file whose name starts with "-",
    help) is None, and goes to the parser, which also gives the errors.
    """
    words = list(argv)
    verbose = False
    while words and words[0] in ("-v", "--verbose"):  # the main parser's, so only before the command
        verbose = True
        words.pop(0)
    if not words or words[0] != "validate":
        return None
    files = words[1:]
    as_json = "--json" in files
    # --json before the files or after them: between two files the parser refuses it, and
    # here it is left among them, where it starts with "-" like any other option.
    while files and files[0] == "--json":
        files.pop(0)
    while files and files[-1] == "--json":
        files.pop()
    if not files or any(word.startswith("-") for word in files):
        return None
    return SimpleNamespace(
        verbose=verbose,
        lang=None,
        background=False,
        command="validate",
        files=[Path(f) for f in files],
        json=as_json,
    )


# Each command's module and function, imported only when the command is chosen.
COMMANDS = {
    "validate": ("stretchapp.cli.routine_commands", "cmd_validate"),
    "list": ("stretchapp.cli.routine_commands", "cmd_list"),
    "plan": ("stretchapp.cli.routine_commands", "cmd_plan"),
    "pack": ("stretchapp.cli.pack_cli", "cmd_pack"),
    "snapshot": ("stretchapp.cli.snapshot_cli", "cmd_snapshot"),
    "desktop": ("stretchapp.cli.desktop_cli", "cmd_desktop"),
}


def _handler(args: argparse.Namespace) -> Callable[[argparse.Namespace], int]:
    """The function that carries out the parsed command; its module is imported only now."""
    if args.command in COMMANDS:
        module, name = COMMANDS[args.command]
        command: Callable[[argparse.Namespace], int] = getattr(importlib.import_module(module), name)
        return command
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)  # the history's
    if handler is not None:
        return handler
    return cmd_gui


def cmd_gui(args: argparse.Namespace | SimpleNamespace) -> int:
    """Run the app until it quits; start it afresh when it asks to (a new language)."""
    from stretchapp.ui.app import RESTART, run_gui  # noqa: PLC0415

    code = run_gui(background=args.background, open_packs=getattr(args, "open_packs", []), lang=args.lang)
    if code == RESTART:
        restart(verbose=args.verbose)
    return code


def restart_command(*, verbose: bool = False) -> list[str]:
    """How the app starts itself again: no --lang (the setting decides), no packs (imported already)."""
    return [sys.executable, "-m", "stretchapp", *(["--verbose"] if verbose else [])]


def restart(*, verbose: bool = False, execv: Callable[[str, list[str]], object] | None = None) -> None:
    """Replace this process with a fresh start of the app (after it has quit cleanly)."""
    import os  # noqa: PLC0415

    command = restart_command(verbose=verbose)
    log.info("restarting: %s", command)
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    try:
        (execv or os.execv)(command[0], command)
    except OSError as error:
        log.warning("could not restart: %s", error)
        print(
            _("stretchapp: could not start again ({reason}); please start stretchapp yourself").format(
                reason=error.strerror or error
            ),
            file=sys.stderr,
        )


def _names_a_pack(arg: str) -> bool:
    """``stretchapp FILE.stretchpack`` (the desktop's Open With) opens the app to import it."""
    return not arg.startswith("-") and arg.lower().endswith(PACK_SUFFIX)


class _LangError(ValueError):
    """``--lang`` without a usable language tag; the message says why."""


def take_lang(argv: Sequence[str]) -> tuple[str | None, list[str]]:
    """``--lang TAG`` (or ``--lang=TAG``) anywhere before ``--``: the tag, and the other arguments.

    Taken out before parsing so it works before or after the sub-command, and so the
    language is chosen before a single message (the help included) is made.
    """
    rest: list[str] = []
    tag: str | None = None
    items = iter(enumerate(argv))
    for index, arg in items:
        if arg == "--":
            rest += argv[index:]
            break
        if arg == "--lang" or arg.startswith("--lang="):
            if arg == "--lang":
                following = next(items, None)
                if following is None:
                    raise _LangError(_("--lang needs a language tag, such as de or pt_BR"))
                value = following[1]
            else:
                value = arg.split("=", 1)[1]
            if not i18n.is_tag(value):
                raise _LangError(
                    _("--lang needs a language tag, such as de or pt_BR, not {tag}").format(tag=shown(value))
                )
            tag = value
            continue
        rest.append(arg)
    return tag, rest


def _warn_if_untranslated(tag: str) -> None:
    """One line on stderr when ``--lang`` names a language the app has no words for."""
    shipped = {t.split("_", 1)[0] for t in i18n.available_languages()} | {i18n.PSEUDO_LANGUAGE}
    normal = i18n.normalise(tag)
    if normal not in shipped and normal.split("_", 1)[0] not in shipped:
        print(
            _(
                "stretchapp: note: the app's own words have no translation for {tag} yet; they are in English"
            ).format(tag=repr(tag)),
            file=sys.stderr,
        )


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    i18n.set_language(None)  # LANG and the like, until --lang says otherwise
    try:
        lang, argv = take_lang(argv)
    except _LangError as error:
        return usage(str(error))
    if lang is not None:
        i18n.set_language(lang)
        _warn_if_untranslated(lang)
    args: Any  # the parser's Namespace, or a SimpleNamespace of the same fields (the app, validate)
    handler: Callable[..., int]
    if all(arg in GUI_FLAGS or _names_a_pack(arg) for arg in argv):
        # Opening the app is the common case: no parser is built, no command module imported.
        flags = dict.fromkeys(GUI_FLAGS.values(), False) | {
            GUI_FLAGS[a]: True for a in argv if a in GUI_FLAGS
        }
        packs = [Path(arg) for arg in argv if arg not in GUI_FLAGS]
        args = SimpleNamespace(command=None, open_packs=packs, **flags)
        handler = cmd_gui
    elif (plain := plain_validate(argv)) is not None:
        args = plain
        handler = _handler(args)
    else:
        from stretchapp.cli.parser import build_parser  # noqa: PLC0415

        args = build_parser(_command_in(argv)).parse_args(argv)
        handler = _handler(args)
    args.lang = lang
    setup_logging(verbose=args.verbose, quick=args.command in QUICK_COMMANDS)
    try:
        return int(handler(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:
        log.exception("unexpected error in %s", args.command or "the app")
        path = log_file()
        if path is not None:
            line = _("stretchapp: unexpected error: {error}; details are in {path}").format(
                error=error, path=path
            )
        else:
            line = _("stretchapp: unexpected error: {error}").format(error=error)
        print(line, file=sys.stderr)
        return EXIT_INVALID
