"""Under the pseudo-language every word the app shows is translated: hard-coded English cannot creep back.

``en_XA`` turns each translated string into "[Ƥàüšé ~~~]". These tests open every window and
dialog under it and fail on any visible text (labels, buttons, menus and their actions,
tooltips, window titles, placeholders, list and table entries) that has words outside
brackets. Allowed outside brackets: numbers and punctuation, the app's name, file names, the
buttons Qt translates itself (its standard dialog buttons), the languages offered under their
own names, and the routine's own text,
which the test routine writes already bracketed.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QMessageBox,
    QTextEdit,
    QTreeWidget,
    QWidget,
)

from stretchapp.core import i18n
from stretchapp.core.i18n import _
from stretchapp.core.model import HoldLength
from stretchapp.routines import packs, pictures
from stretchapp.routines.library import USER, load_library
from stretchapp.storage.settings import Settings
from stretchapp.ui.controller import AppController
from stretchapp.ui.library.cautions import CautionsDialog
from stretchapp.ui.reminders.break_prompt import BreakPrompt
from stretchapp.ui.reminders.tray import FallbackWindow, ReminderActions
from stretchapp.ui.session.audio import NullSoundPlayer
from stretchapp.ui.settings.dialog import SettingsDialog
from tests.fakes import FakeClock
from tests.test_cues_qt import FakePlayer

ROUTINE = """\
format: 1
title: "[Ţéšţ ŕöüţîñé]"
description: "[À ŕöüţîñé ŵŕîţţéñ àļŕéàđý ƀŕàçķéţéđ]"
tags: ["[ñéçķ]"]
contraindications:
  - "[À ŕéçéñţ ñéçķ îñĵüŕý]"
cautions:
  - "[Šţöƥ îƒ îţ ĥüŕţš]"
author: "[Šöɱé Öñé]"
prepare: 3
rest: 2
exercises:
  - name: "[Ñéçķ ţîļţ]"
    sides: both
    reps: 2
    hold: 5
    steps:
      - "[Šîţ ţàļļ]"
    hold_prompt: "[ßŕéàţĥé]"
  - name: "[Šĥŕüĝ]"
    reps: 1
    hold: 4
    steps:
      - "[Ŕàîšé ţĥé šĥöüļđéŕš]"
      - "[Ļéţ ţĥéɱ đŕöƥ]"
"""

_BRACKETED = re.compile(r"\[[^\[\]]*\]")
_FILE_NAME = re.compile(r"[\w.-]+\.(?:yaml|yml|svg|png|json|stretchpack|log)\b", re.IGNORECASE)
_MARKUP = re.compile(r"<[^>]*>|&[a-z]+;|&#\d+;")
_ALLOWED_WORDS = {"stretchapp"}


def untranslated(text: str) -> str | None:
    """The words of ``text`` outside brackets (None when there are none)."""
    rest = _MARKUP.sub(" ", text)
    while True:  # a translated pattern may hold translated values: "[Ñéẋţ: [Ţîţļé ~] ~~]"
        shorter = _BRACKETED.sub(" ", rest)
        if shorter == rest:
            break
        rest = shorter
    rest = _FILE_NAME.sub(" ", rest)
    words = [w for w in re.findall(r"[^\W\d_]{2,}|[A-Za-z]", rest) if w.lower() not in _ALLOWED_WORDS]
    return " ".join(words) or None


def _is_qt_standard_button(button: QAbstractButton) -> bool:
    parent = button.parent()
    while parent is not None:
        if (
            isinstance(parent, QDialogButtonBox)
            and parent.standardButton(button) != QDialogButtonBox.StandardButton.NoButton
        ):
            return True
        if (
            isinstance(parent, QMessageBox)
            and parent.standardButton(button) != QMessageBox.StandardButton.NoButton
        ):
            return True
        parent = parent.parent()
    return False


def visible_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every text a person can see or hear from ``root`` and its children."""
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if isinstance(widget, QAbstractButton) and _is_qt_standard_button(widget):
            continue  # Qt's own words, translated by Qt's catalogue (qtbase_<lang>.qm)
        name = f"{type(widget).__name__} {widget.objectName()!r}"
        if widget.isWindow():
            yield f"{name} title", widget.windowTitle()
        yield f"{name} tooltip", widget.toolTip()
        yield f"{name} accessible name", widget.accessibleName()
        yield f"{name} accessible description", widget.accessibleDescription()
        if isinstance(widget, (QLabel, QAbstractButton)):
            yield f"{name} text", widget.text()
        elif isinstance(widget, QLineEdit):
            yield f"{name} placeholder", widget.placeholderText()
        elif isinstance(widget, QGroupBox):
            yield f"{name} title", widget.title()
        elif isinstance(widget, QComboBox):
            for i in range(widget.count()):
                if widget.objectName() == "language" and widget.itemData(i):
                    continue  # a language under its own name ("Deutsch", "English") is never translated
                yield f"{name} item {i}", widget.itemText(i)
        elif isinstance(widget, QAbstractSpinBox):
            yield f"{name} text", widget.text()
        elif isinstance(widget, QTextEdit):
            yield f"{name} text", widget.toPlainText()
        elif isinstance(widget, QListWidget):
            for i in range(widget.count()):
                yield f"{name} item {i}", widget.item(i).text()
        elif isinstance(widget, QTreeWidget):
            header = widget.headerItem()
            for column in range(header.columnCount()):
                yield f"{name} header {column}", header.text(column)
        elif isinstance(widget, QMenu):
            yield f"{name} title", widget.title()
        for action in widget.actions():
            yield f"{name} action", action.text()
            yield f"{name} action tooltip", action.toolTip()
            menu = action.menu()
            if isinstance(menu, QMenu):
                yield from visible_texts(menu)


def assert_translated(root: QWidget, what: str) -> None:
    found = [(where, text) for where, text in visible_texts(root) if text and untranslated(text)]
    assert not found, f"untranslated text in {what}:\n" + "\n".join(f"  {w}: {t!r}" for w, t in found)


@pytest.fixture
def pseudo() -> Iterator[None]:
    i18n.set_language(i18n.PSEUDO_LANGUAGE)
    yield
    i18n.set_language(i18n.SOURCE_LANGUAGE)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "pseudo.yaml").write_text(ROUTINE, encoding="utf-8")
    return folder


@pytest.fixture
def app(qtbot, pseudo: None, folder: Path, clock: FakeClock) -> Iterator[AppController]:  # type: ignore[no-untyped-def]
    library = load_library([(USER, folder)])
    assert not library.broken, library.broken
    controller = AppController(Settings(), library, clock=clock, sound_factory=lambda _s: NullSoundPlayer())
    controller.confirm_cautions = lambda routine, parent: True
    controller.player.confirm_leave = lambda: True
    qtbot.addWidget(controller.window)
    controller.window.resize(1280, 720)
    controller.window.show()
    yield controller
    controller.end_session()


def test_the_checker_finds_plain_english_and_allows_what_it_should() -> None:
    assert untranslated("Pause") == "Pause"
    assert untranslated("[Ƥàüšé ~~] and more") == "and more"
    assert untranslated("[Ñéẋţ: [Ţîţļé ~] ~~]") is None
    assert untranslated("12:30 · 3/4 · pseudo.yaml — stretchapp") is None
    assert untranslated("<b>[Ƀöļđ ~]</b>") is None


def test_the_library_window_and_its_menus(app: AppController) -> None:
    view = app.window.library_page.list_view
    view.setCurrentIndex(view.model().index(0, 0))
    assert_translated(app.window, "the library window")


def test_the_player_in_every_phase_and_its_end_screen(app: AppController, clock: FakeClock) -> None:
    routine = app.library.entries[0].routine
    app.start_routine(routine, gate=False)
    driver = app.driver
    assert driver is not None
    kinds_seen = set()
    for index, phase in enumerate(driver.session.timeline.phases):
        while driver.session.index < index:
            clock.advance(driver.session.remaining())
            driver.tick()
        kinds_seen.add(phase.kind)
        assert_translated(app.window, f"the player, phase {index + 1} ({phase.kind.value})")
    assert len(kinds_seen) == 3
    driver.pause()
    assert_translated(app.window, "the paused player")
    driver.resume()
    clock.advance(driver.session.routine_remaining() + 0.01)
    driver.tick()
    assert_translated(app.window, "the end screen")


def test_the_keys_help_of_the_player(app: AppController) -> None:
    app.start_routine(app.library.entries[0].routine, gate=False)
    app.player.show_keys()
    assert app.player.keys_dialog is not None
    assert_translated(app.player.keys_dialog, "the player's keys")


def test_the_editor(app: AppController, folder: Path) -> None:
    editor = app.open_editor(folder / "pseudo.yaml")
    assert_translated(editor, "the editor")


def test_the_history_view(app: AppController) -> None:
    app.show_history()
    assert app.history_view is not None
    assert_translated(app.history_view, "the history view")


def test_the_settings_dialog(qtbot, pseudo: None) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(
        Settings(),
        routines=[("pseudo", "[Ţéšţ ŕöüţîñé]")],
        voice_engines=lambda: [],
        sound_factory=FakePlayer,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert_translated(dialog, "the settings dialog")


def test_the_cautions_before_a_first_start(qtbot, app: AppController) -> None:  # type: ignore[no-untyped-def]
    dialog = CautionsDialog(app.library.entries[0].routine)
    qtbot.addWidget(dialog)
    assert_translated(dialog, "the cautions dialog")


def test_the_break_prompt_and_the_reminders(qtbot, pseudo: None) -> None:  # type: ignore[no-untyped-def]
    prompt = BreakPrompt()
    qtbot.addWidget(prompt)
    prompt.present(
        routine_title="[Ţéšţ]", routine_seconds=90, worked_seconds=2700, snooze_minutes=5, reminder=1
    )
    assert_translated(prompt, "the break prompt")
    actions = ReminderActions([("pseudo", "[Ţéšţ]")], lambda precise: _("Next break in {duration}"))
    try:
        actions.refresh()
        window = FallbackWindow(actions)
        qtbot.addWidget(window)
        assert_translated(window, "the reminders window")
        assert_translated(actions.menu, "the tray menu")
    finally:
        actions.dispose()
        actions.deleteLater()


def test_the_message_boxes_the_app_shows(app: AppController, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[tuple[str, str]] = []

    def capture(*args: object, **_kwargs: object) -> QMessageBox.StandardButton:
        texts = [a for a in args if isinstance(a, str)]
        shown.append((texts[0], texts[1] if len(texts) > 1 else ""))
        return QMessageBox.StandardButton.No

    for name in ("question", "warning", "about", "information"):
        monkeypatch.setattr(QMessageBox, name, capture)
    entry = app.library.entries[0]
    app._confirm_delete(entry.path, True)
    app._confirm_delete(entry.path, False)
    app._confirm_replace(_("Your routines already have {what}.").format(what="x"))
    app.window.show_about()
    app.start_routine(entry.routine, gate=False)
    app.player._ask_leave()
    app.player._ask_restart()
    editor = app.open_editor(entry.path)
    editor._ask_reload()
    editor._confirm_invalid_save(2)
    editor._ask_unsaved()
    assert len(shown) >= 8
    bad = [(title, text) for title, text in shown if untranslated(title) or untranslated(text)]
    assert not bad, bad


def test_the_keyboard_help_and_the_library_problems(app: AppController, qtbot) -> None:  # type: ignore[no-untyped-def]
    app.window.show_keys()
    boxes = [w for w in app.window.findChildren(QMessageBox) if w.isVisible()]
    assert boxes
    for box in boxes:
        assert_translated(box, "the keyboard keys")


@pytest.mark.parametrize("hold", list(HoldLength))
def test_the_routine_details_for_every_hold_length(app: AppController, hold: HoldLength) -> None:
    from stretchapp.ui.library.details import details_html

    text = details_html(app.library.entries[0], hold)
    assert untranslated(text) is None, untranslated(text)


def test_spoken_cues_are_translated(app: AppController) -> None:
    from stretchapp.core.cues import CuePlan
    from stretchapp.core.timeline import build_timeline

    plan = CuePlan(build_timeline(app.library.entries[0].routine))
    spoken = [event.text for event in plan.events() if event.text]
    assert spoken
    assert [text for text in spoken if untranslated(text)] == []


SCRIPTED_DRAWING = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
PICTURED_ROUTINE = """\
format: 1
title: "[Ƥîçţüŕéđ]"
exercises:
  - name: "[Ţîļţ]"
    hold: 5
    image: scripted.svg
    steps: ["[Ţîļţ]"]
"""


def _pack_of(members: dict[str, bytes]) -> bytes:
    """A pack written by hand (export would refuse what these tests need it to hold)."""
    listed = [
        {"name": n, "size": len(b), "sha256": hashlib.sha256(b).hexdigest()} for n, b in members.items()
    ]
    manifest = {"pack_format": 1, "app_version": "0", "routine": "pictured", "files": listed}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in {"manifest.json": json.dumps(manifest).encode(), **members}.items():
            info = zipfile.ZipInfo(name)
            info.create_system = 3
            info.external_attr = (stat.S_IFREG | 0o644) << 16  # a plain file, as a pack must hold
            archive.writestr(info, body, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def test_refused_packs_are_said_in_the_chosen_language(app: AppController, tmp_path: Path) -> None:
    said: list[str] = []
    app.report_refusal = said.append
    not_a_zip = tmp_path / "broken.stretchpack"
    not_a_zip.write_bytes(b"not a zip")
    unsafe = tmp_path / "unsafe.stretchpack"
    unsafe.write_bytes(_pack_of({"pictured.yaml": PICTURED_ROUTINE.encode(), "../scripted.svg": b"<svg/>"}))
    bad_picture = tmp_path / "scripted.stretchpack"
    bad_picture.write_bytes(
        _pack_of({"pictured.yaml": PICTURED_ROUTINE.encode(), "scripted.svg": SCRIPTED_DRAWING})
    )
    files = [not_a_zip, unsafe, bad_picture]
    assert app.import_packs(files) == []
    assert len(said) == 3
    assert [(line, untranslated(line)) for line in said if untranslated(line)] == []
    # The line brackets the reason it quotes as a whole, so the reasons are looked at alone too.
    reasons = []
    for file in files:
        with pytest.raises(packs.PackError) as refused:
            packs.load_pack(file)
        reasons.append(str(refused.value))
    assert "script" in reasons[2]  # the picture's own refusal, inside the pack's
    assert [(reason, untranslated(reason)) for reason in reasons if untranslated(reason)] == []


def test_a_refused_picture_in_the_editors_problem_list(app: AppController, folder: Path) -> None:
    i18n.set_language(i18n.SOURCE_LANGUAGE)
    verdict = pictures.check_bytes(SCRIPTED_DRAWING, pictures.SVG)  # cached before the language was chosen
    i18n.set_language(i18n.PSEUDO_LANGUAGE)
    assert verdict.refusal is not None
    assert untranslated(verdict.refusal.reason) is None and untranslated(verdict.refusal.hint) is None
    (folder / "scripted.svg").write_bytes(SCRIPTED_DRAWING)
    routine = folder / "pictured.yaml"
    routine.write_text(PICTURED_ROUTINE, encoding="utf-8")
    editor = app.open_editor(routine)
    assert editor.problem_list.count() == 1
    assert "scripted.svg" in editor.problem_list.item(0).text()
    assert_translated(editor, "the editor with a refused picture")
