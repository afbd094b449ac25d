"""The allocation's rules measured on an assignment: the input checked, its figures and cost.

Shared by the engine (``seminar.workshops.allocation``) and the baselines; see
``seminar.workshops.model`` for the costs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from seminar.workshops.model import (
    QUOTA_PENALTY,
    RESERVE_COST,
    UNPLACED_COST,
    Figures,
    QuotaViolations,
    Settings,
    quota_limit,
    rank_cost,
    reserve_taken,
)


class InputError(ValueError):
    """Input the engine cannot allocate. ``code`` and ``params`` (plain ids and numbers) let the
    web layer word it in its reader's language; ``str()`` is the English the CLI prints."""

    ENGLISH = {
        "duplicate_ids": "person and workshop ids must be unique",
        "ranks_twice": "person {person} ranks an ODS twice: {ranking}",
        "unknown_fixed": "{kind} of person {person} to workshop {workshop}: unknown person or "
        "workshop",
        "two_in_round": "person {person} is fixed to two workshops in round {round}",
        "ods_twice": "person {person} is fixed to ODS {ods} in two rounds",
        "pins_over_capacity": "workshop {workshop} has {pinned} pinned people but only "
        "{capacity} seats",
    }

    def __init__(self, code: str, **params):
        super().__init__(self.ENGLISH[code].format(**params))
        self.code, self.params = code, params


def fixed_seats(people, workshops, pins, keep):
    """Check the input; return the fixed seats {(person, round): workshop} and their kinds."""
    by_person = {p.id: p for p in people}
    by_id = {w.id: w for w in workshops}
    if len(by_person) != len(people) or len(by_id) != len(workshops):
        raise InputError("duplicate_ids")
    for p in people:
        if len(set(p.ranking)) != len(p.ranking):
            raise InputError("ranks_twice", person=p.id, ranking=p.ranking)
    fixed: dict[tuple[int, int], int] = {}
    kinds: dict[tuple[int, int], str] = {}
    pairs = [(pin.person_id, pin.workshop_id, "pin") for pin in pins]
    pairs += [(pid, wid, "keep") for pid, wid in keep]
    for pid, wid, kind in pairs:
        if pid not in by_person or wid not in by_id:
            raise InputError("unknown_fixed", kind=kind, person=pid, workshop=wid)
        key = (pid, by_id[wid].round_id)
        if fixed.get(key, wid) != wid:
            raise InputError("two_in_round", person=pid, round=key[1])
        fixed[key] = wid
        kinds.setdefault(key, kind)
    ods_seen = Counter((pid, by_id[wid].ods) for (pid, _), wid in fixed.items())
    for (pid, ods), n in ods_seen.items():
        if n > 1:
            raise InputError("ods_twice", person=pid, ods=ods)
    pinned = Counter(fixed[key] for key, kind in kinds.items() if kind == "pin")
    for wid, n in sorted(pinned.items()):
        if n > by_id[wid].capacity:
            raise InputError(
                "pins_over_capacity", workshop=wid, pinned=n, capacity=by_id[wid].capacity
            )
    return fixed, kinds


def _ranks(assignment, people, workshops):
    by_person = {p.id: p for p in people}
    by_id = {w.id: w for w in workshops}
    return [by_person[pid].rank_of(by_id[wid].ods) for (pid, _), wid in assignment.items()]


@dataclass
class Tallies:
    """What the figures are made of: seats counted per rank and per workshop's mix."""

    ranks: Counter = field(default_factory=Counter)  # rank (None: not ranked) -> seats
    fill: Counter = field(default_factory=Counter)  # workshop id -> people
    actors: defaultdict = field(default_factory=lambda: defaultdict(Counter))  # wid -> type -> n
    countries: defaultdict = field(default_factory=lambda: defaultdict(Counter))  # wid -> ...


def _mixes(assignment, people, tallies: Tallies) -> Tallies:
    by_person = {p.id: p for p in people}
    for (pid, _), wid in assignment.items():
        tallies.fill[wid] += 1
        tallies.actors[wid][by_person[pid].actor_type] += 1
        tallies.countries[wid][by_person[pid].country] += 1
    return tallies


def tally(assignment, people, workshops) -> Tallies:
    """The tallies of an assignment."""
    return _mixes(assignment, people, Tallies(Counter(_ranks(assignment, people, workshops))))


def _excesses(tallies: Tallies, workshops, settings: Settings):
    """(workshop, actor type or country, seats above its quota limit) for each group over."""
    by_id = {w.id: w for w in workshops}
    for mixes, share in (
        (tallies.actors, settings.max_actor_share),
        (tallies.countries, settings.max_country_share),
    ):
        for wid, mix in mixes.items():
            limit = quota_limit(by_id[wid], share)
            for name, n in mix.items():
                if n > limit:
                    yield wid, name, n - limit


def figures(assignment, unplaced, people, workshops, settings: Settings = Settings()) -> Figures:
    """Placement, rank and diversity figures of an assignment."""
    return summarise(tally(assignment, people, workshops), len(unplaced), workshops, settings)


def summarise(tallies: Tallies, unplaced: int, workshops, settings: Settings) -> Figures:
    """The figures of an assignment from its tallies (which a database can count, too)."""
    histogram = tallies.ranks
    placed = sum(histogram.values())
    fill, actors, countries = tallies.fill, tallies.actors, tallies.countries
    violations = QuotaViolations()
    for _, _, seats in _excesses(tallies, workshops, settings):
        violations.groups += 1
        violations.excess_seats += seats
    ranked = placed - histogram.get(None, 0)

    def share(n: int) -> float:
        return n / placed if placed else 0.0

    top3 = sum(n for rank, n in histogram.items() if rank is not None and rank <= 3)
    return Figures(
        placed=placed,
        unplaced=unplaced,
        share_first=share(histogram.get(1, 0)),
        share_top3=share(top3),
        share_any_ranked=share(ranked),
        share_unranked=share(placed - ranked),
        worst_rank=(
            None
            if ranked < placed
            else max((rank for rank, n in histogram.items() if n), default=None)
        ),
        rank_histogram=dict(
            sorted(((r, n) for r, n in histogram.items() if n), key=lambda kv: kv[0] or 99)
        ),
        fill={w.id: fill[w.id] for w in workshops},
        actor_mix={wid: dict(actors[wid]) for wid in sorted(actors)},
        country_mix={wid: dict(countries[wid]) for wid in sorted(countries)},
        quota_violations=violations,
        reserve_taken={w.id: n for w in workshops if (n := reserve_taken(w, fill[w.id]))},
    )


def cost(assignment, unplaced, people, workshops, settings: Settings = Settings()) -> float:
    """True cost of an assignment (without the tie-breaking noise), as the solver minimises it."""
    total = sum(rank_cost(r) for r in _ranks(assignment, people, workshops))
    total += UNPLACED_COST * len(unplaced)
    fill = Counter(assignment.values())
    total += RESERVE_COST * sum(reserve_taken(w, fill[w.id]) for w in workshops)
    if settings.quotas:
        excesses = _excesses(_mixes(assignment, people, Tallies()), workshops, settings)
        total += QUOTA_PENALTY * sum(seats for _, _, seats in excesses)
    return total
