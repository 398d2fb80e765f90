"""Hostile and harmless pictures, generated: the tests and bench/pictures.py write them on the spot."""

from __future__ import annotations

import base64
import struct
import zlib

SVG_OPEN = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    'viewBox="0 0 100 100" width="100" height="100">'
)


def svg(body: str) -> bytes:
    return (SVG_OPEN + body + "</svg>").encode("utf-8")


def use_bomb(levels: int = 8, copies: int = 10) -> bytes:
    """About 2 KB that draws ``copies ** levels`` lines: each level uses the one below ten times."""
    parts = ['<defs><g id="l0"><path d="M0 0 L100 100" stroke="black"/></g>']
    for level in range(1, levels + 1):
        uses = "".join(f'<use xlink:href="#l{level - 1}"/>' for _ in range(copies))
        parts.append(f'<g id="l{level}">{uses}</g>')
    parts.append(f'</defs><use xlink:href="#l{levels}"/>')
    return svg("".join(parts))


def big_svg(size: int = 10 * 1024 * 1024) -> bytes:
    """An SVG of about ``size`` bytes: plain circles, over and over."""
    circle = '<circle cx="50" cy="50" r="40" fill="#a9bdd6"/>\n'
    return svg(circle * (size // len(circle) + 1))


def entity_bomb() -> bytes:
    """The "billion laughs": ten entities of ten copies each, nested."""
    entities = ['<!ENTITY e0 "lol">']
    entities += [f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">' for n in range(1, 10)]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE svg ['
        + "".join(entities)
        + "]>\n"
        + SVG_OPEN
        + "<text>&e9;</text></svg>"
    ).encode("utf-8")


def image_svg(href: str, attribute: str = "xlink:href") -> bytes:
    return svg(f'<image x="0" y="0" width="100" height="100" {attribute}="{href}"/>')


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int, height: int, rgb: tuple[int, int, int] = (220, 60, 40)) -> bytes:
    """A real, solid-coloured PNG (decodable), built without any image library."""
    row = b"\x00" + bytes(rgb) * width
    pixels = zlib.compress(row * height, 9)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", pixels) + _chunk(b"IEND", b"")


def png_header(width: int, height: int) -> bytes:
    """Only the start of a PNG, claiming a size: enough to be judged by its header."""
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IEND", b"")


def jpeg_header(width: int, height: int, scans: int = 1) -> bytes:
    """The markers of a JPEG claiming a size, with ``scans`` start-of-scan segments."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    components = b"\x01\x11\x00\x02\x11\x00\x03\x11\x00"
    sof = b"\xff\xc2" + struct.pack(">HBHHB", 8 + len(components), 8, height, width, 3) + components
    scan = b"\xff\xda" + struct.pack(">HB", 8, 1) + b"\x01\x00\x00\x3f\x00" + b"\x12\x34"
    return b"\xff\xd8" + app0 + sof + scan * scans + b"\xff\xd9"


def data_uri(data: bytes, mime: str = "image/png") -> str:
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")


def friendly_drawing() -> bytes:
    """What a drawing program writes: a DOCTYPE line, groups, reuse, a gradient, a clip, text, a PNG."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        + SVG_OPEN
        + '<metadata><x:note xmlns:x="urn:example">made by hand</x:note></metadata>'
        '<defs><linearGradient id="shade"><stop offset="0" stop-color="#a9bdd6"/>'
        '<stop offset="1" stop-color="#3d5170"/></linearGradient>'
        '<clipPath id="frame"><rect width="100" height="100"/></clipPath>'
        '<g id="arm"><path d="M10 10 L40 40" stroke="url(#shade)" stroke-width="6"/></g></defs>'
        '<g clip-path="url(#frame)" style="fill: url(#shade)">'
        '<circle cx="50" cy="50" r="30"/><use xlink:href="#arm"/><use href="#arm" x="30"/>'
        f'<image x="70" y="70" width="20" height="20" xlink:href="{data_uri(png(8, 8))}"/>'
        '<text x="10" y="95" font-size="8">Right side</text></g></svg>'
    ).encode("utf-8")
