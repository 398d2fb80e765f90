"""Choosing the language: the setting, --lang on the command line, Qt following it, Restart now.

The app's catalogues are written in parallel, so the tests that need one write a small
catalogue of their own (``STRETCHAPP_TRANSLATIONS``); the command-line tests read the bundled
routines' own translations, which are shipped.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication

from stretchapp.cli import main as cli
from stretchapp.core import i18n
from stretchapp.core.model import Exercise, HoldRange, Routine
from stretchapp.routines.library import load_library
from stretchapp.storage import settings as settings_file
from stretchapp.storage.settings import Settings, SettingsStore
from stretchapp.ui.app import RESTART
from stretchapp.ui.common import language
from stretchapp.ui.controller import AppController
from stretchapp.ui.session.audio import NullSoundPlayer
from stretchapp.ui.settings.dialog import SettingsDialog
from tests.fakes import FakeClock

HEADER = """\
msgid ""
msgstr ""
"Language: {tag}\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"""


@pytest.fixture
def catalogues(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A catalogue folder with German and Hebrew (headers only): the languages 'shipped' here."""
    folder = tmp_path / "translations"
    folder.mkdir()
    for tag in ("de", "he"):
        (folder / f"{tag}.po").write_text(HEADER.format(tag=tag), encoding="utf-8")
    monkeypatch.setenv(i18n.CATALOGUE_DIR_VARIABLE, str(folder))
    return folder


@pytest.fixture
def qt_language(qapp: QApplication) -> Iterator[QApplication]:
    """Puts Qt back in English, left to right, after a test that changed its language."""
    yield qapp
    i18n.set_language(i18n.SOURCE_LANGUAGE)
    language.apply(qapp)


# -- the setting ---------------------------------------------------------------------------
def test_the_language_is_kept_and_a_value_that_is_no_language_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    assert Settings().language == ""  # the system's
    settings_file.save(Settings(language="de"), path)
    assert settings_file.load(path).settings.language == "de"
    path.write_text(json.dumps({"language": "../../somewhere", "volume": 0.5}), encoding="utf-8")
    loaded = settings_file.load(path)
    assert loaded.settings.language == "" and loaded.settings.volume == 0.5
    assert "language" in loaded.ignored
    with pytest.raises(ValueError):
        Settings().replace(language="de/../../x")


def test_the_app_takes_lang_first_then_the_setting_then_the_system(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert language.choose(None, "") == "fr_FR"
    assert language.choose(None, "de") == "de"
    assert language.choose("he", "de") == "he"
    assert i18n.language() == "he"


def test_qt_follows_the_language_its_locale_and_its_direction(qt_language: QApplication) -> None:
    i18n.set_language("he")
    language.apply(qt_language)
    assert qt_language.layoutDirection() is Qt.LayoutDirection.RightToLeft
    assert QLocale().language() is QLocale.Language.Hebrew
    i18n.set_language("de")
    language.apply(qt_language)
    assert qt_language.layoutDirection() is Qt.LayoutDirection.LeftToRight
    assert QLocale().language() is QLocale.Language.German
    assert QLocale().dayName(1) != QLocale(QLocale.Language.English).dayName(1)


# -- the command line ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "argv",
    [
        ["--lang", "de", "plan", "neck-relief"],
        ["plan", "--lang", "de", "neck-relief"],
        ["plan", "neck-relief", "--lang=de"],
    ],
)
def test_lang_works_before_or_after_the_command(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    english = load_library().resolve("neck-relief").title
    assert cli.main(argv) == cli.EXIT_OK
    first = capsys.readouterr().out.splitlines()[0]
    assert english not in first  # the bundled routine's German title, not its English one


def test_the_command_line_follows_lang_unless_told(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    english = load_library().resolve("neck-relief").title
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert cli.main(["plan", "neck-relief"]) == cli.EXIT_OK
    assert english not in capsys.readouterr().out.splitlines()[0]
    assert cli.main(["plan", "neck-relief", "--lang", "en"]) == cli.EXIT_OK
    assert capsys.readouterr().out.splitlines()[0].startswith(english)


@pytest.mark.parametrize("argv", [["--lang"], ["list", "--lang", "no such!"], ["--lang=", "list"]])
def test_a_lang_that_is_no_language_is_a_usage_error(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(argv) == cli.EXIT_USAGE
    error = capsys.readouterr().err
    assert "--lang" in error and "Traceback" not in error


def test_a_language_without_words_is_said_once_and_english_is_used(
    catalogues: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["list", "--lang", "sv"]) == cli.EXIT_OK
    assert capsys.readouterr().err.count("'sv'") == 1
    assert cli.main(["list", "--lang", "de_AT"]) == cli.EXIT_OK  # German has a catalogue
    assert "de_AT" not in capsys.readouterr().err


def test_a_restart_starts_the_app_afresh_without_the_old_lang(monkeypatch: pytest.MonkeyPatch) -> None:
    import stretchapp.ui.app as app_module

    given: list[str | None] = []

    def fake_gui(*, background: bool, open_packs: object, lang: str | None) -> int:
        given.append(lang)
        return RESTART

    started: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(app_module, "run_gui", fake_gui)
    monkeypatch.setattr("os.execv", lambda *args: started.append(args))
    cli.main(["--lang", "he"])
    assert given == ["he"]
    assert started and started[0][0] == sys.executable
    assert started[0][1] == [sys.executable, "-m", "stretchapp"]  # the setting decides the language now


# -- the Settings dialog -------------------------------------------------------------------
def test_the_dialog_lists_the_shipped_languages_by_their_own_names(qtbot, catalogues: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(Settings(), voice_engines=lambda: [])
    qtbot.addWidget(dialog)
    items = {dialog.language.itemData(i): dialog.language.itemText(i) for i in range(dialog.language.count())}
    assert items.pop("") != ""  # "System default", first
    assert dialog.language.itemData(0) == ""
    assert items == {"de": "Deutsch", "en": "English", "he": "עברית"}


def test_a_chosen_language_is_saved_and_said_to_come_after_a_restart(
    qtbot, catalogues: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    store = SettingsStore(path=tmp_path / "settings.json")
    dialog = SettingsDialog(store.current, store=store, voice_engines=lambda: [])
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.language_note.isVisible()  # English chosen by the system, English running
    dialog.language.setCurrentIndex(dialog.language.findData("de"))
    assert dialog.language_note.isVisible()
    assert not dialog.restart_button.isVisible()  # this dialog was not given a way to restart
    dialog.accept()
    assert store.current.language == "de"
    assert settings_file.load(tmp_path / "settings.json").settings.language == "de"
    assert i18n.language() == "en"  # this run goes on in English


def test_restart_now_saves_and_asks_the_app_to_start_again(qtbot, catalogues: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = SettingsStore(path=tmp_path / "settings.json")
    dialog = SettingsDialog(store.current, store=store, voice_engines=lambda: [], can_restart=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.restart_button.isVisible()
    dialog.language.setCurrentIndex(dialog.language.findData("he"))
    assert dialog.restart_button.isVisible()
    with qtbot.waitSignal(dialog.restartRequested, timeout=1000):
        dialog.restart_button.click()
    assert store.current.language == "he" and not dialog.isVisible()


def test_a_language_no_longer_shipped_stays_chosen(qtbot, catalogues: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(Settings(language="pt_BR"), voice_engines=lambda: [])
    qtbot.addWidget(dialog)
    assert dialog.language.currentData() == "pt_BR" and dialog.language.currentText()
    assert dialog.values().language == "pt_BR"


# -- restarting the app --------------------------------------------------------------------
ROUTINE = Routine(
    id="r",
    title="R",
    exercises=(Exercise(name="Tilt", steps=("Sit tall.",), hold=HoldRange(5, 5)),),
    prepare=2,
    rest=2,
)


@pytest.fixture
def controller(qtbot, clock: FakeClock) -> Iterator[AppController]:  # type: ignore[no-untyped-def]
    made = AppController(Settings(), load_library(), clock=clock, sound_factory=lambda _s: NullSoundPlayer())
    made.confirm_cautions = lambda routine, parent: True
    qtbot.addWidget(made.window)
    yield made
    made.end_session()


def test_restart_asks_first_while_a_routine_runs(controller: AppController) -> None:
    restarts: list[bool] = []
    asked: list[bool] = []
    controller.restart_app = lambda: restarts.append(True)
    controller.start_routine(ROUTINE, gate=False)
    controller.confirm_restart = lambda: asked.append(True) or False
    controller.restart()
    assert asked and not restarts and controller.driver is not None  # the routine goes on
    controller.confirm_restart = lambda: True
    controller.restart()
    assert restarts == [True] and controller.driver is None


def test_restart_without_a_routine_asks_nothing(controller: AppController) -> None:
    restarts: list[bool] = []
    controller.restart_app = lambda: restarts.append(True)
    controller.confirm_restart = lambda: pytest.fail("nothing to lose, nothing to ask")  # type: ignore[assignment]
    controller.restart()
    assert restarts == [True]
