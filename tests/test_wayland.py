"""The app as a native Wayland client, inside a real compositor the tests start: weston headless
(windows open, the app id reaches the compositor) and weston with a seat (keys typed while the
break prompt shows still go where the person was typing)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from stretchapp.appid import APP_ID
from tests.displays import (
    run_scenario,
    weston_headless,
    weston_missing,
    weston_with_seat,
    weston_with_seat_missing,
)


@pytest.mark.skipif(weston_missing() is not None, reason=str(weston_missing()))
def test_library_player_editor_and_prompt_open_on_wayland_with_the_desktop_file_name(tmp_path: Path) -> None:
    with weston_headless(tmp_path) as env:
        # libwayland's own log of every request: what the compositor is really told.
        seen = run_scenario("wayland", {**env, "WAYLAND_DEBUG": "client"})
    assert seen["platform"] == "wayland"
    for what in ("library_shown", "prompt_shown", "player_shown", "player_running", "editor_shown"):
        assert seen[what], what
    assert not seen["prompt_active"]
    app_ids = set(re.findall(r'set_app_id\("([^"]*)"\)', seen["stderr"]))
    assert app_ids == {APP_ID}


@pytest.mark.skipif(weston_with_seat_missing() is not None, reason=str(weston_with_seat_missing()))
def test_on_wayland_the_break_prompt_never_takes_the_keyboard(tmp_path: Path) -> None:
    with weston_with_seat(tmp_path) as env:
        seen = run_scenario("wayland", env, "type")
    if not (seen["library_active"] and seen["keys_reach_library"]):
        # Before any prompt exists, the harness (xdotool -> Xvfb -> weston's X11 seat) did not
        # carry keys to the library at all; that run cannot say anything about the prompt.
        pytest.skip("weston's X11 seat delivered no keys to the library before the prompt showed")
    assert seen["prompt_shown"] and not seen["prompt_active"]
    assert seen["typed_into_library"] == "neck"
    assert seen["prompt_still_shown"]
