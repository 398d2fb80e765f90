"""The routine editor: problems as you type, a live preview, safe saving, drafts, other programs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from stretchapp.core.model import Routine
from stretchapp.routines.library import load_library
from stretchapp.storage import drafts, fileio, paths
from stretchapp.storage.settings import Settings
from stretchapp.ui.controller import AppController
from stretchapp.ui.editor.window import EditorWindow
from tests.fakes import FakeClock

GOOD = """\
title: Tilt
exercises:
  - name: Neck tilt
    sides: both
    reps: 2
    hold: 10
    steps:
      - Tip your head toward your {side} shoulder.
"""


@pytest.fixture
def routine_file() -> Path:
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "tilt.yaml"
    path.write_text(GOOD, encoding="utf-8")
    return path


@pytest.fixture
def editor(qtbot, routine_file: Path) -> Iterator[EditorWindow]:  # type: ignore[no-untyped-def]
    played: list[tuple[str, int, float]] = []
    window = EditorWindow(routine_file, play=lambda r, i, s: played.append((r.id, i, s)))
    window.played = played  # type: ignore[attr-defined]
    window.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    qtbot.addWidget(window)
    window.show()
    yield window


def replace_text(qtbot, editor: EditorWindow, old: str, new: str) -> None:  # type: ignore[no-untyped-def]
    editor.editor.setPlainText(editor.text().replace(old, new))
    editor.validate()  # the timer's slot: what 250 ms after the last keystroke would do


def test_a_mistake_is_listed_underlined_and_fixed(qtbot, editor: EditorWindow) -> None:  # type: ignore[no-untyped-def]
    assert editor.problem_list.count() == 0
    assert editor.preview.topLevelItemCount() == 2 * 2 * 3 - 1
    replace_text(qtbot, editor, "    hold: 10", "    hodl: 10")
    texts = [editor.problem_list.item(i).text() for i in range(editor.problem_list.count())]
    assert any(t.startswith("6:5  unknown key 'hodl'") and "did you mean 'hold'?" in t for t in texts)
    assert (6, 5) in editor.editor.underlined()
    assert editor.stale.isVisibleTo(editor)
    assert editor.preview.topLevelItemCount() == 11  # still the last valid version
    replace_text(qtbot, editor, "    hodl: 10", "    hold: 10\n    order: alternate")
    assert editor.problem_list.count() == 0
    assert not editor.stale.isVisibleTo(editor)
    sides = [editor.preview.topLevelItem(i).text(3) for i in range(editor.preview.topLevelItemCount())]
    assert sides[:4] == ["right", "right", "", "left"]  # alternate: get ready, hold, rest, then the left


def test_typing_waits_for_a_pause_before_validating(qtbot, editor: EditorWindow) -> None:  # type: ignore[no-untyped-def]
    editor.editor.moveCursor(editor.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(editor.editor, "oops: 1")
    assert editor.problem_list.count() == 0  # nothing checked inside a keystroke
    assert editor._validate_timer.isActive()
    qtbot.waitUntil(lambda: editor.problem_list.count() > 0, timeout=3000)


def test_preview_shows_both_sides_prompts(qtbot, editor: EditorWindow) -> None:  # type: ignore[no-untyped-def]
    prompts = {editor.preview.topLevelItem(i).text(6) for i in range(editor.preview.topLevelItemCount())}
    assert "Tip your head toward your right shoulder." in prompts
    assert "Tip your head toward your left shoulder." in prompts


def test_the_preview_total_reads_a_whole_minute_as_one_minute(qtbot, editor: EditorWindow) -> None:  # type: ignore[no-untyped-def]
    replace_text(qtbot, editor, "title: Tilt", "title: Tilt\nrest: 0")  # 4 x (5 s ready + 10 s hold)
    assert editor.total.text() == "8 phases, 1 min in all (short holds)."


def test_clicking_a_problem_moves_the_cursor_there(qtbot, editor: EditorWindow) -> None:  # type: ignore[no-untyped-def]
    replace_text(qtbot, editor, "reps: 2", "reps: 0")
    item = editor.problem_list.item(0)
    editor.problem_list.itemClicked.emit(item)
    cursor = editor.editor.textCursor()
    assert (cursor.blockNumber() + 1, cursor.positionInBlock() + 1) == (5, 11)


def test_save_and_reload_are_equal_and_keep_a_backup(qtbot, editor: EditorWindow, routine_file: Path) -> None:  # type: ignore[no-untyped-def]
    replace_text(qtbot, editor, "title: Tilt", "title: Gentle tilt")
    assert editor.dirty
    assert editor.save()
    assert not editor.dirty
    assert routine_file.read_text(encoding="utf-8") == editor.text()
    assert fileio.backup_path(routine_file).read_text(encoding="utf-8") == GOOD
    again = EditorWindow(routine_file)
    qtbot.addWidget(again)
    assert (
        again.text() == editor.text() and again.routine is not None and again.routine.title == "Gentle tilt"
    )


def test_an_interrupted_save_leaves_the_old_file_intact(
    qtbot, editor: EditorWindow, routine_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    def crash(source: Path, target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fileio, "_replace", crash)
    replace_text(qtbot, editor, "title: Tilt", "title: Lost?")
    assert not editor.save()
    assert routine_file.read_text(encoding="utf-8") == GOOD
    assert editor.dirty and "Not saved" in editor.status.text()
    assert [p.name for p in routine_file.parent.iterdir() if p.name.startswith(".")] == []


def test_saving_a_broken_routine_asks_first(qtbot, editor: EditorWindow, routine_file: Path) -> None:  # type: ignore[no-untyped-def]
    asked: list[int] = []
    editor.confirm_invalid_save = lambda count: asked.append(count) or False
    replace_text(qtbot, editor, "hold: 10", "hold: [30, 10]")
    assert not editor.save()
    assert asked == [1] and routine_file.read_text(encoding="utf-8") == GOOD
    editor.confirm_invalid_save = lambda count: True
    assert editor.save()
    assert "[30, 10]" in routine_file.read_text(encoding="utf-8")


def test_a_draft_is_written_and_offered_after_a_crash(
    qtbot, editor: EditorWindow, routine_file: Path, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    cursor = editor.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.EndOfLine)  # the end of "title: Tilt"
    editor.editor.setTextCursor(cursor)
    editor.editor.setFocus()
    qtbot.keyClicks(editor.editor, " Unsaved work")
    # Typing alone writes the draft, a moment after the last keystroke.
    qtbot.waitUntil(lambda: drafts.read_draft(routine_file) is not None, timeout=5000)
    draft = drafts.read_draft(routine_file)
    assert draft is not None and "Tilt Unsaved work" in draft.text
    # The app "crashes": the editor is gone, the draft is not. The next start offers it.
    controller = AppController(Settings(), load_library(), clock=clock)
    qtbot.addWidget(controller.window)
    opened = controller.offer_drafts(ask=lambda original: original == routine_file)
    assert len(opened) == 1 and "Unsaved work" in opened[0].text() and opened[0].dirty
    qtbot.addWidget(opened[0])
    opened[0].ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    opened[0].close()
    assert drafts.read_draft(routine_file) is None


def test_a_change_by_another_program_is_offered(qtbot, editor: EditorWindow, routine_file: Path) -> None:  # type: ignore[no-untyped-def]
    asked: list[bool] = []
    editor.ask_reload = lambda: asked.append(True) or True
    replace_text(qtbot, editor, "title: Tilt", "title: Mine")
    routine_file.write_text(GOOD.replace("title: Tilt", "title: Theirs"), encoding="utf-8")
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    assert "title: Theirs" in editor.text() and not editor.dirty


def test_unsaved_changes_are_asked_about_on_close(qtbot, editor: EditorWindow) -> None:  # type: ignore[no-untyped-def]
    editor.ask_unsaved = lambda: QMessageBox.StandardButton.Cancel
    replace_text(qtbot, editor, "title: Tilt", "title: Keep me")
    editor.close()
    assert editor.isVisible()
    editor.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    editor.close()
    assert not editor.isVisible()


def test_play_runs_from_the_chosen_exercise_at_the_chosen_speed(qtbot, editor: EditorWindow) -> None:  # type: ignore[no-untyped-def]
    editor.speed_choice.setCurrentIndex(1)
    qtbot.mouseClick(editor.play_button, Qt.MouseButton.LeftButton)
    assert editor.played == [("tilt", 0, 5.0)]  # type: ignore[attr-defined]


def test_library_new_duplicate_edit_delete(qtbot, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    controller = AppController(Settings(), load_library(), clock=clock)
    qtbot.addWidget(controller.window)
    controller.confirm_delete = lambda path, trash: True
    page = controller.window.library_page
    page.select("neck-relief")
    assert not controller.window.edit_action.isEnabled()  # bundled: read-only
    copy = controller.duplicate_selected()
    assert copy is not None and copy.path.parent == paths.user_routines_dir()
    qtbot.addWidget(copy)
    assert copy.routine is not None and copy.routine.title == "Neck relief (copy)"
    titles = [e.routine.title for e in controller.library.entries]
    assert titles.count("Neck relief") == 1, "the library shows two routines of the same name"
    page.select(copy.path.stem)
    assert controller.window.edit_action.isEnabled()
    assert controller.edit_selected() is copy
    new = controller.new_routine()
    assert new is not None and new.routine is not None
    qtbot.addWidget(new)
    assert not new.path.exists(), "a new routine is written only on its first save"
    assert new.path.stem not in [e.routine.id for e in controller.library.entries]
    other = controller.new_routine()
    assert other is not None and other.path != new.path
    qtbot.addWidget(other)
    other.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
    other.close()
    assert not other.path.exists(), "closing an unsaved new routine leaves no junk file"
    assert new.save()
    assert new.path.stem in [e.routine.id for e in controller.library.entries]
    page.select(copy.path.stem)
    assert controller.delete_selected()
    assert not copy.path.exists()
    assert copy.path.stem not in [e.routine.id for e in controller.library.entries]


def test_play_at_five_times_speed_runs_the_real_player(qtbot, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    from stretchapp.ui.session.audio import NullSoundPlayer

    controller = AppController(
        Settings(), load_library(), clock=clock, sound_factory=lambda _s: NullSoundPlayer()
    )
    qtbot.addWidget(controller.window)
    routine: Routine = controller.library.get("neck-relief").routine  # type: ignore[union-attr]
    controller.play_preview(routine, 1, 5.0)
    driver = controller.driver
    assert driver is not None and driver.time_scale == 5.0
    assert {p.exercise for p in driver.session.timeline.phases} == {"Scalene stretch"}
    clock.advance(1.0)  # one real second is five seconds: the 5 s get-ready is over
    driver.tick()
    assert driver.session.index == 1
    assert driver.session.remaining() == pytest.approx(15.0)
    controller.end_session()


def test_picture_picker_offers_bundled_and_own_pictures(
    qtbot, editor: EditorWindow, routine_file: Path
) -> None:  # type: ignore[no-untyped-def]
    from stretchapp.ui.editor.image_picker import ImagePicker

    (routine_file.parent / "my-drawing.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>',
        encoding="utf-8",
    )
    picker = ImagePicker(routine_file.parent)
    qtbot.addWidget(picker)
    names = [picker.list.item(i).text() for i in range(picker.list.count())]
    assert names[0] == "my-drawing.svg"
    assert {"simple-neck-stretch.svg", "scalene-stretch.svg"} <= set(names)
    assert not picker.list.item(0).icon().isNull()
    editor.editor.go_to(3, 5)  # on "  - name: Neck tilt"
    editor.insert_image_line("scalene-stretch.svg")
    editor.validate()
    assert editor.problem_list.count() == 0
    assert editor.routine is not None and editor.routine.exercises[0].image is not None
    assert editor.routine.exercises[0].image.name == "scalene-stretch.svg"
