"""Counting an edition from its records: registrations (confirmed), check-ins (the attendance
rows, one per person per day), workshop assignments and door scans, invitations, certificates,
proposals. Counts keyed by codes; labels and small-group merging come later (tables.py)."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from seminar.extensions import db
from seminar.models import (
    Assignment,
    Attendance,
    Certificate,
    Edition,
    Invitation,
    Participant,
    Proposal,
    Room,
    Round,
    Workshop,
    WorkshopAttendance,
)
from seminar.network import services as network

ANSWERED = ("registered", "declined")


@dataclass
class Person:
    """What the report reads of one person: never a name or an address."""

    country: str
    city: str
    actor_type: str
    gender: str | None
    registered: bool
    attended: bool


@dataclass
class WorkshopCount:
    round: Round
    ods: int
    room: Room
    seats: int
    assigned: int
    attended: int
    at_door: int


@dataclass
class Figures:
    edition: Edition
    registered: int
    attended: int
    days: list[tuple[date, int]]  # (day, people checked in that day)
    workshops: list[WorkshopCount]
    people: list[Person]
    member_keys: set[tuple[str, str]]
    invitations: dict[str, int] = field(default_factory=dict)
    certificates: int = 0
    proposals: int = 0
    proposals_published: int = 0


def edition_days(edition: Edition) -> list[date]:
    span = (edition.ends_on - edition.starts_on).days
    return [edition.starts_on + timedelta(days=n) for n in range(span + 1)]


def _columns(query):
    """Core rows, not ORM ones: the 150,000 rows of 50,000 people cost a fraction as tuples."""
    return db.session.connection().execute(query)


def _attendance(edition: Edition) -> dict[int, set[date]]:
    """Each person's days at the door, within the edition's dates (a rehearsal is no day)."""
    rows = _columns(
        select(Attendance.participant_id, Attendance.day).where(
            Attendance.edition_id == edition.id,
            Attendance.day.between(edition.starts_on, edition.ends_on),
        )
    )
    found: dict[int, set[date]] = defaultdict(set)
    for person_id, day in rows:
        found[person_id].add(day)
    return found


def _people(edition: Edition, present: dict[int, set[date]]) -> list[Person]:
    """Everyone confirmed, and anyone else the door let in (a person is counted once)."""
    rows = _columns(
        select(
            Participant.id,
            Participant.country,
            Participant.city,
            Participant.actor_type,
            Participant.gender,
            Participant.status,
        ).where(Participant.edition_id == edition.id)
    )
    people = []
    for person_id, country, city, actor, gender, status in rows:
        registered, attended = status == "confirmed", person_id in present
        if registered or attended:
            people.append(Person(country, city, actor, gender, registered, attended))
    return people


def _workshops(edition: Edition, present: dict[int, set[date]]) -> list[WorkshopCount]:
    """Seats, people assigned, and those who came: at the venue on the round's day, or scanned
    at the workshop's own door."""
    doors: dict[int, set[int]] = defaultdict(set)
    for workshop_id, person_id in _columns(
        select(WorkshopAttendance.workshop_id, WorkshopAttendance.participant_id).where(
            WorkshopAttendance.edition_id == edition.id
        )
    ):
        doors[workshop_id].add(person_id)
    assigned: dict[int, list[int]] = defaultdict(list)
    for workshop_id, person_id in _columns(
        select(Assignment.workshop_id, Assignment.participant_id)
        .join(Workshop, Workshop.id == Assignment.workshop_id)
        .where(Workshop.edition_id == edition.id)
    ):
        assigned[workshop_id].append(person_id)
    workshops = db.session.scalars(
        select(Workshop)
        .options(joinedload(Workshop.round), joinedload(Workshop.room))
        .join(Round, Round.id == Workshop.round_id)
        .where(Workshop.edition_id == edition.id)
        .order_by(Round.position, Workshop.ods)
    )
    counts = []
    for w in workshops:
        day = edition.local_date(w.round.starts_at) if w.round.starts_at else None
        came = {
            p for p in assigned[w.id] if (day in present.get(p, ()) if day else p in present)
        } | doors[w.id]
        counts.append(
            WorkshopCount(
                w.round,
                w.ods,
                w.room,
                w.capacity,
                len(assigned[w.id]),
                len(came),
                len(doors[w.id]),
            )  # fmt: skip
        )
    return counts


def _count(model, edition: Edition, *where) -> int:
    return db.session.scalar(
        select(func.count()).select_from(model).where(model.edition_id == edition.id, *where)
    )


def count(edition: Edition) -> Figures:
    present = _attendance(edition)
    people = _people(edition, present)
    per_day = Counter(day for days in present.values() for day in days)
    return Figures(
        edition=edition,
        registered=sum(p.registered for p in people),
        attended=len(present),
        days=[(day, per_day.get(day, 0)) for day in edition_days(edition)],
        workshops=_workshops(edition, present),
        people=people,
        member_keys=network.keys(),
        invitations={
            "invitees": _count(Invitation, edition),
            "sent": _count(Invitation, edition, Invitation.invited_at.is_not(None)),
            "answered": _count(Invitation, edition, Invitation.status.in_(ANSWERED)),
            "registered": _count(Invitation, edition, Invitation.status == "registered"),
        },
        certificates=_count(Certificate, edition, Certificate.status == "valid"),
        proposals=_count(Proposal, edition),
        proposals_published=_count(Proposal, edition, Proposal.published_at.is_not(None)),
    )
