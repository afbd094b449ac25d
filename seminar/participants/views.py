"""Organisers' participant list: search, filters, counts, edit, import with preview, export."""

from flask import (
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, StringField
from wtforms.validators import Length, Optional

from seminar import csvfile, spreadsheets
from seminar.extensions import db
from seminar.forms import ACTOR_LABELS, ButtonForm
from seminar.models import Participant
from seminar.participants import services, staging
from seminar.registration import services as registration
from seminar.registration.forms import OrganiserEditForm
from seminar.web import edition_or_404, organiser_blueprint, owned_or_404, table_download

bp = organiser_blueprint("participants", __name__, "/admin/e/<slug>/participants")
PAGE = 100


ACTION_ERRORS = {"not_pending": _l("This registration is not waiting for approval.")}
SHEET_LABEL = _l("Sheet (Excel, optional; default the first)")
# The import preview names the columns a line changes as the participant's page does.
COLUMN_LABELS = {
    "first_name": _l("First name"),
    "last_name": _l("Last name"),
    "email": _l("Email"),
    "country": _l("Country"),
    "city": _l("City"),
    "institution": _l("Institution"),
    "position": _l("Position"),
    "actor_type": _l("Type of actor"),
    "language": _l("Language"),
    "role": _l("Role"),
    "preferences": _l("Ranking"),
    "status": _l("Status"),
}


class ImportForm(FlaskForm):
    file = FileField(_l("CSV or Excel (.xlsx) file"), [FileRequired()])
    sheet = StringField(SHEET_LABEL, [Optional(), Length(max=100)])


class ApplyImportForm(FlaskForm):
    upload = HiddenField()
    sheet = HiddenField()


@bp.get("/")
def index(slug):
    edition = edition_or_404(slug)
    args = request.args
    filters = services.Filters(
        q=args.get("q", "").strip(),
        status=args.get("status", ""),
        country=args.get("country", ""),
        actor_type=args.get("actor_type", ""),
        role=args.get("role", ""),
        ods=args.get("ods", type=int),
    )
    page = max(args.get("page", 1, type=int), 1)
    total, people = services.search(edition, filters, PAGE, (page - 1) * PAGE)
    return render_template(
        "participants/index.html",
        edition=edition,
        people=people,
        total=total,
        page=page,
        pages=(total + PAGE - 1) // PAGE,
        filters=filters,
        counts=services.counts(edition),
        actor_labels=ACTOR_LABELS,
        import_form=ImportForm(),
        action_form=ButtonForm(),
    )


@bp.get("/export.<fmt>")
def export(slug, fmt):
    rows, stem = services.export_rows(edition_or_404(slug)), f"{slug}-participants"
    return table_download(rows, services.EXPORT_COLUMNS, stem, fmt, "participants")


@bp.post("/import")
def import_preview(slug):
    """Check the file and show what would change; nothing is written until it is applied."""
    edition = edition_or_404(slug)
    form = ImportForm()
    if not form.validate_on_submit():
        flash(_("Choose a CSV or Excel (.xlsx) file."), "error")
        return redirect(url_for(".index", slug=slug))
    data, sheet = form.file.data.read(), (form.sheet.data or "").strip()
    source = None
    try:
        table = spreadsheets.read(data, sheet or None)
        source = spreadsheets.summary(table)
        rows = csvfile.rows_of(table)
        report = services.import_participants(edition, rows, dry_run=True)
    except csvfile.CsvError as exc:
        db.session.rollback()
        return render_template(
            "participants/import.html",
            edition=edition,
            errors=exc.errors,
            source=source,
            report=None,
            form=None,
        ), 422
    db.session.rollback()
    upload = staging.stage(data)
    return render_template(
        "participants/import.html",
        edition=edition,
        errors=None,
        source=source,
        sample=[f"{r.values['first_name']} {r.values['last_name']}" for r in rows[:3]],
        report=report,
        column_labels=COLUMN_LABELS,
        form=ApplyImportForm(upload=upload, sheet=sheet),
    )


@bp.post("/import/apply")
def import_apply(slug):
    edition = edition_or_404(slug)
    form = ApplyImportForm()
    upload = form.upload.data or ""
    data = staging.staged(upload) if form.validate_on_submit() else None
    if data is None:
        flash(_("That import has expired; upload the file again."), "error")
        return redirect(url_for(".index", slug=slug))
    try:
        rows = csvfile.read(data, sheet=form.sheet.data or None)
        report = services.import_participants(edition, rows)
    except csvfile.CsvError as exc:
        db.session.rollback()
        for error in exc.errors[:20]:
            flash(error, "error")
    else:
        db.session.commit()
        staging.drop(upload)
        counts = {"c": report.created, "u": report.updated, "n": report.unchanged}
        flash(_("Imported: %(c)s new, %(u)s changed, %(n)s unchanged.", **counts), "success")
    return redirect(url_for(".index", slug=slug))


def participant_or_404(slug: str, participant_id: int) -> Participant:
    return owned_or_404(Participant, participant_id, edition_or_404(slug))


@bp.route("/<int:participant_id>", methods=["GET", "POST"])
def detail(slug, participant_id):
    person = participant_or_404(slug, participant_id)
    form = OrganiserEditForm(
        obj=person if request.method == "GET" else None,
        language="es",
        ods_to_rank=person.edition.ods_to_rank,
    )
    if request.method == "GET":
        form.set_ranking(person.ranking)
    form.email.data = person.email
    if form.validate_on_submit():
        registration.update(person, form.person_data(), form.ranking(), by_organiser=True)
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for(".detail", slug=slug, participant_id=person.id))
    return render_template(
        "participants/detail.html",
        person=person,
        edition=person.edition,
        form=form,
        action_form=ButtonForm(),
    ), (422 if form.errors else 200)


@bp.post("/<int:participant_id>/<action>")
def act(slug, participant_id, action):
    person = participant_or_404(slug, participant_id)
    if not ButtonForm().validate_on_submit():
        flash(_("The form expired; try again."), "error")
    else:
        try:
            if action == "cancel":
                registration.cancel(person, by_organiser=True)
            elif action == "approve":
                registration.approve(person)
            elif action == "resend":
                registration.resend_manage_link(person)
            else:
                return ("", 404)
        except registration.RegistrationError as exc:
            db.session.rollback()
            flash(str(ACTION_ERRORS.get(exc.code, _l("This request cannot be made."))), "error")
        else:
            db.session.commit()
            flash(_("Done."), "success")
    return redirect(url_for(".detail", slug=slug, participant_id=participant_id))
