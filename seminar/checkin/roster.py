"""What a station reads: the edition's badges for the offline cache, and the name search."""

from collections import defaultdict

from sqlalchemy import select

from seminar.checkin import doors
from seminar.clock import now
from seminar.extensions import db
from seminar.models import (
    Assignment,
    Attendance,
    Edition,
    Participant,
    RevokedBadge,
    Round,
    WorkshopAttendance,
)
from seminar.models.participant import fold

SEARCH_LIMIT = 20


def offline_cache(edition: Edition) -> dict:
    """Badge codes with the little a station shows (name, role, institution, workshops), for
    IndexedDB. A person's workshops are ids into ``workshops``, which describes each once.

    The format (README, "Check-in at the door"): {"edition": {...}, "generated_at",
    "workshops": [{"id", "round", "ods", "title", "room"}], "participants": [{"code", "name",
    "role", "institution", "workshops": [workshop ids, in round order]}], "revoked": [codes that
    answer 'revoked'], "attendance": [{"code", "day", "at", "station"}],
    "workshop_attendance": [{"code", "workshop"}]}.
    """
    seats: dict[int, list[int]] = defaultdict(list)
    for pid, wid in db.session.execute(
        select(Assignment.participant_id, Assignment.workshop_id)
        .join(Round, Round.id == Assignment.round_id)
        .where(Round.edition_id == edition.id)
        .order_by(Assignment.participant_id, Round.position)
    ):
        seats[pid].append(wid)
    people = db.session.execute(
        select(
            Participant.id, Participant.badge_code, Participant.first_name,
            Participant.last_name, Participant.role, Participant.institution,
        )
        .where(
            Participant.edition_id == edition.id,
            Participant.status == "confirmed",
            Participant.badge_code.is_not(None),
        )
        .order_by(Participant.id)
    )  # fmt: skip
    participants = [
        {
            "code": p.badge_code,
            "name": f"{p.first_name} {p.last_name}".strip(),
            "role": p.role,
            "institution": p.institution,
            "workshops": seats.get(p.id, []),
        }
        for p in people
    ]
    revoked = db.session.scalars(
        select(RevokedBadge.code)
        .join(Participant, Participant.id == RevokedBadge.participant_id)
        .where(Participant.edition_id == edition.id)
    ).all()
    cancelled = db.session.scalars(
        select(Participant.badge_code).where(
            Participant.edition_id == edition.id,
            Participant.status != "confirmed",
            Participant.badge_code.is_not(None),
        )
    ).all()
    attendance = db.session.execute(
        select(Participant.badge_code, Attendance.day, Attendance.checked_in_at, Attendance.station)
        .join(Participant, Participant.id == Attendance.participant_id)
        .where(Attendance.edition_id == edition.id)
    ).all()
    at_doors = db.session.execute(
        select(Participant.badge_code, WorkshopAttendance.workshop_id)
        .join(Participant, Participant.id == WorkshopAttendance.participant_id)
        .where(WorkshopAttendance.edition_id == edition.id)
    ).all()
    return {
        "edition": {
            "slug": edition.slug,
            "name": edition.name,
            "timezone": edition.timezone,
            "starts_on": edition.starts_on.isoformat(),
            "ends_on": edition.ends_on.isoformat(),
        },
        "generated_at": now().isoformat(),
        "workshops": doors.choices(edition),
        "participants": participants,
        "revoked": [*revoked, *cancelled],
        "attendance": [
            {"code": code, "day": day.isoformat(), "at": at.isoformat(), "station": station}
            for code, day, at, station in attendance
        ],
        "workshop_attendance": [{"code": code, "workshop": w} for code, w in at_doors],
    }


def search(edition: Edition, query: str) -> list[dict]:
    """Confirmed people whose name, email or institution holds every word (accents ignored)."""
    words = fold(query).split()[:5]
    if not words or len("".join(words)) < 2:
        return []
    stmt = select(Participant).where(
        Participant.edition_id == edition.id,
        Participant.status == "confirmed",
        Participant.badge_code.is_not(None),
    )
    for word in words:
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = stmt.where(Participant.search_text.like(f"%{escaped}%", escape="\\"))
    people = db.session.scalars(
        stmt.order_by(Participant.last_name, Participant.first_name).limit(SEARCH_LIMIT)
    )
    return [
        {
            "code": p.badge_code,
            "name": p.full_name,
            "institution": p.institution,
            "role": p.role,
        }
        for p in people
    ]
