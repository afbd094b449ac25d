"""One badge on demand at the desk, and the participant's wallet page with their QR (the
organisers' batch page: admin.py)."""

from flask import (
    Blueprint,
    abort,
    render_template,
)

from seminar import ods, qr
from seminar.badges import services
from seminar.extensions import db
from seminar.registration import services as registration
from seminar.web import edition_or_404, or_404, pdf_download, role_required

bp = Blueprint("badges", __name__)
ADMIN = "/admin/e/<slug>/badges"


@bp.get(f"{ADMIN}/<int:participant_id>.pdf")
@role_required("admin", "checkin")
def one(slug, participant_id):
    edition = edition_or_404(slug)
    person = or_404(services.participant(edition, participant_id))
    try:
        data = services.one(person)
    except services.BadgeError:
        abort(404)
    services.mark_printed([person.id])
    db.session.commit()
    return pdf_download(data, f"badge-{participant_id}.pdf")


@bp.get("/manage/<token>/badge")
def wallet(token):
    person = or_404(registration.by_token(token))
    if person.status != "confirmed" or not person.badge_code:
        abort(404)
    return render_template(
        "badges/wallet.html",
        person=person,
        edition=person.edition,
        qr_svg=qr.qr_svg(person.badge_code, border=4),
        goals=ods.goals(),
    )
