"""The settings file: survives restarts, a damaged file is set aside with a notice, bad values fall back alone."""

from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path

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
        acknowledged_cautions=("neck-relief",),
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
    aside = [p for p in path.parent.iterdir() if p.name.startswith(path.name + ".unreadable-")]
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
    assert loaded.notice is not None
    for name in ("volume", "theme", "muted", "hold_length", "snooze_minutes"):
        assert name in loaded.notice
    assert "break_interval_minutes" not in loaded.notice
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


def write_settings(data: bytes) -> Path:
    path = paths.settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "data",
    [
        '{"theme": "dark", "voice_name": "Ren\xe9e"}'.encode("latin-1"),  # one Latin-1 letter
        b"[" * 100_000 + b"]" * 100_000,  # nests past any parser's depth
        b'{"a": ' * 30_000 + b"1" + b"}" * 30_000,
        b'{"voice_name": "' + b"x" * 300_000 + b'"}',
    ],
    ids=["latin-1", "deep-list", "deep-object", "huge"],
)
def test_an_unreadable_file_is_kept_as_a_copy_and_the_app_starts_with_defaults(data: bytes) -> None:
    path = write_settings(data)
    loaded = settings_store.load()
    assert loaded.settings == Settings()
    assert loaded.notice is not None and "set aside" in loaded.notice
    (aside,) = (p for p in path.parent.iterdir() if p.name.startswith(path.name + "."))
    assert aside.read_bytes() == data and aside.name in loaded.notice


@pytest.mark.parametrize("value", [-1, 1e308, float("nan")])
def test_a_value_out_of_range_is_named_and_the_old_file_is_kept_before_a_rewrite(value: float) -> None:
    text = json.dumps({"volume": value, "theme": "dark", "snooze_minutes": 12})
    path = write_settings(text.encode())
    loaded = settings_store.load()
    assert (loaded.settings.theme, loaded.settings.snooze_minutes, loaded.settings.volume) == (
        "dark",
        12,
        0.8,
    )
    assert loaded.notice is not None and "volume" in loaded.notice
    store = settings_store.SettingsStore(loaded)
    assert store.update(muted=True) is None
    kept = [p for p in path.parent.iterdir() if p.name.startswith(path.name + ".before-")]
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == text
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["muted"] is True and saved["theme"] == "dark"
    assert store.update(muted=False) is None
    assert len([p for p in path.parent.iterdir() if ".before-" in p.name]) == 1, "one copy, not one per save"


def test_a_save_that_fails_is_reported_and_the_change_holds_for_now(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    store = settings_store.SettingsStore(path=blocker / "settings.json")
    heard: list[tuple[Settings, Settings]] = []
    store.subscribe(lambda old, new: heard.append((old, new)))
    problem = store.update(volume=0.3)
    assert problem is not None and "could not be saved" in problem
    assert store.current.volume == 0.3 and heard == [(Settings(), Settings(volume=0.3))]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX thing")
def test_a_fifo_in_place_of_the_file_never_hangs_the_start() -> None:
    path = paths.settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    result: list[settings_store.LoadedSettings] = []
    reader = threading.Thread(target=lambda: result.append(settings_store.load()), daemon=True)
    reader.start()
    reader.join(10)
    assert not reader.is_alive(), "reading the settings blocked on a FIFO"
    assert result[0].settings == Settings() and result[0].notice is not None


def test_unknown_options_and_ranges_are_refused_when_set_in_code() -> None:
    with pytest.raises(ValueError, match="volume"):
        Settings().replace(volume=2.0)
    with pytest.raises(ValueError, match="no option"):
        Settings().replace(colour="red")


def test_every_option_declares_a_label_and_numbers_declare_a_range() -> None:
    for name, default in Settings._field_defaults.items():
        option = settings_store.spec(name)
        if name not in {"acknowledged_cautions", "left_out_exercises"}:  # kept, never shown as options
            assert option.label, name
        if isinstance(default, (int, float)) and not isinstance(default, bool):
            assert option.low is not None and option.high is not None, name
