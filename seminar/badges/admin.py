"""The organisers' badge page: batches rendered in the background with their progress."""

from flask import abort, jsonify, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from seminar import jobs as background
from seminar.badges import forms, jobs, services
from seminar.extensions import db
from seminar.web import edition_or_404, organiser_blueprint, pdf_download

bp = organiser_blueprint("badges_admin", __name__, "/admin/e/<slug>/badges")


@bp.get("")
def index(slug):
    edition = edition_or_404(slug)
    form = forms.BatchForm(
        str(get_locale()), formdata=request.args, prefix="count", meta={"csrf": False}
    )
    try:
        preview = services.preview(edition, form.filters())
    except (ValueError, services.BadgeError):
        form = forms.BatchForm(str(get_locale()), formdata=None, prefix="count")
        preview = services.preview(edition)
    query = request.args.get("q", "")[:200]
    return render_template(
        "badges/index.html",
        edition=edition,
        form=form,
        batch_form=forms.BatchForm(str(get_locale()), formdata=None, data=form.data),
        preview=preview,
        query=query,
        people=services.find(edition, query),
    )


@bp.post("")
def start(slug):
    edition = edition_or_404(slug)
    form = forms.BatchForm(str(get_locale()))
    if not form.validate_on_submit():
        return jsonify(error=_("The form expired; try again.")), 400
    try:
        document = services.document(edition, form.layout.data)
        ids, badges = services.batch(edition, form.filters())
    except services.BadgeError as exc:
        return jsonify(error=str(exc)), 400
    if not badges:
        return jsonify(error=str(services.NOTHING_TO_PRINT)), 400
    job = jobs.start(
        jobs.folder(),
        lambda progress: services.render_batch(badges, document, progress=progress),
        len(badges),
        {"slug": slug, "participants": ids},
    )
    return jsonify(status_url=url_for(".status", slug=slug, job_id=job.id)), 202


def _job_or_404(slug: str, job_id: str) -> tuple[jobs.Job, dict]:
    job = jobs.find(jobs.folder(), job_id)
    state = job.state() if job else None
    if state is None or state.get("slug") != slug:
        abort(404)
    return job, state


@bp.get("/jobs/<job_id>")
def status(slug, job_id):
    job, state = _job_or_404(slug, job_id)
    answer = {k: state.get(k) for k in ("status", "done", "total")}
    if state["status"] == "failed":
        answer["error"] = str(background.failure_words(state.get("error", "")))
    if state["status"] == "done":
        answer["download_url"] = url_for(".download", slug=slug, job_id=job.id)
    return jsonify(answer)


@bp.get("/jobs/<job_id>.pdf")
def download(slug, job_id):
    job, state = _job_or_404(slug, job_id)
    if state["status"] != "done":
        abort(404)
    services.mark_printed(state["participants"])
    db.session.commit()
    return pdf_download(job.pdf_path.read_bytes(), f"badges-{slug}.pdf")
