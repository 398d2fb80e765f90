"""The check-in strip in the player: asked after each exercise, never blocking, kept, and safe after a sharp pain."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QUrl

from stretchapp.core.checkin import Feeling, due_at_phase
from stretchapp.core.engine import SessionState
from stretchapp.core.model import HoldLength, PhaseKind
from stretchapp.routines.library import load_library
from stretchapp.storage.history import read_history
from stretchapp.storage.settings import Settings
from stretchapp.ui.controller import AppController
from stretchapp.ui.player import view as player_view
from stretchapp.ui.session.audio import NullSoundPlayer
from tests.fakes import FakeClock
from tests.test_checkins import scalene_yesterday


@pytest.fixture
def make_app(qtbot, clock: FakeClock) -> Iterator:  # type: ignore[no-untyped-def, type-arg]
    made: list[AppController] = []

    def make(settings: Settings | None = None) -> AppController:
        controller = AppController(
            settings or Settings(), load_library(), clock=clock, sound_factory=lambda _s: NullSoundPlayer()
        )
        controller.confirm_cautions = lambda routine, parent: True
        qtbot.addWidget(controller.window)
        controller.window.resize(1280, 720)
        controller.window.show()
        qtbot.waitUntil(controller.window.isActiveWindow)
        made.append(controller)
        return controller

    yield make
    for controller in made:
        controller.end_session()
        if controller._history is not None:
            controller.history.close()


def neck_relief(app: AppController) -> None:
    assert app.start_routine(app.library.resolve("neck-relief"))


def to_first_checkin(app: AppController, clock: FakeClock) -> None:
    driver = app.driver
    assert driver is not None
    session = driver.session
    target = next(
        i for i in range(len(session.timeline.phases)) if due_at_phase(session.timeline, i) is not None
    )
    while session.index < target:
        clock.advance(session.remaining())
        driver.tick()


def finish(app: AppController, clock: FakeClock) -> None:
    assert app.driver is not None
    clock.advance(app.driver.session.routine_remaining() + 0.01)
    app.driver.tick()


def test_the_question_comes_after_both_sides_and_the_routine_goes_on(qtbot, make_app, clock) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    neck_relief(app)
    player = app.player
    assert player.checkin_strip is None  # not during the first exercise
    to_first_checkin(app, clock)
    strip = player.checkin_strip
    assert strip is not None and strip.question.isVisible()
    assert "Simple neck stretch" in strip.question.text()
    session = app.driver.session  # type: ignore[union-attr]
    assert session.state is SessionState.RUNNING  # never blocks
    clock.advance(session.remaining())
    app.driver.tick()  # type: ignore[union-attr]
    assert session.phase.kind is PhaseKind.PREPARE  # moved on while the question was up
    qtbot.keyClick(player, Qt.Key.Key_2)
    assert player.checkin_strip is None
    assert [(c.exercise, c.feeling) for c in session.checkins] == [
        ("Simple neck stretch", Feeling.JUST_RIGHT)
    ]
    finish(app, clock)
    assert player.end_checkin.shown  # the last exercise is asked about on the end screen
    qtbot.keyClick(player, Qt.Key.Key_1)
    assert app.history.wait_idle(10)
    (kept,) = read_history()
    assert [(c.exercise, c.feeling) for c in kept.checkins] == [
        ("Simple neck stretch", Feeling.JUST_RIGHT),
        ("Scalene stretch", Feeling.EASY),
    ]


def test_the_question_fades_by_itself_and_can_be_skipped(qtbot, make_app, clock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(player_view, "CHECKIN_SHOW_MS", 10)
    app = make_app()
    neck_relief(app)
    to_first_checkin(app, clock)
    player = app.player
    assert player.checkin_strip is not None
    qtbot.waitUntil(lambda: player.checkin_strip is None)
    player.ask_checkin(0)
    player.session_checkin.skip.click()
    assert player.checkin_strip is None
    assert app.driver.session.checkins == ()  # type: ignore[union-attr]


def test_check_ins_can_be_turned_off(make_app, clock) -> None:  # type: ignore[no-untyped-def]
    app = make_app(Settings(checkins=False))
    neck_relief(app)
    to_first_checkin(app, clock)
    assert app.player.checkin_strip is None
    app.change_settings(checkins=True)
    app.player.ask_checkin(0)
    assert app.player.checkin_strip is not None


def test_sharp_pain_stops_advises_and_leaves_the_exercise_out_until_brought_back(
    qtbot, make_app, clock
) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    asked: list[str] = []
    app.ask_leave_out = lambda exercise, parent: asked.append(exercise) or True
    neck_relief(app)
    to_first_checkin(app, clock)
    session = app.driver.session  # type: ignore[union-attr]
    qtbot.keyClick(app.player, Qt.Key.Key_4)
    assert asked == ["Simple neck stretch"]
    assert session.state is SessionState.STOPPED
    assert not app.window.showing_player()
    assert app.history.wait_idle(10)
    (kept,) = read_history()
    assert [c.feeling for c in kept.checkins] == [Feeling.SHARP_PAIN]
    neck_relief(app)
    names = {p.exercise for p in app.driver.session.timeline.phases}  # type: ignore[union-attr]
    assert names == {"Scalene stretch"}
    app.end_session()
    app.bring_back("neck-relief", "Simple neck stretch")
    neck_relief(app)
    names = {p.exercise for p in app.driver.session.timeline.phases}  # type: ignore[union-attr]
    assert names == {"Simple neck stretch", "Scalene stretch"}


def test_the_player_uses_todays_progressive_holds(make_app) -> None:  # type: ignore[no-untyped-def]
    scalene_yesterday(Feeling.EASY, 15)
    app = make_app(Settings(hold_length=HoldLength.ACROSS_DAYS))
    neck_relief(app)
    phases = app.driver.session.timeline.phases  # type: ignore[union-attr]
    assert {p.seconds for p in phases if p.kind is PhaseKind.HOLD and p.exercise == "Scalene stretch"} == {20}


def test_the_library_details_bring_an_exercise_back(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app(Settings(left_out_exercises=("neck-relief/Scalene stretch",)))
    page = app.window.library_page
    assert page.select("neck-relief")
    html = page.details.toHtml()
    assert "Left out after a sharp pain" in html
    page.details.anchorClicked.emit(QUrl("bring-back:1"))  # the link beside the exercise
    assert app.settings.left_out_exercises == ()
    assert "Left out after a sharp pain" not in page.details.toHtml()


def test_the_history_view_shows_each_exercises_answers_per_day(qtbot, make_app, clock) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    neck_relief(app)
    to_first_checkin(app, clock)
    qtbot.keyClick(app.player, Qt.Key.Key_3)
    finish(app, clock)
    app.leave_player()
    app.show_history()
    view = app.history_view
    assert view is not None
    qtbot.waitUntil(lambda: view.checkins.topLevelItemCount() == 1, timeout=10000)
    row = view.checkins.topLevelItem(0)
    assert row.text(0) == "Simple neck stretch (Neck relief)"
    today = view.checkins.columnCount() - 1  # the last of the 14 days
    assert view.checkins.columnCount() == 15
    assert row.text(today) == "3"
    assert "Uncomfortable" in row.toolTip(today)


def test_an_exercise_skipped_through_is_not_asked_about(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    neck_relief(app)
    session = app.driver.session  # type: ignore[union-attr]
    while session.phase.exercise == "Simple neck stretch":
        app.driver.skip()  # type: ignore[union-attr]
    assert app.player.checkin_strip is None
    assert not session.held(0)
