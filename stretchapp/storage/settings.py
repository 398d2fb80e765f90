"""The person's settings: an immutable value kept as JSON, one writer, each option declared once (no Qt).

:class:`Settings` is frozen: a change makes a new value (``settings.replace(volume=0.5)``) and
the :class:`SettingsStore` is the one place that writes it, then tells its listeners the old
and the new value, so "did sound change?" compares two values, never an object with itself.
Every option's label and allowed range is declared once, on its field (:func:`spec`), and
used both here, to check a file, and by the Settings dialog, to bound its controls.

Reading never loses anything and never stops the app: a file that cannot be read or parsed
(not UTF-8, not JSON, nested too deeply, not a regular file) is set aside as a copy and the
defaults are used; values of the wrong type or out of range are ignored one by one, named
in a notice, and the file is copied aside before it is first rewritten without them.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from pathlib import Path

from stretchapp.core.i18n import N_, _, is_tag
from stretchapp.core.kinds import HoldLength, Side
from stretchapp.core.logger import get_logger
from stretchapp.core.records import Record
from stretchapp.storage import paths
from stretchapp.storage.fileio import FileTooLargeError, NotARegularFileError, read_regular_file

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (see docs/architecture.md)
if TYPE_CHECKING:
    from typing import Any

log = get_logger(__name__)

MAX_FILE_BYTES = 262_144  # a settings file is a few hundred bytes


class Spec(Record):
    """What an option is called in the Settings dialog and which values it takes."""

    label: str = ""
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    check: Callable[[Any], bool] | None = None  # a further test of the value (a language tag)

    def allows(self, value: Any) -> bool:
        if self.choices and value not in self.choices:
            return False
        if self.check is not None and not self.check(value):
            return False
        if isinstance(value, float) and not math.isfinite(value):
            return False
        if self.low is not None and value < self.low:
            return False
        return not (self.high is not None and value > self.high)


_specs: list[Spec] = []  # one per field of Settings, in order: see SPECS below it


def _option(default: Any, label: str = "", **limits: Any) -> Any:
    """A settings field's default, with its :class:`Spec` declared on the same line.

    The class body runs top to bottom, so the specs are kept in the fields' order.
    """
    _specs.append(Spec(label, **limits))
    return default


THEMES = ("system", "light", "dark")


def _language_tag(value: Any) -> bool:
    """ "" (the system's language) or a language tag such as ``de`` or ``pt_BR``."""
    return value == "" or (isinstance(value, str) and is_tag(value))


class Settings(Record):
    """Every option the app keeps between runs. Immutable: use :meth:`replace`.

    A named tuple rather than a frozen dataclass: it is defined at every start, before the
    first window, and a frozen dataclass of this many fields costs ~8 ms to define.
    """

    # Session
    hold_length: HoldLength = _option(HoldLength.SHORT, N_("&Hold length:"))
    first_side: Side = _option(Side.RIGHT, N_("Start &with:"))
    checkins: bool = _option(True, N_("Ask how each exercise &felt"))
    # Display
    # "" follows the system (LANG and the like); a tag such as "de" chooses. Used from the next start.
    # No Alt letter: every letter of the word is taken by another control of the dialog.
    language: str = _option("", N_("Language:"), check=_language_tag)
    theme: str = _option("system", N_("&Colours:"), choices=THEMES)
    high_contrast: bool = _option(False, N_("H&igh contrast"))
    text_scale: float = _option(1.0, N_("Te&xt size:"), low=0.5, high=3.0)
    # Cues
    sound_enabled: bool = _option(True, N_("Play a &sound when a hold or rest begins"))
    muted: bool = _option(False, N_("&Mute all cues for now"))
    volume: float = _option(0.8, N_("&Volume:"), low=0.0, high=1.0)
    voice_enabled: bool = _option(False, N_("Spea&k what to do at each step"))
    voice_name: str = _option("", N_("V&oice:"))
    voice_rate: float = _option(0.0, N_("&Rate:"), low=-1.0, high=1.0)  # -1 slow .. 1 fast
    voice_volume: float = _option(0.8, N_("Vo&lume:"), low=0.0, high=1.0)
    notifications: bool = _option(True, N_("&Notify me when the player is in the background"))
    # Break reminders
    break_interval_minutes: int = _option(45, N_("Remind me &every:"), low=1, high=24 * 60)
    break_routine: str = _option("quick-neck-break", N_("&Break routine:"))
    snooze_minutes: int = _option(5, N_("Snoo&ze for:"), low=1, high=120)
    start_at_login: bool = _option(False, N_("Start stretchapp when I lo&g in"))
    quiet_when_fullscreen: bool = _option(True, N_("&Quiet while an app is full screen"))
    # A break you keep: each is off at 0 (see core/keep.py)
    daily_postpone_limit: int = _option(0, N_("Snoozes and skips a &day:"), low=0, high=20)
    strict_break_seconds: int = _option(0, N_("S&trict break:"), low=0, high=120)
    daily_goal_minutes: int = _option(0, N_("Dail&y stretch goal:"), low=0, high=240)
    # A screen's name (QScreen.name(), e.g. "HDMI-1"); "" is the screen the person is working on.
    break_screen: str = _option("", N_("Breaks &appear on:"))
    # Routines whose cautions the person has acknowledged.
    acknowledged_cautions: tuple[str, ...] = _option(())
    # Exercises to leave out after a sharp pain, each as "routine-id/exercise name" (left_out_key).
    left_out_exercises: tuple[str, ...] = _option(())

    def replace(self, **changes: Any) -> Settings:
        """A copy with ``changes``; ValueError names an option that is unknown or out of range."""
        for name, value in changes.items():
            problem = _check(name, value)
            if problem:
                raise ValueError(problem)
        return self._replace(**changes)

    def to_json(self) -> str:
        data = self._asdict()
        data["hold_length"] = self.hold_length.value
        data["first_side"] = self.first_side.value
        data["acknowledged_cautions"] = list(self.acknowledged_cautions)
        return json.dumps(data, indent=2, sort_keys=True) + "\n"


def left_out_key(routine_id: str, exercise: str) -> str:
    """How :attr:`Settings.left_out_exercises` names an exercise of a routine (ids have no slash)."""
    return f"{routine_id}/{exercise}"


def left_out(settings: Settings, routine_id: str) -> tuple[str, ...]:
    """The names of the exercises of ``routine_id`` the person chose to leave out."""
    prefix = f"{routine_id}/"
    return tuple(key[len(prefix) :] for key in settings.left_out_exercises if key.startswith(prefix))


SPECS: dict[str, Spec] = dict(zip(Settings._fields, _specs, strict=True))
_DEFAULTS = Settings._field_defaults


def spec(name: str) -> Spec:
    """The label and allowed values of the option ``name``."""
    return SPECS[name]


def _check(name: str, value: Any) -> str | None:
    """Why ``value`` cannot be the option ``name``, or None."""
    if name not in _DEFAULTS:
        return f"there is no option called {name!r}"
    default = _DEFAULTS[name]
    kind = type(default)
    if isinstance(default, (bool, str, tuple)):
        fits = isinstance(value, kind) and (
            not isinstance(value, tuple) or all(isinstance(item, str) for item in value)
        )
    elif isinstance(default, (HoldLength, Side)):
        fits = isinstance(value, kind)
    else:  # int or float; a bool is not a number here
        fits = isinstance(value, (int, float)) and not isinstance(value, bool)
        if kind is int and isinstance(value, float):
            fits = fits and value.is_integer()
    if not fits:
        return f"{name} must be {kind.__name__}, not {value!r}"
    if not spec(name).allows(value):
        return f"{name} is out of range: {value!r}"
    return None


def _from_json_value(name: str, value: Any) -> Any:
    """A JSON value as the option's type; ValueError when it does not fit."""
    default = _DEFAULTS[name]
    if isinstance(default, (HoldLength, Side)):
        value = type(default)(value)
    elif isinstance(default, tuple):
        value = tuple(value) if isinstance(value, list) else value
    elif type(default) is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    elif type(default) is int and isinstance(value, float) and value.is_integer():
        value = int(value)
    problem = _check(name, value)
    if problem:
        raise ValueError(problem)
    return value


class LoadedSettings(Record):
    settings: Settings
    notice: str | None = None  # something the UI should tell the person once
    ignored: tuple[str, ...] = ()  # options whose stored values were not usable
    needs_copy: bool = False  # the file holds values a rewrite would drop: copy it aside first


def from_dict(data: dict[str, Any]) -> tuple[Settings, tuple[str, ...]]:
    """Settings from parsed JSON and the names of the entries that were not usable."""
    values: dict[str, Any] = {}
    ignored: list[str] = []
    for name, value in data.items():
        if name not in _DEFAULTS:
            ignored.append(name)
            continue
        try:
            values[name] = _from_json_value(name, value)
        except (ValueError, TypeError):
            log.warning("settings: ignoring bad value for %s: %.80r", name, value)
            ignored.append(name)
    return Settings()._replace(**values), tuple(ignored)


def _set_aside(path: Path, why: str) -> LoadedSettings:
    aside = path.with_name(f"{path.name}.unreadable-{time.strftime('%Y%m%d-%H%M%S')}")
    try:
        path.replace(aside)
    except OSError as exc:
        log.warning("settings: could not set %s aside: %s", path, exc)
        return LoadedSettings(
            Settings(),
            _("Your settings could not be read ({why}); the defaults are in use for now.").format(why=why),
        )
    log.warning("settings: %s could not be read (%s); moved to %s", path, why, aside)
    return LoadedSettings(
        Settings(),
        _(
            "Your settings file could not be read ({why}) and has been set aside as {name}; the defaults are in use."
        ).format(why=why, name=aside.name),
    )


def load(path: Path | None = None, *, set_aside: bool = True) -> LoadedSettings:
    """Read settings; never raises, never hangs, never loses the file it could not use.

    ``set_aside=False`` only reads (for the command line): an unreadable file stays put.
    """
    path = path or paths.settings_file()
    if not set_aside:
        try:
            data = read_regular_file(path, MAX_FILE_BYTES)
            parsed = json.loads(data.decode("utf-8"))
        except (OSError, ValueError, RecursionError):
            return LoadedSettings(Settings())
        return LoadedSettings(from_dict(parsed)[0] if isinstance(parsed, dict) else Settings())
    try:
        data = read_regular_file(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        return LoadedSettings(Settings())
    except FileTooLargeError:
        return _set_aside(path, _("it is larger than {size} KiB").format(size=MAX_FILE_BYTES // 1024))
    except NotARegularFileError:
        log.warning("settings: %s is not a regular file; using defaults", path)
        return LoadedSettings(
            Settings(),
            _("Your settings file {path} is not a regular file; the defaults are in use.").format(path=path),
        )
    except OSError as exc:
        log.warning("settings: cannot read %s: %s", path, exc)
        return LoadedSettings(
            Settings(),
            _("Could not read your settings ({reason}); using defaults.").format(reason=exc.strerror or exc),
        )
    try:
        parsed = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        return _set_aside(path, _("it is not UTF-8 text"))
    except RecursionError:
        return _set_aside(path, _("it nests too deeply"))
    except ValueError as exc:
        return _set_aside(path, _("it is not valid JSON: {error}").format(error=exc))
    if not isinstance(parsed, dict):
        return _set_aside(path, _("it is not a JSON object"))
    settings, ignored = from_dict(parsed)
    if not ignored:
        return LoadedSettings(settings)
    names = ", ".join(ignored[:8]) + (_(" and more") if len(ignored) > 8 else "")
    return LoadedSettings(
        settings,
        _(
            "Some saved settings were not usable and the defaults are used for them: {names}. "
            "A copy of the old file is kept when settings are next saved."
        ).format(names=names),
        ignored=ignored,
        needs_copy=True,
    )


def save(settings: Settings, path: Path | None = None) -> None:
    """Write settings atomically; raises OSError when the file cannot be written."""
    from stretchapp.storage.fileio import atomic_write_text  # noqa: PLC0415 - tempfile/shutil are not needed to start

    atomic_write_text(path or paths.settings_file(), settings.to_json())


Listener = Callable[[Settings, Settings], None]


class SettingsStore:
    """The one writer of the settings: holds the current value, saves each new one, tells listeners."""

    def __init__(self, loaded: LoadedSettings | None = None, path: Path | None = None) -> None:
        self._path = path
        loaded = loaded if loaded is not None else load(path)
        self.current = loaded.settings
        self.notice = loaded.notice
        self._copy_first = loaded.needs_copy
        self._listeners: list[Listener] = []

    @property
    def path(self) -> Path:
        return self._path or paths.settings_file()

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener(old, new)`` after every change."""
        self._listeners.append(listener)

    def update(self, **changes: Any) -> str | None:
        """Change some options; see :meth:`replace`."""
        return self.replace(self.current.replace(**changes))

    def replace(self, new: Settings) -> str | None:
        """Make ``new`` the settings: saved, then announced. Returns why saving failed, or None.

        A failed save keeps the change for this run (the person asked for it) and says so.
        """
        old = self.current
        if new == old:
            return None
        problem = self._save(new)
        self.current = new
        for listener in list(self._listeners):
            listener(old, new)
        return problem

    def _save(self, new: Settings) -> str | None:
        try:
            if self._copy_first and self.path.is_file():
                from stretchapp.storage.fileio import atomic_copy  # noqa: PLC0415

                kept = self.path.with_name(f"{self.path.name}.before-{time.strftime('%Y%m%d-%H%M%S')}")
                atomic_copy(self.path, kept)
                log.info("settings: kept the old file as %s before rewriting it", kept)
            save(new, self._path)
        except OSError as exc:
            log.warning("settings: could not save %s: %s", self.path, exc)
            return _(
                "Your settings could not be saved ({reason}); the change holds until stretchapp closes."
            ).format(reason=exc.strerror or exc)
        self._copy_first = False
        return None
