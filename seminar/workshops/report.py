"""What the allocation page shows: figures of the current assignment (moves included), a chart
per workshop, and each person's workshops with the reason, in words."""

import math
from dataclasses import dataclass, field

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from seminar import ods
from seminar.extensions import db
from seminar.models import Assignment, Edition, Participant
from seminar.workshops import allocation
from seminar.workshops.model import Person, Result
from seminar.workshops.services import confirmed, reserve, rounds, settings

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

    people: list[Person]
    workshops: list
    result: Result
    participants: dict[int, Participant]
    round_labels: dict[int, str]


def state(edition: Edition) -> State:
    from seminar.workshops.model import Workshop as Seat

    slots = rounds(edition)
    workshops = [
        Seat(w.id, r.id, w.ods, w.capacity, reserve(w.capacity, edition.reserve_share))
        for r in slots
        for w in r.workshops
    ]
    people = confirmed(edition)
    plain = [Person(p.id, tuple(p.ranking), p.actor_type, p.country) for p in people]
    ids = {p.id for p in people}
    rows = db.session.scalars(
        select(Assignment).where(Assignment.round_id.in_([r.id for r in slots]))
    ).all()
    assignment, fixed = {}, {}
    for a in rows:
        if a.participant_id in ids:
            assignment[a.participant_id, a.round_id] = a.workshop_id
            if a.pinned or a.notified_at:
                fixed[a.participant_id, a.round_id] = "pin" if a.pinned else "keep"
    unplaced = [(p.id, r.id) for p in people for r in slots if (p.id, r.id) not in assignment]
    figures = allocation.figures(assignment, unplaced, plain, workshops, settings(edition, 0))
    result = Result(assignment, figures, "", math.nan, 0.0, unplaced=unplaced, fixed=fixed)
    return State(
        plain, workshops, result, {p.id: p for p in people}, {r.id: r.label for r in slots}
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


def lines(current: State, query: str = "") -> list[Line]:
    from seminar.models.participant import fold

    out = []
    needle = fold(query.strip())
    for person in current.people:
        participant = current.participants[person.id]
        if needle and needle not in participant.search_text:
            continue
        entries = allocation.explain(person.id, current.result, current.people, current.workshops)
        out.append(
            Line(
                participant,
                [
                    {
                        "label": current.round_labels[e["round"]],
                        "round": e["round"],
                        "workshop": e["workshop"],
                        "ods": e["ods"],
                        "rank": e["rank"],
                        "why": why(e),
                    }
                    for e in entries
                ],
            )
        )
    return out


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
