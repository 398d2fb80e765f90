"""The app run inside a real (or several-screen) display, driven step by step, reporting JSON.

The desktop tests start a display server (Xorg with two dummy monitors, weston headless) or
Qt's offscreen platform with two screens, then run ``python -m tests.desktop_scenarios NAME``
inside it: a fresh process, because a process has one QApplication on one platform. The
last line printed is a JSON object of what was seen; the test asserts on it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from stretchapp.core.idle import FixedIdleSource, IdleSample
from stretchapp.core.model import Exercise, HoldRange, Routine
from stretchapp.routines.library import Library, RoutineEntry
from stretchapp.storage.settings import Settings
from stretchapp.ui.app import make_application
from stretchapp.ui.common.screens import ScreenKeeper, on_some_screen
from stretchapp.ui.controller import AppController
from stretchapp.ui.reminders.controller import BackgroundController
from stretchapp.ui.session.audio import NullSoundPlayer
from tests.fakes import FakeClock

ROUTINE = Routine(
    id="neck",
    title="Neck",
    exercises=(Exercise(name="Tilt", steps=("Tilt your head.",), hold=HoldRange(30, 30)),),
)


def settle(ms: int = 150) -> None:
    QTest.qWait(ms)


def wait_for(condition: Callable[[], bool], seconds: float = 5.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        settle(50)
    return condition()


def screen_of(window: QWidget) -> str:
    screen = QGuiApplication.screenAt(window.frameGeometry().center())
    return screen.name() if screen is not None else ""


def build(
    settings: Settings, *, tray: bool | None = False
) -> tuple[AppController, BackgroundController, FakeClock]:
    entry = RoutineEntry(ROUTINE, Path("neck.yaml"), "bundled", read_only=True)
    clock = FakeClock()
    controller = AppController(
        settings, Library(entries=[entry]), clock=clock, sound_factory=lambda _s: NullSoundPlayer()
    )
    reminders = BackgroundController(
        settings,
        [(ROUTINE.id, ROUTINE.title)],
        controller.start_by_id,
        controller.show_main_window,
        controller.open_settings,
        clock,
        FixedIdleSource(IdleSample(idle_seconds=0.0)),
        routine_seconds={ROUTINE.id: 30.0},
        tray_available=tray,
    )
    controller.reminders = reminders
    reminders.start(minimised=True)
    return controller, reminders, clock


def break_falls_due(reminders: BackgroundController, clock: FakeClock) -> None:
    clock.advance(reminders.settings.break_interval_minutes * 60 + 1)
    reminders.timer.stop()
    reminders.wake()
    wait_for(reminders.prompt.isVisible)
    settle()


def point_at(x: int, y: int) -> None:
    QCursor.setPos(QPoint(x, y))
    wait_for(lambda: QCursor.pos() == QPoint(x, y), 2.0)


def screens(remove_command: list[str]) -> dict[str, Any]:
    """Two screens: where the prompt and the player open, and a window whose screen goes away."""
    make_application()
    seen: dict[str, Any] = {"screens": [s.name() for s in QGuiApplication.screens()]}
    first, second = QGuiApplication.screens()[:2]
    keeper = ScreenKeeper()
    right = second.geometry().center()

    controller, reminders, clock = build(Settings(break_routine=ROUTINE.id))
    controller.window.show()
    controller.window.move(first.availableGeometry().topLeft() + QPoint(40, 40))
    settle(300)
    point_at(right.x(), right.y())
    seen["pointer"] = QGuiApplication.screenAt(QCursor.pos()).name()
    break_falls_due(reminders, clock)
    seen["prompt_on_working_screen"] = screen_of(reminders.prompt)
    reminders.prompt.start_button.click()
    wait_for(lambda: screen_of(controller.window) == second.name(), 3.0)
    seen["player_on"] = screen_of(controller.window)
    seen["showing_player"] = controller.window.showing_player()
    controller.end_session()
    reminders.session_ended(False)

    chosen = reminders.settings.replace(break_screen=first.name())
    reminders.apply_settings(chosen)
    break_falls_due(reminders, clock)
    seen["prompt_on_chosen_screen"] = screen_of(reminders.prompt)
    reminders.prompt.withdraw()

    reminders.apply_settings(chosen.replace(break_screen="NOT-CONNECTED-9"))
    break_falls_due(reminders, clock)
    seen["prompt_when_chosen_is_missing"] = screen_of(reminders.prompt)
    reminders.prompt.withdraw()

    if remove_command:
        window = controller.window
        window.move(second.availableGeometry().topLeft() + QPoint(60, 60))
        wait_for(lambda: screen_of(window) == second.name(), 3.0)
        seen["before_removal"] = screen_of(window)
        subprocess.run(remove_command, check=True)
        wait_for(lambda: len(QGuiApplication.screens()) == 1 and on_some_screen(window.frameGeometry()))
        settle(300)
        seen["screens_after_removal"] = [s.name() for s in QGuiApplication.screens()]
        seen["after_removal_on"] = screen_of(window)
        seen["visible_after_removal"] = on_some_screen(window.frameGeometry())
        seen["brought_back"] = keeper.moved
    reminders.stop()
    return seen


def _shown(window: QWidget) -> bool:
    handle = window.windowHandle()
    return window.isVisible() and handle is not None and handle.isExposed()


def wayland(args: list[str]) -> dict[str, Any]:
    """Library, player, editor and the break prompt as a Wayland client; with ``type``, whether
    keys typed while the prompt shows still reach the library's filter (a seat must exist)."""
    make_application()
    seen: dict[str, Any] = {}
    controller, reminders, clock = build(Settings(break_routine=ROUTINE.id))
    window = controller.window
    controller.show_main_window()
    seen["library_shown"] = wait_for(lambda: _shown(window))
    if "type" in args:
        # Click into the library so the compositor gives it the keyboard, as a person would.
        subprocess.run(["xdotool", "mousemove", "640", "400", "click", "1"], check=True)
        seen["library_active"] = wait_for(lambda: QApplication.activeWindow() is window)
        window.library_page.filter_edit.setFocus()
        # The first keys after the seat appears can be lost between Xvfb and weston; prove the
        # path carries keys before the prompt shows, so what follows tests only the prompt.
        seen["keys_reach_library"] = False
        for _attempt in range(5):
            # The click may be handled after the window turned active and move the focus to
            # the routine list (which takes letters for its own search): focus the filter again.
            settle(200)
            window.library_page.filter_edit.setFocus()
            # No X window manager gives weston's own X window the keyboard: ask for it.
            subprocess.run(
                ["xdotool", "search", "--name", "weston", "windowfocus", "--sync"],
                check=False, timeout=10, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            subprocess.run(["xdotool", "type", "--delay", "30", "x"], check=True)
            if wait_for(lambda: window.library_page.filter_edit.text() != "", 2.0):
                seen["keys_reach_library"] = True
                break
        window.library_page.filter_edit.clear()
    break_falls_due(reminders, clock)
    prompt = reminders.prompt
    seen["prompt_shown"] = wait_for(lambda: _shown(prompt))
    settle(400)
    seen["prompt_active"] = prompt.isActiveWindow()
    if "type" in args:
        subprocess.run(["xdotool", "type", "--delay", "30", "neck"], check=True)
        wait_for(lambda: window.library_page.filter_edit.text() == "neck", 3.0)
        seen["typed_into_library"] = window.library_page.filter_edit.text()
        seen["prompt_still_shown"] = prompt.isVisible()
        window.library_page.filter_edit.clear()
    prompt.start_button.click()
    seen["player_shown"] = wait_for(lambda: window.showing_player() and _shown(window))
    driver = controller.driver
    seen["player_running"] = driver is not None and driver.session.state.name == "RUNNING"
    controller.end_session()
    editor = controller.new_routine()
    seen["editor_shown"] = editor is not None and wait_for(lambda: _shown(editor))
    if editor is not None:
        editor.hide()  # closing a new, unsaved routine asks first
    reminders.stop()
    return seen


def _handshake(folder: Path, mine: str, theirs: str) -> None:
    """Tell the reader ``mine`` happened; wait (events flowing) until it says ``theirs``."""
    (folder / mine).touch()
    if not wait_for((folder / theirs).exists, 30.0):
        raise SystemExit(f"the other side never said {theirs}")


def accessible(args: list[str]) -> dict[str, Any]:
    """The library, a break prompt and a routine's phases, in step with tests/atspi_reader.py."""
    folder = Path(args[0])
    make_application()
    routine = Routine(
        id="neck",
        title="Neck",
        exercises=(
            Exercise(name="Tilt", steps=("Tilt your head.",), hold=HoldRange(3, 3)),
            Exercise(name="Turn", steps=("Turn your head.",), hold=HoldRange(3, 3)),
        ),
    )
    controller, reminders, clock = build(Settings(break_routine=ROUTINE.id))
    controller.show_main_window()
    wait_for(lambda: _shown(controller.window))
    _handshake(folder, "library-shown", "library-read")
    break_falls_due(reminders, clock)
    reminders.prompt.withdraw()
    # The real clock from here: seconds pass and are shown, phases come and go.
    controller._clock = None
    controller.start_routine(routine, gate=False)
    driver = controller.driver
    assert driver is not None
    starts = [driver.session.index]
    seconds: list[int] = []
    driver.phaseStarted.connect(lambda _phase, index, _next: starts.append(index))
    driver.secondChanged.connect(seconds.append)
    settle(2500)  # a couple of seconds tick by in the first phase
    for _ in range(3):
        driver.skip()
        settle(300)
    _handshake(folder, "player-shown", "player-read")
    controller.end_session()
    said = list(controller.announcer.said) if controller.announcer else []
    reminders.stop()
    settle(300)
    (folder / "finished").touch()
    return {"phase_starts": starts, "seconds_shown": len(seconds), "said": said}


def tray(args: list[str]) -> dict[str, Any]:
    """The reminders with the tray the desktop offers; waits while the test reads it over D-Bus."""
    folder = Path(args[0])
    make_application()
    _controller, reminders, _clock = build(Settings(break_routine=ROUTINE.id), tray=None)
    heard: list[str] = []
    actions = reminders.actions
    actions.showWindow.connect(lambda: heard.append("open"))
    actions.skipNext.connect(lambda: heard.append("skip"))
    seen: dict[str, Any] = {
        "tray": reminders.tray is not None,
        "fallback_window": reminders.fallback is not None,
    }
    _handshake(folder, "tray-shown", "tray-read")
    settle(300)
    seen["commands"] = heard
    reminders.stop()
    return seen


SCENARIOS: dict[str, Callable[[list[str]], dict[str, Any]]] = {
    "tray": tray,
    "screens": screens,
    "wayland": wayland,
    "accessible": accessible,
}


def main(argv: list[str]) -> int:
    name, *rest = argv
    os.environ.setdefault("STRETCHAPP_HOME", os.environ.get("TMPDIR", "/tmp"))
    seen = SCENARIOS[name](rest)
    seen["platform"] = QGuiApplication.platformName()
    print(json.dumps(seen), flush=True)
    app = QApplication.instance()
    if app is not None:
        app.closeAllWindows()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
