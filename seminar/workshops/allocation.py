"""ODS workshop allocation: plain data in, assignment and figures out. No Flask, no database.

    allocate(people, workshops, pins=(), keep=(), settings=Settings()) -> Result
    explain(person_id, result, people, workshops) -> list[dict]   one entry per round
    baselines.fcfs(people, workshops, pins=(), keep=(), settings=Settings()) -> Result
    baselines.random_serial_dictatorship(people, workshops, pins=(), keep=(), settings) -> Result
    figures(assignment, unplaced, people, workshops, settings) -> Figures
    cost(assignment, unplaced, people, workshops, settings) -> float

Rules: everybody gets exactly one workshop per round (rounds are the workshops' ``round_id``s)
and never the same ODS twice. No workshop takes more than its ``capacity``, of which ``reserve``
seats are held back for latecomers and manual moves. The reserve yields: a reserve seat is taken
before anyone is put on an ODS they did not rank, and that before anyone is left without a
workshop. Pins (speakers, facilitators, organisers) and ``keep`` (``(person_id, workshop_id)``
pairs of people already notified, for an incremental re-run) always hold; pins above a
workshop's capacity raise ``rules.InputError`` (a ValueError with a code and its parameters).
A ranking holds for every round: a person's k-th choice costs the same in any round. Costs and
the soft diversity quotas (share of a workshop's people per actor type and per country) are
described in ``seminar.workshops.model``. Ties are broken by seeded noise keyed by person and
workshop, never by registration order or ids: the same data and seed give the same assignment.
When seats run out, as many people as possible are placed and the rest are listed in
``Result.unplaced``. The rules and costs measured on any assignment live in
``seminar.workshops.rules``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable

from seminar.workshops import baselines
from seminar.workshops.explain import Index
from seminar.workshops.lp import OutOfTime
from seminar.workshops.model import (
    Figures,
    Person,
    Pin,
    Result,
    Settings,
    Workshop,
)
from seminar.workshops.rules import cost, figures, fixed_seats
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
    clock: Callable[[], float] = time.monotonic,
) -> Result:
    """The allocation with the lowest cost, proven optimal unless the time limit runs out.

    When it runs out, the result is the best allocation found by then (the solver's, or random
    serial dictatorship's if that is better or the solver found none), with status
    "feasible" and its gap to the best lower bound proven (nan when none was).
    """
    start = time.perf_counter()
    people, workshops = list(people), list(workshops)
    fixed, kinds = fixed_seats(people, workshops, pins, keep)
    assignment, unplaced, status, bound = None, [], "feasible", None
    try:
        solution = solve(people, workshops, fixed, settings, clock=clock)
        assignment, unplaced = {**fixed, **solution.assignment}, solution.unplaced
        status, bound = solution.status, solution.bound
    except OutOfTime as out:
        bound = out.bound
    value = None if assignment is None else cost(assignment, unplaced, people, workshops, settings)
    if status != "optimal":
        greedy = baselines.random_serial_dictatorship(people, workshops, pins, keep, settings)
        if value is None or greedy.objective < value:
            assignment, unplaced, value = greedy.assignment, greedy.unplaced, greedy.objective
    if status == "optimal":
        gap = 0.0
    elif bound is None:
        gap = math.nan
    else:
        gap = max(0.0, (value - bound) / max(abs(value), 1e-9))
    return Result(
        assignment=assignment,
        figures=figures(assignment, unplaced, people, workshops, settings),
        status=status,
        gap=gap,
        runtime=time.perf_counter() - start,
        objective=value,
        unplaced=unplaced,
        fixed=kinds,
    )


def explain(person_id: int, result: Result, people, workshops) -> list[dict]:
    """Why a person got what they got, round by round (see ``seminar.workshops.explain``).

    Builds the index for one person; a page that explains many builds ``Index`` once.
    """
    return Index(result, people, workshops).explain(person_id)
