"""What the allocation page shows: figures of the current assignment (moves included), a chart
per workshop, and each person's workshops with the reason, in words."""

import math
from dataclasses import dataclass, field
from functools import cached_property

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from seminar import ods
from seminar.extensions import db
from seminar.models import Assignment, Edition, Participant
from seminar.workshops import allocation
from seminar.workshops.explain import Index
from seminar.workshops.model import Person, Result
from seminar.workshops.services import reserve, rounds, settings

ACTOR_LABELS = {
    "local_government": _l("Local government"),
    "regional_government": _l("Regional government"),
    "national_government": _l("National government"),
    "multilateral": _l("Multilateral"),
    "civil_society": _l("Civil society"),
    "academia": _l("Academia"),
    "private_sector": _l("Private sector"),
    "citizen": _l("Citizen"),
}
SHADES = (1.0, 0.72, 0.5, 0.34, 0.22, 0.14)  # opacities of the ODS colour, largest group first


@dataclass
class Segment:
    label: str
    count: int
    x: float
    width: float
    opacity: float


@dataclass
class Card:
    workshop_id: int
    round_label: str
    ods: int
    name: str
    colour: str
    room: str
    capacity: int
    reserve: int
    fill: int
    reserve_taken: int = 0
    actors: list[Segment] = field(default_factory=list)
    countries: list[Segment] = field(default_factory=list)

    @property
    def fill_width(self) -> float:
        return min(100.0, 100.0 * self.fill / self.capacity)

    @property
    def reserve_x(self) -> float:
        return 100.0 * (self.capacity - self.reserve) / self.capacity

    @property
    def reserve_taken_width(self) -> float:
        return 100.0 * self.reserve_taken / self.capacity


@dataclass
class Line:
    person: Participant
    rounds: list[dict]  # {"label", "workshop", "ods", "rank", "why"}


def ordinal(n: int) -> str:
    if str(get_locale() or "es").startswith("en"):
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10 if n % 100 not in (11, 12, 13) else 0)
        return f"{n}{suffix or 'th'}"
    return f"{n}.ª"


def _segments(mix: dict[str, int], total: int, label) -> list[Segment]:
    out, x = [], 0.0
    ordered = sorted(mix.items(), key=lambda kv: (-kv[1], kv[0]))
    head, tail = ordered[: len(SHADES) - 1], ordered[len(SHADES) - 1 :]
    if tail:
        head.append((_("Others"), sum(n for _, n in tail)))
    for i, (name, n) in enumerate(head):
        width = 100.0 * n / total if total else 0.0
        out.append(Segment(label(name), n, x, width, SHADES[i]))
        x += width
    return out


@dataclass
class State:
    """The assignment as it stands in the database, as the engine's plain data."""

    people: list[Person]  # ordered by last name, first name
    workshops: list
    result: Result
    round_labels: dict[int, str]
    roles: dict[int, str]
    pinned: set[tuple[int, int]] = field(default_factory=set)  # (person id, round id)

    @cached_property
    def ods_of(self) -> dict[int, int]:
        return {w.id: w.ods for w in self.workshops}


def state(edition: Edition) -> State:
    """Columns only, no Participant objects: the page shows 50 people, not the whole edition."""
    from seminar.models import Preference
    from seminar.workshops.model import Workshop as Seat

    slots = rounds(edition)
    workshops = [
        Seat(w.id, r.id, w.ods, w.capacity, reserve(w.capacity, edition.reserve_share))
        for r in slots
        for w in r.workshops
    ]
    # Core rows, not ORM ones: a tenth of the cost for the 70,000 rows of 10,000 people.
    read = db.session.connection().execute
    mine = (Participant.edition_id == edition.id, Participant.status == "confirmed")
    rows = read(
        select(Participant.id, Participant.actor_type, Participant.country, Participant.role)
        .where(*mine)
        .order_by(Participant.last_name, Participant.first_name, Participant.id)
    ).all()
    ranking: dict[int, list[int]] = {row[0]: [] for row in rows}
    for pid, goal in read(
        select(Preference.participant_id, Preference.ods)
        .join(Participant, Participant.id == Preference.participant_id)
        .where(*mine)
        .order_by(Preference.participant_id, Preference.rank)
    ):
        ranking[pid].append(goal)
    plain = [Person(pid, tuple(ranking[pid]), actor, country) for pid, actor, country, _ in rows]
    assignment, fixed, pinned = {}, {}, set()
    for pid, rid, wid, pin, notified in read(
        select(
            Assignment.participant_id, Assignment.round_id, Assignment.workshop_id,
            Assignment.pinned, Assignment.notified_at,
        ).where(Assignment.round_id.in_([r.id for r in slots]))
    ):  # fmt: skip
        if pid in ranking:
            assignment[pid, rid] = wid
            if pin or notified:
                fixed[pid, rid] = "pin" if pin else "keep"
            if pin:
                pinned.add((pid, rid))
    unplaced = [(p.id, r.id) for p in plain for r in slots if (p.id, r.id) not in assignment]
    figures = allocation.figures(assignment, unplaced, plain, workshops, settings(edition, 0))
    result = Result(assignment, figures, "", math.nan, 0.0, unplaced=unplaced, fixed=fixed)
    return State(
        plain,
        workshops,
        result,
        {r.id: r.label for r in slots},
        {pid: role for pid, _a, _c, role in rows},
        pinned,
    )


def cards(edition: Edition, current: State, language: str) -> list[Card]:
    figures = current.result.figures
    out = []
    for r in rounds(edition):
        for w in r.workshops:
            goal = ods.goal(w.ods)
            fill = figures.fill.get(w.id, 0)
            card = Card(
                w.id, r.label, w.ods, goal.name(language), goal.colour, w.room.name,
                w.capacity, reserve(w.capacity, edition.reserve_share), fill,
                figures.reserve_taken.get(w.id, 0),
            )  # fmt: skip
            card.actors = _segments(
                figures.actor_mix.get(w.id, {}), fill, lambda k: str(ACTOR_LABELS.get(k, k))
            )
            card.countries = _segments(figures.country_mix.get(w.id, {}), fill, lambda k: k)
            out.append(card)
    return out


def why(entry: dict) -> str:
    """One round of allocation.explain in words."""
    if entry["unplaced"]:
        return _("No seat left in this round.")
    if entry["fixed"] == "pin":
        return _("Pinned here (speaker or moved by the organisers).")
    if entry["fixed"] == "keep":
        return _("Kept where they were when they were notified.")
    if entry["rank"] == 1:
        return _("Their 1st choice.")
    parts, full, ahead, open_ = [], [], 0, []
    for better in entry["better"]:
        if better["in_round"] is not None:
            parts.append(
                _(
                    "%(n)s choice is their workshop in another round",
                    n=ordinal(better["rank"]),
                )
            )
        elif not better["workshops"]:
            parts.append(_("%(n)s choice not offered in this round", n=ordinal(better["rank"])))
        elif all(w["fill"] >= w["seats"] for w in better["workshops"]):
            full.append(ordinal(better["rank"]))
            ahead += sum(w["ahead"] for w in better["workshops"])
        else:
            open_.append(ordinal(better["rank"]))
    if full:
        parts.insert(
            0,
            _(
                "%(choices)s choice full with %(n)s people who ranked it as high or higher",
                choices=_(" and ").join(
                    [", ".join(full[:-1]), full[-1]] if len(full) > 1 else full
                ),
                n=ahead,
            ),
        )
    if open_:
        parts.append(
            _(
                "%(choices)s choice had seats, but others would have lost more",
                choices=", ".join(open_),
            )
        )
    got = (
        _("An ODS they did not rank")
        if entry["rank"] is None
        else _("Their %(n)s choice", n=ordinal(entry["rank"]))
    )
    return f"{got}: " + "; ".join(parts) + "." if parts else f"{got}."


PAGE_SIZE = 50
SHOW = {
    "": _l("Everyone"),
    "unplaced": _l("Without a workshop in a round"),
    "unranked": _l("On an ODS they did not rank"),
    "not_top3": _l("Not in their top 3"),
    "moved": _l("Moved by hand"),
    "pinned": _l("Pinned"),
}


@dataclass
class Filters:
    q: str = ""
    show: str = ""  # a key of SHOW
    workshop: int | None = None
    page: int = 1


@dataclass
class People:
    lines: list[Line]
    total: int
    page: int
    pages: int


def _matches(current: State, person: Person, show: str, workshop: int | None) -> bool:
    assignment, ods_of = current.result.assignment, current.ods_of
    mine = [(rid, assignment.get((person.id, rid))) for rid in current.round_labels]
    if workshop is not None and all(wid != workshop for _rid, wid in mine):
        return False
    if show == "unplaced":
        return any(wid is None for _, wid in mine)
    if show in ("unranked", "not_top3"):
        ranks = [person.rank_of(ods_of[wid]) for _rid, wid in mine if wid is not None]
        if show == "unranked":
            return None in ranks
        return any(rank is None or rank > 3 for rank in ranks)
    if show == "pinned":
        return any((person.id, rid) in current.pinned for rid, _wid in mine)
    if show == "moved":
        return any(
            (person.id, rid) in current.pinned
            and not (current.roles[person.id] == "speaker" and person.ranking[:1] == (ods_of[wid],))
            for rid, wid in mine
        )
    return True


def people(edition: Edition, current: State, filters: Filters) -> People:
    """One page of people matching the search and filters, each round explained in words.

    "Moved by hand" is a pinned seat other than a speaker's in the ODS they lead (the pin the
    allocation itself gives speakers); "pinned" is every pinned seat.
    """
    from seminar.models.participant import fold

    candidates = current.people
    words = fold(filters.q).split()
    if words:
        query = select(Participant.id).where(
            Participant.edition_id == edition.id, Participant.status == "confirmed"
        )
        for word in words:
            query = query.where(Participant.search_text.contains(word, autoescape=True))
        found = set(db.session.scalars(query))
        candidates = [p for p in candidates if p.id in found]
    if filters.show or filters.workshop is not None:
        candidates = [p for p in candidates if _matches(current, p, filters.show, filters.workshop)]
    pages = max(1, math.ceil(len(candidates) / PAGE_SIZE))
    page = min(max(1, filters.page), pages)
    shown = candidates[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    loaded = {
        p.id: p
        for p in db.session.scalars(
            select(Participant).where(Participant.id.in_([p.id for p in shown]))
        )
    }
    index = Index(current.result, current.people, current.workshops)
    out = [
        Line(
            loaded[person.id],
            [
                {
                    "label": current.round_labels[e["round"]],
                    "round": e["round"],
                    "workshop": e["workshop"],
                    "ods": e["ods"],
                    "rank": e["rank"],
                    "why": why(e),
                }
                for e in index.explain(person.id)
            ],
        )
        for person in shown
    ]
    return People(out, len(candidates), page, pages)


ATTENDANCE_COLUMNS = ("name", "institution", "country", "actor_type", "role", "signature")


def attendance(edition: Edition, workshop_id: int) -> tuple[str, list[dict]] | None:
    """The attendance list of one workshop (a file name and rows), or None if not this edition's."""
    from seminar.models import Workshop

    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None or workshop.edition_id != edition.id:
        return None
    people = db.session.scalars(
        select(Participant)
        .join(Assignment, Assignment.participant_id == Participant.id)
        .where(Assignment.workshop_id == workshop.id)
        .order_by(Participant.last_name, Participant.first_name, Participant.id)
    ).all()
    rows = [
        {
            "name": p.full_name,
            "institution": p.institution,
            "country": p.country,
            "actor_type": p.actor_type,
            "role": p.role,
            "signature": "",
        }
        for p in people
    ]
    return f"{edition.slug}-round{workshop.round.position}-ods{workshop.ods:02d}", rows
