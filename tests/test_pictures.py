"""The picture checker: hostile files are refused quickly with a reason, real drawings pass (no Qt)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from stretchapp import resources
from stretchapp.routines import pictures
from stretchapp.routines.pictures import MAX_DEPTH, MAX_ELEMENTS, MAX_SIDE, PictureCheck
from tests import hostile_pictures as hostile


@pytest.fixture(autouse=True)
def fresh_caches() -> None:
    pictures.clear_caches()


def svg_check(data: bytes) -> PictureCheck:
    return pictures.check_bytes(data, pictures.SVG)


def raster_check(data: bytes) -> PictureCheck:
    return pictures.check_bytes(data, "raster")


def refused(check: PictureCheck) -> str:
    assert check.refusal is not None, "the picture was passed"
    assert check.refusal.hint, "every refusal says what to do"
    return check.refusal.reason


def finishes(action: Callable[[], object], fifo: Path | None = None) -> object:
    """Run ``action`` in a thread; fail (instead of hanging the suite) if it never returns."""
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(action()), daemon=True)
    worker.start()
    worker.join(timeout=20)
    if worker.is_alive() and fifo is not None:
        # Free the blocked reader: opening the pipe's other end lets its open() return.
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    assert not worker.is_alive(), "the call blocked"
    return result[0]


# -- what must pass ----------------------------------------------------------------------------
@pytest.mark.parametrize("drawing", sorted(resources.assets_dir().rglob("*.svg")), ids=lambda p: p.name)
def test_every_bundled_drawing_and_icon_passes(drawing: Path) -> None:
    assert pictures.check_file(drawing).ok


def test_a_drawing_programs_ordinary_features_pass() -> None:
    # A DOCTYPE line without declarations, metadata, reuse, gradients, a clip, text, an embedded PNG.
    assert svg_check(hostile.friendly_drawing()).ok


def test_pngs_and_jpegs_within_the_limits_pass_whatever_their_name() -> None:
    assert raster_check(hostile.png(40, 30)) == PictureCheck(pictures.PNG, width=40, height=30)
    assert raster_check(hostile.jpeg_header(MAX_SIDE, 2000)).ok
    assert pictures.check_bytes(hostile.jpeg_header(64, 64), "raster").kind == pictures.JPEG


def test_a_drawing_near_the_size_limit_passes(tmp_path: Path) -> None:
    photo = hostile.data_uri(
        hostile.png(8, 8) + b"\x00" * 1_500_000
    )  # trailing bytes, as some programs leave
    drawing = tmp_path / "large.svg"
    drawing.write_bytes(hostile.svg(f'<image width="100" height="100" xlink:href="{photo}"/>'))
    assert pictures.MAX_SVG_BYTES * 0.9 < drawing.stat().st_size < pictures.MAX_SVG_BYTES
    assert pictures.check_file(drawing).ok


# -- drawing work ------------------------------------------------------------------------------
def test_the_use_bomb_is_refused_for_its_expanded_size() -> None:
    bomb = hostile.use_bomb(levels=8)
    assert len(bomb) < 2500  # the size of the file that froze the player for 42 s
    assert f"{MAX_ELEMENTS:,}" in refused(svg_check(bomb))


def test_reuse_within_the_budget_passes_and_just_over_it_is_refused() -> None:
    # Three levels draw about 3,200 elements (the lines, their groups and the uses); four, 32,000.
    assert svg_check(hostile.use_bomb(levels=3)).ok
    assert not svg_check(hostile.use_bomb(levels=4)).ok


def test_too_many_plain_elements_are_refused_while_reading() -> None:
    many = hostile.svg('<circle r="1"/>' * (MAX_ELEMENTS + 1))
    assert len(many) < pictures.MAX_SVG_BYTES
    assert f"{MAX_ELEMENTS:,}" in refused(svg_check(many))


def test_path_data_within_the_budget_passes_and_drawn_twice_is_refused() -> None:
    pairs = pictures.MAX_PATH_NUMBERS // 2 - 10
    path = '<path id="p" d="M0 0 ' + "L100 0 " * pairs + '"/>'
    assert svg_check(hostile.svg(path)).ok
    assert f"{pictures.MAX_PATH_NUMBERS:,}" in refused(
        svg_check(hostile.svg(path + '<use xlink:href="#p"/>'))
    )
    # Numbers written tightly together still count one by one.
    refused(svg_check(hostile.svg('<path d="M0 0' + ".1.1" * pictures.MAX_PATH_NUMBERS + '"/>')))
    refused(svg_check(hostile.svg('<polyline points="' + "1,1 " * pictures.MAX_PATH_NUMBERS + '"/>')))


def test_text_drawn_over_and_over_is_refused() -> None:
    words = "<text>" + "Breathe slowly. " * 1_000 + "</text>"  # 16,000 characters: fine once
    assert svg_check(hostile.svg(words)).ok
    copies = '<use xlink:href="#t"/>' * 10
    refused(svg_check(hostile.svg(f'<defs><g id="t">{words}</g></defs>{copies}')))
    hidden = "<text><x:span xmlns:x='urn:x'>" + "W" * (pictures.MAX_TEXT + 1) + "</x:span></text>"
    refused(svg_check(hostile.svg(hidden)))


def test_a_style_sheet_matched_against_many_elements_is_refused() -> None:
    rules = "".join(f".c{n} {{ fill: red; }}" for n in range(1_000))
    assert svg_check(hostile.svg(f"<style>{rules}</style>" + "<rect/>" * 100)).ok
    refused(svg_check(hostile.svg(f"<style>{rules}</style>" + "<rect/>" * 3_000)))


def test_a_loop_of_references_is_refused() -> None:
    refused(svg_check(hostile.svg('<g id="a"><use xlink:href="#a"/></g>')))
    refused(
        svg_check(hostile.svg('<g id="a"><use xlink:href="#b"/></g><g id="b"><use xlink:href="#a"/></g>'))
    )
    refused(svg_check(hostile.svg('<clipPath id="c"><rect clip-path="url(#c)"/></clipPath>')))


def test_deep_nesting_is_refused_also_through_a_chain_of_uses() -> None:
    groups = "<g>" * (MAX_DEPTH + 1) + "<rect/>" + "</g>" * (MAX_DEPTH + 1)
    assert f"{MAX_DEPTH}" in refused(svg_check(hostile.svg(groups)))
    chain = '<defs><rect id="u0"/>' + "".join(
        f'<use id="u{n}" xlink:href="#u{n - 1}"/>' for n in range(1, 1000)
    )
    assert f"{MAX_DEPTH}" in refused(svg_check(hostile.svg(chain + '</defs><use xlink:href="#u999"/>')))
    # Never drawn, but Qt resolves such a chain as it reads the file, taking seconds.
    assert f"{MAX_DEPTH}" in refused(svg_check(hostile.svg(chain + "</defs>")))


def test_two_elements_with_one_id_are_refused() -> None:
    # Qt draws the last of them, a checker might count the first: refuse rather than guess.
    assert "'a'" in refused(
        svg_check(hostile.svg('<rect id="a"/><g id="a"><rect/></g><use xlink:href="#a"/>'))
    )


# -- size and pixels ---------------------------------------------------------------------------
def test_a_huge_drawing_is_refused_by_its_size_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = tmp_path / "huge.svg"
    huge.write_bytes(hostile.big_svg(10 * 1024 * 1024))
    monkeypatch.setattr(pictures, "read_regular_file", lambda *_a: pytest.fail("the file was read"))
    reason = refused(pictures.check_file(huge))
    assert f"{huge.stat().st_size:,}" in reason


def test_a_huge_drawing_read_anyway_is_refused_by_its_size(tmp_path: Path) -> None:
    huge = tmp_path / "huge.svg"
    huge.write_bytes(hostile.big_svg(10 * 1024 * 1024))
    checked = pictures.read_checked(huge)
    refused(checked.check)
    assert checked.data == b""


def test_a_png_claiming_enormous_pixels_is_refused_from_its_header(tmp_path: Path) -> None:
    claim = tmp_path / "claim.png"
    claim.write_bytes(hostile.png_header(100_000, 100_000))
    assert "100,000 x 100,000" in refused(pictures.check_file(claim))


def test_a_jpeg_claiming_enormous_pixels_or_endless_passes_is_refused() -> None:
    assert "60,000 x 60,000" in refused(raster_check(hostile.jpeg_header(60_000, 60_000)))
    refused(raster_check(hostile.jpeg_header(640, 480, scans=pictures.MAX_JPEG_SCANS + 1)))


def test_a_picture_whose_content_is_not_png_or_jpeg_is_refused(tmp_path: Path) -> None:
    disguised = tmp_path / "photo.png"
    disguised.write_bytes(hostile.use_bomb())  # an SVG that Qt's image reader would draw
    refused(pictures.check_file(disguised))
    refused(raster_check(b"GIF89a" + b"\x00" * 20))
    refused(raster_check(b"\x89PNG\r\n\x1a\n"))  # cut short


def test_an_empty_or_damaged_file_is_refused() -> None:
    refused(svg_check(b""))
    refused(svg_check(b"<svg"))
    refused(svg_check(b"\x1f\x8b\x08\x00 compressed"))  # .svgz content in a .svg
    refused(svg_check(b'<html xmlns="http://www.w3.org/1999/xhtml"/>'))


# -- references outside the drawing ------------------------------------------------------------
@pytest.mark.parametrize(
    ("href", "attribute"),
    [
        ("/etc/passwd", "xlink:href"),
        ("../secret.png", "href"),
        ("file:///etc/passwd", "xlink:href"),
        ("secret.png", "xlink:href"),
        ("https://example.org/x.png", "href"),
        ("#picture", "href"),
        (" data:image/png;base64,AAAA", "xlink:href"),
        ("DATA:image/png;BASE64,AAAA", "xlink:href"),
    ],
)
def test_an_image_that_names_anything_but_embedded_data_is_refused(href: str, attribute: str) -> None:
    assert href.strip() in refused(svg_check(hostile.image_svg(href, attribute)))


def test_an_image_in_another_namespace_or_prefix_is_still_an_image() -> None:
    # Qt draws <x:image> as an image and reads any prefix bound to XLink.
    refused(svg_check(hostile.svg('<x:image xmlns:x="urn:other" xlink:href="/etc/passwd"/>')))
    refused(svg_check(hostile.svg('<image xmlns:q="http://www.w3.org/1999/xlink" q:href="/etc/passwd"/>')))


@pytest.mark.parametrize(
    "body",
    [
        '<use xlink:href="other.svg#arm"/>',
        '<use href="file:///etc/passwd#x"/>',
        '<rect fill="url(/etc/passwd)"/>',
        "<rect style=\"fill: url('file:///home/me/shade.svg#g')\"/>",
        "<style>@import url(#x); rect { fill: red; }</style>",
        '<style>rect { fill: url("https://example.org/a.svg#g"); }</style>',
    ],
)
def test_any_reference_outside_the_drawing_is_refused(body: str) -> None:
    refused(svg_check(hostile.svg(body)))


def test_a_style_sheet_instruction_that_would_read_a_file_is_refused() -> None:
    refused(svg_check(b'<?xml-stylesheet type="text/css" href="/etc/passwd"?>' + hostile.svg("")))


def test_embedded_pictures_are_checked_like_files() -> None:
    assert svg_check(hostile.image_svg(hostile.data_uri(hostile.png(16, 16)))).ok
    refused(svg_check(hostile.image_svg(hostile.data_uri(hostile.png_header(100_000, 10)))))
    refused(svg_check(hostile.image_svg(hostile.data_uri(hostile.use_bomb()))))  # an SVG labelled PNG
    refused(svg_check(hostile.image_svg("data:image/png;base64,@@@@")))
    many = "".join(
        f'<image xlink:href="{hostile.data_uri(hostile.png_header(MAX_SIDE, MAX_SIDE))}"/>' for _ in range(2)
    )
    refused(svg_check(hostile.svg(many)))


# -- what a drawing would do beyond drawing ----------------------------------------------------
def test_the_entity_bomb_is_refused_before_any_entity_is_expanded() -> None:
    refused(svg_check(hostile.entity_bomb()))
    refused(
        svg_check(b'<!DOCTYPE svg SYSTEM "/dev/zero" [<!ENTITY x SYSTEM "/dev/zero">]>' + hostile.svg(""))
    )


@pytest.mark.parametrize(
    "body",
    [
        "<script>alert(1)</script>",
        '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>',
        '<filter id="f"><feGaussianBlur stdDeviation="99999"/></filter>',
        '<pattern id="p" width="0.001" height="0.001"><rect/></pattern>',
        '<animate attributeName="x" dur="1s"/>',
        '<font><glyph unicode="a" d="M0 0"/></font>',
        '<x:script xmlns:x="urn:other">alert(1)</x:script>',
    ],
)
def test_scripts_documents_animations_and_costly_effects_are_refused(body: str) -> None:
    refused(svg_check(hostile.svg(body)))


def test_an_encoding_only_qt_and_not_the_checker_would_read_alike_is_refused() -> None:
    refused(svg_check(b'<?xml version="1.0" encoding="cp1252"?>' + hostile.svg("")))
    assert svg_check(b'<?xml version="1.0" encoding="ISO-8859-1"?>' + hostile.svg("<title>\xe9</title>")).ok


# -- files that are not files, and the cache ---------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_named_like_a_picture_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "x.svg"
    os.mkfifo(fifo)
    check = finishes(lambda: pictures.check_file(fifo), fifo)
    assert isinstance(check, PictureCheck)
    refused(check)
    checked = finishes(lambda: pictures.read_checked(fifo), fifo)
    assert isinstance(checked, pictures.CheckedPicture)
    refused(checked.check)


def test_a_folder_named_like_a_picture_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.svg").mkdir()
    refused(pictures.check_file(tmp_path / "x.svg"))
    refused(pictures.check_file(tmp_path / "missing.svg"))


def test_a_file_is_parsed_once_until_it_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = pictures._parse

    def counting(data: bytes) -> object:
        calls.append(len(data))
        return real(data)

    monkeypatch.setattr(pictures, "_parse", counting)
    drawing = tmp_path / "d.svg"
    drawing.write_bytes(hostile.svg('<rect width="10" height="10"/>'))
    for _ in range(5):
        assert pictures.check_file(drawing).ok
    assert len(calls) == 1
    drawing.write_bytes(hostile.use_bomb())
    refused(pictures.check_file(drawing))
    assert len(calls) == 2


def test_read_checked_hands_over_only_the_bytes_it_checked(tmp_path: Path) -> None:
    drawing = tmp_path / "d.svg"
    drawing.write_bytes(hostile.svg("<rect/>"))
    assert pictures.check_file(drawing).ok
    drawing.write_bytes(hostile.use_bomb())  # changed since the verdict, and since the loader saw it
    checked = pictures.read_checked(drawing)
    refused(checked.check)
    assert checked.data == b""


def test_a_file_that_could_not_be_read_is_read_again_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawing = tmp_path / "d.svg"
    drawing.write_bytes(hostile.svg("<rect/>"))

    def denied(*_args: object) -> bytes:
        raise PermissionError(13, "Permission denied")

    real = pictures.read_regular_file
    monkeypatch.setattr(pictures, "read_regular_file", denied)
    refused(pictures.check_file(drawing))
    monkeypatch.setattr(pictures, "read_regular_file", real)  # permission given back; same mtime
    assert pictures.check_file(drawing).ok


def test_a_fault_in_the_checker_refuses_the_picture(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(_data: bytes) -> PictureCheck:
        raise ValueError("a bug")

    monkeypatch.setattr(pictures, "_svg", broken)
    refused(svg_check(hostile.svg("<rect/>")))
