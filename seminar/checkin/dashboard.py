"""The organisers' live view of the door: arrivals, workshops against seats, who is missing."""

import math
from collections import Counter
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from seminar.checkin import doors
from seminar.clock import now
from seminar.extensions import db
from seminar.models import Assignment, Attendance, CheckIn, Edition, Participant, Round, Workshop

BUCKET_MINUTES = 15
LABEL_GAP = 0.15  # share of the chart's width between two times under it ("08:30" on a phone)
MISSING_SHOWN = 200


def days(edition: Edition) -> list[date]:
    """The edition's days, plus any day someone checked in outside them (a rehearsal)."""
    span = (edition.ends_on - edition.starts_on).days + 1
    scheduled = {edition.starts_on + timedelta(days=n) for n in range(span)}
    recorded = set(
        db.session.scalars(
            select(Attendance.day).where(Attendance.edition_id == edition.id).distinct()
        )
    )
    return sorted(scheduled | recorded)


def default_day(edition: Edition) -> date:
    today = edition.local_date(now())
    if edition.starts_on <= today <= edition.ends_on:
        return today
    recorded = db.session.scalar(
        select(func.max(Attendance.day)).where(Attendance.edition_id == edition.id)
    )
    return recorded or edition.starts_on


def arrivals(edition: Edition, day: date) -> list[tuple[datetime, int]]:
    """First arrivals of the day in 15-minute buckets (local time), from the first to the last."""
    times = db.session.scalars(
        select(Attendance.checked_in_at).where(
            Attendance.edition_id == edition.id, Attendance.day == day
        )
    ).all()
    if not times:
        return []
    buckets = Counter()
    for moment in times:
        local = moment.astimezone(edition.tz)
        buckets[local.replace(minute=local.minute - local.minute % BUCKET_MINUTES, second=0,
                              microsecond=0)] += 1  # fmt: skip
    start, end = min(buckets), max(buckets)
    series, slot = [], start
    while slot <= end:
        series.append((slot, buckets.get(slot, 0)))
        slot += timedelta(minutes=BUCKET_MINUTES)
    return series


def chart(series: list[tuple[datetime, int]], width: int = 640, height: int = 160) -> dict:
    """Bar geometry for the inline SVG (the template draws it; no script needed). The times
    under it are page text, placed by `left` (% of the width): they keep their size on a phone,
    so at most one in LABEL_GAP of the width is shown."""
    top = max((n for _, n in series), default=0) or 1
    step = min(width / max(len(series), 1), 40)  # a quiet morning still draws thin bars
    every = max(len(series) // 8, math.ceil(LABEL_GAP * width / step), 1)
    bars, running = [], 0
    for i, (slot, n) in enumerate(series):
        running += n
        bar_height = round(height * n / top, 1)
        bars.append(
            {
                "x": round(i * step, 1),
                "y": round(height - bar_height, 1),
                "w": round(max(step - 2, 1), 1),
                "h": bar_height,
                "n": n,
                "label": slot.strftime("%H:%M"),
                "show_label": i % every == 0,
                "left": round(100 * i * step / width, 2),
                "total": running,
            }
        )
    return {"bars": bars, "width": width, "height": height, "top": top}


def workshops(edition: Edition, day: date) -> list[dict]:
    """Each workshop: seats, people assigned, how many of them are here on the day, and how many
    people were scanned at its door (its real attendance, where a station guards the door)."""
    present = (
        select(Attendance.participant_id).where(
            Attendance.edition_id == edition.id, Attendance.day == day
        )
    ).scalar_subquery()
    rows = db.session.execute(
        select(
            Workshop,
            Round.label,
            func.count(Assignment.id),
            func.count(Assignment.id).filter(Assignment.participant_id.in_(present)),
        )
        .join(Round, Round.id == Workshop.round_id)
        .outerjoin(Assignment, Assignment.workshop_id == Workshop.id)
        .where(Workshop.edition_id == edition.id)
        .group_by(Workshop.id, Round.label, Round.position)
        .order_by(Round.position, Workshop.ods)
    ).all()
    at_door = doors.scanned(edition)
    return [
        {
            "round": label,
            "ods": w.ods,
            "room": w.room.name,
            "seats": w.capacity,
            "assigned": assigned,
            "present": here,
            "door": at_door.get(w.id, 0),
        }  # fmt: skip
        for w, label, assigned, here in rows
    ]


def missing(edition: Edition, day: date) -> tuple[int, list[Participant]]:
    """Confirmed people not checked in on the day: how many, and the first of them by name."""
    here = select(Attendance.participant_id).where(
        Attendance.edition_id == edition.id, Attendance.day == day
    )
    where = (
        Participant.edition_id == edition.id,
        Participant.status == "confirmed",
        Participant.id.not_in(here),
    )
    count = db.session.scalar(select(func.count()).where(*where))
    people = db.session.scalars(
        select(Participant)
        .where(*where)
        .order_by(Participant.last_name, Participant.first_name)
        .limit(MISSING_SHOWN)
    ).all()
    return count, people


def let_in_offline(edition: Edition) -> list:
    """Scans a station accepted offline that the server then found revoked or unknown."""
    return db.session.execute(
        select(CheckIn.scanned_at, CheckIn.station, CheckIn.code, CheckIn.result, Participant)
        .outerjoin(Participant, Participant.id == CheckIn.participant_id)
        .where(
            CheckIn.edition_id == edition.id,
            CheckIn.offline_answer.in_(("ok", "already_checked_in")),
            CheckIn.result.in_(("revoked", "invalid")),
            CheckIn.undone_at.is_(None),
        )
        .order_by(CheckIn.scanned_at.desc())
        .limit(MISSING_SHOWN)
    ).all()


def summary(edition: Edition, day: date) -> dict:
    per_day = dict(
        db.session.execute(
            select(Attendance.day, func.count())
            .where(Attendance.edition_id == edition.id)
            .group_by(Attendance.day)
        ).all()
    )
    confirmed = db.session.scalar(
        select(func.count()).where(
            Participant.edition_id == edition.id, Participant.status == "confirmed"
        )
    )
    results = dict(
        db.session.execute(
            select(CheckIn.result, func.count())
            .where(CheckIn.edition_id == edition.id, CheckIn.undone_at.is_(None))
            .group_by(CheckIn.result)
        ).all()
    )
    missing_count, missing_people = missing(edition, day)
    series = arrivals(edition, day)
    return {
        "day": day,
        "days": [
            (d, per_day.get(d, 0), not edition.starts_on <= d <= edition.ends_on)
            for d in days(edition)
        ],  # fmt: skip
        "confirmed": confirmed,
        "present": per_day.get(day, 0),
        "results": results,
        "chart": chart(series),
        "workshops": workshops(edition, day),
        "missing_count": missing_count,
        "missing": missing_people,
        "let_in_offline": let_in_offline(edition),
    }
