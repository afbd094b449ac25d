"""Record who changed what, in the caller's transaction."""

from flask import has_request_context
from flask_login import current_user

from seminar.extensions import db
from seminar.models import AuditEntry
from seminar.text import bounded, clean


def record(action: str, target: str = "", edition_id: int | None = None, **details) -> None:
    actor = "system"
    if has_request_context() and current_user.is_authenticated:
        actor = current_user.email
    elif not has_request_context():
        actor = "cli"
    # Targets are emails (254) and titles (300): the log keeps a bounded label, never fails.
    db.session.add(
        AuditEntry(
            actor=bounded(actor, 254),
            edition_id=edition_id,
            action=action,
            target=bounded(clean(target), 120),
            details=details,
        )
    )
