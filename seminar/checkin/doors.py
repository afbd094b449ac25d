"""Workshop doors: a station set to one workshop records who really came to it.

A scan at a workshop's door proves the day's attendance too (the person is at the venue) and,
once per person and workshop, attendance of that workshop: the earliest scan counts, as at the
entrance. The dashboard and the certificate rule "workshop_doors" read these rows.
"""

from sqlalchemy import bindparam, func, select, text

from seminar.extensions import db
from seminar.models import Edition, Round, Workshop, WorkshopAttendance
from seminar.models.types import UTCDateTime

_ATTEND = """INSERT INTO workshop_attendance (edition_id, workshop_id, participant_id,
    first_checkin_id, checked_in_at, station)
VALUES (:edition_id, :workshop_id, :participant_id, :first_checkin_id, :checked_in_at, :station)
ON CONFLICT (workshop_id, participant_id) DO UPDATE SET {changes}
RETURNING first_checkin_id, checked_in_at, station"""
_EARLIER = "excluded.checked_in_at < workshop_attendance.checked_in_at"
_STATEMENTS = {
    False: _ATTEND.format(changes="first_checkin_id = workshop_attendance.first_checkin_id"),
    True: _ATTEND.format(
        changes=", ".join(
            f"{name} = CASE WHEN {_EARLIER} THEN excluded.{name} "
            f"ELSE workshop_attendance.{name} END"
            for name in ("first_checkin_id", "station", "checked_in_at")
        )
    ),
}
_STATEMENTS = {
    offline: text(sql)
    .bindparams(bindparam("checked_in_at", type_=UTCDateTime()))
    .columns(checked_in_at=UTCDateTime())
    for offline, sql in _STATEMENTS.items()
}


def is_workshop_of(workshop_id: int, edition_id: int) -> bool:
    found = db.session.scalar(select(Workshop.edition_id).where(Workshop.id == workshop_id))
    return found == edition_id


def attend(edition_id, workshop_id, participant_id, checkin_id, scan: dict, offline: bool):
    """Insert the person's attendance of the workshop, or keep the earlier one there."""
    return (
        db.session.connection()
        .execute(
            _STATEMENTS[offline],
            {
                "edition_id": edition_id,
                "workshop_id": workshop_id,
                "participant_id": participant_id,
                "first_checkin_id": checkin_id,
                "checked_in_at": scan["scanned_at"],
                "station": scan["station"],
            },
        )
        .one()
    )


def assigned(rows: list, workshop_id: int) -> bool:
    """Whether the badge's holder (BADGE_QUERY rows) is assigned to this workshop."""
    return any(row.workshop_id == workshop_id for row in rows)


def choices(edition: Edition) -> list[dict]:
    """The workshops a station can guard, in programme order."""
    workshops = db.session.scalars(
        select(Workshop)
        .join(Round, Round.id == Workshop.round_id)
        .where(Workshop.edition_id == edition.id)
        .order_by(Round.position, Workshop.ods)
    )
    return [
        {"id": w.id, "round": w.round.label, "ods": w.ods, "title": w.title, "room": w.room.name}
        for w in workshops
    ]


def scanned(edition: Edition) -> dict[int, int]:
    """How many people were scanned at each workshop's door."""
    return dict(
        db.session.execute(
            select(WorkshopAttendance.workshop_id, func.count())
            .where(WorkshopAttendance.edition_id == edition.id)
            .group_by(WorkshopAttendance.workshop_id)
        ).all()
    )


def attended(edition: Edition) -> set[tuple[int, int]]:
    """(participant_id, workshop_id) of everyone scanned at a workshop's door."""
    return set(
        db.session.execute(
            select(WorkshopAttendance.participant_id, WorkshopAttendance.workshop_id).where(
                WorkshopAttendance.edition_id == edition.id
            )
        ).all()
    )
