"""The JSON Schema for editors agrees with the loader on real routines and common mistakes."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from stretchapp import resources
from stretchapp.routines.loader import check_routine

SCHEMA = json.loads(resources.routine_schema().read_text(encoding="utf-8"))

GOOD = """\
title: Tilt
exercises:
  - name: Tilt
    sides: both
    hold: 10
    steps: ["Tip your head toward your {side} shoulder."]
"""

MISTAKES = {
    "unknown key": GOOD.replace("hold: 10", "hodl: 10"),
    "title not text": GOOD.replace("title: Tilt", "title: [a, b]"),
    "hold too long": GOOD.replace("hold: 10", "hold: 601"),
    "reps zero": GOOD.replace("hold: 10", "hold: 10\n    reps: 0"),
    "bad sides": GOOD.replace("sides: both", "sides: all"),
    "no title": GOOD.replace("title: Tilt\n", ""),
    "no exercises": "title: Tilt\n",
    "empty exercises": "title: Tilt\nexercises: []\n",
    "three-number hold": GOOD.replace("hold: 10", "hold: [10, 20, 30]"),
    "format 2": "format: 2\n" + GOOD,
    "hold as text": GOOD.replace("hold: 10", "hold: ten"),
    "empty steps": GOOD.replace('steps: ["Tip your head toward your {side} shoulder."]', "steps: []"),
    "absolute picture": GOOD.replace("sides: both", "image: /etc/x.svg\n    sides: both"),
}


def schema_accepts(text: str) -> bool:
    try:
        jsonschema.validate(yaml.safe_load(text), SCHEMA)
    except jsonschema.ValidationError:
        return False
    return True


def test_the_schema_is_valid() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize(
    "path",
    [
        *sorted(p for p in resources.bundled_routines_dir().glob("*.yaml") if "." not in p.stem),
        resources.new_routine_template(),
    ],
    ids=lambda p: p.name,
)
def test_schema_and_loader_accept_the_bundled_routines_and_the_template(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert check_routine(text, path)[0] is not None
    assert schema_accepts(text)


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_schema_and_loader_refuse_the_same_mistakes(name: str, tmp_path: Path) -> None:
    text = MISTAKES[name]
    assert check_routine(text, tmp_path / "r.yaml")[0] is None
    assert not schema_accepts(text)


def test_the_shipped_schema_is_the_one_the_loader_generates() -> None:
    from stretchapp.routines import schema

    assert resources.routine_schema().read_text(encoding="utf-8") == schema.schema_text(), (
        "docs/routine.schema.json is stale: run python -m stretchapp.routines.schema docs/routine.schema.json"
    )


def test_the_schema_follows_the_loader_s_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    from stretchapp.routines import loader, schema

    monkeypatch.setattr(loader, "MAX_REPS", 7)
    reps = schema.routine_schema()["properties"]["exercises"]["items"]["properties"]["reps"]
    assert reps["maximum"] == 7
    assert set(schema.exercise_schema()["properties"]) == set(loader.EXERCISE_KEYS)
