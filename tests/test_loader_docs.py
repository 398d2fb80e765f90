"""docs/routine-format.md stays true: its example plans as it says, and it lists every message."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from stretchapp import resources
from stretchapp.core.model import HoldLength, HoldRange
from stretchapp.core.timeline import build_timeline, hold_seconds
from stretchapp.routines import library, loader, pictures, translations
from stretchapp.routines.loader import parse_routine

pytestmark = pytest.mark.usefixtures("yaml_parser")

DOC = resources.format_doc()


def doc_text() -> str:
    return DOC.read_text(encoding="utf-8")


def test_the_complete_example_loads_and_plans_to_the_stated_total(tmp_path: Path) -> None:
    example = re.search(r"## A complete example\n\n```yaml\n(.*?)```", doc_text(), re.S)
    assert example is not None
    routine = parse_routine(example.group(1), tmp_path / "neck-relief.yaml")
    total = build_timeline(routine).total_seconds
    assert f"This routine runs for {total} seconds" in doc_text()
    assert routine.exercises[0].image == (resources.images_dir() / "simple-neck-stretch.svg").resolve()


def test_the_progressive_hold_example_is_right() -> None:
    seconds = [hold_seconds(HoldRange(15, 30), rep, 3, HoldLength.PROGRESSIVE) for rep in (1, 2, 3)]
    assert "(with\nthree reps: {}, {} and {} seconds)".format(*seconds) in doc_text()


def test_every_bundled_picture_is_named() -> None:
    for picture in sorted(resources.images_dir().glob("*.svg")):
        assert f"`{picture.name}`" in doc_text()


def message_templates(module: object) -> list[tuple[int, list[str]]]:
    """Literal parts of every message the module gives (the message argument of each problem)."""
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        index = {"problem": 2, "at": 1, "Problem": 3, "_refuse": 0, "Refusal": 0, "_refusal": 0}.get(name)
        if index is None or len(node.args) <= index:
            continue
        message = node.args[index]
        # A translated message, _("...") or _("...").format(...): its literal text between the fields.
        if (
            isinstance(message, ast.Call)
            and isinstance(message.func, ast.Attribute)
            and message.func.attr == "format"
        ):
            message = message.func.value
        if isinstance(message, ast.Call) and getattr(message.func, "id", "") in {"_", "N_"} and message.args:
            message = message.args[0]
            if isinstance(message, ast.Constant):
                found.append((node.lineno, re.split(r"\{\{|\}\}|\{[^{}]*\}", str(message.value))))
            continue
        if isinstance(message, ast.Constant):
            found.append((node.lineno, [str(message.value)]))
        elif isinstance(message, ast.JoinedStr):
            parts = [str(v.value) for v in message.values if isinstance(v, ast.Constant)]
            found.append((node.lineno, parts))
    return found


def test_every_message_is_in_the_error_table() -> None:
    table = doc_text().split("## Every error message", 1)[1]
    templates = message_templates(loader) + message_templates(library) + message_templates(translations)
    assert len(templates) > 40, "the search finds the messages"
    reasons = message_templates(pictures)
    assert len(reasons) > 25, "the search finds the reasons a picture is refused"
    templates += reasons
    missing = [
        (line, parts)
        for line, parts in templates
        if any(len(part.strip()) >= 4 and part.strip() not in table for part in parts)
    ]
    assert missing == []
