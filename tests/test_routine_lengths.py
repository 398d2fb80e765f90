"""A routine's length follows the hold length in the settings: in the library and for the reminders."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from stretchapp.core import text
from stretchapp.core.model import HoldLength
from stretchapp.core.timeline import build_timeline, routine_seconds
from stretchapp.routines.library import load_library
from stretchapp.storage.settings import Settings
from stretchapp.ui.controller import AppController
from stretchapp.ui.library.routine_list import DETAIL_ROLE
from tests.fakes import FakeClock

RANGED = "neck-relief"  # one of its exercises holds for 15 to 30 seconds


@pytest.mark.parametrize("hold", list(HoldLength))
def test_a_routine_s_length_is_that_of_its_timeline(hold: HoldLength) -> None:
    for entry in load_library().entries:
        assert (
            routine_seconds(entry.routine, hold)
            == build_timeline(entry.routine, hold_length=hold).total_seconds
        )


def test_long_holds_make_a_ranged_routine_longer() -> None:
    routine = load_library().resolve(RANGED)
    assert routine_seconds(routine, HoldLength.LONG) > routine_seconds(routine, HoldLength.SHORT)


@pytest.fixture
def controller(qtbot, clock: FakeClock) -> Iterator[AppController]:  # type: ignore[no-untyped-def]
    from stretchapp.ui.session.audio import NullSoundPlayer

    app = AppController(
        Settings(hold_length=HoldLength.LONG, break_routine=RANGED),
        load_library(),
        clock=clock,
        sound_factory=lambda _settings: NullSoundPlayer(),
    )
    qtbot.addWidget(app.window)
    yield app
    app.end_session()


def shown_length(app: AppController, routine_id: str) -> str:
    page = app.window.library_page
    detail = page.model.index(page.model.row_of(routine_id)).data(DETAIL_ROLE)
    assert isinstance(detail, str)
    return detail


def test_the_library_shows_lengths_for_the_hold_length_set(controller: AppController) -> None:
    routine = controller.library.resolve(RANGED)
    long_words = text.duration(build_timeline(routine, hold_length=HoldLength.LONG).total_seconds)
    short_words = text.duration(build_timeline(routine, hold_length=HoldLength.SHORT).total_seconds)
    page = controller.window.library_page
    assert long_words in shown_length(controller, RANGED)
    assert page.select(RANGED)
    assert long_words in page.details.toPlainText()

    controller.apply_settings(controller.settings.replace(hold_length=HoldLength.SHORT))
    assert short_words in shown_length(controller, RANGED)
    assert long_words not in shown_length(controller, RANGED)
    assert short_words in page.details.toPlainText()


def test_idle_counts_as_the_break_for_the_length_the_routine_takes_with_the_hold_set(
    controller: AppController,
) -> None:
    routine = controller.library.resolve(RANGED)
    reminders = controller.start_reminders()
    try:
        assert reminders.scheduler.break_length_s == routine_seconds(routine, HoldLength.LONG)
        controller.apply_settings(controller.settings.replace(hold_length=HoldLength.SHORT))
        assert reminders.scheduler.break_length_s == routine_seconds(routine, HoldLength.SHORT)
    finally:
        reminders.stop()
        if reminders.fallback is not None:
            reminders.fallback.close()
        reminders.prompt.close()
