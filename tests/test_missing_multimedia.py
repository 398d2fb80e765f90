"""Without Qt's multimedia library (no libpulse0) the app starts, runs routines silently and says why, once.

The import is made to fail for real: ``None`` in ``sys.modules`` makes ``import
PySide6.QtMultimedia`` raise ImportError, as a missing ``libpulse.so.0`` does.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from stretchapp.core.engine import SessionState
from stretchapp.routines.library import load_library
from stretchapp.storage.settings import Settings
from stretchapp.ui.controller import AppController
from stretchapp.ui.session.multimedia import MODULES, multimedia_unavailable
from stretchapp.ui.session.speech import QtSpeaker, system_engines
from tests.fakes import FakeClock

PACKAGE = "libpulse0"


@pytest.fixture
def no_multimedia(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in MODULES:
        monkeypatch.setitem(sys.modules, name, None)
    multimedia_unavailable.cache_clear()
    yield
    multimedia_unavailable.cache_clear()


@pytest.fixture
def app(qtbot, clock: FakeClock, no_multimedia: None) -> Iterator[AppController]:  # type: ignore[no-untyped-def]
    controller = AppController(Settings(sound_enabled=True, voice_enabled=True), load_library(), clock=clock)
    controller.confirm_cautions = lambda _routine, _parent: True
    qtbot.addWidget(controller.window)
    yield controller
    controller.end_session()
    if controller.settings_dialog is not None:
        controller.settings_dialog.reject()


def mentions(texts: list[str]) -> int:
    return sum(text.count(PACKAGE) for text in texts)


def test_the_probe_names_the_package_and_the_modules_really_fail(no_multimedia: None) -> None:
    with pytest.raises(ImportError):
        from PySide6.QtMultimedia import QSoundEffect  # noqa: F401
    notice = multimedia_unavailable()
    assert notice is not None and PACKAGE in notice
    assert system_engines() == []


def test_settings_open_and_say_once_what_to_install(qtbot, app: AppController) -> None:  # type: ignore[no-untyped-def]
    for _ in range(2):  # opened again, the dialog still says it once
        app.window.settings_action.trigger()  # as from the menu: an error here would escape into the event loop
        dialog = app.settings_dialog
        assert dialog is not None
        qtbot.addWidget(dialog)
        assert mentions(dialog.notices()) == 1
        assert not dialog.status.isHidden() and dialog.status.text().count(PACKAGE) == 1
        assert not dialog.voice_rate.isEnabled()  # voice saved "on" can be turned off, not tuned
        assert dialog.voice_hint.isHidden()  # installing speech-dispatcher would not help
        dialog.reject()


def test_a_session_with_sound_and_voice_runs_silently_to_its_end(
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
    assert not app.cues.player.available
    speaker = app.cues.speaker
    assert speaker is not None and speaker.notice is not None and PACKAGE in speaker.notice
    qtbot.waitUntil(lambda: PACKAGE in app.window.statusBar().currentMessage())
    QApplication.processEvents()
    assert mentions([r.getMessage() for r in caplog.records]) == 1  # one line, not one per cue
    assert mentions(app.cues.notices()) == 1
    app.open_settings()
    assert app.settings_dialog is not None
    assert mentions(app.settings_dialog.notices()) == 1


def test_a_speaker_goes_quiet_with_the_notice(qtbot, no_multimedia: None) -> None:  # type: ignore[no-untyped-def]
    speaker = QtSpeaker()
    notices: list[str] = []
    speaker.unavailable.connect(notices.append)
    try:
        for _ in range(3):
            speaker.say("Hold.")
        assert speaker.said == [] and speaker.voices() == []
        assert len(notices) == 1 and PACKAGE in notices[0] and speaker.notice == notices[0]
    finally:
        speaker.dispose()
