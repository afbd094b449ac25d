"""Runs an allocation in a background thread, recording its stage on the run row as it goes."""

import threading

from flask import Flask

from seminar.extensions import db
from seminar.models import AllocationRun
from seminar.workshops import services


def launch(app: Flask, run_id: int) -> threading.Thread:
    thread = threading.Thread(target=work, args=(app, run_id), daemon=True, name=f"alloc-{run_id}")
    thread.start()
    return thread


def _stage(run: AllocationRun, status: str) -> None:
    run.status = status
    db.session.commit()


def work(app: Flask, run_id: int) -> None:
    """Loading, solving, saving: each stage committed so that the page can show it."""
    with app.app_context():
        try:
            run = db.session.get(AllocationRun, run_id)
            edition = run.edition
            data = services.problem(edition, run.seed, run.full)
            _stage(run, "solving")
            outcome = services.solve(data)
            _stage(run, "saving")
            services.store(edition, run, data, outcome)
            db.session.commit()
        except Exception as exc:  # noqa: BLE001  (any failure must reach the page, not vanish)
            db.session.rollback()
            services.fail(db.session.get(AllocationRun, run_id), str(exc) or type(exc).__name__)
            db.session.commit()
            if not isinstance(exc, services.AllocationError):
                app.logger.exception("allocation run %s failed", run_id)
        finally:
            db.session.remove()
