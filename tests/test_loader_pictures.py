"""A routine's pictures are checked as it loads: a hostile one is a problem on its own line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from stretchapp import resources
from stretchapp.routines import library, pictures
from stretchapp.routines.loader import Problem, RoutineError, load_routine
from tests import hostile_pictures as hostile
from tests.test_pictures import finishes

pytestmark = pytest.mark.usefixtures("yaml_parser")

ROUTINE = """\
title: Pictures
exercises:
  - name: Tilt
    sides: both
    image: right.svg
    image_left: {left}
    hold: 15
    steps:
      - Tip your head toward your {{side}} shoulder.
"""


@pytest.fixture(autouse=True)
def fresh_caches() -> None:
    pictures.clear_caches()


def routine_with(folder: Path, left: str) -> Path:
    (folder / "right.svg").write_bytes(hostile.svg('<rect width="10" height="10"/>'))
    path = folder / "pictures.yaml"
    path.write_text(ROUTINE.format(left=left), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(RoutineError) as error:
        load_routine(path)
    return list(error.value.problems)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bomb.svg", hostile.use_bomb(levels=8)),
        ("huge.svg", None),  # 10 MB, written by the test
        ("claim.png", hostile.png_header(100_000, 100_000)),
        ("passwd.svg", hostile.image_svg("/etc/passwd")),
        ("secret.svg", hostile.image_svg("../secret.png", "href")),
        ("file.svg", hostile.image_svg("file:///etc/passwd")),
        ("laughs.svg", hostile.entity_bomb()),
    ],
    ids=["use-bomb", "10-MB", "100000-px", "absolute-href", "dot-dot-href", "file-uri", "entities"],
)
def test_a_hostile_picture_is_a_located_problem_on_its_line(
    tmp_path: Path, name: str, content: bytes | None
) -> None:
    (tmp_path / name).write_bytes(hostile.big_svg(10 * 1024 * 1024) if content is None else content)
    (tmp_path / "secret.png").write_bytes(hostile.png(4, 4))
    problems = problems_of(routine_with(tmp_path, name))
    assert len(problems) == 1, [str(p) for p in problems]
    problem = problems[0]
    assert (problem.line, problem.column) == (6, 17)  # the value of "image_left:"
    assert f"'{name}'" in problem.message
    assert (
        problem.message
        == f"picture '{name}' cannot be used: {pictures.check_file(tmp_path / name).refusal.reason}"
    )  # type: ignore[union-attr]
    assert problem.hint


def test_each_line_naming_a_hostile_picture_gets_its_problem(tmp_path: Path) -> None:
    path = routine_with(tmp_path, "right.svg")
    (tmp_path / "right.svg").write_bytes(hostile.use_bomb())
    problems = problems_of(path)
    assert [(p.line, p.column) for p in problems] == [(5, 12), (6, 17)]  # image: and image_left:


def test_a_picture_passes_once_it_is_within_the_limits(tmp_path: Path) -> None:
    (tmp_path / "left.png").write_bytes(hostile.png(64, 48))
    exercise = load_routine(routine_with(tmp_path, "left.png")).exercises[0]
    assert exercise.image_left == (tmp_path / "left.png").resolve()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_named_like_a_picture_does_not_hang_the_loader(tmp_path: Path) -> None:
    fifo = tmp_path / "x.svg"
    os.mkfifo(fifo)
    path = routine_with(tmp_path, "x.svg")
    outcome = finishes(lambda: _problems_or_routine(path), fifo)
    assert isinstance(outcome, list) and len(outcome) == 1
    assert outcome[0].line == 6 and "'x.svg'" in outcome[0].message


def _problems_or_routine(path: Path) -> object:
    try:
        return load_routine(path)
    except RoutineError as error:
        return list(error.problems)


def test_the_bundled_routines_and_their_pictures_load() -> None:
    found = library.load_library([(library.BUNDLED, resources.bundled_routines_dir())])
    assert found.entries and not found.broken
    assert any(e.routine.exercises[0].image is not None for e in found.entries)


def test_a_library_scan_does_not_parse_a_picture_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[int] = []
    real = pictures._parse
    monkeypatch.setattr(pictures, "_parse", lambda data: parsed.append(1) or real(data))
    for n in range(20):
        (tmp_path / f"r{n}.yaml").write_text(ROUTINE.format(left="right.svg"), encoding="utf-8")
    (tmp_path / "right.svg").write_bytes(hostile.svg("<rect/>"))
    for _ in range(3):
        found = library.load_library([(library.USER, tmp_path)])
        assert len(found.entries) == 20
    assert len(parsed) == 1


def test_a_picture_turned_hostile_is_not_hidden_by_the_routine_cache(tmp_path: Path) -> None:
    path = routine_with(tmp_path, "right.svg")
    first = library.load_library([(library.USER, tmp_path)])  # validated, and kept in the cache
    assert [e.path for e in first.entries] == [path]
    (tmp_path / "right.svg").write_bytes(hostile.use_bomb())  # the routine file itself is unchanged
    again = library.load_library([(library.USER, tmp_path)])
    assert again.entries == []
    (broken,) = again.broken
    assert any("cannot be used" in p.message for p in broken.problems)
