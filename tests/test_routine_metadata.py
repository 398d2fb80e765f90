"""Who wrote a routine, what it follows, and who should not do it: read, checked and shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from stretchapp import resources
from stretchapp.core.model import HoldLength, Routine
from stretchapp.routines import cache
from stretchapp.routines.library import RoutineEntry, load_library
from stretchapp.routines.loader import check_routine, parse_routine

pytestmark = pytest.mark.usefixtures("yaml_parser")

EXERCISES = """
exercises:
  - name: Chin tuck
    hold: 5
    steps: [Sit tall.]
"""

FULL = (
    """
title: From the clinic
author: Ann Smith
reviewed_by: Dr. Bo Jensen, physiotherapist
licence: CC BY 4.0
source:
  - Neck pain leaflet, page 3
  - https://example.org/neck
contraindications:
  - Neck surgery in the last six months.
  - Dizziness when you turn your head.
"""
    + EXERCISES
)


def test_the_metadata_keys_are_read(tmp_path: Path) -> None:
    routine = parse_routine(FULL, tmp_path / "clinic.yaml")
    assert routine.author == "Ann Smith"
    assert routine.reviewed_by == "Dr. Bo Jensen, physiotherapist"
    assert routine.licence == "CC BY 4.0"
    assert routine.citations == ("Neck pain leaflet, page 3", "https://example.org/neck")
    assert routine.contraindications == (
        "Neck surgery in the last six months.",
        "Dizziness when you turn your head.",
    )


def test_one_source_may_be_written_as_text(tmp_path: Path) -> None:
    routine = parse_routine("title: T\nsource: A leaflet\n" + EXERCISES, tmp_path / "t.yaml")
    assert routine.citations == ("A leaflet",)


def test_without_metadata_nothing_is_claimed(tmp_path: Path) -> None:
    routine = parse_routine("title: T\n" + EXERCISES, tmp_path / "t.yaml")
    assert (routine.author, routine.reviewed_by, routine.licence) == (None, None, None)
    assert routine.citations == () and routine.contraindications == ()


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("source:\n  title: A leaflet\n", (3, 3), "'source' must be text or a list of text, not a mapping"),
        ("source: 12\n", (2, 9), "'source' must be text"),
        ("source: []\n", (2, 9), "'source' is an empty list"),
        ("author: [Ann, Bo]\n", (2, 9), "'author' must be text, not a list"),
        ("reviewed_by:\n", (2, 13), "'reviewed_by' is empty"),
        ("licence: yes\n", (2, 10), "'licence' must be text"),
        ("contraindications: Surgery\n", (2, 20), "'contraindications' must be a list"),
        (
            "contraindications:\n  - {x: 1}\n",
            (3, 5),
            "an item of 'contraindications' must be text, not a mapping",
        ),
    ],
)
def test_a_wrong_metadata_value_is_located(
    tmp_path: Path, line: str, column: tuple[int, int], message: str
) -> None:
    routine, problems = check_routine("title: T\n" + line + EXERCISES, tmp_path / "t.yaml")
    assert routine is None
    assert [(p.line, p.column, p.message) for p in problems] == [(*column, message)]


def test_a_misspelt_licence_is_named(tmp_path: Path) -> None:
    _, problems = check_routine("title: T\nlicense: MIT\n" + EXERCISES, tmp_path / "t.yaml")
    assert len(problems) == 1 and "licence" in (problems[0].hint or "")


def test_the_bundled_routines_cite_both_articles() -> None:
    library = load_library([("bundled", resources.bundled_routines_dir())])
    assert len(library.entries) == 3 and not library.broken
    for entry in library.entries:
        cited = " ".join(entry.routine.citations)
        assert "How to Relieve a Neck Muscle Spasm" in cited, entry.routine.id
        assert "Healthline" in cited, entry.routine.id


def test_the_metadata_survives_the_routine_cache(tmp_path: Path) -> None:
    routine = parse_routine(FULL, tmp_path / "clinic.yaml")
    assert cache.decode_routine(cache.encode(routine)) == routine


# -- shown in the library and before the first start ---------------------------------------


def clinic(tmp_path: Path) -> Routine:
    return parse_routine(FULL, tmp_path / "clinic.yaml")


def test_the_details_show_who_wrote_it_and_what_it_follows(tmp_path: Path) -> None:
    from stretchapp.ui.library.details import details_html

    entry = RoutineEntry(clinic(tmp_path), tmp_path / "clinic.yaml", "user", read_only=False)
    shown = details_html(entry, HoldLength.SHORT)
    for text in ("Ann Smith", "Dr. Bo Jensen, physiotherapist", "CC BY 4.0", "Neck pain leaflet, page 3"):
        assert text in shown
    assert "Neck surgery in the last six months." in shown


def test_the_details_escape_what_the_file_says(tmp_path: Path) -> None:
    from stretchapp.ui.library.details import details_html

    routine = parse_routine(
        "title: T\nauthor: <b>Eve</b>\nsource: <img src=x>\n" + EXERCISES, tmp_path / "t.yaml"
    )
    shown = details_html(RoutineEntry(routine, tmp_path / "t.yaml", "user", False), HoldLength.SHORT)
    assert "<b>Eve" not in shown and "<img" not in shown
    assert "&lt;b&gt;Eve" in shown


def test_the_cautions_dialog_lists_the_contraindications(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    from stretchapp.ui.library.cautions import CautionsDialog

    dialog = CautionsDialog(clinic(tmp_path))
    qtbot.addWidget(dialog)
    shown = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "Neck surgery in the last six months." in shown
    assert "Dizziness when you turn your head." in shown
