"""The rules of the door: a scan proves attendance once per participant per day.

The database decides every race: the unique (participant_id, day) of attendance says who was
first, the unique client_id of a scan makes a resent scan count once. A scan costs three SQL
statements when it is the day's first (four when it is not): read the badge, log the scan,
upsert the attendance (and mark the scan as 'already' when it lost).
"""

from datetime import date, datetime, time
from functools import cache
from zoneinfo import ZoneInfo

from sqlalchemy import Date, bindparam, delete, select, text

from seminar import audit
from seminar.checkin import doors
from seminar.clock import now
from seminar.extensions import db
from seminar.models import (
    Assignment,
    Attendance,
    CheckIn,
    Edition,
    Participant,
    RevokedBadge,
    Room,
    Round,
    User,
    Workshop,
    WorkshopAttendance,
)
from seminar.models.types import UTCDateTime
from seminar.registration.seats import new_badge_code

OK, ALREADY, INVALID, REVOKED = "ok", "already_checked_in", "invalid", "revoked"
ANSWERS = (OK, ALREADY, INVALID, REVOKED)
MAX_CODE = 80
MAX_STATION = 120


class CheckInError(ValueError):
    pass


# One row per assigned workshop (or one row without): the badge, its edition, the person.
BADGE_QUERY = (
    select(
        Participant.id,
        Participant.edition_id,
        Participant.status,
        Participant.first_name,
        Participant.last_name,
        Participant.role,
        Participant.institution,
        Edition.timezone,
        Edition.starts_on,
        Round.label,
        Round.position,
        Workshop.id.label("workshop_id"),
        Workshop.ods,
        Workshop.title,
        Room.name,
    )
    .join(Edition, Edition.id == Participant.edition_id)
    .outerjoin(Assignment, Assignment.participant_id == Participant.id)
    .outerjoin(Workshop, Workshop.id == Assignment.workshop_id)
    .outerjoin(Round, Round.id == Assignment.round_id)
    .outerjoin(Room, Room.id == Workshop.room_id)
)


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


_BADGE_BY_CODE = BADGE_QUERY.where(Participant.badge_code == bindparam("code"))


def _badge(code: str) -> list:
    return db.session.connection().execute(_BADGE_BY_CODE, {"code": code}).all()


def describe(rows: list) -> dict:
    """What the station shows about a person (no email, no personal data beyond the badge)."""
    first = rows[0]
    workshops = sorted(
        (
            {
                "id": r.workshop_id,
                "round": r.label,
                "position": r.position,
                "ods": r.ods,
                "title": r.title,
                "room": r.name,
            }  # fmt: skip
            for r in rows
            if r.ods is not None
        ),
        key=lambda w: w["position"],
    )
    return {
        "name": f"{first.first_name} {first.last_name}".strip(),
        "role": first.role,
        "institution": first.institution,
        "workshops": workshops,
    }


def _first_scan(attendance_at: datetime, station: str) -> dict:
    return {"at": attendance_at.isoformat(), "station": station}


# The scan's writes as SQL that SQLite and PostgreSQL both speak. Written out because the
# dialect-specific insert().on_conflict_…() constructs are not kept in SQLAlchemy's compiled
# cache: recompiling them on every scan cost more than running them.
_TYPED = {name: UTCDateTime() for name in ("scanned_at", "received_at", "checked_in_at")}
_TYPED["day"] = Date()
_LOG = """INSERT INTO checkins (edition_id, participant_id, code, station, client_id, result,
    scanned_at, received_at, user_id, offline_answer, workshop_id)
VALUES (:edition_id, :participant_id, :code, :station, :client_id, :result,
    :scanned_at, :received_at, :user_id, :offline_answer, :workshop_id)"""
_ATTEND = """INSERT INTO attendance (edition_id, participant_id, day, first_checkin_id,
    checked_in_at, station)
VALUES (:edition_id, :participant_id, :day, :first_checkin_id, :checked_in_at, :station)
ON CONFLICT (participant_id, day) DO UPDATE SET {changes}
RETURNING first_checkin_id, checked_in_at, station"""
_EARLIER = "excluded.checked_in_at < attendance.checked_in_at"
_STATEMENTS = {
    "log": _LOG + " RETURNING id",
    "log_once": _LOG + " ON CONFLICT (client_id) DO NOTHING RETURNING id",
    "attend": _ATTEND.format(changes="first_checkin_id = attendance.first_checkin_id"),
    "attend_offline": _ATTEND.format(
        changes=", ".join(
            f"{name} = CASE WHEN {_EARLIER} THEN excluded.{name} ELSE attendance.{name} END"
            for name in ("first_checkin_id", "station", "checked_in_at")
        )
    ),
    "lost": f"UPDATE checkins SET result = '{ALREADY}' WHERE id = :checkin_id",
}
_STATEMENTS = {
    name: text(sql)
    .bindparams(*(bindparam(k, type_=t) for k, t in _TYPED.items() if f":{k}" in sql))
    .columns(**({"checked_in_at": UTCDateTime()} if "RETURNING first" in sql else {}))
    for name, sql in _STATEMENTS.items()
}


def _run(name: str, **params):
    return db.session.connection().execute(_STATEMENTS[name], params)


def _log(edition_id, participant_id, code, result, scan: dict):
    """Insert the scan; None when this client_id was logged already (a resent scan)."""
    return _run(
        "log_once" if scan["client_id"] else "log",
        edition_id=edition_id,
        participant_id=participant_id,
        code=code,
        result=result,
        received_at=now(),
        **scan,
    ).scalar()


def _replay(client_id: str) -> dict:
    """The answer a scan got the first time it was sent."""
    checkin = db.session.scalars(select(CheckIn).where(CheckIn.client_id == client_id)).one()
    answer = {"status": checkin.result, "participant": None, "checkin_id": checkin.id}
    if checkin.participant_id is None or checkin.result not in (OK, ALREADY):
        return answer
    participant = db.session.get(Participant, checkin.participant_id)
    answer["participant"] = describe(_badge(participant.badge_code)) if participant else None
    attendance = db.session.scalars(
        select(Attendance).where(
            Attendance.participant_id == checkin.participant_id,
            Attendance.day == participant.edition.local_date(checkin.scanned_at),
        )
    ).first()
    if answer["participant"] and attendance:
        answer["participant"]["first_checkin"] = _first_scan(
            attendance.checked_in_at, attendance.station
        )
    return answer


def _unknown(edition: Edition | None, code: str, scan: dict) -> dict:
    """Not a current badge of this edition: a replaced one ('revoked') or nothing ('invalid')."""
    revoked = db.session.execute(
        select(RevokedBadge.participant_id, Participant.edition_id)
        .join(Participant, Participant.id == RevokedBadge.participant_id)
        .where(RevokedBadge.code == code)
    ).first()
    if revoked and (edition is None or revoked.edition_id == edition.id):
        edition_id, participant_id, status = revoked.edition_id, revoked.participant_id, REVOKED
    else:
        edition_id, participant_id, status = (edition.id if edition else None), None, INVALID
    if edition_id is None:  # a code of no edition at all: nothing to log it against
        return {"status": INVALID, "participant": None, "checkin_id": None}
    checkin_id = _log(edition_id, participant_id, code, status, scan)
    if checkin_id is None:
        return _replay(scan["client_id"])
    return {"status": status, "participant": None, "checkin_id": checkin_id}


def _revoked_later(code: str, scanned_at: datetime) -> list:
    """An offline scan of a badge replaced only after it was scanned: the person's badge rows."""
    current = db.session.scalar(
        select(Participant.badge_code)
        .join(RevokedBadge, RevokedBadge.participant_id == Participant.id)
        .where(RevokedBadge.code == code, RevokedBadge.revoked_at > scanned_at)
    )
    rows = _badge(current) if current else []
    if rows and offline_time(scanned_at, rows[0].starts_on, _zone(rows[0].timezone)) != scanned_at:
        return []  # a time the server does not believe cannot go before the revocation
    return rows


def scan(
    edition: Edition | None,
    code: str,
    station: str,
    client_id: str | None = None,
    scanned_at: datetime | None = None,
    user: User | None = None,
    offline_answer: str | None = None,
    workshop_id: int | None = None,
) -> dict:
    """Check a badge in: {"status", "participant", "checkin_id"}; flushes, never commits.

    `edition` None means the badge's own edition (the API); `scanned_at` is given by stations
    syncing offline scans, and an earlier offline scan becomes the day's first. An offline scan
    of a badge replaced after that scan still counts for its holder. `offline_answer` is what
    the station said offline; `workshop_id` names the workshop whose door the station guards.
    """
    code = (code or "").strip()[:MAX_CODE]
    offline = scanned_at is not None
    scan = {
        "station": (station or "").strip()[:MAX_STATION],
        "client_id": (client_id or "").strip()[:80] or None,
        "scanned_at": scanned_at or now(),
        "user_id": user.id if user is not None else None,
        "offline_answer": (offline_answer or "")[:24] or None,
        "workshop_id": workshop_id,
    }
    scanned_at, station = scan["scanned_at"], scan["station"]
    if scanned_at.tzinfo is None:
        raise CheckInError("scanned_at needs a time zone")
    if workshop_id is not None and not (edition and doors.is_workshop_of(workshop_id, edition.id)):
        raise CheckInError("no such workshop in this edition")
    rows = _badge(code) if code else []
    if not rows and offline and code:
        rows = _revoked_later(code, scanned_at)
    first = rows[0] if rows else None
    if first is None or (edition is not None and first.edition_id != edition.id):
        return _unknown(edition, code, scan)
    if offline:
        scanned_at = offline_time(scanned_at, first.starts_on, _zone(first.timezone))
        scan["scanned_at"] = scanned_at
    status = OK if first.status == "confirmed" else REVOKED  # a cancelled registration's badge
    checkin_id = _log(first.edition_id, first.id, code, status, scan)
    if checkin_id is None:
        return _replay(scan["client_id"])
    answer = {"status": status, "participant": None, "checkin_id": checkin_id}
    if status != OK:
        return answer
    answer["participant"] = describe(rows)
    day = scanned_at.astimezone(_zone(first.timezone)).date()
    winner = _attend(first.edition_id, first.id, day, checkin_id, scanned_at, station, offline)
    if workshop_id is not None:  # at a workshop's door, 'already' means already in that room
        winner = doors.attend(first.edition_id, workshop_id, first.id, checkin_id, scan, offline)
        answer["participant"]["assigned_here"] = doors.assigned(rows, workshop_id)
    if winner.first_checkin_id != checkin_id:
        answer["status"] = ALREADY
        _run("lost", checkin_id=checkin_id)
    answer["participant"]["first_checkin"] = _first_scan(winner.checked_in_at, winner.station)
    return answer


def offline_time(scanned_at: datetime, starts_on: date, zone: ZoneInfo) -> datetime:
    """A station's own time for an offline scan, believed only between the edition's first day
    (or the day it arrives, for a rehearsal) and its arrival; otherwise the arrival counts."""
    arrival = now()
    earliest = min(datetime.combine(starts_on, time(), zone), arrival.astimezone(zone))
    first_of_day = earliest.replace(hour=0, minute=0, second=0, microsecond=0)
    return scanned_at if first_of_day <= scanned_at <= arrival else arrival


def _attend(edition_id, participant_id, day: date, checkin_id, scanned_at, station, offline):
    """Insert the day's attendance, or keep the one there; an earlier offline scan takes it."""
    return _run(
        "attend_offline" if offline else "attend",
        edition_id=edition_id,
        participant_id=participant_id,
        day=day,
        first_checkin_id=checkin_id,
        checked_in_at=scanned_at,
        station=station,
    ).one()


def undo(checkin_id: int, edition: Edition, user: User | None = None) -> CheckIn:
    """Take back a scan of this edition; the day's attendance (and a workshop's) goes with it
    when that scan created it."""
    checkin = db.session.get(CheckIn, checkin_id)
    if checkin is None or checkin.edition_id != edition.id:
        raise CheckInError("no such scan")
    if checkin.undone_at is None:
        checkin.undone_at = now()
        for made in (Attendance, WorkshopAttendance):
            db.session.execute(delete(made).where(made.first_checkin_id == checkin.id))
        db.session.flush()
        audit.record("checkin.undo", checkin.code, checkin.edition_id, result=checkin.result)
    return checkin


def revoke_badge(participant: Participant, reason: str = "") -> str:
    """Replace a lost or misused badge: the old code answers 'revoked' from now on."""
    if participant.badge_code:
        db.session.add(
            RevokedBadge(code=participant.badge_code, participant_id=participant.id, reason=reason)
        )
    participant.badge_code = new_badge_code()
    db.session.flush()
    audit.record("badge.revoke", participant.email, participant.edition_id, reason=reason)
    return participant.badge_code
