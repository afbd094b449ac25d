"""The organisers' invitations page: invitees (CSV or one by one), letters, sending, reminders."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from seminar import spreadsheets
from seminar.csvfile import CsvError
from seminar.extensions import db
from seminar.forms import ButtonForm
from seminar.invitations import forms, invitees, letters, services
from seminar.models import Edition, Invitation
from seminar.models.invitation import LETTER_KINDS
from seminar.models.participant import LANGUAGES
from seminar.web import edition_or_404, organiser_blueprint, owned_or_404

bp = organiser_blueprint("invitations_admin", __name__, "/admin/e/<slug>/invitations")


def _page(edition: Edition, **forms_):
    segments = services.segments(edition)
    send_form = forms_.pop("send_form", None) or forms.SendForm()
    send_form.segment.choices = [("", _("All segments"))] + [(s, s or "—") for s, _n in segments]
    services.sync_registered(edition)
    listed = db.session.scalars(
        select(Invitation)
        .where(Invitation.edition_id == edition.id)
        .order_by(Invitation.segment, Invitation.last_name)
        .limit(1000)
    ).all()
    settings = services.campaign(edition)
    return render_template(
        "invitations/index.html",
        edition=edition,
        counts=services.counts(edition),
        segments=segments,
        invitees=listed,
        settings=settings,
        import_form=forms_.pop("import_form", None) or forms.ImportForm(),
        invitee_form=forms_.pop("invitee_form", None) or forms.InviteeForm(),
        send_form=send_form,
        reminder_form=forms.ReminderForm(
            remind_at=settings.remind_at.replace(tzinfo=None) if settings.remind_at else None
        ),
        test_form=forms.TestSendForm(),
        button=ButtonForm(),
        kinds=("invitation", "reminder"),
        languages=LANGUAGES,
    )


@bp.get("/")
def index(slug):
    return _page(edition_or_404(slug))


@bp.post("/import")
def import_csv(slug):
    edition = edition_or_404(slug)
    form = forms.ImportForm()
    if form.validate_on_submit():
        try:
            sheet = (form.sheet.data or "").strip() or None
            table = spreadsheets.read(form.file.data.read(), sheet)
            rows = invitees.invitee_rows(table)
        except CsvError as exc:
            form.file.errors.append(str(exc))
        else:
            segment = (form.segment.data or "").strip() or None
            counts = invitees.import_invitees(edition, rows, segment)
            db.session.commit()
            flash(spreadsheets.summary(table), "info")
            created, updated = counts["created"], counts["updated"]
            message = _("Imported: %(c)s new, %(u)s changed.", c=created, u=updated)
            flash(message, "success")
            return redirect(url_for(".index", slug=slug))
    return _page(edition, import_form=form), 422


@bp.post("/add")
def add(slug):
    edition = edition_or_404(slug)
    form = forms.InviteeForm()
    if form.validate_on_submit():
        problems = invitees.add_invitee(edition, form.data)
        for column, problem in problems:
            if column in form:
                form[column].errors.append(problem)
        if not problems:
            db.session.commit()
            flash(_("Invitee saved."), "success")
            return redirect(url_for(".index", slug=slug))
    return _page(edition, invitee_form=form), 422


@bp.post("/send")
def send(slug):
    edition = edition_or_404(slug)
    form = forms.SendForm()
    form.segment.choices = [("", "")] + [(s, s) for s, _n in services.segments(edition)]
    if form.validate_on_submit():
        segment = form.segment.data or None
        try:
            queued = services.send(edition, segment)
        except services.InvitationError as exc:
            flash(str(exc), "error")
        else:
            db.session.commit()
            flash(_("%(n)s invitations queued.", n=queued), "success")
    return redirect(url_for(".index", slug=slug))


@bp.post("/reminders")
def reminders(slug):
    edition = edition_or_404(slug)
    form = forms.ReminderForm()
    if form.validate_on_submit():
        value = form.remind_at.data
        moment = edition.local(value) if value else None
        services.set_reminder(edition, moment)
        try:
            queued = services.remind(edition)
        except services.InvitationError as exc:
            flash(str(exc), "error")
            db.session.rollback()
            return redirect(url_for(".index", slug=slug))
        db.session.commit()
        flash(_("Reminder date saved; %(n)s reminders queued now.", n=queued), "success")
    return redirect(url_for(".index", slug=slug))


@bp.route("/letters/<kind>/<language>", methods=["GET", "POST"])
def letter(slug, kind, language):
    edition = edition_or_404(slug)
    if kind not in LETTER_KINDS or language not in LANGUAGES:
        abort(404)
    subject, body = services.letter(edition, kind, language)
    form = forms.LetterForm(subject=subject, body=body)
    if form.validate_on_submit():
        try:
            services.save_letter(edition, kind, language, form.subject.data, form.body.data)
        except letters.LetterError as exc:
            form.body.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Letter saved."), "success")
            return redirect(url_for(".index", slug=slug))
    return render_template(
        "invitations/letter.html",
        edition=edition,
        form=form,
        kind=kind,
        language=language,
        placeholders=letters.PLACEHOLDERS,
    ), (422 if form.errors else 200)


@bp.get("/<int:invitation_id>/preview")
def preview(slug, invitation_id):
    edition = edition_or_404(slug)
    invitation = owned_or_404(Invitation, invitation_id, edition)
    kind = request.args.get("kind", "invitation")
    if kind not in LETTER_KINDS:
        abort(404)
    try:
        rendered = services.preview(invitation, kind)
    except letters.LetterError as exc:
        return render_template(
            "invitations/preview.html", edition=edition, invitation=invitation, error=str(exc)
        ), 422
    return render_template(
        "invitations/preview.html",
        edition=edition,
        invitation=invitation,
        rendered=rendered,
        kind=kind,
    )


@bp.post("/test")
def test_send(slug):
    edition = edition_or_404(slug)
    form = forms.TestSendForm()
    if form.validate_on_submit():
        try:
            services.send_test(edition, form.kind.data, form.language.data, current_user.email)
        except letters.LetterError as exc:
            flash(str(exc), "error")
        else:
            db.session.commit()
            flash(_("Test email queued to %(address)s.", address=current_user.email), "success")
    return redirect(url_for(".index", slug=slug))
