"""The standalone build's choices, without building: what it leaves out and which versions it pins.

tools/build_standalone.py itself is run by hand (it takes minutes and the network); these
tests only load it and check its rules, so a pattern made too broad cannot silently ship a
frozen app without its display back end, its drawings or its sound.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

TOOL = Path(__file__).resolve().parent.parent / "tools" / "build_standalone.py"


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_standalone", TOOL)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


# Paths as PyInstaller places them on Linux (PySide6/Qt/...) and on Windows (PySide6/...).
NEEDED = [
    "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/platforms/libqwayland.so",
    "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/plugins/platforms/qwindows.dll",
    "PySide6/Qt/plugins/imageformats/libqsvg.so",
    "PySide6/Qt/plugins/imageformats/libqjpeg.so",
    "PySide6/plugins/imageformats/qsvg.dll",
    "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
    "PySide6/Qt/plugins/texttospeech/libqtexttospeech_speechd.so",
    "PySide6/plugins/texttospeech/qtexttospeech_sapi.dll",
    "PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so",
    "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
    "PySide6/Qt/lib/libQt6Multimedia.so.6",
    "PySide6/Qt6Multimedia.dll",
    "PySide6/Qt/lib/libQt6Svg.so.6",
    "PySide6/Qt/lib/libQt6TextToSpeech.so.6",
    "PySide6/Qt/lib/libQt6DBus.so.6",
    "PySide6/Qt/lib/libQt6Network.so.6",
    "PySide6/Qt/lib/libQt6OpenGL.so.6",
    "PySide6/Qt/lib/libQt6WaylandClient.so.6",
    "PySide6/Qt/lib/libQt6XcbQpa.so.6",
    "PySide6/Qt/lib/libicudata.so.73",
    "PySide6/QtMultimedia.abi3.so",
    "stretchapp/_assets/images/simple-neck-stretch.svg",
    "stretchapp/_assets/sounds/hold-start.wav",
    "stretchapp/_routines/neck-relief.yaml",
]
NOT_NEEDED = [
    "PySide6/Qt/translations/qtbase_de.qm",
    "PySide6/translations/qtbase_de.qm",
    "PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so",
    "PySide6/plugins/multimedia/ffmpegmediaplugin.dll",
    "PySide6/Qt/lib/libavcodec.so.61",
    "PySide6/avcodec-61.dll",
    "PySide6/Qt/lib/libQt6Quick.so.6",
    "PySide6/Qt/lib/libQt6Qml.so.6",
    "PySide6/Qt6Qml.dll",
    "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
    "PySide6/Qt/plugins/imageformats/libqpdf.so",
    "PySide6/Qt/plugins/platforms/libqeglfs.so",
]


@pytest.mark.parametrize("dest", NEEDED)
def test_the_build_keeps_what_the_app_loads(tool: ModuleType, dest: str) -> None:
    assert not tool.not_needed(dest)


@pytest.mark.parametrize("dest", NOT_NEEDED)
def test_the_build_leaves_out_qt_parts_the_app_never_loads(tool: ModuleType, dest: str) -> None:
    assert tool.not_needed(dest)


def test_the_build_installs_the_versions_the_lock_pins(tool: ModuleType) -> None:
    lock = (
        "# a comment\n"
        "pyside6-essentials==6.11.3 \\\n"
        "    --hash=sha256:aaaa \\\n"
        "    --hash=sha256:bbbb\n"
        "    # via stretchapp (pyproject.toml)\n"
        "colorama==0.4.6 ; sys_platform == 'win32' \\\n"
        "    --hash=sha256:cccc\n"
        "pyyaml==6.0.4\n"
    )
    assert tool.lock_constraints(lock) == [
        "pyside6-essentials==6.11.3",
        "colorama==0.4.6 ; sys_platform == 'win32'",
        "pyyaml==6.0.4",
    ]


def test_the_qt_modules_the_app_imports_are_found_in_its_source(tool: ModuleType) -> None:
    sources = {
        "a.py": "from PySide6.QtCore import Qt\nfrom PySide6.QtSvg import QSvgRenderer\n",
        "b.py": "    from PySide6.QtMultimedia import QSoundEffect  # noqa: PLC0415\n",
        "c.py": "import yaml\n",
    }
    assert tool.qt_modules_used(sources) == {"PySide6.QtCore", "PySide6.QtSvg", "PySide6.QtMultimedia"}
