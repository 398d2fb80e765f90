"""Suite-wide set-up: offscreen Qt, user folders in a temp dir, a fake clock fixture.

Modules that read routine files use the ``yaml_parser`` fixture (``pytestmark =
pytest.mark.usefixtures("yaml_parser")``): each of their tests then runs once with libyaml's
parser and once with PyYAML's pure-Python one, so an answer never depends on the build.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from stretchapp.routines import loader
from tests.fakes import FakeClock

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session", autouse=True)
def _collect_in_the_main_thread() -> Iterator[None]:
    """As the app does (stretchapp.ui.common.collector): no automatic cycle collection.

    Automatic collection runs in whichever thread allocates, and a Qt object freed from the
    history writer's thread while the GUI thread paints it crashes the whole run; cycles are
    collected by the fixture below, in the main thread, after each test.
    """
    import gc

    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def _qt_objects_die_with_their_test(request: pytest.FixtureRequest) -> Iterator[None]:
    """Free a Qt test's windows when it ends, not at some later garbage collection.

    A window owned by a Python object (an AppController a test dropped) is destroyed when
    the collector finds that object; if that happens in the middle of another widget's
    paint event, Qt paints on a half-destroyed window and the process dies, taking the
    rest of the report with it. Collecting here, and running the deferred deletes, puts
    every such destruction between tests.
    """
    yield
    import gc

    if "qtbot" not in request.fixturenames:
        from stretchapp.ui.common.collector import GuiThreadCollector

        GuiThreadCollector.collect_due()
        return
    from PySide6.QtCore import QCoreApplication, QEvent

    gc.collect()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Every test gets its own settings, data and log folders, never the real user's."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("STRETCHAPP_HOME", str(home))
    yield home


@pytest.fixture(autouse=True)
def _english_after_each_test(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts in English, whatever the machine's locale, and leaves English behind it."""
    from stretchapp.core import i18n

    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    i18n.set_language(i18n.SOURCE_LANGUAGE)
    yield
    i18n.set_language(i18n.SOURCE_LANGUAGE)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(params=sorted(loader.PARSERS))
def yaml_parser(request: pytest.FixtureRequest) -> Iterator[str]:
    """Read routines with each YAML parser this PyYAML build has in turn."""
    before = loader.parser_name()
    loader.use_parser(request.param)
    yield request.param
    loader.use_parser(before)
