import itertools
import random
from collections import Counter
from dataclasses import replace

import pytest

from seminar.workshops.allocation import (
    Person,
    Pin,
    Settings,
    Workshop,
    allocate,
    cost,
    explain,
    fixed_seats,
)
from seminar.workshops.baselines import fcfs, random_serial_dictatorship
from seminar.workshops.solver import solve

ACTORS = ["gov", "ngo", "academia"]
COUNTRIES = ["BR", "AR", "UY", "PY"]


def random_instance(seed, people=30, ods=6, rounds=1, slack=1.2, max_len=4, equal_rounds=False):
    rng = random.Random(seed)
    result = []
    for pid in range(1, people + 1):
        ranking = tuple(rng.sample(range(1, ods + 1), rng.randint(0, max_len)))
        result.append(Person(pid, ranking, rng.choice(ACTORS), rng.choice(COUNTRIES), pid))
    workshops = []
    for r in range(1, rounds + 1):
        for o in range(1, ods + 1):
            capacity = max(1, round(slack * people / ods + rng.randint(-2, 2)))
            workshops.append(Workshop(r * 100 + o, r, o, capacity, reserve=rng.randint(0, 1)))
    if equal_rounds:  # every round has the seats of the first
        first = [w for w in workshops if w.round_id == 1]
        workshops = [
            replace(w, id=r * 100 + w.ods, round_id=r) for r in range(1, rounds + 1) for w in first
        ]
    return result, workshops


def check_rules(result, people, workshops, fixed=()):
    rounds = {w.round_id for w in workshops}
    by_id = {w.id: w for w in workshops}
    for p in people:
        got = [result.assignment.get((p.id, r)) for r in sorted(rounds)]
        placed = [w for w in got if w is not None]
        assert len(placed) + sum(key[0] == p.id for key in result.unplaced) == len(rounds)
        assert len({by_id[w].ods for w in placed}) == len(placed)
        assert all(by_id[w].round_id == r for w, r in zip(got, sorted(rounds), strict=True) if w)
    fill = Counter(result.assignment.values())
    held = Counter(wid for _, wid in fixed)
    for w in workshops:
        assert fill[w.id] <= max(w.capacity, held[w.id])


def brute_force(people, workshops, settings):
    """Lowest cost over every assignment, leaving people unplaced included."""
    rounds = sorted({w.round_id for w in workshops})
    per_round = [[w for w in workshops if w.round_id == r] + [None] for r in rounds]
    bundles = [
        bundle
        for bundle in itertools.product(*per_round)
        if len({w.ods for w in bundle if w}) == sum(1 for w in bundle if w)
    ]
    best = None
    for choice in itertools.product(bundles, repeat=len(people)):
        fill = Counter(w.id for bundle in choice for w in bundle if w)
        if any(fill[w.id] > w.capacity for w in workshops):
            continue
        assignment, unplaced = {}, []
        for p, bundle in zip(people, choice, strict=True):
            for r, w in zip(rounds, bundle, strict=True):
                if w:
                    assignment[p.id, r] = w.id
                else:
                    unplaced.append((p.id, r))
        value = cost(assignment, unplaced, people, workshops, settings)
        best = value if best is None else min(best, value)
    return best


@pytest.mark.parametrize("quotas", [True, False])
@pytest.mark.parametrize("seed", range(12))
def test_matches_brute_force_optimum_in_one_round(seed, quotas):
    people, workshops = random_instance(seed, people=5, ods=4, slack=1.0, max_len=3)
    settings = Settings(seed=seed, quotas=quotas)
    result = allocate(people, workshops, settings=settings)
    assert result.status == "optimal"
    assert result.objective == brute_force(people, workshops, settings)


@pytest.mark.parametrize("seed", range(8))
def test_matches_brute_force_optimum_over_two_rounds(seed):
    people, workshops = random_instance(seed, people=3, ods=3, rounds=2, slack=1.0, max_len=3)
    settings = Settings(seed=seed)
    result = allocate(people, workshops, settings=settings)
    assert result.objective == brute_force(people, workshops, settings)


@pytest.mark.parametrize("seed", range(8))
def test_two_round_shortcut_matches_brute_force_optimum(seed):
    people, workshops = random_instance(
        seed, people=3, ods=3, rounds=2, slack=1.0, max_len=3, equal_rounds=True
    )
    settings = Settings(seed=seed, quotas=seed % 2 == 0)
    solution = solve(people, workshops, {}, settings)
    assert solution.method == "ODS first"
    value = cost(solution.assignment, solution.unplaced, people, workshops, settings)
    assert value == brute_force(people, workshops, settings)


@pytest.mark.parametrize("seed", range(30))
def test_two_round_shortcut_matches_the_full_model(seed):
    rng = random.Random(seed)
    people, workshops = random_instance(
        seed,
        people=rng.randint(10, 60),
        ods=rng.randint(3, 7),
        rounds=2,
        slack=rng.choice([0.8, 1.0, 1.2]),
        max_len=3,
        equal_rounds=seed % 3 != 0,
    )
    pins = {p.id: Pin(p.id, rng.choice(workshops).id) for p in rng.sample(people, seed % 4)}
    fixed, _ = fixed_seats(people, workshops, pins.values(), ())
    settings = Settings(seed=seed, quotas=seed % 2 == 0, max_actor_share=rng.choice([0.4, 0.5]))
    fast = solve(people, workshops, fixed, settings)
    full = solve(people, workshops, fixed, settings, shortcut=False)
    assert fast.status == full.status == "optimal"
    assert cost({**fixed, **fast.assignment}, fast.unplaced, people, workshops, settings) == cost(
        {**fixed, **full.assignment}, full.unplaced, people, workshops, settings
    )
    if seed % 3 != 0 and not pins:
        assert fast.method == "ODS first"


def test_two_rounds_that_cannot_be_put_in_order_fall_back_to_the_full_model():
    # Both rounds together have room for everybody's two favourite ODS, but round 1 only
    # offers ODS 3: the first stage's pairs {1, 2} cannot be split over the rounds.
    people = [Person(i, (1, 2, 3), "gov", "BR") for i in range(1, 11)]
    seats = {(1, 1): 0, (1, 2): 0, (1, 3): 10, (2, 1): 10, (2, 2): 10, (2, 3): 0}
    workshops = [Workshop(10 * r + o, r, o, capacity=k) for (r, o), k in seats.items()]
    settings = Settings(quotas=False)
    solution = solve(people, workshops, {}, settings)
    assert solution.method == "exact"
    assert solution.status == "optimal"
    assert cost(solution.assignment, solution.unplaced, people, workshops, settings) == 10 * (9 + 1)


@pytest.mark.parametrize("seed", range(25))
def test_every_run_respects_capacity_pins_rounds_and_distinct_ods(seed):
    people, workshops = random_instance(seed, people=40, rounds=1 + seed % 2, slack=1.1)
    rng = random.Random(seed)
    pins = [Pin(p.id, rng.choice(workshops).id) for p in rng.sample(people, 3)]
    pins = list({(pin.person_id): pin for pin in pins}.values())
    result = allocate(people, workshops, pins=pins, settings=Settings(seed=seed))
    check_rules(result, people, workshops, [(p.person_id, p.workshop_id) for p in pins])
    for pin in pins:
        round_id = next(w.round_id for w in workshops if w.id == pin.workshop_id)
        assert result.assignment[pin.person_id, round_id] == pin.workshop_id
        assert result.fixed[pin.person_id, round_id] == "pin"


def test_pins_hold_even_beyond_the_open_seats():
    people = [Person(i, (1,), "gov", "BR") for i in range(1, 5)]
    workshops = [Workshop(1, 1, 1, capacity=3, reserve=2), Workshop(2, 1, 2, capacity=10)]
    pins = [Pin(1, 1), Pin(2, 1)]
    result = allocate(people, workshops, pins=pins)
    assert result.figures.fill == {1: 2, 2: 2}


def test_pins_above_capacity_are_rejected_before_solving():
    people = [Person(i, (1,), "gov", "BR") for i in range(1, 4)]
    workshops = [Workshop(1, 1, 1, capacity=2)]
    with pytest.raises(ValueError, match="3 pinned people but only 2 seats"):
        allocate(people, workshops, pins=[Pin(i, 1) for i in range(1, 4)])


def test_same_data_and_seed_give_the_same_assignment():
    people, workshops = random_instance(3, people=80, rounds=2)
    first = allocate(people, workshops, settings=Settings(seed=7))
    again = allocate(list(reversed(people)), list(reversed(workshops)), settings=Settings(seed=7))
    assert first.assignment == again.assignment


def test_two_round_shortcut_gives_the_same_assignment_for_the_same_data_and_seed():
    people, workshops = random_instance(3, people=80, rounds=2, equal_rounds=True)
    first = solve(people, workshops, {}, Settings(seed=7))
    again = solve(list(reversed(people)), list(reversed(workshops)), {}, Settings(seed=7))
    assert first.method == again.method == "ODS first"
    assert first.assignment == again.assignment


def test_another_seed_only_reorders_ties():
    people = [Person(i, (1, 2), "gov", "BR") for i in range(1, 21)]
    workshops = [Workshop(1, 1, 1, capacity=10), Workshop(2, 1, 2, capacity=10)]
    settings = Settings(quotas=False)
    results = [allocate(people, workshops, settings=replace(settings, seed=s)) for s in range(5)]
    assert len({r.objective for r in results}) == 1
    assert len({frozenset(r.assignment.items()) for r in results}) > 1


def test_ties_are_not_broken_by_registration_order_or_id():
    people = [Person(i, (1, 2), "gov", "BR", registered_order=i) for i in range(1, 41)]
    workshops = [Workshop(1, 1, 1, capacity=20), Workshop(2, 1, 2, capacity=20)]
    result = allocate(people, workshops, settings=Settings(seed=1, quotas=False))
    first = {pid for (pid, _), wid in result.assignment.items() if wid == 1}
    assert first != set(range(1, 21))
    assert first != set(range(21, 41))


def test_incremental_rerun_keeps_notified_people_and_places_newcomers():
    people, workshops = random_instance(5, people=40, rounds=2, slack=1.3)
    before = allocate(people[:30], workshops, settings=Settings(seed=1))
    keep = [(pid, wid) for (pid, _), wid in before.assignment.items()]
    after = allocate(people, workshops, keep=keep, settings=Settings(seed=2))
    for key, wid in before.assignment.items():
        assert after.assignment[key] == wid
    assert after.figures.placed == 40 * 2
    check_rules(after, people, workshops, keep)


def test_quotas_keep_a_dominant_actor_type_within_its_share():
    people = [Person(i, (1, 2, 3), "gov" if i <= 10 else "ngo", "BR") for i in range(1, 21)]
    people = [replace(p, country=["BR", "AR", "UY", "PY"][p.id % 4]) for p in people]
    workshops = [Workshop(o, 1, o, capacity=10) for o in (1, 2, 3)]
    loose = allocate(people, workshops, settings=Settings(quotas=False))
    strict = allocate(people, workshops)
    assert loose.figures.quota_violations.groups > 0
    assert strict.figures.quota_violations.groups == 0
    for mix in strict.figures.actor_mix.values():
        assert mix.get("gov", 0) <= 4


def test_nobody_ever_gets_the_same_ods_in_two_rounds():
    people = [Person(i, (1, 2), "gov", "BR") for i in range(1, 11)]
    workshops = [Workshop(10 * r + o, r, o, capacity=10) for r in (1, 2) for o in (1, 2)]
    result = allocate(people, workshops, settings=Settings(quotas=False))
    for p in people:
        assert {result.assignment[p.id, 1] % 10, result.assignment[p.id, 2] % 10} == {1, 2}
    assert result.figures.share_first == 0.5


def test_missing_seats_leave_people_unplaced_instead_of_failing():
    people = [Person(i, (1,), "gov", "BR") for i in range(1, 8)]
    workshops = [Workshop(1, 1, 1, capacity=3), Workshop(2, 1, 2, capacity=2)]
    result = allocate(people, workshops)
    assert result.figures.placed == 5
    assert len(result.unplaced) == 2
    assert result.status == "optimal"


def test_people_without_a_ranking_fill_the_remaining_seats():
    people = [Person(1, (), "gov", "BR"), Person(2, (1,), "ngo", "AR")]
    workshops = [Workshop(1, 1, 1, capacity=1), Workshop(2, 1, 2, capacity=1)]
    result = allocate(people, workshops)
    assert result.assignment == {(1, 1): 2, (2, 1): 1}
    assert result.figures.worst_rank is None


def test_fcfs_leaves_people_unranked_where_the_optimum_does_not():
    people = [
        Person(1, (1, 2), "gov", "BR", registered_order=1),
        Person(2, (1, 3), "ngo", "AR", registered_order=2),
        Person(3, (1,), "academia", "UY", registered_order=3),
    ]
    workshops = [Workshop(o, 1, o, capacity=1) for o in (1, 2, 3)]
    greedy = fcfs(people, workshops)
    best = allocate(people, workshops)
    assert greedy.figures.share_unranked > 0
    assert best.figures.share_unranked == 0
    assert best.figures.worst_rank == 2


def test_random_serial_dictatorship_respects_capacity_and_rounds():
    people, workshops = random_instance(9, people=60, rounds=2)
    result = random_serial_dictatorship(people, workshops, settings=Settings(seed=3))
    check_rules(result, people, workshops)


def test_explain_shows_the_full_first_choice_and_who_ranked_it_higher():
    people = [Person(1, (1, 2), "gov", "BR"), Person(2, (1, 2), "ngo", "AR")]
    people.append(Person(3, (1,), "academia", "UY"))
    workshops = [Workshop(1, 1, 1, capacity=1), Workshop(2, 1, 2, capacity=2)]
    result = allocate(people, workshops)
    assert result.assignment[3, 1] == 1
    loser = next(p for p in (1, 2) if result.assignment[p, 1] == 2)
    (why,) = explain(loser, result, people, workshops)
    assert why["rank"] == 2
    assert why["better"] == [
        {
            "ods": 1,
            "rank": 1,
            "in_round": None,
            "workshops": [{"workshop": 1, "seats": 1, "fill": 1, "ahead": 1, "fixed": 0}],
        }
    ]


def test_three_rounds_give_everybody_three_different_ods():
    people, workshops = random_instance(4, people=15, ods=4, rounds=3, slack=1.5)
    result = allocate(people, workshops)
    check_rules(result, people, workshops)
    assert result.figures.placed == 15 * 3


@pytest.mark.parametrize("quotas", [False, True])
def test_two_round_shortcut_reaches_beyond_the_first_choices_when_it_pays(quotas):
    # ODS 1-4 have one seat a round, so most people need their 5th and 6th choices: the
    # shortcut's first model (first three or four choices only) is priced out and solved again.
    people = [Person(i, (1, 2, 3, 4, 5, 6), ACTORS[i % 3], COUNTRIES[i % 4]) for i in range(1, 9)]
    seats = {1: 1, 2: 1, 3: 1, 4: 1, 5: 8, 6: 8, 7: 8}
    workshops = [Workshop(10 * r + o, r, o, capacity=k) for r in (1, 2) for o, k in seats.items()]
    settings = Settings(quotas=quotas)
    fast = solve(people, workshops, {}, settings)
    full = solve(people, workshops, {}, settings, shortcut=False)
    assert fast.method == "ODS first"
    value = cost(fast.assignment, fast.unplaced, people, workshops, settings)
    assert value == cost(full.assignment, full.unplaced, people, workshops, settings)
    assert sum(rank == 5 for rank in _ranks_of(fast, people, workshops)) > 0


@pytest.mark.parametrize("quotas", [False, True])
def test_two_round_incremental_rerun_is_as_good_as_the_full_model(quotas):
    people, workshops = random_instance(5, people=40, rounds=2, slack=1.3, equal_rounds=True)
    before = allocate(people[:30], workshops, settings=Settings(seed=1))
    keep = [(pid, wid) for (pid, _), wid in before.assignment.items()]
    fixed, _ = fixed_seats(people, workshops, (), keep)
    settings = Settings(seed=2, quotas=quotas)
    fast = solve(people, workshops, fixed, settings)
    full = solve(people, workshops, fixed, settings, shortcut=False)
    assert fast.status == full.status == "optimal"
    assignment = {**fixed, **fast.assignment}
    assert len(assignment) == 40 * 2
    assert cost(assignment, fast.unplaced, people, workshops, settings) == cost(
        {**fixed, **full.assignment}, full.unplaced, people, workshops, settings
    )


def _ranks_of(solution, people, workshops):
    by_person = {p.id: p for p in people}
    ods = {w.id: w.ods for w in workshops}
    return [by_person[pid].rank_of(ods[wid]) for (pid, _), wid in solution.assignment.items()]


def test_solving_prints_nothing_on_the_terminal():
    """HiGHS writes a banner to file descriptor 1 on its first use in a process; CLI output
    (flask allocate, demo load) must carry only our own lines."""
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "from seminar.workshops.allocation import Person, Workshop, allocate\n"
        "people = [Person(id=i, ranking=(1, 2), actor_type='citizen', country='CL') "
        "for i in range(4)]\n"
        "workshops = [Workshop(id=n, round_id=1, ods=n, capacity=3) for n in (1, 2)]\n"
        "allocate(people, workshops)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent.parent,
        check=True,
    )
    assert done.stdout == ""


def _explain_by_walking_every_seat(person_id, result, people, workshops):
    """The explanation as it was computed before the index: every seat walked per person."""
    by_person = {p.id: p for p in people}
    person = by_person[person_id]
    rounds = sorted({w.round_id for w in workshops})
    mine = {rid: result.assignment.get((person_id, rid)) for rid in rounds}
    ods_of = {w.id: w.ods for w in workshops}
    out = []
    for rid in rounds:
        wid = mine[rid]
        rank = None if wid is None else person.rank_of(ods_of[wid])
        better = []
        for k, ods in enumerate(person.ranking[: (rank or len(person.ranking) + 1) - 1], 1):
            other = [r for r, w in mine.items() if r != rid and w is not None and ods_of[w] == ods]
            crowds = []
            for w in (w for w in workshops if w.round_id == rid and w.ods == ods):
                seated = [key for key, x in result.assignment.items() if x == w.id]
                ranks = [by_person[pid].rank_of(w.ods) for pid, _ in seated]
                crowds.append(
                    {
                        "workshop": w.id,
                        "seats": w.capacity,
                        "fill": len(seated),
                        "ahead": sum(1 for r in ranks if r is not None and r <= k),
                        "fixed": sum(1 for key in seated if key in result.fixed),
                    }
                )
            better.append(
                {
                    "ods": ods,
                    "rank": k,
                    "in_round": other[0] if other else None,
                    "workshops": crowds,
                }
            )
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


@pytest.mark.parametrize("seed", range(4))
def test_index_explains_everyone_as_walking_every_seat_would(seed):
    from seminar.workshops.explain import Index

    people, workshops = random_instance(seed, people=40, ods=6, rounds=2, slack=0.95)
    pins = [Pin(people[0].id, workshops[0].id)]
    result = allocate(people, workshops, pins=pins, settings=Settings(seed=seed))
    assert result.unplaced  # seats are short: the unplaced entries are exercised too
    index = Index(result, people, workshops)
    for person in people:
        expected = _explain_by_walking_every_seat(person.id, result, people, workshops)
        assert index.explain(person.id) == expected
