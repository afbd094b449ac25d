"""Batches of badges rendered in the background (seminar/jobs.py); progress and result live in
files, so that any web worker process on the host can answer the progress poll.
"""

import contextlib
import json
import os
import re
import secrets
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app

from seminar import jobs

KEEP_SECONDS = 24 * 3600
JOB_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def folder() -> Path:
    """Where this host keeps its badge batches (under instance/)."""
    return Path(current_app.instance_path) / "badge-jobs"


class Job:
    def __init__(self, folder: Path, job_id: str):
        if not JOB_ID.match(job_id):
            raise ValueError("bad job id")
        self.folder, self.id = folder, job_id

    @property
    def state_path(self) -> Path:
        return self.folder / f"{self.id}.json"

    @property
    def pdf_path(self) -> Path:
        return self.folder / f"{self.id}.pdf"

    def state(self) -> dict | None:
        """The saved state; a job still running whose file has not moved for a while died with
        its process, and says so."""
        try:
            state = json.loads(self.state_path.read_text())
            heartbeat = datetime.fromtimestamp(self.state_path.stat().st_mtime, UTC)
        except (OSError, ValueError):
            return None
        if state.get("status") == "running" and jobs.stale(heartbeat):
            state.update(status="failed", error=jobs.INTERRUPTED)
        return state

    def save(self, **state) -> None:
        temporary = self.state_path.with_suffix(".tmp")
        temporary.write_text(json.dumps(state))
        os.replace(temporary, self.state_path)


def start(folder: Path, render: Callable, total: int, meta: dict) -> Job:
    """Run `render(progress) -> bytes` in a thread; `meta` is kept with the state."""
    folder.mkdir(parents=True, exist_ok=True)
    _forget_old(folder)
    job = Job(folder, secrets.token_urlsafe(18))
    job.save(status="running", done=0, total=total, **meta)

    def progress(done: int, total: int) -> None:
        job.save(status="running", done=done, total=total, **meta)

    def run() -> None:
        job.pdf_path.write_bytes(render(progress))
        job.save(status="done", done=total, total=total, **meta)

    def failed(exc: Exception) -> None:
        job.save(status="failed", done=0, total=total, error=str(exc), **meta)

    jobs.launch(f"badges-{job.id}", run, on_failure=failed)
    return job


def _forget_old(folder: Path) -> None:
    """Batches are downloaded within minutes; a day later their files only take room."""
    limit = time.time() - KEEP_SECONDS
    for path in folder.iterdir():
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < limit:
                path.unlink()


def find(folder: Path, job_id: str) -> Job | None:
    try:
        job = Job(folder, job_id)
    except ValueError:
        return None
    return job if job.state() is not None else None
