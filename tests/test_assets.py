"""The bundled drawings and icons: valid SVG that QtSvg draws, with nothing it would drop or fetch."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from stretchapp import resources

SVG_NS = "{http://www.w3.org/2000/svg}"
# Plain shapes only: QtSvg renders SVG Tiny 1.2 and silently drops filters, masks, markers, text
# styling and CSS, which would leave holes in a drawing without any error.
ALLOWED_ELEMENTS = {"svg", "g", "path", "circle", "ellipse", "rect", "line", "polyline", "polygon"}
MAX_BYTES = 8 * 1024
ILLUSTRATIONS = {
    "simple-neck-stretch.svg",
    "scalene-stretch.svg",
    "chin-tuck.svg",
    "neck-tilt.svg",
    "shoulder-roll.svg",
}
ALL_SVGS = sorted(resources.assets_dir().rglob("*.svg"))
IMAGES = sorted(resources.images_dir().glob("*.svg"))
ICONS = [resources.app_icon(), resources.tray_icon()]


def _id(path: Path) -> str:
    return path.relative_to(resources.assets_dir()).as_posix()


def _render(path: Path, size: int) -> QImage:
    renderer = QSvgRenderer(str(path))
    image = QImage(QSize(size, size), QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def _covered_fraction(image: QImage) -> float:
    """The share of pixels that are not fully transparent."""
    alpha = image.convertToFormat(QImage.Format.Format_Alpha8)
    data = bytes(alpha.constBits())
    width, height, stride = alpha.width(), alpha.height(), alpha.bytesPerLine()
    covered = sum(width - data[row * stride : row * stride + width].count(0) for row in range(height))
    return covered / (width * height)


def test_every_expected_drawing_and_icon_is_there() -> None:
    assert {path.name for path in IMAGES} >= ILLUSTRATIONS
    for icon in ICONS:
        assert icon in ALL_SVGS


def test_every_drawing_a_bundled_routine_names_exists() -> None:
    named: set[str] = set()
    for routine_file in sorted(
        p for p in resources.bundled_routines_dir().glob("*.yaml") if "." not in p.stem
    ):
        data = yaml.safe_load(routine_file.read_text(encoding="utf-8"))
        for exercise in data.get("exercises", []):
            for key in ("image", "image_left"):
                if exercise.get(key):
                    named.add(exercise[key])
    assert named, "the bundled routines should name at least one drawing"
    missing = sorted(name for name in named if not (resources.images_dir() / name).is_file())
    assert missing == []


@pytest.mark.parametrize("path", ALL_SVGS, ids=_id)
def test_svg_is_small_well_formed_and_self_contained(path: Path) -> None:
    assert path.stat().st_size < MAX_BYTES
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG_NS}svg"
    for element in root.iter():
        assert element.tag.startswith(SVG_NS), f"{element.tag} is outside the SVG namespace"
        name = element.tag.removeprefix(SVG_NS)
        assert name in ALLOWED_ELEMENTS, f"<{name}> is not drawn reliably by QtSvg"
        for attribute, value in element.attrib.items():
            assert not attribute.endswith("href"), f"<{name}> links to {value!r}"
            assert attribute != "style", f"<{name}> uses CSS; use presentation attributes"
            assert "url(" not in value, f"<{name}> refers to {value!r}"
            assert not value.lstrip().lower().startswith(("http:", "https:", "file:", "data:")), value


@pytest.mark.parametrize("path", ALL_SVGS, ids=_id)
def test_qtsvg_accepts_and_draws_it_on_a_transparent_background(qapp: QGuiApplication, path: Path) -> None:
    renderer = QSvgRenderer(str(path))
    assert renderer.isValid()
    image = _render(path, 128)
    # Something substantial is drawn, and the corners stay see-through so the picture sits on
    # the window colour of a light or dark theme instead of on a box of its own.
    assert _covered_fraction(image) > 0.1
    for x, y in ((0, 0), (127, 0), (0, 127), (127, 127)):
        assert image.pixelColor(x, y).alpha() == 0


@pytest.mark.parametrize("path", IMAGES, ids=_id)
def test_drawings_use_the_shared_square_canvas(qapp: QGuiApplication, path: Path) -> None:
    renderer = QSvgRenderer(str(path))
    assert renderer.viewBoxF() == QRectF(0, 0, 400, 400)


@pytest.mark.parametrize("path", ICONS, ids=_id)
@pytest.mark.parametrize("size", [16, 22, 256])
def test_icons_still_show_at_tray_and_launcher_sizes(qapp: QGuiApplication, path: Path, size: int) -> None:
    assert _covered_fraction(_render(path, size)) > 0.2
