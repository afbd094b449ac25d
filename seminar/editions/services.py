"""Editions, rooms, rounds and workshops: creating and changing them, and the workshops CSV."""

from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from seminar import audit, spreadsheets
from seminar.extensions import db
from seminar.models import Assignment, Edition, Room, Round, Workshop
from seminar.models.edition import EDITION_FORMATS
from seminar.spreadsheets import SheetError as CsvError

WORKSHOP_COLUMNS = ("round", "ods", "room", "capacity")


class EditionError(ValueError):
    pass


def get(slug: str) -> Edition:
    edition = db.session.scalars(select(Edition).where(Edition.slug == slug)).first()
    if edition is None:
        raise EditionError(_l("no edition with slug '%(slug)s'", slug=slug))
    return edition


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise EditionError(_l("unknown time zone '%(name)s'", name=name)) from exc
    return name


def create(
    slug: str, name: str, city: str, starts: date, ends: date, timezone: str, **extra
) -> Edition:
    slug = slug.strip().lower()
    if not slug or not all(c.isalnum() or c == "-" for c in slug):
        raise EditionError(_l("the slug takes letters, digits and '-' only"))
    if db.session.scalar(select(func.count()).where(Edition.slug == slug)):
        raise EditionError(_l("an edition with slug '%(slug)s' exists already", slug=slug))
    if ends < starts:
        raise EditionError(_l("the edition ends before it starts"))
    if extra.get("format", "in_person") not in EDITION_FORMATS:
        raise EditionError(
            _l("unknown format '%(format)s' (in_person, virtual or hybrid)", format=extra["format"])
        )
    # A virtual event has no ODS workshops to rank unless the organisers say otherwise.
    extra.setdefault("ods_to_rank", 0 if extra.get("format") == "virtual" else 3)
    edition = Edition(
        slug=slug,
        name=name.strip(),
        city=city.strip(),
        starts_on=starts,
        ends_on=ends,
        timezone=check_timezone(timezone),
        **extra,
    )
    db.session.add(edition)
    db.session.flush()
    audit.record("edition.create", slug, edition.id)
    return edition


def read_workshops_csv(data: bytes, sheet: str | None = None) -> list[dict]:
    """The workshops table (CSV or XLSX) `round,ods,room,capacity`; all rows or none."""
    return workshop_rows(spreadsheets.read(data, sheet))


def workshop_rows(table: spreadsheets.Table) -> list[dict]:
    spreadsheets.require_columns(table, WORKSHOP_COLUMNS)
    rows, errors, seen = [], [], {}
    for line, values in table.records():
        row = {k: values.get(k, "") for k in WORKSHOP_COLUMNS}
        for key in WORKSHOP_COLUMNS:
            if not row[key]:
                errors.append(spreadsheets.at(line, key, spreadsheets.IS_REQUIRED))
        if row["ods"] and not (row["ods"].isdigit() and 1 <= int(row["ods"]) <= 17):
            errors.append(spreadsheets.at(line, "ods", spreadsheets.unknown_ods(row["ods"])))
        if row["capacity"] and not (row["capacity"].isdigit() and int(row["capacity"]) > 0):
            not_whole = _l("'%(value)s' is not a positive whole number", value=row["capacity"])
            errors.append(spreadsheets.at(line, "capacity", not_whole))
        for key in ("ods", "room"):
            previous = seen.get((row["round"], key, row[key]))
            if row[key] and previous:
                where = {"value": row[key], "round": row["round"], "line": previous}
                again = (
                    _l("ODS '%(value)s' is already in round '%(round)s' on line %(line)s", **where)
                    if key == "ods"
                    else _l(
                        "room '%(value)s' is already in round '%(round)s' on line %(line)s", **where
                    )
                )
                errors.append(spreadsheets.at(line, key, again))
            seen[(row["round"], key, row[key])] = line
        rows.append(row)
    if errors:
        raise CsvError(errors)
    return rows


def import_workshops(edition: Edition, rows: list[dict]) -> dict[str, int]:
    """Create or update rounds, rooms and workshops from CSV rows (upsert by round and ODS)."""
    rooms = {r.name: r for r in edition.rooms}
    rounds = {r.label: r for r in edition.rounds}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for row in rows:
        capacity, ods = int(row["capacity"]), int(row["ods"])
        room = rooms.get(row["room"])
        if room is None:
            room = rooms[row["room"]] = Room(edition=edition, name=row["room"], capacity=capacity)
            db.session.add(room)
        room.capacity = max(room.capacity, capacity)
        round_ = rounds.get(row["round"])
        if round_ is None:
            round_ = rounds[row["round"]] = Round(
                edition=edition, label=row["round"], position=len(rounds) + 1
            )
            db.session.add(round_)
        db.session.flush()
        workshop = next((w for w in round_.workshops if w.ods == ods), None)
        if workshop is None:
            round_.workshops.append(
                Workshop(edition_id=edition.id, ods=ods, room=room, capacity=capacity)
            )
            counts["created"] += 1
        elif (workshop.room_id, workshop.capacity) != (room.id, capacity):
            workshop.room, workshop.capacity = room, capacity
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    db.session.flush()
    audit.record("workshops.import", edition.slug, edition.id, **counts)
    return counts


def export_workshops(edition: Edition) -> list[dict]:
    assigned = dict(
        db.session.execute(
            select(Assignment.workshop_id, func.count())
            .join(Workshop, Workshop.id == Assignment.workshop_id)
            .where(Workshop.edition_id == edition.id)
            .group_by(Assignment.workshop_id)
        ).all()
    )
    return [
        {
            "round": round_.label,
            "ods": w.ods,
            "room": w.room.name,
            "capacity": w.capacity,
            "assigned": assigned.get(w.id, 0),
        }
        for round_ in edition.rounds
        for w in round_.workshops
    ]


SETTINGS = (
    "name",
    "event_type",
    "full_title",
    "format",
    "ods_to_rank",
    "city",
    "venue",
    "description",
    "starts_on",
    "ends_on",
    "status",
    "requires_approval",
    "reserve_share",
    "max_actor_share",
    "max_country_share",
)


def update(edition: Edition, data: dict) -> None:
    """Apply the admin form: local times become UTC, a larger capacity admits people waiting."""
    from seminar.registration import services as registration

    edition.timezone = check_timezone(data["timezone"])
    for key in SETTINGS:
        value = data.get(key)
        if key == "ods_to_rank" and value is None:
            continue  # left empty: as it was
        if key in ("event_type", "full_title", "venue", "description"):
            value = (value or "").strip()
        setattr(edition, key, value)
    for key in ("registration_opens_at", "registration_closes_at"):
        value = data.get(key)
        setattr(edition, key, edition.local(value) if value else None)
    if data["capacity"] != edition.capacity:
        try:
            registration.set_capacity(edition, data["capacity"])
        except registration.RegistrationError as exc:
            raise EditionError(
                _l(
                    "capacity cannot go below the %(taken)s seats already taken",
                    taken=edition.seats_taken,
                )
            ) from exc
    db.session.flush()
    audit.record("edition.update", edition.slug, edition.id)


def form_data(edition: Edition) -> dict:
    """The edition as the admin form shows it (registration times in local wall-clock)."""
    data = {key: getattr(edition, key) for key in (*SETTINGS, "slug", "timezone", "capacity")}
    for key in ("registration_opens_at", "registration_closes_at"):
        value = getattr(edition, key)
        data[key] = value.astimezone(edition.tz).replace(tzinfo=None) if value else None
    return data


def save_room(edition: Edition, name: str, capacity: int) -> Room:
    room = next((r for r in edition.rooms if r.name == name.strip()), None)
    if room is None:
        room = Room(edition=edition, name=name.strip(), capacity=capacity)
        db.session.add(room)
    room.capacity = capacity
    db.session.flush()
    audit.record("room.save", room.name, edition.id, capacity=capacity)
    return room
