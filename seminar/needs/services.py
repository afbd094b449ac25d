"""Catering and access: dietary and accessibility needs per day, for the caterer and the venue.

Only people who consented to keeping sensitive data are counted or listed; a need without that
consent is not used even if an old import left it in the row."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, or_, select

from seminar.extensions import db
from seminar.models import Attendance, Edition, Participant
from seminar.models.participant import fold_words

EXPORT_COLUMNS = (
    "day", "first_name", "last_name", "institution", "city", "role", "dietary", "accessibility",
    "checked_in",
)  # fmt: skip


@dataclass
class Day:
    day: date
    expected: int
    present: int | None  # people checked in that day; None before any check-in of the day
    dietary: list[tuple[str, int]] = field(default_factory=list)
    accessibility: list[tuple[str, int]] = field(default_factory=list)


def days_of(edition: Edition) -> list[date]:
    span = (edition.ends_on - edition.starts_on).days
    return [edition.starts_on + timedelta(days=n) for n in range(span + 1)]


def _grouped(texts: list[str]) -> list[tuple[str, int]]:
    """Needs written alike ('Vegetariano', 'vegetariano ') counted as one, shown as first typed."""
    shown: dict[str, str] = {}
    counter: Counter[str] = Counter()
    for text in texts:
        key = fold_words(text)
        if key:
            shown.setdefault(key, " ".join(text.split()))
            counter[key] += 1
    return [(shown[key], n) for key, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]


def _confirmed(edition: Edition):
    """Everyone confirmed and not erased (the registration covers every day of the edition)."""
    return (
        Participant.edition_id == edition.id,
        Participant.status == "confirmed",
        Participant.erased_at.is_(None),
    )


def _with_needs(edition: Edition):
    """Confirmed people who consented and wrote a need; the database narrows, strip() decides."""
    return (
        *_confirmed(edition),
        Participant.consent_sensitive.is_(True),
        or_(Participant.dietary != "", Participant.accessibility != ""),
    )


def needy(edition: Edition) -> list[Participant]:
    """Only the people with a need are read, however many are registered."""
    people = db.session.scalars(
        select(Participant)
        .where(*_with_needs(edition))
        .order_by(Participant.last_name, Participant.first_name, Participant.id)
    )
    return [p for p in people if p.dietary.strip() or p.accessibility.strip()]


def summary(edition: Edition) -> tuple[list[Day], list[Participant]]:
    """Per day: people expected, checked in, and the needs grouped; and who has a need."""
    expected = db.session.scalar(select(func.count()).where(*_confirmed(edition)))
    present = dict(
        db.session.execute(
            select(Attendance.day, func.count(Attendance.participant_id.distinct()))
            .where(Attendance.edition_id == edition.id)
            .group_by(Attendance.day)
        ).all()
    )
    people = needy(edition)
    dietary = _grouped([p.dietary for p in people])
    accessibility = _grouped([p.accessibility for p in people])
    days = [
        Day(day, expected, present.get(day), dietary=dietary, accessibility=accessibility)
        for day in days_of(edition)
    ]
    return days, people


def export_rows(edition: Edition) -> list[dict]:
    """One row per day per person with a need: the caterer's and the venue's list."""
    people = needy(edition)
    days_with_checkins = set(
        db.session.scalars(
            select(Attendance.day).where(Attendance.edition_id == edition.id).distinct()
        )
    )
    came = set(
        db.session.execute(
            select(Attendance.day, Attendance.participant_id)
            .join(Participant, Participant.id == Attendance.participant_id)
            .where(*_with_needs(edition))
        ).tuples()
    )
    rows = []
    for day in days_of(edition):
        for person in people:
            checked_in = "yes" if (day, person.id) in came else "no"
            rows.append(
                {
                    "day": day.isoformat(),
                    "first_name": person.first_name,
                    "last_name": person.last_name,
                    "institution": person.institution,
                    "city": person.city,
                    "role": person.role,
                    "dietary": person.dietary.strip(),
                    "accessibility": person.accessibility.strip(),
                    "checked_in": checked_in if day in days_with_checkins else "",
                }
            )
    return rows
