"""The edition's seats: taken and given back by guarded UPDATEs, never read-then-write."""

import secrets

from sqlalchemy import select, update

from seminar import email
from seminar.content import localized
from seminar.extensions import db
from seminar.models import Edition, Participant
from seminar.session_times import online_sessions
from seminar.urls import external


def take_seats(edition_id: int, count: int = 1) -> bool:
    """Take `count` seats if that many are free; the database decides, so no overbooking."""
    if count <= 0:
        return True
    result = db.session.execute(
        update(Edition)
        .where(Edition.id == edition_id, Edition.seats_taken + count <= Edition.capacity)
        .values(seats_taken=Edition.seats_taken + count)
        .execution_options(synchronize_session=False)
    )
    _forget_seats(edition_id)
    return result.rowcount == 1


def _forget_seats(edition_id: int) -> None:
    """The UPDATE bypassed the ORM: make a loaded Edition read seats_taken again."""
    edition = db.session.identity_map.get(db.session.identity_key(Edition, edition_id))
    if edition is not None:
        db.session.expire(edition, ["seats_taken"])


def release_seats(edition_id: int, count: int = 1) -> None:
    db.session.execute(
        update(Edition)
        .where(Edition.id == edition_id)
        .values(seats_taken=Edition.seats_taken - count)
        .execution_options(synchronize_session=False)
    )
    _forget_seats(edition_id)


def new_badge_code() -> str:
    """Unguessable, no personal data: this is all a badge QR holds. It never starts with '-'
    (a spreadsheet would read a formula; exports would have to mark it as text)."""
    code = secrets.token_urlsafe(15)
    while code.startswith(("-", "_")):
        code = secrets.token_urlsafe(15)
    return code


def confirm(participant: Participant) -> None:
    participant.status = "confirmed"
    if not participant.badge_code:
        participant.badge_code = new_badge_code()


def manage_url(participant: Participant) -> str:
    return external("registration.manage", token=participant.manage_token)


def notify(participant: Participant, template: str, **context) -> None:
    """Queue a registration email to the participant in their language."""
    edition = participant.edition
    if template in ("registration_confirmed", "registration_promoted"):
        context.setdefault("online_sessions", online_sessions(edition, participant.language))
    email.queue(
        template,
        participant.email,
        participant.language,
        {
            "first_name": participant.first_name,
            "full_name": participant.full_name,
            "edition_name": localized(edition, "name", participant.language),
            "edition_city": edition.city,
            "starts_on": edition.starts_on.isoformat(),
            "ends_on": edition.ends_on.isoformat(),
            "manage_url": manage_url(participant),
            "status": participant.status,
            "virtual": edition.format == "virtual",
            **context,
        },
        edition_id=edition.id,
        participant_id=participant.id,
    )


def promote_waitlisted(edition: Edition) -> list[Participant]:
    """Fill free seats from the waiting list, first come first served, emailing each."""
    promoted = []
    while True:
        query = (
            select(Participant)
            .where(Participant.edition_id == edition.id, Participant.status == "waitlisted")
            .order_by(Participant.registered_at, Participant.id)
            .limit(1)
        )
        if db.engine.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        person = db.session.scalars(query).first()
        if person is None or not take_seats(edition.id):
            break
        if edition.requires_approval:
            person.status = "pending"
        else:
            confirm(person)
        db.session.flush()
        notify(person, "registration_promoted")
        promoted.append(person)
    return promoted
