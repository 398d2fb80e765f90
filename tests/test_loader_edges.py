"""Odd corners of routine files: each ends in a clear, located message, never an internal error."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import yaml

from stretchapp.routines import loader
from stretchapp.routines.loader import Problem, RoutineError, check_routine, load_routine, parse_routine
from tests.hostile_pictures import png
from tests.test_loader_refusals import GOOD

pytestmark = pytest.mark.usefixtures("yaml_parser")


def problems_of(text: str | bytes, folder: Path) -> list[Problem]:
    routine, problems = check_routine(text, folder / "r.yaml")
    assert routine is None and problems
    assert not any("internal error" in p.message for p in problems), [str(p) for p in problems]
    return problems


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


@pytest.mark.parametrize(("character", "column"), [("\x00", 10), ("\x07", 10), ("\ud800", 10)])
def test_invisible_and_invalid_characters_are_located(tmp_path: Path, character: str, column: int) -> None:
    p = only(problems_of(GOOD.replace("title: Tilt", f"title: Ti{character}lt"), tmp_path))
    assert (p.line, p.column) == (1, column)
    assert "not allow" in p.message and f"U+{ord(character):04X}" in p.message


def test_non_utf8_column_counts_characters_not_bytes(tmp_path: Path) -> None:
    data = "\ufeffrest: 5\ntitle: Tëlt\xff\n".encode("utf-8").replace(b"\xc3\xbf", b"\xff")
    p = only(problems_of(data, tmp_path))
    assert (p.line, p.column) == (2, 12)


def test_a_number_too_long_to_convert_is_simply_out_of_range(tmp_path: Path) -> None:
    p = only(problems_of(GOOD.replace("hold: 15", "hold: " + "9" * 5000), tmp_path))
    assert (p.line, p.column) == (5, 11)
    assert p.message == "'hold' is far outside 1..600"


def test_an_explicit_int_tag_on_words_is_not_a_number(tmp_path: Path) -> None:
    p = only(problems_of(GOOD.replace("hold: 15", "hold: !!int fifteen"), tmp_path))
    assert (p.line, p.column, p.message) == (5, 11, "'hold' must be a whole number of seconds")


def test_an_explicit_str_tag_makes_text(tmp_path: Path) -> None:
    p = only(problems_of(GOOD.replace("hold: 15", "hold: !!str 15"), tmp_path))
    assert "'hold' must be a whole number" in p.message and "not text" in p.message


def test_a_date_where_text_belongs_asks_for_quotes(tmp_path: Path) -> None:
    p = only(problems_of(GOOD.replace("title: Tilt", "title: 2024-01-31"), tmp_path))
    assert (p.line, p.column, p.message, p.hint) == (1, 8, "'title' must be text", "put it in quotes")
    routine = parse_routine(GOOD.replace("title: Tilt", "title: '2024-01-31'"), tmp_path / "r.yaml")
    assert routine.title == "2024-01-31"


def test_merge_keys_are_refused(tmp_path: Path) -> None:
    p = only(problems_of(GOOD.replace("title: Tilt", "title: Tilt\n<<: {rest: 3}"), tmp_path))
    assert (p.line, p.column) == (2, 1)
    assert "'<<'" in p.message and "not allowed" in p.message


@pytest.mark.parametrize(
    "value", ["!!map Tilt", "!!seq Tilt", "!!str [a, b]", "!!set {a: null}", "!!binary aGk="]
)
def test_tags_that_do_not_fit_the_value_are_refused(tmp_path: Path, value: str) -> None:
    p = only(problems_of(GOOD.replace("title: Tilt", f"title: {value}"), tmp_path))
    assert (p.line, p.column) == (1, 8)
    assert p.message == f"the tag '{value.split(maxsplit=1)[0]}' is not allowed here"


def test_format_version(tmp_path: Path) -> None:
    assert parse_routine("format: 1\n" + GOOD, tmp_path / "r.yaml").title == "Tilt"
    for value, shown in (("2", "'2'"), ("[1]", "'a list'"), ("one", "'one'")):
        p = only(problems_of(f"format: {value}\n" + GOOD, tmp_path))
        assert (p.line, p.column, p.message) == (1, 9, f"unsupported format {shown}")
        assert p.hint == "this version of stretchapp reads 'format: 1' or 'format: 1.1'"


def test_description_and_notes_may_be_left_empty(tmp_path: Path) -> None:
    text = GOOD.replace("title: Tilt", "title: Tilt\ndescription:").replace(
        "    hold: 15", "    hold: 15\n    notes: ''"
    )
    routine = parse_routine(text, tmp_path / "r.yaml")
    assert routine.description == "" and routine.exercises[0].notes is None


def test_an_empty_choice_says_nothing_was_given(tmp_path: Path) -> None:
    p = only(problems_of(GOOD.replace("sides: both", "sides:"), tmp_path))
    assert (p.line, p.column) == (4, 11)
    assert p.message == "'sides' must be one of both, left, right, none, not 'nothing'"


def test_a_step_that_starts_with_a_brace_asks_for_quotes(tmp_path: Path) -> None:
    p = only(problems_of(GOOD.replace("- Tip your head", "- {side} hand up. Tip your head"), tmp_path))
    # YAML reads "{side} hand..." as a mapping that never closes, or as a mapping item.
    assert p.line == 7
    assert "quotes" in (p.hint or "")


def test_a_step_that_is_a_mapping_is_named_by_its_list(tmp_path: Path) -> None:
    p = only(problems_of(GOOD.replace("- Tip your head toward your {side} shoulder.", "- {side}"), tmp_path))
    assert (p.line, p.column) == (7, 9)
    assert p.message == "an item of 'steps' must be text, not a mapping"
    assert p.hint == "text that starts with '{' needs quotes around it"


def test_placeholders_are_located_in_quoted_and_multi_line_text(tmp_path: Path) -> None:
    quoted = GOOD.replace(
        "- Tip your head toward your {side} shoulder.", '- "Say \\"hi\\" {{not}} then {sied}."'
    )
    p = only(problems_of(quoted, tmp_path))
    assert (p.line, p.column, p.message) == (7, 34, "unknown placeholder '{sied}' in 'steps'")
    block = GOOD.replace(
        "      - Tip your head toward your {side} shoulder.",
        "      - |\n        Tip your head\n          toward the {sied}\n        and wait.",
    )
    p = only(problems_of(block, tmp_path))
    assert (p.line, p.column) == (9, 22)
    folded = GOOD.replace("sides: both", "sides: none").replace(
        "      - Tip your head toward your {side} shoulder.",
        "      - Tip {other_side}\n        then {side}.",
    )
    problems = problems_of(folded, tmp_path)
    assert [(p.line, p.column) for p in problems] == [(7, 13), (8, 14)]
    assert problems[0].message == "'{other_side}' is used in 'steps', but this exercise has no sides"


def test_an_empty_placeholder_is_unknown(tmp_path: Path) -> None:
    p = only(problems_of(GOOD.replace("{side}", "{}"), tmp_path))
    assert p.message == "unknown placeholder '{}' in 'steps'"


def test_literal_braces_are_fine(tmp_path: Path) -> None:
    routine = parse_routine(
        GOOD.replace("{side} shoulder", "{side} shoulder {{gently}}"), tmp_path / "r.yaml"
    )
    assert routine.exercises[0].steps[0].endswith("{{gently}}.")


def test_an_image_name_with_a_nul_is_refused(tmp_path: Path) -> None:
    p = only(problems_of(GOOD.replace("    hold: 15", '    hold: 15\n    image: "a\\0b.svg"'), tmp_path))
    assert (p.line, p.column, p.message) == (6, 12, "'image' is not a usable file name")


def test_an_image_that_is_a_folder_is_not_found(tmp_path: Path) -> None:
    (tmp_path / "pics.svg").mkdir()
    p = only(problems_of(GOOD.replace("    hold: 15", "    hold: 15\n    image: pics.svg"), tmp_path))
    assert p.message == "picture 'pics.svg' was not found"


def test_a_left_image_is_found_and_kept_apart(tmp_path: Path) -> None:
    (tmp_path / "right.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "left.png").write_bytes(png(4, 4))
    text = GOOD.replace("    hold: 15", "    hold: 15\n    image: right.svg\n    image_left: left.png")
    exercise = parse_routine(text, tmp_path / "r.yaml").exercises[0]
    assert exercise.image == (tmp_path / "right.svg").resolve()
    assert exercise.image_left == (tmp_path / "left.png").resolve()


def test_loading_a_folder_or_a_bad_name_is_a_routine_error(tmp_path: Path) -> None:
    (tmp_path / "folder.yaml").mkdir()
    with pytest.raises(RoutineError) as error:
        load_routine(tmp_path / "folder.yaml")
    assert error.value.problems[0].message == "this is not a routine file but a folder or device"
    with pytest.raises(RoutineError) as error:
        load_routine(tmp_path / "nul\x00.yaml")
    assert error.value.problems[0].message.startswith("cannot read the file")


def test_a_routine_error_prints_every_problem(tmp_path: Path) -> None:
    with pytest.raises(RoutineError) as error:
        parse_routine("title: 5\nexercises: []\n", tmp_path / "r.yaml")
    assert str(error.value).splitlines() == [
        f"{tmp_path / 'r.yaml'}:1:8: 'title' must be text (put it in quotes)",
        f"{tmp_path / 'r.yaml'}:2:12: 'exercises' is an empty list (add at least one exercise)",
    ]
    assert error.value.problems[0].to_dict() == {
        "file": str(tmp_path / "r.yaml"),
        "line": 1,
        "column": 8,
        "message": "'title' must be text",
        "hint": "put it in quotes",
        "severity": "error",
        "language": None,
    }


def test_tabs_are_located_with_any_line_ending_and_reported_a_few_times(tmp_path: Path) -> None:
    for ending in ("\n", "\r\n", "\r"):
        text = GOOD.replace("    hold: 15", "  - \thold: 15").replace("\n", ending)
        p = only(problems_of(text, tmp_path))
        assert (p.line, p.column, p.message) == (5, 5, "tab character in the indentation")
    many = "title: T\n" + "\tx: 1\n" * 500
    problems = problems_of(many, tmp_path)
    assert [(p.line, p.column) for p in problems] == [(n, 1) for n in range(2, 12)]


def test_a_tab_inside_text_is_fine(tmp_path: Path) -> None:
    routine = parse_routine(GOOD.replace("Tip your head", "Tip\tyour head"), tmp_path / "r.yaml")
    assert routine.exercises[0].steps[0].startswith("Tip\tyour")


@pytest.mark.parametrize(
    ("old", "new", "where", "hint_words"),
    [
        ("    hold: 15", "     hold: 15", (5, 10), "indented too far"),
        ("      - Tip", "      - Sit.\n     - Tip", (8, 6), "same column"),
        ("title: Tilt", 'title: "Tilt', (8, 1), "never closed"),
        ("title: Tilt", 'title: "C:\\pics"', (1, 11), "single quotes"),
        ("    steps:\n", "    steps: - a\n", (6, 12), "new line"),
    ],
)
def test_common_syntax_errors_come_with_a_fix(
    tmp_path: Path, old: str, new: str, where: tuple[int, int], hint_words: str
) -> None:
    p = only(problems_of(GOOD.replace(old, new), tmp_path))
    assert (p.line, p.column) == where
    assert p.message.startswith("YAML syntax error: ")
    assert hint_words in (p.hint or "")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "'hold' is empty"),
        ("2024-01-31", "'hold' must be a whole number of seconds, not text"),
        ("[[15, 30]]", "'hold' as a range needs exactly two numbers"),
        ("{low: 15}", "'hold' must be a whole number of seconds, not a mapping"),
        ("-" + "9" * 60, "'hold' is far outside 1..600"),
        ("0x10", 16),
        ("1_5", 15),
        ("017", 17),  # not octal, as YAML 1.1 would have it
        ("09", 9),
    ],
)
def test_how_numbers_are_read(tmp_path: Path, value: str, message: str | int) -> None:
    text = GOOD.replace("hold: 15", f"hold: {value}")
    if isinstance(message, int):
        assert parse_routine(text, tmp_path / "r.yaml").exercises[0].hold.low == message
    else:
        assert only(problems_of(text, tmp_path)).message == message


def test_whitespace_is_not_text(tmp_path: Path) -> None:
    p = only(problems_of(GOOD.replace("title: Tilt", 'title: "   "'), tmp_path))
    assert (p.line, p.column, p.message) == (1, 8, "'title' is empty")


def test_unexpected_failures_become_one_located_problem_and_a_logged_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*_args: object) -> None:
        raise ValueError("a bug")

    monkeypatch.setattr(loader, "_routine", broken)
    with caplog.at_level(logging.ERROR, logger="stretchapp.routines.loader"):
        routine, problems = check_routine(GOOD, tmp_path / "r.yaml")
    assert routine is None
    assert [(p.line, p.column, p.message) for p in problems] == [
        (1, 1, "internal error while reading this file")
    ]
    assert "ValueError: a bug" in caplog.text

    def too_deep(*_args: object) -> None:
        raise RecursionError

    monkeypatch.setattr(loader, "_build_tree", too_deep)
    with pytest.raises(RoutineError) as error:
        parse_routine(GOOD, tmp_path / "r.yaml")
    assert error.value.problems[0].message == "the file nests too deeply to read"


SAMPLES = [
    GOOD.replace("hold: 15", "hodl: 15"),
    GOOD.replace("title: Tilt", "title: &t Tilt\nrest: *t"),
    GOOD.replace("hold: 15", "hold: !!python/object:os.system 15"),
    "title: " + "[" * 500 + "]" * 500 + "\n",
    GOOD + "---\n" + GOOD,
    GOOD.replace("{side} shoulder", "{sied} shoulder"),
]


@pytest.mark.parametrize("text", SAMPLES)
def test_every_parser_gives_the_same_answers(tmp_path: Path, text: str) -> None:
    answers = []
    for name in sorted(loader.PARSERS):
        loader.use_parser(name)
        answers.append(problems_of(text, tmp_path))
    assert all(answer == answers[0] for answer in answers)


class _LimitedParser(yaml.SafeLoader):
    """A parser build with a private limit: it refuses any file once it opens a third list."""

    def get_event(self) -> object:
        event = super().get_event()
        if isinstance(event, yaml.SequenceStartEvent):
            self.lists = getattr(self, "lists", 0) + 1
            if self.lists > 2:
                raise yaml.scanner.ScannerError(None, None, "private limit reached", event.start_mark)
        return event


def test_a_parser_s_private_limit_never_decides_what_a_routine_may_be(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "_Loader", _LimitedParser)
    three_lists = GOOD.replace("title: Tilt", "title: Tilt\ntags: [a, b]")
    assert parse_routine(three_lists, tmp_path / "r.yaml").tags == ("a", "b")
    deep = "title: " + "[" * 30 + "]" * 30 + "\n"
    p = only(problems_of(deep, tmp_path))
    assert (p.line, p.column) == (1, 27)
    assert "levels deep" in p.message
    broken = GOOD.replace("title: Tilt", 'title: "Tilt')
    assert only(problems_of(broken, tmp_path)).message.startswith("YAML syntax error")


def test_a_file_full_of_mistakes_lists_the_first_hundred(tmp_path: Path) -> None:
    text = GOOD + "".join(f"typo{n}: 1\n" for n in range(250))
    problems = problems_of(text, tmp_path)
    assert len(problems) == 101
    assert problems[99].message == "unknown key 'typo99' in the routine"
    assert (problems[100].line, problems[100].message) == (
        108,
        "150 more problems from here on are not listed",
    )
