"""The settings file: survives restarts, a damaged file is set aside with a notice, bad values fall back alone."""

from __future__ import annotations

import json
import logging

import pytest

from stretchapp.core.model import HoldLength, Side
from stretchapp.storage import paths
from stretchapp.storage import settings as settings_store
from stretchapp.storage.settings import Settings


def test_no_file_gives_defaults_without_a_notice() -> None:
    loaded = settings_store.load()
    assert loaded.settings == Settings() and loaded.notice is None


def test_settings_survive_a_restart() -> None:
    chosen = Settings(
        hold_length=HoldLength.LONG,
        first_side=Side.LEFT,
        theme="dark",
        volume=0.25,
        voice_enabled=True,
        voice_name="Anne",
        voice_rate=-0.5,
        break_interval_minutes=20,
        acknowledged_cautions=["neck-relief"],
    )
    settings_store.save(chosen)
    assert settings_store.load().settings == chosen
    data = json.loads(paths.settings_file().read_text(encoding="utf-8"))
    assert data["hold_length"] == "long" and data["first_side"] == "left"  # readable by a person


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", "", '"just a string"', "\x00\x01"])
def test_a_damaged_file_is_set_aside_and_defaults_are_used(text: str) -> None:
    path = paths.settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    loaded = settings_store.load()
    assert loaded.settings == Settings()
    assert loaded.notice is not None and "set aside" in loaded.notice
    aside = [p for p in path.parent.iterdir() if p.name.startswith(path.name + ".corrupt-")]
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == text  # nothing is lost
    assert aside[0].name in loaded.notice
    assert not path.exists()
    # The next start is clean: no notice again.
    assert settings_store.load().notice is None


def test_a_bad_value_falls_back_alone(caplog: pytest.LogCaptureFixture) -> None:
    path = paths.settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {
                "volume": 7,  # out of range
                "theme": "purple",  # not a theme
                "muted": "yes",  # not a boolean
                "hold_length": "forever",  # not a choice
                "snooze_minutes": True,  # a boolean is not a number
                "break_interval_minutes": 25,  # fine
                "voice_name": "Bob",  # fine
                "unknown_option": 1,  # from a newer version: ignored
            }
        ),
        encoding="utf-8",
    )
    caplog.set_level(logging.WARNING, logger="stretchapp.storage.settings")
    loaded = settings_store.load()
    s = loaded.settings
    assert loaded.notice is None
    assert (s.volume, s.theme, s.muted, s.hold_length, s.snooze_minutes) == (
        0.8,
        "system",
        False,
        HoldLength.SHORT,
        5,
    )
    assert (s.break_interval_minutes, s.voice_name) == (25, "Bob")
    assert len(caplog.records) == 5


def test_saving_replaces_the_file_whole(tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "s.json"
    settings_store.save(Settings(volume=0.1), target)
    settings_store.save(Settings(volume=0.9), target)
    assert settings_store.load(target).settings.volume == 0.9
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]  # no temporary file left behind
