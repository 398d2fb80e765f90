"""Deciding whether a picture is safe to draw, before anything draws it (no Qt).

A routine's picture comes from anywhere (a download, a drawing program), and drawing it runs
on the app's only thread, so a file is drawn only after this module has passed it:

- its size: at most 2 MiB for an SVG drawing, 8 MiB for a PNG or JPEG picture;
- its pixels: a PNG or JPEG (also one embedded in a drawing) at most 4096 x 4096, read from
  its header without decoding it;
- a drawing's work: the elements it draws once every ``<use>`` copy is expanded (a small file
  that reuses its parts level upon level draws billions of shapes), the path data and text
  drawn, how deep elements nest, and style-sheet rules times elements; loops of references
  are refused;
- what a drawing refers to: nothing outside itself. A picture may not name another file
  (``<image href="/etc/passwd">``, ``../secret.png``, ``file://``, a style sheet), so the rule
  on the folders pictures may come from holds for what a picture references too. Pictures
  embedded as ``data:`` PNG or JPEG are checked like files;
- what the drawing program would do beyond drawing: scripts, ``<foreignObject>``, DTDs with
  entities, processing instructions, animations, filters, masks, patterns, markers and SVG
  fonts are refused.

The XML is read with the standard library's expat parser, which never fetches anything and is
stopped at the first refusal, so checking costs milliseconds whatever the file holds. Results
are kept per file (path, size and modification time) and per content, so a library scan or a
repaint does not parse a file again. The renderer then draws the very bytes that were checked.
"""

from __future__ import annotations

import os
import re
import stat
from _thread import allocate_lock  # threading.Lock itself, without importing threading (~2 ms)
from collections.abc import Callable, Hashable
from pathlib import Path

from stretchapp.core import text as words
from stretchapp.core.i18n import N_, _
from stretchapp.core.logger import get_logger
from stretchapp.core.records import Record
from stretchapp.storage.fileio import FileTooLargeError, NotARegularFileError, read_regular_file

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (see docs/architecture.md)
if TYPE_CHECKING:
    from typing import NoReturn


try:  # what hashlib.blake2b is, without hashlib loading OpenSSL's hashes first (3 ms of a check)
    from _blake2 import blake2b
except ImportError:  # an interpreter without CPython's own module
    from hashlib import blake2b

log = get_logger(__name__)

MIB = 1024 * 1024
MAX_SVG_BYTES = 2 * MIB
MAX_RASTER_BYTES = 8 * MIB
MAX_SIDE = 4096  # pixels on either side of a PNG or JPEG, embedded or not
MAX_EMBEDDED_PIXELS = MAX_SIDE * MAX_SIDE  # all pictures embedded in one drawing, together
MAX_ELEMENTS = 5_000  # drawn, counting every <use> copy; a stretch drawing needs a few dozen
# Numbers in path data drawn, counting copies. Each line of a path can cross the whole
# picture, and filling one that does costs about 0.1 ms per line at 600 pixels, so this is
# what bounds the worst case (about 1.5 s); real drawings of this size draw in milliseconds.
MAX_PATH_NUMBERS = 20_000
MAX_TEXT = 100_000  # characters of text drawn, counting copies (a glyph costs far more than a line)
MAX_STYLE_WORK = 2_000_000  # style rules x elements: Qt matches every rule against every element
MAX_DEPTH = 64  # elements inside elements, counting <use> copies
MAX_JPEG_SCANS = 64  # a progressive JPEG decodes every pixel again for each scan

SVG_SUFFIXES = (".svg",)
RASTER_SUFFIXES = (".png", ".jpg", ".jpeg")
SVG, PNG, JPEG = "svg", "png", "jpeg"

# SVG elements that run code, fetch or embed other documents, animate, or cost work that a
# count of elements does not measure (a filter per pixel, a pattern per tile, a marker per
# vertex, an SVG font per character). Qt knows an element by its name whatever its namespace
# (``<x:image>`` is an image to it), so names are compared without their prefix. Other names
# (a drawing program's own) draw nothing themselves and are only counted.
REFUSED_ELEMENTS = frozenset(
    {
        "script", "handler", "listener", "foreignObject", "iframe", "video", "audio", "canvas",
        "animation", "prefetch", "discard",
        "animate", "animateColor", "animateMotion", "animateTransform", "set", "mpath",
        "filter", "mask", "pattern", "marker", "hatch", "hatchpath",
        "mesh", "meshgradient", "meshGradient", "meshpatch", "meshrow",
        "font", "font-face", "font-face-src", "font-face-uri", "font-face-format",
        "font-face-name", "glyph", "missing-glyph", "hkern", "vkern", "altGlyph", "altGlyphDef",
        "altGlyphItem", "glyphRef", "tref", "textPath",
    }
)  # fmt: skip
_DRAWN_DATA_ATTRIBUTES = frozenset({"d", "points"})
_DIGITS = bytes(0x31 if 0x30 <= byte <= 0x39 else 0x20 for byte in range(256))  # a digit to "1", else " "
_TEXT_ELEMENTS = frozenset({"text", "tspan", "textArea"})
_PAINT_SERVERS = frozenset({"linearGradient", "radialGradient", "solidColor"})
# Qt draws what these hold only where a <use> names it. (It draws a shape inside a gradient,
# a clip path or a title where it stands, so those are counted in place.)
_NOT_DRAWN_IN_PLACE = frozenset({"defs", "symbol"})

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_SOI = b"\xff\xd8"
# Start-of-frame markers (baseline, progressive, lossless, arithmetic), which carry the size.
_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
# Exactly as Qt reads it (it looks for "data" and "base64," as written, and would take anything
# else for a file name), so both decode the same bytes.
_DATA_URI = re.compile(r"data:image/(?:png|jpeg|jpg);base64,([A-Za-z0-9+/\s]*={0,2}\s*)")
_ID_REFERENCE = re.compile(r"#([^\s#()'\"]+)")
_URL = re.compile(r"(?<![\w-])url\s*\(([^)]*)\)?", re.IGNORECASE)
_ENCODING = re.compile(r"^\ufeff?<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")
# Encodings expat and Qt both read by themselves, so both see the same text.
_ENCODINGS = ("utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin1", "latin-1", "utf-16")


class Refusal(Record):
    """Why a picture is not drawn: ``reason`` completes "picture 'x' cannot be used: ...".

    Kept as the English messages (marked with ``N_``) and their values, and read in the chosen
    language each time: a verdict is cached, and must not stay in the language it was made in.
    """

    message: str
    advice: str
    values: tuple[tuple[str, str], ...] = ()

    @property
    def reason(self) -> str:
        return _(self.message).format(**self._shown_values())

    @property
    def hint(self) -> str:
        return _(self.advice).format(**self._shown_values())

    def _shown_values(self) -> dict[str, str]:
        return {key: _(value) if isinstance(value, _Words) else value for key, value in self.values}


class _Words(str):
    """A value that is words of ours (marked with ``N_``), translated when the refusal is read."""

    __slots__ = ()


def _refusal(message: str, advice: str, **values: object) -> Refusal:
    return Refusal(
        message,
        advice,
        tuple((key, value if isinstance(value, _Words) else str(value)) for key, value in values.items()),
    )


class PictureCheck(Record):
    """The verdict on one picture: its kind, and a refusal when it must not be drawn."""

    kind: str  # "svg", "png" or "jpeg"; "" when it is none of them
    refusal: Refusal | None = None
    width: int = 0  # pixels of a PNG or JPEG; 0 for a drawing
    height: int = 0
    transient: bool = False  # the file could not be read this time: the verdict is not kept

    @property
    def ok(self) -> bool:
        return self.refusal is None


class CheckedPicture(Record):
    """A picture's bytes as read, with the verdict on exactly these bytes."""

    check: PictureCheck
    data: bytes = b""  # empty when refused: nothing unchecked is handed on
    digest: bytes = b""  # identifies the content, for a renderer's own cache


class _RefusedError(Exception):
    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.message)
        self.refusal = refusal


def _refuse(message: str, advice: str, **values: object) -> NoReturn:
    raise _RefusedError(_refusal(message, advice, **values))


def _count(n: int) -> str:
    return words.number(n)


def _shown(value: str) -> str:
    """A value from the file as it may be quoted in a message: short, and without control characters."""
    short = value if len(value) <= 60 else value[:57] + "..."
    return short.encode("unicode_escape").decode("ascii")


# -- PNG and JPEG headers ----------------------------------------------------------------------
def _check_pixels(kind: str, width: int, height: int, embedded: bool) -> None:
    if width <= 0 or height <= 0:
        _refuse(
            N_("the {kind} header gives no size"),
            N_("the file is damaged; save the picture again"),
            kind=kind.upper(),
        )
    if width > MAX_SIDE or height > MAX_SIDE:
        advice = N_("scale it down; the player shows pictures a few hundred pixels wide")
        sizes = {"width": _count(width), "height": _count(height), "most": _count(MAX_SIDE)}
        if embedded:
            _refuse(
                N_(
                    "a picture embedded in the drawing is {width} x {height} pixels, more than {most} x {most}"
                ),
                advice,
                **sizes,
            )
        _refuse(N_("the picture is {width} x {height} pixels, more than {most} x {most}"), advice, **sizes)


def _png_size(data: bytes) -> tuple[int, int]:
    # The signature, then the IHDR chunk: length 13, type, width and height as 32-bit numbers.
    if len(data) < 24 or data[12:16] != b"IHDR":
        _refuse(N_("the {kind} header is damaged"), N_("save the picture again"), kind="PNG")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _jpeg_size(data: bytes) -> tuple[int, int]:
    """Width and height from the frame header; refuses a file that would take too many passes."""
    size: tuple[int, int] | None = None
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            _refuse(N_("the {kind} header is damaged"), N_("save the picture again"), kind="JPEG")
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte before a marker
            position += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # markers without a length
            position += 2
            continue
        if marker == 0xD9:
            break
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        if length < 2:
            break
        if marker in _JPEG_SOF and position + 9 <= len(data):
            height = int.from_bytes(data[position + 5 : position + 7], "big")
            width = int.from_bytes(data[position + 7 : position + 9], "big")
            size = (max(size[0], width), max(size[1], height)) if size else (width, height)
        if marker == 0xDA:  # start of scan: entropy-coded data follows
            # In coded data a 0xFF byte is always escaped, so each FF DA after here starts a
            # scan (a table's bytes may add a few: this errs on the side of refusing).
            scans = 1 + data.count(b"\xff\xda", position + 2)
            if scans > MAX_JPEG_SCANS:
                _refuse(
                    N_("the JPEG is stored in {scans} passes, more than {most}"),
                    N_("save it again as an ordinary (baseline) JPEG"),
                    scans=_count(scans),
                    most=MAX_JPEG_SCANS,
                )
            break
        position += 2 + length
    if size is None:
        _refuse(N_("the {kind} header is damaged"), N_("save the picture again"), kind="JPEG")
    return size


def _raster(data: bytes, embedded: bool = False) -> PictureCheck:
    """Check a PNG or JPEG by its content, whatever its name ends with."""
    if data.startswith(_PNG_SIGNATURE):
        kind, (width, height) = PNG, _png_size(data)
    elif data.startswith(_JPEG_SOI):
        kind, (width, height) = JPEG, _jpeg_size(data)
    elif embedded:
        _refuse(
            N_("a picture embedded in the drawing is not a PNG or JPEG picture"),
            N_("embed only PNG or JPEG pictures, or draw the part with shapes"),
        )
    else:
        _refuse(
            N_("the file is not a PNG or JPEG picture"),
            N_("open it in an image program and save it again as PNG or JPEG"),
        )
    _check_pixels(kind, width, height, embedded)
    return PictureCheck(kind, width=width, height=height)


# -- SVG drawings ------------------------------------------------------------------------------
class _Drawing:
    """The parts of a drawing that decide its cost, collected while expat reads it."""

    def __init__(self) -> None:
        self.names: list[str] = []  # local name of each element, in document order
        self.children: list[list[int]] = []
        self.references: list[list[str]] = []  # ids each element draws or uses (href, url())
        self.path_numbers: list[int] = []  # numbers in the path data of each element
        self.text_length: list[int] = []  # characters of text of each element
        self.style_rules = 0
        self.ids: dict[str, int] = {}
        self.style_references: list[str] = []
        self.embedded_pixels = 0
        self.open: list[int] = []
        self.text_owners: list[int] = []  # the open text elements: Qt draws all text inside them
        self.style_text: list[str] | None = None

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        index = len(self.names)
        if index >= MAX_ELEMENTS:
            _too_many_elements()
        if len(self.open) >= MAX_DEPTH:
            _too_deep()
        if local in REFUSED_ELEMENTS:
            _refuse_element(local)
        self.names.append(local)
        self.children.append([])
        self.references.append([])
        self.path_numbers.append(0)
        self.text_length.append(0)
        if self.open:
            self.children[self.open[-1]].append(index)
        elif local != "svg":
            _refuse(
                N_("the file is not an SVG drawing (it starts with <{name}>)"),
                N_("save the drawing as SVG from your drawing program"),
                name=_shown(name),
            )
        self.open.append(index)
        for key, value in attributes.items():
            self._attribute(index, local, key.rpartition(":")[2], value)
        if local == "style":
            self.style_text = []
        if local in _TEXT_ELEMENTS:
            self.text_owners.append(index)

    def _attribute(self, index: int, element: str, name: str, value: str) -> None:
        if name == "id":
            known = self.ids.setdefault(value, index)
            if known != index:
                _refuse(
                    N_("two elements of the drawing have the id '{id}'"),
                    N_("give each element its own id; drawing programs do this when the file is saved again"),
                    id=_shown(value),
                )
        elif name == "href" and element != "a":  # a link is never followed by the player
            if element == "image":
                self._embedded(value)
            else:
                match = _ID_REFERENCE.fullmatch(value)
                if match is None:
                    _refuse(
                        N_('the drawing refers to something outside itself: <{element} href="{target}">'),
                        N_(
                            "a drawing may use only its own parts ('#name'); copy what it needs into the file"
                        ),
                        element=element,
                        target=_shown(value),
                    )
                self.references[index].append(match.group(1))
        elif name in _DRAWN_DATA_ATTRIBUTES:  # numbers and letters, never a url()
            self.path_numbers[index] += _numbers_in(value)
            return
        if "(" in value and "url" in value.lower():
            self.references[index].extend(_url_ids(value))

    def _embedded(self, value: str) -> None:
        match = _DATA_URI.fullmatch(value)
        if match is None:
            # A data: address is not quoted back: it may be megabytes of base64.
            target = _Words(N_("an embedded picture")) if value.startswith("data:") else f'"{_shown(value)}"'
            _refuse(
                N_("the drawing shows a picture that is not embedded as PNG or JPEG: <image href={target}>"),
                N_("embed the picture in the drawing (most drawing programs offer 'embed'), as PNG or JPEG"),
                target=target,
            )
        import base64  # noqa: PLC0415 - with binascii and struct, only for a drawing with pictures inside
        import binascii  # noqa: PLC0415

        try:
            data = base64.b64decode(re.sub(r"\s+", "", match.group(1)), validate=True)
        except (binascii.Error, ValueError):
            _refuse(
                N_("a picture embedded in the drawing is damaged (its base64 text does not decode)"),
                N_("embed the picture again from your drawing program"),
            )
        check = _raster(data, embedded=True)
        self.embedded_pixels += check.width * check.height
        if self.embedded_pixels > MAX_EMBEDDED_PIXELS:
            _refuse(
                N_("the pictures embedded in the drawing have more than {most} pixels together"),
                N_("embed smaller pictures, or fewer"),
                most=_count(MAX_EMBEDDED_PIXELS),
            )

    def end(self, name: str) -> None:
        index = self.open.pop()
        if self.text_owners and self.text_owners[-1] == index:
            self.text_owners.pop()
        if self.style_text is not None and self.names[index] == "style":
            css = "".join(self.style_text)
            self.style_text = None
            if "@import" in css.lower():
                _refuse(
                    N_("the drawing's style sheet imports another file (@import)"),
                    N_("copy the styles into the drawing, or remove the @import line"),
                )
            self.style_references.extend(_url_ids(css))
            self.style_rules += css.count("{")

    def text(self, data: str) -> None:
        if self.style_text is not None:
            self.style_text.append(data)
        elif self.text_owners:
            self.text_length[self.text_owners[-1]] += len(data)


def _numbers_in(path_data: str) -> int:
    """The runs of digits in path data: at least its numbers (``12.5`` and ``1e5`` count as two)."""
    digits = path_data.encode("utf-8", "replace").translate(_DIGITS)
    return digits.count(b" 1") + digits.startswith(b"1")


def _url_ids(value: str) -> list[str]:
    """The ids named by every ``url(...)`` in ``value``; refuses a url that leads anywhere else."""
    ids = []
    for match in _URL.finditer(value):
        inside = match.group(1).strip().strip("'\"").strip()
        reference = _ID_REFERENCE.fullmatch(inside)
        if reference is None:
            _refuse(
                N_("the drawing refers to something outside itself: url({target})"),
                N_("a drawing may use only its own parts ('url(#name)'); copy what it needs into the file"),
                target=_shown(inside),
            )
        ids.append(reference.group(1))
    return ids


def _refuse_element(name: str) -> NoReturn:
    if name in {"script", "handler", "listener"}:
        _refuse(
            N_("the drawing contains a script (<{element}>)"),
            N_("remove the script; a picture only needs shapes"),
            element=name,
        )
    if name == "foreignObject":
        _refuse(
            N_("the drawing embeds another kind of document (<foreignObject>)"),
            N_("remove it, or export the drawing as plain SVG or as PNG"),
        )
    _refuse(
        N_("the drawing uses <{element}>, which pictures in routines may not use"),
        N_("export it as plain SVG (shapes, paths, gradients, text) or as PNG"),
        element=name,
    )


def _too_many_elements() -> NoReturn:
    _refuse(
        N_("the drawing draws more than {most} elements, counting every copy made with <use>"),
        N_("simplify the drawing, or save it as PNG"),
        most=_count(MAX_ELEMENTS),
    )


def _too_deep() -> NoReturn:
    _refuse(
        N_("the drawing nests elements more than {most} levels deep, counting copies made with <use>"),
        N_("simplify the drawing: ungroup nested groups, or save it as PNG"),
        most=MAX_DEPTH,
    )


def _refuse_doctype(
    name: str, system_id: str | None, public_id: str | None, has_internal_subset: int
) -> None:
    # A bare <!DOCTYPE svg PUBLIC ...>, which many programs still write, is only a label:
    # neither expat nor Qt fetches it. Declarations inside it (entities) are refused.
    if has_internal_subset:
        _refuse_entity()


def _refuse_entity(*_args: object) -> None:
    _refuse(
        N_("the drawing declares entities or a DTD of its own (<!DOCTYPE ... [ ... ]>)"),
        N_("remove the <!DOCTYPE ...> part; drawings do not need it"),
    )


def _refuse_instruction(target: str, _data: str) -> None:
    # Qt reads the file an <?xml-stylesheet href=...?> names.
    _refuse(
        N_("the drawing contains a processing instruction (<?{target} ...?>)"),
        N_("remove the <?...?> line; a style sheet belongs inside the drawing"),
        target=_shown(target),
    )


def _parse(data: bytes) -> _Drawing:
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    head = data[:400].decode("utf-16" if utf16 else "latin-1", "replace")
    declared = _ENCODING.match(head)
    if declared is not None and declared.group(1).lower() not in _ENCODINGS:
        _refuse(
            N_("the drawing is saved in the encoding '{encoding}'"),
            N_("save it as UTF-8 (most drawing programs do so by default)"),
            encoding=_shown(declared.group(1)),
        )
    from xml.parsers import expat  # noqa: PLC0415 - only when a routine names a drawing

    drawing = _Drawing()
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_doctype
    parser.EntityDeclHandler = _refuse_entity
    parser.UnparsedEntityDeclHandler = _refuse_entity
    parser.ProcessingInstructionHandler = _refuse_instruction
    parser.StartElementHandler = drawing.start
    parser.EndElementHandler = drawing.end
    parser.CharacterDataHandler = drawing.text
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        _refuse(
            N_("the drawing is not well-formed XML (line {line}, column {column})"),
            N_("open it in a drawing program and save it again as SVG"),
            line=error.lineno,
            column=error.offset + 1,
        )
    return drawing


def _check_work(drawing: _Drawing) -> None:
    """Refuse a drawing whose expanded size, path numbers, text or depth is over the limits, or that loops.

    Each element costs itself, its children and everything it refers to (a ``<use>`` draws
    its target again, a clip path is drawn for each element it clips); what ``<defs>`` and
    ``<symbol>`` hold costs only where it is used. Walked once, without recursion, with each
    element's total kept, and stopped at the first total over a limit.
    """
    for name in drawing.style_references:
        target = drawing.ids.get(name)
        if target is not None and drawing.names[target] not in _PAINT_SERVERS:
            _refuse(
                N_("the drawing's style sheet refers to its <{element}> '{id}'"),
                N_("in a style sheet refer only to gradients; set clip paths on the elements"),
                element=drawing.names[target],
                id=_shown(name),
            )
    if drawing.style_rules * len(drawing.names) > MAX_STYLE_WORK:
        _refuse(
            N_(
                "the drawing's style sheet has {rules} rules for {elements} elements, "
                "more than {most} rules x elements"
            ),
            N_("use fewer style rules (drawing programs can write the styles on the elements instead)"),
            rules=_count(drawing.style_rules),
            elements=_count(len(drawing.names)),
            most=_count(MAX_STYLE_WORK),
        )
    names, children, references = drawing.names, drawing.children, drawing.references
    count = [0] * len(names)
    path_numbers = [0] * len(names)
    text = [0] * len(names)
    depth = [0] * len(names)
    state = bytearray(len(names))  # 0 not seen, 1 being totalled, 2 done
    ids = drawing.ids

    def edges(index: int) -> tuple[list[int], list[int]]:
        """Everything the element leads to, and the part of it drawn where the element stands."""
        targets = [ids[name] for name in references[index] if name in ids]
        drawn = [child for child in children[index] if names[child] not in _NOT_DRAWN_IN_PLACE]
        return children[index] + targets, drawn + targets

    def finish(index: int, every: list[int], drawn: list[int]) -> None:
        state[index] = 2
        count[index] = 1 + sum(count[part] for part in drawn)
        path_numbers[index] = drawing.path_numbers[index] + sum(path_numbers[part] for part in drawn)
        text[index] = drawing.text_length[index] + sum(text[part] for part in drawn)
        depth[index] = 1 + max((depth[part] for part in every), default=0)
        if count[index] > MAX_ELEMENTS:
            _too_many_elements()
        if depth[index] > MAX_DEPTH:
            _too_deep()
        if path_numbers[index] > MAX_PATH_NUMBERS:
            _refuse(
                N_("the drawing's paths have more than {most} numbers, counting every copy made with <use>"),
                N_("simplify the paths (most drawing programs can), or save the drawing as PNG"),
                most=_count(MAX_PATH_NUMBERS),
            )
        if text[index] > MAX_TEXT:
            _refuse(
                N_(
                    "the drawing draws more than {most} characters of text, counting every copy made with <use>"
                ),
                N_("shorten the text; a picture needs a few words at most"),
                most=_count(MAX_TEXT),
            )

    # Loops and depth are looked for everywhere (Qt resolves every <use> as it reads the file,
    # drawn or not); the counts add up what is drawn. Each frame: element, its edges, the next.
    no_edges: list[int] = []
    state[0] = 1
    stack: list[tuple[int, list[int], list[int], list[int]]] = [(0, *edges(0), [0])]
    while stack:
        index, every, drawn, position = stack[-1]
        if position[0] < len(every):
            target = every[position[0]]
            position[0] += 1
            if state[target] == 1:
                _refuse(
                    N_("the drawing's <{element}> uses itself, directly or through other parts"),
                    N_("remove the <use> that points back at the part it is in"),
                    element=names[target],
                )
            if state[target] == 0:
                if children[target] or references[target]:
                    state[target] = 1
                    stack.append((target, *edges(target), [0]))
                else:  # most elements: a shape with nothing inside
                    finish(target, no_edges, no_edges)
            continue
        stack.pop()
        finish(index, every, drawn)


def _svg(data: bytes) -> PictureCheck:
    _check_work(_parse(data))
    return PictureCheck(SVG)


# -- checking, with caches ---------------------------------------------------------------------
def kind_for(path: Path) -> str:
    """What a file's name says it is: "svg", "raster" or "" for neither."""
    suffix = path.suffix.lower()
    if suffix in SVG_SUFFIXES:
        return SVG
    return "raster" if suffix in RASTER_SUFFIXES else ""


def _limit(kind: str) -> int:
    return MAX_SVG_BYTES if kind == SVG else MAX_RASTER_BYTES


def _size_refusal(kind: str, size: int) -> Refusal:
    if kind == SVG:
        return _refusal(
            N_("the file is {size} bytes, more than the limit of {limit} bytes ({mib} MiB) for a drawing"),
            N_("simplify the drawing, or save it as PNG"),
            size=_count(size),
            limit=_count(MAX_SVG_BYTES),
            mib=MAX_SVG_BYTES // MIB,
        )
    return _refusal(
        N_("the file is {size} bytes, more than the limit of {limit} bytes ({mib} MiB) for a picture"),
        N_("save it smaller, for example as a JPEG {width} pixels wide"),
        size=_count(size),
        limit=_count(MAX_RASTER_BYTES),
        mib=MAX_RASTER_BYTES // MIB,
        width=_count(1000),
    )


def check_bytes(data: bytes, kind: str) -> PictureCheck:
    """The verdict on a picture's content; ``kind`` is "svg" or "raster" (from its name)."""
    return _check_content(data, kind, _digest(data))


def _digest(data: bytes) -> bytes:
    return blake2b(data, digest_size=16).digest()


def _check_content(data: bytes, kind: str, digest: bytes) -> PictureCheck:
    if kind not in (SVG, "raster"):
        return _not_a_picture()
    if len(data) > _limit(kind):
        return PictureCheck(kind if kind == SVG else "", _size_refusal(kind, len(data)))
    return _BY_CONTENT.get_or_compute((kind, digest), lambda: _verdict(data, kind))


def _verdict(data: bytes, kind: str) -> PictureCheck:
    try:
        if not data:
            _refuse(N_("the file is empty"), N_("save the picture again"))
        return _svg(data) if kind == SVG else _raster(data)
    except _RefusedError as refused:
        return PictureCheck(kind if kind == SVG else "", refused.refusal)
    except Exception:  # a bug here must not let the picture through, nor stop the caller
        log.exception("unexpected error while checking a picture")
        return PictureCheck(
            "",
            _refusal(
                N_("the picture could not be checked (an internal error)"),
                N_("see the log file; please report this"),
            ),
        )


def _not_a_picture() -> PictureCheck:
    return PictureCheck(
        "",
        _refusal(
            N_("the file is not an SVG, PNG or JPEG picture"), N_("use a file ending in .svg, .png or .jpg")
        ),
    )


def _unreadable(error: OSError) -> PictureCheck:
    if isinstance(error, NotARegularFileError):
        refusal = _refusal(
            N_("it is not a regular file but a folder, device or pipe"),
            N_("put the picture file itself there"),
        )
    else:
        refusal = _refusal(
            N_("the file cannot be read: {reason}"),
            N_("check the file and its permissions"),
            reason=error.strerror or str(error),
        )
    return PictureCheck("", refusal, transient=True)


def read_checked(path: Path) -> CheckedPicture:
    """Read a picture without blocking and check exactly the bytes read.

    The bytes come back only when the picture passed, so a caller can draw nothing unchecked,
    even if the file was changed since it was last checked. Never raises for the file's sake.
    """
    path = Path(path)
    kind = kind_for(path)
    if not kind:
        return CheckedPicture(_not_a_picture())
    try:
        data = read_regular_file(path, _limit(kind))
    except FileTooLargeError:
        try:
            size = path.stat().st_size
        except OSError:
            size = _limit(kind) + 1
        return CheckedPicture(PictureCheck("", _size_refusal(kind, size)))
    except OSError as error:
        return CheckedPicture(_unreadable(error))
    except ValueError as error:  # a NUL in the name
        return CheckedPicture(
            PictureCheck(
                "",
                _refusal(N_("the file cannot be read: {reason}"), N_("rename it"), reason=error),
                transient=True,
            )
        )
    digest = _digest(data)
    check = _check_content(data, kind, digest)
    if not check.ok:
        return CheckedPicture(check)
    return CheckedPicture(check, data, digest)


def check_file(path: Path) -> PictureCheck:
    """The verdict on a picture file, kept by path, size and modification time."""
    try:
        info = path.stat()
    except OSError as error:
        return _unreadable(error)
    except ValueError as error:
        return PictureCheck(
            "",
            _refusal(N_("the file cannot be read: {reason}"), N_("rename it"), reason=error),
            transient=True,
        )
    # Called for every picture of every routine in a library scan: the cached answer comes first.
    key = (os.fspath(path), info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
    known = _BY_FILE.get(key)
    if known is not None:
        return known
    kind = kind_for(path)
    if not kind:
        return _not_a_picture()
    if not stat.S_ISREG(info.st_mode):
        return _unreadable(NotARegularFileError(str(path)))
    if info.st_size > _limit(kind):
        return PictureCheck("", _size_refusal(kind, info.st_size))
    return _BY_FILE.get_or_compute(key, lambda: read_checked(path).check)


def clear_caches() -> None:
    """Forget every verdict (for tests and benchmarks)."""
    _BY_FILE.clear()
    _BY_CONTENT.clear()


class _Cache:
    """A small thread-safe cache that forgets its oldest entries (looked up without a lock)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: dict[Hashable, PictureCheck] = {}
        self._lock = allocate_lock()

    def get(self, key: Hashable) -> PictureCheck | None:
        return self._entries.get(key)

    def get_or_compute(self, key: Hashable, compute: Callable[[], PictureCheck]) -> PictureCheck:
        known = self._entries.get(key)
        if known is not None:
            return known
        value = compute()
        if value.transient:
            return value
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > self._size:
                del self._entries[next(iter(self._entries))]
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_BY_FILE = _Cache(2048)
_BY_CONTENT = _Cache(256)
