"""The organisers' allocation page: run (in the background), figures, moves, lock, publish."""

from flask import (
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from seminar.extensions import db
from seminar.forms import ButtonForm
from seminar.models import AllocationRun
from seminar.web import edition_or_404, organiser_blueprint, owned_or_404, table_download
from seminar.workshops import background, forms, moves, publishing, report, services

bp = organiser_blueprint("allocation", __name__, "/admin/e/<slug>/allocation")
STAGES = {
    "loading": _l("Loading participants and workshops"),
    "solving": _l("Solving"),
    "saving": _l("Saving the assignment"),
    "done": _l("Done"),
    "failed": _l("Failed"),
}


@bp.get("/")
def index(slug):
    edition = edition_or_404(slug)
    run = services.latest_run(edition)
    if run is not None:
        services.settled(run)
        db.session.commit()
    current = report.state(edition)
    filters = _filters(request.args)
    move_form = forms.MoveForm()
    move_form.round_id.choices = list(current.round_labels.items())
    return render_template(
        "workshops/allocation.html",
        edition=edition,
        run=run,
        stages=STAGES,
        elapsed=services.elapsed(run) if run else 0,
        failure=services.failure(run.message, edition) if run else "",
        figures=current.figures,
        cards=report.cards(edition, current, str(get_locale() or "es")[:2]),
        people=report.people(edition, current, filters),
        shortfalls=services.shortfalls(edition),
        filters=filters,
        show=report.SHOW,
        run_form=forms.RunForm(seed=run.seed if run else 0),
        move_form=move_form,
        button=ButtonForm(),
    )


def _filters(args) -> report.Filters:
    """The people list's search, filter and page from a query string; nonsense means none."""
    show = args.get("show", "")
    return report.Filters(
        q=args.get("q", "")[:200],
        show=show if show in report.SHOW else "",
        workshop=args.get("workshop", type=int),
        page=args.get("page", 1, type=int),
    )


def _back(form) -> dict:
    filters = _filters(form)
    return {
        k: v
        for k, v in (
            ("q", filters.q), ("show", filters.show), ("workshop", filters.workshop),
            ("page", filters.page),
        )
        if v and v != 1
    }  # fmt: skip


@bp.post("/run")
def run(slug):
    edition = edition_or_404(slug)
    form = forms.RunForm()
    if not form.validate_on_submit():
        flash(_("Give a seed between 0 and 2147483647."), "error")
        return redirect(url_for(".index", slug=slug))
    try:
        started = services.start(edition, form.seed.data, form.full.data)
    except services.AllocationError as exc:
        flash(str(exc), "error")
        return redirect(url_for(".index", slug=slug))
    db.session.commit()
    background.launch(started.id)
    return redirect(url_for(".index", slug=slug))


@bp.get("/runs/<int:run_id>.json")
def status(slug, run_id):
    found = services.settled(owned_or_404(AllocationRun, run_id, edition_or_404(slug)))
    db.session.commit()
    return jsonify(
        status=found.status,
        stage=str(STAGES[found.status]),
        elapsed=round(services.elapsed(found), 1),
        running=found.running,
        message=services.failure(found.message, found.edition) if found.message else "",
    )


@bp.post("/move")
def move(slug):
    edition = edition_or_404(slug)
    form = forms.MoveForm()
    form.round_id.choices = [(r.id, r.label) for r in edition.rounds]
    if form.validate_on_submit():
        try:
            moves.move_to_ods(
                edition, int(form.participant_id.data), form.round_id.data, form.ods.data
            )
        except services.AllocationError as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            db.session.commit()
            flash(_("Moved; the person is now pinned there."), "success")
    else:
        flash(_("Choose a round and an ODS between 1 and 17."), "error")
    return redirect(url_for(".index", slug=slug, **_back(request.form)) + "#people")


def _action(slug, do, message):
    edition = edition_or_404(slug)
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        outcome = do(edition)
    except services.AllocationError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(message(outcome), "success")
    return redirect(url_for(".index", slug=slug))


@bp.post("/lock")
def lock(slug):
    return _action(slug, lambda e: moves.set_lock(e, True), lambda _r: _("Locked."))


@bp.post("/unlock")
def unlock(slug):
    return _action(slug, lambda e: moves.set_lock(e, False), lambda _r: _("Unlocked."))


@bp.post("/publish")
def publish(slug):
    return _action(slug, publishing.publish, lambda n: _("Published: %(n)s email(s) queued.", n=n))


@bp.get("/workshops/<int:workshop_id>.<fmt>")
def attendance(slug, workshop_id, fmt):
    found = report.attendance(edition_or_404(slug), workshop_id)
    if found is None:
        abort(404)
    name, rows = found
    return table_download(rows, report.ATTENDANCE_COLUMNS, name, fmt, "participants")
