"""New, copied and saved routine files land in the person's folder without losing anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from stretchapp import resources
from stretchapp.routines import routine_files
from stretchapp.routines.loader import check_routine, load_routine
from stretchapp.storage import fileio, paths

pytestmark = pytest.mark.usefixtures("yaml_parser")


def test_the_template_is_a_valid_routine_with_both_kinds_of_exercise() -> None:
    text = routine_files.template_text()
    routine, problems = check_routine(text, resources.new_routine_template())
    assert problems == []
    assert routine is not None
    assert routine.title == "My routine"
    assert "{side}" in text
    assert len(routine.exercises) >= 2


def create_from_template() -> Path:
    path = routine_files.new_routine_path()
    routine_files.save_routine(path, routine_files.template_text())
    return path


def test_new_routines_get_fresh_names_in_the_user_folder() -> None:
    first = routine_files.new_routine_path()
    assert not first.exists()
    second = routine_files.new_routine_path(taken=[first])
    assert first.parent == paths.user_routines_dir()
    assert (first.name, second.name) == ("my-routine.yaml", "my-routine-2.yaml")
    assert create_from_template().name == "my-routine.yaml"


def test_names_are_slugified() -> None:
    assert routine_files.unique_user_path("Morning Stretch!").name == "morning-stretch.yaml"
    assert routine_files.unique_user_path("  ").name == "my-routine.yaml"


def test_duplicating_a_bundled_routine_gives_a_loadable_copy() -> None:
    source = sorted(p for p in resources.bundled_routines_dir().glob("*.yaml") if "." not in p.stem)[0]
    copy = routine_files.duplicate_to_user(source)
    again = routine_files.duplicate_to_user(source)
    assert copy.name == f"{source.stem}-copy.yaml"
    assert again.name == f"{source.stem}-copy-2.yaml"
    assert copy.read_text(encoding="utf-8") == source.read_text(encoding="utf-8")
    assert load_routine(copy).title == load_routine(source).title
    titled = routine_files.duplicate_to_user(source, title='Neck: "relief" (copy)')
    assert load_routine(titled).title == 'Neck: "relief" (copy)'
    kept = [line for line in source.read_text(encoding="utf-8").splitlines() if not line.startswith("title:")]
    assert [
        line for line in titled.read_text(encoding="utf-8").splitlines() if not line.startswith("title:")
    ] == kept


def test_a_copy_s_title_is_one_no_routine_has() -> None:
    assert routine_files.copy_title("Neck relief", {"Neck relief"}) == "Neck relief (copy)"
    assert routine_files.copy_title("Neck relief", {"Neck relief (copy)"}) == "Neck relief (copy 2)"


def test_saving_keeps_the_previous_version_as_a_backup() -> None:
    path = create_from_template()
    old = path.read_text(encoding="utf-8")
    routine_files.save_routine(path, old.replace("My routine", "Evening"))
    assert load_routine(path).title == "Evening"
    assert fileio.backup_path(path).read_text(encoding="utf-8") == old


def test_a_save_interrupted_before_the_rename_leaves_the_old_file(monkeypatch: pytest.MonkeyPatch) -> None:
    path = create_from_template()
    old = path.read_text(encoding="utf-8")

    def crash(source: Path, target: Path) -> None:
        raise OSError("disk pulled out")

    monkeypatch.setattr(fileio, "_replace", crash)
    with pytest.raises(OSError):
        routine_files.save_routine(path, "title: half written")
    assert path.read_text(encoding="utf-8") == old
    assert sorted(p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")) == []
