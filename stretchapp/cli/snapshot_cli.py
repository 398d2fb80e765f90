"""``stretchapp snapshot``: the app drawn at a moment of a routine, to a PNG (Qt only once checked).

Every argument is checked before Qt is imported, so a mistyped size or phase costs no
start of Qt and ends in one line and the usage exit code.
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

from stretchapp.cli.common import EXIT_INVALID, EXIT_OK, shown, usage
from stretchapp.core.i18n import _

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (see docs/architecture.md)
if TYPE_CHECKING:
    import argparse

SNAPSHOT_MIN = (320, 240)
SNAPSHOT_MAX = (7680, 4320)  # 8K; a bigger picture is gigabytes of memory
_SIZE = re.compile(r"^([0-9]{1,5})x([0-9]{1,5})$")
TEXT_SCALE_MIN, TEXT_SCALE_MAX = 50, 300
_PHASE = re.compile(r"^[0-9]{1,6}$")


def cmd_snapshot(args: argparse.Namespace) -> int:
    size = _SIZE.match(args.size.strip().lower())
    (low_w, low_h), (high_w, high_h) = SNAPSHOT_MIN, SNAPSHOT_MAX
    if size is None:
        return usage(_("--size must look like 1280x720, not {size}").format(size=shown(args.size)))
    width, height = int(size[1]), int(size[2])
    if not (low_w <= width <= high_w and low_h <= height <= high_h):
        return usage(
            _("--size must be between {low_w}x{low_h} and {high_w}x{high_h}, not {width}x{height}").format(
                low_w=low_w, low_h=low_h, high_w=high_w, high_h=high_h, width=width, height=height
            )
        )
    if args.phase not in {"end", "library"} and not _PHASE.match(args.phase):
        return usage(
            _("--phase must be a phase number as in 'plan', 'end' or 'library', not {phase}").format(
                phase=shown(args.phase)
            )
        )
    if not math.isfinite(args.at) or args.at < 0:
        return usage(_("--at must be a number of seconds from 0 on"))
    if not TEXT_SCALE_MIN <= args.text_scale <= TEXT_SCALE_MAX:
        return usage(
            _("--text-scale must be between {low} and {high} (percent)").format(
                low=TEXT_SCALE_MIN, high=TEXT_SCALE_MAX
            )
        )
    if args.layout_report is not None and Path(args.layout_report).is_dir():
        return usage(
            _("--layout-report {path} is a folder; give a file name ending in .json").format(
                path=args.layout_report
            )
        )
    out = Path(args.out)
    if out.is_dir():
        return usage(_("--out {path} is a folder; give a file name ending in .png").format(path=out))
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
