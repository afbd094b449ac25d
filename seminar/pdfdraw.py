"""Text, rectangles and QR codes written straight into PDF pages, over artwork made by WeasyPrint.

WeasyPrint lays out a badge in tens of milliseconds; a thousand badges differ only in a few
lines of text and a QR code. So the artwork is rendered once (seminar.pdf) and placed as a Form
XObject, and the lines that change are drawn here: a few PDF operators each, positioned by
font metrics. No shaping (ligatures, kerning) is done: the names and places of Latin-script
participants need none; characters DejaVu lacks print as its empty box.

Fonts are embedded as subsets made here (subset_truetype: the glyphs used, ids unchanged), and
OnePageDocuments writes many one-page PDFs around objects serialised once (certificates).
"""

import io
import struct
import unicodedata
import zlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from seminar import qr
from seminar.textfit import FONT_DIRS

PT_PER_MM = 72 / 25.4


def font_path(filename: str) -> Path:
    for folder in FONT_DIRS:
        path = Path(folder, filename)
        if path.exists():
            return path
    raise FileNotFoundError(f"{filename} not found in {FONT_DIRS}; install fonts-dejavu-core")


@cache
def _font_bytes(filename: str) -> bytes:
    return font_path(filename).read_bytes()


@cache
def _metrics(filename: str) -> tuple:
    """cmap (code point -> glyph id), advance widths by glyph id, units per em, ascent, descent,
    bounding box (in thousandths of an em)."""
    font = TTFont(io.BytesIO(_font_bytes(filename)), lazy=True)
    order = {name: gid for gid, name in enumerate(font.getGlyphOrder())}
    cmap = {code: order[name] for code, name in font.getBestCmap().items()}
    metrics = font["hmtx"].metrics
    widths = {order[name]: advance for name, (advance, _lsb) in metrics.items()}
    units = font["head"].unitsPerEm
    head = font["head"]
    bbox = tuple(round(v * 1000 / units) for v in (head.xMin, head.yMin, head.xMax, head.yMax))
    return cmap, widths, units, font["hhea"].ascent / units, -font["hhea"].descent / units, bbox


class Font:
    """A TrueType font for one document: measures text, encodes it, remembers the glyphs used."""

    def __init__(self, filename: str, resource_name: str):
        self.filename, self.name = filename, resource_name
        self.cmap, self.widths, self.units, self.ascent, self.descent, self.bbox = _metrics(
            filename
        )
        self.used: dict[int, str] = {}

    def glyphs(self, text: str) -> list[int]:
        return [self.cmap.get(ord(ch), 0) for ch in text]

    def width(self, text: str, size: float) -> float:
        """Advance width of `text` at `size` points, in points."""
        return sum(self.widths.get(g, 0) for g in self.glyphs(text)) * size / self.units

    def encode(self, text: str) -> bytes:
        """`text` as a PDF hex string of glyph ids (Identity-H)."""
        gids = self.glyphs(text)
        for gid, ch in zip(gids, text, strict=True):
            self.used.setdefault(gid, ch)
        return b"<" + "".join(f"{g:04X}" for g in gids).encode() + b">"

    def baseline(self, line_height: float) -> float:
        """Distance from the top of a CSS line box (factor `line_height`) to the baseline, in em."""
        return (line_height - self.ascent - self.descent) / 2 + self.ascent

    def fit(self, text: str, size: float, width: float) -> str:
        """`text`, cut with an ellipsis if it is wider than `width` points."""
        if self.width(text, size) <= width:
            return text
        while text and self.width(text + "…", size) > width:
            text = text[:-1]
        return text.rstrip() + "…"

    def embed(self, writer: PdfWriter) -> IndirectObject:
        """A Type0 font with a subset of the TrueType font holding the glyphs used."""
        scale = 1000 / self.units
        gids = sorted(self.used)
        widths = ArrayObject()
        for gid in gids:
            widths += [
                NumberObject(gid),
                ArrayObject([FloatObject(round(self.widths.get(gid, 0) * scale, 1))]),
            ]
        font_file = StreamObject()
        font_file[NameObject("/Filter")] = NameObject("/FlateDecode")
        program = self._subset(gids)
        font_file[NameObject("/Length1")] = NumberObject(len(program))
        font_file._data = zlib.compress(program, 6)
        base = NameObject("/" + _subset_tag(gids) + "+" + Path(self.filename).stem)
        descriptor = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/FontDescriptor"),
                NameObject("/FontName"): base,
                NameObject("/Flags"): NumberObject(32),
                NameObject("/FontBBox"): ArrayObject(
                    [NumberObject(v) for v in (-1021, -463, 1793, 1232)]
                ),
                NameObject("/ItalicAngle"): NumberObject(0),
                NameObject("/Ascent"): NumberObject(round(self.ascent * 1000)),
                NameObject("/Descent"): NumberObject(-round(self.descent * 1000)),
                NameObject("/CapHeight"): NumberObject(729),
                NameObject("/StemV"): NumberObject(80),
                NameObject("/FontFile2"): writer._add_object(font_file),
            }
        )
        cid_font = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/CIDFontType2"),
                NameObject("/BaseFont"): base,
                NameObject("/CIDSystemInfo"): DictionaryObject(
                    {
                        NameObject("/Registry"): TextStringObject("Adobe"),
                        NameObject("/Ordering"): TextStringObject("Identity"),
                        NameObject("/Supplement"): NumberObject(0),
                    }
                ),
                NameObject("/FontDescriptor"): writer._add_object(descriptor),
                NameObject("/W"): widths,
                NameObject("/CIDToGIDMap"): NameObject("/Identity"),
            }
        )
        to_unicode = DecodedStreamObject()
        to_unicode.set_data(_to_unicode_cmap(self.used))
        font = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type0"),
                NameObject("/BaseFont"): base,
                NameObject("/Encoding"): NameObject("/Identity-H"),
                NameObject("/DescendantFonts"): ArrayObject([writer._add_object(cid_font)]),
                NameObject("/ToUnicode"): writer._add_object(to_unicode.flate_encode()),
            }
        )
        return writer._add_object(font)

    def _subset(self, gids: list[int]) -> bytes:
        return subset_truetype(self.filename, gids)


# Tables a TrueType program embedded in a PDF needs (ISO 32000 9.9): outlines and metrics. Like
# fontTools' subsetter (hinting=False), glyphs lose their hinting instructions: print needs none.
_KEPT_TABLES = ("glyf", "head", "hhea", "hmtx", "loca", "maxp")


@cache
def _tables(filename: str) -> dict[str, bytes]:
    data = _font_bytes(filename)
    (count,) = struct.unpack(">H", data[4:6])
    tables = {}
    for index in range(count):
        tag, _checksum, offset, length = struct.unpack(
            ">4sIII", data[12 + 16 * index : 28 + 16 * index]
        )
        tables[tag.decode("latin-1")] = data[offset : offset + length]
    return tables


@cache
def _glyph_offsets(filename: str) -> tuple[int, ...]:
    tables = _tables(filename)
    (long_offsets,) = struct.unpack(">h", tables["head"][50:52])
    (count,) = struct.unpack(">H", tables["maxp"][4:6])
    if long_offsets:
        return struct.unpack(f">{count + 1}I", tables["loca"][: 4 * (count + 1)])
    return tuple(2 * v for v in struct.unpack(f">{count + 1}H", tables["loca"][: 2 * (count + 1)]))


def _components(glyph: bytes) -> tuple[list[int], int]:
    """The glyphs a composite glyph (an accented letter, often) is made of, and where its
    component records end."""
    if len(glyph) < 10 or struct.unpack(">h", glyph[:2])[0] >= 0:
        return [], 0
    components, position = [], 10
    while True:
        flags, gid = struct.unpack(">HH", glyph[position : position + 4])
        components.append(gid)
        position += 4 + (4 if flags & 0x0001 else 2)  # arguments: words or bytes
        if flags & 0x0008:  # one scale
            position += 2
        elif flags & 0x0040:  # x and y scales
            position += 4
        elif flags & 0x0080:  # 2 by 2 matrix
            position += 8
        if not flags & 0x0020:  # no more components
            return components, position


def _without_instructions(glyph: bytes) -> bytes:
    """A glyph without its hinting instructions (as fontTools' subsetter leaves them out)."""
    if len(glyph) < 10:
        return glyph
    (contours,) = struct.unpack(">h", glyph[:2])
    if contours >= 0:
        at = 10 + 2 * contours
        (length,) = struct.unpack(">H", glyph[at : at + 2])
        return glyph[:at] + b"\0\0" + glyph[at + 2 + length :]
    glyph = bytearray(glyph[: _components(glyph)[1]])
    position = 10
    while True:  # clear WE_HAVE_INSTRUCTIONS on every component record
        flags = struct.unpack(">H", glyph[position : position + 2])[0] & ~0x0100
        glyph[position : position + 2] = struct.pack(">H", flags)
        position += 4 + (4 if flags & 0x0001 else 2)
        position += 2 if flags & 0x0008 else 4 if flags & 0x0040 else 8 if flags & 0x0080 else 0
        if not flags & 0x0020:
            return bytes(glyph)


def subset_truetype(filename: str, gids: Iterable[int]) -> bytes:
    """A TrueType program with the outlines of `gids` only, glyph ids unchanged.

    What fontTools' subsetter does for PDF embedding, without parsing the tables a PDF does not
    read (cmap, layout, names): a thousand documents a second instead of ten.
    """
    tables, offsets = _tables(filename), _glyph_offsets(filename)
    glyf = tables["glyf"]
    count = len(offsets) - 1
    wanted, pending = set(), [0, *gids]
    while pending:
        gid = pending.pop()
        if gid in wanted or gid >= count:
            continue
        wanted.add(gid)
        pending += _components(glyf[offsets[gid] : offsets[gid + 1]])[0]
    # Glyphs after the last one used are left out altogether (DejaVu has some 6,000).
    count = max(wanted) + 1
    new_glyf, new_loca = bytearray(), [0]
    for gid in range(count):
        if gid in wanted:
            new_glyf += _without_instructions(glyf[offsets[gid] : offsets[gid + 1]])
            new_glyf += b"\0" * (-len(new_glyf) % 4)
        new_loca.append(len(new_glyf))
    (long_metrics,) = struct.unpack(">H", tables["hhea"][34:36])
    long_metrics = min(long_metrics, count)
    hmtx = tables["hmtx"]
    new_hmtx = bytearray(4 * long_metrics + 2 * (count - long_metrics))
    for gid in wanted:
        start, size = (4 * gid, 4) if gid < long_metrics else (2 * gid + 2 * long_metrics, 2)
        new_hmtx[start : start + size] = hmtx[start : start + size]
    head = bytearray(tables["head"])
    head[8:12] = b"\0\0\0\0"  # checkSumAdjustment, set below
    head[50:52] = struct.pack(">h", 1)  # long loca offsets
    hhea = bytearray(tables["hhea"])
    hhea[34:36] = struct.pack(">H", long_metrics)
    maxp = bytearray(tables["maxp"])
    maxp[4:6] = struct.pack(">H", count)
    out_tables = {tag: tables[tag] for tag in _KEPT_TABLES if tag in tables}
    out_tables |= {
        "glyf": bytes(new_glyf),
        "loca": struct.pack(f">{count + 1}I", *new_loca),
        "hmtx": bytes(new_hmtx),
        "head": bytes(head),
        "hhea": bytes(hhea),
        "maxp": bytes(maxp),
    }
    return _sfnt(out_tables)


def _checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


def _sfnt(tables: dict[str, bytes]) -> bytes:
    tags = sorted(tables)
    count = len(tags)
    power = 1 << (count.bit_length() - 1)
    header = struct.pack(">IHHHH", 0x00010000, count, power * 16, power.bit_length() - 1,
                         count * 16 - power * 16)  # fmt: skip
    directory, body = bytearray(), bytearray()
    offset = 12 + 16 * count
    for tag in tags:
        data = tables[tag]
        directory += struct.pack(">4sIII", tag.encode("latin-1"), _checksum(data),
                                 offset + len(body), len(data))  # fmt: skip
        body += data + b"\0" * (-len(data) % 4)
    font = bytearray(header + directory + body)
    head = offset + sum(len(tables[t]) + (-len(tables[t]) % 4) for t in tags[: tags.index("head")])
    font[head + 8 : head + 12] = struct.pack(
        ">I", (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF
    )
    return bytes(font)


def _subset_tag(gids: list[int]) -> str:
    number = zlib.crc32(repr(gids).encode())
    return "".join(chr(ord("A") + (number >> (5 * i)) % 26) for i in range(6))


def _to_unicode_cmap(used: dict[int, str]) -> bytes:
    entries = sorted(used.items())
    lines = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    for start in range(0, len(entries), 100):
        chunk = entries[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{gid:04X}> <{ch.encode('utf-16-be').hex().upper()}>" for gid, ch in chunk]
        lines.append("endbfchar")
    lines.append("endcmap CMapName currentdict /CMap defineresource pop end end")
    return "\n".join(lines).encode()


def hex_colour(colour: str) -> str:
    """'#E5243B' as PDF fill colour operands '0.898 0.141 0.231'."""
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    return " ".join(f"{int(colour[i : i + 2], 16) / 255:.3f}" for i in (0, 2, 4))


def qr_path(text: str, x: float, y: float, size: float, border: int = 2) -> str:
    """Fill operators drawing the QR code of `text` in a `size`-point square at (x, y) bottom left.

    Dark modules of a row are merged into runs: fewer, larger rectangles print without seams.
    """
    matrix = qr.qr_matrix(text)
    count = len(matrix) + 2 * border
    module = size / count
    parts = []
    for row_index, row in enumerate(matrix):
        top = y + size - (row_index + border + 1) * module
        column, width = 0, len(row)
        while column < width:
            if row[column]:
                start = column
                while column < width and row[column]:
                    column += 1
                parts.append(
                    f"{x + (start + border) * module:.2f} {top:.2f} "
                    f"{(column - start) * module + 0.01:.2f} {module + 0.01:.2f} re"
                )
            else:
                column += 1
    return "\n".join(parts) + "\nf"


def form_xobjects(writer: PdfWriter, pdf_bytes: bytes) -> list[IndirectObject]:
    """Each page of a PDF as a Form XObject in `writer`, to draw under other pages."""
    reader = PdfReader(io.BytesIO(pdf_bytes))
    return [form_xobject(writer, page) for page in reader.pages]


def form_xobject(writer: PdfWriter, page: PageObject) -> IndirectObject:
    """One page (of another PDF) as a Form XObject in `writer`."""
    form = StreamObject()
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject([FloatObject(v) for v in page.mediabox])
    resources = page.get("/Resources")
    if resources is not None:
        form[NameObject("/Resources")] = resources.get_object().clone(writer)
    form[NameObject("/Filter")] = NameObject("/FlateDecode")
    form._data = zlib.compress(page.get_contents().get_data(), 6)
    return writer._add_object(form)


class OnePageDocuments:
    """Many one-page PDFs that share the objects of `writer` (artwork, fonts).

    The shared objects are serialised once; each document then costs only its own content
    stream, page and cross-reference table: microseconds instead of a pypdf writer each.
    `writer` must hold nothing but the shared objects (and pypdf's own catalog and page tree,
    which each document replaces).
    """

    def __init__(
        self,
        writer: PdfWriter,
        width: float,
        height: float,
        fonts: Iterable[tuple[str, IndirectObject]],
        xobjects: Iterable[tuple[str, IndirectObject]],
        info: dict[str, str],
    ):
        root = writer.root_object
        numbers = {id(obj): index + 1 for index, obj in enumerate(writer._objects)}
        self.root_id = numbers[id(root)]
        self.pages_id = root.raw_get("/Pages").idnum
        self.info_id = numbers[id(writer._info)]
        own = {self.pages_id, self.root_id, self.info_id}
        self.shared: list[tuple[int, bytes]] = []
        for index, obj in enumerate(writer._objects):
            if obj is None or index + 1 in own:
                continue
            buffer = io.BytesIO()
            obj.write_to_stream(buffer)
            self.shared.append((index + 1, f"{index + 1} 0 obj\n".encode() + buffer.getvalue()))
        self.page_id = len(writer._objects) + 1
        self.content_id = self.page_id + 1
        resources = DictionaryObject(
            {
                NameObject("/Font"): DictionaryObject({NameObject(n): ref for n, ref in fonts}),
                NameObject("/XObject"): DictionaryObject(
                    {NameObject(n): ref for n, ref in xobjects}
                ),
            }
        )
        self.page = (
            f"<< /Type /Page /Parent {self.pages_id} 0 R /MediaBox [0 0 {width:.2f} {height:.2f}]"
            f" /Contents {self.content_id} 0 R /Resources ".encode()
            + _serialise(resources)
            + b" >>"
        )
        self.tail = {
            self.pages_id: f"<< /Type /Pages /Kids [{self.page_id} 0 R] /Count 1 >>".encode(),
            self.root_id: f"<< /Type /Catalog /Pages {self.pages_id} 0 R >>".encode(),
            self.info_id: _serialise(
                DictionaryObject({NameObject(k): TextStringObject(v) for k, v in info.items()})
            ),
        }

    def document(self, content: str) -> bytes:
        """A PDF whose only page draws `content` (PDF operators) with the shared resources."""
        stream = zlib.compress(content.encode("latin-1"), 6)
        own = [
            *self.shared,
            *((number, f"{number} 0 obj\n".encode() + data) for number, data in self.tail.items()),
            (self.page_id, f"{self.page_id} 0 obj\n".encode() + self.page),
            (
                self.content_id,
                f"{self.content_id} 0 obj\n<< /Filter /FlateDecode /Length {len(stream)} >>\n"
                f"stream\n".encode()
                + stream
                + b"\nendstream",
            ),
        ]
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = {}
        for number, data in own:
            offsets[number] = len(out)
            out += data + b"\nendobj\n"
        size = max(offsets) + 1
        xref = len(out)
        out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
        for number in range(1, size):
            if number in offsets:
                out += f"{offsets[number]:010d} 00000 n \n".encode()
            else:
                out += b"0000000000 00000 f \n"
        out += (
            f"trailer\n<< /Size {size} /Root {self.root_id} 0 R /Info {self.info_id} 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n".encode()
        )
        return bytes(out)


def _serialise(obj) -> bytes:
    buffer = io.BytesIO()
    obj.write_to_stream(buffer)
    return buffer.getvalue()


def add_page(
    writer: PdfWriter,
    width: float,
    height: float,
    content: str,
    fonts: Iterable[tuple[str, IndirectObject]],
    xobjects: Iterable[tuple[str, IndirectObject]],
) -> None:
    page = writer.add_blank_page(width, height)
    stream = StreamObject()
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    stream._data = zlib.compress(content.encode("latin-1"), 6)
    page[NameObject("/Contents")] = writer._add_object(stream)
    page[NameObject("/Resources")] = DictionaryObject(
        {
            NameObject("/Font"): DictionaryObject({NameObject(n): ref for n, ref in fonts}),
            NameObject("/XObject"): DictionaryObject({NameObject(n): ref for n, ref in xobjects}),
        }
    )


def rounded_rect(colour: str, x: float, y: float, w: float, h: float, r: float) -> str:
    """Fill operators for a rectangle with rounded corners (points, bottom-left origin)."""
    c = r * 0.4477  # distance of the Bézier control points from the corners
    return (
        f"{hex_colour(colour)} rg {x + r:.2f} {y:.2f} m {x + w - r:.2f} {y:.2f} l "
        f"{x + w - c:.2f} {y:.2f} {x + w:.2f} {y + c:.2f} {x + w:.2f} {y + r:.2f} c "
        f"{x + w:.2f} {y + h - r:.2f} l "
        f"{x + w:.2f} {y + h - c:.2f} {x + w - c:.2f} {y + h:.2f} {x + w - r:.2f} {y + h:.2f} c "
        f"{x + r:.2f} {y + h:.2f} l "
        f"{x + c:.2f} {y + h:.2f} {x:.2f} {y + h - c:.2f} {x:.2f} {y + h - r:.2f} c "
        f"{x:.2f} {y + r:.2f} l {x:.2f} {y + c:.2f} {x + c:.2f} {y:.2f} {x + r:.2f} {y:.2f} c f"
    )


def composed(value):
    """Text (in strings, lists, dicts) in NFC: each accented letter one glyph of the font
    ("e" + U+0301 would be two)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [composed(item) for item in value]
    if isinstance(value, dict):
        return {key: composed(item) for key, item in value.items()}
    return value
