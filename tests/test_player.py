"""The player and the library window, driven by the keyboard and the fake clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt

from stretchapp.core.cues import Sound
from stretchapp.core.engine import Session, SessionState
from stretchapp.core.model import Exercise, HoldRange, PhaseKind, Routine, Side
from stretchapp.routines.library import load_library
from stretchapp.storage import settings as settings_store
from stretchapp.storage.settings import Settings
from stretchapp.ui.controller import AppController
from stretchapp.ui.player.view import PlayerView
from stretchapp.ui.session.audio import NullSoundPlayer, SoundPlayer
from stretchapp.ui.session.driver import SessionDriver
from tests.fakes import FakeClock


def open_app(qtbot, clock: FakeClock, sound_factory: Callable[[Settings], SoundPlayer]) -> AppController:  # type: ignore[no-untyped-def]
    """The app's main window on screen and active, cautions accepted, leaving without a question."""
    app = AppController(Settings(), load_library(), clock=clock, sound_factory=sound_factory)
    app.gate_calls: list[str] = []  # type: ignore[attr-defined]

    def accept(routine: Routine, parent: object) -> bool:
        app.gate_calls.append(routine.id)  # type: ignore[attr-defined]
        return True

    app.confirm_cautions = accept
    app.player.confirm_leave = lambda: True
    qtbot.addWidget(app.window)
    app.window.resize(1280, 720)
    app.window.show()
    # Keys reach the player's shortcuts only in the active window, which offscreen Qt makes
    # active once it processes events.
    qtbot.waitUntil(app.window.isActiveWindow)
    return app


@pytest.fixture
def controller(qtbot, clock: FakeClock) -> Iterator[AppController]:  # type: ignore[no-untyped-def]
    app = open_app(qtbot, clock, lambda _settings: NullSoundPlayer())
    yield app
    app.end_session()


def key(qtbot, widget, key: Qt.Key, text: str = "", modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(widget, key, modifier)


def start_by_keyboard(qtbot, app: AppController, name: str) -> None:  # type: ignore[no-untyped-def]
    page = app.window.library_page
    qtbot.keyClicks(page.filter_edit, name)
    qtbot.keyClick(page.filter_edit, Qt.Key.Key_Return)


def finish_routine(app: AppController, clock: FakeClock) -> None:
    """Let the running routine play to its end on the fake clock."""
    driver = app.driver
    assert driver is not None
    clock.advance(driver.session.routine_remaining() + 0.01)
    driver.tick()


def advance_to(app: AppController, clock: FakeClock, index: int, into: float = 0.0) -> None:
    """Move the fake clock to ``into`` seconds after the start of phase ``index`` and tick."""
    driver = app.driver
    assert driver is not None
    session = driver.session
    while session.index < index:
        clock.advance(session.remaining())
        driver.tick()
    clock.advance(into)
    driver.tick()


def test_typing_filters_and_enter_starts(qtbot, controller: AppController) -> None:  # type: ignore[no-untyped-def]
    page = controller.window.library_page
    qtbot.keyClicks(page.filter_edit, "quick")
    assert page.visible_titles() == ["Quick neck break"]
    qtbot.keyClick(page.filter_edit, Qt.Key.Key_Return)
    assert controller.window.showing_player()
    assert controller.driver is not None
    assert controller.driver.session.timeline.routine.id == "quick-neck-break"
    assert controller.driver.session.state is SessionState.RUNNING


def test_arrow_keys_in_the_filter_move_the_selection(qtbot, controller: AppController) -> None:  # type: ignore[no-untyped-def]
    page = controller.window.library_page
    first = page.selected_entry()
    qtbot.keyClick(page.filter_edit, Qt.Key.Key_Down)
    second = page.selected_entry()
    assert first is not None and second is not None and first.routine.id != second.routine.id
    qtbot.keyClick(page.filter_edit, Qt.Key.Key_Up)
    assert page.selected_entry() == first


def test_keyboard_only_session(qtbot, controller: AppController, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    start_by_keyboard(qtbot, controller, "neck relief")
    driver = controller.driver
    assert driver is not None
    session = driver.session
    player = controller.player
    assert session.state is SessionState.RUNNING

    clock.advance(2)
    driver.tick()
    qtbot.keyClick(player, Qt.Key.Key_Space)
    assert session.state is SessionState.PAUSED
    assert player.pause_banner.isVisibleTo(player)
    assert player.pause_button.text() == "Resume"
    clock.advance(60)
    qtbot.keyClick(player, Qt.Key.Key_Space)
    assert session.state is SessionState.RUNNING
    assert session.remaining_whole() == 3

    qtbot.keyClick(player, Qt.Key.Key_Right)
    assert session.index == 1 and player.phase_label.text() == "Hold"
    clock.advance(5)
    driver.tick()
    qtbot.keyClick(player, Qt.Key.Key_Left)  # more than 2 s in: restart this phase
    assert session.index == 1 and session.remaining_whole() == 15
    qtbot.keyClick(player, Qt.Key.Key_Left)  # at its start: previous phase
    assert session.index == 0 and player.phase_label.text() == "Get ready"

    qtbot.keyClick(player, Qt.Key.Key_R)
    assert session.index == 0

    qtbot.keyClick(player, Qt.Key.Key_Escape)
    assert not controller.window.showing_player()
    assert session.state is SessionState.STOPPED
    assert controller.driver is None


def test_escape_asks_and_no_keeps_the_session(qtbot, controller: AppController, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    controller.player.confirm_leave = lambda: False
    start_by_keyboard(qtbot, controller, "quick")
    session = controller.driver.session  # type: ignore[union-attr]
    qtbot.keyClick(controller.player, Qt.Key.Key_Escape)
    assert controller.window.showing_player()
    assert session.state is SessionState.RUNNING


def test_labels_match_the_engine_on_every_phase(qtbot, controller: AppController, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    start_by_keyboard(qtbot, controller, "quick")
    driver = controller.driver
    assert driver is not None
    player = controller.player
    phases = driver.session.timeline.phases
    for index, phase in enumerate(phases):
        advance_to(controller, clock, index, 0.5)
        session = driver.session
        assert session.index == index
        assert player.phase_label.text() == phase.label
        assert player.exercise_label.text() == phase.exercise
        if phase.kind is PhaseKind.REST:
            assert not player.position_label.isVisibleTo(player)
        else:
            assert player.position_label.text() == phase.position
        if phase.kind is PhaseKind.HOLD:
            assert player.prompt_label.text() == phase.prompt
        assert player.ring.text == str(session.remaining_whole())
        assert player.ring.text == str(phase.seconds)  # 0.5 s in, the whole seconds are still full
        upcoming = phases[index + 1] if index + 1 < len(phases) else None
        assert (upcoming is None) == (player.next_label.text() == "Next: finish")
        clock.advance(1)
        driver.tick()
        assert player.ring.text == str(phase.seconds - 1)


def test_left_side_shows_mirrored_text_and_drawing(
    qtbot, controller: AppController, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    start_by_keyboard(qtbot, controller, "neck relief")
    driver = controller.driver
    assert driver is not None
    phases = driver.session.timeline.phases
    right = next(i for i, p in enumerate(phases) if p.kind is PhaseKind.PREPARE and p.side is Side.RIGHT)
    left = next(i for i, p in enumerate(phases) if p.kind is PhaseKind.PREPARE and p.side is Side.LEFT)
    player = controller.player

    advance_to(controller, clock, right)
    assert player.position_label.text() == "Right side, rep 1 of 3"
    assert "right shoulder" in player.prompt_label.text()
    assert not player.image.mirrored and player.image.has_image()
    right_drawing = player.image.path

    advance_to(controller, clock, left)
    assert player.position_label.text() == "Left side, rep 1 of 3"
    assert "left shoulder" in player.prompt_label.text()
    assert "right" not in player.prompt_label.text()
    assert player.image.mirrored and player.image.path == right_drawing


def test_cautions_are_asked_once_per_routine(qtbot, controller: AppController) -> None:  # type: ignore[no-untyped-def]
    start_by_keyboard(qtbot, controller, "neck relief")
    controller.leave_player()
    controller.window.library_page.filter_edit.clear()
    start_by_keyboard(qtbot, controller, "neck relief")
    assert controller.gate_calls == ["neck-relief"]  # type: ignore[attr-defined]
    assert "neck-relief" in settings_store.load().settings.acknowledged_cautions


def test_declining_the_cautions_does_not_start(qtbot, controller: AppController) -> None:  # type: ignore[no-untyped-def]
    controller.confirm_cautions = lambda routine, parent: False
    start_by_keyboard(qtbot, controller, "neck relief")
    assert not controller.window.showing_player()
    assert controller.driver is None


def test_end_screen_again_and_done(qtbot, controller: AppController, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    start_by_keyboard(qtbot, controller, "quick")
    finish_routine(controller, clock)
    player = controller.player
    assert player.end_title.isVisible()
    assert "You stretched for 1 min 18 s" in player.end_summary.text()
    assert "nothing skipped" in player.end_summary.text()
    qtbot.mouseClick(player.again_button, Qt.MouseButton.LeftButton)
    assert controller.driver is not None and controller.driver.session.state is SessionState.RUNNING
    assert player.phase_label.isVisible()
    finish_routine(controller, clock)
    qtbot.mouseClick(player.done_button, Qt.MouseButton.LeftButton)
    assert not controller.window.showing_player()


def test_readable_from_a_metre_away(qtbot, controller: AppController) -> None:  # type: ignore[no-untyped-def]
    start_by_keyboard(qtbot, controller, "quick")
    player = controller.player
    height = controller.window.height()
    assert player.ring.digit_pixel_size() >= height / 5
    assert player.prompt_label.font().pixelSize() >= 28
    before = player.prompt_label.font().pixelSize()
    qtbot.keyClick(player, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert player.prompt_label.font().pixelSize() > before
    assert settings_store.load().settings.text_scale > 1.0
    qtbot.keyClick(player, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert player.prompt_label.font().pixelSize() == before
    controller.window.resize(1920, 1080)
    qtbot.wait(1)
    assert player.ring.digit_pixel_size() >= 1080 / 5


def test_mute_key_flips_and_remembers(qtbot, controller: AppController) -> None:  # type: ignore[no-untyped-def]
    start_by_keyboard(qtbot, controller, "quick")
    qtbot.keyClick(controller.player, Qt.Key.Key_M)
    assert controller.player.muted
    assert controller.player.mute_button.text() == "Sound off"
    assert settings_store.load().settings.muted


def test_every_control_has_a_name_and_takes_tab_focus(qtbot, controller: AppController) -> None:  # type: ignore[no-untyped-def]
    start_by_keyboard(qtbot, controller, "quick")
    from PySide6.QtWidgets import QPushButton

    buttons = controller.player.findChildren(QPushButton)
    assert len(buttons) >= 8
    for button in buttons:
        assert button.accessibleName(), button.text()
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_a_screen_reader_hears_what_each_text_says(qtbot, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QAccessible

    player, _driver = player_following(qtbot, clock)
    for label in (player.phase_label, player.exercise_label, player.position_label):
        spoken = QAccessible.queryAccessibleInterface(label).text(QAccessible.Text.Name)
        assert label.text() and spoken == label.text().replace("\u00ad", "")


def test_ring_animates_only_while_running_and_visible(qtbot, controller: AppController) -> None:  # type: ignore[no-untyped-def]
    start_by_keyboard(qtbot, controller, "quick")
    ring = controller.player.ring
    assert ring.is_animating()
    qtbot.keyClick(controller.player, Qt.Key.Key_Space)
    assert not ring.is_animating()
    qtbot.keyClick(controller.player, Qt.Key.Key_Space)
    assert ring.is_animating()
    controller.window.hide()
    assert not ring.is_animating()


def test_leaving_stops_every_timer(qtbot, controller: AppController) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer

    start_by_keyboard(qtbot, controller, "quick")
    controller.leave_player()
    active = [
        t for t in controller.findChildren(QTimer) + controller.window.findChildren(QTimer) if t.isActive()
    ]
    assert active == []


def test_reload_shows_a_new_routine_and_lists_a_broken_one(qtbot, controller: AppController) -> None:  # type: ignore[no-untyped-def]
    from stretchapp.storage import paths

    folder = paths.user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mine.yaml").write_text(
        "title: My shoulder break\nexercises:\n  - name: Shrug\n    hold: 5\n    steps: [Lift your shoulders.]\n",
        encoding="utf-8",
    )
    (folder / "broken.yaml").write_text("title: Broken\nexercises: []\n", encoding="utf-8")
    controller.window.reload_action.trigger()
    page = controller.window.library_page
    assert "My shoulder break" in page.visible_titles()
    assert page.broken_box.isVisibleTo(page)
    assert page.broken_list.count() == 1
    assert "broken.yaml: line 2, column 12" in page.broken_list.item(0).text()


def test_broken_file_never_hides_the_others(qtbot, controller: AppController) -> None:  # type: ignore[no-untyped-def]
    from stretchapp.storage import paths

    folder = paths.user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "binary.yaml").write_bytes(b"\xff\xfe\x00garbage")
    controller.reload_library()
    titles = controller.window.library_page.visible_titles()
    assert {"Neck relief", "Quick neck break"} <= set(titles)
    assert "not UTF-8" in controller.window.library_page.broken_list.item(0).text()


def test_sessions_are_recorded_in_the_history(qtbot, controller: AppController, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    from stretchapp.storage.history import read_history

    start_by_keyboard(qtbot, controller, "quick")
    finish_routine(controller, clock)
    controller.leave_player()
    controller.window.library_page.filter_edit.clear()
    start_by_keyboard(qtbot, controller, "neck relief")
    clock.advance(30)
    controller.driver.tick()  # type: ignore[union-attr]
    controller.player.request_leave()
    assert controller.history.wait_idle(30)  # saving runs on the history thread
    records = read_history(None)
    assert [(r.routine_id, r.completed) for r in records] == [
        ("quick-neck-break", True),
        ("neck-relief", False),
    ]
    assert round(records[0].active_seconds) == 78
    assert round(records[1].active_seconds) == 30


def test_typing_selects_the_first_match(qtbot, controller: AppController) -> None:  # type: ignore[no-untyped-def]
    page = controller.window.library_page
    qtbot.keyClick(page.filter_edit, Qt.Key.Key_Down)
    assert page.selected_entry().routine.id == "quick-neck-break"  # type: ignore[union-attr]
    qtbot.keyClicks(page.filter_edit, "neck relief")
    assert page.visible_titles()[0] == "Neck relief"
    assert page.selected_entry().routine.id == "neck-relief"  # type: ignore[union-attr]


def test_history_window_shows_todays_minutes(qtbot, controller: AppController, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    start_by_keyboard(qtbot, controller, "quick")
    finish_routine(controller, clock)
    controller.window.history_action.trigger()
    view = controller.history_view
    assert view is not None and view.isVisible()
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.stats is not None)  # the figures come from the history thread
    assert view.stats.today_minutes == 1  # 78 s, counted in whole minutes (docs/history.md)


def test_high_contrast_turns_the_player_white_on_black(qtbot, controller: AppController) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    start_by_keyboard(qtbot, controller, "quick")
    controller.window.high_contrast_action.trigger()
    try:
        QApplication.processEvents()  # palette changes reach widgets through events
        palette = controller.player.palette()
        assert palette.color(QPalette.ColorRole.Window).name() == "#000000"
        assert palette.color(QPalette.ColorRole.WindowText).name() == "#ffffff"
        assert settings_store.load().settings.high_contrast
    finally:
        controller.window.high_contrast_action.trigger()
    assert not settings_store.load().settings.high_contrast


def test_no_reminder_during_a_routine_and_a_finished_one_counts_as_the_break(
    qtbot, controller: AppController, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    from stretchapp.core.scheduler import State

    reminders = controller.start_reminders()
    try:
        reminders.start(minimised=True)
        assert reminders.scheduler.state is State.WORKING
        start_by_keyboard(qtbot, controller, "quick")
        assert reminders.scheduler.state is State.IN_SESSION
        assert not reminders.timer.isActive()
        finish_routine(controller, clock)
        assert reminders.scheduler.state is State.WORKING
    finally:
        reminders.stop()
        if reminders.fallback is not None:
            reminders.fallback.close()
        reminders.prompt.close()


@pytest.mark.qt_log_ignore("pipewire")  # listing voice engines loads Qt's multimedia plugins
def test_settings_dialog_applies_at_once(qtbot, controller: AppController) -> None:  # type: ignore[no-untyped-def]

    start_by_keyboard(qtbot, controller, "quick")
    controller.window.settings_action.trigger()
    dialog = controller.settings_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    dialog.high_contrast.setChecked(True)
    dialog.break_interval.setValue(30)
    assert dialog.apply()
    assert controller.settings.high_contrast and controller.settings.break_interval_minutes == 30
    assert controller.window.high_contrast_action.isChecked()
    controller.apply_settings(controller.settings.replace(high_contrast=False))
    assert not controller.window.high_contrast_action.isChecked()
    before = controller.player.prompt_label.font().pixelSize()
    controller.apply_settings(controller.settings.replace(text_scale=1.5))
    assert controller.player.prompt_label.font().pixelSize() > before


def test_a_locked_screen_pauses_the_routine(qtbot, controller: AppController, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    from stretchapp.core.engine import PauseReason
    from stretchapp.core.idle import FixedIdleSource, IdleSample

    source = FixedIdleSource(IdleSample(idle_seconds=0.0, locked=False))
    controller.idle_source = source
    start_by_keyboard(qtbot, controller, "quick")
    driver = controller.driver
    assert driver is not None
    clock.advance(2)
    driver.tick()
    controller._check_lock()
    assert driver.session.state is SessionState.RUNNING
    source.current = IdleSample(idle_seconds=30.0, locked=True)
    controller._check_lock()
    assert driver.session.state is SessionState.PAUSED
    assert driver.session.pause_reason is PauseReason.SUSPEND
    assert "asleep or locked" in controller.player.pause_banner.text()
    assert driver.session.remaining_whole() == 1
    controller.leave_player()
    assert not controller._lock_timer.isActive()


def test_the_library_follows_files_changed_in_another_program(qtbot, controller: AppController) -> None:  # type: ignore[no-untyped-def]
    from stretchapp.storage import paths

    controller.watch_user_folder()
    watcher = controller.folder_watcher
    folder = paths.user_routines_dir()
    page = controller.window.library_page
    with qtbot.waitSignal(watcher.changed, timeout=5000):
        (folder / "mine.yaml").write_text(
            "title: Shoulder shrugs\nexercises:\n  - name: Shrug\n    hold: 5\n    steps: [Lift your shoulders.]\n",
            encoding="utf-8",
        )
    assert "Shoulder shrugs" in page.visible_titles()
    with qtbot.waitSignal(watcher.changed, timeout=5000):
        (folder / "mine.yaml").write_text("title: Shoulder shrugs\nexercises: oops\n", encoding="utf-8")
    assert "Shoulder shrugs" not in page.visible_titles()
    assert page.broken_list.count() == 1
    with qtbot.waitSignal(watcher.changed, timeout=5000):
        (folder / "mine.yaml").unlink()
    assert page.broken_list.count() == 0
    watcher.stop()


class RecordingSound(SoundPlayer):
    """Stands in for the speakers: remembers what reached it and whether it was muted."""

    def __init__(self, muted: bool) -> None:
        self.muted = muted
        self.heard: list[Sound] = []  # what a person would have heard

    @property
    def available(self) -> bool:
        return True

    def play(self, sound: Sound) -> None:
        if not self.muted:
            self.heard.append(sound)

    def set_muted(self, muted: bool) -> None:
        self.muted = muted


def test_the_mute_key_silences_the_player_the_cues_play_through(qtbot, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    built: list[RecordingSound] = []

    def sound_factory(settings: Settings) -> SoundPlayer:
        built.append(RecordingSound(settings.muted))
        return built[-1]

    app = open_app(qtbot, clock, sound_factory)
    try:
        start_by_keyboard(qtbot, app, "quick")
        advance_to(app, clock, 1)  # the first hold: its cue sounds
        speakers = [sound for sound in built if sound.heard]
        assert len(speakers) == 1, "the cues play through exactly one player"
        sound = speakers[0]

        qtbot.keyClick(app.player, Qt.Key.Key_M)
        assert sound.muted
        heard = len(sound.heard)
        advance_to(app, clock, 3)  # the hold's countdown, a rest and a get-ready: all silent
        assert len(sound.heard) == heard

        qtbot.keyClick(app.player, Qt.Key.Key_M)
        assert not sound.muted
        advance_to(app, clock, 4)
        assert len(sound.heard) > heard
    finally:
        app.end_session()


TURN = Exercise(name="Turn", steps=("Turn.",), hold=HoldRange(10, 10), reps=1)
TILT = Exercise(name="Tilt", steps=("Tilt.",), hold=HoldRange(8, 8), reps=1)
# Turn: get ready 5, hold 10, rest 5; Tilt: get ready 5, hold 8. 33 s in all.
TWO = Routine(id="two", title="Two", exercises=(TURN, TILT), prepare=5, rest=5)


def player_following(qtbot, clock: FakeClock, *, start_exercise: int = 0) -> tuple[PlayerView, SessionDriver]:  # type: ignore[no-untyped-def]
    player = PlayerView()
    qtbot.addWidget(player)
    driver = SessionDriver(Session.for_routine(TWO, start_exercise=start_exercise, clock=clock))
    player.attach(driver)
    driver.start()
    return player, driver


def run_for(driver: SessionDriver, clock: FakeClock, seconds: int) -> None:
    for _ in range(seconds):
        clock.advance(1)
        driver.tick()


def test_the_player_counts_exercises_and_the_time_left(qtbot, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    player, driver = player_following(qtbot, clock)
    assert player.overall_label.text() == "Exercise 1 of 2 · 0:33 left"
    run_for(driver, clock, 5 + 10 + 2)  # 2 s into the rest after Turn
    assert player.overall_label.text() == "Exercise 1 of 2 · 0:16 left"
    run_for(driver, clock, 3 + 2)  # 2 s into Tilt's get-ready
    assert player.exercise_label.text() == "Tilt"
    assert player.overall_label.text() == "Exercise 2 of 2 · 0:11 left"
    assert player.progress.value() == round(1000 * 22 / 33)
    assert player.ring.fraction == pytest.approx(3 / 5)
    player.detach()
    driver.dispose()


def test_a_routine_started_at_its_second_exercise_counts_from_there(qtbot, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    player, driver = player_following(qtbot, clock, start_exercise=1)
    assert player.overall_label.text() == "Exercise 1 of 1 · 0:13 left"
    run_for(driver, clock, 7)
    assert player.overall_label.text() == "Exercise 1 of 1 · 0:06 left"
    player.detach()
    driver.dispose()


def test_the_ring_is_full_once_the_player_leaves_its_session(qtbot, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    player, driver = player_following(qtbot, clock)
    run_for(driver, clock, 2)
    assert player.ring.fraction == pytest.approx(3 / 5)
    player.detach()
    assert player.ring.fraction == 1.0
    driver.dispose()
