"""Organisers' badge page (batches with progress, one badge on demand) and the participant's
wallet page with their QR."""

from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    render_template,
    url_for,
)
from flask_babel import get_locale

from seminar import ods, qr
from seminar.badges import forms, jobs, services
from seminar.extensions import db
from seminar.registration import services as registration
from seminar.web import admin_required, edition_or_404, or_404, role_required

bp = Blueprint("badges", __name__)
ADMIN = "/admin/e/<slug>/badges"


def jobs_folder() -> Path:
    return Path(current_app.instance_path) / "badge-jobs"


def _pdf(data: bytes, filename: str) -> Response:
    return Response(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get(ADMIN)
@admin_required
def index(slug):
    edition = edition_or_404(slug)
    return render_template(
        "badges/index.html",
        edition=edition,
        form=forms.BatchForm(str(get_locale())),
        counts=services.counts(edition),
        people=services.confirmed(edition),
    )


@bp.post(ADMIN)
@admin_required
def start(slug):
    edition = edition_or_404(slug)
    form = forms.BatchForm(str(get_locale()))
    if not form.validate_on_submit():
        return jsonify(error="invalid form"), 400
    try:
        document = services.document(edition, form.layout.data)
        ids, badges = services.batch(edition, form.filters())
    except services.BadgeError as exc:
        return jsonify(error=str(exc)), 400
    if not badges:
        return jsonify(error=services.NOTHING_TO_PRINT), 400
    job = jobs.start(
        jobs_folder(),
        lambda progress: services.render_batch(badges, document, progress=progress),
        len(badges),
        {"slug": slug, "participants": ids},
    )
    return jsonify(status_url=url_for(".status", slug=slug, job_id=job.id)), 202


def _job_or_404(slug: str, job_id: str) -> tuple[jobs.Job, dict]:
    job = jobs.find(jobs_folder(), job_id)
    state = job.state() if job else None
    if state is None or state.get("slug") != slug:
        abort(404)
    return job, state


@bp.get(f"{ADMIN}/jobs/<job_id>")
@admin_required
def status(slug, job_id):
    job, state = _job_or_404(slug, job_id)
    answer = {k: state.get(k) for k in ("status", "done", "total", "error")}
    if state["status"] == "done":
        answer["download_url"] = url_for(".download", slug=slug, job_id=job.id)
    return jsonify(answer)


@bp.get(f"{ADMIN}/jobs/<job_id>.pdf")
@admin_required
def download(slug, job_id):
    job, state = _job_or_404(slug, job_id)
    if state["status"] != "done":
        abort(404)
    services.mark_printed(state["participants"])
    db.session.commit()
    return _pdf(job.pdf_path.read_bytes(), f"badges-{slug}.pdf")


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
    return _pdf(data, f"badge-{participant_id}.pdf")


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
