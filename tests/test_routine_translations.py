"""Routine files in other languages: format 1.1, the fallback chain and every finding of the validator."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from stretchapp.cli.main import main
from stretchapp.core.localize import localize
from stretchapp.core.model import Side
from stretchapp.core.prompts import render
from stretchapp.core.timeline import build_timeline
from stretchapp.routines.library import USER, load_library
from stretchapp.routines.loader import ERROR, WARNING, Problem, check_routine, parse_routine

pytestmark = pytest.mark.usefixtures("yaml_parser")

SOURCE = """\
format: 1.1
title: Tilt
cautions:
  - Stop if it hurts.
exercises:
  - name: Tilt
    sides: both
    hold: 10
    steps:
      - Sit tall.
      - Tip your head toward your {side} shoulder.
    hold_prompt: Breathe out slowly.
"""

GERMAN = """\
translations:
  de:
    title:
      source: Tilt
      text: Neigen
    cautions:
      - source: Stop if it hurts.
        text: Hören Sie auf, wenn es wehtut.
    exercises:
      - name:
          source: Tilt
          text: Neigen
        steps:
          - source: Sit tall.
            text: Sitzen Sie aufrecht.
          - source: Tip your head toward your {side} shoulder.
            text: Neigen Sie den Kopf zur {side|rechten|linken} Schulter.
        hold_prompt:
          source: Breathe out slowly.
          text: Atmen Sie langsam aus.
"""


def where(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """The 1-based line and column of the ``nth`` occurrence of ``needle`` in ``text``."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def check(text: str, folder: Path, name: str = "tilt.yaml") -> tuple[object, list[Problem]]:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return check_routine(text, path)


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def steps_in(text: str, folder: Path, language: str, side: Side = Side.RIGHT) -> list[str]:
    routine, problems = check(text, folder)
    assert routine is not None, [str(p) for p in problems]
    shown = localize(routine, language)
    return [render(step, side) for step in shown.exercises[0].steps]


# -- old files and the new keys --------------------------------------------------------------


def test_a_format_1_file_loads_as_before_and_reads_the_same_in_every_language(tmp_path: Path) -> None:
    old = SOURCE.replace("format: 1.1", "format: 1")
    routine = parse_routine(old, tmp_path / "tilt.yaml")
    assert routine.translations == () and routine.language == "en"
    assert localize(routine, "de") is routine
    assert [p.prompt for p in build_timeline(routine).phases][:2] == [
        "Sit tall. Tip your head toward your right shoulder.",
        "Breathe out slowly.",
    ]


def test_a_routine_written_in_german_names_its_language_and_writes_side_forms(tmp_path: Path) -> None:
    text = SOURCE.replace("format: 1.1", "format: 1.1\nlanguage: de").replace(
        "your {side} shoulder", "your {side|rechte|linke} Schulter"
    )
    routine = parse_routine(text, tmp_path / "tilt.yaml")
    assert routine.source_language == "de"
    assert render(routine.exercises[0].steps[1], Side.LEFT) == "Tip your head toward your linke Schulter."


def test_a_bare_side_in_a_routine_not_in_english_is_an_error_where_it_is_written(tmp_path: Path) -> None:
    text = SOURCE.replace("format: 1.1", "format: 1.1\nlanguage: fr")
    routine, problems = check(text, tmp_path)
    p = only(problems)
    assert routine is None and p.severity == ERROR
    assert (p.line, p.column) == where(text, "{side}")
    assert "{side|" in (p.hint or "")


# -- the fallback chain ------------------------------------------------------------------------


def test_a_regional_language_falls_back_to_its_base_then_to_the_source_piece_by_piece(tmp_path: Path) -> None:
    austrian = """\
  de_AT:
    title:
      source: Tilt
      text: Kopf neigen
"""
    text = SOURCE + GERMAN.replace(
        "          source: Breathe out slowly.\n          text: Atmen Sie langsam aus.\n", ""
    ).replace("        hold_prompt:\n", "")
    text += austrian
    routine, problems = check(text, tmp_path)
    assert routine is not None
    # Only the German hold prompt is missing; de_AT takes what de lacks from the source too, said once.
    p = only(problems)
    assert p.severity == WARNING and p.language == "de"
    for tag in ("de_AT", "de-AT", "de_AT.UTF-8"):
        shown = localize(routine, tag)
        assert shown.title == "Kopf neigen", "the most specific translation wins"
        assert shown.exercises[0].steps[0] == "Sitzen Sie aufrecht.", "then its base language"
        assert shown.exercises[0].hold_prompt == "Breathe out slowly.", "then the file's own text"
        assert shown.language == "de_AT"
    assert localize(routine, "de_CH").title == "Neigen"
    english = localize(routine, "fr")
    assert english.title == "Tilt" and english.language == "en"
    assert localize(localize(routine, "de"), "en").title == "Tilt", (
        "a shown routine can change language again"
    )


def test_the_chosen_language_decides_what_the_timeline_says_on_both_sides(tmp_path: Path) -> None:
    assert (
        steps_in(SOURCE + GERMAN, tmp_path, "de", Side.RIGHT)[1]
        == "Neigen Sie den Kopf zur rechten Schulter."
    )
    assert (
        steps_in(SOURCE + GERMAN, tmp_path, "de", Side.LEFT)[1] == "Neigen Sie den Kopf zur linken Schulter."
    )
    routine = localize(parse_routine(SOURCE + GERMAN, tmp_path / "tilt.yaml"), "de")
    phases = build_timeline(routine).phases
    assert phases[0].exercise == "Neigen"
    assert phases[0].prompt == "Sitzen Sie aufrecht. Neigen Sie den Kopf zur rechten Schulter."


# -- what the validator finds, and where --------------------------------------------------------


def test_a_complete_translation_has_no_findings(tmp_path: Path) -> None:
    routine, problems = check(SOURCE + GERMAN, tmp_path)
    assert routine is not None and problems == []


def test_a_missing_piece_is_a_warning_at_its_exercise_and_the_source_is_shown(tmp_path: Path) -> None:
    text = SOURCE + GERMAN.replace(
        "          - source: Sit tall.\n            text: Sitzen Sie aufrecht.\n", "          - ~\n"
    )
    routine, problems = check(text, tmp_path)
    p = only(problems)
    assert routine is not None
    assert (p.severity, p.language) == (WARNING, "de")
    assert (p.line, p.column) == where(text, "name:", 1), "the exercise's translation"
    assert "step 1 of exercise 1" in p.message
    assert localize(routine, "de").exercises[0].steps[0] == "Sit tall."
    assert str(p).startswith(f"{tmp_path / 'tilt.yaml'}:{p.line}:{p.column}: warning: ")


def test_a_language_with_nothing_yet_misses_every_piece_at_the_language_s_line(tmp_path: Path) -> None:
    text = SOURCE + "translations:\n  es: {}\n"
    routine, problems = check(text, tmp_path)
    assert routine is not None
    assert len(problems) == 6, "title, a caution, a name, two steps and a hold prompt"
    assert {(p.line, p.column, p.severity, p.language) for p in problems} == {
        (*where(text, "es: {}"), WARNING, "es")
    }


def test_a_translation_of_a_changed_source_is_stale_at_its_source_line(tmp_path: Path) -> None:
    text = SOURCE.replace("Sit tall.", "Sit up tall.", 1) + GERMAN
    routine, problems = check(text, tmp_path)
    p = only(problems)
    assert routine is not None
    assert (p.severity, p.language) == (WARNING, "de")
    assert (p.line, p.column) == where(text, "Sit tall.")
    assert "Sit up tall." in (p.hint or ""), "the hint gives the text to translate now"
    assert localize(routine, "de").exercises[0].steps[0] == "Sit up tall."


def test_refolding_the_source_is_not_a_change(tmp_path: Path) -> None:
    text = SOURCE.replace(
        "Tip your head toward your {side} shoulder.",
        ">-\n        Tip your head toward\n        your {side} shoulder.",
    )
    routine, problems = check(text + GERMAN, tmp_path)
    assert routine is not None and problems == []


def test_a_dropped_placeholder_is_an_error_for_that_language_only(tmp_path: Path) -> None:
    text = SOURCE + GERMAN.replace("zur {side|rechten|linken} Schulter", "zur Schulter")
    routine, problems = check(text, tmp_path)
    p = only(problems)
    assert routine is not None, "the routine stays usable"
    assert (p.severity, p.language) == (ERROR, "de")
    assert (p.line, p.column) == where(text, "Neigen Sie den Kopf")
    assert "{side}" in p.message
    shown = localize(routine, "de")
    assert shown.exercises[0].steps[1] == "Tip your head toward your {side} shoulder."
    assert shown.exercises[0].steps[0] == "Sitzen Sie aufrecht.", "the rest of the language is used"


def test_an_invented_placeholder_is_an_error_where_it_is_written(tmp_path: Path) -> None:
    text = SOURCE + GERMAN.replace("Schulter.", "Schulter, weg von der {other_side|rechten|linken}.")
    p = only(check(text, tmp_path)[1])
    assert (p.severity, p.language) == (ERROR, "de")
    assert (p.line, p.column) == where(text, "{other_side|")
    assert "{other_side}" in p.message


def test_a_bare_side_in_a_translation_would_be_english_and_is_an_error(tmp_path: Path) -> None:
    text = SOURCE + GERMAN.replace("{side|rechten|linken}", "{side}")
    p = only(check(text, tmp_path)[1])
    assert (p.severity, p.language) == (ERROR, "de")
    assert (p.line, p.column) == where(text, "{side}", 2), "the source's, its copy's, then the translation's"


@pytest.mark.parametrize("field", ["{side|rechten}", "{side|rechten|linken|mittleren}", "{side||linken}"])
def test_side_forms_come_in_twos(tmp_path: Path, field: str) -> None:
    text = SOURCE + GERMAN.replace("{side|rechten|linken}", field)
    p = only(check(text, tmp_path)[1])
    assert (p.severity, p.language) == (ERROR, "de")
    assert (p.line, p.column) == where(text, field)


def test_more_items_than_the_routine_has_are_an_error_for_that_language(tmp_path: Path) -> None:
    text = SOURCE + GERMAN.replace(
        "        text: Hören Sie auf, wenn es wehtut.\n",
        "        text: Hören Sie auf, wenn es wehtut.\n      - source: Extra.\n        text: Mehr.\n",
    )
    routine, problems = check(text, tmp_path)
    p = only(problems)
    assert routine is not None and (p.severity, p.language) == (ERROR, "de")
    assert (p.line, p.column) == where(text, "source: Extra.")


# -- sidecar files --------------------------------------------------------------------------------


def sidecar(text: str) -> str:
    """GERMAN as a file of its own: the block without the two keys above it."""
    return "\n".join(line[4:] for line in text.splitlines()[2:]) + "\n"


def test_a_sidecar_beside_the_routine_translates_it_and_is_checked_in_its_own_file(tmp_path: Path) -> None:
    (tmp_path / "tilt.de.yaml").write_text(
        sidecar(GERMAN).replace("Sit tall.", "Sit down."), encoding="utf-8"
    )
    routine, problems = check(SOURCE, tmp_path)
    p = only(problems)
    assert routine is not None
    assert p.file == str(tmp_path / "tilt.de.yaml") and p.severity == WARNING
    assert (p.line, p.column) == where(sidecar(GERMAN), "Sit tall.")
    assert render(localize(routine, "de").exercises[0].steps[1], Side.LEFT) == (
        "Neigen Sie den Kopf zur linken Schulter."
    )


def test_a_broken_sidecar_leaves_the_routine_and_the_other_languages_usable(tmp_path: Path) -> None:
    (tmp_path / "tilt.de.yaml").write_text(sidecar(GERMAN), encoding="utf-8")
    (tmp_path / "tilt.fr.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    routine, problems = check(SOURCE, tmp_path)
    assert routine is not None
    assert {(Path(p.file).name, p.language, p.severity) for p in problems} == {("tilt.fr.yaml", "fr", ERROR)}
    assert localize(routine, "de").title == "Neigen" and localize(routine, "fr").title == "Tilt"


def test_the_library_follows_the_chosen_language_and_a_changed_sidecar(tmp_path: Path) -> None:
    from stretchapp.core import i18n

    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "tilt.yaml").write_text(SOURCE, encoding="utf-8")
    sidecar_file = folder / "tilt.de.yaml"
    sidecar_file.write_text(sidecar(GERMAN), encoding="utf-8")
    (folder / "gone.fr.yaml").write_text(sidecar(GERMAN), encoding="utf-8")
    i18n.set_language("de_DE")
    library = load_library([(USER, folder)])
    assert [e.routine.title for e in library.entries] == ["Neigen"]
    assert [(b.path.name, b.problems[0].language) for b in library.broken] == [("gone.fr.yaml", "fr")]
    sidecar_file.write_text(
        sidecar(GERMAN).replace("text: Neigen\n", "text: Kopf neigen\n", 1), encoding="utf-8"
    )
    stat = sidecar_file.stat()
    os.utime(sidecar_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert [e.routine.title for e in load_library([(USER, folder)]).entries] == ["Kopf neigen"]


def test_validate_lists_warnings_but_passes_and_fails_on_a_translation_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stale = tmp_path / "stale.yaml"
    stale.write_text(SOURCE.replace("Sit tall.", "Sit up.", 1) + GERMAN, encoding="utf-8")
    assert main(["validate", str(stale)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{stale}:{where(stale.read_text(), 'Sit tall.')[0]}:") and "warning:" in out[0]
    assert out[-1] == f"OK {stale}"
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        SOURCE + GERMAN.replace("{side|rechten|linken}", "{sied|rechten|linken}"), encoding="utf-8"
    )
    assert main(["validate", str(broken)]) == 1
    assert "OK" not in capsys.readouterr().out


def test_plan_speaks_german_under_a_german_locale(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert main(["plan", "neck-relief"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Nackenentspannung")
    assert "Drehen Sie den Kopf langsam zur rechten Schulter." in out
    assert "Drehen Sie den Kopf langsam zur linken Schulter." in out
    assert "mit der linken Hand das rechte Handgelenk" in out
    assert main(["plan", "neck-relief", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    # The routine's own words; the app's (the rest prompts) come with its catalogues.
    own = [p["prompt"] for p in data["phases"] if p["kind"] != "rest"]
    assert own and not any(word in prompt.lower() for prompt in own for word in ("shoulder", "right", "left"))


def test_a_pack_carries_the_translations_under_the_new_id(tmp_path: Path) -> None:
    from stretchapp import resources
    from stretchapp.routines import packs

    pack = packs.read_pack(packs.build_pack(resources.bundled_routines_dir() / "neck-relief.yaml"))
    assert sorted(pack.translations) == ["de", "es", "fr", "he"]
    done = packs.install(pack, routine_id="mine", folder=tmp_path)
    assert sorted(p.name for p in done.translations) == [
        f"mine.{tag}.yaml" for tag in ("de", "es", "fr", "he")
    ]
    entry = load_library([(USER, tmp_path)]).entries[0]
    assert localize(entry.routine, "he").title == "הקלה לצוואר"


def test_a_pack_with_a_broken_translation_is_refused(tmp_path: Path) -> None:
    from stretchapp.routines import packs

    (tmp_path / "tilt.yaml").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "tilt.de.yaml").write_text(
        sidecar(GERMAN).replace("{side|rechten|linken}", "{side}"), encoding="utf-8"
    )
    with pytest.raises(packs.PackError, match="translation"):
        packs.build_pack(tmp_path / "tilt.yaml")


@pytest.mark.parametrize(
    ("written", "right", "left"),
    [
        (
            "Fassen Sie mit der {side|rechten|linken} Hand das {other_side|rechte|linke} Handgelenk.",
            "Fassen Sie mit der rechten Hand das linke Handgelenk.",
            "Fassen\nSie mit der linken Hand das rechte Handgelenk.",
        ),
        (
            "Tenez le poignet {other_side|droit|gauche} avec la main {side|droite|gauche}.",
            "Tenez le poignet gauche avec la main droite.",
            "Tenez le poignet\ndroit avec la main gauche.",
        ),
    ],
)
def test_the_format_doc_s_side_examples_read_as_it_says(written: str, right: str, left: str) -> None:
    from stretchapp import resources

    doc = resources.format_doc().read_text(encoding="utf-8")
    assert f"text: {written}" in doc
    assert f'reads "{right}"' in doc.replace("\n", " ") or f'reads "{right}"' in doc
    assert render(written, Side.RIGHT) == right
    assert render(written, Side.LEFT) == left.replace("\n", " ")
    assert f'"{left}"' in doc
