"""Certificates as PDF: plain dicts in, one PDF per certificate out.

The artwork that certificates share (ODS stripe, title, edition, signatures) is laid out once
per kind of certificate (its words' language) by WeasyPrint from templates/pdf/certificate.html;
each certificate's own parts (holder, statement, workshops, hours, verification code, URL and
QR code) are drawn over it by seminar.pdfdraw at the positions below, which certificate.css
leaves free. Every certificate is then written as its own small PDF around the shared objects:
a thousand take a few seconds instead of half a minute of layout.

Text is drawn with DejaVu Sans, without shaping: characters outside DejaVu (CJK, for instance)
print as the font's empty box.
"""

import io
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path

import jinja2
from pypdf import PdfReader, PdfWriter

from seminar import pdf, pdfdraw
from seminar.colours import text_on
from seminar.textfit import MM_PER_PT, fit_text

# A4 landscape; certificate.css's page margins: 14 mm top, 18 mm sides, 12 mm bottom.
PAGE_MM = (297, 210)
# The verification block ends where the former layout put it, 6 mm above the edge.
LEFT_MM, RIGHT_MM, BOTTOM_MM = 18, 279, 204
CENTRE_MM = (LEFT_MM + RIGHT_MM) / 2
# The holder's line on an A4 landscape page, less margins.
HOLDER_WIDTH_MM = 240
HOLDER_PT = (32, 16)
HOLDER_TOP_MM, HOLDER_LINE = 66.1, 1.1
# The rule under the holder's name: 4 mm below it, 60 mm wide; then 4 mm to the statement.
RULE_GAP_MM, RULE_MM, RULE_WIDTH_MM = 4, 0.6, 60
STATEMENT_WIDTH_MM, STATEMENT_PT, STATEMENT_LINE = 221, (11.5, 8.5), 1.35
STATEMENT_MAX_LINES = 6
WORKSHOPS_GAP_MM, WORKSHOPS_WIDTH_MM, SMALL_PT, CHIP_PT = 8, 231, 9.5, 8.5
HOURS_GAP_MM = 3
# The verification block, bottom right: QR code over the code and the address.
VERIFY_WIDTH_MM, QR_MM, QR_GAP_MM, VERIFY_PT, CODE_PT, VERIFY_LINE = 56, 30, 1.5, 6.5, 7.5, 1.3
INK, BLUE, TEXT, DARK, GREY = "#111111", "#19486a", "#1d2733", "#333333", "#555555"

DEFAULT_LABELS = {
    "title": "Certificado",
    "certify": "Se certifica que",
    "workshops": "Talleres",
    "hours": "Carga horaria",
    "code": "Código de verificación",
    "verify": "Verifique en",
}


def render_certificates(
    certs: Sequence[dict],
    *,
    edition: dict,
    signatures: Sequence[dict] = (),
    labels: dict | None = None,
    lang: str = "es",
    progress: pdf.Progress | None = None,
    root: str | Path = pdf.STATIC_DIR,
    env: jinja2.Environment | None = None,
) -> list[bytes]:
    """One PDF per certificate, in order.

    A certificate: holder, statement (the wording for the role, e.g. "participó en…"),
    workshops [{ods, colour, name}], hours, verification_code, verification_url; optionally
    labels and edition of its own (a batch may mix languages).
    """
    if progress:
        progress(0, len(certs))
    labels = labels or DEFAULT_LABELS
    kinds: dict[tuple, int] = {}
    artworks, contents = [], []
    fonts = Fonts()
    for cert in certs:
        cert = pdfdraw.composed(cert)
        words, event = cert.get("labels") or labels, cert.get("edition") or edition
        key = (tuple(sorted(words.items())), tuple(sorted(event.items())))
        if key not in kinds:
            kinds[key] = len(artworks)
            artworks.append((words, event))
        contents.append((kinds[key], _draw(cert, words, fonts)))
    if not certs:
        return []

    template = (env or _environment()).get_template("pdf/certificate.html")
    html = template.render(artworks=artworks, signatures=list(signatures), lang=lang)
    pages = PdfReader(io.BytesIO(_artwork(html, str(root)))).pages
    if len(pages) != len(artworks):
        raise pdf.PageCountError(f"{len(artworks)} artworks laid out on {len(pages)} pages")
    width, height = (v * pdfdraw.PT_PER_MM for v in PAGE_MM)
    documents = []
    for (words, event), page in zip(artworks, pages, strict=True):
        writer = PdfWriter()
        form = pdfdraw.form_xobject(writer, page)
        font_refs = [(font.name, font.embed(writer)) for font in fonts.all() if font.used]
        info = {"/Title": f"{words['title']} · {event['name']}", "/Producer": "Seminario"}
        documents.append(
            pdfdraw.OnePageDocuments(writer, width, height, font_refs, [("/A", form)], info)
        )

    results = []
    for index, (kind, content) in enumerate(contents, 1):
        results.append(documents[kind].document(f"q /A Do Q\n{content}"))
        if progress and (index % 50 == 0 or index == len(contents)):
            progress(index, len(contents))
    return results


@cache
def _environment() -> jinja2.Environment:
    return pdf.template_environment()


@lru_cache(maxsize=16)
def _artwork(html: str, root: str) -> bytes:
    """The laid-out artwork: certificates rendered one at a time (an email's attachment, a
    preview) mostly share it with the previous one."""
    return pdf.render_pdf(html, root=root)


def render_certificate(cert: dict, **options) -> bytes:
    """One certificate's PDF; options as for render_certificates."""
    return render_certificates([cert], **options)[0]


class Fonts:
    """The faces drawn over the artwork: DejaVu Sans and DejaVu Sans Bold."""

    def __init__(self):
        self.bold = pdfdraw.Font("DejaVuSans-Bold.ttf", "/FB")
        self.regular = pdfdraw.Font("DejaVuSans.ttf", "/FR")

    def all(self) -> list[pdfdraw.Font]:
        return [self.bold, self.regular]


def _y(mm_from_top: float) -> float:
    return (PAGE_MM[1] - mm_from_top) * pdfdraw.PT_PER_MM


def _text(font: pdfdraw.Font, size: float, colour: str, x_mm: float, baseline_mm: float, text: str):
    x = x_mm * pdfdraw.PT_PER_MM
    return (
        f"BT {font.name} {size:g} Tf {pdfdraw.hex_colour(colour)} rg "
        f"{x:.2f} {_y(baseline_mm):.2f} Td {font.encode(text).decode()} Tj ET"
    )


def _centred(font, size, colour, centre_mm, baseline_mm, text):
    width_mm = font.width(text, size) / pdfdraw.PT_PER_MM
    return _text(font, size, colour, centre_mm - width_mm / 2, baseline_mm, text)


def _draw(cert: dict, words: dict, fonts: Fonts) -> str:
    """Operators drawing a certificate's own parts over its artwork."""
    ops = []
    bold, regular = fonts.bold, fonts.regular
    holder = fit_text(cert["holder"], HOLDER_WIDTH_MM, max_pt=HOLDER_PT[0], min_pt=HOLDER_PT[1])
    top = HOLDER_TOP_MM
    size_mm = holder.size_pt * MM_PER_PT
    for line in holder.lines:
        baseline = top + bold.baseline(HOLDER_LINE) * size_mm
        ops.append(_centred(bold, holder.size_pt, INK, CENTRE_MM, baseline, line))
        top += HOLDER_LINE * size_mm
    top += RULE_GAP_MM
    k = pdfdraw.PT_PER_MM
    ops.append(
        f"{pdfdraw.hex_colour(BLUE)} rg {(CENTRE_MM - RULE_WIDTH_MM / 2) * k:.2f} "
        f"{_y(top + RULE_MM):.2f} {RULE_WIDTH_MM * k:.2f} {RULE_MM * k:.2f} re f"
    )
    top += RULE_MM + RULE_GAP_MM

    size, lines = _statement(regular, cert["statement"])
    line_mm = size * STATEMENT_LINE * MM_PER_PT
    for line in lines:
        baseline = top + regular.baseline(STATEMENT_LINE) * size * MM_PER_PT
        ops.append(_centred(regular, size, TEXT, CENTRE_MM, baseline, line))
        top += line_mm

    line_mm = SMALL_PT * STATEMENT_LINE * MM_PER_PT
    if cert.get("workshops"):
        top += WORKSHOPS_GAP_MM
        for row in _workshop_rows(cert["workshops"], words["workshops"], fonts):
            baseline = top + regular.baseline(STATEMENT_LINE) * SMALL_PT * MM_PER_PT
            ops.append(_workshop_row(row, baseline, fonts))
            top += line_mm + 0.3
    if cert.get("hours"):
        top += HOURS_GAP_MM
        baseline = top + regular.baseline(STATEMENT_LINE) * SMALL_PT * MM_PER_PT
        text = regular.fit(f"{words['hours']}: {cert['hours']}", SMALL_PT, WORKSHOPS_WIDTH_MM * k)
        ops.append(_centred(regular, SMALL_PT, DARK, CENTRE_MM, baseline, text))

    ops.append(_verification(cert, words, fonts))
    return "\n".join(ops)


def _statement(font: pdfdraw.Font, text: str) -> tuple[float, list[str]]:
    """The statement's size and lines: smaller type for a long custom wording, never cut
    unless it would not fit even at the smallest size."""
    width = STATEMENT_WIDTH_MM * pdfdraw.PT_PER_MM
    size = STATEMENT_PT[0]
    while True:
        lines = wrap(font, text, size, width)
        if len(lines) <= STATEMENT_MAX_LINES or size <= STATEMENT_PT[1]:
            break
        size -= 0.5
    if len(lines) > STATEMENT_MAX_LINES:
        rest = " ".join(lines[STATEMENT_MAX_LINES - 1 :])
        lines = [*lines[: STATEMENT_MAX_LINES - 1], font.fit(rest + " …", size, width)]
    return size, lines


def wrap(font: pdfdraw.Font, text: str, size: float, width: float) -> list[str]:
    """Greedy lines of at most `width` points, broken at spaces, or after a slash within a
    long word (an address); a word wider than the line on its own is cut with an ellipsis."""
    lines, current = [], ""
    for word in text.split():
        pieces = [word] if font.width(word, size) <= width else _after_slashes(word)
        for n, piece in enumerate(pieces):
            joiner = " " if current and n == 0 else ""
            candidate = current + joiner + piece
            if current and font.width(candidate, size) > width:
                lines.append(current)
                current = piece
            else:
                current = candidate
    if current:
        lines.append(current)
    return [font.fit(line, size, width) for line in lines]


def _after_slashes(word: str) -> list[str]:
    pieces, start = [], 0
    for index, char in enumerate(word):
        if char == "/" and index + 1 < len(word) and word[index + 1] != "/":
            pieces.append(word[start : index + 1])
            start = index + 1
    return [*pieces, word[start:]]


def _workshop_rows(workshops: list[dict], label: str, fonts: Fonts) -> list[list[dict]]:
    """The label, then " [chip] name" per workshop (as the former HTML set them), in rows of
    at most WORKSHOPS_WIDTH_MM; widths in mm."""
    k = pdfdraw.PT_PER_MM
    space = fonts.regular.width(" ", SMALL_PT) / k
    text = f"{label}:"
    row = [{"text": text, "width": fonts.regular.width(text, SMALL_PT) / k}]
    rows, used = [row], row[0]["width"]
    for workshop in workshops:
        number = str(workshop["ods"])
        chip = max(6, fonts.bold.width(number, CHIP_PT) / k) + 2
        room = (WORKSHOPS_WIDTH_MM - chip - 2 - 2 * space) * k
        name = fonts.regular.fit(workshop["name"], SMALL_PT, room)
        width = space + 2 + chip + space + fonts.regular.width(name, SMALL_PT) / k
        item = {"width": width, "chip": chip, "number": number, "name": name, **workshop}
        if used + width > WORKSHOPS_WIDTH_MM:
            row, used = [], 0.0
            rows.append(row)
        row.append(item)
        used += width
    return rows


def _workshop_row(row: list[dict], baseline: float, fonts: Fonts) -> str:
    k = pdfdraw.PT_PER_MM
    space = fonts.regular.width(" ", SMALL_PT) / k
    x = CENTRE_MM - sum(item["width"] for item in row) / 2
    # A chip is an inline block: 0.4 mm of padding around a line of CHIP_PT, on the baseline.
    chip_h = CHIP_PT * STATEMENT_LINE * MM_PER_PT + 0.8
    chip_top = baseline - 0.4 - fonts.bold.baseline(STATEMENT_LINE) * CHIP_PT * MM_PER_PT
    ops = []
    for item in row:
        if "text" in item:
            ops.append(_text(fonts.regular, SMALL_PT, DARK, x, baseline, item["text"]))
        else:
            chip_x, chip = x + space + 2, item["chip"]
            bottom = _y(chip_top + chip_h)
            ops.append(
                pdfdraw.rounded_rect(item["colour"], chip_x * k, bottom, chip * k, chip_h * k, k)
            )
            ops.append(
                _centred(
                    fonts.bold,
                    CHIP_PT,
                    text_on(item["colour"]),
                    chip_x + chip / 2,
                    baseline,
                    item["number"],
                )
            )
            ops.append(
                _text(fonts.regular, SMALL_PT, DARK, chip_x + chip + space, baseline, item["name"])
            )
        x += item["width"]
    return "\n".join(ops)


def _verification(cert: dict, words: dict, fonts: Fonts) -> str:
    """The QR code of the verification address over the code and the address, bottom right."""
    k = pdfdraw.PT_PER_MM
    centre = RIGHT_MM - VERIFY_WIDTH_MM / 2
    width = VERIFY_WIDTH_MM * k
    small = VERIFY_PT * VERIFY_LINE * MM_PER_PT
    lines = [
        (fonts.regular, VERIFY_PT, GREY, fonts.regular.fit(f"{words['code']}:", VERIFY_PT, width))
    ]
    lines.append(
        (fonts.bold, CODE_PT, TEXT, fonts.bold.fit(cert["verification_code"], CODE_PT, width))
    )
    address = f"{words['verify']} {cert['verification_url']}"
    lines += [
        (fonts.regular, VERIFY_PT, GREY, line)
        for line in wrap(fonts.regular, address, VERIFY_PT, width)
    ]
    heights = [max(small, size * VERIFY_LINE * MM_PER_PT) for _f, size, _c, _t in lines]
    top = BOTTOM_MM - sum(heights)
    qr_bottom = top - QR_GAP_MM
    ops = [
        "0 0 0 rg",
        pdfdraw.qr_path(
            cert["verification_url"], (centre - QR_MM / 2) * k, _y(qr_bottom), QR_MM * k, border=2
        ),
    ]
    for (font, size, colour, text), height in zip(lines, heights, strict=True):
        baseline = top + font.baseline(height / (size * MM_PER_PT)) * size * MM_PER_PT
        ops.append(_centred(font, size, colour, centre, baseline, text))
        top += height
    return "\n".join(ops)
