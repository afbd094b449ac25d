"""ODS workshop allocation: plain data in, assignment and figures out. No Flask, no database.

    allocate(people, workshops, pins=(), keep=(), settings=Settings()) -> Result
    explain(person_id, result, people, workshops) -> list[dict]   one entry per round
    baselines.fcfs(people, workshops, pins=(), keep=(), settings=Settings()) -> Result
    baselines.random_serial_dictatorship(people, workshops, pins=(), keep=(), settings) -> Result
    figures(assignment, unplaced, people, workshops, settings) -> Figures
    cost(assignment, unplaced, people, workshops, settings) -> float

Rules: everybody gets exactly one workshop per round (rounds are the workshops' ``round_id``s)
and never the same ODS twice. No workshop takes more than ``capacity - reserve`` people, except
that pins (speakers, facilitators, organisers) and ``keep`` (``(person_id, workshop_id)`` pairs
of people already notified, for an incremental re-run) always hold; pins above a workshop's
capacity raise ValueError. A ranking holds for every round: a person's k-th choice costs the same
in any round. Costs and the soft diversity quotas (share of a workshop's people per actor type
and per country) are described in ``seminar.workshops.model``. Ties are broken by seeded noise
keyed by person and workshop, never by registration order or ids: the same data and seed give
the same assignment. When seats run out, as many people as possible are placed and the rest are
listed in ``Result.unplaced``.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable

from seminar.workshops.model import (
    QUOTA_PENALTY,
    UNPLACED_COST,
    Figures,
    Person,
    Pin,
    QuotaViolations,
    Result,
    Settings,
    Workshop,
    quota_limit,
    rank_cost,
)
from seminar.workshops.solver import solve

__all__ = [
    "Figures",
    "Person",
    "Pin",
    "Result",
    "Settings",
    "Workshop",
    "allocate",
    "cost",
    "explain",
    "figures",
    "fixed_seats",
]


def allocate(
    people: Iterable[Person],
    workshops: Iterable[Workshop],
    pins: Iterable[Pin] = (),
    keep: Iterable[tuple[int, int]] = (),
    settings: Settings = Settings(),
) -> Result:
    """The allocation with the lowest cost, proven optimal unless the time limit runs out."""
    start = time.perf_counter()
    people, workshops = list(people), list(workshops)
    fixed, kinds = fixed_seats(people, workshops, pins, keep)
    solution = solve(people, workshops, fixed, settings)
    assignment = {**fixed, **solution.assignment}
    return Result(
        assignment=assignment,
        figures=figures(assignment, solution.unplaced, people, workshops, settings),
        status=solution.status,
        gap=solution.gap,
        runtime=time.perf_counter() - start,
        objective=cost(assignment, solution.unplaced, people, workshops, settings),
        unplaced=solution.unplaced,
        fixed=kinds,
    )


def fixed_seats(people, workshops, pins, keep):
    """Check the input; return the fixed seats {(person, round): workshop} and their kinds."""
    by_person = {p.id: p for p in people}
    by_id = {w.id: w for w in workshops}
    if len(by_person) != len(people) or len(by_id) != len(workshops):
        raise ValueError("person and workshop ids must be unique")
    for p in people:
        if len(set(p.ranking)) != len(p.ranking):
            raise ValueError(f"person {p.id} ranks an ODS twice: {p.ranking}")
    fixed: dict[tuple[int, int], int] = {}
    kinds: dict[tuple[int, int], str] = {}
    pairs = [(pin.person_id, pin.workshop_id, "pin") for pin in pins]
    pairs += [(pid, wid, "keep") for pid, wid in keep]
    for pid, wid, kind in pairs:
        if pid not in by_person or wid not in by_id:
            raise ValueError(
                f"{kind} of person {pid} to workshop {wid}: unknown person or workshop"
            )
        key = (pid, by_id[wid].round_id)
        if fixed.get(key, wid) != wid:
            raise ValueError(f"person {pid} is fixed to two workshops in round {key[1]}")
        fixed[key] = wid
        kinds.setdefault(key, kind)
    ods_seen = Counter((pid, by_id[wid].ods) for (pid, _), wid in fixed.items())
    for (pid, ods), n in ods_seen.items():
        if n > 1:
            raise ValueError(f"person {pid} is fixed to ODS {ods} in two rounds")
    pinned = Counter(fixed[key] for key, kind in kinds.items() if kind == "pin")
    for wid, n in sorted(pinned.items()):
        if n > by_id[wid].capacity:
            raise ValueError(
                f"workshop {wid} has {n} pinned people but only {by_id[wid].capacity} seats"
            )
    return fixed, kinds


def _ranks(assignment, people, workshops):
    by_person = {p.id: p for p in people}
    by_id = {w.id: w for w in workshops}
    return [by_person[pid].rank_of(by_id[wid].ods) for (pid, _), wid in assignment.items()]


def _mixes(assignment, people):
    by_person = {p.id: p for p in people}
    fill, actors, countries = Counter(), defaultdict(Counter), defaultdict(Counter)
    for (pid, _), wid in assignment.items():
        fill[wid] += 1
        actors[wid][by_person[pid].actor_type] += 1
        countries[wid][by_person[pid].country] += 1
    return fill, actors, countries


def _excesses(assignment, people, workshops, settings: Settings):
    """(workshop, actor type or country, seats above its quota limit) for each group over."""
    _, actors, countries = _mixes(assignment, people)
    by_id = {w.id: w for w in workshops}
    for mixes, share in (
        (actors, settings.max_actor_share),
        (countries, settings.max_country_share),
    ):
        for wid, mix in mixes.items():
            limit = quota_limit(by_id[wid], share)
            for name, n in mix.items():
                if n > limit:
                    yield wid, name, n - limit


def figures(assignment, unplaced, people, workshops, settings: Settings = Settings()) -> Figures:
    """Placement, rank and diversity figures of an assignment."""
    ranks = _ranks(assignment, people, workshops)
    histogram = Counter(ranks)
    placed = len(ranks)
    fill, actors, countries = _mixes(assignment, people)
    violations = QuotaViolations()
    for _, _, seats in _excesses(assignment, people, workshops, settings):
        violations.groups += 1
        violations.excess_seats += seats
    ranked = [r for r in ranks if r is not None]

    def share(n: int) -> float:
        return n / placed if placed else 0.0

    return Figures(
        placed=placed,
        unplaced=len(unplaced),
        share_first=share(sum(r == 1 for r in ranked)),
        share_top3=share(sum(r <= 3 for r in ranked)),
        share_any_ranked=share(len(ranked)),
        share_unranked=share(placed - len(ranked)),
        worst_rank=None if len(ranked) < placed else max(ranked, default=None),
        rank_histogram=dict(sorted(histogram.items(), key=lambda kv: kv[0] or 99)),
        fill={w.id: fill[w.id] for w in workshops},
        actor_mix={wid: dict(actors[wid]) for wid in sorted(actors)},
        country_mix={wid: dict(countries[wid]) for wid in sorted(countries)},
        quota_violations=violations,
    )


def cost(assignment, unplaced, people, workshops, settings: Settings = Settings()) -> float:
    """True cost of an assignment (without the tie-breaking noise), as the solver minimises it."""
    total = sum(rank_cost(r) for r in _ranks(assignment, people, workshops))
    total += UNPLACED_COST * len(unplaced)
    if settings.quotas:
        excesses = _excesses(assignment, people, workshops, settings)
        total += QUOTA_PENALTY * sum(seats for _, _, seats in excesses)
    return total


def explain(person_id: int, result: Result, people, workshops) -> list[dict]:
    """Why a person got what they got, round by round, as plain data.

    For every ODS they ranked above what they got: whether they already have it in another
    round, or which workshops offer it, how full they are and how many people there ranked it at
    least as high as this person did (or are pinned or kept there).
    """
    by_person = {p.id: p for p in people}
    person = by_person[person_id]
    rounds = sorted({w.round_id for w in workshops})
    mine = {rid: result.assignment.get((person_id, rid)) for rid in rounds}
    ods_of = {w.id: w.ods for w in workshops}
    seated = defaultdict(list)
    for (pid, rid), wid in result.assignment.items():
        seated[wid].append((pid, rid))
    out = []
    for rid in rounds:
        wid = mine[rid]
        rank = None if wid is None else person.rank_of(ods_of[wid])
        better = []
        for k, ods in enumerate(person.ranking[: (rank or len(person.ranking) + 1) - 1], 1):
            other = [r for r, w in mine.items() if r != rid and w is not None and ods_of[w] == ods]
            offered = [w for w in workshops if w.round_id == rid and w.ods == ods]
            entry = {"ods": ods, "rank": k, "in_round": other[0] if other else None}
            entry["workshops"] = [_crowd(w, seated[w.id], by_person, result, k) for w in offered]
            better.append(entry)
        out.append(
            {
                "round": rid,
                "workshop": wid,
                "ods": None if wid is None else ods_of[wid],
                "rank": rank,
                "fixed": result.fixed.get((person_id, rid)),
                "unplaced": (person_id, rid) in result.unplaced,
                "better": better,
            }
        )
    return out


def _crowd(w: Workshop, seated, by_person, result: Result, rank: int) -> dict:
    ahead = sum(
        1 for pid, _ in seated if (r := by_person[pid].rank_of(w.ods)) is not None and r <= rank
    )
    fixed = sum(1 for key in seated if key in result.fixed)
    return {
        "workshop": w.id,
        "seats": w.open_seats,
        "fill": len(seated),
        "ahead": ahead,
        "fixed": fixed,
    }
