"""The JSON Schema of routine files, generated from the loader's own keys and limits (no Qt).

Editors that check YAML as it is typed (VS Code's YAML extension, for one) read
``docs/routine.schema.json``; ``python -m stretchapp.routines.schema`` writes it, and a test
fails when the file and this module disagree, so the schema cannot drift from the loader.
The loader checks more than a schema can say (placeholders, pictures that exist, ranges
that go backwards); the schema is a typing aid, the loader the authority.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from stretchapp.routines import loader

SCHEMA_ID = "https://stretchapp.invalid/routine.schema.json"

# What each key means, for the editor's tooltips. Every key the loader knows has one.
ROUTINE_DOCS = {
    "format": "Format version: 1, or 1.1 for a routine with 'language' or translations.",
    "title": "The routine's name, shown in the library and the player.",
    "description": "A sentence or two shown in the library.",
    "tags": "Words to filter by.",
    "cautions": "Safety notes shown once, before the first start.",
    "contraindications": (
        "Who should not do this routine, or should ask a doctor first; shown with the cautions."
    ),
    "author": "Who wrote the routine.",
    "reviewed_by": "Who checked it, e.g. a physiotherapist.",
    "source": "The article, book or address the routine follows; one, or a list.",
    "licence": "The terms it may be shared under, e.g. CC BY 4.0.",
    "language": "The language the routine is written in, e.g. en, de or pt_BR (default en).",
    "translations": (
        "The routine's text in other languages, by language (de, de_AT): for each piece the 'source' "
        "it was translated from and the translated 'text'. The same can be written in a file beside "
        "the routine named ID.LANG.yaml. Side words with two forms, right then left: "
        "{side|rechten|linken}, {other_side|droite|gauche}."
    ),
    "prepare": "Seconds to get into position before each hold (default 5; 0 leaves them out).",
    "rest": "Seconds of rest after each hold but the last (default 5; 0 leaves them out).",
    "exercises": "At least one exercise.",
}
EXERCISE_DOCS = {
    "name": "Shown large in the player.",
    "image": (
        "A drawing of the right side, in the routine's folder or among the bundled pictures; "
        "mirrored for the left."
    ),
    "image_left": "A separate drawing for the left side.",
    "sides": "Which sides the exercise is done on (default none).",
    "order": "by-side: R R R L L L; alternate: R L R L R L (default by-side).",
    "reps": "Reps per side (default 1).",
    "hold": (
        f"Seconds to hold each rep (1-{loader.MAX_SECONDS}), or a range [low, high] chosen in the settings."
    ),
    "steps": (
        "How to get into position; {side} and {other_side} are filled in for each side. Where the side "
        "word changes with the sentence, give its forms, right then left: 'mit der {side|rechten|linken} Hand', "
        "'la main {side|droite|gauche}'."
    ),
    "hold_prompt": "Shown during the hold.",
    "notes": "A note for authors; not shown in the player.",
}

_TEXT: dict[str, Any] = {"type": "string", "minLength": 1, "pattern": "\\S"}
_TEXT_LIST: dict[str, Any] = {"type": "array", "minItems": 1, "items": _TEXT}


def _seconds(low: int) -> dict[str, Any]:
    return {"type": "integer", "minimum": low, "maximum": loader.MAX_SECONDS}


def _picture() -> dict[str, Any]:
    suffixes = "|".join(s.lstrip(".") for s in loader.IMAGE_SUFFIXES)
    return {
        "type": "string",
        "minLength": 1,
        "pattern": f"^[^/\\\\].*\\.({suffixes}|{suffixes.upper()})$",
    }


_TRANSLATED: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["source", "text"],
    "properties": {
        "source": {**_TEXT, "description": "The text this was translated from, copied from the routine."},
        "text": {**_TEXT, "description": "The translation; side words as {side|right form|left form}."},
    },
}
_TRANSLATED_LIST: dict[str, Any] = {"type": "array", "items": {"oneOf": [_TRANSLATED, {"type": "null"}]}}
LANGUAGE_PATTERN = "^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})?$"


def translation_schema() -> dict[str, Any]:
    """One language's translation: the routine's text pieces, in the routine's order."""
    exercise = {
        "type": "object",
        "additionalProperties": False,
        "properties": {"name": _TRANSLATED, "steps": _TRANSLATED_LIST, "hold_prompt": _TRANSLATED},
    }
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "title": _TRANSLATED,
            "description": _TRANSLATED,
            "cautions": _TRANSLATED_LIST,
            "contraindications": _TRANSLATED_LIST,
            "exercises": {"type": "array", "items": {"oneOf": [exercise, {"type": "null"}]}},
        },
    }


def _routine_key(key: str) -> dict[str, Any]:
    shapes: dict[str, dict[str, Any]] = {
        "format": {"enum": [1, 1.1]},
        "language": {"type": "string", "pattern": LANGUAGE_PATTERN},
        "translations": {
            "type": "object",
            "propertyNames": {"pattern": LANGUAGE_PATTERN},
            "additionalProperties": translation_schema(),
        },
        "title": dict(_TEXT),
        "description": {"type": "string"},
        "tags": dict(_TEXT_LIST),
        "cautions": dict(_TEXT_LIST),
        "contraindications": dict(_TEXT_LIST),
        "author": dict(_TEXT),
        "reviewed_by": dict(_TEXT),
        "source": {"oneOf": [dict(_TEXT), dict(_TEXT_LIST)]},
        "licence": dict(_TEXT),
        "prepare": _seconds(0),
        "rest": _seconds(0),
        "exercises": {"type": "array", "minItems": 1, "items": exercise_schema()},
    }
    return {**shapes[key], "description": ROUTINE_DOCS[key]}


def _exercise_key(key: str) -> dict[str, Any]:
    shapes: dict[str, dict[str, Any]] = {
        "name": dict(_TEXT),
        "image": _picture(),
        "image_left": _picture(),
        "sides": {"enum": list(loader.SIDES)},
        "order": {"enum": list(loader.ORDERS)},
        "reps": {"type": "integer", "minimum": 1, "maximum": loader.MAX_REPS},
        "hold": {
            "oneOf": [
                _seconds(1),
                {"type": "array", "prefixItems": [_seconds(1), _seconds(1)], "minItems": 2, "maxItems": 2},
            ]
        },
        "steps": dict(_TEXT_LIST),
        "hold_prompt": dict(_TEXT),
        "notes": {"type": "string"},
    }
    return {**shapes[key], "description": EXERCISE_DOCS[key]}


def exercise_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": list(loader.EXERCISE_REQUIRED),
        "properties": {key: _exercise_key(key) for key in loader.EXERCISE_KEYS},
    }


def routine_schema() -> dict[str, Any]:
    """The whole schema, as a JSON-ready dict."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": f"stretchapp routine (format {loader.FORMAT_VERSION})",
        "description": (
            "One stretch routine per YAML file; the file name is the routine's id. The app's loader "
            "checks more than a schema can: placeholders other than {side} and {other_side}, {side} in "
            "an exercise without sides, pictures that exist and stay inside allowed folders, and ranges "
            "that go backwards. Run 'stretchapp validate FILE' for the full check."
        ),
        "type": "object",
        "additionalProperties": False,
        "required": list(loader.ROUTINE_REQUIRED),
        "properties": {key: _routine_key(key) for key in loader.ROUTINE_KEYS},
    }


def schema_text() -> str:
    return json.dumps(routine_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write the schema to the file given (default: print it)."""
    args = sys.argv[1:] if argv is None else argv
    if args:
        Path(args[0]).write_text(schema_text(), encoding="utf-8")
    else:
        sys.stdout.write(schema_text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
