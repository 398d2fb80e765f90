"""Right to left, the player mirrors its layout, never the body: a drawing's side comes from the exercise.

The player places its texts and buttons itself, so these tests look at where they are; the
drawing is compared pixel by pixel with the same phase left to right.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from stretchapp.core import i18n
from stretchapp.core.model import PhaseKind, Side
from stretchapp.routines.library import load_library
from stretchapp.storage.settings import Settings
from stretchapp.ui.common import language
from stretchapp.ui.controller import AppController
from stretchapp.ui.session.audio import NullSoundPlayer
from tests.fakes import FakeClock


@pytest.fixture
def run_in(qtbot, qapp: QApplication, clock: FakeClock) -> Iterator:  # type: ignore[no-untyped-def, type-arg]
    """run_in(tag, side): the player at 1280x720 in a hold of the side-drawn exercise, in ``tag``."""
    made: list[AppController] = []

    def make(tag: str, side: Side) -> AppController:
        i18n.set_language(tag)
        language.apply(qapp)
        controller = AppController(
            Settings(), load_library(), clock=clock, sound_factory=lambda _s: NullSoundPlayer()
        )
        controller.confirm_cautions = lambda routine, parent: True
        qtbot.addWidget(controller.window)
        controller.window.resize(1280, 720)
        controller.window.show()
        made.append(controller)
        controller.start_routine(controller.library.resolve("neck-relief"), gate=False)
        driver = controller.driver
        assert driver is not None
        session = driver.session
        target = next(
            i
            for i, p in enumerate(session.timeline.phases)
            if p.kind is PhaseKind.HOLD and p.side is side and p.image is not None
        )
        while session.index < target:
            clock.advance(session.remaining())
            driver.tick()
        for _ in range(3):
            QApplication.processEvents()
        return controller

    yield make
    for controller in made:
        controller.end_session()
        controller.window.close()
    i18n.set_language(i18n.SOURCE_LANGUAGE)
    language.apply(qapp)


def _drawing(controller: AppController) -> QImage:
    image = controller.player.image
    assert image.isVisible() and image.has_image()
    image.resize(300, 300)  # the same size in both languages (their texts leave it different room)
    return image.grab().toImage()


@pytest.mark.parametrize("side", [Side.RIGHT, Side.LEFT])
def test_a_hold_under_hebrew_shows_the_drawing_as_english_does(run_in, side: Side) -> None:  # type: ignore[no-untyped-def]
    english = run_in("en", side)
    drawn_en = _drawing(english)
    mirrored_en = english.player.image.mirrored
    english.end_session()
    hebrew = run_in("he", side)
    assert hebrew.player.layoutDirection() is Qt.LayoutDirection.RightToLeft
    assert hebrew.player.image.mirrored == mirrored_en == (side is Side.LEFT)
    drawn_he = _drawing(hebrew)
    assert drawn_he.size() == drawn_en.size()
    assert drawn_he == drawn_en  # the same body, the same way round: the layout never flips it


def test_the_buttons_header_and_texts_are_mirrored(run_in) -> None:  # type: ignore[no-untyped-def]
    def places(controller: AppController) -> dict[str, int]:
        player = controller.player
        found = {
            name: getattr(player, f"{name}_button").geometry().center().x()
            for name in ("back", "pause", "skip", "leave")
        }
        for name, widget in (
            ("title", player.title_label),
            ("progress", player.overall_label),
            ("ring", player.ring),
            ("drawing", player.image),
            ("next", player.next_label),
        ):
            found[name] = widget.geometry().center().x()
        return found

    english = run_in("en", Side.RIGHT)
    width = english.player.width()
    ltr = places(english)
    assert english.player.next_label.alignment() & Qt.AlignmentFlag.AlignLeft
    english.end_session()
    hebrew = run_in("he", Side.RIGHT)
    rtl = places(hebrew)
    assert ltr["back"] < ltr["pause"] < ltr["skip"] < ltr["leave"]
    assert rtl["back"] > rtl["pause"] > rtl["skip"] > rtl["leave"]  # read from the right
    assert ltr["title"] < ltr["progress"] and rtl["title"] > rtl["progress"]
    assert ltr["drawing"] < ltr["ring"] and rtl["drawing"] > rtl["ring"]  # the drawing first, on the right
    assert rtl["drawing"] > width // 2 > rtl["progress"]
    assert hebrew.player.next_label.alignment() & Qt.AlignmentFlag.AlignRight


def test_the_routine_s_progress_grows_from_the_right(run_in) -> None:  # type: ignore[no-untyped-def]
    hebrew = run_in("he", Side.RIGHT)
    line = hebrew.player.progress
    picture = line.grab().toImage()
    width = picture.width()
    right, left = (
        picture.pixelColor(width - 2, picture.height() // 2),
        picture.pixelColor(1, picture.height() // 2),
    )
    highlight = line.palette().color(line.palette().ColorRole.Highlight)
    assert line.value() > 0
    assert right == highlight and left != highlight
