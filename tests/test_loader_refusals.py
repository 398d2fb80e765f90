"""Every kind of bad routine file is refused with its file, line, column and a useful message."""

from __future__ import annotations

from pathlib import Path

import pytest

from stretchapp.routines.loader import (
    MAX_FILE_BYTES,
    Problem,
    RoutineError,
    check_routine,
    load_routine,
    parse_routine,
)

pytestmark = pytest.mark.usefixtures("yaml_parser")

GOOD = """\
title: Tilt
exercises:
  - name: Tilt
    sides: both
    hold: 15
    steps:
      - Tip your head toward your {side} shoulder.
"""


def problems_of(text: str | bytes, tmp_path: Path, name: str = "r.yaml") -> list[Problem]:
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    with pytest.raises(RoutineError) as error:
        load_routine(path)
    problems = list(error.value.problems)
    assert problems, "a refusal always names at least one problem"
    assert all(p.file == str(path) for p in problems)
    return problems


def one(problems: list[Problem], *words: str) -> Problem:
    matching = [p for p in problems if all(w in p.message + " " + (p.hint or "") for w in words)]
    assert matching, f"no problem mentions {words}: {[str(p) for p in problems]}"
    return matching[0]


def test_the_good_file_loads(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text(GOOD, encoding="utf-8")
    routine = load_routine(tmp_path / "r.yaml")
    assert routine.id == "r" and routine.title == "Tilt"


def test_duplicate_keys(tmp_path: Path) -> None:
    p = one(
        problems_of(GOOD.replace("    hold: 15\n", "    hold: 15\n    hold: 20\n"), tmp_path),
        "duplicate key 'hold'",
    )
    assert (p.line, p.column) == (6, 5)
    assert "line 5" in p.message


def test_unknown_key_with_a_suggestion(tmp_path: Path) -> None:
    p = one(problems_of(GOOD.replace("    hold: 15", "    hodl: 15"), tmp_path), "unknown key 'hodl'")
    assert (p.line, p.column, p.hint) == (5, 5, "did you mean 'hold'?")


def test_wrong_types(tmp_path: Path) -> None:
    problems = problems_of(
        GOOD.replace("title: Tilt", "title: [a, b]").replace("hold: 15", "hold: fifteen"), tmp_path
    )
    assert (one(problems, "'title' must be text").line, one(problems, "'title' must be text").column) == (
        1,
        8,
    )
    hold = one(problems, "'hold' must be a whole number")
    assert (hold.line, hold.column) == (5, 11)


def test_booleans_are_not_numbers(tmp_path: Path) -> None:
    p = one(problems_of(GOOD.replace("hold: 15", "hold: true"), tmp_path), "whole number", "true/false")
    assert (p.line, p.column) == (5, 11)


def test_out_of_range_numbers(tmp_path: Path) -> None:
    problems = problems_of(
        GOOD.replace("hold: 15", "hold: 601").replace("title: Tilt", "title: Tilt\nrest: -1"), tmp_path
    )
    assert one(problems, "'hold' is 601", "1 to 600").line == 6
    assert one(problems, "'rest' is -1").line == 2


def test_backwards_range(tmp_path: Path) -> None:
    p = one(problems_of(GOOD.replace("hold: 15", "hold: [30, 15]"), tmp_path), "backwards")
    assert (p.line, p.column) == (5, 11)
    assert p.hint == "write it as [15, 30]"


def test_empty_lists(tmp_path: Path) -> None:
    p = one(problems_of("title: T\nexercises: []\n", tmp_path), "'exercises' is an empty list")
    assert (p.line, p.column) == (2, 12)
    steps = one(
        problems_of(
            GOOD.replace(
                "    steps:\n      - Tip your head toward your {side} shoulder.\n", "    steps: []\n"
            ),
            tmp_path,
        ),
        "'steps' is an empty list",
    )
    assert steps.line == 6


@pytest.mark.parametrize(("text", "kind"), [("- a\n- b\n", "a list"), ("just words\n", "a value")])
def test_top_level_list_or_scalar(tmp_path: Path, text: str, kind: str) -> None:
    p = one(problems_of(text, tmp_path), "must be a mapping", kind)
    assert (p.line, p.column) == (1, 1)


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    p = one(problems_of(text, tmp_path), "the file is empty")
    assert (p.line, p.column) == (1, 1)


def test_non_utf8_bytes(tmp_path: Path) -> None:
    p = one(
        problems_of(GOOD.encode("utf-8").replace(b"Tilt\n", b"Til\xe9\n", 1), tmp_path), "not UTF-8", "0xe9"
    )
    assert (p.line, p.column) == (1, 11)
    assert p.hint == "save the file with UTF-8 encoding"


def test_tabs_in_indentation(tmp_path: Path) -> None:
    p = one(problems_of(GOOD.replace("    hold: 15", "\thold: 15"), tmp_path), "tab")
    assert (p.line, p.column) == (5, 1)
    assert "spaces" in (p.hint or "")


def test_python_object_tags(tmp_path: Path) -> None:
    text = "title: !!python/object/apply:os.system ['echo owned']\nexercises: []\n"
    p = one(problems_of(text, tmp_path), "tag", "not allowed")
    assert (p.line, p.column) == (1, 8)


def test_custom_tags(tmp_path: Path) -> None:
    p = one(problems_of(GOOD.replace("hold: 15", "hold: !seconds 15"), tmp_path), "tag '!seconds'")
    assert p.line == 5


def test_alias_bomb(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]"
        for i in range(8)
    ]
    p = one(problems_of("\n".join(lines) + "\n", tmp_path), "aliases", "not allowed")
    assert (p.line, p.column) == (2, 8)


def test_very_deep_nesting(tmp_path: Path) -> None:
    p = one(problems_of("title: " + "[" * 5000 + "]" * 5000 + "\n", tmp_path), "nests", "levels deep")
    assert p.line == 1
    block = "title:\n" + "".join("  " * i + "- \n" for i in range(1, 60))
    assert one(problems_of(block, tmp_path), "nests").line > 1


def test_image_paths_must_stay_inside_the_allowed_folders(tmp_path: Path) -> None:
    outside = tmp_path / "secret.svg"
    outside.write_text("<svg/>", encoding="utf-8")
    folder = tmp_path / "routines"
    folder.mkdir()
    for image in ("../secret.svg", str(outside), "../../../../etc/passwd.svg"):
        problems = problems_of(
            GOOD.replace("    sides: both", f"    image: {image}\n    sides: both"), folder
        )
        p = one(problems, "'image'")
        assert (p.line, p.column) == (4, 12)
        assert "outside" in p.message or "absolute" in p.message


def test_image_symlink_escape_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.svg").write_text("<svg/>", encoding="utf-8")
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "link.svg").symlink_to(tmp_path / "secret.svg")
    p = one(
        problems_of(GOOD.replace("    sides: both", "    image: link.svg\n    sides: both"), folder),
        "outside",
    )
    assert p.line == 4


def test_missing_image_and_a_picture_beside_the_routine(tmp_path: Path) -> None:
    p = one(
        problems_of(GOOD.replace("    sides: both", "    image: nowhere.svg\n    sides: both"), tmp_path),
        "not found",
    )
    assert p.line == 4
    (tmp_path / "mine.svg").write_text("<svg/>", encoding="utf-8")
    routine = parse_routine(
        GOOD.replace("    sides: both", "    image: mine.svg\n    sides: both"), tmp_path / "r.yaml"
    )
    assert routine.exercises[0].image == (tmp_path / "mine.svg").resolve()


def test_files_over_one_mebibyte_are_refused_before_parsing(tmp_path: Path) -> None:
    p = one(problems_of(GOOD + "#" * (MAX_FILE_BYTES + 10), tmp_path), "1,048,576 bytes", "1 MiB")
    assert (p.line, p.column) == (1, 1)


def test_bom_and_crlf_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode("utf-8"))
    assert load_routine(path).title == "Tilt"
    bad = b"\xef\xbb\xbf" + GOOD.replace("hold: 15", "hodl: 15").replace("\n", "\r\n").encode("utf-8")
    p = one(problems_of(bad, tmp_path), "hodl")
    assert (p.line, p.column) == (5, 5)


def test_unknown_placeholder_is_located_in_the_line(tmp_path: Path) -> None:
    p = one(problems_of(GOOD.replace("{side} shoulder", "{sied} shoulder"), tmp_path), "'{sied}'")
    assert (p.line, p.column) == (7, 35)
    assert p.hint == "did you mean '{side}'?"


def test_side_placeholder_in_an_exercise_without_sides(tmp_path: Path) -> None:
    p = one(problems_of(GOOD.replace("    sides: both\n", ""), tmp_path), "'{side}'", "no sides")
    assert p.line == 6


def test_several_documents(tmp_path: Path) -> None:
    p = one(problems_of(GOOD + "---\n" + GOOD, tmp_path), "more than one YAML document")
    assert p.line == 8


def test_every_problem_of_a_file_is_reported_together_in_order(tmp_path: Path) -> None:
    text = "title: 5\nrest: lots\nexercises:\n  - name: A\n    hodl: 3\n    steps: [x]\n  - just text\n"
    problems = problems_of(text, tmp_path)
    assert len(problems) >= 4
    assert [(p.line, p.column) for p in problems] == sorted((p.line, p.column) for p in problems)


def test_syntax_error_is_located_with_a_hint(tmp_path: Path) -> None:
    p = one(
        problems_of(
            "title: Tilt\nexercises:\n  - name: Tilt\n    steps: [Turn to the {side}.]\n    hold: 5\n",
            tmp_path,
        ),
        "YAML syntax error",
    )
    assert p.line == 4 and "quotes" in (p.hint or "")


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(RoutineError) as error:
        load_routine(tmp_path / "missing.yaml")
    assert "cannot read the file" in error.value.problems[0].message


def test_bad_file_name_for_an_id(tmp_path: Path) -> None:
    p = one(problems_of(GOOD, tmp_path, name="my routine!.yaml"), "cannot be used as a routine id")
    assert (p.line, p.column) == (1, 1)


def test_check_routine_never_raises_and_prints_file_line_column(tmp_path: Path) -> None:
    routine, problems = check_routine("title: [\n", tmp_path / "x.yaml")
    assert routine is None
    assert str(problems[0]).startswith(f"{tmp_path / 'x.yaml'}:2:1: YAML syntax error")
