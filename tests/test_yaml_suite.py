"""The YAML Test Suite fed to the loader as routine files: a routine or located problems, never a crash.

The suite (data written by others, not copied into this repository) lives in
../shared/corpora/yaml-test-suite; each case folder (or numbered sub-case folder) holds an
``in.yaml`` and, when the YAML is invalid, an ``error`` file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from stretchapp.routines.loader import RoutineError, check_routine, parse_routine
from tests.conftest import SHARED

pytestmark = pytest.mark.usefixtures("yaml_parser")

SUITE = SHARED / "corpora" / "yaml-test-suite"
CASES = sorted(p.parent for p in SUITE.rglob("in.yaml")) if SUITE.is_dir() else []
INVALID = [case for case in CASES if (case / "error").exists()]

BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")

needs_suite = pytest.mark.skipif(not CASES, reason=f"the YAML Test Suite is not at {SUITE}")


def case_id(case: Path) -> str:
    return case.relative_to(SUITE).as_posix()


@needs_suite
def test_the_suite_has_its_cases() -> None:
    # Guards the tests below against a moved or emptied corpus passing vacuously.
    assert len(CASES) > 300 and len(INVALID) > 60
    assert any(len(case.relative_to(SUITE).parts) == 2 for case in CASES), "numbered sub-cases are read"


@needs_suite
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_every_case_ends_in_a_routine_or_located_problems(case: Path) -> None:
    data = (case / "in.yaml").read_bytes()
    path = case / "in.yaml"
    routine, problems = check_routine(data, path)
    if routine is not None:
        assert problems == []
        # Whatever the loader accepts, PyYAML's own safe loader reads as a mapping too.
        assert isinstance(yaml.safe_load(data), dict)
        return
    assert problems, "a refusal names at least one problem"
    lines = BREAK.split(data.decode("utf-8-sig", "replace"))
    for problem in problems:
        assert problem.file == str(path)
        # Every position is in the text (at most just past the end of a line), so an editor can go there.
        assert 1 <= problem.line <= len(lines), str(problem)
        assert 1 <= problem.column <= len(lines[problem.line - 1]) + 1, str(problem)
        assert problem.message and "internal error" not in problem.message, str(problem)
    assert [(p.line, p.column) for p in problems] == sorted((p.line, p.column) for p in problems)
    with pytest.raises(RoutineError) as error:
        parse_routine(data, path)
    assert list(error.value.problems) == problems


@needs_suite
@pytest.mark.parametrize("case", INVALID, ids=case_id)
def test_every_invalid_case_is_refused(case: Path) -> None:
    routine, problems = check_routine((case / "in.yaml").read_bytes(), case / "in.yaml")
    assert routine is None and problems
