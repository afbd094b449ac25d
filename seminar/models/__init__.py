"""All models, importable from one place (Alembic sees them through this module)."""

from seminar.models.audit import AuditEntry
from seminar.models.checkin import Attendance, CheckIn, RevokedBadge
from seminar.models.edition import Edition, Room, Round, Workshop
from seminar.models.outbox import OutboxMessage
from seminar.models.participant import Assignment, Participant, Preference
from seminar.models.user import ApiToken, User

__all__ = [
    "ApiToken",
    "Attendance",
    "Assignment",
    "AuditEntry",
    "CheckIn",
    "Edition",
    "OutboxMessage",
    "Participant",
    "Preference",
    "RevokedBadge",
    "Room",
    "Round",
    "User",
    "Workshop",
]
