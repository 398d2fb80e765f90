"""Whether Qt's sound and speech libraries load here: one probe, tried once, shared by both.

``PySide6.QtMultimedia`` and ``PySide6.QtTextToSpeech`` load system libraries of their own
(on Linux the PulseAudio client library, ``libpulse.so.0``); without them the import raises
:class:`ImportError`. Sound and voice ask :func:`multimedia_unavailable` before importing
either module, so a missing library turns both off with one notice instead of an error.
"""

from __future__ import annotations

import functools
import importlib

MODULES = ("PySide6.QtMultimedia", "PySide6.QtTextToSpeech")
UNAVAILABLE_NOTICE = (
    "Sound cues and spoken prompts are off: Qt's multimedia library could not be loaded ({detail}). "
    "On Linux it needs the PulseAudio client library (Debian/Ubuntu package libpulse0); "
    "install it and restart stretchapp."
)


@functools.cache
def multimedia_unavailable() -> str | None:
    """None when sound and speech can be loaded; otherwise the notice saying why not and what to install.

    The answer is kept for the life of the process (``multimedia_unavailable.cache_clear()``
    forgets it, for tests).
    """
    for name in MODULES:
        try:
            importlib.import_module(name)
        except ImportError as exc:
            return UNAVAILABLE_NOTICE.format(detail=str(exc) or name)
    return None
