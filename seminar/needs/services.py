"""Catering and access: dietary and accessibility needs per day, for the caterer and the venue.

Only people who consented to keeping sensitive data are counted or listed; a need without that
consent is not used even if an old import left it in the row."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from seminar.extensions import db
from seminar.models import Attendance, Edition, Participant
from seminar.models.participant import fold

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


def _key(text: str) -> str:
    return " ".join(fold(text).split())


def _grouped(texts: list[str]) -> list[tuple[str, int]]:
    """Needs written alike ('Vegetariano', 'vegetariano ') counted as one, shown as first typed."""
    shown: dict[str, str] = {}
    counter: Counter[str] = Counter()
    for text in texts:
        key = _key(text)
        if key:
            shown.setdefault(key, " ".join(text.split()))
            counter[key] += 1
    return [(shown[key], n) for key, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]


def _people(edition: Edition) -> list[Participant]:
    """Everyone confirmed and not erased (the registration covers every day of the edition)."""
    return list(
        db.session.scalars(
            select(Participant)
            .where(
                Participant.edition_id == edition.id,
                Participant.status == "confirmed",
                Participant.erased_at.is_(None),
            )
            .order_by(Participant.last_name, Participant.first_name, Participant.id)
        )
    )


def _present(edition: Edition) -> dict[date, set[int]]:
    rows = db.session.execute(
        select(Attendance.day, Attendance.participant_id).where(Attendance.edition_id == edition.id)
    )
    present: dict[date, set[int]] = {}
    for day, person_id in rows:
        present.setdefault(day, set()).add(person_id)
    return present


def with_needs(people: list[Participant]) -> list[Participant]:
    return [
        p for p in people if p.consent_sensitive and (p.dietary.strip() or p.accessibility.strip())
    ]


def summary(edition: Edition) -> tuple[list[Day], list[Participant]]:
    """Per day: people expected, checked in, and the needs grouped; and who has a need."""
    people = _people(edition)
    needy = with_needs(people)
    present = _present(edition)
    days = []
    for day in days_of(edition):
        here = present.get(day)
        days.append(
            Day(
                day=day,
                expected=len(people),
                present=len(here) if here is not None else None,
                dietary=_grouped([p.dietary for p in needy]),
                accessibility=_grouped([p.accessibility for p in needy]),
            )
        )
    return days, needy


def export_rows(edition: Edition) -> list[dict]:
    """One row per day per person with a need: the caterer's and the venue's list."""
    _days, needy = summary(edition)
    present = _present(edition)
    rows = []
    for day in days_of(edition):
        here = present.get(day)
        for person in needy:
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
                    "checked_in": "" if here is None else ("yes" if person.id in here else "no"),
                }
            )
    return rows
