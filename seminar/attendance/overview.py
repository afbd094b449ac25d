"""What the online attendance page shows: who was online how long, counted, a page at a time."""

import math
from dataclasses import dataclass

from sqlalchemy import exists, func, select

from seminar.attendance.services import (
    Attendee,
    minutes_by_participant,
    required_minutes,
    unmatched,
)
from seminar.extensions import db
from seminar.models import Edition, OnlineAttendance, Participant
from seminar.models.participant import fold
from seminar.paging import PAGE_SIZE, Page

SHOW = ("", "enough", "short")  # everyone online, those with enough minutes, those short of it


@dataclass
class Online:
    name: str
    email: str
    minutes: int


@dataclass
class Overview:
    required: int
    people: Page  # of Online, by last and first name
    enough: int  # registered people online long enough for a certificate
    short: int  # online, but not long enough
    never: int  # registered, never in a report
    unmatched: list[Attendee]  # in a report, not registered


def overview(edition: Edition, query: str = "", show: str = "", page: int = 1) -> Overview:
    """Minutes are merged per person in Python (overlaps once), so only people who were online
    are read: an edition at the door with 50,000 registrations reads none of them."""
    required = required_minutes(edition)
    minutes = minutes_by_participant(edition)
    active = (Participant.edition_id == edition.id, Participant.status != "cancelled")
    rows = db.session.connection().execute(
        select(Participant.first_name, Participant.last_name, Participant.email,
               Participant.search_text, Participant.id)
        .where(*active)
        .where(
            exists().where(
                OnlineAttendance.edition_id == Participant.edition_id,
                OnlineAttendance.email_key == Participant.email_key,
            )
        )
    ).all()  # fmt: skip
    registered = db.session.scalar(select(func.count()).select_from(Participant).where(*active))
    rows.sort(key=lambda r: (r.last_name.casefold(), r.first_name.casefold(), r.id))
    enough = sum(minutes.get(r.id, 0) >= required for r in rows)
    words = fold(query).split()
    chosen = [
        r
        for r in rows
        if all(w in r.search_text for w in words)
        and (not show or (minutes.get(r.id, 0) >= required) == (show == "enough"))
    ]
    pages = max(1, math.ceil(len(chosen) / PAGE_SIZE))
    page = min(max(1, page), pages)
    shown = [
        Online(f"{r.first_name} {r.last_name}".strip(), r.email, minutes.get(r.id, 0))
        for r in chosen[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    ]
    return Overview(
        required,
        Page(shown, len(chosen), page, pages),
        enough,
        len(rows) - enough,
        registered - len(rows),
        unmatched(edition),
    )
