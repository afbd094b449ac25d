"""The booker's page: an edition's travel requests filtered, totals per day and night, the
mark (booked with a note, or not needed), and the CSV and Excel lists."""

from datetime import date
from urllib.parse import parse_qsl

from flask import (
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from seminar.extensions import db
from seminar.models import TravelRequest
from seminar.models.travel import TRAVEL_STATUSES
from seminar.travel import listing, services
from seminar.travel.forms import MarkForm
from seminar.web import edition_or_404, organiser_blueprint, owned_or_404, table_download

bp = organiser_blueprint("travel_admin", __name__, "/admin/e/<slug>/travel")
FILTER_KEYS = ("hotel", "status", "arrival", "kind", "delegation")


def _filters() -> listing.Filters:
    args = request.args
    try:
        arrival = date.fromisoformat(args.get("arrival", ""))
    except ValueError:
        arrival = None
    return listing.Filters(
        hotel=args.get("hotel", "") if args.get("hotel") in ("yes", "no") else "",
        status=args.get("status", "") if args.get("status") in TRAVEL_STATUSES else "",
        arrival=arrival,
        kind=args.get("kind", "") if args.get("kind") in ("participant", "speaker") else "",
        delegation=args.get("delegation", "").strip(),
    )


@bp.get("/")
def index(slug):
    edition = edition_or_404(slug)
    people = listing.travellers(edition)
    filters = _filters()
    shown = listing.filtered(people, filters)
    return render_template(
        "travel/admin.html",
        edition=edition,
        people=shown,
        total=len(people),
        filters=filters,
        totals=listing.totals(people),
        arrival_days=sorted({t.request.arrival_on for t in people}),
        delegations=listing.delegations(people),
        unstructured=listing.speakers_without_request(edition),
        forms={t.request.id: MarkForm(obj=t.request, prefix=f"r{t.request.id}") for t in shown},
        query=request.query_string.decode(),
    )


@bp.post("/<int:request_id>")
def mark(slug, request_id):
    edition = edition_or_404(slug)
    travel = owned_or_404(TravelRequest, request_id, edition)
    form = MarkForm(prefix=f"r{request_id}")
    if form.validate_on_submit():
        emailed = services.mark(travel, form.status.data, form.booking_note.data or "")
        db.session.commit()
        flash(_("Saved; the traveller is emailed the booking.") if emailed else _("Saved."),
              "success")  # fmt: skip
    else:
        flash(_("Nothing was saved: %(errors)s", errors="; ".join(
            str(e) for errors in form.errors.values() for e in errors)), "error")  # fmt: skip
    # Back to the list as it was filtered; only the filters' own keys are carried.
    kept = {k: v for k, v in parse_qsl(request.form.get("back", "")) if k in FILTER_KEYS}
    return redirect(url_for(".index", slug=slug, **kept, _anchor=f"request-{request_id}"))


@bp.get("/export.<fmt>")
def export(slug, fmt):
    """Streamed, with the page's filters; every cell through safe_cell."""
    edition = edition_or_404(slug)
    rows = listing.export_rows(listing.filtered(listing.travellers(edition), _filters()))
    return table_download(rows, listing.EXPORT_COLUMNS, f"{slug}-travel", fmt, "travel")
