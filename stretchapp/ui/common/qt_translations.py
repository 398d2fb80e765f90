"""Qt's own words (the Cancel, Close, Yes and No of its dialogs) in the chosen language.

Our strings come from the gettext catalogues (:mod:`stretchapp.core.i18n`); the buttons Qt
draws itself come from the ``qtbase_<lang>.qm`` files PySide6 ships, loaded here into a
QTranslator, most specific language first (``de_AT`` then ``de``).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from stretchapp.core import i18n
from stretchapp.core.logger import get_logger

log = get_logger(__name__)

_installed: list[QTranslator] = []  # kept alive for as long as they are installed


def install(app: QCoreApplication, tag: str | None = None) -> list[str]:
    """Install Qt's translations for ``tag`` (default: the chosen language); returns the ones found."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    found: list[str] = []
    folder = ""
    for candidate in i18n.fallback_chain(tag or i18n.language()):
        if candidate.split("_", 1)[0] == i18n.SOURCE_LANGUAGE:
            break
        if not folder:
            # Only now: loading QLibraryInfo makes PySide6 build its enums, before the first paint.
            from PySide6.QtCore import QLibraryInfo  # noqa: PLC0415

            folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        translator = QTranslator(app)
        if translator.load(f"qtbase_{candidate}", folder):
            app.installTranslator(translator)
            _installed.append(translator)
            found.append(candidate)
            break  # one file covers the language; Qt has no regional qtbase files worth stacking
    if not found and (tag or i18n.language()).split("_", 1)[0] != i18n.SOURCE_LANGUAGE:
        log.info("Qt has no translation of its own buttons for %s in %s", tag or i18n.language(), folder)
    return found
