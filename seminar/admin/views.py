"""Organisers' pages: editions, rooms and workshops, the outbox and the audit log."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from seminar import content, email, ods, spreadsheets
from seminar.admin.forms import EditionForm, RoomForm, WorkshopsImportForm
from seminar.csvfile import CsvError
from seminar.editions import services as editions
from seminar.extensions import db
from seminar.models import AuditEntry, Edition, OutboxMessage, Participant
from seminar.web import admin_required, edition_or_404, role_required

bp = Blueprint("admin", __name__, url_prefix="/admin")
PAGE = 100


@bp.get("/")
@role_required("admin", "checkin")
def home():
    if current_user.role == "checkin":
        return redirect(url_for("checkin.app"))
    rows = db.session.execute(
        select(Edition, func.count(Participant.id))
        .outerjoin(
            Participant,
            (Participant.edition_id == Edition.id) & (Participant.status != "cancelled"),
        )
        .group_by(Edition.id)
        .order_by(Edition.starts_on.desc())
    ).all()
    queued = db.session.scalar(
        select(func.count()).where(OutboxMessage.state.in_(("queued", "sending")))
    )
    return render_template("admin/home.html", rows=rows, queued=queued)


@bp.route("/editions/new", methods=["GET", "POST"])
@admin_required
def edition_new():
    form = EditionForm()
    if form.validate_on_submit():
        try:
            edition = editions.create(
                form.slug.data,
                form.name.data,
                form.city.data,
                form.starts_on.data,
                form.ends_on.data,
                form.timezone.data,
                capacity=form.capacity.data,
            )
            editions.update(edition, {**form.data})
        except editions.EditionError as exc:
            form.slug.errors.append(str(exc))
        else:
            db.session.commit()
            return redirect(url_for(".edition", slug=edition.slug))
    return render_template("admin/edition_form.html", form=form, edition=None), (
        422 if form.errors else 200
    )


@bp.route("/e/<slug>/", methods=["GET", "POST"])
@admin_required
def edition(slug):
    edition = edition_or_404(slug)
    form = EditionForm(data=editions.form_data(edition) if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            editions.update(edition, form.data)
        except editions.EditionError as exc:
            db.session.rollback()
            form.capacity.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for(".edition", slug=slug))
    return render_template(
        "admin/edition.html",
        edition=edition,
        form=form,
        room_form=RoomForm(),
        import_form=WorkshopsImportForm(),
        goals=ods.goals(),
    ), (422 if form.errors else 200)


@bp.post("/e/<slug>/rooms")
@admin_required
def room_save(slug):
    edition = edition_or_404(slug)
    form = RoomForm()
    if form.validate_on_submit():
        editions.save_room(edition, form.name.data, form.capacity.data)
        db.session.commit()
        flash(_("Saved."), "success")
    else:
        flash(_("Check the room's name and capacity."), "error")
    return redirect(url_for(".edition", slug=slug) + "#rooms")


@bp.post("/e/<slug>/workshops/import")
@admin_required
def workshops_import(slug):
    edition = edition_or_404(slug)
    form = WorkshopsImportForm()
    if form.validate_on_submit():
        try:
            sheet = (form.sheet.data or "").strip() or None
            table = spreadsheets.read(form.file.data.read(), sheet)
            counts = editions.import_workshops(edition, editions.workshop_rows(table))
        except CsvError as exc:
            db.session.rollback()
            for error in exc.errors[:20]:
                flash(error, "error")
        else:
            db.session.commit()
            flash(spreadsheets.summary(table), "info")
            flash(
                _(
                    "Workshops imported: %(created)s new, %(updated)s changed, "
                    "%(unchanged)s unchanged.",
                    **counts,
                ),
                "success",
            )
    return redirect(url_for(".edition", slug=slug) + "#workshops")


@bp.route("/e/<slug>/translations", methods=["GET", "POST"])
@admin_required
def translations(slug):
    """Every organiser text of the edition beside its version in one language, to fill."""
    edition = edition_or_404(slug)
    own = content.edition_language(edition)
    others = [code for code in content.LANGUAGES if code != own]
    language = request.values.get("lang") if request.values.get("lang") in others else others[0]
    status = 200
    if request.method == "POST":
        prefix = "text-"
        values = {k[len(prefix) :]: v for k, v in request.form.items() if k.startswith(prefix)}
        try:
            changed = content.save(edition, language, values)
        except content.ContentError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            status = 422
        else:
            db.session.commit()
            flash(_("Translations saved: %(count)s.", count=changed), "success")
            return redirect(url_for(".translations", slug=slug, lang=language))
    return render_template(
        "admin/translations.html",
        edition=edition,
        own=own,
        language=language,
        others=others,
        texts=content.texts(edition, language),
        missing=content.missing_counts(edition),
    ), status


@bp.get("/outbox")
@admin_required
def outbox():
    state = request.args.get("state", "")
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc())
    if state:
        query = query.where(OutboxMessage.state == state)
    messages = db.session.scalars(query.limit(PAGE)).all()
    counts = dict(
        db.session.execute(
            select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)
        ).all()
    )
    return render_template("admin/outbox.html", messages=messages, counts=counts, state=state)


@bp.get("/outbox/<int:message_id>")
@admin_required
def outbox_message(message_id):
    message = db.get_or_404(OutboxMessage, message_id)
    return render_template(
        "admin/outbox_message.html", message=message, rendered=email.render(message)
    )


@bp.get("/audit")
@admin_required
def audit_log():
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(300))
    return render_template("admin/audit.html", entries=entries)
