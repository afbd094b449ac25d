"""The organisers' catering and access page, and its exports for the caterer and the venue."""

from flask import render_template

from seminar.needs import services
from seminar.web import edition_or_404, organiser_blueprint, table_download

bp = organiser_blueprint("needs", __name__, "/admin/e/<slug>/needs")


@bp.get("/")
def index(slug):
    edition = edition_or_404(slug)
    days, people = services.summary(edition)
    return render_template("needs/index.html", edition=edition, days=days, people=people)


@bp.get("/export.<fmt>")
def export(slug, fmt):
    rows = services.export_rows(edition_or_404(slug))
    return table_download(rows, services.EXPORT_COLUMNS, f"{slug}-needs", fmt, "needs")
