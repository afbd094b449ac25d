"""Batches of badges rendered in a background thread; progress and result live in files.

Files (not memory) so that any web worker process on the host can answer the progress poll.
"""

import contextlib
import json
import logging
import os
import re
import secrets
import threading
import time
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)
KEEP_SECONDS = 24 * 3600
JOB_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


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
        try:
            return json.loads(self.state_path.read_text())
        except (OSError, ValueError):
            return None

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
        try:
            data = render(progress)
        except Exception as exc:  # noqa: BLE001  (reported to the organiser polling the job)
            log.exception("badge batch %s failed", job.id)
            job.save(status="failed", done=0, total=total, error=str(exc), **meta)
            return
        job.pdf_path.write_bytes(data)
        job.save(status="done", done=total, total=total, **meta)

    threading.Thread(target=run, name=f"badges-{job.id}", daemon=True).start()
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
