"""Every shipped catalogue is complete and keeps its placeholders, so no person meets half a language.

A catalogue fails when a message of the template is missing or untranslated, marked fuzzy, has a
number of plural forms other than its own ``Plural-Forms`` header says, or drops or invents a
``{placeholder}`` (a dropped one loses a value; an invented one stops the message with an error).
The checks run on whatever ``.po`` files are in ``stretchapp/translations/``, and on small broken
catalogues written here, so they are known to catch each fault.
"""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from stretchapp.core import po
from tests.conftest import REPO

TRANSLATIONS = REPO / "stretchapp" / "translations"
TEMPLATE = TRANSLATIONS / "stretchapp.pot"

# Only the count may be left out of a plural form ("one day" in place of "1 day").
MAY_DROP_IN_PLURALS = frozenset({"n"})


def fields(text: str) -> set[str]:
    """The named fields of a format string ("{n} of {total}" -> {"n", "total"}); never positional."""
    names = set()
    for _literal, name, _spec, _conversion in string.Formatter().parse(text):
        if name is not None:
            names.add(name.split(".", 1)[0].split("[", 1)[0])
    return names


def catalogue_problems(path: Path, template: Path = TEMPLATE) -> list[str]:
    """Everything wrong with the catalogue at ``path`` measured against ``template``, in words."""
    try:
        entries = po.parse_po(path.read_text(encoding="utf-8"), path.name)
        nplurals, _rule = po.plural_rule(po.parse_headers(entries).get("Plural-Forms", ""))
    except (po.CatalogueError, UnicodeDecodeError) as error:
        return [f"{path.name}: cannot be read: {error}"]
    wanted = {
        (e.msgctxt, e.msgid): e
        for e in po.parse_po(template.read_text(encoding="utf-8"), template.name)
        if e.msgid
    }
    have = {(e.msgctxt, e.msgid): e for e in entries if e.msgid and not e.obsolete}
    problems = [f"{path.name}: missing {msgid!r}" for (_ctx, msgid) in wanted.keys() - have.keys()]
    for key, entry in have.items():
        where = f"{path.name}:{entry.line}"
        source = wanted.get(key)
        if source is None:
            continue  # a message the code no longer uses: harmless, tools mark it obsolete
        if "fuzzy" in entry.flags:
            problems.append(f"{where}: {entry.msgid!r} is fuzzy (a guess waiting for a check)")
        forms = [entry.msgstr.get(i, "") for i in range(max(entry.msgstr, default=0) + 1)]
        if source.msgid_plural is not None:
            if len(forms) != nplurals:
                problems.append(f"{where}: {entry.msgid!r} has {len(forms)} plural forms, not {nplurals}")
            expected = fields(source.msgid) | fields(source.msgid_plural)
            droppable = MAY_DROP_IN_PLURALS
        else:
            expected, droppable = fields(source.msgid), frozenset()
        for form in forms:
            if not form:
                problems.append(f"{where}: {entry.msgid!r} is not translated")
                continue
            try:
                found = fields(form)
            except ValueError as error:
                problems.append(f"{where}: {form!r} is not a valid format string: {error}")
                continue
            if found - expected:
                problems.append(f"{where}: {form!r} invents {sorted(found - expected)}")
            if expected - found - droppable:
                problems.append(f"{where}: {form!r} drops {sorted(expected - found - droppable)}")
    return problems


SHIPPED = sorted(TRANSLATIONS.glob("*.po"))


@pytest.mark.parametrize("catalogue", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_every_shipped_catalogue_is_complete_and_keeps_its_placeholders(catalogue: Path) -> None:
    assert catalogue_problems(catalogue) == []


def test_the_template_itself_has_no_positional_or_broken_placeholders() -> None:
    for entry in po.parse_po(TEMPLATE.read_text(encoding="utf-8"), TEMPLATE.name):
        for text in filter(None, (entry.msgid, entry.msgid_plural)):
            for _literal, name, _spec, _conversion in string.Formatter().parse(text):
                assert name is None or (name and not name.isdigit()), f"positional field in {text!r}"


# -- the checks catch each fault ------------------------------------------------------------
TEMPLATE_TEXT = """msgid ""
msgstr ""
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "Pause"
msgstr ""

msgctxt "button"
msgid "Back"
msgstr ""

msgid "{n} day left of {total}"
msgid_plural "{n} days left of {total}"
msgstr[0] ""
msgstr[1] ""

msgid "Hello {name}"
msgstr ""
"""

THREE = "nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);"
GOOD_BODY = """msgid "Pause"
msgstr "Pausa"

msgctxt "button"
msgid "Back"
msgstr "Atrás"

msgid "{n} day left of {total}"
msgid_plural "{n} days left of {total}"
msgstr[0] "un día de {total}"
msgstr[1] "{n} días de {total}"
msgstr[2] "{n} días, de {total}"

msgid "Hello {name}"
msgstr "Hola {name}"
"""


def _write(tmp_path: Path, body: str, plural: str = THREE) -> tuple[Path, Path]:
    template = tmp_path / "t.pot"
    template.write_text(TEMPLATE_TEXT, encoding="utf-8")
    po = tmp_path / "xx.po"
    po.write_text(f'msgid ""\nmsgstr ""\n"Plural-Forms: {plural}\\n"\n\n{body}', encoding="utf-8")
    return po, template


def test_a_complete_catalogue_passes(tmp_path: Path) -> None:
    assert catalogue_problems(*_write(tmp_path, GOOD_BODY)) == []


@pytest.mark.parametrize(
    ("change", "fault"),
    [
        (('msgid "Pause"\nmsgstr "Pausa"\n', ""), "missing 'Pause'"),
        (('msgstr "Pausa"', 'msgstr ""'), "'Pause' is not translated"),
        (('msgid "Pause"', '#, fuzzy\nmsgid "Pause"'), "'Pause' is fuzzy"),
        (('msgctxt "button"\n', ""), "missing 'Back'"),  # the context is part of the key
        (('msgstr[2] "{n} días, de {total}"\n', ""), "has 2 plural forms, not 3"),
        (('"Hola {name}"', '"Hola"'), "drops ['name']"),
        (('"Hola {name}"', '"Hola {nombre}"'), "invents ['nombre']"),
        (('"{n} días de {total}"', '"{n} días"'), "drops ['total']"),
        (('"Hola {name}"', '"Hola {name"'), "not a valid format string"),
    ],
)
def test_each_fault_is_found(tmp_path: Path, change: tuple[str, str], fault: str) -> None:
    old, new = change
    assert old in GOOD_BODY
    problems = catalogue_problems(*_write(tmp_path, GOOD_BODY.replace(old, new, 1)))
    assert any(fault in problem for problem in problems), problems


def test_a_catalogue_that_cannot_be_read_is_a_problem(tmp_path: Path) -> None:
    po, template = _write(tmp_path, 'msgid "Pause"\nmsgstr "Pausa', plural=THREE)
    assert any("cannot be read" in p for p in catalogue_problems(po, template))
