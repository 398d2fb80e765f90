"""Translations are read from .po catalogues: plural rules, contexts, fallbacks, damage, laziness."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from stretchapp.core import i18n
from stretchapp.core.i18n import _, ngettext, npgettext, pgettext
from tests.conftest import REPO

HEADER = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: {plural}\\n"

"""
# A Polish-like rule: one, few (2-4 but not 12-14), many.
THREE_FORMS = "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<12 || n%100>14) ? 1 : 2);"


def write_catalogue(folder: Path, tag: str, body: str, plural: str = "nplurals=2; plural=(n != 1);") -> Path:
    path = folder / f"{tag}.po"
    path.write_text(HEADER.format(plural=plural) + body, encoding="utf-8")
    return path


@pytest.fixture
def catalogues(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(i18n.CATALOGUE_DIR_VARIABLE, str(tmp_path))
    return tmp_path


def test_a_catalogue_translates_plain_messages_and_keeps_english_for_the_rest(catalogues: Path) -> None:
    write_catalogue(catalogues, "xx", 'msgid "Pause"\nmsgstr "Pausa"\n')
    i18n.set_language("xx")
    assert _("Pause") == "Pausa"
    assert _("Resume") == "Resume"


def test_the_catalogue_s_own_plural_rule_picks_the_form(catalogues: Path) -> None:
    body = (
        'msgid "{n} exercise"\nmsgid_plural "{n} exercises"\n'
        'msgstr[0] "{n} one"\nmsgstr[1] "{n} few"\nmsgstr[2] "{n} many"\n'
    )
    write_catalogue(catalogues, "xx", body, THREE_FORMS)
    i18n.set_language("xx")
    words = {n: ngettext("{n} exercise", "{n} exercises", n).format(n=n) for n in (1, 2, 5, 12, 22, 25)}
    assert words == {1: "1 one", 2: "2 few", 5: "5 many", 12: "12 many", 22: "22 few", 25: "25 many"}


def test_a_context_tells_two_uses_of_one_word_apart(catalogues: Path) -> None:
    body = (
        'msgctxt "button"\nmsgid "Back"\nmsgstr "Zurück"\n\n'
        'msgctxt "body"\nmsgid "Back"\nmsgstr "Rücken"\n\n'
        'msgctxt "count"\nmsgid "{n} set"\nmsgid_plural "{n} sets"\nmsgstr[0] "{n} Satz"\nmsgstr[1] "{n} Sätze"\n'
    )
    write_catalogue(catalogues, "xx", body)
    i18n.set_language("xx")
    assert (pgettext("button", "Back"), pgettext("body", "Back"), _("Back")) == ("Zurück", "Rücken", "Back")
    assert npgettext("count", "{n} set", "{n} sets", 3) == "{n} Sätze"


def test_a_regional_language_falls_back_to_its_base_then_english(catalogues: Path) -> None:
    write_catalogue(catalogues, "de", 'msgid "January"\nmsgstr "Januar"\n\nmsgid "Pause"\nmsgstr "Pause!"\n')
    write_catalogue(catalogues, "de_AT", 'msgid "January"\nmsgstr "Jänner"\n')
    i18n.set_language("de-AT.UTF-8")
    assert (_("January"), _("Pause"), _("Resume")) == ("Jänner", "Pause!", "Resume")


def test_fuzzy_and_empty_entries_read_as_english(catalogues: Path) -> None:
    body = '#, fuzzy\nmsgid "Pause"\nmsgstr "Pausa?"\n\nmsgid "Resume"\nmsgstr ""\n'
    write_catalogue(catalogues, "xx", body)
    i18n.set_language("xx")
    assert (_("Pause"), _("Resume")) == ("Pause", "Resume")


def test_multiline_strings_and_escapes_are_read(catalogues: Path) -> None:
    body = 'msgid ""\n"Two\\n"\n"lines \\"quoted\\""\nmsgstr ""\n"Zwei\\n"\n"Zeilen"\n'
    write_catalogue(catalogues, "xx", body)
    i18n.set_language("xx")
    assert _('Two\nlines "quoted"') == "Zwei\nZeilen"


@pytest.mark.parametrize(
    ("body", "plural"),
    [
        ('msgid "Pause"\nmsgstr "Pausa', "nplurals=2; plural=(n != 1);"),  # an unclosed quote
        ('msgid "Pause"\nmsgstr "Pausa"\nbogus "x"\n', "nplurals=2; plural=(n != 1);"),
        ('msgid "Pause"\nmsgstr "Pausa"\n', "nplurals=2; plural=__import__('os').system('true');"),
        ('msgid "Pause"\nmsgstr "Pausa"\n', "nplurals=two; plural=(n != 1);"),
        ('msgid "Pause"\n', "nplurals=2; plural=(n != 1);"),  # no msgstr
    ],
)
def test_a_damaged_catalogue_means_english_and_one_logged_line(
    catalogues: Path, body: str, plural: str, caplog: pytest.LogCaptureFixture
) -> None:
    write_catalogue(catalogues, "xx", body, plural)
    i18n.set_language("xx")
    with caplog.at_level(logging.INFO, logger=i18n.__name__):
        assert _("Pause") == "Pause"
        assert ngettext("{n} day", "{n} days", 2) == "{n} days"
    assert len(caplog.records) == 1
    assert "xx" in caplog.records[0].getMessage()


def test_an_unreadable_file_means_english(catalogues: Path, caplog: pytest.LogCaptureFixture) -> None:
    (catalogues / "xx.po").write_bytes(b"\xff\xfe not utf-8 \x80")
    i18n.set_language("xx")
    with caplog.at_level(logging.INFO, logger=i18n.__name__):
        assert _("Pause") == "Pause"
    assert len(caplog.records) == 1


def test_a_language_without_a_catalogue_is_english_and_says_so_once(
    catalogues: Path, caplog: pytest.LogCaptureFixture
) -> None:
    i18n.set_language("xx")
    with caplog.at_level(logging.INFO, logger=i18n.__name__):
        assert [_("Pause"), _("Pause")] == ["Pause", "Pause"]
    assert len(caplog.records) == 1


def test_nothing_is_read_until_the_first_lookup_and_then_only_once(
    catalogues: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_catalogue(catalogues, "xx", 'msgid "Pause"\nmsgstr "Pausa"\n')
    reads: list[Path] = []
    real = i18n.read_catalogue
    monkeypatch.setattr(i18n, "read_catalogue", lambda path: reads.append(path) or real(path))
    i18n.set_language("xx")
    assert reads == []
    assert [_("Pause"), _("Pause"), _("Other")] == ["Pausa", "Pausa", "Other"]
    assert len(reads) == 1
    i18n.set_language("xx")  # choosing again reads again: a translator's edited file shows
    assert _("Pause") == "Pausa"
    assert len(reads) == 2


def test_the_pseudo_language_brackets_accents_and_lengthens_but_keeps_placeholders() -> None:
    i18n.set_language(i18n.PSEUDO_LANGUAGE)
    shown = _("Hold for {seconds} seconds")
    assert shown.startswith("[") and shown.endswith("]")
    assert "{seconds}" in shown and "Hold" not in shown
    assert len(shown) >= 1.4 * len("Hold for {seconds} seconds")
    assert shown.format(seconds=30).count("30") == 1
    assert "<b>" in _("<b>Bold</b> &amp; {{braces}}") and "&amp;" in _("<b>Bold</b> &amp; {{braces}}")
    assert ngettext("{n} day", "{n} days", 2).format(n=2).startswith("[2 ")


def test_importing_the_translations_reads_no_file_and_no_gettext() -> None:
    code = (
        "import sys; from stretchapp.core import i18n; i18n.set_language('de'); "
        "print('gettext' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_the_message_template_is_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "tools" / "extract_messages.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
