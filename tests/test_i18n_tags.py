"""Language tags: how the app reads the person's language from the session and where it looks."""

from __future__ import annotations

import pytest

from stretchapp.core import i18n


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("de_AT.UTF-8", "de_AT"),
        ("de-at", "de_AT"),
        ("FR", "fr"),
        ("C", "en"),
        ("POSIX", "en"),
        ("", "en"),
        ("sr_RS@latin", "sr_RS"),
    ],
)
def test_tags_are_read_in_every_usual_spelling(tag: str, expected: str) -> None:
    assert i18n.normalise(tag) == expected


def test_a_regional_language_falls_back_to_its_base() -> None:
    assert i18n.fallback_chain("de_AT.UTF-8") == ["de_AT", "de"]
    assert i18n.fallback_chain("fr") == ["fr"]


def test_the_session_language_is_read_as_gettext_reads_it() -> None:
    assert i18n.system_language({"LANG": "de_DE.UTF-8"}) == "de_DE"
    assert i18n.system_language({"LANG": "de_DE.UTF-8", "LC_ALL": "fr_FR.UTF-8"}) == "fr_FR"
    assert i18n.system_language({"LANG": "de_DE.UTF-8", "LANGUAGE": "es:fr"}) == "es"
    # gettext ignores LANGUAGE when the locale is C: so do we.
    assert i18n.system_language({"LANG": "C", "LANGUAGE": "es"}) == "en"
    assert i18n.system_language({}) == "en"


def test_right_to_left_languages_are_known() -> None:
    assert i18n.is_right_to_left("he_IL")
    assert i18n.is_right_to_left("ar")
    assert not i18n.is_right_to_left("de")
