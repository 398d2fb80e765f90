"""A module's logger stand-in logs exactly as its real logger does, and brings logging in only when used."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Iterator

import pytest

from stretchapp.core import logger
from stretchapp.core.logger import get_logger
from tests.conftest import REPO

NAME = "stretchapp.tests.stand_in"


class Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def real() -> Iterator[logging.Logger]:
    named = logging.getLogger(NAME)
    yield named
    for handler in list(named.handlers):
        named.removeHandler(handler)
    named.setLevel(logging.NOTSET)
    logger.before_first_use(None)


def run_fresh(script: str) -> None:
    """Run ``script`` in a fresh interpreter, from the checkout; it must succeed."""
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr


def test_the_stand_in_logs_to_the_real_loggers_handlers_at_its_level(real: logging.Logger) -> None:
    kept = Kept()
    real.addHandler(kept)
    real.setLevel(logging.INFO)
    log = get_logger(NAME)
    log.debug("not kept")
    log.info("kept: %s", "information")
    try:
        raise ValueError("boom")
    except ValueError:
        log.exception("failed")
    assert [r.getMessage() for r in kept.records] == ["kept: information", "failed"]
    assert kept.records[0].name == NAME and kept.records[0].funcName == (
        "test_the_stand_in_logs_to_the_real_loggers_handlers_at_its_level"
    )  # the caller, not the stand-in
    assert kept.records[1].exc_info is not None
    assert log.isEnabledFor(logging.INFO) and not log.isEnabledFor(logging.DEBUG)


def test_setting_the_stand_in_sets_the_real_logger(real: logging.Logger) -> None:
    log = get_logger(NAME)
    log.setLevel(logging.ERROR)
    log.propagate = False
    assert real.level == logging.ERROR and real.propagate is False
    assert log.handlers is real.handlers
    real.propagate = True


def test_pytests_caplog_sees_what_the_stand_in_logs(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger=NAME):
        get_logger(NAME).warning("seen")
    assert [r.getMessage() for r in caplog.records] == ["seen"]


def test_a_waiting_set_up_runs_once_before_the_first_record(real: logging.Logger) -> None:
    kept = Kept()
    log = get_logger(NAME)
    logger.before_first_use(lambda: real.addHandler(kept))
    assert real.handlers == []  # nothing is set up yet
    log.warning("first")
    log.warning("second")
    assert [r.getMessage() for r in kept.records] == ["first", "second"]
    assert real.handlers == [kept]


def test_a_stand_in_imports_logging_only_when_it_is_used() -> None:
    script = (
        "import sys\n"
        "from stretchapp.core import logger\n"
        "set_up = []\n"
        "logger.before_first_use(lambda: set_up.append('logging' in sys.modules))\n"
        "log = logger.get_logger('stretchapp.somewhere')\n"
        "assert 'logging' not in sys.modules and set_up == []\n"
        "enabled = log.isEnabledFor(30)\n"
        "assert 'logging' in sys.modules and set_up == [False] and enabled\n"
    )
    run_fresh(script)


def test_the_app_sets_up_its_log_when_first_used_and_rotates_it_once_painted() -> None:
    """The app's start loads no logging of its own; once painted, its log file rotates as it grows."""
    script = (
        "import sys\n"
        "from stretchapp.core.logger import get_logger\n"
        "from stretchapp.platform import logs\n"
        "from stretchapp.storage import paths\n"
        "logs.setup_logging(quick=False)\n"
        "assert 'logging' not in sys.modules\n"
        "logs.MAX_LOG_BYTES = 4000\n"
        "logs.rotate_from_now()  # as after the first paint, with nothing logged before it\n"
        "log = get_logger('stretchapp.somewhere')\n"
        "for n in range(100):\n"
        "    log.info('line %d of what the app did', n)\n"
        "log_file = paths.log_file()\n"
        "backup = log_file.with_name(log_file.name + '.1')\n"
        "assert backup.exists(), sorted(p.name for p in log_file.parent.iterdir())\n"
        "assert 'line 99 of what the app did' in log_file.read_text(encoding='utf-8')\n"
        "assert log_file.stat().st_size <= 4000\n"
    )
    run_fresh(script)
