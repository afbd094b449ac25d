"""The organisers' messages page: write to a group, preview, test, send, follow the counts."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from seminar.announcements import forms, services
from seminar.extensions import db
from seminar.forms import ButtonForm
from seminar.models import Announcement, Edition, Round, Workshop
from seminar.models.participant import LANGUAGES
from seminar.web import edition_or_404, organiser_blueprint, owned_or_404

bp = organiser_blueprint("announcements", __name__, "/admin/e/<slug>/messages")


def _workshop_choices(edition: Edition) -> list[tuple[int, str]]:
    workshops = db.session.execute(
        select(Workshop, Round)
        .join(Round, Workshop.round_id == Round.id)
        .where(Workshop.edition_id == edition.id)
        .order_by(Round.position, Workshop.ods)
    ).all()
    return [(0, "—")] + [
        (w.id, f"{r.label} · ODS {w.ods}" + (f" · {w.title}" if w.title else ""))
        for w, r in workshops
    ]


def _form(edition: Edition, announcement: Announcement | None = None):
    data = {}
    if announcement is not None and request.method == "GET":
        data = {"audience": announcement.audience, "workshop": announcement.workshop_id or 0}
        for language, text in announcement.texts.items():
            data[f"subject_{language}"] = text["subject"]
            data[f"body_{language}"] = text["body"]
    form = forms.AnnouncementForm(data=data) if data else forms.AnnouncementForm()
    form.workshop.choices = _workshop_choices(edition)
    return form


def _index(edition: Edition, form, status: int = 200):
    announcements = services.listing(edition)
    return render_template(
        "announcements/index.html",
        edition=edition,
        form=form,
        announcements=announcements,
        counts={a.id: services.counts(a) for a in announcements},
        labels=forms.AUDIENCE_LABELS,
        placeholders=services.PLACEHOLDERS,
    ), status


@bp.get("/")
def index(slug):
    edition = edition_or_404(slug)
    return _index(edition, _form(edition))


@bp.post("/")
def create(slug):
    edition = edition_or_404(slug)
    form = _form(edition)
    if form.validate_on_submit():
        try:
            announcement = services.save(
                edition, form.audience.data, form.workshop.data or None, form.texts()
            )
        except services.AnnouncementError as exc:
            form.audience.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Message saved. Check the preview, then send it."), "success")
            return redirect(url_for(".detail", slug=slug, announcement_id=announcement.id))
    return _index(edition, form, 422)


def _detail(edition, announcement, form, status=200):
    previews, problems = {}, {}
    for language in announcement.texts:
        previews[language] = services.preview(announcement, language, current_user.email)
    people = services.recipients(announcement)
    missing = sorted({r.language for r in people} - set(announcement.texts))
    if missing:
        problems = {language: sum(r.language == language for r in people) for language in missing}
    return render_template(
        "announcements/detail.html",
        edition=edition,
        announcement=announcement,
        form=form,
        previews=previews,
        recipients=people,
        missing=problems,
        counts=services.counts(announcement),
        labels=forms.AUDIENCE_LABELS,
        placeholders=services.PLACEHOLDERS,
        test_form=forms.TestForm(),
        button=ButtonForm(),
        languages=LANGUAGES,
    ), status


@bp.route("/<int:announcement_id>", methods=["GET", "POST"])
def detail(slug, announcement_id):
    edition = edition_or_404(slug)
    announcement = owned_or_404(Announcement, announcement_id, edition)
    form = _form(edition, announcement)
    if form.validate_on_submit():
        try:
            services.save(
                edition,
                form.audience.data,
                form.workshop.data or None,
                form.texts(),
                announcement,
            )
        except services.AnnouncementError as exc:
            db.session.rollback()
            form.audience.errors.append(str(exc))
            announcement = owned_or_404(Announcement, announcement_id, edition)
            return _detail(edition, announcement, form, 422)
        db.session.commit()
        flash(_("Message saved. Check the preview, then send it."), "success")
        return redirect(url_for(".detail", slug=slug, announcement_id=announcement.id))
    return _detail(edition, announcement, form, 422 if form.errors else 200)


@bp.post("/<int:announcement_id>/test")
def test_send(slug, announcement_id):
    edition = edition_or_404(slug)
    announcement = owned_or_404(Announcement, announcement_id, edition)
    form = forms.TestForm()
    if form.validate_on_submit():
        try:
            services.send_test(announcement, form.language.data, current_user.email)
        except services.AnnouncementError as exc:
            flash(str(exc), "error")
        else:
            db.session.commit()
            flash(_("Test email queued to %(address)s.", address=current_user.email), "success")
    return redirect(url_for(".detail", slug=slug, announcement_id=announcement_id))


@bp.post("/<int:announcement_id>/send")
def send(slug, announcement_id):
    edition = edition_or_404(slug)
    announcement = owned_or_404(Announcement, announcement_id, edition)
    if ButtonForm().validate_on_submit():
        try:
            queued = services.send(announcement)
        except services.AnnouncementError as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            db.session.commit()
            flash(_("%(n)s messages queued.", n=queued), "success")
    return redirect(url_for(".detail", slug=slug, announcement_id=announcement_id))
