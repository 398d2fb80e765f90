"""The ``stretchapp`` command: validate, list and plan, their output and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from stretchapp.cli.common import EXIT_USAGE
from stretchapp.cli.main import main, plain_validate
from stretchapp.cli.parser import build_parser
from stretchapp.storage import paths

GOOD = """\
title: Tilt
prepare: 2
rest: 3
exercises:
  - name: Tilt
    sides: both
    reps: 2
    hold: [10, 20]
    steps: ["Tip your head toward your {side} shoulder."]
"""


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "tilt.yaml"
    path.write_text(GOOD, encoding="utf-8")
    return path


@pytest.fixture
def bad(tmp_path: Path) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text("title: Bad\nexercises:\n  - name: X\n    hodl: 5\n    steps: [Sit.]\n", encoding="utf-8")
    return path


def test_validate_ok(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(good)]) == 0
    assert capsys.readouterr().out.strip() == f"OK {good}"


def test_validate_reports_file_line_column_and_hint(
    good: Path, bad: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(good), str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"OK {good}" in out
    assert f"{bad}:4:5:" in out
    assert "did you mean 'hold'?" in out


def test_validate_json(bad: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--json", str(bad)]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["valid"] is False
    problems = data["files"][0]["problems"]
    assert {(p["line"], p["column"], p["hint"]) for p in problems} >= {(4, 5, "did you mean 'hold'?")}
    assert any(p["message"] == "exercise is missing 'hold'" for p in problems)


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["validate"])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["plan", "x", "--hold", "forever"])
    assert exit_info.value.code == 2


def test_plan_json_matches_the_timeline(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", str(good), "--json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["title"] == "Tilt"
    kinds = [p["kind"] for p in plan["phases"]]
    assert kinds == ["prepare", "hold", "rest"] * 3 + ["prepare", "hold"]
    first_hold = plan["phases"][1]
    assert first_hold == {
        "kind": "hold",
        "exercise": "Tilt",
        "side": "right",
        "rep": 1,
        "reps": 2,
        "seconds": 10,
        "prompt": first_hold["prompt"],
    }
    assert plan["phases"][7]["side"] == "left"
    assert plan["phases"][6]["prompt"] == "Tip your head toward your left shoulder."
    assert plan["total_seconds"] == 4 * 2 + 4 * 10 + 3 * 3


def test_plan_long_holds_use_the_upper_bound(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", str(good), "--json", "--hold", "long"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert {p["seconds"] for p in plan["phases"] if p["kind"] == "hold"} == {20}


def test_plan_by_id_and_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "neck-relief"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Neck relief:")
    assert "Right side" not in out  # the table uses columns, not sentences
    assert "Total: 4 min 55 s (295 s)" in out


def test_plan_unknown_routine(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "no-such-routine"]) == 1
    assert "no routine called 'no-such-routine'" in capsys.readouterr().err


def test_list_shows_routines_and_broken_files(bad: Path, capsys: pytest.CaptureFixture[str]) -> None:
    user = paths.user_routines_dir()
    user.mkdir(parents=True, exist_ok=True)
    (user / "bad.yaml").write_text(bad.read_text(encoding="utf-8"), encoding="utf-8")
    (user / "mine.yaml").write_text(GOOD, encoding="utf-8")
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "neck-relief" in out and "Neck relief" in out
    assert "mine" in out and "[user:" in out
    assert "BROKEN" in out and "bad.yaml:4:5" in out


def test_list_gives_lengths_for_the_hold_length_in_the_settings(capsys: pytest.CaptureFixture[str]) -> None:
    from stretchapp.core.model import HoldLength
    from stretchapp.storage import settings

    def listed_seconds(*argv: str) -> int:
        assert main(["list", "--json", *argv]) == 0
        rows = json.loads(capsys.readouterr().out)["routines"]
        return next(int(r["total_seconds"]) for r in rows if r["id"] == "neck-relief")

    short = listed_seconds()
    settings.save(settings.Settings(hold_length=HoldLength.LONG))
    assert listed_seconds() > short
    assert listed_seconds("--hold", "short") == short


def test_unexpected_error_prints_one_line_and_the_log_path(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import stretchapp.routines.library

    def broken_disk() -> None:
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(stretchapp.routines.library, "load_library", broken_disk)
    assert main(["list"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.count("\n") == 1
    assert "the disk is on fire" in err and str(paths.log_file()) in err
    assert "Traceback" in paths.log_file().read_text(encoding="utf-8")


def test_python_dash_m_runs_the_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "stretchapp", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.startswith("stretchapp ")


def plan_help(capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The lines of ``plan --help`` after its usage (whose option names are never broken)."""
    with pytest.raises(SystemExit):
        main(["plan", "--help"])
    lines = capsys.readouterr().out.splitlines()
    return lines[lines.index("") :]


def test_help_wraps_to_the_width_columns_gives(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "50")
    narrow = plan_help(capsys)
    monkeypatch.setenv("COLUMNS", "250")
    wide = plan_help(capsys)
    assert max(map(len, narrow)) <= 50 < max(map(len, wide))
    assert len(wide) < len(narrow)


def test_help_wraps_to_the_terminal_or_80_columns(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr(os, "get_terminal_size", lambda fd=0: os.terminal_size((60, 24)))
    assert max(map(len, plan_help(capsys))) <= 60

    def not_a_terminal(fd: int = 0) -> os.terminal_size:
        raise OSError("not a terminal")

    monkeypatch.setattr(os, "get_terminal_size", not_a_terminal)
    on_a_pipe = plan_help(capsys)
    assert 60 < max(map(len, on_a_pipe)) <= 80


@pytest.mark.parametrize("argv", [["--help"], ["--help", "plan"], ["-v", "-h", "validate"]])
def test_help_before_a_command_lists_every_command(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 0
    listed = capsys.readouterr().out
    for command in ("validate", "list", "plan", "snapshot", "pack", "desktop", "history"):
        assert f"    {command} " in listed


def test_a_mistyped_command_is_told_the_commands_there_are(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["valdate", "neck.yaml"])
    assert stopped.value.code == EXIT_USAGE
    error = capsys.readouterr().err
    assert "valdate" in error
    assert all(command in error for command in ("validate", "list", "plan", "history"))


def test_a_command_s_help_shows_only_that_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["validate", "--help"])
    shown = capsys.readouterr().out
    assert "--json" in shown and "stretchapp validate" in shown
    assert "snapshot" not in shown and "--first-side" not in shown


# ``validate`` as an editor runs it is read without building the parser; it must read it the same.
PLAIN_VALIDATE = [
    ["validate", "a.yaml"],
    ["validate", "a.yaml", "b.yaml"],
    ["validate", "--json", "a.yaml"],
    ["validate", "--json", "a.yaml", "b.yaml", "--json"],
    ["-v", "validate", "a.yaml"],
    ["--verbose", "-v", "validate", "routines/my stretch.yaml"],
    ["validate", ""],
]


@pytest.mark.parametrize("argv", PLAIN_VALIDATE, ids=" ".join)
def test_validate_without_the_parser_reads_what_the_parser_reads(argv: list[str]) -> None:
    plain = plain_validate(argv)
    assert plain is not None
    assert vars(plain) == vars(build_parser("validate").parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [
        ["validate"],  # the parser's error: a file is needed
        ["validate", "--json"],
        ["validate", "-h"],
        ["validate", "a.yaml", "--help"],
        ["validate", "--js", "a.yaml"],  # an abbreviation, which the parser accepts
        ["validate", "a.yaml", "--strict"],  # an option validate has not
        ["validate", "-", "a.yaml"],
        ["validate", "--", "-odd-name.yaml"],
        ["validate", "a.yaml", "-v"],  # -v after the command is the parser's error
        ["validate", "a.yaml", "--json", "b.yaml"],  # so are files on both sides of an option
        ["--background", "validate", "a.yaml"],
        ["list"],
        ["plan", "neck-relief"],
    ],
    ids=" ".join,
)
def test_anything_else_goes_to_the_parser(argv: list[str]) -> None:
    assert plain_validate(argv) is None
