"""Public programme, calendars and the speaker's answer page (the organisers' page: admin.py)."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from seminar import session_times
from seminar.extensions import db, limiter
from seminar.models import ProgrammeSession
from seminar.programme import calendar, forms, services
from seminar.web import (
    attachment,
    owned_or_404,
    public_edition_or_404,
    public_post_limit,
)

bp = Blueprint("programme", __name__)
PHOTO_ERRORS = {
    "photo_too_large": _l("The photo is too large (up to 2 MB and 4000 pixels a side)."),
    "photo_not_image": _l("The photo must be a JPEG, PNG or WebP image."),
}


@bp.app_template_global("my_day")
def my_day(participant):
    return services.my_day(participant)


@bp.app_template_global("zone_label")
def zone_label(name):
    return session_times.zone_label(name)


@bp.get("/e/<slug>/programme")
def public(slug):
    edition = public_edition_or_404(slug)
    return render_template("programme/public.html", edition=edition, days=services.days(edition))


def _ics(data: bytes, filename: str) -> Response:
    return attachment(data, filename, "text/calendar")


@bp.get("/e/<slug>/programme.ics")
def edition_ics(slug):
    edition = public_edition_or_404(slug)
    return _ics(
        calendar.edition_ics(edition, services.sessions(edition), str(get_locale())), f"{slug}.ics"
    )


@bp.get("/e/<slug>/programme/<int:session_id>.ics")
def session_ics(slug, session_id):
    session = owned_or_404(ProgrammeSession, session_id, public_edition_or_404(slug))
    return _ics(calendar.session_ics(session, str(get_locale())), f"{slug}-{session_id}.ics")


def _speaker_or_404(token: str):
    speaker = services.by_token(token)
    if speaker is None:
        abort(404)
    return speaker


@bp.route("/speaker/<token>", methods=["GET", "POST"])
@limiter.limit(public_post_limit, methods=["POST"])
def speaker(token):
    person = _speaker_or_404(token)
    form = forms.AnswerForm(bio=person.bio, travel_needs=person.travel_needs)
    if form.validate_on_submit():
        upload = form.photo.data
        try:
            services.answer(
                person,
                form.answer.data == "accept",
                form.bio.data or "",
                form.travel_needs.data or "",
                upload.read() if upload else None,
            )
        except services.ProgrammeError as exc:
            form.photo.errors.append(PHOTO_ERRORS[str(exc)])
        else:
            db.session.commit()
            flash(_("Thank you: your answer is saved."), "success")
            return redirect(url_for(".speaker", token=token))
    return render_template(
        "programme/speaker.html", speaker=person, session=person.session,
        edition=person.session.edition, form=form,
    ), (422 if form.errors else 200)  # fmt: skip


@bp.get("/programme/photos/<photo_id>")
def photo(photo_id):
    """A speaker's photo by its public id, which opens nothing else."""
    person = services.by_photo_id(photo_id)
    if person is None or not person.photo:
        abort(404)
    return Response(person.photo, mimetype=person.photo_type)
