"""``stretchapp validate``, ``list`` and ``plan``: the commands that read routines (no Qt).

They import only what they use, when they use it: the loader (and PyYAML) only when a file
is read rather than found in the routine cache, JSON only for ``--json``, the history only
for ``plan --hold across-days``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from stretchapp.cli.common import EXIT_INVALID, EXIT_OK, no_such_routine
from stretchapp.core import text as words
from stretchapp.core.i18n import _, ngettext, pgettext
from stretchapp.core.kinds import HoldLength, PhaseKind, Side

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (see docs/architecture.md)
if TYPE_CHECKING:
    import argparse

    from stretchapp.core.model import Routine
    from stretchapp.core.progression import HoldPlan


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
        import json  # noqa: PLC0415

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
        import json  # noqa: PLC0415

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


def cmd_plan(args: argparse.Namespace) -> int:
    from stretchapp.core.timeline import build_timeline  # noqa: PLC0415
    from stretchapp.routines.library import load_library  # noqa: PLC0415

    try:
        routine = load_library().resolve(args.routine)
    except KeyError:
        no_such_routine(args.routine)
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
        import json  # noqa: PLC0415

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
    from datetime import datetime  # noqa: PLC0415

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
