"""Greedy allocations to compare the optimal one with: first come first served, and random serial
dictatorship. In turn, each person takes their best-ranked ODS that still has an open seat in a
round they have free, then the next, and so on, then (for rounds still free) the same with the
reserve seats; rounds still empty after their ranking get the emptiest workshop with an ODS they
do not have yet (its reserve last). Quotas are ignored.
"""

from __future__ import annotations

import random
import time
from collections import Counter, defaultdict
from collections.abc import Iterable

from seminar.workshops.model import Person, Pin, Result, Settings, Workshop
from seminar.workshops.rules import cost, figures, fixed_seats


def fcfs(
    people: Iterable[Person],
    workshops: Iterable[Workshop],
    pins: Iterable[Pin] = (),
    keep: Iterable[tuple[int, int]] = (),
    settings: Settings = Settings(),
) -> Result:
    """People choose in the order they registered."""
    people = list(people)
    order = sorted(people, key=lambda p: (p.registered_order, p.id))
    return _serial(order, people, list(workshops), pins, keep, settings)


def random_serial_dictatorship(
    people: Iterable[Person],
    workshops: Iterable[Workshop],
    pins: Iterable[Pin] = (),
    keep: Iterable[tuple[int, int]] = (),
    settings: Settings = Settings(),
) -> Result:
    """People choose in an order drawn with ``settings.seed``."""
    people = list(people)
    order = sorted(people, key=lambda p: p.id)
    random.Random(settings.seed).shuffle(order)
    return _serial(order, people, list(workshops), pins, keep, settings)


def _serial(order, people, workshops, pins, keep, settings: Settings) -> Result:
    start = time.perf_counter()
    fixed, kinds = fixed_seats(people, workshops, pins, keep)
    rounds = sorted({w.round_id for w in workshops})
    offered = defaultdict(list)  # (round, ods) -> workshops
    for w in sorted(workshops, key=lambda w: w.id):
        offered[w.round_id, w.ods].append(w)
    taken = Counter(fixed.values())
    assignment = dict(fixed)
    unplaced = []

    def seat(pid: int, w: Workshop) -> None:
        assignment[pid, w.round_id] = w.id
        taken[w.id] += 1

    def opened(w: Workshop) -> int:
        return w.open_seats - taken[w.id]

    def any_seat(w: Workshop) -> int:
        return w.capacity - taken[w.id]

    ods_of = {w.id: w.ods for w in workshops}
    for p in order:
        free = [rid for rid in rounds if (p.id, rid) not in assignment]
        have = {ods_of[assignment[p.id, rid]] for rid in rounds if (p.id, rid) in assignment}
        for left in (opened, any_seat):
            for ods in p.ranking:
                if ods in have:
                    continue
                w = next((w for rid in free for w in offered[rid, ods] if left(w) > 0), None)
                if w is not None:
                    seat(p.id, w)
                    free.remove(w.round_id)
                    have.add(ods)
        for rid in free:
            options = [w for w in workshops if w.round_id == rid and w.ods not in have]
            w = None
            for left in (opened, any_seat):
                if w is None and (room := [w for w in options if left(w) > 0]):
                    w = max(room, key=lambda w: (left(w), -w.id))
            if w is None:
                unplaced.append((p.id, rid))
                continue
            seat(p.id, w)
            have.add(w.ods)
    unplaced.sort()
    return Result(
        assignment=assignment,
        figures=figures(assignment, unplaced, people, workshops, settings),
        status="heuristic",
        gap=float("nan"),
        runtime=time.perf_counter() - start,
        objective=cost(assignment, unplaced, people, workshops, settings),
        unplaced=unplaced,
        fixed=kinds,
    )
