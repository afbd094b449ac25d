"""Record who changed what, in the caller's transaction."""

from flask import has_request_context
from flask_login import current_user

from seminar.extensions import db
from seminar.models import AuditEntry


def record(action: str, target: str = "", edition_id: int | None = None, **details) -> None:
    actor = "system"
    if has_request_context() and current_user.is_authenticated:
        actor = current_user.email
    elif not has_request_context():
        actor = "cli"
    db.session.add(
        AuditEntry(
            actor=actor, edition_id=edition_id, action=action, target=target, details=details
        )
    )
