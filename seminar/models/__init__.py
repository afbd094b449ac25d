"""All models, importable from one place (Alembic sees them through this module)."""

from seminar.models.allocation import AllocationRun
from seminar.models.announcement import Announcement, AnnouncementDelivery
from seminar.models.audit import AuditEntry
from seminar.models.certificate import (
    Certificate,
    CertificateBatch,
    CertificateFile,
    CertificateOverride,
    CertificateSettings,
    CertificateSignature,
    NameCorrection,
)
from seminar.models.checkin import Attendance, CheckIn, RevokedBadge, WorkshopAttendance
from seminar.models.edition import Edition, Room, Round, Workshop
from seminar.models.invitation import Campaign, Invitation, Letter, Unsubscription
from seminar.models.network import MemberCity
from seminar.models.online import OnlineAttendance
from seminar.models.outbox import OutboxMessage
from seminar.models.participant import Assignment, Participant, Preference
from seminar.models.privacy import ConsentRecord, ConsentText, UnsubscribeLink
from seminar.models.programme import ProgrammeSession, Speaker
from seminar.models.proposal import Proposal, RapporteurLink, RemovedProposal
from seminar.models.travel import TravelRequest
from seminar.models.user import ApiToken, User

__all__ = [
    "AllocationRun",
    "Announcement",
    "AnnouncementDelivery",
    "ApiToken",
    "Attendance",
    "Assignment",
    "AuditEntry",
    "Campaign",
    "Certificate",
    "CertificateBatch",
    "CertificateFile",
    "CertificateOverride",
    "CertificateSettings",
    "CertificateSignature",
    "CheckIn",
    "ConsentRecord",
    "ConsentText",
    "Edition",
    "Invitation",
    "Letter",
    "MemberCity",
    "NameCorrection",
    "OnlineAttendance",
    "OutboxMessage",
    "Participant",
    "Preference",
    "ProgrammeSession",
    "Proposal",
    "RapporteurLink",
    "RemovedProposal",
    "RevokedBadge",
    "Room",
    "Round",
    "Speaker",
    "TravelRequest",
    "UnsubscribeLink",
    "Unsubscription",
    "User",
    "Workshop",
    "WorkshopAttendance",
]
