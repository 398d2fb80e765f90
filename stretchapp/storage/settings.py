"""The person's settings: a typed dataclass kept as JSON, written atomically (no Qt).

A missing file gives defaults. A file that cannot be read or parsed is moved aside (so
nothing is lost) and defaults are used, with a notice for the UI to show. A value of the
wrong type or out of range falls back to its default on its own, keeping the others.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from stretchapp.core.model import HoldLength, Side
from stretchapp.storage import paths

log = logging.getLogger(__name__)

_THEMES = ("system", "light", "dark")


@dataclass
class Settings:
    """Every option the app keeps between runs."""

    # Session
    hold_length: HoldLength = HoldLength.SHORT
    first_side: Side = Side.RIGHT
    # Display
    theme: str = "system"  # system | light | dark
    high_contrast: bool = False
    text_scale: float = 1.0
    # Cues
    sound_enabled: bool = True
    muted: bool = False
    volume: float = 0.8
    voice_enabled: bool = False
    voice_name: str = ""
    voice_rate: float = 0.0  # -1.0 (slow) .. 1.0 (fast)
    voice_volume: float = 0.8
    notifications: bool = True
    # Break reminders
    break_interval_minutes: int = 45
    break_routine: str = "quick-neck-break"
    snooze_minutes: int = 5
    start_at_login: bool = False
    quiet_when_fullscreen: bool = True
    # Routines whose cautions the person has acknowledged.
    acknowledged_cautions: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        data = asdict(self)
        data["hold_length"] = self.hold_length.value
        data["first_side"] = self.first_side.value
        return json.dumps(data, indent=2, sort_keys=True) + "\n"


_RANGES: dict[str, tuple[float, float]] = {
    "text_scale": (0.5, 3.0),
    "volume": (0.0, 1.0),
    "voice_rate": (-1.0, 1.0),
    "voice_volume": (0.0, 1.0),
    "break_interval_minutes": (1, 24 * 60),
    "snooze_minutes": (1, 120),
}


def _coerce(name: str, value: Any, default: Any) -> Any:
    """``value`` as the type of ``default``, or ``default`` when it does not fit."""
    if isinstance(default, HoldLength):
        return HoldLength(value)
    if isinstance(default, Side):
        return Side(value)
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ValueError(name)
        return value
    if isinstance(default, (int, float)):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(name)
        low, high = _RANGES.get(name, (float("-inf"), float("inf")))
        if not low <= value <= high:
            raise ValueError(name)
        return type(default)(value)
    if isinstance(default, str):
        if not isinstance(value, str) or (name == "theme" and value not in _THEMES):
            raise ValueError(name)
        return value
    if isinstance(default, list):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(name)
        return list(value)
    raise ValueError(name)


@dataclass
class LoadedSettings:
    settings: Settings
    notice: str | None = None  # something the UI should tell the person once


def from_dict(data: dict[str, Any]) -> Settings:
    """Settings from parsed JSON; bad or unknown entries are dropped with a log line."""
    settings = Settings()
    for f in fields(Settings):
        if f.name not in data:
            continue
        default = getattr(settings, f.name)
        try:
            setattr(settings, f.name, _coerce(f.name, data[f.name], default))
        except ValueError:
            log.warning("settings: ignoring bad value for %s: %r", f.name, data[f.name])
    return settings


def load(path: Path | None = None) -> LoadedSettings:
    """Read settings; never raises for a bad file."""
    path = path or paths.settings_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return LoadedSettings(Settings())
    except OSError as exc:
        log.warning("settings: cannot read %s: %s", path, exc)
        return LoadedSettings(Settings(), f"Could not read your settings ({exc.strerror}); using defaults.")
    try:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
    except ValueError as exc:
        aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            path.replace(aside)
        except OSError:
            aside = path
        log.warning("settings: %s is damaged (%s); moved to %s", path, exc, aside)
        return LoadedSettings(
            Settings(),
            f"Your settings file was damaged and has been set aside as {aside.name}; defaults are in use.",
        )
    return LoadedSettings(from_dict(data))


def save(settings: Settings, path: Path | None = None) -> None:
    """Write settings atomically."""
    from stretchapp.storage.fileio import atomic_write_text  # noqa: PLC0415 - tempfile/shutil are not needed to start

    atomic_write_text(path or paths.settings_file(), settings.to_json())
