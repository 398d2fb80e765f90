"""A change in Settings takes effect at once in the running app, and is kept by the one writer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from stretchapp.core.cues import Sound
from stretchapp.routines.library import load_library
from stretchapp.storage import settings as settings_store
from stretchapp.storage.settings import Settings
from stretchapp.ui.controller import AppController
from stretchapp.ui.session.audio import NullSoundPlayer, SoundPlayer
from tests.fakes import FakeClock
from tests.test_cues_qt import FakePlayer


class Factory:
    """Builds what the app would: silence while sound is off, a (recording) player when on."""

    def __init__(self) -> None:
        self.built: list[FakePlayer] = []

    def __call__(self, settings: Settings) -> SoundPlayer:
        if not settings.sound_enabled:
            return NullSoundPlayer()
        player = FakePlayer()
        self.built.append(player)
        return player


@pytest.fixture
def factory() -> Factory:
    return Factory()


@pytest.fixture
def app(qtbot, clock: FakeClock, factory: Factory) -> Iterator[AppController]:  # type: ignore[no-untyped-def]
    controller = AppController(
        Settings(sound_enabled=False), load_library(), clock=clock, sound_factory=factory
    )
    controller.confirm_cautions = lambda routine, parent: True
    controller.player.confirm_leave = lambda: True
    qtbot.addWidget(controller.window)
    yield controller
    controller.end_session()


@pytest.mark.qt_log_ignore("pipewire")  # listing voice engines loads Qt's multimedia plugins
def test_turning_sound_on_in_settings_plays_the_next_cue_without_a_restart(
    qtbot, app: AppController, factory: Factory, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    assert factory.built == []
    app.window.settings_action.trigger()
    dialog = app.settings_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.sound_enabled.setChecked(True)
    assert dialog.apply()
    assert len(factory.built) == 1, "the cue controller did not take up the new sound setting"
    assert settings_store.load().settings.sound_enabled

    entry = app.library.get("quick-neck-break")
    assert entry is not None
    app.start_routine(entry.routine)
    driver = app.driver
    assert driver is not None
    clock.advance(driver.session.timeline.phases[0].seconds + 0.01)
    driver.tick()
    assert Sound.HOLD in factory.built[-1].played


def test_each_change_is_saved_once_by_the_store_and_heard_by_every_part(qtbot, app: AppController) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(
        app.window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    app.set_high_contrast(True)
    assert app.window.high_contrast_action.isChecked()
    assert settings_store.load().settings.high_contrast
    app.set_high_contrast(False)
    assert not settings_store.load().settings.high_contrast
