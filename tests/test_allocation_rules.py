"""The allocation judged by the README's rules, written out here without the project's cost
function: capacity, one workshop a round, never the same ODS twice, pins and keeps, the reserve
yielding before anyone goes unranked or without a workshop, and rank order."""

import math
import random
from collections import Counter, defaultdict
from dataclasses import replace

import highspy
import numpy as np
import pytest

from seminar.workshops.allocation import Person, Pin, Settings, Workshop, allocate
from tests.benchmarks.bench_allocation import synthetic

ACTORS = ["gov", "ngo", "academia"]
COUNTRIES = ["BR", "AR", "UY", "PY"]


def better(person: Person, ods: int, than: int | None) -> bool:
    """Whether ``person`` ranks ``ods`` above ``than`` (None: no workshop, or one not ranked)."""
    if ods not in person.ranking:
        return False
    return than not in person.ranking or person.ranking.index(ods) < person.ranking.index(than)


def check_readme_rules(result, people, workshops, pins=(), keep=(), quotas=True):
    """Every rule of the README's allocation section that can be read off the answer alone."""
    rounds = sorted({w.round_id for w in workshops})
    by_id = {w.id: w for w in workshops}
    fill = Counter(result.assignment.values())
    unplaced = set(result.unplaced)
    for w in workshops:
        assert fill[w.id] <= w.capacity, f"workshop {w.id} over its capacity"
    held = {}  # person id -> {round: ODS}
    for p in people:
        held[p.id] = {}
        for r in rounds:
            wid = result.assignment.get((p.id, r))
            assert (wid is None) == ((p.id, r) in unplaced), f"{p.id} in round {r}"
            if wid is not None:
                assert by_id[wid].round_id == r, f"{p.id} seated in another round's workshop"
                held[p.id][r] = by_id[wid].ods
        ods = list(held[p.id].values())
        assert len(set(ods)) == len(ods), f"{p.id} gets an ODS twice"
    fixed = set()
    for pid, wid in [(pin.person_id, pin.workshop_id) for pin in pins] + list(keep):
        key = (pid, by_id[wid].round_id)
        assert result.assignment[key] == wid, f"pin or keep of {pid} moved"
        fixed.add(key)
    people_of = {p.id: p for p in people}
    free = {w.id: w.capacity - fill[w.id] for w in workshops}
    for p in people:
        for r in rounds:
            if (p.id, r) in fixed:
                continue
            mine = held[p.id].get(r)
            others = {o for q, o in held[p.id].items() if q != r}
            open_here = [w for w in workshops if w.round_id == r and free[w.id] > 0]
            open_here = [w for w in open_here if w.ods not in others]
            if mine is None:
                assert not open_here, f"{p.id} left out in round {r} beside a free seat"
            if mine not in p.ranking:
                ranked = [w for w in open_here if w.ods in p.ranking]
                assert not ranked, f"{p.id} unranked in round {r} beside a free ranked seat"
            if not quotas:
                up = [w for w in open_here if better(p, w.ods, mine)]
                assert not up, f"{p.id} below a better choice with a free seat in round {r}"
    # No trade among people of one group (any people, without quotas) in which each gets a
    # workshop they rank higher: a cycle of "someone in a would rather be in b" edges.
    for r in rounds:
        edges = defaultdict(set)
        for (pid, rid), wid in result.assignment.items():
            if rid != r or (pid, rid) in fixed:
                continue
            p = people_of[pid]
            group = (p.actor_type, p.country) if quotas else None
            others = {o for q, o in held[pid].items() if q != r}
            for w in workshops:
                if w.round_id == r and w.ods not in others and better(p, w.ods, held[pid][r]):
                    edges[group, wid].add((group, w.id))
        assert not _cycle(edges), f"a trade would make everyone in it better off in round {r}"


def _cycle(edges) -> bool:
    state = {}

    def visit(node) -> bool:
        state[node] = 1
        for nxt in edges.get(node, ()):
            if state.get(nxt) == 1 or (nxt not in state and visit(nxt)):
                return True
        state[node] = 2
        return False

    return any(node not in state and visit(node) for node in list(edges))


def instance(seed, people=40, ods=6, rounds=1, slack=1.1, reserve=1):
    rng = random.Random(seed)
    crowd = [
        Person(
            pid,
            tuple(rng.sample(range(1, ods + 1), rng.randint(0, 4))),
            rng.choice(ACTORS),
            rng.choice(COUNTRIES),
        )
        for pid in range(1, people + 1)
    ]
    workshops = [
        Workshop(100 * r + o, r, o, max(2, round(slack * people / ods) + rng.randint(-3, 3)))
        for r in range(1, rounds + 1)
        for o in range(1, ods + 1)
    ]
    workshops = [replace(w, reserve=rng.randint(0, reserve)) for w in workshops]
    return crowd, workshops


@pytest.mark.parametrize("quotas", [False, True])
@pytest.mark.parametrize("seed", range(16))
def test_every_run_keeps_the_readme_rules_with_pins_and_reserves(seed, quotas):
    rounds = 1 + seed % 2
    people, workshops = instance(seed, rounds=rounds, slack=random.Random(seed).choice([0.9, 1.1]))
    rng = random.Random(seed)
    pins = {}
    for p in rng.sample(people, 5):
        w = rng.choice(workshops)
        if sum(pin.workshop_id == w.id for pin in pins.values()) < w.capacity:
            pins[p.id] = Pin(p.id, w.id)
    result = allocate(people, workshops, pins=pins.values(), settings=Settings(quotas=quotas))
    assert result.status == "optimal"
    check_readme_rules(result, people, workshops, pins=pins.values(), quotas=quotas)


def test_incremental_rerun_keeps_the_readme_rules():
    people, workshops = instance(5, people=50, rounds=2, slack=1.2)
    before = allocate(people[:35], workshops, settings=Settings(seed=1))
    keep = [(pid, wid) for (pid, _), wid in before.assignment.items()]
    after = allocate(people, workshops, keep=keep, settings=Settings(seed=2))
    check_readme_rules(after, people, workshops, keep=keep)


def test_reserve_yields_before_anyone_goes_to_an_unranked_workshop():
    people = [Person(i, (1,), "gov", "BR") for i in range(1, 5)]
    workshops = [Workshop(1, 1, 1, capacity=4, reserve=2), Workshop(2, 1, 2, capacity=10)]
    result = allocate(people, workshops, settings=Settings(quotas=False))
    assert result.figures.fill == {1: 4, 2: 0}
    assert result.figures.reserve_taken == {1: 2}


def test_reserve_yields_before_anyone_is_left_without_a_workshop():
    people = [Person(i, (), "gov", "BR") for i in range(1, 6)]
    workshops = [Workshop(1, 1, 1, capacity=3, reserve=1), Workshop(2, 1, 2, capacity=2, reserve=2)]
    result = allocate(people, workshops, settings=Settings(quotas=False))
    assert result.unplaced == []
    assert sum(result.figures.reserve_taken.values()) == 3


def test_reserve_yields_before_anyone_gets_a_worse_choice():
    people = [Person(i, (1, 2), "gov", "BR") for i in range(1, 5)]
    workshops = [Workshop(1, 1, 1, capacity=4, reserve=1), Workshop(2, 1, 2, capacity=10)]
    result = allocate(people, workshops, settings=Settings(quotas=False))
    assert result.figures.share_first == 1.0


def test_reserve_stays_free_where_nobody_gains_from_it():
    people = [Person(i, (1, 2), "gov", "BR") for i in range(1, 5)]
    workshops = [Workshop(1, 1, 1, capacity=6, reserve=2), Workshop(2, 1, 2, capacity=6, reserve=2)]
    result = allocate(people, workshops, settings=Settings(quotas=False))
    assert result.figures.fill == {1: 4, 2: 0}
    assert result.figures.reserve_taken == {}


def tight(seed: int):
    """Like the organiser's edition of issue 13: 2,000 people, 17 workshops, 2,089 seats, 5 %
    of every room held back (rounded up)."""
    people, workshops = synthetic(2000, 1, seed, slack=1.04)
    workshops = sorted(workshops, key=lambda w: -w.capacity)
    extra = 2089 - sum(w.capacity for w in workshops)
    step = 1 if extra > 0 else -1
    workshops = [
        replace(w, capacity=w.capacity + (step if n < abs(extra) else 0))
        for n, w in enumerate(workshops)
    ]
    assert sum(w.capacity for w in workshops) == 2089
    held = [replace(w, reserve=math.ceil(0.05 * w.capacity)) for w in workshops]
    return people, workshops, held


def lowest_cost_shares(people, workshops) -> tuple[float, float]:
    """First-choice and top-3 shares of an optimum without reserve or quotas, straight from the
    README (a k-th choice costs k², an unranked workshop more than any rank), as one LP: a
    transportation problem, so its optimum is integral."""
    kinds = Counter(p.ranking for p in people)
    rankings = sorted(kinds)
    cost, upper, rows, where = [], [], defaultdict(list), []
    for c, ranking in enumerate(rankings):
        for w in workshops:
            rank = ranking.index(w.ods) + 1 if w.ods in ranking else None
            rows["class", c].append(len(cost))
            rows["seats", w.id].append(len(cost))
            where.append(rank)
            cost.append(1000.0 if rank is None else float(rank * rank))
            upper.append(kinds[ranking])
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.addVars(len(cost), np.zeros(len(cost)), np.array(upper, dtype=float))
    h.changeColsCost(len(cost), np.arange(len(cost), dtype=np.int32), np.array(cost))
    for (kind, key), cols in rows.items():
        n = kinds[rankings[key]] if kind == "class" else None
        top = n if n is not None else next(w.capacity for w in workshops if w.id == key)
        h.addRow(n if n is not None else 0, top, len(cols), np.array(cols, dtype=np.int32),
                 np.ones(len(cols)))  # fmt: skip
    h.run()
    x = np.rint(np.array(h.getSolution().col_value))
    placed = x.sum()
    assert placed == len(people)
    first = sum(v for v, rank in zip(x, where, strict=True) if rank == 1)
    top3 = sum(v for v, rank in zip(x, where, strict=True) if rank is not None and rank <= 3)
    return first / placed, top3 / placed


@pytest.mark.parametrize("quotas", [False, True])
@pytest.mark.parametrize("seed", [1, 2])
def test_tight_edition_places_everyone_as_well_as_without_a_reserve(seed, quotas):
    people, workshops, held = tight(seed)
    result = allocate(people, held, settings=Settings(seed=seed, quotas=quotas))
    assert result.status == "optimal"
    assert result.unplaced == []
    check_readme_rules(result, people, held, quotas=quotas)
    first, top3 = lowest_cost_shares(people, workshops)
    assert abs(result.figures.share_first - first) <= 0.005
    assert abs(result.figures.share_top3 - top3) <= 0.005
    assert 0 < sum(result.figures.reserve_taken.values()) < sum(w.reserve for w in held)


class SteppingClock:
    """Each reading is ten seconds after the last: the time limit runs out after a known number
    of the solver's steps."""

    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 10.0
        return self.now


def test_time_limit_answers_with_the_best_allocation_found_and_its_gap():
    people, workshops = instance(3, people=60, ods=5, rounds=2, slack=1.0)
    best = allocate(people, workshops)
    assert best.status == "optimal"
    seen = Counter()
    for steps in range(60):
        limit = 10.0 * steps + 5.0  # the budget holds ``steps`` readings after the first
        result = allocate(
            people, workshops, settings=Settings(time_limit=limit), clock=SteppingClock()
        )
        check_readme_rules(result, people, workshops)
        assert result.objective >= best.objective
        if result.status == "optimal":
            assert result.gap == 0 and result.objective == best.objective
        elif math.isnan(result.gap):
            seen["no bound"] += 1
        else:
            bound = result.objective * (1 - result.gap)
            assert bound <= best.objective + 1e-6
            seen["bound"] += 1 if result.gap > 0 else 0
        seen[result.status] += 1
        if result.status == "optimal":
            break
    assert seen["no bound"] and seen["bound"] and seen["optimal"], seen
