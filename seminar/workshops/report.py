"""What the allocation page shows: figures of the current assignment (moves included), a chart
per workshop, and each person's workshops with the reason, in words."""

import math
from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from seminar import ods
from seminar.extensions import db
from seminar.models import Assignment, Edition, Participant
from seminar.paging import Page, paginate
from seminar.workshops.explain import Seats
from seminar.workshops.model import MAX_RANK, Figures, Person
from seminar.workshops.model import Workshop as Seat
from seminar.workshops.rules import Tallies, summarise
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
    """The assignment as it stands in the database, counted there: figures and seats."""

    workshops: list
    figures: Figures
    seats: Seats
    round_labels: dict[int, str]


def _confirmed(edition: Edition) -> tuple:
    return (Participant.edition_id == edition.id, Participant.status == "confirmed")


def state(edition: Edition) -> State:
    """Counted by the database (GROUP BY), never a row per person: the page costs the same
    at 50,000 people as at 500, bar the database's own scans."""
    from seminar.models import Preference, Workshop

    slots = rounds(edition)
    workshops = [
        Seat(w.id, r.id, w.ods, w.capacity, reserve(w.capacity, edition.reserve_share))
        for r in slots
        for w in r.workshops
    ]
    read = db.session.connection().execute
    seated = (
        select(Assignment.workshop_id)
        .join(Participant, Participant.id == Assignment.participant_id)
        .where(Assignment.round_id.in_([r.id for r in slots]), *_confirmed(edition))
    )
    # One scan of the seats, grouped by everything the figures and the explanations count.
    tallies = Tallies()
    fixed: dict[int, int] = defaultdict(int)
    at_rank: dict[int, list[int]] = defaultdict(lambda: [0] * (MAX_RANK + 1))
    is_fixed = Assignment.pinned | Assignment.notified_at.is_not(None)
    groups = (Participant.actor_type, Participant.country, Preference.rank, is_fixed)
    for wid, actor, country, rank, pinned, n in read(
        seated.add_columns(*groups, func.count())
        .join(Workshop, Workshop.id == Assignment.workshop_id)
        .outerjoin(
            Preference,
            (Preference.participant_id == Assignment.participant_id)
            & (Preference.ods == Workshop.ods),
        )
        .group_by(Assignment.workshop_id, *groups)
    ):
        tallies.fill[wid] += n
        tallies.actors[wid][actor] += n
        tallies.countries[wid][country] += n
        tallies.ranks[rank] += n
        if rank is not None and rank <= MAX_RANK:
            at_rank[wid][rank] += n
        if pinned:
            fixed[wid] += n
    people = db.session.scalar(select(func.count(Participant.id)).where(*_confirmed(edition)))
    unplaced = people * len(slots) - sum(tallies.fill.values())
    return State(
        workshops,
        summarise(tallies, unplaced, workshops, settings(edition, 0)),
        Seats(workshops, tallies.fill, fixed, at_rank),
        {r.id: r.label for r in slots},
    )


def cards(edition: Edition, current: State, language: str) -> list[Card]:
    figures = current.figures
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


def _chosen(edition: Edition, current: State, filters: Filters):
    """The ids of the people the search and filters keep, by name, as one query.

    "Moved by hand" is a pinned seat other than a speaker's in the ODS they lead (the pin the
    allocation itself gives speakers); "pinned" is every pinned seat.
    """
    from seminar.models import Preference, Workshop
    from seminar.models.participant import fold

    found = select(Participant.id).where(*_confirmed(edition))
    for word in fold(filters.q).split():
        found = found.where(Participant.search_text.contains(word, autoescape=True))
    rids = list(current.round_labels)
    theirs = select(Assignment.id).where(
        Assignment.participant_id == Participant.id, Assignment.round_id.in_(rids)
    )
    # Correlated to the seat (Assignment, Workshop) of the query it sits in.
    ranked = select(Preference.id).where(
        Preference.participant_id == Assignment.participant_id, Preference.ods == Workshop.ods
    )
    on_workshop = theirs.join(Workshop, Workshop.id == Assignment.workshop_id)
    if filters.workshop is not None:
        found = found.where(theirs.where(Assignment.workshop_id == filters.workshop).exists())
    if filters.show == "unplaced":
        found = found.where(
            select(func.count(Assignment.id))
            .where(Assignment.participant_id == Participant.id, Assignment.round_id.in_(rids))
            .scalar_subquery()
            < len(rids)
        )
    elif filters.show == "unranked":
        found = found.where(on_workshop.where(~ranked.exists()).exists())
    elif filters.show == "not_top3":
        top3 = ranked.where(Preference.rank <= 3)
        found = found.where(on_workshop.where(~top3.exists()).exists())
    elif filters.show == "pinned":
        found = found.where(theirs.where(Assignment.pinned).exists())
    elif filters.show == "moved":
        leads = (Participant.role == "speaker") & ranked.where(Preference.rank == 1).exists()
        found = found.where(on_workshop.where(Assignment.pinned, ~leads).exists())
    return found.order_by(Participant.last_name, Participant.first_name, Participant.id)


def people(edition: Edition, current: State, filters: Filters) -> People:
    """One page of people matching the search and filters, each round explained in words."""
    from seminar.models import Preference

    query = _chosen(edition, current, filters)
    if filters.q or filters.show or filters.workshop is not None:
        # A filter reads every row anyway: one scan for the count and the page.
        chosen = db.session.connection().execute(query).scalars().all()
        pages = max(1, math.ceil(len(chosen) / PAGE_SIZE))
        found = Page(chosen, len(chosen), min(max(1, filters.page), pages), pages)
        ids = chosen[(found.page - 1) * PAGE_SIZE : found.page * PAGE_SIZE]
    else:  # everyone: the count and 50 rows of an index in name order
        found = paginate(query, filters.page, PAGE_SIZE)
        ids = found.items
    loaded = {
        p.id: p for p in db.session.scalars(select(Participant).where(Participant.id.in_(ids)))
    }
    read = db.session.connection().execute
    ranking: dict[int, list[int]] = defaultdict(list)
    for pid, goal in read(
        select(Preference.participant_id, Preference.ods)
        .where(Preference.participant_id.in_(ids))
        .order_by(Preference.participant_id, Preference.rank)
    ):
        ranking[pid].append(goal)
    mine: dict[int, dict] = defaultdict(dict)
    fixed: dict[int, dict] = defaultdict(dict)
    for pid, rid, wid, pinned, notified in read(
        select(
            Assignment.participant_id, Assignment.round_id, Assignment.workshop_id,
            Assignment.pinned, Assignment.notified_at,
        ).where(Assignment.participant_id.in_(ids), Assignment.round_id.in_(current.round_labels))
    ):  # fmt: skip
        mine[pid][rid] = wid
        if pinned or notified:
            fixed[pid][rid] = "pin" if pinned else "keep"
    out = []
    for pid in ids:
        person = loaded[pid]
        plain = Person(pid, tuple(ranking[pid]), person.actor_type, person.country)
        own = {rid: mine[pid].get(rid) for rid in current.round_labels}
        unplaced = [rid for rid, wid in own.items() if wid is None]
        rounds_ = [
            {
                "label": current.round_labels[e["round"]],
                "round": e["round"],
                "workshop": e["workshop"],
                "ods": e["ods"],
                "rank": e["rank"],
                "why": why(e),
            }
            for e in current.seats.why(plain, own, fixed[pid], unplaced)
        ]
        out.append(Line(person, rounds_))
    return People(out, found.total, found.page, found.pages)


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
