"""The traveller's page: a participant's (from their private link) or a speaker's (from their
invitation link) arrival, departure and hotel need."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _

from seminar.extensions import db, limiter
from seminar.programme import services as programme
from seminar.registration import services as registration
from seminar.travel import services
from seminar.travel.forms import MEANS_LABELS, STATUS_LABELS, TravelForm
from seminar.web import or_404, public_post_limit

bp = Blueprint("travel", __name__)


@bp.app_template_global("travel_request")
def travel_request(person=None, speaker=None):
    """A participant's or a speaker's request, for the part of their page that shows it."""
    return services.of_participant(person) if person else services.of_speaker(speaker)


@bp.app_template_global("travel_offered")
def travel_offered(edition) -> bool:
    return services.offered(edition)


@bp.app_template_filter("iso_day")
def iso_day(value: str) -> str:
    """A day an email carries as ISO text, written out in the email's language."""
    return format_date(date.fromisoformat(value), "full") if value else ""


@bp.app_template_global("means_label")
def means_label(means: str) -> str:
    return str(MEANS_LABELS.get(means, means))


@bp.app_template_global("travel_status_label")
def travel_status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


@bp.route("/manage/<token>/travel", methods=["GET", "POST"])
@limiter.limit(public_post_limit, methods=["POST"])
def participant(token):
    person = or_404(registration.by_token(token))
    if person.status == "cancelled" or not services.offered(person.edition):
        abort(404)
    back = url_for("registration.manage", token=token)
    return _page(person.edition, services.of_participant(person), back, person.full_name,
                 lambda data: services.save_for_participant(person, data))  # fmt: skip


@bp.route("/speaker/<token>/travel", methods=["GET", "POST"])
@limiter.limit(public_post_limit, methods=["POST"])
def speaker(token):
    person = or_404(programme.by_token(token))
    edition = person.session.edition
    if person.status == "declined" or not services.offered(edition):
        abort(404)
    back = url_for("programme.speaker", token=token)
    return _page(edition, services.of_speaker(person), back, person.name,
                 lambda data: services.save_for_speaker(person, data))  # fmt: skip


def _page(edition, current, back: str, name: str, save):
    """Show the request, and save it when it holds together; errors stay next to their field
    with everything typed kept."""
    form = TravelForm(
        data=vars(services.TravelData.of(current)) if request.method == "GET" else None
    )
    editable = services.can_change(edition)
    if editable and form.validate_on_submit():
        try:
            save(form.travel_data())
        except services.TravelError as exc:
            db.session.rollback()
            form.show_errors(exc.errors, services.window(edition))
        else:
            db.session.commit()
            flash(
                _("Your travel details are saved. The organisers will write when it is booked."),
                "success",
            )
            return redirect(back)
    return render_template(
        "travel/form.html", edition=edition, form=form, current=current, back=back, name=name,
        editable=editable,
    ), (422 if form.errors else 200)  # fmt: skip
