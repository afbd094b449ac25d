"""The rules of registering, changing and cancelling. Views, CLI and admin all come here."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from seminar import audit, consents
from seminar.clock import now
from seminar.extensions import db
from seminar.models import Edition, Participant, Preference
from seminar.models.participant import GENDER_MAX, ROLES, new_token
from seminar.registration.seats import (
    confirm,
    notify,
    promote_waitlisted,
    release_seats,
    take_seats,
)
from seminar.text import bounded

PERSON_FIELDS = (
    "first_name", "last_name", "email", "country", "city", "institution", "position",
    "actor_type", "language", "role", "accessibility", "dietary",
)  # fmt: skip
MIN_RANKED = 3


class RegistrationError(Exception):
    """A rule said no; `code` tells the page which message to show."""

    def __init__(self, code: str, participant: Participant | None = None):
        super().__init__(code)
        self.code = code
        self.participant = participant


@dataclass
class Outcome:
    participant: Participant
    status: str


def gender_of(data: dict) -> str | None:
    """The gender as the person wrote it (spaces tidied); None when they left it empty."""
    return bounded(" ".join((data.get("gender") or "").split()), GENDER_MAX) or None


def find_by_email(edition: Edition, address: str) -> Participant | None:
    return db.session.scalars(
        select(Participant).where(
            Participant.edition_id == edition.id,
            Participant.email_key == address.strip().lower(),
        )
    ).first()


def set_preferences(participant: Participant, ranking: list[int]) -> None:
    if participant.ranking == ranking:
        return
    if participant.preferences:
        participant.preferences.clear()
        db.session.flush()  # old ranks go before new ones take their (participant, rank) slots
    participant.preferences.extend(
        Preference(rank=rank, ods=ods) for rank, ods in enumerate(ranking, start=1)
    )


def register(
    edition: Edition,
    data: dict,
    ranking: list[int],
    source: str = "online",
    consent: dict[str, bool] | None = None,
    shown_in: str = "es",
) -> Outcome:
    """Register a person: a seat if one is free, else the waiting list; email either way.
    `consent` holds the separate choices, recorded with the texts shown in `shown_in`."""
    # The check-in desk registers walk-ins while the seminar runs, after online registration.
    if source != "desk" and edition.registration_state(now()) != "open":
        raise RegistrationError("closed")
    existing = find_by_email(edition, data["email"])
    if existing is not None and existing.status != "cancelled":
        raise RegistrationError("duplicate", existing)
    person = existing or Participant(edition=edition)
    if existing is not None:
        # A new registration over a cancelled one: the old private link and badge open nothing.
        person.manage_token, person.badge_code = new_token(), None
    for key in PERSON_FIELDS:
        setattr(person, key, data.get(key, "") or "")
    person.gender = gender_of(data)
    # The public form registers participants; other roles come from organisers or an invitation.
    if source == "online" or person.role not in ROLES:
        person.role = "participant"
    person.source = source
    person.registered_at = now()
    person.refresh_search_text()
    if take_seats(edition.id):
        if edition.requires_approval:
            person.status = "pending"
        else:
            confirm(person)
    else:
        person.status = "waitlisted"
    db.session.add(person)
    try:
        db.session.flush()
    except IntegrityError as exc:  # the same email registered a moment ago by another request
        db.session.rollback()
        raise RegistrationError("duplicate", find_by_email(edition, data["email"])) from exc
    set_preferences(person, ranking if edition.asks_ranking else [])
    consents.record(person, consent or {}, shown_in, first=True)
    notify(person, f"registration_{person.status}")
    return Outcome(person, person.status)


def can_change(participant: Participant) -> bool:
    return participant.status != "cancelled" and (
        participant.edition.registration_state(now()) == "open"
    )


def update(
    participant: Participant,
    data: dict,
    ranking: list[int],
    by_organiser: bool = False,
    consent: dict[str, bool] | None = None,
    shown_in: str = "es",
) -> None:
    """Change details, ranking and (from the person's own page) consents; the email stays."""
    if not by_organiser and not can_change(participant):
        raise RegistrationError("closed")
    for key in PERSON_FIELDS:
        if key in data and key != "email" and (by_organiser or key != "role"):
            setattr(participant, key, data[key] or "")
    if "gender" in data:
        participant.gender = gender_of(data)
    if consent is not None:
        consents.record(participant, consent, shown_in, first=False)
    participant.refresh_search_text()
    set_preferences(participant, ranking)
    db.session.flush()
    if by_organiser:
        audit.record("participant.edit", participant.email, participant.edition_id)
    else:
        notify(participant, "registration_updated")


def cancel(participant: Participant, by_organiser: bool = False) -> None:
    """Cancel and give the seat to the first person waiting."""
    if participant.status == "cancelled":
        return
    if not by_organiser and not can_change(participant):
        raise RegistrationError("closed")
    held_seat = participant.status in ("confirmed", "pending")
    participant.status = "cancelled"
    participant.assignments.clear()
    db.session.flush()
    notify(participant, "registration_cancelled")
    if by_organiser:
        audit.record("participant.cancel", participant.email, participant.edition_id)
    if held_seat:
        release_seats(participant.edition_id)
        promote_waitlisted(participant.edition)


def approve(participant: Participant) -> None:
    if participant.status != "pending":
        raise RegistrationError("not_pending")
    confirm(participant)
    db.session.flush()
    notify(participant, "registration_confirmed")
    audit.record("participant.approve", participant.email, participant.edition_id)


def resend_manage_link(participant: Participant) -> None:
    notify(participant, "manage_link")


def set_capacity(edition: Edition, capacity: int) -> list[Participant]:
    """Change the edition's capacity; extra seats go to the waiting list at once."""
    if capacity < edition.seats_taken:
        raise RegistrationError("capacity_below_taken")
    edition.capacity = capacity
    db.session.flush()
    return promote_waitlisted(edition)


def by_token(token: str) -> Participant | None:
    if not token or len(token) > 64:
        return None
    return db.session.scalars(select(Participant).where(Participant.manage_token == token)).first()


__all__ = ["Outcome", "RegistrationError", "take_seats"]
