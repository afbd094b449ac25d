"""Badges as print-ready PDF: plain dicts in, PDF bytes out."""

from collections.abc import Sequence
from pathlib import Path

import jinja2

from seminar import pdf, qr
from seminar.textfit import MM_PER_PT, fit_text

LAYOUTS = {"a6": 1, "a4-4up": 4}
# The name box of an A6 badge: 105 mm less 6 mm margins.
NAME_WIDTH_MM = 93
FIRST_NAME_PT = (34, 18)
LAST_NAME_PT = (16, 9)
# Height of the names box and the line heights set in badge.css, to centre the names in it.
NAMES_HEIGHT_MM = 36
FIRST_LINE_HEIGHT, LAST_LINE_HEIGHT, LAST_MARGIN_MM = 1.05, 1.1, 1

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
    workers: int = 2,
    progress: pdf.Progress | None = None,
    root: str | Path = pdf.STATIC_DIR,
    env: jinja2.Environment | None = None,
) -> bytes:
    """One PDF with a badge for each of `badges`, in order.

    A badge: code, first_name, last_name, institution, city, country, role (participant,
    speaker, organiser or press), workshops [{ods, colour, name, room}].
    """
    per_sheet = LAYOUTS[layout]
    template = (env or pdf.template_environment()).get_template("pdf/badge.html")
    context = {
        "edition": edition,
        "labels": labels or DEFAULT_LABELS,
        "layout": layout,
        "lang": lang,
        "pages_marker": pdf.PAGES_MARKER,
    }
    macros = template.make_module(context)
    prepared = [_prepare(badge) for badge in badges]
    sheets = [
        str(macros.sheet(prepared[start : start + per_sheet]))
        for start in range(0, len(prepared), per_sheet)
    ]

    def sheets_to_badges(done: int, total: int) -> None:
        progress(min(done * per_sheet, len(badges)), len(badges))

    return pdf.render_batch(
        sheets,
        template.render(context),
        root=root,
        workers=workers,
        progress=sheets_to_badges if progress else None,
    )


def _prepare(badge: dict) -> dict:
    first = fit_text(
        badge["first_name"], NAME_WIDTH_MM, max_pt=FIRST_NAME_PT[0], min_pt=FIRST_NAME_PT[1]
    )
    last = fit_text(
        badge["last_name"],
        NAME_WIDTH_MM,
        max_pt=LAST_NAME_PT[0],
        min_pt=LAST_NAME_PT[1],
        max_lines=1,
    )
    first_height = MM_PER_PT * len(first.lines) * first.size_pt * FIRST_LINE_HEIGHT
    last_height = MM_PER_PT * last.size_pt * LAST_LINE_HEIGHT
    # Centre the names in their box: half the room above the first name, half below the last.
    room = max(0.0, NAMES_HEIGHT_MM - first_height - last_height - LAST_MARGIN_MM)
    place = ", ".join(part for part in (badge.get("city"), badge.get("country")) if part)
    return {
        **badge,
        "place": place,
        "qr_src": qr.qr_png_data_uri(badge["code"]),
        "first_name_fit": first,
        "last_name_fit": last,
        "names_padding_mm": round(room / 2, 2),
        "last_name_height_mm": round(last_height + room / 2, 2),
    }
