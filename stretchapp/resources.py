"""The only module that names the app's bundled files: routines, pictures, sounds, icons, docs (no Qt).

The repository keeps them at its top (``routines/``, ``assets/``, ``docs/``); the build maps
those folders into the package as ``stretchapp._routines``, ``stretchapp._assets`` and
``stretchapp._docs``, and this module finds them as the folders of those packages, the same way
from a checkout's editable install and from a wheel. Nothing reads files beside the package.
"""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path

from stretchapp.appid import APP_ID, DESKTOP_FILE_NAME

TEMPLATES_PACKAGE = "stretchapp.routines"
ASSETS_PACKAGE = "stretchapp._assets"
ROUTINES_PACKAGE = "stretchapp._routines"
DOCS_PACKAGE = "stretchapp._docs"


class MissingResourceError(FileNotFoundError):
    """A file that should have come with the app is not there: the install is incomplete."""


@cache
def _folder(package: str) -> Path:
    """The folder of a data package, as a real path (the app hands paths to Qt)."""
    try:
        module = importlib.import_module(package)
    except ModuleNotFoundError as error:
        raise MissingResourceError(
            f"the app's {package.removeprefix('stretchapp._')} are not installed ({package} is missing); "
            "reinstall stretchapp"
        ) from error
    # The package's own folder, as importlib.resources.files() would give for a package on
    # disk, without loading importlib.resources (and zipfile) at every start.
    locations = list(getattr(module, "__path__", []))
    root = locations[0] if len(locations) == 1 else module.__name__
    path = Path(str(root))
    if not path.is_dir():
        raise MissingResourceError(f"{package} is not a folder on disk ({root}); install stretchapp unzipped")
    return path


def assets_dir() -> Path:
    return _folder(ASSETS_PACKAGE)


def bundled_routines_dir() -> Path:
    return _folder(ROUTINES_PACKAGE)


def format_doc() -> Path:
    """The routine format reference."""
    return _folder(DOCS_PACKAGE) / "routine-format.md"


def routine_schema() -> Path:
    """The JSON Schema of routine files, for editors that check YAML as it is typed."""
    return _folder(DOCS_PACKAGE) / "routine.schema.json"


def new_routine_template() -> Path:
    """The commented routine a new one starts from."""
    return _folder(TEMPLATES_PACKAGE) / "templates" / "new-routine.yaml"


def images_dir() -> Path:
    return assets_dir() / "images"


def app_icon() -> Path:
    return hicolor_dir() / "scalable" / "apps" / f"{APP_ID}.svg"


def tray_icon() -> Path:
    return hicolor_dir() / "symbolic" / "apps" / f"{APP_ID}-symbolic.svg"


SOUND_CUES = {
    "hold": "hold-start.wav",
    "rest": "rest-start.wav",
    "countdown": "countdown-tick.wav",
    "done": "routine-done.wav",
}


def sound(cue: str) -> Path:
    """The WAV file of a cue: one of ``hold``, ``rest``, ``countdown``, ``done``."""
    return assets_dir() / "sounds" / SOUND_CUES[cue]


def all_named_assets() -> list[Path]:
    """Every file this module names, for the tests that they all exist and are installed."""
    return [
        app_icon(),
        tray_icon(),
        *(sound(cue) for cue in SOUND_CUES),
        format_doc(),
        routine_schema(),
        new_routine_template(),
        desktop_entry(),
        metainfo(),
    ]


def hicolor_dir() -> Path:
    """The app's icons laid out as in the freedesktop ``hicolor`` theme (``<size>/apps/<file>``)."""
    return assets_dir() / "icons" / "hicolor"


def desktop_entry() -> Path:
    """The launcher entry, as shipped (``Exec=stretchapp``)."""
    return assets_dir() / "desktop" / DESKTOP_FILE_NAME


def metainfo() -> Path:
    """The AppStream metainfo that software centres show."""
    return assets_dir() / "desktop" / f"{APP_ID}.metainfo.xml"
