"""Allocation benchmark on seeded synthetic editions: optimal solver against FCFS and RSD.

python -m tests.benchmarks.bench_allocation [--sizes 1000 10000] [--rounds 1 2] [--seed 1]
    [--slack 1.07] [--reserve 0.05] [--full-model]

"optimal" is what ``allocate`` does (one or two rounds go ODS first, see
``seminar.workshops.ods_first``); ``--full-model`` adds a row for the exact per-round model
without that shortcut, to compare runtimes (it is slow: ~50 s for 10,000 people in two rounds).
"seconds" is wall time, "CPU s" the process's CPU time: on a loaded machine the second is the
better guide to what a quiet one would take.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from seminar.workshops.allocation import (
    Person,
    Result,
    Settings,
    Workshop,
    allocate,
    cost,
    figures,
)
from seminar.workshops.baselines import fcfs, random_serial_dictatorship
from seminar.workshops.lp import OutOfTime
from seminar.workshops.solver import solve

ODS = range(1, 18)
ACTORS = ["gov", "ngo", "academia", "business", "youth", "union", "intl", "press"]
COUNTRIES = ["BR", "AR", "UY", "PY", "CL", "BO", "PE", "CO", "EC", "VE"]


def _zipf(n: int, s: float) -> list[float]:
    return [1 / (k + 1) ** s for k in range(n)]


def synthetic(people: int, rounds: int, seed: int = 1, slack: float = 1.07):
    """Skewed preferences (Zipf over the 17 ODS), rankings of 3-8, 8 actor types, 10 countries."""
    rng = random.Random(seed)
    ods = list(ODS)
    rng.shuffle(ods)
    popularity = dict(zip(ods, _zipf(len(ods), 1.0), strict=True))
    actor_w, country_w = _zipf(len(ACTORS), 0.7), _zipf(len(COUNTRIES), 0.8)
    result = []
    for pid in range(1, people + 1):
        length = rng.randint(3, 8)
        pool, ranking = dict(popularity), []
        for _ in range(length):
            pick = rng.choices(list(pool), weights=list(pool.values()))[0]
            ranking.append(pick)
            del pool[pick]
        actor = rng.choices(ACTORS, weights=actor_w)[0]
        country = rng.choices(COUNTRIES, weights=country_w)[0]
        result.append(Person(pid, tuple(ranking), actor, country, registered_order=pid))
    weight = {o: math.sqrt(popularity[o]) for o in ODS}
    total = sum(weight.values())
    workshops = []
    for r in range(1, rounds + 1):
        for o in ODS:
            capacity = math.ceil(slack * people * weight[o] / total)
            workshops.append(Workshop(r * 100 + o, r, o, capacity))
    return result, workshops


def full_model(people, workshops, settings: Settings) -> Result:
    """``allocate`` without the two-round shortcut (no pins or keeps here)."""
    start = time.perf_counter()
    solution = solve(people, workshops, {}, settings, shortcut=False)
    return Result(
        assignment=solution.assignment,
        figures=figures(solution.assignment, solution.unplaced, people, workshops, settings),
        status=solution.status,
        gap=solution.gap,
        runtime=time.perf_counter() - start,
        objective=cost(solution.assignment, solution.unplaced, people, workshops, settings),
        unplaced=solution.unplaced,
    )


def _row(n: int, rounds: int, name: str, res: Result, cpu: float) -> str:
    f = res.figures
    gap = "-" if math.isnan(res.gap) else f"{res.gap:.1e}"
    q = f.quota_violations
    return (
        f"| {n} | {rounds} | {name} | {res.runtime:.2f} | {cpu:.2f} | {res.status} | {gap} "
        f"| {res.objective:.0f} | {f.share_first:.1%} | {f.share_top3:.1%} "
        f"| {f.share_any_ranked:.1%} "
        f"| {f.share_unranked:.2%} | {f.worst_rank or '-'} | {f.unplaced} "
        f"| {q.groups} / {q.excess_seats} | {sum(f.reserve_taken.values())} |"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 50_000])
    parser.add_argument("--rounds", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--slack", type=float, default=1.07, help="seats per person and round")
    parser.add_argument("--reserve", type=float, default=0.0, help="share of each room held back")
    parser.add_argument("--full-model", action="store_true", help="also run the full model")
    args = parser.parse_args(argv)
    print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    print(
        "| people | rounds | method | seconds | CPU s | status | gap | cost | 1st | top-3 "
        "| any ranked | unranked | worst rank | unplaced | quota groups / seats over "
        "| reserve taken |"
    )
    print("|---:|---:|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    settings = Settings(seed=args.seed, time_limit=args.time_limit)
    loose = replace(settings, quotas=False)
    for n in args.sizes:
        for rounds in args.rounds:
            people, workshops = synthetic(n, rounds, args.seed, args.slack)
            workshops = [
                replace(w, reserve=math.ceil(args.reserve * w.capacity - 1e-9)) for w in workshops
            ]
            runs = [
                ("optimal", allocate, settings),
                ("optimal, no quotas", allocate, loose),
                ("FCFS", fcfs, settings),
                ("RSD", random_serial_dictatorship, settings),
            ]
            if args.full_model:
                runs.insert(1, ("optimal, full model", full_model, settings))
            for name, run, s in runs:
                try:
                    cpu = time.process_time()
                    res = run(people, workshops, settings=s)
                    print(_row(n, rounds, name, res, time.process_time() - cpu), flush=True)
                except OutOfTime as error:
                    print(
                        f"| {n} | {rounds} | {name} | > {s.time_limit:.0f} | {error} |", flush=True
                    )
    print("load average after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
