"""The routine library: bundled and personal routines, broken files kept apart, lookup by id or path."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from stretchapp import resources
from stretchapp.routines.library import BUNDLED, USER, load_library
from stretchapp.routines.loader import RoutineError
from stretchapp.storage import paths
from tests.test_loader_refusals import GOOD

pytestmark = pytest.mark.usefixtures("yaml_parser")


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def folders(tmp_path: Path) -> list[tuple[str, Path]]:
    return [(BUNDLED, tmp_path / "bundled"), (USER, tmp_path / "mine")]


def test_a_broken_file_is_listed_with_its_problems_and_hides_nothing(
    folders: list[tuple[str, Path]],
) -> None:
    bundled, mine = folders[0][1], folders[1][1]
    write(bundled, "alpha.yaml", GOOD.replace("Tilt", "Alpha", 1))
    broken = write(bundled, "beta.yaml", GOOD.replace("hold: 15", "hodl: 15"))
    write(bundled, "gamma.yml", GOOD.replace("Tilt", "Gamma", 1))
    write(mine, "delta.yaml", "title: [\n")
    write(mine, "notes.txt", "not a routine")

    library = load_library(folders)

    assert [(e.routine.id, e.origin, e.read_only) for e in library.entries] == [
        ("alpha", BUNDLED, True),
        ("gamma", BUNDLED, True),
    ]
    assert [(b.path.name, b.origin) for b in library.broken] == [("beta.yaml", BUNDLED), ("delta.yaml", USER)]
    assert [(p.file, p.line, p.column, p.message) for p in library.broken[0].problems] == [
        (str(broken), 3, 5, "exercise is missing 'hold'"),
        (str(broken), 5, 5, "unknown key 'hodl' in an exercise"),
    ]
    assert "YAML syntax error" in library.broken[1].problems[0].message


def test_a_personal_routine_replaces_the_bundled_one_of_the_same_id(
    folders: list[tuple[str, Path]], caplog: pytest.LogCaptureFixture
) -> None:
    write(folders[0][1], "neck.yaml", GOOD.replace("Tilt", "Bundled neck", 1))
    write(folders[0][1], "other.yaml", GOOD)
    mine = write(folders[1][1], "neck.yaml", GOOD.replace("Tilt", "My neck", 1))

    with caplog.at_level(logging.INFO, logger="stretchapp.routines.library"):
        library = load_library(folders)

    assert [e.routine.id for e in library.entries] == ["neck", "other"]
    entry = library.get("neck")
    assert entry is not None
    assert (entry.routine.title, entry.path, entry.origin, entry.read_only) == ("My neck", mine, USER, False)
    assert "replaces" in caplog.text


def test_two_files_with_one_id_in_one_folder_are_a_problem(folders: list[tuple[str, Path]]) -> None:
    write(folders[1][1], "neck.yaml", GOOD.replace("Tilt", "First", 1))
    write(folders[1][1], "neck.yml", GOOD.replace("Tilt", "Second", 1))

    library = load_library(folders)

    entry = library.get("neck")
    assert entry is not None and entry.routine.title == "First"
    [broken] = library.broken
    assert broken.path.name == "neck.yml"
    assert broken.problems[0].message == "'neck.yaml' in the same folder already has the routine id 'neck'"


def test_unreadable_files_are_broken_not_fatal(folders: list[tuple[str, Path]]) -> None:
    mine = folders[1][1]
    mine.mkdir(parents=True)
    (mine / "gone.yaml").symlink_to(mine / "nowhere.yaml")
    (mine / "folder.yaml").mkdir()
    write(mine, "fine.yaml", GOOD)

    library = load_library(folders)

    assert [e.routine.id for e in library.entries] == ["fine"]
    messages = {b.path.name: b.problems[0].message for b in library.broken}
    assert messages["gone.yaml"].startswith("cannot read the file")
    assert messages["folder.yaml"] == "this is not a routine file but a folder or device"


def test_the_default_folders_are_the_bundled_routines_and_the_users_folder() -> None:
    user_folder = paths.user_routines_dir()
    assert not user_folder.exists()  # a fresh STRETCHAPP_HOME from conftest

    library = load_library()

    assert user_folder.is_dir(), "the user's folder is created so they can put routines there"
    bundled_ids = sorted(p.stem for p in resources.bundled_routines_dir().glob("*.y*ml") if "." not in p.stem)
    assert bundled_ids, "the repository bundles routines"
    assert sorted(e.routine.id for e in library.entries) == bundled_ids
    assert all(e.origin == BUNDLED and e.read_only for e in library.entries)
    assert library.broken == []


def test_a_missing_folder_is_simply_empty(tmp_path: Path) -> None:
    library = load_library([(BUNDLED, tmp_path / "absent")])
    assert library.entries == [] and library.broken == []


def test_resolve_by_id_by_path_and_unknown(folders: list[tuple[str, Path]], tmp_path: Path) -> None:
    write(folders[0][1], "neck.yaml", GOOD.replace("Tilt", "Bundled neck", 1))
    write(folders[0][1], "bad.yaml", "title: [\n")
    elsewhere = write(tmp_path / "elsewhere", "neck.yaml", GOOD.replace("Tilt", "From a path", 1))
    library = load_library(folders)

    assert library.resolve("neck").title == "Bundled neck"
    assert library.resolve(str(elsewhere)).title == "From a path"
    with pytest.raises(RoutineError) as error:
        library.resolve("bad")
    assert "YAML syntax error" in error.value.problems[0].message
    with pytest.raises(RoutineError) as error:
        library.resolve(str(tmp_path / "missing.yaml"))
    assert error.value.problems[0].message.startswith("cannot read the file")
    with pytest.raises(KeyError):
        library.resolve("no-such-routine")


def test_an_existing_file_wins_over_an_id(
    folders: list[tuple[str, Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(folders[0][1], "neck", GOOD.replace("Tilt", "Bundled", 1))
    write(folders[0][1], "neck.yaml", GOOD.replace("Tilt", "Bundled", 1))
    write(tmp_path, "neck", GOOD.replace("Tilt", "File here", 1))
    library = load_library(folders)
    monkeypatch.chdir(tmp_path)
    assert library.resolve("neck").title == "File here"
    (tmp_path / "neck").unlink()
    (tmp_path / "neck").mkdir()  # a folder of that name is not a routine file
    assert library.resolve("neck").title == "Bundled"
