"""The retention purge: what the retention rules say must go, gone (whole editions past their
retention, old email bodies, staged files, the station names of editions that are over)."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import delete, select, update

from seminar import audit
from seminar.clock import now
from seminar.extensions import db
from seminar.models import (
    Attendance,
    CheckIn,
    Edition,
    Invitation,
    OutboxMessage,
    Participant,
    ProgrammeSession,
    Speaker,
    TravelRequest,
    UnsubscribeLink,
    WorkshopAttendance,
)
from seminar.privacy.services import erase, erase_speaker


@dataclass
class PurgeReport:
    people: int = 0
    speakers: int = 0
    invitations: int = 0
    email_bodies: int = 0
    staged_files: int = 0
    station_names: int = 0
    editions: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"erased {self.people} participants, {self.speakers} speakers and "
            f"{self.invitations} invitees "
            f"({', '.join(self.editions) or 'no edition past its retention'}); "
            f"{self.email_bodies} sent emails' bodies; {self.staged_files} staged import files; "
            f"station names of {self.station_names} scans of editions that are over"
        )


def purge(today: date, email_days: int, staging: tuple[Path, ...] = ()) -> PurgeReport:
    """Erase everyone of editions that ended longer ago than their retention, the bodies of
    emails sent more than `email_days` ago, staged files (imports, badge PDFs) older than a day,
    and the check-in station names of editions that are over."""
    report = PurgeReport()
    for edition in db.session.scalars(select(Edition).order_by(Edition.id)):
        if today > edition.ends_on:
            report.station_names += forget_stations(edition)
        if today <= _retention_end(edition):
            continue
        speakers = db.session.scalars(
            select(Speaker).join(ProgrammeSession).where(ProgrammeSession.edition_id == edition.id)
        ).all()
        for speaker in speakers:
            erase_speaker(speaker)
        report.speakers += len(speakers)
        people = db.session.scalars(
            select(Participant).where(
                Participant.edition_id == edition.id, Participant.erased_at.is_(None)
            )
        ).all()
        for person in people:
            erase(person)
        report.people += len(people)
        report.invitations += db.session.execute(
            delete(Invitation).where(Invitation.edition_id == edition.id)
        ).rowcount
        db.session.execute(delete(UnsubscribeLink).where(UnsubscribeLink.edition_id == edition.id))
        # Speakers' travel too: arrivals and hotels are personal data of the edition's people.
        db.session.execute(delete(TravelRequest).where(TravelRequest.edition_id == edition.id))
        if people or speakers:
            report.editions.append(edition.slug)
    cutoff = now() - timedelta(days=email_days)
    report.email_bodies = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.state.in_(("sent", "failed", "cancelled")),
            OutboxMessage.created_at < cutoff,
            OutboxMessage.template != "_purged",
        )
        # "_purged" is no email of its own: the outbox page shows that the body is gone.
        .values(template="_purged", context={}, recipient="")
        .execution_options(synchronize_session=False)
    ).rowcount
    old = now().timestamp() - 24 * 3600
    for folder in staging:
        for path in folder.iterdir() if folder.is_dir() else ():
            if path.is_file() and path.stat().st_mtime < old:
                path.unlink()
                report.staged_files += 1
    db.session.flush()
    audit.record("privacy.purge", "", None, **vars(report))
    return report


def forget_stations(edition: Edition) -> int:
    """Clear the check-in station names of an edition that is over; returns how many scans named
    one. A station's name is free text typed at the door ("Puerta norte, Ana") that serves only
    while the doors are open; the scans, days and workshop doors it proved stay, without it."""
    named = 0
    for made in (CheckIn, Attendance, WorkshopAttendance):
        cleared = db.session.execute(
            update(made)
            .where(made.edition_id == edition.id, made.station != "")
            .values(station="")
            .execution_options(synchronize_session=False)
        ).rowcount
        named = cleared if made is CheckIn else named
    return named


def _retention_end(edition: Edition) -> date:
    try:
        return edition.ends_on.replace(year=edition.ends_on.year + edition.retention_years)
    except ValueError:  # 29 February
        return edition.ends_on.replace(year=edition.ends_on.year + edition.retention_years, day=28)
