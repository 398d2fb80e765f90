"""The only module that names files in the repository's ``assets/`` and ``routines/`` (no Qt).

When run from a source checkout (or an editable install) the folders sit beside the
package; ``STRETCHAPP_ASSETS`` / ``STRETCHAPP_ROUTINES`` override them.
"""

from __future__ import annotations

import os
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent


def assets_dir() -> Path:
    return Path(os.environ.get("STRETCHAPP_ASSETS") or _ROOT / "assets")


def bundled_routines_dir() -> Path:
    return Path(os.environ.get("STRETCHAPP_ROUTINES") or _ROOT / "routines")


def format_doc() -> Path:
    """The routine format reference."""
    return _ROOT / "docs" / "routine-format.md"


def images_dir() -> Path:
    return assets_dir() / "images"


def app_icon() -> Path:
    from stretchapp.appid import APP_ID  # noqa: PLC0415

    return hicolor_dir() / "scalable" / "apps" / f"{APP_ID}.svg"


def tray_icon() -> Path:
    from stretchapp.appid import APP_ID  # noqa: PLC0415

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
    """Every asset this module names, for the test that they all exist."""
    return [app_icon(), tray_icon(), *(sound(cue) for cue in SOUND_CUES)]


def hicolor_dir() -> Path:
    """The app's icons laid out as in the freedesktop ``hicolor`` theme (``<size>/apps/<file>``)."""
    return assets_dir() / "icons" / "hicolor"


def desktop_entry() -> Path:
    """The launcher entry, as shipped (``Exec=stretchapp``)."""
    from stretchapp.appid import DESKTOP_FILE_NAME  # noqa: PLC0415

    return assets_dir() / "desktop" / DESKTOP_FILE_NAME


def metainfo() -> Path:
    """The AppStream metainfo that software centres show."""
    from stretchapp.appid import APP_ID  # noqa: PLC0415

    return assets_dir() / "desktop" / f"{APP_ID}.metainfo.xml"
