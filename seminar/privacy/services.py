"""What is kept about a person, handing it to them, and erasing it (the retention purge that
erases whole editions is in seminar/privacy/retention.py)."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update

from seminar import audit, consents
from seminar.clock import now
from seminar.extensions import db
from seminar.models import (
    Attendance,
    AuditEntry,
    Certificate,
    CertificateFile,
    ConsentRecord,
    Edition,
    Invitation,
    NameCorrection,
    OutboxMessage,
    Participant,
    ProgrammeSession,
    Speaker,
    TravelRequest,
    UnsubscribeLink,
)
from seminar.registration import services as registration

ERASED = "—"


class PrivacyError(ValueError):
    pass


def personal_data(person: Participant) -> dict:
    """Everything kept about a person in one edition, as JSON-ready data."""
    edition = person.edition
    attendance = db.session.scalars(
        select(Attendance).where(Attendance.participant_id == person.id).order_by(Attendance.day)
    )
    certificates = db.session.scalars(
        select(Certificate).where(Certificate.participant_id == person.id)
    )
    messages = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.participant_id == person.id)
        .order_by(OutboxMessage.created_at)
    )
    return {
        "edition": {"slug": edition.slug, "name": edition.name},
        "registration": {
            key: getattr(person, key)
            for key in (
                "first_name",
                "last_name",
                "email",
                "country",
                "city",
                "institution",
                "position",
                "actor_type",
                "language",
                "role",
                "accessibility",
                "dietary",
                "gender",
                "status",
                "source",
                "badge_code",
            )
        }  # fmt: skip
        | {"registered_at": _iso(person.registered_at)},
        "preferences": person.ranking,
        "workshops": [
            {"round": a.workshop.round.label, "ods": a.workshop.ods, "room": a.workshop.room.name}
            for a in person.assignments
            if a.notified_at
        ],
        "attendance": [
            {"day": a.day.isoformat(), "checked_in_at": _iso(a.checked_in_at)} for a in attendance
        ],
        "certificates": [
            {
                "code": c.code,
                "status": c.status,
                "holder_name": c.holder_name,
                "issued_at": _iso(c.issued_at),
            }
            for c in certificates
        ],  # fmt: skip
        "emails_sent": [
            {"template": m.template, "to": m.recipient, "state": m.state, "at": _iso(m.created_at)}
            for m in messages
        ],
        "travel": _travel(person),
        "consents": [
            {
                "kind": r.kind,
                "granted": r.granted,
                "language": r.language,
                "text": r.text,
                "at": _iso(r.recorded_at),
            }
            for r in consents.history(person)
        ],  # fmt: skip
    }


def _travel(person: Participant) -> dict | None:
    request = db.session.scalars(
        select(TravelRequest).where(TravelRequest.participant_id == person.id)
    ).first()
    if request is None:
        return None
    keys = ("arrival_on", "arrival_time", "arrival_means", "arrival_detail", "departure_on",
            "departure_time", "departure_means", "departure_detail", "needs_hotel",
            "check_in_on", "check_out_on", "delegation", "room_with", "notes", "status",
            "booking_note")  # fmt: skip
    values = {key: getattr(request, key) for key in keys}
    return {key: v.isoformat() if hasattr(v, "isoformat") else v for key, v in values.items()}


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def erase(person: Participant) -> None:
    """Erase a person's personal data and keep the anonymous counts (country, type of actor,
    status, workshops, attendance days): their links and badge stop working, their certificates
    stop naming them, and no export, email or log holds their name or address."""
    if person.erased_at is not None:
        return
    edition = person.edition
    address, key = person.email, person.email_key
    if person.status != "cancelled" and edition.ends_on >= edition.local_date(now()):
        registration.cancel(person, by_organiser=True)
    for name in ("first_name", "last_name"):
        setattr(person, name, ERASED)
    for name in ("city", "institution", "position", "accessibility", "dietary"):
        setattr(person, name, "")
    person.email = person.email_key = f"erased-{person.id}"
    person.gender = None
    person.search_text = ""
    person.badge_code = None
    person.manage_token = f"erased-{person.id}"  # not a token: opens nothing
    person.consent_sensitive = person.consent_photos = person.consent_future_invitations = False
    person.erased_at = now()
    _erase_traces(person, edition, address, key)
    db.session.flush()
    audit.record("participant.erase", f"participant {person.id}", edition.id)
    for speaker in speakers_of(edition, address):
        erase_speaker(speaker)


def speakers_of(edition: Edition, address: str) -> list[Speaker]:
    """The edition's speaker records under this address: a speaker is a person too."""
    key = address.strip().lower()
    return list(
        db.session.scalars(
            select(Speaker)
            .join(ProgrammeSession)
            .where(ProgrammeSession.edition_id == edition.id, func.lower(Speaker.email) == key)
            .order_by(Speaker.id)
        )
    )


def erase_speaker(speaker: Speaker) -> None:
    """Remove a speaker record: it is nothing but personal data (name, address, affiliation, bio,
    photo, travel needs), so the programme stops naming them and their link opens nothing."""
    session, speaker_id, name = speaker.session, speaker.id, speaker.name
    key = speaker.email.strip().lower()
    if key:
        db.session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.edition_id == session.edition_id,
                func.lower(OutboxMessage.recipient) == key,
            )
        )
    db.session.execute(
        update(AuditEntry)
        .where(
            AuditEntry.edition_id == session.edition_id,
            AuditEntry.action.like("programme.speaker_%"),
            AuditEntry.target == name,
        )
        .values(target=f"speaker {speaker_id}")
    )
    db.session.execute(delete(TravelRequest).where(TravelRequest.speaker_id == speaker_id))
    session.speakers.remove(speaker)
    db.session.flush()
    audit.record("speaker.erase", f"speaker {speaker_id}", session.edition_id)


@dataclass
class Erased:
    participant: bool
    speakers: int

    def summary(self) -> str:
        parts = ["the registration"] if self.participant else []
        parts += [f"{self.speakers} speaker record(s)"] if self.speakers else []
        return " and ".join(parts)


def erase_by_email(edition: Edition, address: str) -> Erased:
    """Everything an edition keeps under one address: the registration and any speaker record."""
    person = registration.find_by_email(edition, address)
    speakers = speakers_of(edition, address)
    if person is None and not speakers:
        raise PrivacyError(
            _l(
                "no registration for %(email)s in %(edition)s",
                email=address.strip(),
                edition=edition.slug,
            )
        )
    if person is not None:
        erase(person)
    else:
        for speaker in speakers:
            erase_speaker(speaker)
    return Erased(person is not None, len(speakers))


def _erase_traces(person: Participant, edition: Edition, address: str, key: str) -> None:
    certificate_ids = select(Certificate.id).where(Certificate.participant_id == person.id)
    db.session.execute(
        update(Certificate).where(Certificate.participant_id == person.id).values(holder_name="")
    )
    db.session.execute(
        delete(CertificateFile).where(CertificateFile.certificate_id.in_(certificate_ids))
    )
    db.session.execute(
        delete(NameCorrection).where(NameCorrection.certificate_id.in_(certificate_ids))
    )
    db.session.execute(
        delete(OutboxMessage).where(
            (OutboxMessage.participant_id == person.id)
            | (
                (OutboxMessage.edition_id == edition.id)
                & (func.lower(OutboxMessage.recipient) == key)
            )
        )
    )
    db.session.execute(
        delete(Invitation).where(Invitation.edition_id == edition.id, Invitation.email_key == key)
    )
    db.session.execute(
        delete(UnsubscribeLink).where(
            UnsubscribeLink.edition_id == edition.id, UnsubscribeLink.email_key == key
        )
    )
    db.session.execute(
        update(AuditEntry)
        .where(func.lower(AuditEntry.target).in_((key, address.lower())))
        .values(target=f"participant {person.id}")
    )
    db.session.execute(delete(ConsentRecord).where(ConsentRecord.participant_id == person.id))
    db.session.execute(delete(TravelRequest).where(TravelRequest.participant_id == person.id))
    db.session.expire(person)
