"""Every bundled routine in every shipped language: complete, current, and the left side the true mirror of the right."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from stretchapp import resources
from stretchapp.core.localize import localize
from stretchapp.core.model import Routine, Side
from stretchapp.core.prompts import render
from stretchapp.routines.loader import read_routine

ROUTINES = sorted(p for p in resources.bundled_routines_dir().glob("*.yaml") if "." not in p.stem)
LANGUAGES = ("de", "fr", "es", "he")

# Each language's words for the right and the left side, in every form the routines use or could.
SIDE_WORDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "en": (frozenset({"right"}), frozenset({"left"})),
    "de": (
        frozenset({"rechte", "rechten", "rechter", "rechtes", "rechts"}),
        frozenset({"linke", "linken", "linker", "linkes", "links"}),
    ),
    "fr": (frozenset({"droite", "droit", "droites", "droits"}), frozenset({"gauche", "gauches"})),
    "es": (
        frozenset({"derecho", "derecha", "derechos", "derechas"}),
        frozenset({"izquierdo", "izquierda", "izquierdos", "izquierdas"}),
    ),
    "he": (
        frozenset({"ימין", "הימני", "הימנית", "ימינה"}),
        frozenset({"שמאל", "השמאלי", "השמאלית", "שמאלה"}),
    ),
}
# The part of a side word that agrees with its noun, where the language shows it on both words.
STEMS = {"de": ("recht", "link"), "es": ("derech", "izquierd")}


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def sided_texts(routine: Routine) -> list[str]:
    texts = []
    for exercise in routine.exercises:
        if exercise.is_sided:
            texts.extend([exercise.name, *exercise.steps])
            if exercise.hold_prompt:
                texts.append(exercise.hold_prompt)
    return texts


def assert_mirror(right: str, left: str, language: str) -> None:
    """``left`` is ``right`` with each side word exchanged for the other side's, and nothing else changed."""
    right_words, left_words = SIDE_WORDS[language]
    a, b = words(right), words(left)
    assert len(a) == len(b), (right, left)
    for rw, lw in zip(a, b, strict=True):
        if rw in right_words or rw in left_words:
            flipped = (rw in right_words and lw in left_words) or (rw in left_words and lw in right_words)
            assert flipped, f"{rw!r} stays {lw!r}: {right!r} / {left!r}"
            if language in STEMS:
                stems = STEMS[language] if rw in right_words else STEMS[language][::-1]
                assert rw.removeprefix(stems[0]) == lw.removeprefix(stems[1]), (
                    f"{rw!r} and {lw!r} do not agree"
                )
        else:
            assert rw == lw, f"{rw!r} became {lw!r} on the left: {right!r} / {left!r}"


def sides_named(text: str, language: str) -> tuple[int, int]:
    right_words, left_words = SIDE_WORDS[language]
    found = words(text)
    return sum(w in right_words for w in found), sum(w in left_words for w in found)


@pytest.mark.parametrize("path", ROUTINES, ids=lambda p: p.stem)
def test_every_language_is_complete_and_current(path: Path) -> None:
    routine, problems = read_routine(path)
    assert routine is not None
    assert problems == [], [str(p) for p in problems]
    assert sorted(t.language for t in routine.translations) == sorted(("en", *LANGUAGES))


@pytest.mark.parametrize("language", ("en", *LANGUAGES))
@pytest.mark.parametrize("path", ROUTINES, ids=lambda p: p.stem)
def test_the_left_side_reads_as_the_mirror_of_the_right(path: Path, language: str) -> None:
    routine, _problems = read_routine(path)
    assert routine is not None
    shown = localize(routine, language)
    assert shown.language == language
    texts = sided_texts(shown)
    for text, source in zip(texts, sided_texts(routine), strict=True):
        right, left = render(text, Side.RIGHT), render(text, Side.LEFT)
        assert "{" not in right and "{" not in left, "every placeholder is filled in"
        assert_mirror(right, left, language)
        # On the right side, as many words name the right and the left as in the English.
        assert sides_named(right, language) == sides_named(render(source, Side.RIGHT), "en"), (right, source)
    if language != "en":
        every = [
            shown.title,
            shown.description,
            *shown.cautions,
            *[render(t, s) for t in texts for s in Side],
        ]
        english = {"right", "left", "side", "shoulder", "your", "stretch", "neck", "the"}
        found = sorted({w for text in every for w in words(text)} & english)
        assert not found, f"English words in the {language} text: {found}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_emergency_advice_keeps_its_threshold_in_every_language(language: str) -> None:
    routine, _problems = read_routine(resources.bundled_routines_dir() / "neck-relief.yaml")
    assert routine is not None
    english = routine.cautions
    shown = localize(routine, language).cautions
    assert len(shown) == len(english) and all(a != b for a, b in zip(shown, english, strict=True))
    assert any(re.search(r"37[.,]8\s*°C", caution) for caution in shown), "the fever over 37.8 °C"
