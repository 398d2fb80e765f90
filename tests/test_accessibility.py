"""What a screen reader gets: the real AT-SPI tree and events, read over the accessibility bus
with libatspi (as Orca reads them) while the app runs under Xvfb and openbox."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from tests.displays import accessibility_missing, accessibility_session, run_scenario

PROMPT_PARTS = {"Break reminder", "Start", "Skip", "stretchapp"}


@pytest.fixture(scope="module")
def heard(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    reason = accessibility_missing()
    if reason is not None:
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("a11y")
    marks = folder / "marks"
    marks.mkdir()
    with accessibility_session(folder) as env:
        return run_scenario(
            "accessible", env, str(marks), reader=["tests.atspi_reader", str(marks)], timeout=120
        )


def _showing(nodes: list[dict[str, Any]]) -> set[tuple[str, str]]:
    return {(n["role"], n["name"]) for n in nodes if n["showing"]}


def test_the_library_controls_have_names_and_roles(heard: dict[str, Any]) -> None:
    library = _showing(heard["reader"]["library"])
    for control in [
        ("frame", "stretchapp"),
        ("text", "Filter routines"),
        ("list", "Routines"),
        ("push button", "Start routine"),
    ]:
        assert control in library, control
    assert any(role == "list item" and name.startswith("Neck") for role, name in library)


def test_the_player_controls_have_names_roles_and_descriptions(heard: dict[str, Any]) -> None:
    nodes = [n for n in heard["reader"]["player"] if n["showing"]]
    by_name = {n["name"]: n for n in nodes}
    for name in ("Back", "Pause", "Skip", "Leave routine", "Sound", "Full screen"):
        assert by_name[name]["role"] == "push button", name
        assert by_name[name]["description"], name  # what it does, beyond its name
    assert by_name["Countdown"]["description"]  # the time left, which the ring only draws
    assert by_name["Stretch player"]["description"]  # the phase the person is in


def _announcements(heard: dict[str, Any], source: str) -> list[str]:
    return [
        e["text"]
        for e in heard["reader"]["heard"]
        if e["type"] == "object:announcement" and e["source_name"] == source
    ]


def test_the_player_announces_each_phase_once_never_the_seconds(heard: dict[str, Any]) -> None:
    said = _announcements(heard, "Stretch player")
    assert said == heard["said"]  # every announcement the app made reached the bus, nothing more
    starts = heard["phase_starts"]
    assert len(said) == len(starts) + 1  # one per phase, and the routine's end
    assert all(a != b for a, b in itertools.pairwise(said))
    assert heard["seconds_shown"] >= 2  # seconds did tick by, unannounced
    assert "Tilt" in said[0] and said[-1]


def test_the_break_prompt_is_announced_without_taking_focus(heard: dict[str, Any]) -> None:
    (announced,) = _announcements(heard, "Break reminder")
    assert "Neck" in announced  # the routine it offers
    focused = [
        e["source_name"]
        for e in heard["reader"]["heard"]
        if e["type"].startswith("object:state-changed:focused") and e["detail1"]
    ]
    assert not PROMPT_PARTS & set(focused)
