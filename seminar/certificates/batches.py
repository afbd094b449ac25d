"""The admin page's batch: issue, then render every PDF, in the background (seminar/jobs.py)
with a database row the page polls. Both steps are idempotent, so an interrupted batch is simply
started again."""

import threading

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from seminar import audit, jobs
from seminar.certificates import files, services
from seminar.clock import now
from seminar.extensions import db
from seminar.models import CertificateBatch, Edition


def current(edition: Edition) -> CertificateBatch | None:
    batch = db.session.scalars(
        select(CertificateBatch)
        .where(CertificateBatch.edition_id == edition.id)
        .order_by(CertificateBatch.id.desc())
    ).first()
    if batch and batch.status == "running" and jobs.stale(batch.updated_at):
        batch.status, batch.message = "failed", jobs.INTERRUPTED
        batch.finished_at = now()
        db.session.flush()
    return batch


def start(edition: Edition) -> CertificateBatch:
    """Record a new batch (the caller commits, then calls launch)."""
    running = current(edition)
    if running and running.status == "running":
        raise services.CertificateError(_l("a batch is already running for this edition"))
    batch = CertificateBatch(edition_id=edition.id, status="running", updated_at=now())
    db.session.add(batch)
    db.session.flush()
    audit.record("certificates.batch", edition.slug, edition.id, batch=batch.id)
    return batch


def launch(batch_id: int) -> threading.Thread:
    def failed(exc: Exception) -> None:
        batch = db.session.get(CertificateBatch, batch_id)
        batch.status, batch.message = "failed", f"{exc.__class__.__name__}: {exc}"[:500]
        batch.finished_at = batch.updated_at = now()

    return jobs.launch(f"certificates-{batch_id}", run, batch_id, on_failure=failed)


def run(batch_id: int) -> None:
    """Issue, then render what is missing, committing the progress as it goes."""
    batch = db.session.get(CertificateBatch, batch_id)
    edition = db.session.get(Edition, batch.edition_id)
    report = services.issue(edition)
    batch.issued = len(report.issued)
    batch.total = len(files.missing(edition))
    batch.updated_at = now()
    db.session.commit()

    def progress(done: int, _total: int) -> None:
        batch.done, batch.updated_at = done, now()
        db.session.commit()

    files.render_missing(edition, progress=progress, commit=db.session.commit)
    batch.done, batch.status = batch.total, "done"
    batch.message = report.summary()
    batch.finished_at = batch.updated_at = now()
    db.session.commit()


def as_json(batch: CertificateBatch | None) -> dict:
    if batch is None:
        return {"status": "none"}
    return {
        "id": batch.id,
        "status": batch.status,
        "total": batch.total,
        "done": batch.done,
        "issued": batch.issued,
        "message": batch.message,
    }
