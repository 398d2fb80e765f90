"""Reads stretchapp's accessibility tree and events over AT-SPI, as Orca would, and prints JSON.

Run beside ``python -m tests.desktop_scenarios accessible FOLDER`` on the same accessibility
bus; the two take turns through marker files in FOLDER. Uses libatspi through PyGObject
(``gi.repository.Atspi``), the library Orca itself is built on.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

APP_NAME = "stretchapp"


def pump(seconds: float, until: Any = None) -> bool:
    """Let events arrive for up to ``seconds``, or until ``until()`` is true."""
    context = GLib.MainContext.default()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        while context.pending():
            context.iteration(False)
        if until is not None and until():
            return True
        time.sleep(0.02)
    return until() if until is not None else True


def find_app() -> Any:
    desktop = Atspi.get_desktop(0)
    for index in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(index)
        if app is not None and app.get_name() == APP_NAME:
            return app
    return None


def walk(node: Any, out: list[dict[str, Any]], depth: int = 0) -> None:
    if node is None or depth > 40:
        return
    try:
        states = node.get_state_set()
        out.append(
            {
                "role": node.get_role_name(),
                "name": node.get_name() or "",
                "description": node.get_description() or "",
                "showing": states.contains(Atspi.StateType.SHOWING),
                "focused": states.contains(Atspi.StateType.FOCUSED),
            }
        )
        for index in range(node.get_child_count()):
            walk(node.get_child_at_index(index), out, depth + 1)
    except GLib.Error:
        return  # a node that went away while being read


def tree() -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = []
    app = find_app()
    if app is not None:
        for index in range(app.get_child_count()):
            walk(app.get_child_at_index(index), nodes)
    return nodes


def wait_for_file(path: Path, seconds: float = 40.0) -> None:
    if not pump(seconds, path.exists):
        raise SystemExit(f"the app never said {path.name}")


def main(folder: Path) -> int:
    Atspi.init()
    heard: list[dict[str, Any]] = []

    def on_event(event: Any) -> None:
        try:
            source = event.source
            announced = "announcement" in event.type
            heard.append(
                {
                    "type": event.type,
                    "text": str(event.any_data) if announced and event.any_data is not None else "",
                    "detail1": event.detail1,
                    "source_role": source.get_role_name() if source is not None else "",
                    "source_name": (source.get_name() or "") if source is not None else "",
                }
            )
        except GLib.Error:
            return  # its source went away before it could be read

    listener = Atspi.EventListener.new(on_event)
    listener.register("object:announcement")
    listener.register("object:state-changed:focused")
    report: dict[str, Any] = {}
    wait_for_file(folder / "library-shown")
    pump(10, lambda: any(n["name"] == "Filter routines" for n in tree()))
    report["library"] = tree()
    (folder / "library-read").touch()
    wait_for_file(folder / "player-shown")
    pump(0.5)
    report["player"] = tree()
    (folder / "player-read").touch()
    wait_for_file(folder / "finished")
    pump(1.0)
    report["heard"] = heard
    print(json.dumps(report), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
