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
    IndexedDB. A person's workshops are ids into ``workshops``, which describes each once; a
    check-in names its person by position in ``participants`` (a code only for someone not
    there: cancelled, or a badge replaced since).

    The format (README, "Check-in at the door"): {"edition": {...}, "generated_at",
    "workshops": [{"id", "round", "ods", "title", "room"}], "participants": [{"code", "name",
    "role", "institution", "workshops": [workshop ids, in round order]}], "revoked": [codes that
    answer 'revoked'], "attendance": [{"p": position in participants, or "code"; "day", "at",
    "station"}], "workshop_attendance": [{"code", "workshop"}]}.
    """
    # Core rows, not ORM ones: 70,000 rows at 10,000 people cost a fraction as tuples.
    read = db.session.connection().execute
    seats: dict[int, list[int]] = defaultdict(list)
    for pid, wid in read(
        select(Assignment.participant_id, Assignment.workshop_id)
        .join(Round, Round.id == Assignment.round_id)
        .where(Round.edition_id == edition.id)
        .order_by(Round.position, Round.id)
    ):
        seats[pid].append(wid)
    people = read(
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
    ).all()  # fmt: skip
    participants = [
        {
            "code": code,
            "name": f"{first} {last}".strip(),
            "role": role,
            "institution": institution,
            "workshops": seats.get(pid, []),
        }
        for pid, code, first, last, role, institution in people
    ]
    position = {row[0]: n for n, row in enumerate(people)}
    revoked = read(
        select(RevokedBadge.code)
        .join(Participant, Participant.id == RevokedBadge.participant_id)
        .where(Participant.edition_id == edition.id)
    ).scalars()
    cancelled = read(
        select(Participant.badge_code).where(
            Participant.edition_id == edition.id,
            Participant.status != "confirmed",
            Participant.badge_code.is_not(None),
        )
    ).scalars()
    attendance = read(
        select(
            Participant.id, Participant.badge_code, Attendance.day, Attendance.checked_in_at,
            Attendance.station,
        )
        .join(Participant, Participant.id == Attendance.participant_id)
        .where(Attendance.edition_id == edition.id)
    )  # fmt: skip
    at_doors = read(
        select(Participant.badge_code, WorkshopAttendance.workshop_id)
        .join(Participant, Participant.id == WorkshopAttendance.participant_id)
        .where(WorkshopAttendance.edition_id == edition.id)
    )
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
            {
                **({"p": position[pid]} if pid in position else {"code": code}),
                "day": day.isoformat(),
                "at": at.replace(microsecond=0).isoformat(),
                "station": station,
            }
            for pid, code, day, at, station in attendance
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
