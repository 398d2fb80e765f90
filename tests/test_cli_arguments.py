"""Odd arguments end in one clear line and a documented exit code, never an unexpected error."""

from __future__ import annotations

from pathlib import Path

import pytest

from stretchapp.cli.main import EXIT_INVALID, EXIT_USAGE, main


@pytest.mark.parametrize(
    "arguments",
    [
        ["--phase", "²"],  # a digit to str.isdigit(), not a number
        ["--phase", "9" * 5000],
        ["--phase", "-3"],
        ["--size", "99999999999x9"],
        ["--size", "20000x20000"],  # 1.6 GB of pixels
        ["--size", "10x10"],
        ["--size", "wide"],
        ["--at", "nan"],
        ["--at", "-1"],
    ],
)
def test_bad_snapshot_arguments_are_usage_errors(
    arguments: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["snapshot", "neck-relief", *arguments, "--out", str(tmp_path / "x.png")])
    err = capsys.readouterr().err
    assert code == EXIT_USAGE
    assert len(err.strip().splitlines()) == 1 and "unexpected" not in err
    assert not (tmp_path / "x.png").exists()


def test_the_size_limit_is_stated(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    main(["snapshot", "neck-relief", "--size", "20000x20000", "--out", str(tmp_path / "x.png")])
    assert "7680x4320" in capsys.readouterr().err


@pytest.mark.parametrize("where", ["folder", "under-a-file"])
def test_an_unwritable_out_is_one_clear_line(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    out = tmp_path if where == "folder" else blocker / "x.png"
    code = main(["snapshot", "neck-relief", "--out", str(out)])
    err = capsys.readouterr().err
    assert code in (EXIT_USAGE, EXIT_INVALID)
    assert len(err.strip().splitlines()) == 1 and "unexpected" not in err
