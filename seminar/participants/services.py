"""Organisers' work on the participant list: import, export, search and counts."""

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import func, insert, select
from sqlalchemy.orm import selectinload

from seminar import audit, spreadsheets
from seminar.clock import now
from seminar.csvfile import COLUMNS, CsvError, Row
from seminar.exports import to_csv as to_csv  # the CLI and the demo write with these
from seminar.exports import to_xlsx as to_xlsx
from seminar.extensions import db
from seminar.models import (
    Assignment,
    Attendance,
    Edition,
    Participant,
    Preference,
    Round,
    Workshop,
)
from seminar.models.participant import SEATED, new_token
from seminar.registration.seats import confirm, take_seats
from seminar.registration.services import set_preferences

EXPORT_COLUMNS = (*COLUMNS, "workshops", "badge_code", "status", "checked_in_days")
IMPORTED_FIELDS = tuple(c for c in COLUMNS if c != "preferences")
NEW_COLUMNS = (
    *IMPORTED_FIELDS,
    "edition_id",
    "source",
    "email_key",
    "search_text",
    "status",
    "badge_code",
)


@dataclass(frozen=True)
class RowChange:
    """What importing one line does: a new person, or the columns it changes (their codes;
    the page names them in its reader's language)."""

    line: int
    email: str
    new: bool = False
    columns: tuple[str, ...] = ()


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changes: list[RowChange] = field(default_factory=list)

    def summary(self) -> str:
        return f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}"


def _confirms(person: Participant | None, row: Row) -> tuple[bool, LazyString | str]:
    """Whether the row confirms the person, or why it cannot: an exported file keeps each
    person's status where its status cell was left as exported."""
    if person is not None and row.status == person.status:
        return False, ""
    if row.status in ("", "confirmed"):
        return person is None or person.status != "confirmed", ""
    if person is None:
        new = _l(
            "'%(status)s', but a new participant is imported as confirmed (write confirmed or "
            "leave it empty)",
            status=row.status,
        )
        return False, spreadsheets.at(row.line, "status", new)
    change = _l(
        "'%(status)s' cannot become '%(wanted)s' by import (only confirmed); change it on the "
        "participant's page",
        status=person.status,
        wanted=row.status,
    )
    return False, spreadsheets.at(row.line, "status", change)


def _differences(person: Participant, row: Row, confirms: bool) -> list[str]:
    changed = [key for key in IMPORTED_FIELDS if getattr(person, key) != row.values[key]]
    if person.ranking != row.preferences:
        changed.append("preferences")
    if confirms:
        changed.append("status")
    return changed


def import_participants(edition: Edition, rows: list[Row], dry_run: bool = False) -> ImportReport:
    """Upsert rows as confirmed registrations, matched by email; all or nothing."""
    existing = {
        p.email_key: p
        for p in db.session.scalars(
            select(Participant)
            .where(Participant.edition_id == edition.id)
            .options(selectinload(Participant.preferences))
        )
    }
    report = ImportReport()
    new_seats, new_rows, errors = 0, [], []
    for row in rows:
        person = existing.get(row.values["email"].lower())
        confirms, refusal = _confirms(person, row)
        if refusal:
            errors.append(refusal)
            continue
        if person is None:
            report.created += 1
            report.changes.append(RowChange(row.line, row.values["email"], new=True))
            new_seats += 1
            new_rows.append(row)
            continue
        changed = _differences(person, row, confirms)
        if not changed:
            report.unchanged += 1
            continue
        report.updated += 1
        report.changes.append(RowChange(row.line, row.values["email"], columns=tuple(changed)))
        if confirms and person.status not in SEATED:
            new_seats += 1
        if not dry_run:
            for key in IMPORTED_FIELDS:
                setattr(person, key, row.values[key])
            person.refresh_search_text()
            if confirms:
                confirm(person)
            set_preferences(person, row.preferences)
    if errors:
        raise CsvError(errors)
    if not dry_run and new_rows:
        _insert_new(edition, new_rows)
    free = edition.capacity - edition.seats_taken
    if new_seats > free:
        raise CsvError(
            [
                _l(
                    "the import needs %(needed)s seats but the edition has %(free)s free "
                    "(capacity %(capacity)s); raise the capacity first",
                    needed=new_seats,
                    free=free,
                    capacity=edition.capacity,
                )
            ]
        )
    if not dry_run and (report.created or report.updated):
        if not take_seats(edition.id, new_seats):
            raise CsvError([_l("the edition filled up while importing; try again")])
        db.session.flush()
        audit.record(
            "participants.import",
            edition.slug,
            edition.id,
            **{"created": report.created, "updated": report.updated},
        )
    return report


def _insert_new(edition: Edition, rows: list[Row]) -> None:
    """Bulk INSERT … RETURNING for new people: the ORM's unit of work is 3× slower here."""
    people = []
    for row in rows:
        person = Participant(
            edition_id=edition.id,
            source="import",
            **{key: row.values[key] for key in IMPORTED_FIELDS},
        )
        person.refresh_search_text()
        confirm(person)
        people.append({column: getattr(person, column) for column in NEW_COLUMNS})
    moment = now()
    for person in people:
        person.update(registered_at=moment, updated_at=moment, manage_token=new_token())
    ids = dict(
        db.session.execute(
            insert(Participant).returning(Participant.email_key, Participant.id), people
        ).all()
    )
    preferences = [
        {"participant_id": ids[row.values["email"].lower()], "rank": rank, "ods": ods}
        for row in rows
        for rank, ods in enumerate(row.preferences, 1)
    ]
    if preferences:
        db.session.execute(insert(Preference), preferences)


def export_rows(edition: Edition) -> Iterator[dict[str, str]]:
    """Every participant as an export row, by name, read from columns a thousand people at a
    time (their rankings and workshops with them): memory stays flat however many there are."""
    rounds = db.session.scalars(
        select(Round.id).where(Round.edition_id == edition.id).order_by(Round.position)
    ).all()
    days = dict(
        db.session.execute(
            select(Attendance.participant_id, func.count())
            .where(Attendance.edition_id == edition.id)
            .group_by(Attendance.participant_id)
        ).all()
    )
    people = db.session.execute(
        select(
            Participant.id, Participant.badge_code, Participant.status,
            *(getattr(Participant, key) for key in IMPORTED_FIELDS),
        )
        .where(Participant.edition_id == edition.id)
        .order_by(Participant.last_name, Participant.first_name, Participant.id)
        .execution_options(yield_per=1000)
    )  # fmt: skip
    for batch in people.partitions():
        ids = [person.id for person in batch]
        ranking: dict[int, list[str]] = defaultdict(list)
        for pid, goal in db.session.execute(
            select(Preference.participant_id, Preference.ods)
            .where(Preference.participant_id.in_(ids))
            .order_by(Preference.participant_id, Preference.rank)
        ):
            ranking[pid].append(str(goal))
        seats: dict[int, dict[int, int]] = defaultdict(dict)
        for pid, rid, goal in db.session.execute(
            select(Assignment.participant_id, Assignment.round_id, Workshop.ods)
            .join(Workshop, Workshop.id == Assignment.workshop_id)
            .where(Assignment.participant_id.in_(ids))
        ):
            seats[pid][rid] = goal
        for person in batch:
            row = {key: getattr(person, key) for key in IMPORTED_FIELDS}
            by_round = seats.get(person.id, {})
            row["preferences"] = ";".join(ranking.get(person.id, ()))
            row["workshops"] = ";".join(str(by_round[r]) for r in rounds if r in by_round)
            row["badge_code"] = person.badge_code or ""
            row["status"] = person.status
            row["checked_in_days"] = str(days.get(person.id, 0))
            yield row


@dataclass
class Filters:
    q: str = ""
    status: str = ""
    country: str = ""
    actor_type: str = ""
    role: str = ""
    ods: int | None = None


def search(edition: Edition, filters: Filters, limit: int = 200, offset: int = 0):
    from seminar.models.participant import fold

    query = select(Participant).where(Participant.edition_id == edition.id)
    if filters.q:
        for word in fold(filters.q).split():
            query = query.where(Participant.search_text.contains(word, autoescape=True))
    for key in ("status", "country", "actor_type", "role"):
        if value := getattr(filters, key):
            query = query.where(getattr(Participant, key) == value)
    if filters.ods:
        from seminar.models import Workshop

        query = query.where(
            Participant.assignments.any(Assignment.workshop.has(Workshop.ods == filters.ods))
        )
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    people = db.session.scalars(
        query.order_by(Participant.last_name, Participant.first_name, Participant.id)
        .limit(limit)
        .offset(offset)
    ).all()
    return total, people


def counts(edition: Edition) -> dict[str, Counter]:
    active = (Participant.edition_id == edition.id, Participant.status != "cancelled")
    result = {}
    for key in ("actor_type", "country", "status", "role"):
        column = getattr(Participant, key)
        where = (Participant.edition_id == edition.id,) if key == "status" else active
        result[key] = Counter(
            dict(
                db.session.execute(
                    select(column, func.count()).where(*where).group_by(column)
                ).all()
            )
        )
    return result
