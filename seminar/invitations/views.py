"""The campaign page for organisers; the invitee's personal link, decline and unsubscribe."""

import re

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape
from sqlalchemy import select

from seminar import spreadsheets
from seminar.csvfile import CsvError, check_row
from seminar.extensions import db, limiter
from seminar.forms import ButtonForm
from seminar.invitations import forms, letters, services
from seminar.models import Edition, Invitation
from seminar.models.invitation import LETTER_KINDS
from seminar.models.participant import LANGUAGES
from seminar.web import admin_required, edition_or_404, owned_or_404, public_post_limit

bp = Blueprint("invitations", __name__)
ADMIN = "/admin/e/<slug>/invitations"
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_LINK = re.compile(r"(https?://[^\s<]+)")


@bp.app_template_filter("letter_html")
def letter_html(text: str) -> Markup:
    """The organiser's plain letter as HTML paragraphs: **bold** and links made live."""
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        html = str(escape(block))
        html = _BOLD.sub(r"<strong>\1</strong>", html)
        html = _LINK.sub(r'<a href="\1" style="color:#00689d">\1</a>', html)
        paragraphs.append("<p>" + html.replace("\n", "<br>") + "</p>")
    return Markup("\n".join(paragraphs))  # noqa: S704  (built from escaped text)


@bp.app_template_filter("letter_text")
def letter_text(text: str) -> str:
    return _BOLD.sub(r"\1", text)


def _page(edition: Edition, **forms_):
    segments = services.segments(edition)
    send_form = forms_.pop("send_form", None) or forms.SendForm()
    send_form.segment.choices = [("", _("All segments"))] + [(s, s or "—") for s, _n in segments]
    services.sync_registered(edition)
    invitees = db.session.scalars(
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
        invitees=invitees,
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


@bp.get(ADMIN + "/")
@admin_required
def index(slug):
    return _page(edition_or_404(slug))


@bp.post(ADMIN + "/import")
@admin_required
def import_csv(slug):
    edition = edition_or_404(slug)
    form = forms.ImportForm()
    if form.validate_on_submit():
        try:
            sheet = (form.sheet.data or "").strip() or None
            table = spreadsheets.read(form.file.data.read(), sheet)
            rows = services.invitee_rows(table)
        except CsvError as exc:
            form.file.errors.append(str(exc))
        else:
            segment = (form.segment.data or "").strip() or None
            counts = services.import_invitees(edition, rows, segment)
            db.session.commit()
            flash(spreadsheets.summary(table), "info")
            created, updated = counts["created"], counts["updated"]
            message = _("Imported: %(c)s new, %(u)s changed.", c=created, u=updated)
            flash(message, "success")
            return redirect(url_for(".index", slug=slug))
    return _page(edition, import_form=form), 422


@bp.post(ADMIN + "/add")
@admin_required
def add(slug):
    edition = edition_or_404(slug)
    form = forms.InviteeForm()
    if form.validate_on_submit():
        values = {**form.data, "role": "participant"}
        values, _prefs, problems = check_row(values)
        extra = {k: " ".join((form[k].data or "").split()) for k in services.EXTRA_COLUMNS}
        for column, problem in problems:
            if column in form:
                form[column].errors.append(problem)
        if not problems:
            services.save_invitee(edition, {**values, **extra})
            db.session.commit()
            flash(_("Invitee saved."), "success")
            return redirect(url_for(".index", slug=slug))
    return _page(edition, invitee_form=form), 422


@bp.post(ADMIN + "/send")
@admin_required
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


@bp.post(ADMIN + "/reminders")
@admin_required
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


@bp.route(ADMIN + "/letters/<kind>/<language>", methods=["GET", "POST"])
@admin_required
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


@bp.get(ADMIN + "/<int:invitation_id>/preview")
@admin_required
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


@bp.post(ADMIN + "/test")
@admin_required
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


def _invitation_or_404(token: str) -> Invitation:
    invitation = services.by_token(token)
    if invitation is None:
        abort(404)
    return invitation


@bp.get("/i/<token>")
def follow(token):
    invitation = _invitation_or_404(token)
    services.follow(invitation)
    db.session.commit()
    return redirect(
        url_for(
            "registration.register",
            slug=invitation.edition.slug,
            invite=token,
            lang=invitation.language,
        )
    )


@bp.route("/i/<token>/decline", methods=["GET", "POST"])
@limiter.limit(public_post_limit, methods=["POST"])
def decline(token):
    invitation = _invitation_or_404(token)
    form = ButtonForm()
    done = False
    if form.validate_on_submit():
        try:
            services.decline(invitation)
        except services.InvitationError:
            flash(_("You are already registered: cancel through your private link."), "info")
        else:
            db.session.commit()
            done = True
    return render_template(
        "invitations/decline.html", invitation=invitation, edition=invitation.edition,
        form=form, done=done or invitation.status == "declined",
    )  # fmt: skip


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@limiter.limit(public_post_limit, methods=["POST"])
def unsubscribe(token):
    found = services.read_unsubscribe_token(token)
    edition = db.session.get(Edition, found[0]) if found else None
    if edition is None:
        abort(404)
    form = ButtonForm()
    if form.validate_on_submit():
        services.unsubscribe(edition.id, found[1])
        db.session.commit()
    return render_template(
        "invitations/unsubscribe.html", edition=edition, form=form,
        done=services.is_unsubscribed(edition.id, found[1]),
    )  # fmt: skip
