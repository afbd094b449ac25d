"""Badges from the database: who gets one, what it says, and when it was printed."""

from collections import defaultdict
from dataclasses import dataclass, field

from babel.dates import format_interval
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from seminar import countries, ods
from seminar.badges import LAYOUTS as SHEETS
from seminar.clock import now
from seminar.content import edition_language, localized
from seminar.extensions import db
from seminar.models import Assignment, Edition, Participant, Round, Workshop

LAYOUTS = tuple(SHEETS)
# The coloured band at the foot of a badge. Participant.role has no press: press passes are
# organisers' guests with "press" as their position (see band()).
BANDS = ("participant", "speaker", "organiser", "press")
NOTHING_TO_PRINT = _l("no confirmed participant matches: nothing to print")
PRESS_POSITIONS = ("press", "prensa", "imprensa", "periodista", "jornalista", "journalist")


class BadgeError(Exception):
    """Bad input for a batch of badges; the message is one line for the organiser."""


@dataclass(frozen=True)
class Filters:
    role: str = ""
    ods: int | None = None
    not_printed: bool = False

    def check(self) -> None:
        if self.role and self.role not in BANDS:
            raise BadgeError(
                _l(
                    "unknown role %(role)s: use one of %(known)s",
                    role=repr(self.role),
                    known=", ".join(BANDS),
                )
            )
        if self.ods is not None and not 1 <= self.ods <= 17:
            raise BadgeError(_l("unknown ODS %(ods)s: use a number from 1 to 17", ods=self.ods))


def band(person: Participant) -> str:
    """The role printed on the badge."""
    return band_of(person.role, person.position)


def band_of(role: str, position: str) -> str:
    if role == "participant" and position.strip().casefold() in PRESS_POSITIONS:
        return "press"
    return role


def labels(language: str) -> dict:
    """The words printed on a badge, in `language`."""
    with force_locale(language):
        return {
            "workshops": _("Workshops"),
            "roles": {
                "participant": _("Participant"),
                "speaker": _("Speaker"),
                "organiser": _("Organiser"),
                "press": _("Press"),
            },
        }


def edition_header(edition: Edition, language: str | None = None) -> dict:
    language = language or edition_language(edition)
    dates = format_interval(edition.starts_on, edition.ends_on, "yMMMd", locale=language)
    name = localized(edition, "name", language)
    return {"name": name, "city": edition.city, "dates": f"{edition.city} · {dates}"}


def confirmed(edition: Edition, filters: Filters = Filters()) -> list[Participant]:
    """Everyone confirmed who matches `filters`, by last and first name."""
    filters.check()
    query = (
        select(Participant)
        .where(Participant.edition_id == edition.id, Participant.status == "confirmed")
        .options(
            selectinload(Participant.assignments)
            .selectinload(Assignment.workshop)
            .options(selectinload(Workshop.room), selectinload(Workshop.round))
        )
        .order_by(Participant.last_name, Participant.first_name, Participant.id)
    )
    if filters.ods is not None:
        query = query.where(
            Participant.id.in_(
                select(Assignment.participant_id)
                .join(Workshop, Assignment.workshop_id == Workshop.id)
                .where(Workshop.ods == filters.ods)
            )
        )
    if filters.not_printed:
        query = query.where(Participant.badge_printed_at.is_(None))
    people = db.session.scalars(query).all()
    if filters.role:
        people = [p for p in people if band(p) == filters.role]
    return [p for p in people if p.badge_code]


def badge(person: Participant, language: str, country_language: str) -> dict:
    """What one badge shows; the QR holds the badge code and nothing else."""
    goals = ods.goals()
    assignments = sorted(person.assignments, key=lambda a: _round_key(a.workshop.round))
    words = labels(language)
    role = band(person)
    return {
        "code": person.badge_code,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "institution": person.institution,
        "city": person.city,
        "country": countries.name(person.country, country_language) if person.country else "",
        "role": role,
        "role_label": words["roles"][role],
        "workshops_label": words["workshops"],
        "workshops": [
            {
                "ods": a.workshop.ods,
                "colour": goals[a.workshop.ods].colour,
                "name": goals[a.workshop.ods].name(language),
                "room": localized(a.workshop.room, "name", language),
            }
            for a in assignments
        ],
    }


def _round_key(round_: Round) -> tuple:
    return (round_.position, round_.label)


def batch(edition: Edition, filters: Filters = Filters()) -> tuple[list[int], list[dict]]:
    """Participant ids and badges of everyone confirmed matching `filters`.

    Labels follow each participant's language; country names the edition's.
    """
    country_language = edition_language(edition)
    people = confirmed(edition, filters)
    return [p.id for p in people], [badge(p, p.language, country_language) for p in people]


def document(edition: Edition, layout: str = "a4-4up") -> dict:
    """The arguments of render.render_badges shared by a whole batch (no database needed)."""
    if layout not in SHEETS:
        raise BadgeError(
            _l(
                "unknown layout %(layout)s: use one of %(known)s",
                layout=repr(layout),
                known=", ".join(LAYOUTS),
            )
        )
    language = edition_language(edition)
    return {
        "edition": edition_header(edition, language),
        "layout": layout,
        "labels": labels(language),
        "lang": language,
    }


def render_batch(badges: list[dict], document: dict, progress=None) -> bytes:
    if not badges:
        raise BadgeError(NOTHING_TO_PRINT)
    from seminar.badges import render  # WeasyPrint loads only when a badge is drawn

    return render.render_badges(badges, **document, progress=progress)


def one(person: Participant) -> bytes:
    """One A6 badge, on demand (a walk-in at the desk, a reprint)."""
    if person.status != "confirmed" or not person.badge_code:
        raise BadgeError(_l("only confirmed participants have a badge"))
    edition = person.edition
    data = badge(person, person.language, edition_language(edition))
    from seminar.badges import render

    return render.render_badges(
        [data],
        edition=edition_header(edition, person.language),
        layout="a6",
        labels=labels(person.language),
        lang=person.language,
    )


def mark_printed(participant_ids: list[int]) -> None:
    """Record that these badges were printed (or downloaded to print)."""
    moment = now()
    for start in range(0, len(participant_ids), 500):
        db.session.execute(
            update(Participant)
            .where(Participant.id.in_(participant_ids[start : start + 500]))
            .values(badge_printed_at=moment)
        )
    db.session.flush()


def participant(edition: Edition, participant_id: int) -> Participant | None:
    person = db.session.get(Participant, participant_id)
    return person if person is not None and person.edition_id == edition.id else None


@dataclass
class Preview:
    """What a batch with these filters will hold, in counts."""

    total: int = 0
    not_printed: int = 0
    by_role: dict[str, int] = field(default_factory=dict)
    by_ods: dict[int, int] = field(default_factory=dict)  # people with a workshop of that ODS


def preview(edition: Edition, filters: Filters = Filters()) -> Preview:
    """The batch ``batch(edition, filters)`` would print, counted by the database (grouped by
    role and position, which tell the band), never a row per person."""
    filters.check()
    people = select(func.count(Participant.id)).where(
        Participant.edition_id == edition.id,
        Participant.status == "confirmed",
        Participant.badge_code.is_not(None),
        Participant.badge_code != "",
    )
    if filters.ods is not None:
        people = people.where(
            select(Assignment.id)
            .join(Workshop, Workshop.id == Assignment.workshop_id)
            .where(Assignment.participant_id == Participant.id, Workshop.ods == filters.ods)
            .exists()
        )
    if filters.not_printed:
        people = people.where(Participant.badge_printed_at.is_(None))
    unprinted = Participant.badge_printed_at.is_(None)
    groups = (Participant.role, Participant.position, unprinted)
    read = db.session.connection().execute
    out = Preview(by_role=dict.fromkeys(BANDS, 0))
    for n, role, position, fresh in read(people.add_columns(*groups).group_by(*groups)):
        kind = band_of(role, position)
        if filters.role and kind != filters.role:
            continue
        out.total += n
        out.not_printed += n if fresh else 0
        out.by_role[kind] = out.by_role.get(kind, 0) + n
    seated = people.add_columns(Workshop.ods, *groups).join(
        Assignment, Assignment.participant_id == Participant.id
    )
    seated = seated.join(Workshop, Workshop.id == Assignment.workshop_id)
    by_ods: dict[int, int] = defaultdict(int)
    for n, number, role, position, _fresh in read(
        seated.group_by(Workshop.ods, *groups).with_only_columns(
            func.count(func.distinct(Participant.id)), Workshop.ods, *groups
        )
    ):
        if not filters.role or band_of(role, position) == filters.role:
            by_ods[number] += n
    out.by_ods = dict(sorted(by_ods.items()))
    return out


def find(edition: Edition, query: str, limit: int = 20) -> list[Participant]:
    """Confirmed people with a badge whose name, email or institution holds every word."""
    from seminar.models.participant import fold

    words = fold(query).split()
    if not words:
        return []
    found = select(Participant).where(
        Participant.edition_id == edition.id,
        Participant.status == "confirmed",
        Participant.badge_code.is_not(None),
    )
    for word in words:
        found = found.where(Participant.search_text.contains(word, autoescape=True))
    return db.session.scalars(
        found.order_by(Participant.last_name, Participant.first_name, Participant.id).limit(limit)
    ).all()
