"""The player tells the truth about a run: a rehearsal says so all along, skipped holds at the end."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from stretchapp.routines.library import load_library
from stretchapp.ui.controller import AppController
from stretchapp.ui.session.audio import NullSoundPlayer
from tests.fakes import FakeClock
from tests.test_player import open_app


@pytest.fixture
def app(qtbot, clock: FakeClock) -> Iterator[AppController]:  # type: ignore[no-untyped-def]
    controller = open_app(qtbot, clock, lambda _settings: NullSoundPlayer())
    yield controller
    controller.end_session()


def routine(name: str = "neck-relief"):  # type: ignore[no-untyped-def]
    entry = load_library().get(name)
    assert entry is not None
    return entry.routine


def test_a_rehearsal_at_five_times_says_so_in_every_phase_and_at_the_end(
    app: AppController, clock: FakeClock
) -> None:
    app.play_preview(routine(), 0, 5.0)
    driver = app.driver
    assert driver is not None
    player = app.player
    seen = 0
    while driver.session.summary is None:
        assert player.title_label.isVisible()
        assert "Rehearsal at 5×" in player.title_label.text()
        clock.advance(driver.session.remaining() / 5 + 0.001)  # the rehearsal's clock runs 5x
        driver.tick()
        seen += 1
    assert seen > 3
    assert player.end_title.text() == "Rehearsal finished"
    assert "not counted" in player.end_summary.text()
    assert driver.session.summary.rehearsal


def test_a_routine_at_normal_speed_shows_its_plain_title(app: AppController) -> None:
    app.start_routine(routine())
    assert app.player.title_label.text() == routine().title


def test_holding_right_through_ends_without_praise_and_says_why(
    qtbot, app: AppController, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    app.start_routine(routine())
    driver = app.driver
    assert driver is not None
    while driver.session.summary is None:
        clock.advance(0.2)
        driver.tick()
        qtbot.keyClick(app.player, Qt.Key.Key_Right)
    summary = driver.session.summary
    assert summary.completed and not summary.counts_as_done
    player = app.player
    assert player.end_title.isVisible()
    assert player.end_title.text() != "Well done!"
    assert "not counted as a finished routine" in player.end_summary.text()


def test_a_routine_held_through_is_praised(app: AppController, clock: FakeClock) -> None:
    app.start_routine(routine())
    driver = app.driver
    assert driver is not None
    clock.advance(driver.session.routine_remaining() + 0.01)
    driver.tick()
    assert app.player.end_title.text() == "Well done!"
    assert "not counted" not in app.player.end_summary.text()
