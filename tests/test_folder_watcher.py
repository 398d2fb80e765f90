"""The folder watcher: the library hears about routine files that appear, change or vanish.

These tests wait for real file-system events (inotify), which no fake clock can stand in for;
each wait is bounded and ends as soon as the signal arrives.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from stretchapp.storage import fileio, paths
from stretchapp.ui.library.folder_watcher import FolderWatcher

ROUTINE = "title: Shrugs\nexercises:\n  - name: Shrug\n    hold: 5\n    steps: [Lift your shoulders.]\n"


@pytest.fixture
def watcher(qtbot) -> Iterator[FolderWatcher]:  # type: ignore[no-untyped-def]
    folder = paths.user_routines_dir()
    watching = FolderWatcher(folder)
    yield watching
    watching.stop()
    watching.deleteLater()


def test_a_new_file_in_the_user_folder_is_noticed_and_watched(qtbot, watcher: FolderWatcher) -> None:  # type: ignore[no-untyped-def]
    path = watcher.folder / "shrugs.yaml"
    with qtbot.waitSignal(watcher.changed, timeout=5000):
        path.write_text(ROUTINE, encoding="utf-8")
    assert str(path) in watcher.watched()


def test_a_file_replaced_by_rename_stays_watched(qtbot, watcher: FolderWatcher) -> None:  # type: ignore[no-untyped-def]
    path = watcher.folder / "shrugs.yaml"
    with qtbot.waitSignal(watcher.changed, timeout=5000):
        path.write_text(ROUTINE, encoding="utf-8")
    # An atomic save renames a new file over the old one: the old watch dies with the old inode.
    with qtbot.waitSignal(watcher.changed, timeout=5000):
        fileio.atomic_write_text(path, ROUTINE.replace("Shrugs", "Big shrugs"))
    assert str(path) in watcher.watched()
    # ... and the next change to the new file is still heard.
    with qtbot.waitSignal(watcher.changed, timeout=5000):
        fileio.atomic_write_text(path, ROUTINE.replace("Shrugs", "Small shrugs"))


def test_a_burst_of_changes_gives_one_signal(qtbot, watcher: FolderWatcher) -> None:  # type: ignore[no-untyped-def]
    heard: list[None] = []
    watcher.changed.connect(lambda: heard.append(None))
    with qtbot.waitSignal(watcher.changed, timeout=5000):
        for name in ("a", "b", "c"):
            (watcher.folder / f"{name}.yaml").write_text(ROUTINE, encoding="utf-8")
    assert len(heard) == 1


def test_a_deleted_file_is_noticed_and_no_longer_watched(qtbot, watcher: FolderWatcher) -> None:  # type: ignore[no-untyped-def]
    path: Path = watcher.folder / "shrugs.yaml"
    with qtbot.waitSignal(watcher.changed, timeout=5000):
        path.write_text(ROUTINE, encoding="utf-8")
    with qtbot.waitSignal(watcher.changed, timeout=5000):
        path.unlink()
    assert str(path) not in watcher.watched()
    assert str(watcher.folder) in watcher.watched()


def test_non_routine_files_are_not_watched(qtbot, watcher: FolderWatcher) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(watcher.changed, timeout=5000):
        (watcher.folder / "notes.txt").write_text("not a routine", encoding="utf-8")
    assert watcher.watched() == [str(watcher.folder)]


def test_a_crowded_folder_is_watched_as_a_folder_and_still_hears_in_place_edits(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from stretchapp.ui.library import folder_watcher

    monkeypatch.setattr(folder_watcher, "MAX_FILE_WATCHES", 3)
    monkeypatch.setattr(folder_watcher, "POLL_MS", 50)
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(10):
        (folder / f"r{n}.yaml").write_text(ROUTINE, encoding="utf-8")
    watching = FolderWatcher(folder)
    try:
        assert watching.watched() == [str(folder)], "thousands of file watches would slow the start"
        with (
            qtbot.waitSignal(watching.changed, timeout=5000),
            open(folder / "r4.yaml", "a", encoding="utf-8") as handle,  # rewritten in place
        ):
            handle.write("# edited\n")
    finally:
        watching.stop()
        watching.deleteLater()
