"""Background work, one way for every batch (badges, certificates, the allocation).

`launch` runs the work in a thread with an application context of its own; the job's record (a
database row, or a state file) says how far it has come; a failure is logged and recorded through
`on_failure`, so the page polling the job learns of it; a running job whose record has not moved
for STALE_AFTER died with its process (a restart, a crash) and reads as interrupted.
"""

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l

from seminar.clock import now
from seminar.extensions import db

log = logging.getLogger(__name__)
STALE_AFTER = timedelta(minutes=5)
INTERRUPTED = "interrupted: start it again to finish"


def failure_words(recorded: str):
    """A failed job's recorded error as a page shows it, in its reader's language: interrupted,
    or an unexpected error whose own words are in the server's log, not for the page."""
    if recorded == INTERRUPTED:
        return _l("interrupted: start it again to finish")
    return _l("an unexpected error stopped it; the server's log says which")


def stale(heartbeat: datetime) -> bool:
    """Whether a job still marked running, last heard from at `heartbeat`, is dead."""
    return now() - heartbeat > STALE_AFTER


def launch(
    name: str,
    work: Callable[..., None],
    *args,
    on_failure: Callable[[Exception], None],
    expected: tuple[type[Exception], ...] = (),
) -> threading.Thread:
    """Run `work(*args)` in a daemon thread; on an exception, roll back, log it (unless it is
    one of the `expected` refusals), call `on_failure(exc)` and commit what it recorded."""
    app = current_app._get_current_object()

    def run() -> None:
        with app.app_context():
            try:
                work(*args)
            except Exception as exc:  # noqa: BLE001  (any failure must reach the page)
                db.session.rollback()
                if not isinstance(exc, expected):
                    log.exception("%s failed", name)
                on_failure(exc)
                db.session.commit()
            finally:
                db.session.remove()

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    return thread
