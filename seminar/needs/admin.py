"""The organisers' catering and access page, and its exports for the caterer and the venue."""

from flask import Response, abort, render_template

from seminar import exports
from seminar.needs import services
from seminar.web import edition_or_404, organiser_blueprint

bp = organiser_blueprint("needs", __name__, "/admin/e/<slug>/needs")


@bp.get("/")
def index(slug):
    edition = edition_or_404(slug)
    days, people = services.summary(edition)
    return render_template("needs/index.html", edition=edition, days=days, people=people)


@bp.get("/export.<fmt>")
def export(slug, fmt):
    edition = edition_or_404(slug)
    rows = services.export_rows(edition)
    if fmt == "xlsx":
        return Response(
            exports.to_xlsx(rows, services.EXPORT_COLUMNS, "needs"),
            mimetype=exports.XLSX_TYPE,
            headers={"Content-Disposition": f"attachment; filename={slug}-needs.xlsx"},
        )
    if fmt != "csv":
        abort(404)
    return Response(
        exports.to_csv(rows, services.EXPORT_COLUMNS),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={slug}-needs.csv"},
    )
