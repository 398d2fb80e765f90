"""The player, the picture picker and 'snapshot' draw only checked pictures, at a bounded size."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage

from stretchapp import resources
from stretchapp.core.model import PhaseKind
from stretchapp.routines import pictures
from stretchapp.routines.library import load_library
from stretchapp.routines.loader import load_routine
from stretchapp.storage.settings import Settings
from stretchapp.ui.app import AppController
from stretchapp.ui.common import drawing
from stretchapp.ui.player.exercise_image import ExerciseImage
from tests import hostile_pictures as hostile
from tests.fakes import FakeClock
from tests.test_pictures import finishes

ROUTINE = """\
title: Drawn
exercises:
  - name: Tilt
    image: tilt.svg
    hold: 15
    steps:
      - Tip your head to one side.
"""


@pytest.fixture(autouse=True)
def fresh_caches() -> None:
    pictures.clear_caches()


def blank(widget: ExerciseImage) -> QImage:
    """What the widget looks like with no picture."""
    path, mirrored = widget.path, widget.mirrored
    widget.set_image(None)
    image = widget.grab().toImage()
    widget.set_image(path, mirrored=mirrored)
    return image


def drawn(widget: ExerciseImage) -> bool:
    """Whether painting the widget (which must return) puts anything on it."""
    return widget.grab().toImage() != blank(widget)


@pytest.fixture
def shown(qtbot) -> ExerciseImage:  # type: ignore[no-untyped-def]
    widget = ExerciseImage()
    qtbot.addWidget(widget)
    widget.resize(300, 300)
    widget.show()
    return widget


def test_a_bundled_drawing_is_shown(shown: ExerciseImage) -> None:
    shown.set_image(resources.images_dir() / "neck-tilt.svg")
    assert shown.has_image()
    assert drawn(shown)


def test_a_png_is_shown_mirrored_on_the_left(tmp_path: Path, shown: ExerciseImage) -> None:
    picture = tmp_path / "half.png"
    picture.write_bytes(hostile.png(40, 40))
    shown.set_image(picture, mirrored=True)
    assert shown.has_image() and shown.mirrored
    assert drawn(shown)


@pytest.mark.parametrize(
    "content",
    [hostile.use_bomb(levels=8), hostile.image_svg("/etc/passwd"), hostile.png_header(100_000, 100_000)],
    ids=["use-bomb", "outside-reference", "enormous-png"],
)
def test_a_refused_picture_is_not_drawn_and_painting_returns(
    tmp_path: Path, shown: ExerciseImage, content: bytes
) -> None:
    picture = tmp_path / ("bad.png" if content.startswith(b"\x89PNG") else "bad.svg")
    picture.write_bytes(content)
    shown.set_image(picture)
    assert not shown.has_image()
    assert not drawn(shown)  # painting happened, and returned, with nothing drawn


def test_an_outside_file_named_by_a_drawing_is_never_shown(tmp_path: Path, shown: ExerciseImage) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(hostile.png(40, 40))
    folder = tmp_path / "routine"
    folder.mkdir()
    for href in (str(secret), "../secret.png", secret.as_uri()):
        drawing_file = folder / "peek.svg"
        drawing_file.write_bytes(hostile.image_svg(href))
        shown.set_image(None)
        shown.set_image(drawing_file)
        assert not drawn(shown), href


def test_a_picture_changed_after_the_routine_loaded_is_checked_again(
    qtbot, tmp_path: Path, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    from stretchapp.ui.session.audio import NullSoundPlayer

    (tmp_path / "tilt.svg").write_bytes(hostile.svg('<rect width="100" height="100"/>'))
    (tmp_path / "drawn.yaml").write_text(ROUTINE, encoding="utf-8")
    routine = load_routine(tmp_path / "drawn.yaml")
    (tmp_path / "tilt.svg").write_bytes(hostile.use_bomb(levels=8))  # swapped in after the check

    controller = AppController(
        Settings(), load_library(), clock=clock, sound_factory=lambda _settings: NullSoundPlayer()
    )
    qtbot.addWidget(controller.window)
    controller.window.resize(900, 600)
    controller.window.show()
    assert controller.start_routine(routine, gate=False)
    driver = controller.driver
    assert driver is not None and driver.session.phase is not None
    assert driver.session.phase.kind is not PhaseKind.REST
    player = controller.player
    assert player.image.path == (tmp_path / "tilt.svg").resolve()
    assert not player.image.has_image()
    controller.window.grab()  # a full repaint of the player returns
    clock.advance(driver.session.remaining())
    driver.tick()
    assert driver.session.index == 1  # the session goes on
    controller.end_session()


def test_drawing_is_bounded_however_large_the_target() -> None:
    checked = pictures.read_checked(resources.images_dir() / "chin-tuck.svg")
    picture = drawing.open_picture(checked)
    assert picture is not None
    output = picture.render(QSize(40_000, 20_000))
    assert output.width() <= drawing.MAX_RENDER_SIDE and output.height() <= drawing.MAX_RENDER_SIDE
    assert output.width() == 2 * output.height()  # the shape is kept


def test_a_large_png_is_decoded_straight_to_the_bounded_size(tmp_path: Path) -> None:
    large = tmp_path / "large.png"
    large.write_bytes(hostile.png(4000, 1000))
    picture, refusal = drawing.load(large)
    assert refusal is None and picture is not None
    assert picture.natural_size == QSize(drawing.MAX_RENDER_SIDE, drawing.MAX_RENDER_SIDE // 4)


# -- the picture picker ------------------------------------------------------------------------
@pytest.fixture
def hostile_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "a-good.svg").write_bytes(hostile.svg('<circle cx="50" cy="50" r="40"/>'))
    (folder / "bomb.svg").write_bytes(hostile.use_bomb(levels=8))
    (folder / "passwd.svg").write_bytes(hostile.image_svg("/etc/passwd"))
    (folder / "claim.png").write_bytes(hostile.png_header(100_000, 100_000))
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "x.svg")
    yield folder


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_in_the_picker_gets_a_marked_tile_without_blocking(hostile_folder: Path) -> None:
    from stretchapp.ui.editor.image_picker import thumbnail

    fifo = hostile_folder / "x.svg"
    pixmap, refusal = finishes(lambda: thumbnail(fifo), fifo)  # type: ignore[misc]
    assert refusal is not None and not pixmap.isNull()


def test_the_picker_marks_refused_pictures_and_never_chooses_one(qtbot, hostile_folder: Path) -> None:  # type: ignore[no-untyped-def]
    from stretchapp.ui.editor.image_picker import NAME_ROLE, USABLE_ROLE, ImagePicker

    picker = ImagePicker(hostile_folder)
    qtbot.addWidget(picker)
    items = {picker.list.item(i).data(NAME_ROLE): picker.list.item(i) for i in range(picker.list.count())}
    refused = ["bomb.svg", "passwd.svg", "claim.png"] + (["x.svg"] if hasattr(os, "mkfifo") else [])
    for name in refused:
        item = items[name]
        assert not item.data(USABLE_ROLE)
        assert name in item.text() and item.text() != name  # the tile's text says it is not usable
        reason = pictures.check_file(hostile_folder / name).refusal
        assert reason is not None and reason.reason in item.toolTip()
        assert not item.flags() & Qt.ItemFlag.ItemIsSelectable
        assert not item.icon().isNull()
        picker.list.setCurrentItem(item)
        assert picker.chosen() is None
    good = items["a-good.svg"]
    assert good.data(USABLE_ROLE) and good.text() == "a-good.svg"
    assert items["neck-tilt.svg"].data(USABLE_ROLE)
    picker.list.setCurrentItem(good)
    assert picker.chosen() == "a-good.svg"


# -- snapshot ----------------------------------------------------------------------------------
def test_snapshot_of_a_routine_with_the_bomb_ends_with_the_located_problem(tmp_path: Path) -> None:
    (tmp_path / "tilt.svg").write_bytes(hostile.use_bomb(levels=8))
    (tmp_path / "drawn.yaml").write_text(ROUTINE, encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = ["--phase", "2", "--out", str(tmp_path / "out.png")]
    try:
        result = subprocess.run(
            [sys.executable, "-m", "stretchapp", "snapshot", str(tmp_path / "drawn.yaml"), *out],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,  # the old code ran past two minutes: a guard, not a measure
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("snapshot did not finish")
    assert result.returncode == 1
    assert "drawn.yaml:4:12: picture 'tilt.svg' cannot be used" in result.stderr
    assert not (tmp_path / "out.png").exists()
