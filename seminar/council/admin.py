"""The report for the Council (organisers only): the page, its PDF in es/pt/en, its XLSX, and
editions compared side by side."""

from flask import abort, render_template, request
from flask_babel import force_locale
from sqlalchemy import select

from seminar import exports
from seminar.council import figures, output, tables
from seminar.council.groups import shown
from seminar.extensions import db
from seminar.models import Edition
from seminar.models.participant import LANGUAGES
from seminar.web import attachment, edition_or_404, organiser_blueprint, pdf_download

bp = organiser_blueprint("council", __name__, "/admin/e/<slug>/report")


def _others(edition: Edition) -> list[Edition]:
    return list(
        db.session.scalars(
            select(Edition).where(Edition.id != edition.id).order_by(Edition.starts_on.desc())
        )
    )


@bp.get("/")
def report(slug):
    edition = edition_or_404(slug)
    others = _others(edition)
    return render_template(
        "council/report.html",
        edition=edition,
        report=tables.report(figures.count(edition)),
        others=others,
        previous=next((e for e in others if e.starts_on < edition.starts_on), None),
        shown=shown,
        rule=output.rule(),
    )


@bp.get("/report.pdf")
def pdf(slug):
    edition = edition_or_404(slug)
    language = request.args.get("lang", "es")
    if language not in LANGUAGES:
        abort(404)
    with force_locale(language):
        data = output.pdf_bytes(tables.report(figures.count(edition)), language)
    return pdf_download(data, f"{slug}-council-report-{language}.pdf")


@bp.get("/report.xlsx")
def xlsx(slug):
    edition = edition_or_404(slug)
    data = output.xlsx_bytes(tables.report(figures.count(edition)))
    return attachment(data, f"{slug}-council-report.xlsx", exports.XLSX_TYPE)


@bp.get("/compare")
def compare(slug):
    """This edition beside another one (`with`: its slug), earlier edition first."""
    edition = edition_or_404(slug)
    other = edition_or_404(request.args.get("with", ""))
    if other.id == edition.id:
        abort(404)
    pair = sorted((edition, other), key=lambda e: (e.starts_on, e.id))
    comparison = tables.compare([tables.report(figures.count(e)) for e in pair])
    return render_template(
        "council/compare.html",
        edition=edition,
        other=other,
        choices=_others(edition),
        comparison=comparison,
        rule=output.rule(),
    )
