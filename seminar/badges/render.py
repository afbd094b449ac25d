"""Badges as print-ready PDF: plain dicts in, PDF bytes out.

The artwork that many badges share (header with the edition, role band, labels, the white QR
box) is laid out once per kind of badge by WeasyPrint from templates/pdf/badge.html; each
badge's own lines (names, institution, workshops, code) and its QR code are then drawn over it
by seminar.pdfdraw at the positions below, which badge.css leaves free. A thousand badges take
a second or two instead of half a minute of layout.
"""

from collections.abc import Sequence
from pathlib import Path

import jinja2
from pypdf import PdfWriter

from seminar import pdf, pdfdraw
from seminar.badges import LAYOUTS
from seminar.colours import text_on
from seminar.textfit import MM_PER_PT, fit_text

# A badge is 105 mm wide; 148 mm tall alone (A6), 148.5 mm as a quarter of an A4 sheet.
WIDTH_MM = 105
HEIGHTS_MM = {"a6": 148, "a4-4up": 148.5}
A4_MM = (210, 297)
# Everything printed stays 6 mm inside the trim line (a misaligned cut, an office printer).
MARGIN_MM = 6
# The name box of a badge: 105 mm less the margins.
NAME_WIDTH_MM = 93
FIRST_NAME_PT = (34, 18)
LAST_NAME_PT = (16, 9)
# Boxes from the top of the badge, in mm; badge.css places the artwork around them.
NAMES_TOP_MM, NAMES_HEIGHT_MM = 25, 36
ORG_TOP_MM, ORG_PT, ORG_LINE = 62.5, 8.5, 1.25
WORKSHOPS_TOP_MM, WORKSHOP_ROW_MM, WORKSHOP_PT, MAX_WORKSHOPS = 79.5, 6.2, 7.5, 3
CHIP_MM = (6.5, 4.4)
FOOT_HEIGHT_MM, QR_MM, QR_INSET_MM = 36, 30, 3
CODE_PT = 7
# Line heights set in badge.css for the names, to centre them in their box.
FIRST_LINE_HEIGHT, LAST_LINE_HEIGHT, LAST_MARGIN_MM = 1.05, 1.1, 1
INK, GREY, WHITE = "#111111", "#444444", "#ffffff"

DEFAULT_LABELS = {
    "workshops": "Talleres",
    "roles": {
        "participant": "Participante",
        "speaker": "Expositor/a",
        "organiser": "Organización",
        "press": "Prensa",
    },
}


def render_badges(
    badges: Sequence[dict],
    *,
    edition: dict,
    layout: str = "a4-4up",
    labels: dict | None = None,
    lang: str = "es",
    progress: pdf.Progress | None = None,
    root: str | Path = pdf.STATIC_DIR,
    env: jinja2.Environment | None = None,
) -> bytes:
    """One PDF with a badge for each of `badges`, in order.

    A badge: code, first_name, last_name, institution, city, country, role (participant,
    speaker, organiser or press), workshops [{ods, colour, name, room}]; optionally role_label
    and workshops_label, the words in the participant's language (default: from `labels`).
    """
    if not badges:
        raise ValueError("no badges to render")
    per_sheet, height = LAYOUTS[layout], HEIGHTS_MM[layout]
    labels = labels or DEFAULT_LABELS
    prepared = [_prepare(badge, labels) for badge in badges]
    artworks = list(dict.fromkeys(badge["artwork"] for badge in prepared))
    template = (env or pdf.template_environment()).get_template("pdf/badge.html")
    html = template.render(edition=edition, layout=layout, lang=lang, artworks=artworks)

    writer = PdfWriter()
    forms = pdfdraw.form_xobjects(writer, pdf.render_pdf(html, root=root))
    fonts = Fonts()
    page_mm = A4_MM if layout == "a4-4up" else (WIDTH_MM, height)
    contents = []
    for start in range(0, len(prepared), per_sheet):
        ops = []
        for position, badge in enumerate(prepared[start : start + per_sheet]):
            left = (position % 2) * WIDTH_MM
            top = (position // 2) * height
            bottom_pt = (page_mm[1] - top - height) * pdfdraw.PT_PER_MM
            artwork = artworks.index(badge["artwork"])
            ops.append(
                f"q 1 0 0 1 {left * pdfdraw.PT_PER_MM:.2f} {bottom_pt:.2f} cm /A{artwork} Do Q"
            )
            ops.append(_draw(badge, left, top, page_mm[1], height, fonts))
        if layout == "a4-4up":
            ops.append(CUT_MARKS)
        contents.append("\n".join(ops))
        if progress and (len(contents) % 10 == 0 or start + per_sheet >= len(prepared)):
            progress(min(start + per_sheet, len(prepared)), len(prepared))

    font_refs = [(font.name, font.embed(writer)) for font in fonts.all() if font.used]
    xobjects = [(f"/A{index}", form) for index, form in enumerate(forms)]
    width_pt, height_pt = (v * pdfdraw.PT_PER_MM for v in page_mm)
    for content in contents:
        pdfdraw.add_page(writer, width_pt, height_pt, content, font_refs, xobjects)
    writer.add_metadata({"/Title": edition["name"], "/Producer": "Seminario"})
    return pdf.write(writer)


class Fonts:
    """The three faces of a badge, as badge.css names them: DejaVu Sans (bold) and Sans Mono."""

    def __init__(self):
        self.bold = pdfdraw.Font("DejaVuSans-Bold.ttf", "/FB")
        self.regular = pdfdraw.Font("DejaVuSans.ttf", "/FR")
        self.mono = pdfdraw.Font("DejaVuSansMono.ttf", "/FM")

    def all(self) -> list[pdfdraw.Font]:
        return [self.bold, self.regular, self.mono]


def _prepare(badge: dict, labels: dict | None = None) -> dict:
    labels = labels or DEFAULT_LABELS
    # Composed accents: each letter is one glyph of the font ("e" + U+0301 would be two).
    badge = {key: pdfdraw.composed(value) for key, value in badge.items()}
    first = fit_text(
        badge["first_name"], NAME_WIDTH_MM, max_pt=FIRST_NAME_PT[0], min_pt=FIRST_NAME_PT[1]
    )
    last = fit_text(
        badge["last_name"],
        NAME_WIDTH_MM,
        max_pt=LAST_NAME_PT[0],
        min_pt=LAST_NAME_PT[1],
        max_lines=1,
        font_file="DejaVuSans.ttf",
    )
    first_height = MM_PER_PT * len(first.lines) * first.size_pt * FIRST_LINE_HEIGHT
    last_height = MM_PER_PT * last.size_pt * LAST_LINE_HEIGHT
    # Centre the names in their box: half the room above the first name, half below the last.
    room = max(0.0, NAMES_HEIGHT_MM - first_height - last_height - LAST_MARGIN_MM)
    place = ", ".join(part for part in (badge.get("city"), badge.get("country")) if part)
    role_label = badge.get("role_label") or labels["roles"][badge["role"]]
    workshops_label = (
        (badge.get("workshops_label") or labels["workshops"]) if badge["workshops"] else ""
    )
    return {
        **badge,
        "place": place,
        "first_name_fit": first,
        "last_name_fit": last,
        "names_padding_mm": round(room / 2, 2),
        "last_name_height_mm": round(last_height + room / 2, 2),
        "artwork": (badge["role"], role_label, workshops_label if badge["workshops"] else ""),
    }


def _text(font: pdfdraw.Font, size: float, colour: str, x_mm: float, y_pt: float, text: str) -> str:
    return (
        f"BT {font.name} {size:g} Tf {pdfdraw.hex_colour(colour)} rg "
        f"{x_mm * pdfdraw.PT_PER_MM:.2f} {y_pt:.2f} Td {font.encode(text).decode()} Tj ET"
    )


def _draw(badge: dict, left: float, top: float, page_h: float, height: float, fonts: Fonts) -> str:
    """Operators drawing a badge's own lines, its top-left corner at (left, top) mm on the page."""

    def y(mm_from_badge_top: float) -> float:
        return (page_h - top - mm_from_badge_top) * pdfdraw.PT_PER_MM

    x = left + MARGIN_MM
    width_pt = NAME_WIDTH_MM * pdfdraw.PT_PER_MM
    ops = []
    first, last = badge["first_name_fit"], badge["last_name_fit"]
    line_top = NAMES_TOP_MM + badge["names_padding_mm"]
    for line in first.lines:
        size_mm = first.size_pt * MM_PER_PT
        baseline = line_top + fonts.bold.baseline(FIRST_LINE_HEIGHT) * size_mm
        ops.append(_text(fonts.bold, first.size_pt, INK, x, y(baseline), line))
        line_top += FIRST_LINE_HEIGHT * size_mm
    line_top += LAST_MARGIN_MM
    baseline = line_top + fonts.regular.baseline(LAST_LINE_HEIGHT) * last.size_pt * MM_PER_PT
    ops.append(_text(fonts.regular, last.size_pt, "#333333", x, y(baseline), badge["last_name"]))

    line_mm = ORG_PT * ORG_LINE * MM_PER_PT
    org_lines = _wrap(fonts.bold, badge["institution"], ORG_PT, width_pt, 2)
    for index, line in enumerate(org_lines):
        baseline = ORG_TOP_MM + index * line_mm + fonts.bold.baseline(ORG_LINE) * ORG_PT * MM_PER_PT
        ops.append(_text(fonts.bold, ORG_PT, GREY, x, y(baseline), line))
    if badge["place"]:
        baseline = ORG_TOP_MM + len(org_lines) * line_mm
        baseline += fonts.regular.baseline(ORG_LINE) * ORG_PT * MM_PER_PT
        place = fonts.regular.fit(badge["place"], ORG_PT, width_pt)
        ops.append(_text(fonts.regular, ORG_PT, GREY, x, y(baseline), place))

    chip_w, chip_h = CHIP_MM
    for index, workshop in enumerate(badge["workshops"][:MAX_WORKSHOPS]):
        row_top = WORKSHOPS_TOP_MM + index * WORKSHOP_ROW_MM
        ops.append(_chip(workshop["colour"], x, y(row_top + chip_h), chip_w, chip_h))
        number = str(workshop["ods"])
        number_x = x + chip_w / 2 - fonts.bold.width(number, 7) / pdfdraw.PT_PER_MM / 2
        baseline = row_top + chip_h / 2 + 0.9
        ink = text_on(workshop["colour"])
        ops.append(_text(fonts.bold, 7, ink, number_x, y(baseline), number))
        label = workshop["name"] + (f" · {workshop['room']}" if workshop.get("room") else "")
        room_pt = (NAME_WIDTH_MM - chip_w - 2) * pdfdraw.PT_PER_MM
        label = fonts.regular.fit(label, WORKSHOP_PT, room_pt)
        ops.append(
            _text(fonts.regular, WORKSHOP_PT, "#1d2733", x + chip_w + 2, y(baseline + 0.1), label)
        )

    foot_top = height - MARGIN_MM - FOOT_HEIGHT_MM
    ops.append(_text(fonts.mono, CODE_PT, WHITE, x + 4, y(foot_top + 25), badge["code"]))
    qr_left = left + WIDTH_MM - MARGIN_MM - QR_INSET_MM - QR_MM
    qr_bottom = y(foot_top + QR_INSET_MM + QR_MM)
    size = QR_MM * pdfdraw.PT_PER_MM
    path = pdfdraw.qr_path(badge["code"], qr_left * pdfdraw.PT_PER_MM, qr_bottom, size, border=2)
    ops.append(f"0 0 0 rg\n{path}")
    return "\n".join(ops)


def _chip(colour: str, x_mm: float, bottom_pt: float, w_mm: float, h_mm: float) -> str:
    k = pdfdraw.PT_PER_MM
    return pdfdraw.rounded_rect(colour, x_mm * k, bottom_pt, w_mm * k, h_mm * k, 1 * k)


def _wrap(font: pdfdraw.Font, text: str, size: float, width: float, max_lines: int) -> list[str]:
    """Greedy lines at spaces; the last one cut with an ellipsis if the text goes on."""
    words, lines, current = text.split(), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if current and font.width(candidate, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [" ".join(lines[max_lines - 1 :])]
    return [font.fit(line, size, width) for line in lines]


def _cut_marks() -> str:
    """Six short grey lines on the A4 sheet where the guillotine cuts it into four badges."""
    k = pdfdraw.PT_PER_MM
    height = A4_MM[1]
    lines = [
        (105, 0, 105, 8), (105, 289, 105, 297), (0, 148.5, 8, 148.5),
        (202, 148.5, 210, 148.5), (101, 148.5, 109, 148.5), (105, 144.5, 105, 152.5),
    ]  # fmt: skip
    path = " ".join(
        f"{x1 * k:.2f} {(height - y1) * k:.2f} m {x2 * k:.2f} {(height - y2) * k:.2f} l"
        for x1, y1, x2, y2 in lines
    )
    return f"q 0.467 0.467 0.467 RG {0.2 * k:.2f} w {path} S Q"


CUT_MARKS = _cut_marks()
