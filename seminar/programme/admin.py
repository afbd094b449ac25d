"""The organisers' programme page: sessions, speakers, their invitations, a second time zone."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from seminar.editions.services import EditionError
from seminar.extensions import db
from seminar.forms import ButtonForm
from seminar.models import ProgrammeSession
from seminar.programme import forms, services
from seminar.web import edition_or_404, organiser_blueprint, owned_or_404

bp = organiser_blueprint("programme_admin", __name__, "/admin/e/<slug>/programme")


@bp.get("/")
def page(slug):
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


@bp.post("/sessions")
def session_add(slug):
    edition = edition_or_404(slug)
    form = forms.SessionForm()
    if not form.validate_on_submit():
        return _admin_page(edition, session_form=form, status=422)
    starts_at = services.local_start(edition, form.day.data, form.start.data)
    services.add_session(edition, starts_at, **form.fields_data())
    db.session.commit()
    flash(_("Session added."), "success")
    return redirect(url_for(".page", slug=slug))


@bp.route("/sessions/<int:session_id>", methods=["GET", "POST"])
def session_edit(slug, session_id):
    edition = edition_or_404(slug)
    session = owned_or_404(ProgrammeSession, session_id, edition)
    local = session.starts_at.astimezone(edition.tz)
    form = forms.SessionForm(obj=session, day=local.date(), start=local.time())
    if form.validate_on_submit():
        starts_at = services.local_start(edition, form.day.data, form.start.data)
        moved = services.change_session(session, starts_at, **form.fields_data())
        db.session.commit()
        flash(_("Session saved; its speakers have been emailed.") if moved else _("Session saved."))
        return redirect(url_for(".page", slug=slug))
    return render_template(
        "programme/session.html", edition=edition, session=session, form=form,
        speaker_form=forms.SpeakerForm(),
    ), (422 if form.errors else 200)  # fmt: skip


@bp.post("/sessions/<int:session_id>/speakers")
def speaker_add(slug, session_id):
    edition = edition_or_404(slug)
    session = owned_or_404(ProgrammeSession, session_id, edition)
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


@bp.post("/invite")
def invite(slug):
    edition = edition_or_404(slug)
    if ButtonForm().validate_on_submit():
        queued = services.invite_speakers(edition)
        db.session.commit()
        flash(_("%(n)s speaker invitations queued.", n=queued), "success")
    return redirect(url_for(".page", slug=slug))


@bp.post("/timezone")
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
    return redirect(url_for(".page", slug=slug))
