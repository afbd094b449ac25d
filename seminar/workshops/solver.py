"""The allocation solved with HiGHS: ``solve`` and the exact per-round model.

One or two rounds with at most one workshop per ODS and round first go through
``seminar.workshops.ods_first``, which decides everybody's ODS first and their round second; it
is much smaller and exact, and hands back to the model below when it does not apply.

The exact model: people with the same ranking, fixed seats and (for the actor types and
countries whose quotas are modelled) group form a class; the model decides how many of a class
go to each workshop they ranked. Everybody who ends up on an ODS they did not rank flows through
one "unranked pool" per round and group, which then sends people on to any workshop: this keeps
the model sparse. Afterwards classes are split into people by a seeded shuffle, and pools are
matched to workshops so that nobody meets an ODS twice. People that cannot be split that way
(rare: three or more rounds, or a pool whose seats clash with the ODS its members already have)
get variables of their own and the model is solved again; so is it when a group whose quotas were
not modelled goes over one. The result is exact either way.

The LP is tried first and, if it is fractional, the same model is solved as a MIP.
"""

from __future__ import annotations

import time
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable

import numpy as np

from seminar.workshops import ods_first
from seminar.workshops.lp import (
    FROM_POOL,
    INF,
    LEFT_OUT,
    POOL,
    SEAT,
    SLACK,
    TO_POOL,
    UNPLACED,
    Budget,
    Instance,
    Model,
    OutOfTime,
    Solution,
    integer,
    relax,
    shuffled,
    true_bound,
)
from seminar.workshops.model import (
    QUOTA_PENALTY,
    UNPLACED_COST,
    UNRANKED_COST,
    Settings,
    quota_limit,
    rank_cost,
)
from seminar.workshops.transport import transport


def solve(
    people,
    workshops,
    fixed,
    settings: Settings,
    shortcut: bool = True,
    clock: Callable[[], float] = time.monotonic,
) -> Solution:
    """Best allocation of everybody not in ``fixed`` ((person, round) -> workshop).

    ``shortcut=False`` (for tests) skips ``ods_first``. Raises OutOfTime (with a lower bound
    on the total cost, fixed seats included, when one is known) if ``settings.time_limit``
    runs out before any allocation is found.
    """
    budget = Budget(settings.time_limit, clock)
    inst = Instance(people, workshops, fixed, settings)
    try:
        if shortcut:
            solution = ods_first.solve(inst, budget)
            if solution is not None:
                return solution
        return exact(inst, budget)
    except OutOfTime as out:
        known = max(inst.bound, -INF if out.bound is None else out.bound)
        raise OutOfTime(None if known == -INF else true_bound(known, inst.offset)) from None


def exact(inst: Instance, budget: Budget) -> Solution:
    explicit: set[int] = set()
    while True:
        classes = inst.classes(explicit)
        model = build(inst, classes)
        lp = relax(model, inst.settings, budget)
        inst.bound = max(inst.bound, lp.value)  # every model here is a relaxation
        if lp.integral:
            x, proven = np.rint(lp.x), True
        else:
            x, proven, bound = integer(model, lp, budget)
            inst.bound = max(inst.bound, bound)
        assignment, unplaced, failed = split(inst, classes, model, x)
        if failed:
            explicit |= failed
            continue
        actors, countries = inst.over_quota(assignment)
        if actors or countries:
            inst.actors |= actors
            inst.countries |= countries
            continue
        value = float(np.dot(model.cost, x))
        status = "optimal" if proven else "feasible"
        gap = 0.0 if proven else max(0.0, (value - inst.bound) / max(abs(value), 1e-9))
        bound = true_bound(inst.bound, inst.offset)
        return Solution(assignment, unplaced, status, gap, "exact", bound)


def build(inst: Instance, classes) -> Model:
    m = Model()
    s = inst.settings
    into = defaultdict(list)  # workshop id -> columns that seat people there
    group_in = defaultdict(list)  # (workshop id, "a"|"c", name) -> columns
    pool_in = defaultdict(list)  # (round id, group) -> pool columns
    for i, c in enumerate(classes):
        n, p, key = len(c.members), c.person, c.members[0]
        actor, country = c.who
        banned = {inst.ws[w].ods for w in c.fixed.values()}
        by_ods = defaultdict(list)
        for rid in inst.rounds:
            if rid in c.fixed:
                continue
            entries = []
            for w in inst.by_round[rid]:
                rank = p.rank_of(w.ods)
                if w.ods in banned or (rank is None and not c.explicit) or not inst.free(w.id):
                    continue
                j = m.col(rank_cost(rank), n, (SEAT, i, rid, w.id), key, w.id)
                entries.append((j, 1.0))
                into[w.id].append(j)
                if actor is not None:
                    group_in[w.id, "a", actor].append(j)
                if country is not None:
                    group_in[w.id, "c", country].append(j)
                by_ods[w.ods].append(j)
            if not c.explicit:
                j = m.col(UNRANKED_COST, n, (TO_POOL, i, rid, None))
                entries.append((j, 1.0))
                pool_in[rid, c.who].append(j)
            entries.append((m.col(UNPLACED_COST, n, (LEFT_OUT, i, rid, None)), 1.0))
            m.row(n, n, entries)
        for cols in by_ods.values():
            if len(cols) > 1:
                m.row(-INF, n, [(j, 1.0) for j in cols])
    for (rid, who), cols in sorted(pool_in.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
        entries = [(j, 1.0) for j in cols]
        salt = zlib.crc32(repr((rid, who)).encode())
        for w in inst.by_round[rid]:
            if not inst.free(w.id):
                continue
            j = m.col(0.0, inst.free(w.id), (FROM_POOL, None, rid, (w.id, who)), salt, w.id)
            entries.append((j, -1.0))
            into[w.id].append(j)
            if who[0] is not None:
                group_in[w.id, "a", who[0]].append(j)
            if who[1] is not None:
                group_in[w.id, "c", who[1]].append(j)
        m.row(0.0, 0.0, entries)
    for wid in sorted(inst.ws):
        m.capacity(wid, inst.free_open[wid], inst.free_reserve[wid], into[wid])
    for (wid, kind, name), cols in sorted(group_in.items()):
        share = s.max_actor_share if kind == "a" else s.max_country_share
        room = quota_limit(inst.ws[wid], share) - inst.fixed_group[wid, kind, name]
        if sum(m.upper[j] for j in cols) <= room:
            continue
        slack = m.col(QUOTA_PENALTY, INF, (SLACK, None, None, None))
        m.row(-INF, room, [(j, 1.0) for j in cols] + [(slack, -1.0)])
    return m


def split(inst: Instance, classes, m: Model, x: np.ndarray):
    """Turn class counts into people; return who could not be split without clashes."""
    items = defaultdict(Counter)  # (class, round) -> Counter(workshop id | POOL | UNPLACED)
    pool_seats = defaultdict(Counter)  # (round, group) -> Counter(workshop id)
    for j in np.flatnonzero(x > 0.5):
        kind, i, rid, w = m.meta[j]
        k = int(x[j])
        if kind == SEAT:
            items[i, rid][w] += k
        elif kind == TO_POOL:
            items[i, rid][POOL] += k
        elif kind == LEFT_OUT:
            items[i, rid][UNPLACED] += k
        elif kind == FROM_POOL:
            pool_seats[rid, w[1]][w[0]] += k
    seed = inst.settings.seed
    ods = {wid: w.ods for wid, w in inst.ws.items()}
    got: dict[tuple[int, int], int] = {}
    failed: set[int] = set()
    pooled = defaultdict(list)  # (round, group) -> person ids
    for i, c in enumerate(classes):
        members = shuffled(c.members, seed)
        used = {pid: {ods[w] for w in c.fixed.values()} for pid in members}
        for rid in inst.rounds:
            if rid in c.fixed:
                continue
            sigs = defaultdict(list)
            for pid in members:
                sigs[frozenset(used[pid])].append(pid)
            flow = transport(
                {sig: len(pids) for sig, pids in sigs.items()},
                items[i, rid],
                lambda sig, item: item < 0 or ods[item] not in sig,
            )
            if flow is None:
                failed.update(c.members)
                break
            for (sig, item), k in sorted(flow.items(), key=lambda kv: (sorted(kv[0][0]), kv[0][1])):
                for pid in sigs[sig][:k]:
                    got[pid, rid] = item
                    if item >= 0:
                        used[pid].add(ods[item])
                    elif item == POOL:
                        pooled[rid, c.who].append(pid)
                del sigs[sig][:k]
    for rid in inst.rounds:
        for (r, who), pids in sorted(pooled.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
            if r != rid:
                continue
            pids = [pid for pid in shuffled(pids, seed) if pid not in failed]
            others = {
                pid: frozenset(ods[w] for (q, r2), w in _rounds_of(got, inst, pid) if r2 != rid)
                for pid in pids
            }
            sigs = defaultdict(list)
            for pid in pids:
                sigs[others[pid]].append(pid)
            supply = {sig: len(v) for sig, v in sigs.items()}
            flow = transport(supply, pool_seats[rid, who], lambda sig, w: ods[w] not in sig, True)
            for (sig, w), k in flow.items():
                for pid in sigs[sig][:k]:
                    got[pid, rid] = w
                del sigs[sig][:k]
            for left in sigs.values():
                failed.update(left)
    assignment = {key: w for key, w in got.items() if w >= 0}
    unplaced = sorted(key for key, w in got.items() if w == UNPLACED)
    return assignment, unplaced, failed


def _rounds_of(got, inst: Instance, pid: int):
    for rid in inst.rounds:
        w = got.get((pid, rid), inst.fixed.get(pid, {}).get(rid, -1))
        if w >= 0:
            yield (pid, rid), w
