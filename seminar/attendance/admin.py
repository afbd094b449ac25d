"""Organisers' online attendance: upload a platform's report, preview the matches, import (the
organiser blueprint: one url_prefix, one role check)."""

import secrets
from pathlib import Path

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField

from seminar.attendance import overview, services
from seminar.extensions import db
from seminar.web import edition_or_404, organiser_blueprint

bp = organiser_blueprint("attendance", __name__, "/admin/e/<slug>/attendance")


class UploadForm(FlaskForm):
    file = FileField(
        _l("Participant report (Zoom, Google Meet or Microsoft Teams)"), [FileRequired()]
    )


class ApplyForm(FlaskForm):
    upload = HiddenField()


def _upload_path(token: str) -> Path:
    folder = Path(current_app.instance_path) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"attendance-{token}.bin"


@bp.get("/")
def index(slug):
    edition = edition_or_404(slug)
    query = request.args.get("q", "")[:200]
    show = request.args.get("show", "")
    show = show if show in overview.SHOW else ""
    return render_template(
        "attendance/index.html",
        edition=edition,
        form=UploadForm(),
        found=overview.overview(edition, query, show, request.args.get("page", 1, type=int)),
        query=query,
        show=show,
    )


@bp.post("/preview")
def preview(slug):
    """Read the report and show whom it matches; nothing is written until it is imported."""
    edition = edition_or_404(slug)
    form = UploadForm()
    if not form.validate_on_submit():
        flash(_("Choose the participant report to import."), "error")
        return redirect(url_for(".index", slug=slug))
    data = form.file.data.read()
    try:
        report = services.preview(edition, data)
    except services.ReportError as exc:
        return render_template(
            "attendance/preview.html", edition=edition, error=str(exc), report=None, form=None
        ), 422
    token = secrets.token_hex(16)
    _upload_path(token).write_bytes(data)
    return render_template(
        "attendance/preview.html",
        edition=edition,
        error=None,
        report=report,
        form=ApplyForm(upload=token),
    )


@bp.post("/import")
def apply(slug):
    edition = edition_or_404(slug)
    form = ApplyForm()
    token = form.upload.data or ""
    path = _upload_path(token) if token.isalnum() else None
    if not (form.validate_on_submit() and path and path.exists()):
        flash(_("That import has expired; upload the file again."), "error")
        return redirect(url_for(".index", slug=slug))
    try:
        report = services.import_report(edition, path.read_bytes())
    except services.ReportError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        path.unlink()
        flash(
            _(
                "Imported the %(platform)s report: %(matched)s matched, %(unmatched)s unmatched, "
                "%(new)s new stretches.",
                platform=report.platform_name,
                matched=len(report.matched),
                unmatched=len(report.unmatched),
                new=report.new,
            ),
            "success",
        )
    return redirect(url_for(".index", slug=slug))
