"""Install footprint: a fresh venv with the app from a wheel, and the wheels it downloads.

Builds the app's wheel, creates a new venv, installs the wheel with its dependencies (no
test or dev tools), and prints the venv's size on disk beside the target (at most 300 MiB),
the biggest packages in it, and the download size of every wheel pip fetched.

    python bench/footprint.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

TARGET_MIB = 300
REPO = Path(__file__).resolve().parent.parent


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def mib(size: int) -> str:
    return f"{size / 2**20:7.1f} MiB"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        source = root / "source"
        shutil.copytree(
            REPO, source, ignore=shutil.ignore_patterns(".git", ".venv*", "build", "dist", "*.egg-info")
        )
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "-q",
                "--no-deps",
                "--no-build-isolation",
                "-w",
                str(root / "app"),
                ".",
            ],
            cwd=source,
            check=True,
        )
        (app_wheel,) = (root / "app").glob("*.whl")
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "-d", str(root / "wheels"), str(app_wheel)],
            check=True,
        )
        venv.create(root / "venv", with_pip=True)
        python = root / "venv" / "bin" / "python"
        base = size_of(root / "venv")
        subprocess.run([str(python), "-m", "pip", "install", "-q", str(app_wheel)], check=True)
        total = size_of(root / "venv")
        site = next((root / "venv" / "lib").glob("python*/site-packages"))
        packages = sorted(((size_of(p), p.name) for p in site.iterdir() if p.is_dir()), reverse=True)
        downloads = sorted((w.stat().st_size, w.name) for w in (root / "wheels").glob("*.whl"))
    print(f"fresh venv with the app:        {mib(total)}   (target: at most {TARGET_MIB} MiB)")
    print(f"  of which the empty venv (pip): {mib(base)}")
    for size, name in packages[:6]:
        print(f"  {name:<30} {mib(size)}")
    print(f"wheels downloaded:               {mib(sum(s for s, _ in downloads))}")
    for size, name in reversed(downloads):
        print(f"  {name:<60} {mib(size)}")


if __name__ == "__main__":
    main()
