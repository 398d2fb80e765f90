"""A start that finds every routine in the cache pays for summaries only: no model, loader or timeline."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPO

# What the list of a cached library does not need: the model's classes, the routine in another
# language, the timeline, the loader and PyYAML, the picture checks.
NOT_NEEDED = (
    "stretchapp.core.model",
    "stretchapp.core.localize",
    "stretchapp.core.timeline",
    "stretchapp.routines.loader",
    "stretchapp.routines.pictures",
    "yaml",
)

LOAD = f"""
import json, sys
from stretchapp.routines.library import load_library
first = load_library()
second = load_library()
print(json.dumps({{
    "titles": [[e.summary.title for e in first.entries], [e.summary.title for e in second.entries]],
    "imported": sorted(m for m in {NOT_NEEDED!r} if m in sys.modules),
}}))
"""


def run(code: str) -> dict[str, list[object]]:
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, check=False, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    data: dict[str, list[object]] = json.loads(result.stdout.splitlines()[-1])
    return data


def test_a_library_read_from_the_cache_imports_no_model_loader_or_timeline() -> None:
    filled = run(LOAD)  # the first start reads every file and fills the cache
    assert "stretchapp.routines.loader" in filled["imported"], "the first start reads the files"
    cached = run(LOAD)
    assert cached["imported"] == []
    assert cached["titles"] == filled["titles"]
    assert len(cached["titles"][0]) >= 3  # type: ignore[arg-type]


def test_a_routine_from_the_cache_is_decoded_when_asked_for() -> None:
    code = """
import json, sys
from stretchapp.routines.library import load_library
from stretchapp.routines.loader import load_routine
entries = load_library().entries
print(json.dumps([[e.routine == load_routine(e.path) for e in entries]]))
"""
    run(LOAD)
    assert run(code) == [[True, True, True]]
