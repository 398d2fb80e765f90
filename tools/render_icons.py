"""Render the app icon's PNG sizes in assets/icons/hicolor/ from its scalable SVG.

Run ``python tools/render_icons.py`` from the repository root after changing
``assets/icons/hicolor/scalable/apps/<APP_ID>.svg``; it rewrites
``assets/icons/hicolor/<N>x<N>/apps/<APP_ID>.png`` for every size in ``SIZES`` and prints
each path. Launchers and software centres that cannot draw SVG pick these up.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF  # noqa: E402 - after the platform is chosen
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

from stretchapp.appid import APP_ID  # noqa: E402 - after the path set-up above

SIZES = (48, 128, 256)
HICOLOR = ROOT / "assets" / "icons" / "hicolor"


def render(svg: Path, size: int) -> QImage:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: QtSvg cannot read it")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def main(hicolor: Path = HICOLOR) -> None:
    _app = QGuiApplication.instance() or QGuiApplication([])
    svg = hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
    for size in SIZES:
        out = hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        out.parent.mkdir(parents=True, exist_ok=True)
        if not render(svg, size).save(str(out), "PNG"):
            raise SystemExit(f"{out}: could not write the PNG")
        print(out.relative_to(ROOT) if out.is_relative_to(ROOT) else out)


if __name__ == "__main__":
    main()
