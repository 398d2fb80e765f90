"""The chosen language, applied to Qt: its own buttons' words, its locale and the layout's direction.

:func:`choose` decides the language at start (``--lang``, else the setting, else the
system's) and calls :func:`stretchapp.core.i18n.set_language` before any window is built;
:func:`apply` then gives Qt the same language: ``qtbase_<lang>.qm`` for the buttons Qt draws
itself, ``QLocale.setDefault`` so numbers and dates Qt formats (spin boxes) follow the chosen
language and never the C library's, and the layout direction (right to left for Hebrew or
Arabic). A language changed in the Settings dialog is used from the next start: the
windows' words are set as they are built.

:func:`language_names` lists the shipped languages by their own names, for the setting.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QGuiApplication

from stretchapp.core import i18n
from stretchapp.ui.common import qt_translations

# A language is offered under its own name, as a person looking for it will read it.
OWN_NAMES = {
    "en": "English",
    "de": "Deutsch",
    "fr": "Français",
    "es": "Español",
    "he": "עברית",
    "ar": "العربية",
}


def choose(given: str | None, setting: str) -> str:
    """Choose the language for this run: ``given`` (``--lang``), else ``setting``, else the system's."""
    return i18n.set_language(given or setting or None)


def qt_locale(tag: str | None = None) -> QLocale:
    """The QLocale for ``tag`` (default: the chosen language); the pseudo-language formats as English."""
    tag = i18n.normalise(tag or i18n.language())
    if tag == i18n.PSEUDO_LANGUAGE:
        tag = i18n.SOURCE_LANGUAGE
    return QLocale(tag)


def apply(app: QCoreApplication, tag: str | None = None) -> None:
    """Make Qt follow ``tag`` (default: the chosen language): its words, locale and direction."""
    qt_translations.install(app, tag)
    QLocale.setDefault(qt_locale(tag))
    if isinstance(app, QGuiApplication):
        right_to_left = i18n.is_right_to_left(tag or i18n.language())
        if right_to_left or app.isRightToLeft():
            # Naming Qt's enums builds PySide6's whole Qt namespace (~25 ms), so a start
            # left to right, Qt's default, leaves the direction alone.
            from PySide6.QtCore import Qt  # noqa: PLC0415

            app.setLayoutDirection(
                Qt.LayoutDirection.RightToLeft if right_to_left else Qt.LayoutDirection.LeftToRight
            )


def own_name(tag: str) -> str:
    """The language ``tag`` in its own words ("Deutsch", "עברית"), for a list of languages."""
    tag = i18n.normalise(tag)
    if tag in OWN_NAMES:
        return OWN_NAMES[tag]
    base, _sep, region = tag.partition("_")
    locale = QLocale(tag)
    name = locale.nativeLanguageName() if locale.language() != QLocale.Language.C else ""
    if not name:
        return tag
    name = name[:1].upper() + name[1:]
    if region:
        territory = locale.nativeTerritoryName()
        name = f"{name} ({territory or region})"
    elif base in OWN_NAMES:
        name = OWN_NAMES[base]
    return name


def language_names() -> list[tuple[str, str]]:
    """(tag, own name) of every language the app ships, English included, sorted by name."""
    return sorted(((tag, own_name(tag)) for tag in i18n.available_languages()), key=lambda item: item[1])
