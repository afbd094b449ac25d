"""Public programme, calendars, the speaker's answer page, and the organisers' programme page."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from seminar.editions.services import EditionError
from seminar.extensions import db, limiter
from seminar.forms import ButtonForm
from seminar.models import ProgrammeSession
from seminar.programme import calendar, forms, services
from seminar.web import (
    admin_required,
    edition_or_404,
    owned_or_404,
    public_edition_or_404,
    public_post_limit,
)

bp = Blueprint("programme", __name__)
ADMIN = "/admin/e/<slug>/programme"
PHOTO_ERRORS = {
    "photo_too_large": _l("The photo is too large (up to 2 MB and 4000 pixels a side)."),
    "photo_not_image": _l("The photo must be a JPEG, PNG or WebP image."),
}


@bp.app_template_global("my_day")
def my_day(participant):
    return services.my_day(participant)


@bp.app_template_global("zone_label")
def zone_label(name):
    return services.zone_label(name)


@bp.get("/e/<slug>/programme")
def public(slug):
    edition = public_edition_or_404(slug)
    return render_template("programme/public.html", edition=edition, days=services.days(edition))


def _ics(data: bytes, filename: str) -> Response:
    return Response(
        data,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/e/<slug>/programme.ics")
def edition_ics(slug):
    edition = public_edition_or_404(slug)
    return _ics(calendar.edition_ics(edition, services.sessions(edition)), f"{slug}.ics")


def _session_or_404(edition, session_id: int) -> ProgrammeSession:
    return owned_or_404(ProgrammeSession, session_id, edition)


@bp.get("/e/<slug>/programme/<int:session_id>.ics")
def session_ics(slug, session_id):
    session = _session_or_404(public_edition_or_404(slug), session_id)
    return _ics(calendar.session_ics(session), f"{slug}-{session_id}.ics")


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


@bp.get(ADMIN + "/")
@admin_required
def admin(slug):
    edition = edition_or_404(slug)
    return _admin_page(edition)


def _admin_page(edition, session_form=None, tz_form=None, status=200):
    return render_template(
        "programme/admin.html",
        edition=edition,
        days=services.days(edition),
        session_form=session_form or forms.SessionForm(duration_minutes=60),
        tz_form=tz_form or forms.TimezoneForm(second_timezone=edition.second_timezone),
        speaker_form=forms.SpeakerForm(),
        button=ButtonForm(),
    ), status


@bp.post(ADMIN + "/sessions")
@admin_required
def session_add(slug):
    edition = edition_or_404(slug)
    form = forms.SessionForm()
    if not form.validate_on_submit():
        return _admin_page(edition, session_form=form, status=422)
    starts_at = services.local_start(edition, form.day.data, form.start.data)
    services.add_session(edition, starts_at, **form.fields_data())
    db.session.commit()
    flash(_("Session added."), "success")
    return redirect(url_for(".admin", slug=slug))


@bp.route(ADMIN + "/sessions/<int:session_id>", methods=["GET", "POST"])
@admin_required
def session_edit(slug, session_id):
    edition = edition_or_404(slug)
    session = _session_or_404(edition, session_id)
    local = session.starts_at.astimezone(edition.tz)
    form = forms.SessionForm(obj=session, day=local.date(), start=local.time())
    if form.validate_on_submit():
        starts_at = services.local_start(edition, form.day.data, form.start.data)
        moved = services.change_session(session, starts_at, **form.fields_data())
        db.session.commit()
        flash(_("Session saved; its speakers have been emailed.") if moved else _("Session saved."))
        return redirect(url_for(".admin", slug=slug))
    return render_template(
        "programme/session.html", edition=edition, session=session, form=form,
        speaker_form=forms.SpeakerForm(),
    ), (422 if form.errors else 200)  # fmt: skip


@bp.post(ADMIN + "/sessions/<int:session_id>/speakers")
@admin_required
def speaker_add(slug, session_id):
    edition = edition_or_404(slug)
    session = _session_or_404(edition, session_id)
    form = forms.SpeakerForm()
    if form.validate_on_submit():
        services.add_speaker(
            session, role=form.role.data, name=form.name.data.strip(),
            email=(form.email.data or "").strip(), affiliation=form.affiliation.data or "",
            language=form.language.data,
        )  # fmt: skip
        db.session.commit()
        flash(_("Speaker added."), "success")
    return redirect(url_for(".session_edit", slug=slug, session_id=session_id))


@bp.post(ADMIN + "/invite")
@admin_required
def invite(slug):
    edition = edition_or_404(slug)
    if ButtonForm().validate_on_submit():
        queued = services.invite_speakers(edition)
        db.session.commit()
        flash(_("%(n)s speaker invitations queued.", n=queued), "success")
    return redirect(url_for(".admin", slug=slug))


@bp.post(ADMIN + "/timezone")
@admin_required
def timezone(slug):
    edition = edition_or_404(slug)
    form = forms.TimezoneForm()
    if form.validate_on_submit():
        try:
            services.set_second_timezone(edition, (form.second_timezone.data or "").strip())
        except EditionError as exc:
            form.second_timezone.errors.append(str(exc))
            return _admin_page(edition, tz_form=form, status=422)
        db.session.commit()
    return redirect(url_for(".admin", slug=slug))
