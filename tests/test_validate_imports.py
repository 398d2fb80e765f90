"""Validating a routine loads the picture checks (hashes, XML) only when the routine names a picture."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from stretchapp.routines import loader, pictures
from tests.conftest import REPO

PICTURE_MODULES = ("stretchapp.routines.pictures", "hashlib", "xml.parsers.expat")

ROUTINE = """\
format: 1
title: Plain
exercises:
  - name: Tilt
    hold: 20
    steps: [Tilt your head toward your shoulder.]
"""


def imported_by_validate(file: Path) -> list[str]:
    code = (
        "import json, sys\n"
        "from stretchapp.cli.main import main\n"
        f"code = main(['validate', {str(file)!r}])\n"
        f"print(json.dumps([code, sorted(m for m in {PICTURE_MODULES!r} if m in sys.modules)]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, check=False, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    exit_code, imported = json.loads(result.stdout.splitlines()[-1])
    assert exit_code == 0, result.stdout
    return list(imported)


def test_a_routine_without_pictures_is_validated_without_the_picture_checks(tmp_path: Path) -> None:
    file = tmp_path / "plain.yaml"
    file.write_text(ROUTINE, encoding="utf-8")
    assert imported_by_validate(file) == []


def test_a_routine_with_a_picture_has_it_checked(tmp_path: Path) -> None:
    (tmp_path / "tilt.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="5" height="5"/></svg>',
        encoding="utf-8",
    )
    file = tmp_path / "pictured.yaml"
    file.write_text(ROUTINE.replace("    hold: 20", "    image: tilt.svg\n    hold: 20"), encoding="utf-8")
    assert "stretchapp.routines.pictures" in imported_by_validate(file)


def test_the_loader_accepts_the_files_the_picture_checks_know() -> None:
    assert loader.IMAGE_SUFFIXES == pictures.SVG_SUFFIXES + pictures.RASTER_SUFFIXES
