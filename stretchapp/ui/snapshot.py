"""Render the app at any moment of a routine to a PNG, offscreen: ``stretchapp snapshot``.

The session runs on a still clock that this module moves: to show phase N, SECONDS into
it, the clock jumps to that instant and the engine catches up through every phase before
it, exactly as it would after a late wake-up. Nothing here waits on real time.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from stretchapp.core.i18n import _
from stretchapp.storage.settings import Settings

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


class StillClock:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 10_000.0

    def __call__(self) -> float:
        return self.now


@dataclass(frozen=True)
class SnapshotRequest:
    routine: str
    phase: str  # "1".."N" (1-based), "end" for the end screen, "library" for the library window
    at: float
    width: int
    height: int
    theme: str
    out: Path
    high_contrast: bool = False
    text_scale: float = 1.0
    full_screen: bool = False  # drawn as full screen looks (no menus, the way out said), at the size asked
    layout_report: Path | None = None


class SnapshotError(Exception):
    """A request that cannot be rendered; the message says why."""


def render(request: SnapshotRequest) -> Path:
    """Render the requested moment; returns the PNG path."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from stretchapp.routines.library import load_library  # noqa: PLC0415 - Qt is imported only once needed
    from stretchapp.routines.loader import RoutineError  # noqa: PLC0415
    from stretchapp.ui.app import make_application  # noqa: PLC0415
    from stretchapp.ui.common import language  # noqa: PLC0415
    from stretchapp.ui.common.theme import apply_theme  # noqa: PLC0415
    from stretchapp.ui.controller import AppController  # noqa: PLC0415

    app = make_application()
    language.apply(app)  # the language the command line chose (--lang, or LANG and the like)
    apply_theme(app, request.theme, high_contrast=request.high_contrast)
    library = load_library()
    clock = StillClock()
    from stretchapp.ui.session.audio import NullSoundPlayer  # noqa: PLC0415

    # A picture makes no sound.
    controller = AppController(
        Settings(theme=request.theme, text_scale=request.text_scale),
        library,
        clock=clock,
        sound_factory=lambda _settings: NullSoundPlayer(),
    )
    window = controller.window
    window.resize(request.width, request.height)
    try:
        if request.phase != "library":
            try:
                routine = library.resolve(request.routine)
            except RoutineError as error:
                raise SnapshotError("\n".join(str(p) for p in error.problems)) from error
            except KeyError as error:
                raise SnapshotError(_("no routine called {id}").format(id=repr(request.routine))) from error
            controller.start_routine(routine, gate=False)
            driver = controller.driver
            assert driver is not None
            phases = driver.session.timeline.phases
            if request.phase == "end":
                clock.now += sum(p.seconds for p in phases) + 0.001
            else:
                number = int(request.phase)
                if not 1 <= number <= len(phases):
                    raise SnapshotError(_("phase must be between 1 and {n} (or 'end')").format(n=len(phases)))
                if not 0 <= request.at < phases[number - 1].seconds:
                    raise SnapshotError(
                        _("--at must be between 0 and {seconds} for phase {number}").format(
                            seconds=phases[number - 1].seconds, number=number
                        )
                    )
                clock.now += sum(p.seconds for p in phases[: number - 1]) + request.at
            driver.tick()
        if request.full_screen:
            window.menuBar().hide()
            window.statusBar().hide()
            window.fullscreenChanged.emit(True)
        window.show()
        for _round in range(3):
            app.processEvents()
        request.out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(request.out)):
            raise SnapshotError(_("could not write {path}").format(path=request.out))
        if request.layout_report is not None:
            write_layout_report(window, request.layout_report)
        return request.out
    finally:
        controller.end_session()
        window.close()
        window.deleteLater()
        app.processEvents()


def write_layout_report(window: QWidget, path: Path) -> None:
    """Each visible text of the window as JSON: kind, rectangle, text, whether it fits."""
    from stretchapp.ui.player.fit import layout_report  # noqa: PLC0415

    elements = [{k: v for k, v in e.items() if k != "parent"} for e in layout_report(window)]
    report = {
        "window": [window.width(), window.height()],
        "elements": elements,
        "all_fit": all(e["fits"] and e["inside"] for e in elements),
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as error:
        raise SnapshotError(
            _("could not write {path}: {reason}").format(path=path, reason=error.strerror or error)
        ) from error
