"""The ``stretchapp`` command: starts the app, or validates, lists, plans and shares routines.

Sub-commands that only read routines never import Qt, so they start fast and work on a
machine without a display. No traceback reaches the terminal: an unexpected error prints
one line naming the log file, where the details are.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import re
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stretchapp import __version__
from stretchapp.core import i18n
from stretchapp.core import text as words
from stretchapp.core.i18n import N_, _, ngettext, pgettext
from stretchapp.core.kinds import HoldLength, PhaseKind, Side
from stretchapp.core.model import Routine
from stretchapp.platform.logs import setup_logging

if TYPE_CHECKING:
    from stretchapp.core.progression import HoldPlan

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_EXISTS = 3  # pack import: the routine (or a different picture) is already there


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(
            EXIT_USAGE, _("{program}: error: {message}").format(program=self.prog, message=message) + "\n"
        )


QUICK_COMMANDS = ("validate", "list", "plan", "pack")
HISTORY_HELP = N_("show your stretching minutes, streak and sessions, or export them")


def _command_in(argv: Sequence[str]) -> str | None:
    return next((arg for arg in argv if not arg.startswith("-")), None)


def build_parser(*, full: bool = True) -> argparse.ArgumentParser:
    """The command's parser; ``full=False`` (for the quick commands) leaves out the history's."""
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

    validate = sub.add_parser("validate", help=_("check routine files and report every problem"))
    validate.add_argument("files", nargs="+", type=Path, metavar=_("FILE"))
    validate.add_argument("--json", action="store_true", help=_("print the problems as JSON"))

    listing = sub.add_parser("list", help=_("list the routines found and the broken files"))
    listing.add_argument("--json", action="store_true", help=_("print the list as JSON"))
    listing.add_argument(
        "--hold",
        choices=[h.value for h in HoldLength],
        default=None,
        help=_("the hold length the lengths are given for (default: the one in your settings)"),
    )

    plan = sub.add_parser("plan", help=_("print a routine's timeline phase by phase"))
    plan.add_argument("routine", metavar=_("ROUTINE"), help=_("a routine id (see 'list') or a file path"))
    plan.add_argument("--json", action="store_true", help=_("print the plan as JSON"))
    plan.add_argument(
        "--hold",
        choices=[h.value for h in HoldLength],
        default=None,
        help=_(
            "how to time holds given as a range (default: the one in your settings; "
            "across-days shows today's holds from your check-ins, and why)"
        ),
    )
    plan.add_argument(
        "--first-side", choices=[s.value for s in Side], default=Side.RIGHT.value, help=_("side to start on")
    )
    snapshot = sub.add_parser(
        "snapshot", help=_("render the app at a moment of a routine to a PNG (offscreen)")
    )
    snapshot.add_argument("routine", metavar=_("ROUTINE"), help=_("a routine id or a file path"))
    snapshot.add_argument(
        "--phase",
        default="1",
        help=_("phase number as in 'plan' (1 = first), 'end' or 'library' (default 1)"),
    )
    snapshot.add_argument(
        "--at", type=float, default=0.0, metavar=_("SECONDS"), help=_("seconds into the phase")
    )
    snapshot.add_argument(
        "--size",
        default="1280x720",
        metavar=_("WxH"),
        help=_("window size, 320x240 to 7680x4320 (default 1280x720)"),
    )
    snapshot.add_argument("--theme", choices=["light", "dark"], default="light")
    snapshot.add_argument("--high-contrast", action="store_true")
    snapshot.add_argument(
        "--full-screen",
        action="store_true",
        help=_("draw the window as full screen shows it (no menus), at --size"),
    )
    snapshot.add_argument(
        "--text-scale",
        type=int,
        default=100,
        metavar=_("PERCENT"),
        help=_("text size of the player, 50 to 300 (default 100), as Ctrl+Plus/Minus sets it"),
    )
    snapshot.add_argument(
        "--layout-report",
        type=Path,
        metavar=_("FILE.json"),
        help=_("also write each visible text's kind, rectangle, text and whether it fits, as JSON"),
    )
    snapshot.add_argument("--out", type=Path, required=True, metavar=_("FILE.png"))
    snapshot.set_defaults(handler=cmd_snapshot)

    pack = sub.add_parser("pack", help=_("share a routine with its pictures as one .stretchpack file"))
    pack_actions = pack.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
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
    pack.set_defaults(handler=cmd_pack)

    desktop = sub.add_parser(
        "desktop", help=_("add stretchapp to (or remove it from) your desktop's applications and icons")
    )
    desktop_actions = desktop.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    desktop_actions.add_parser("install", help=_("write the launcher, icons and metainfo for this user"))
    desktop_actions.add_parser("uninstall", help=_("remove what 'desktop install' wrote"))
    desktop.set_defaults(handler=cmd_desktop)

    if full:
        from stretchapp.cli import history_cli  # noqa: PLC0415 - sqlite loads only for the history

        history_cli.add_parser(sub)
    else:
        sub.add_parser("history", help=_(HISTORY_HELP))  # only named: main() builds it in full when asked for
    return parser


SNAPSHOT_MIN = (320, 240)
SNAPSHOT_MAX = (7680, 4320)  # 8K; a bigger picture is gigabytes of memory
_SIZE = re.compile(r"^([0-9]{1,5})x([0-9]{1,5})$")
TEXT_SCALE_MIN, TEXT_SCALE_MAX = 50, 300
_PHASE = re.compile(r"^[0-9]{1,6}$")


def _usage(message: str) -> int:
    print(_("stretchapp: {message}").format(message=message), file=sys.stderr)
    return EXIT_USAGE


def cmd_snapshot(args: argparse.Namespace) -> int:
    size = _SIZE.match(args.size.strip().lower())
    (low_w, low_h), (high_w, high_h) = SNAPSHOT_MIN, SNAPSHOT_MAX
    if size is None:
        return _usage(_("--size must look like 1280x720, not {size}").format(size=_shown(args.size)))
    width, height = int(size[1]), int(size[2])
    if not (low_w <= width <= high_w and low_h <= height <= high_h):
        return _usage(
            _("--size must be between {low_w}x{low_h} and {high_w}x{high_h}, not {width}x{height}").format(
                low_w=low_w, low_h=low_h, high_w=high_w, high_h=high_h, width=width, height=height
            )
        )
    if args.phase not in {"end", "library"} and not _PHASE.match(args.phase):
        return _usage(
            _("--phase must be a phase number as in 'plan', 'end' or 'library', not {phase}").format(
                phase=_shown(args.phase)
            )
        )
    if not math.isfinite(args.at) or args.at < 0:
        return _usage(_("--at must be a number of seconds from 0 on"))
    if not TEXT_SCALE_MIN <= args.text_scale <= TEXT_SCALE_MAX:
        return _usage(
            _("--text-scale must be between {low} and {high} (percent)").format(
                low=TEXT_SCALE_MIN, high=TEXT_SCALE_MAX
            )
        )
    if args.layout_report is not None and Path(args.layout_report).is_dir():
        return _usage(
            _("--layout-report {path} is a folder; give a file name ending in .json").format(
                path=args.layout_report
            )
        )
    out = Path(args.out)
    if out.is_dir():
        return _usage(_("--out {path} is a folder; give a file name ending in .png").format(path=out))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        print(
            _("stretchapp: cannot write {path}: {reason}").format(path=out, reason=error.strerror or error),
            file=sys.stderr,
        )
        return EXIT_INVALID
    from stretchapp.ui.snapshot import SnapshotError, SnapshotRequest, render  # noqa: PLC0415

    request = SnapshotRequest(
        routine=args.routine,
        phase=args.phase,
        at=args.at,
        width=width,
        height=height,
        theme=args.theme,
        out=out,
        high_contrast=args.high_contrast,
        text_scale=args.text_scale / 100,
        layout_report=args.layout_report,
        full_screen=args.full_screen,
    )
    try:
        print(render(request))
    except SnapshotError as error:
        print(_("stretchapp: {message}").format(message=error), file=sys.stderr)
        return EXIT_INVALID
    return EXIT_OK


def _shown(text: str) -> str:
    """A person's argument, quoted and cut short, safe to print."""
    return repr(text if len(text) <= 40 else text[:37] + "...")


def cmd_pack(args: argparse.Namespace) -> int:
    from stretchapp.routines import packs  # noqa: PLC0415

    if args.action == "export":
        return _pack_export(args, packs)
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


def _pack_export(args: argparse.Namespace, packs: Any) -> int:
    from stretchapp.routines.library import load_library  # noqa: PLC0415
    from stretchapp.routines.loader import RoutineError  # noqa: PLC0415

    out = Path(args.out)
    if out.suffix != packs.PACK_SUFFIX:
        return _usage(
            _("the pack's name must end in {suffix}, not {name}").format(
                suffix=packs.PACK_SUFFIX, name=_shown(out.name)
            )
        )
    if out.is_dir():
        return _usage(
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
        _no_such_routine(args.routine)
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


def cmd_desktop(args: argparse.Namespace) -> int:
    from stretchapp.platform import desktop_integration  # noqa: PLC0415

    try:
        if args.action == "install":
            changed = desktop_integration.install()
            verb, unchanged = (
                _("wrote {path}"),
                _("stretchapp is already installed for this user; nothing changed"),
            )
        else:
            changed = desktop_integration.uninstall()
            verb, unchanged = (
                _("removed {path}"),
                _("stretchapp was not installed for this user; nothing to remove"),
            )
    except OSError as error:
        print(
            _("stretchapp: desktop {action} failed: {error}").format(action=args.action, error=error),
            file=sys.stderr,
        )
        return EXIT_INVALID
    for path in changed:
        print(verb.format(path=path))
    if not changed:
        print(unchanged)
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from stretchapp.routines.loader import ERROR, read_routine  # noqa: PLC0415

    problems_by_file: dict[str, list[dict[str, object]]] = {}
    ok = True
    for file in args.files:
        # Warnings (a translation missing or out of date) are listed but leave the file valid.
        _routine, problems = read_routine(Path(file))
        problems_by_file[str(file)] = [p.to_dict() for p in problems]
        valid = not any(p.severity == ERROR for p in problems)
        ok = ok and valid
        if not args.json:
            for problem in problems:
                print(problem)
            if valid:
                print(_("OK {path}").format(path=words.printable(str(file))))
    if args.json:
        print(
            json.dumps(
                {"valid": ok, "files": [{"file": f, "problems": p} for f, p in problems_by_file.items()]},
                indent=2,
            )
        )
    return EXIT_OK if ok else EXIT_INVALID


def _hold_in_settings() -> HoldLength:
    """The hold length the app would use; the settings file is only read, never set aside."""
    from stretchapp.storage import settings  # noqa: PLC0415

    return settings.load(set_aside=False).settings.hold_length


def cmd_list(args: argparse.Namespace) -> int:
    from stretchapp.routines.library import load_library  # noqa: PLC0415

    hold = HoldLength(args.hold) if args.hold else _hold_in_settings()
    library = load_library()
    rows = [
        {
            "id": entry.summary.id,
            "title": entry.summary.title,
            "total_seconds": entry.summary.total_seconds(hold),
            "origin": entry.origin,
            "folder": entry.folder,
        }
        for entry in library.entries
    ]
    broken = [
        {"file": str(b.path), "origin": b.origin, "problems": [p.to_dict() for p in b.problems]}
        for b in library.broken
    ]
    if args.json:
        print(json.dumps({"routines": rows, "broken": broken, "notices": library.notices}, indent=2))
        return EXIT_OK
    for notice in library.notices:
        print(_("stretchapp: {message}").format(message=notice), file=sys.stderr)
    if not rows:
        print(_("No routines found."))
    width = max((len(r["id"]) for r in rows), default=2)  # type: ignore[arg-type]
    shown_folders: dict[str, str] = {}  # thousands of routines share a folder or two
    lines = []
    for row in rows:
        duration = words.duration(row["total_seconds"])  # type: ignore[arg-type]
        where = str(row["folder"])
        folder = shown_folders.get(where) or shown_folders.setdefault(where, words.printable(where))
        lines.append(f"{row['id']:<{width}}  {row['title']}  ({duration})  [{row['origin']}: {folder}]")
    if lines:
        print("\n".join(lines))
    for item in library.broken:
        shown = words.printable(str(item.path))
        count = len(item.problems)
        print(
            ngettext("BROKEN {path}: {n} problem", "BROKEN {path}: {n} problems", count).format(
                path=shown, n=count
            )
        )
        for problem in item.problems:
            print(f"  {problem}")
    return EXIT_OK


def _is_routine_error(error: BaseException) -> bool:
    """Whether ``error`` is the loader's RoutineError, without importing the loader (and PyYAML).

    A routine that comes from the cache needs no loader; one that was read has loaded it.
    """
    loader = sys.modules.get("stretchapp.routines.loader")
    return loader is not None and isinstance(error, loader.RoutineError)


def _no_such_routine(name: str) -> None:
    print(
        _("stretchapp: no routine called {name} (see '{command}')").format(
            name=repr(name), command="stretchapp list"
        ),
        file=sys.stderr,
    )


def cmd_plan(args: argparse.Namespace) -> int:
    from stretchapp.core.timeline import build_timeline  # noqa: PLC0415
    from stretchapp.routines.library import load_library  # noqa: PLC0415

    try:
        routine = load_library().resolve(args.routine)
    except KeyError:
        _no_such_routine(args.routine)
        return EXIT_INVALID
    except Exception as error:
        if not _is_routine_error(error):
            raise
        for problem in error.problems:  # type: ignore[attr-defined]
            print(problem, file=sys.stderr)
        return EXIT_INVALID
    hold = HoldLength(args.hold) if args.hold else _hold_in_settings()
    plans = _todays_holds(routine) if hold is HoldLength.ACROSS_DAYS else ()
    timeline = build_timeline(
        routine,
        hold_length=hold,
        first_side=Side(args.first_side),
        day_holds={plan.exercise_index: plan.seconds for plan in plans},
    )
    holds = [
        {
            "exercise": plan.exercise,
            "seconds": plan.seconds,
            "why": plan.why.value,
            "reason": plan.reason(),
            "last": None
            if plan.last is None
            else {
                "feeling": plan.last.feeling.value,
                "hold_seconds": plan.last.hold_seconds,
                "at": plan.last.at.isoformat(),
            },
        }
        for plan in plans
    ]
    phases = [
        {
            "kind": p.kind.value,
            "exercise": p.exercise,
            "side": p.side.value if p.side else None,
            "rep": p.rep,
            "reps": p.reps,
            "seconds": p.seconds,
            "prompt": p.prompt,
        }
        for p in timeline.phases
    ]
    if args.json:
        print(
            json.dumps(
                {
                    "title": routine.title,
                    "hold": hold.value,
                    "total_seconds": timeline.total_seconds,
                    **({"todays_holds": holds} if hold is HoldLength.ACROSS_DAYS else {}),
                    "phases": phases,
                },
                indent=2,
            )
        )
        return EXIT_OK
    if plans:
        print(_("Today's holds:"))
        for plan in plans:
            print(f"  {plan.describe()}")
        print()
    print(
        ngettext("{title}: {n} phase, {duration}", "{title}: {n} phases, {duration}", len(phases)).format(
            title=routine.title, n=len(phases), duration=words.duration(timeline.total_seconds)
        )
    )
    name_width = max((len(p["exercise"]) for p in phases), default=8)  # type: ignore[arg-type]
    for number, phase in enumerate(phases, start=1):
        side = _side_word(phase["side"])
        kind = _kind_word(phase["kind"])
        rep = f"{phase['rep']}/{phase['reps']}"
        print(
            f"{number:>3}  {kind:<7}  {phase['exercise']:<{name_width}}  {side:<5}  {rep:>5}"
            f"  {words.seconds(phase['seconds']):>5}  {phase['prompt']}"  # type: ignore[arg-type]
        )
    print(
        _("Total: {duration} ({seconds})").format(
            duration=words.duration(timeline.total_seconds), seconds=words.seconds(timeline.total_seconds)
        )
    )
    return EXIT_OK


def _side_word(side: object) -> str:
    """A side in the plan's table ("-" for none), in the chosen language."""
    if side == Side.LEFT.value:
        return pgettext("side in the plan", "left")
    if side == Side.RIGHT.value:
        return pgettext("side in the plan", "right")
    return "-"


def _kind_word(kind: object) -> str:
    """A phase's kind in the plan's table, in the chosen language."""
    words_for = {
        PhaseKind.PREPARE.value: pgettext("phase in the plan", "prepare"),
        PhaseKind.HOLD.value: pgettext("phase in the plan", "hold"),
        PhaseKind.REST.value: pgettext("phase in the plan", "rest"),
    }
    return words_for.get(str(kind), str(kind))


def _todays_holds(routine: Routine) -> tuple[HoldPlan, ...]:
    """Today's holds from the check-ins in the history (read only); short ends if it cannot be read."""
    from stretchapp.core.progression import plan_from_latest  # noqa: PLC0415
    from stretchapp.storage.history import HistoryUnreadableError, latest_checkins  # noqa: PLC0415

    try:
        latest = latest_checkins(routine.id, [exercise.name for exercise in routine.exercises])
    except HistoryUnreadableError as error:
        print(
            _("stretchapp: note: the history cannot be read ({reason}); holds start at the short end").format(
                reason=error.reason
            ),
            file=sys.stderr,
        )
        latest = {}
    return plan_from_latest(routine, latest, datetime.now().astimezone().date())


def cmd_gui(args: argparse.Namespace) -> int:
    from stretchapp.ui.app import RESTART, run_gui  # noqa: PLC0415

    code = run_gui(background=args.background, open_packs=getattr(args, "open_packs", []), lang=args.lang)
    if code == RESTART:
        restart(verbose=args.verbose)
    return code


def restart_command(*, verbose: bool = False) -> list[str]:
    """How the app starts itself again: no --lang (the setting decides), no packs (imported already)."""
    return [sys.executable, "-m", "stretchapp", *(["--verbose"] if verbose else [])]


def restart(*, verbose: bool = False, execv: Any = None) -> None:
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


GUI_FLAGS = {"--background": "background", "-v": "verbose", "--verbose": "verbose"}
PACK_SUFFIX = ".stretchpack"  # as in stretchapp.routines.packs, which opening the app need not load


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
                    _("--lang needs a language tag, such as de or pt_BR, not {tag}").format(tag=_shown(value))
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
        return _usage(str(error))
    if lang is not None:
        i18n.set_language(lang)
        _warn_if_untranslated(lang)
    if all(arg in GUI_FLAGS or _names_a_pack(arg) for arg in argv):
        # Opening the app is the common case: skip building every sub-command's parser.
        flags = dict.fromkeys(GUI_FLAGS.values(), False) | {
            GUI_FLAGS[a]: True for a in argv if a in GUI_FLAGS
        }
        packs = [Path(arg) for arg in argv if arg not in GUI_FLAGS]
        args = argparse.Namespace(command=None, open_packs=packs, **flags)
    else:
        quick = _command_in(argv) in QUICK_COMMANDS
        args = build_parser(full=not quick).parse_args(argv)
    args.lang = lang
    # The app, too, starts with the plain log file; it rotates once its window is painted.
    log_path = setup_logging(verbose=args.verbose, quick=args.command in (*QUICK_COMMANDS, None))
    commands = {"validate": cmd_validate, "list": cmd_list, "plan": cmd_plan}
    handler = commands.get(args.command) or getattr(args, "handler", None) or cmd_gui
    try:
        return int(handler(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:
        log.exception("unexpected error in %s", args.command or "the app")
        if log_path:
            line = _("stretchapp: unexpected error: {error}; details are in {path}").format(
                error=error, path=log_path
            )
        else:
            line = _("stretchapp: unexpected error: {error}").format(error=error)
        print(line, file=sys.stderr)
        return EXIT_INVALID
