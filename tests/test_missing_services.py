"""Without miniaudio and without speech-dispatcher the app starts, runs routines silently and says why, once each.

Both are made missing for real: ``None`` in ``sys.modules`` makes ``import miniaudio`` raise
ImportError, as a broken install does; speech-dispatcher's socket points nowhere and PATH
holds no ``speech-dispatcher`` to start, as on a system without the package.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from stretchapp.core.engine import SessionState
from stretchapp.routines.library import load_library
from stretchapp.storage.settings import Settings
from stretchapp.ui.controller import AppController
from stretchapp.ui.session.speech import system_engines
from tests.fakes import FakeClock

SOUND_PACKAGE = "miniaudio"
SPEECH_PACKAGE = "speech-dispatcher-espeak-ng"


@pytest.fixture
def nothing_installed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "miniaudio", None)
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{tmp_path / 'no-speechd.sock'}")
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


@pytest.fixture
def app(qtbot, clock: FakeClock, nothing_installed: None) -> Iterator[AppController]:  # type: ignore[no-untyped-def]
    controller = AppController(Settings(sound_enabled=True, voice_enabled=True), load_library(), clock=clock)
    controller.confirm_cautions = lambda _routine, _parent: True
    qtbot.addWidget(controller.window)
    yield controller
    controller.end_session()
    if controller.settings_dialog is not None:
        controller.settings_dialog.reject()


def mentions(texts: list[str], package: str) -> int:
    """How many of ``texts`` name ``package``."""
    return sum(package in text for text in texts)


def test_the_probe_finds_no_speech_service_without_reaching_for_one(nothing_installed: None) -> None:
    with pytest.raises(ImportError):
        import miniaudio  # noqa: F401
    assert system_engines() == []


def test_a_session_with_sound_and_voice_runs_silently_and_says_why_once_each(
    qtbot, app: AppController, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.INFO, logger="stretchapp")
    entry = app.library.get("quick-neck-break")
    assert entry is not None
    assert app.start_routine(entry.routine, gate=False)
    driver = app.driver
    assert driver is not None and app.cues is not None
    session = driver.session
    for _ in range(len(session.timeline.phases) + 1):
        if session.state is SessionState.FINISHED:
            break
        clock.advance(session.remaining())
        driver.tick()
    assert session.state is SessionState.FINISHED
    assert session.summary is not None and session.summary.completed
    cues = app.cues
    qtbot.waitUntil(lambda: len(cues.notices()) == 2, timeout=10000)
    assert not cues.player.available
    speaker = cues.speaker
    assert speaker is not None and speaker.notice is not None and SPEECH_PACKAGE in speaker.notice
    QApplication.processEvents()
    # One line where each channel went quiet (and at most one where the app passed it on), not one per cue.
    for logger, package in (("sound", SOUND_PACKAGE), ("speech", SPEECH_PACKAGE)):
        assert len([r for r in caplog.records if r.name == f"stretchapp.platform.{logger}"]) == 1
        assert len([r for r in caplog.records if package in r.getMessage()]) <= 2
    assert mentions(cues.notices(), SOUND_PACKAGE) == 1 and mentions(cues.notices(), SPEECH_PACKAGE) == 1
    app.open_settings()
    dialog = app.settings_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert mentions(dialog.notices(), SOUND_PACKAGE) == 1 and mentions(dialog.notices(), SPEECH_PACKAGE) == 1


def test_settings_say_how_to_get_a_voice_and_voice_cannot_be_tuned(qtbot, app: AppController) -> None:  # type: ignore[no-untyped-def]
    for _ in range(2):  # opened again, the dialog still says it once
        app.window.settings_action.trigger()  # as from the menu: an error here would escape into the event loop
        dialog = app.settings_dialog
        assert dialog is not None
        qtbot.addWidget(dialog)
        assert not dialog.voice_rate.isEnabled()  # voice saved "on" can be turned off, not tuned
        assert not dialog.voice_hint.isHidden() and "speech-dispatcher" in dialog.voice_hint.text()
        dialog.reject()
