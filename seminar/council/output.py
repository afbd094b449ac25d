"""The report as files: the PDF for the Council (through seminar/pdf.py, charts as inline SVG)
and the XLSX with one sheet per table."""

from flask import render_template
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from seminar import content, exports, pdf
from seminar.council.groups import MINIMUM, shown
from seminar.council.tables import Report


def rule() -> str:
    return _(
        "Groups of fewer than %(n)s people (by country, city, member city, type of actor or "
        "gender) are merged into “others / small groups”, so that no one can be singled out; "
        "a count that would still be between 1 and %(m)s is shown as “< %(n)s”. Counts per day "
        "and per workshop are whole: they describe the activity, not a group of people.",
        n=MINIMUM,
        m=MINIMUM - 1,
    )


def pdf_bytes(report: Report, language: str) -> bytes:
    html = render_template(
        "pdf/council_report.html",
        edition=report.figures.edition,
        report=report,
        shown=shown,
        rule=rule(),
        lang=language,
        for_pdf=True,
    )
    return pdf.render_pdf(html, root=pdf.STATIC_DIR)


def _breakdown_rows(b) -> list[list]:
    rows = [[g.label, shown(g.registered), shown(g.attended)] for g in b.groups]
    return rows + [[b.total.label, shown(b.total.registered), shown(b.total.attended)]]


SHEETS = {
    "country": _l("Country"),
    "city": _l("City"),
    "actor": _l("Type of actor"),
    "member": _l("Member cities"),
    "gender": _l("Gender"),
}


def xlsx_bytes(report: Report) -> bytes:
    language = str(get_locale())
    registered, attended = _("Registered"), _("Attended")
    sheets = [
        (_("Summary"), [_("Figure"), _("Value")],
         [[label, value] for _k, label, value in report.headline] + [[_("Rule"), rule()]]),
        (_("Days"), [_("Day"), registered, attended],
         [[d["day"].isoformat(), d["registered"], d["attended"]] for d in report.days]),
        (_("Workshops"),
         [_("Round"), "ODS", _("Room"), _("Seats"), _("Assigned"), attended,
          _("Scanned at the door")],
         [[content.localized(w.round, "label", language), w.ods,
           content.localized(w.room, "name", language), w.seats, w.assigned, w.attended,
           w.at_door] for w in report.workshops]),
    ]  # fmt: skip
    for b in report.breakdowns:
        sheets.append((str(SHEETS[b.key]), [b.column, registered, attended], _breakdown_rows(b)))
    return exports.workbook(sheets)
