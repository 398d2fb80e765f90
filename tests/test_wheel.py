"""A wheel carries the whole app: built, installed into a fresh venv, run from another folder.

The fresh venv borrows this environment's libraries (PySide6, PyYAML) through a ``.pth``
line, so the test downloads nothing, but the app itself comes only from the wheel: the
checkout is never on its path and the commands run in an empty folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from stretchapp import resources

REPO = Path(__file__).resolve().parent.parent
BUNDLED = ("neck-relief", "quick-neck-break", "side-neck-alternating")
_NOT_SOURCE = (".git", ".venv*", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis")

pytestmark = pytest.mark.slow


class Installed:
    def __init__(self, root: Path, wheel: Path) -> None:
        self.root = root
        self.wheel = wheel
        self.bin = root / "venv" / ("Scripts" if sys.platform == "win32" else "bin")
        self.work = root / "elsewhere"
        self.work.mkdir()

    def run(self, *args: str, home: Path) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        env |= {"STRETCHAPP_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
        return subprocess.run(
            [str(self.bin / "stretchapp"), *args],
            cwd=self.work,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


def _not_source(folder: str, names: list[str]) -> set[str]:
    """Build outputs, caches and anything that is not a file or folder (a socket, a FIFO)."""
    skipped = set(shutil.ignore_patterns(*_NOT_SOURCE)(folder, names))
    return skipped | {n for n in names if not (Path(folder, n).is_file() or Path(folder, n).is_dir())}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    root = tmp_path_factory.mktemp("wheel")
    dist = root / "dist"
    # Built from a copy: a build/ folder left in the checkout would leak stale files in.
    source = root / "source"
    shutil.copytree(REPO, source, ignore=_not_source)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            ".",
        ],
        cwd=source,
        check=True,
        timeout=300,
    )
    (wheel,) = dist.glob("stretchapp-*.whl")
    venv.create(root / "venv", with_pip=False)
    target = Installed(root, wheel)
    python = target.bin / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    # The libraries, not the app: this environment's site-packages, whose own .pth files
    # (the editable install of the checkout among them) a .pth-added folder never runs.
    Path(site, "borrowed-libraries.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(wheel)],
        check=True,
        timeout=300,
    )
    return target


def test_the_wheel_lists_every_bundled_file(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    folders = {
        resources.assets_dir(): "stretchapp/_assets/",
        resources.bundled_routines_dir(): "stretchapp/_routines/",
    }
    expected = {
        prefix + path.relative_to(folder).as_posix()
        for folder, prefix in folders.items()
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    expected |= {"stretchapp/_docs/routine-format.md", "stretchapp/_docs/routine.schema.json"}
    expected |= {"stretchapp/routines/templates/new-routine.yaml", "stretchapp/py.typed"}
    translations = REPO / "stretchapp" / "translations"
    expected |= {f"stretchapp/translations/{path.name}" for path in translations.glob("*.po*")}
    assert "stretchapp/translations/stretchapp.pot" in expected
    assert expected - names == set()
    assert not any(name.startswith(("tests/", "bench/", "tools/")) for name in names)


def test_the_installed_app_lists_plans_and_validates_its_routines(
    installed: Installed, tmp_path: Path
) -> None:
    listing = installed.run("list", "--json", home=tmp_path)
    assert listing.returncode == 0, listing.stderr
    ids = {routine["id"] for routine in json.loads(listing.stdout)["routines"]}
    assert set(BUNDLED) <= ids

    plan = installed.run("plan", "neck-relief", "--json", home=tmp_path)
    assert plan.returncode == 0, plan.stderr
    phases = json.loads(plan.stdout)["phases"]
    assert {phase["side"] for phase in phases} >= {"left", "right"}

    bundled = Path(
        subprocess.run(
            [
                str(installed.bin / "python"),
                "-c",
                "from stretchapp import resources as r; print(r.bundled_routines_dir())",
            ],
            cwd=installed.work,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    assert installed.root in bundled.parents, "the installed app reads its own copy, not the checkout"
    check = installed.run("validate", str(bundled / "neck-relief.yaml"), home=tmp_path)
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_installed_app_draws_a_hold_with_its_picture(installed: Installed, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    out = tmp_path / "installed.png"
    done = installed.run("snapshot", "neck-relief", "--phase", "2", "--out", str(out), home=tmp_path)
    assert done.returncode == 0, done.stderr
    without = tmp_path / "routine"
    without.mkdir()
    text = (resources.bundled_routines_dir() / "neck-relief.yaml").read_text(encoding="utf-8")
    (without / "neck-relief.yaml").write_text(
        "\n".join(line for line in text.splitlines() if "image:" not in line) + "\n", encoding="utf-8"
    )
    bare = tmp_path / "bare.png"
    done = installed.run(
        "snapshot", str(without / "neck-relief.yaml"), "--phase", "2", "--out", str(bare), home=tmp_path
    )
    assert done.returncode == 0, done.stderr
    drawn, blank = QImage(str(out)), QImage(str(bare))
    assert drawn.size() == blank.size() and not drawn.isNull()
    assert drawn != blank, "the installed app drew the hold without its illustration"
