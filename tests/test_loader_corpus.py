"""Real-world and random input: the loader ends in a routine or its own located error, never a crash.

Uses the YAML Test Suite from ../shared/corpora/yaml-test-suite (data written by others; not
copied into this repository) and hypothesis-generated text and YAML-shaped data.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchapp.loader import check_routine
from stretchapp.model import Routine
from tests.conftest import SHARED

SUITE = SHARED / "corpora" / "yaml-test-suite"


def suite_cases() -> list[Path]:
    if not SUITE.is_dir():
        return []
    return sorted(p.parent for p in SUITE.rglob("in.yaml"))


CASES = suite_cases()


def check(data: str | bytes, path: Path) -> tuple[Routine | None, list[object]]:
    routine, problems = check_routine(data, path)
    if routine is None:
        assert problems, "a refusal names its problems"
        for problem in problems:
            assert problem.line >= 1 and problem.column >= 1 and problem.message  # type: ignore[attr-defined]
            assert "internal error" not in problem.message  # type: ignore[attr-defined]
    else:
        assert problems == []
    return routine, problems  # type: ignore[return-value]


@pytest.mark.skipif(not CASES, reason=f"the YAML Test Suite is not at {SUITE}")
def test_yaml_test_suite_never_crashes_and_refuses_every_invalid_case() -> None:
    refused_invalid = 0
    for case in CASES:
        data = (case / "in.yaml").read_bytes()
        routine, _problems = check(data, case / "case.yaml")
        if (case / "error").exists():
            assert routine is None, f"{case.name}: invalid YAML was accepted"
            refused_invalid += 1
    assert refused_invalid > 50  # the suite has ~90 invalid cases; all of them were seen


@pytest.mark.skipif(not CASES, reason=f"the YAML Test Suite is not at {SUITE}")
def test_yaml_test_suite_syntax_errors_are_located_like_pyyaml_does() -> None:
    # For inputs PyYAML itself rejects, the loader reports a YAML error at a real position.
    located = 0
    for case in CASES:
        text = (case / "in.yaml").read_text(encoding="utf-8", errors="replace")
        try:
            list(yaml.compose_all(text, Loader=yaml.SafeLoader))
        except yaml.MarkedYAMLError:
            _, problems = check_routine(text, case / "case.yaml")
            assert problems[0].line >= 1
            located += 1
        except yaml.YAMLError:
            pass
    assert located > 20


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_random_text(text: str) -> None:
    check(text, Path("random.yaml"))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes(data: bytes) -> None:
    check(data, Path("random.yaml"))


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers(-1000, 1000) | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["title", "exercises", "name", "hold", "steps", "sides", "reps", "rest", "x"]),
            inner,
            max_size=5,
        )
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_values)
def test_random_yaml_shaped_data(value: object) -> None:
    check(yaml.safe_dump(value, allow_unicode=True), Path("shaped.yaml"))


def test_core_modules_do_not_import_qt() -> None:
    code = (
        "import sys\n"
        "import stretchapp.model, stretchapp.loader, stretchapp.timeline, stretchapp.library, "
        "stretchapp.engine, stretchapp.settings, stretchapp.cli\n"
        "from stretchapp.cli import main\n"
        "assert main(['plan', 'neck-relief', '--json']) == 0\n"
        "leaked = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'stretchapp.ui')))\n"
        "assert not leaked, leaked\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
