"""Contraindications alone are enough to ask before a routine's first start."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from stretchapp.routines.library import load_library
from stretchapp.routines.loader import parse_routine
from stretchapp.storage.settings import Settings
from stretchapp.ui.controller import AppController
from stretchapp.ui.session.audio import NullSoundPlayer
from tests.fakes import FakeClock

ROUTINE = """
title: From the clinic
contraindications: [Neck surgery in the last six months.]
exercises:
  - name: Chin tuck
    hold: 5
    steps: [Sit tall.]
"""


@pytest.fixture
def app(qtbot, clock: FakeClock) -> Iterator[AppController]:  # type: ignore[no-untyped-def]
    controller = AppController(
        Settings(sound_enabled=False), load_library(), clock=clock, sound_factory=lambda _s: NullSoundPlayer()
    )
    controller.player.confirm_leave = lambda: True
    qtbot.addWidget(controller.window)
    yield controller
    controller.end_session()


def test_contraindications_alone_are_asked_before_the_first_start(app: AppController, tmp_path: Path) -> None:
    routine = parse_routine(ROUTINE, tmp_path / "clinic.yaml")
    assert not routine.cautions
    asked: list[str] = []

    def decline(shown: object, _parent: object) -> bool:
        asked.append(getattr(shown, "id", ""))
        return False

    app.confirm_cautions = decline  # type: ignore[assignment]
    assert app.start_routine(routine) is False
    assert asked == ["clinic"]
