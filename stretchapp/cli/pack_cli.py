"""``stretchapp pack``: a routine and its pictures exported to, or imported from, a ``.stretchpack``."""

from __future__ import annotations

import sys
from pathlib import Path

from stretchapp.cli.common import EXIT_EXISTS, EXIT_INVALID, EXIT_OK, no_such_routine, shown, usage
from stretchapp.core import text as words
from stretchapp.core.i18n import _, ngettext
from stretchapp.routines import packs

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (see docs/architecture.md)
if TYPE_CHECKING:
    import argparse


def cmd_pack(args: argparse.Namespace) -> int:
    """Carry out ``stretchapp pack export`` or ``pack import``; returns the exit code."""
    if args.action == "export":
        return _pack_export(args)
    name = words.printable(str(args.file))
    try:
        done = packs.import_pack(args.file, routine_id=args.new_id, replace=args.replace)
    except packs.AlreadyExistsError as error:
        print(_("stretchapp: not imported {name}: {error}").format(name=name, error=error), file=sys.stderr)
        return EXIT_EXISTS
    except packs.PackError as error:
        print(_("stretchapp: refused {name}: {error}").format(name=name, error=error), file=sys.stderr)
        return EXIT_INVALID
    pictures = len(done.written) - 1 + len(done.unchanged)
    print(
        ngettext(
            "imported {id} into {path} with {n} picture",
            "imported {id} into {path} with {n} pictures",
            pictures,
        ).format(id=done.routine_id, path=words.printable(str(done.routine_file)), n=pictures)
    )
    return EXIT_OK


def _pack_export(args: argparse.Namespace) -> int:
    from stretchapp.routines.library import load_library  # noqa: PLC0415
    from stretchapp.routines.loader import RoutineError  # noqa: PLC0415

    out = Path(args.out)
    if out.suffix != packs.PACK_SUFFIX:
        return usage(
            _("the pack's name must end in {suffix}, not {name}").format(
                suffix=packs.PACK_SUFFIX, name=shown(out.name)
            )
        )
    if out.is_dir():
        return usage(
            _("{path} is a folder; give a file name ending in {suffix}").format(
                path=words.printable(str(out)), suffix=packs.PACK_SUFFIX
            )
        )
    try:
        routine = load_library().resolve(args.routine)
    except RoutineError as error:
        print(_("stretchapp: not exported: {error}").format(error=error.problems[0]), file=sys.stderr)
        return EXIT_INVALID
    except KeyError:
        no_such_routine(args.routine)
        return EXIT_INVALID
    if routine.source is None:
        print(
            _("stretchapp: the routine {id} has no file to export").format(id=repr(routine.id)),
            file=sys.stderr,
        )
        return EXIT_INVALID
    try:
        data = packs.export_pack(routine.source, out)
    except packs.PackError as error:
        print(_("stretchapp: not exported: {error}").format(error=error), file=sys.stderr)
        return EXIT_INVALID
    print(
        ngettext("wrote {path} ({id}, {size} byte)", "wrote {path} ({id}, {size} bytes)", len(data)).format(
            path=words.printable(str(out)), id=routine.id, size=words.number(len(data))
        )
    )
    return EXIT_OK
