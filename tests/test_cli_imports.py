"""A quick command loads only what it uses, and logs only what went wrong.

Each case runs the command in a fresh interpreter and lists the modules it ended with, by
name: no timings, which belong to ``bench/cli.py``.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from stretchapp import resources
from stretchapp.cli.main import main
from stretchapp.storage import paths
from tests.conftest import REPO

NEVER_ON_A_QUICK_COMMAND = (
    "PySide6",
    "shiboken6",
    "stretchapp.ui",
    "sqlite3",
    "logging",  # the package itself: a command that goes well logs nothing
    "logging.handlers",
    "shutil",  # argparse's formatters would import it (with bz2 and lzma) for the terminal's width
    "stretchapp.storage.history",
    "stretchapp.core.po",  # English reads no catalogue
    "dataclasses",  # with inspect, ast and dis: ~12 ms; the model is made of records
    "typing",  # ~5 ms; records are named tuples made without it
    "threading",  # ~2 ms; the pictures' cache takes its lock from _thread
)


@pytest.fixture(autouse=True)
def _no_handlers_left_behind() -> Iterator[None]:
    """The handlers main() set up write to this test's captured stderr: none outlives it."""
    yield
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()


def run_fresh(script: str) -> subprocess.CompletedProcess[str]:
    """``script`` run in a fresh interpreter, from the checkout."""
    return subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60, check=False
    )


def modules_after(code: str, tmp_path: Path) -> set[str]:
    """The modules loaded once ``code`` has run in a fresh interpreter (``main`` is imported)."""
    listing = tmp_path / "modules.json"
    script = (
        "import sys\nfrom stretchapp.cli import main as cli\n"
        f"{code}\n"
        "names = sorted(sys.modules)\nimport json\n"
        f"open({str(listing)!r}, 'w').write(json.dumps(names))\n"
    )
    result = run_fresh(script)
    assert result.returncode == 0, result.stderr
    return set(json.loads(listing.read_text(encoding="utf-8")))


def banned(modules: set[str]) -> list[str]:
    return sorted(
        m for m in modules if any(m == p or m.startswith(p + ".") for p in NEVER_ON_A_QUICK_COMMAND)
    )


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", str(resources.bundled_routines_dir() / "neck-relief.yaml")],
        ["list"],
        ["list", "--json"],
        ["plan", "neck-relief"],
        ["plan", "neck-relief", "--json"],
    ],
    ids=lambda argv: " ".join(a for a in argv if "/" not in a),
)
def test_a_quick_command_loads_no_qt_no_history_and_no_logging(argv: list[str], tmp_path: Path) -> None:
    command = f"code = cli.main({argv!r})\nassert code == 0, code"
    # The first command in a new home writes the library's cache: an atomic write, which
    # needs tempfile and so shutil. Every later one only reads it.
    first = modules_after(command, tmp_path)
    assert banned(first - {"shutil"}) == []
    modules = modules_after(command, tmp_path)
    assert "stretchapp.cli.routine_commands" in modules  # the check sees the command's own module
    assert banned(modules) == []


def test_validating_as_an_editor_does_builds_no_parser(tmp_path: Path) -> None:
    routine = resources.bundled_routines_dir() / "neck-relief.yaml"
    modules = modules_after(f"assert cli.main(['validate', {str(routine)!r}, '--json']) == 0", tmp_path)
    assert "stretchapp.routines.loader" in modules  # it did validate
    assert not {"argparse", "gettext", "locale", "stretchapp.cli.parser"} & modules


def test_sharing_a_routine_loads_no_logging(tmp_path: Path) -> None:
    pack = tmp_path / "neck.stretchpack"
    modules = modules_after(
        f"assert cli.main(['pack', 'export', 'neck-relief', {str(pack)!r}]) == 0\n"
        f"assert cli.main(['pack', 'import', {str(pack)!r}, '--as', 'neck-copy']) == 0",
        tmp_path,
    )
    assert "stretchapp.cli.pack_cli" in modules
    # shutil: a pack is written, as the cache is; packs keep their own dataclasses (and typing),
    # and zipfile brings threading.
    may = ("shutil", "dataclasses", "typing", "threading")
    assert [m for m in banned(modules) if m.split(".")[0] not in may] == []


def test_the_check_itself_sees_a_banned_module(tmp_path: Path) -> None:
    modules = modules_after("import logging.handlers, shutil, sqlite3", tmp_path)
    assert {"logging", "logging.handlers", "shutil", "sqlite3"} <= set(banned(modules))


BROKEN_LIST = (
    "import stretchapp.routines.library as library\n"
    "def broken_disk():\n    raise RuntimeError('the disk is on fire')\n"
    "library.load_library = broken_disk\n"
    "from stretchapp.cli.main import main\n"
    "import sys\nassert 'logging' not in sys.modules\n"
    "sys.exit(main(['list']))\n"
)


def test_a_quick_command_that_fails_unexpectedly_leaves_its_traceback_in_the_named_log() -> None:
    result = run_fresh(BROKEN_LIST)  # logging is loaded only by the error's own record
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert "the disk is on fire" in result.stderr and str(paths.log_file()) in result.stderr
    details = paths.log_file().read_text(encoding="utf-8")
    assert "Traceback" in details and "the disk is on fire" in details


def test_verbose_logs_a_quick_command_from_a_fresh_start_to_the_terminal_and_the_file() -> None:
    mine_replaces_a_bundled_routine()
    result = run_fresh("from stretchapp.cli.main import main\nraise SystemExit(main(['--verbose', 'list']))")
    assert result.returncode == 0, result.stderr
    assert "replaces the routine of the same id" in result.stderr
    assert "replaces the routine of the same id" in paths.log_file().read_text(encoding="utf-8")


def test_opening_the_app_builds_no_parser_and_loads_no_command(tmp_path: Path) -> None:
    modules = modules_after("cli.cmd_gui = lambda args: 0\nassert cli.main(['--background']) == 0", tmp_path)
    assert not {"argparse", "json", "stretchapp.cli.parser", "stretchapp.cli.routine_commands"} & modules


def mine_replaces_a_bundled_routine() -> None:
    """A routine of the person's with a bundled one's id: listing it logs an information line."""
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    bundled = resources.bundled_routines_dir() / "neck-relief.yaml"
    (folder / "neck-relief.yaml").write_text(bundled.read_text(encoding="utf-8"), encoding="utf-8")


def test_a_command_that_goes_well_leaves_no_log_file(capsys: pytest.CaptureFixture[str]) -> None:
    mine_replaces_a_bundled_routine()
    assert main(["list"]) == 0
    assert "neck-relief" in capsys.readouterr().out
    assert not paths.log_file().exists()


def test_verbose_logs_a_quick_command_to_the_terminal_and_the_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    mine_replaces_a_bundled_routine()
    assert main(["--verbose", "list"]) == 0
    assert "replaces the routine of the same id" in capsys.readouterr().err
    assert "replaces the routine of the same id" in paths.log_file().read_text(encoding="utf-8")


def test_an_unwritable_log_folder_still_shows_the_error_on_the_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import stretchapp.routines.library

    blocker = tmp_path / "a file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setattr(paths, "log_file", lambda: blocker / "stretchapp.log")

    def broken_disk() -> None:
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(stretchapp.routines.library, "load_library", broken_disk)
    assert main(["list"]) == 1
    err = capsys.readouterr().err
    assert "the disk is on fire" in err and "details are in" not in err
    assert "Traceback" in err  # the details, where a log file would have had them
