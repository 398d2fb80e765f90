"""Suite-wide set-up: offscreen Qt, user folders in a temp dir, a fake clock fixture."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes import FakeClock

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Every test gets its own settings, data and log folders, never the real user's."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("STRETCHAPP_HOME", str(home))
    yield home


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()
