"""A pack dropped on the library, or named when the app starts, is imported; replacing is asked."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

from stretchapp.cli import main as cli
from stretchapp.routines import packs
from stretchapp.routines.library import load_library
from stretchapp.storage import paths
from stretchapp.storage.settings import Settings
from stretchapp.ui import app as gui
from stretchapp.ui.controller import AppController
from stretchapp.ui.session.audio import NullSoundPlayer
from tests.fakes import FakeClock

ROUTINE = "title: Desk tilt\nexercises:\n  - name: Tilt\n    hold: 5\n    steps: [Tilt.]\n"


class Asked:
    """What the app asked and said; kept apart from the controller so no cycle outlives a test."""

    def __init__(self) -> None:
        self.questions: list[str] = []
        self.refusals: list[str] = []
        self.answer = False

    def replace(self, question: str) -> bool:
        self.questions.append(question)
        return self.answer


@pytest.fixture
def asked() -> Asked:
    return Asked()


@pytest.fixture
def app(qtbot, clock: FakeClock, asked: Asked) -> Iterator[AppController]:  # type: ignore[no-untyped-def]
    controller = AppController(
        Settings(sound_enabled=False), load_library(), clock=clock, sound_factory=lambda _s: NullSoundPlayer()
    )
    controller.player.confirm_leave = lambda: True
    controller.confirm_replace = asked.replace
    controller.report_refusal = asked.refusals.append
    qtbot.addWidget(controller.window)
    yield controller
    controller.end_session()


def make_pack(tmp_path: Path, text: str = ROUTINE) -> Path:
    """A pack of routine 'desk' made elsewhere, so the person's folder starts empty."""
    source = tmp_path / "elsewhere" / "desk.yaml"
    source.parent.mkdir(parents=True)
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "desk.stretchpack"
    packs.export_pack(source, out)
    return out


def drop(window: object, files: list[Path]) -> QDropEvent:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)  # type: ignore[attr-defined]
    return event


def test_a_dropped_pack_is_imported_and_selected(app: AppController, asked: Asked, tmp_path: Path) -> None:
    drop(app.window, [make_pack(tmp_path)])
    entry = app.window.library_page.selected_entry()
    assert entry is not None and entry.routine.title == "Desk tilt"
    assert entry.path == paths.user_routines_dir() / "desk.yaml"
    assert asked.refusals == [] and asked.questions == []


def test_only_packs_are_taken_from_a_drop(app: AppController, tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("hello", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(other))])
    enter = QDragEnterEvent(
        app.window.rect().center(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    app.window.dragEnterEvent(enter)
    assert not enter.isAccepted()
    pack = make_pack(tmp_path)
    assert app.window.dropped_packs(drop_mime([other, pack])) == [pack]


def drop_mime(files: list[Path]) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    return mime


def test_replacing_a_routine_is_asked_first(app: AppController, asked: Asked, tmp_path: Path) -> None:
    pack = make_pack(tmp_path)
    mine = paths.user_routines_dir() / "desk.yaml"
    mine.parent.mkdir(parents=True, exist_ok=True)
    mine.write_text(ROUTINE.replace("Desk tilt", "My own"), encoding="utf-8")
    assert app.import_packs([pack]) == []
    assert len(asked.questions) == 1 and "'desk'" in asked.questions[0]
    assert "My own" in mine.read_text(encoding="utf-8")
    asked.answer = True
    assert app.import_packs([pack]) == ["desk"]
    assert mine.read_text(encoding="utf-8") == ROUTINE


def test_a_refused_pack_is_said_in_one_line_and_writes_nothing(
    app: AppController, asked: Asked, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.stretchpack"
    bad.write_bytes(b"not a zip")
    assert app.import_packs([bad]) == []
    assert len(asked.refusals) == 1 and "\n" not in asked.refusals[0]
    assert "bad.stretchpack was not imported" in asked.refusals[0]
    folder = paths.user_routines_dir()
    assert not folder.exists() or list(folder.iterdir()) == []


def test_a_pack_named_on_the_command_line_opens_the_app_to_import_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[argparse.Namespace] = []
    monkeypatch.setattr(cli, "cmd_gui", lambda args: started.append(args) or 0)
    assert cli.main([str(tmp_path / "desk.stretchpack")]) == 0
    assert started[0].open_packs == [tmp_path / "desk.stretchpack"] and not started[0].background
    assert cli.PACK_SUFFIX == packs.PACK_SUFFIX


def test_a_running_app_is_handed_the_packs_among_its_arguments() -> None:
    assert gui.pack_arguments(["--background", "/x/a.stretchpack", "b.STRETCHPACK", "c.zip"]) == [
        Path("/x/a.stretchpack"),
        Path("b.STRETCHPACK"),
    ]
