"""Runs an allocation in the background (seminar/jobs.py), recording its stage on the run row."""

import threading

from seminar import jobs
from seminar.extensions import db
from seminar.models import AllocationRun
from seminar.workshops import services


def launch(run_id: int) -> threading.Thread:
    def failed(exc: Exception) -> None:
        # An unexpected error is in the log (jobs.launch); the page need not show Python's words.
        expected = isinstance(exc, services.AllocationError)
        reason = (exc.code or str(exc)) if expected else "unexpected"
        services.fail(db.session.get(AllocationRun, run_id), reason)

    return jobs.launch(
        f"alloc-{run_id}", work, run_id, on_failure=failed, expected=(services.AllocationError,)
    )


def _stage(run: AllocationRun, status: str) -> None:
    run.status = status
    db.session.commit()


def work(run_id: int) -> None:
    """Loading, solving, saving: each stage committed so that the page can show it."""
    run = db.session.get(AllocationRun, run_id)
    edition = run.edition
    data = services.problem(edition, run.seed, run.full)
    _stage(run, "solving")
    outcome = services.solve(data, edition)
    _stage(run, "saving")
    services.store(edition, run, data, outcome)
    db.session.commit()
