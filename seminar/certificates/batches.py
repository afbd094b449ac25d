"""The admin page's batch: issue, then render every PDF, in a background thread whose progress
is a database row the page polls. Both steps are idempotent, so an interrupted batch is simply
started again."""

import logging
import threading
from datetime import timedelta

from flask import Flask, current_app
from sqlalchemy import select

from seminar import audit
from seminar.certificates import files, services
from seminar.clock import now
from seminar.extensions import db
from seminar.models import CertificateBatch, Edition

log = logging.getLogger(__name__)
# A running batch not heard from for this long died with its process (a restart, a crash).
STALE_AFTER = timedelta(minutes=5)


def current(edition: Edition) -> CertificateBatch | None:
    batch = db.session.scalars(
        select(CertificateBatch)
        .where(CertificateBatch.edition_id == edition.id)
        .order_by(CertificateBatch.id.desc())
    ).first()
    if batch and batch.status == "running" and now() - batch.updated_at > STALE_AFTER:
        batch.status, batch.message = "failed", "interrupted: start it again to finish"
        batch.finished_at = now()
        db.session.flush()
    return batch


def start(edition: Edition) -> CertificateBatch:
    """Record a new batch (the caller commits, then calls launch)."""
    running = current(edition)
    if running and running.status == "running":
        raise services.CertificateError("a batch is already running for this edition")
    batch = CertificateBatch(edition_id=edition.id, status="running", updated_at=now())
    db.session.add(batch)
    db.session.flush()
    audit.record("certificates.batch", edition.slug, edition.id, batch=batch.id)
    return batch


def launch(batch_id: int) -> threading.Thread:
    app = current_app._get_current_object()
    thread = threading.Thread(target=run, args=(app, batch_id), daemon=True)
    thread.start()
    return thread


def run(app: Flask, batch_id: int) -> None:
    with app.app_context():
        batch = db.session.get(CertificateBatch, batch_id)
        try:
            _run(batch)
        except Exception as exc:  # noqa: BLE001  (the page must learn the batch failed)
            log.exception("certificate batch %s failed", batch_id)
            db.session.rollback()
            batch = db.session.get(CertificateBatch, batch_id)
            batch.status, batch.message = "failed", f"{exc.__class__.__name__}: {exc}"[:500]
            batch.finished_at = batch.updated_at = now()
            db.session.commit()
        finally:
            db.session.remove()


def _run(batch: CertificateBatch) -> None:
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
