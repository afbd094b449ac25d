"""Two rounds, solved by ODS first and by round second (a relaxation that is checked, not trusted).

A person's cost depends on the ODS they get, never on the round. So with two rounds the solver
first decides which ODS everybody gets, against the seats of both rounds together ("stage 1"):
per class, how many members get each ranked ODS (at most one each: the "no ODS twice" rule
becomes a bound instead of a row per person), how many go through the unranked pool and how
many stay unplaced. Quotas count both rounds too, against the sum of the two workshops' limits.
Every allocation of the real problem is a solution of this smaller model with no higher cost,
so its optimum is a lower bound. It is first solved with columns for everybody's first three
(four with quotas) choices only, people grouped by those: when that LP optimum is integral and
no left-out choice has a negative reduced cost, it is the full model's optimum; people with
such a choice get all their choices and it is solved again (column generation); if that does
not settle it, the full model is solved. People whose pool seats would give them an ODS twice
get columns of their own.

Then ("stage 2") each person's two ODS are put in order, one per round, by a small integer
model over (ODS pair, actor type, country) types: every workshop keeps to its seats and, for
every ODS and group, the seats over the quota in the two rounds add up to exactly the seats over
the combined quota. An order that does this has exactly the stage-1 cost, so it is optimal.
With the same seats in both rounds the seat part always has a solution (no ODS takes more than
twice its seats, so an orientation with in-degrees within bounds exists: Hakimi, Frank); when
no order exists (very unequal rounds, pins, keeps), ``solve`` returns None and the caller
solves the exact model.
"""

from __future__ import annotations

import time
import zlib
from collections import Counter, defaultdict

import highspy
import numpy as np

from seminar.workshops.model import (
    QUOTA_PENALTY,
    UNPLACED_COST,
    UNRANKED_COST,
    quota_limit,
    rank_cost,
)
from seminar.workshops.solver import (
    _INF,
    _POOL,
    _SLACK,
    _UNPLACED,
    _X,
    _Z,
    Solution,
    _Instance,
    _Model,
    _run,
    _shuffled,
    new_highs,
)

UNPLACED = -2
POOL = -1
_TRIES = 4  # stage-1 solves before giving up on the shortcut
# First try: only everybody's first few ODS as columns, the rest priced out. With quotas the LP
# duals are more degenerate, and one more choice saves a second solve on big editions.
_DEPTH = {False: 3, True: 4}


def solve(inst: _Instance, deadline: float) -> Solution | None:
    """Optimal allocation for exactly two rounds, or None when the shortcut does not apply."""
    if len(inst.rounds) != 2:
        return None
    ws_of = {}  # (round, ODS) -> workshop
    for rid in inst.rounds:
        for w in inst.by_round[rid]:
            if (rid, w.ods) in ws_of:
                return None  # two workshops on one ODS in a round: leave it to the exact model
            ws_of[rid, w.ods] = w
    for depth in (_DEPTH[inst.settings.quotas], None):
        found = _stage_one_solution(inst, ws_of, depth, deadline)
        if found is not None:
            break
    else:
        return None
    classes, slots, proven, gap = found
    got = _order(inst, classes, slots, ws_of, deadline)
    if got is None:
        return None
    assignment = {key: w for key, w in got.items() if w >= 0}
    unplaced = sorted(key for key, w in got.items() if w == UNPLACED)
    status = "optimal" if proven else "feasible"
    return Solution(assignment, unplaced, status, 0.0 if proven else gap, "two rounds")


def _stage_one_solution(inst: _Instance, ws_of, depth: int | None, deadline: float):
    """Stage 1 solved and split into people: (classes, slots, proven, gap), or None.

    With ``depth``, people are grouped by their first ``depth`` choices and only those get
    columns (a much smaller model). Its LP optimum is the full model's when no left-out column
    has a negative reduced cost; people with such a column get all their choices and the model
    is solved again (column generation). It is only used when integral; otherwise None, and the
    caller solves the full model.
    """
    s = inst.settings
    explicit: set[int] = set()  # people whose pool seats clashed
    deep: set[int] = set()  # people with a left-out choice worth having: all their choices
    for _ in range(_TRIES):
        classes = inst.classes(explicit, depth, deep)
        model, rows = _stage_one(inst, classes, ws_of)
        if depth is None:
            x, proven, gap = _run(model, s, deadline, s.quotas, lp_presolve=False)
        else:
            x, more = _priced_lp(inst, classes, ws_of, model, rows, deadline)
            if more:
                deep |= more
                continue
            if x is None:
                return None
            proven, gap = True, 0.0
        slots, failed = _slots(inst, classes, model, x)
        if not failed:
            return classes, slots, proven, gap
        explicit |= failed
    return None


def _priced_lp(inst: _Instance, classes, ws_of, m: _Model, rows, deadline: float):
    """(x, set()) with x the truncated model's integral LP optimum if it is the full model's;
    (None, people) when these people have left-out choices with a negative reduced cost (these
    LP duals do not prove it); (None, set()) when the LP is fractional or unsolved.
    """
    h = new_highs()
    units = sum(u for u, meta in zip(m.upper, m.meta, strict=True) if meta[0] == _UNPLACED)
    h.passModel(m.lp(inst.settings.seed, eps=min(1e-3, 0.25 / max(1, units))))
    h.setOptionValue("presolve", "off")
    if len(m.row_lo) > 20_000:
        h.setOptionValue("solver", "ipx")
    h.setOptionValue("time_limit", max(0.1, deadline - time.monotonic()))
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None, set()
    solution = h.getSolution()
    x = np.array(solution.col_value)
    if not solution.dual_valid or np.any(np.abs(x - np.rint(x)) > 1e-6):
        return None, set()
    dual = np.array(solution.row_dual)
    cap_row, quota_row = rows
    s = inst.settings

    def price(*key) -> float:
        return dual[quota_row[key]] if key in quota_row else 0.0

    offers = {(r,): {o for q, o in ws_of if q == r} for r in inst.rounds}
    offers[tuple(inst.rounds)] = {o for _, o in ws_of}
    more = set()
    for i, c in enumerate(classes):
        if c.depth is None:
            continue
        banned = {inst.ws[w].ods for w in c.fixed.values()}
        offered = offers[tuple(r for r in inst.rounds if r not in c.fixed)]
        for pid in c.members:
            p = inst.people[pid]
            for rank, o in enumerate(p.ranking[c.depth :], c.depth + 1):
                if o in banned or o not in offered:
                    continue
                # Reduced cost of the left-out column (its tie-break noise taken as zero).
                rc = rank_cost(rank) - dual[i]
                rc -= dual[cap_row[o]] if o in cap_row else 0.0
                if s.quotas:
                    rc -= price(o, "a", p.actor_type) + price(o, "c", p.country)
                if rc < -1e-6:
                    more.add(pid)
    return (None, more) if more else (np.rint(x), more)


def _room(inst: _Instance, ws_of, rid: int, ods: int, kind: str, name: str) -> int:
    """Seats group ``name`` may still take in the workshop of ``ods`` in round ``rid`` (>= 0)."""
    w = ws_of.get((rid, ods))
    if w is None:
        return 0
    share = inst.settings.max_actor_share if kind == "a" else inst.settings.max_country_share
    return max(0, quota_limit(w, share) - inst.fixed_group[w.id, kind, name])


def _free(inst: _Instance, ws_of, rid: int, ods: int) -> int:
    w = ws_of.get((rid, ods))
    return 0 if w is None else inst.free[w.id]


def _stage_one(inst: _Instance, classes, ws_of):
    """The ODS model; also its capacity rows {ODS: row} and quota rows {(ODS, kind, name): row}."""
    s = inst.settings
    m = _Model()
    all_ods = sorted({o for _, o in ws_of})
    seats = {o: sum(_free(inst, ws_of, r, o) for r in inst.rounds) for o in all_ods}
    into = defaultdict(list)  # ODS -> columns
    group_in = defaultdict(list)  # (ODS, "a"|"c", name) -> columns
    pool_in = defaultdict(list)  # group -> pool columns
    offers = {(r,): {o for q, o in ws_of if q == r} for r in inst.rounds}  # ODS offered
    offers[tuple(inst.rounds)] = set(all_ods)
    for i, c in enumerate(classes):
        n, p = len(c.members), c.person
        open_rounds = [r for r in inst.rounds if r not in c.fixed]
        units = n * len(open_rounds)
        banned = {inst.ws[w].ods for w in c.fixed.values()}
        who = (p.actor_type, p.country) if s.quotas else None
        entries = []
        offered = offers[tuple(open_rounds)]
        ranking = p.ranking[: c.depth]
        options = [(o, rank_cost(rank)) for rank, o in enumerate(ranking, 1)]
        if c.explicit:  # a class of one that cannot use the pool: every ODS is a column
            options += [(o, UNRANKED_COST) for o in all_ods if o not in p.ranking]
        for o, value in options:
            if o in banned or o not in offered:
                continue
            j = m.col(value, n, (_X, i, None, o), c.members[0], o)
            entries.append((j, 1.0))
            into[o].append(j)
            group_in[o, "a", p.actor_type].append(j)
            group_in[o, "c", p.country].append(j)
        if not c.explicit:
            j = m.col(UNRANKED_COST, units, (_POOL, i, None, None))
            entries.append((j, 1.0))
            pool_in[who].append(j)
        entries.append((m.col(UNPLACED_COST, units, (_UNPLACED, i, None, None)), 1.0))
        m.row(units, units, entries)
    for who, cols in sorted(pool_in.items(), key=lambda kv: str(kv[0])):
        entries = [(j, 1.0) for j in cols]
        salt = zlib.crc32(repr(who).encode())
        for o in all_ods:
            if seats[o] == 0:
                continue
            j = m.col(0.0, seats[o], (_Z, None, None, (o, who)), salt, o)
            entries.append((j, -1.0))
            into[o].append(j)
            if who is not None:
                group_in[o, "a", who[0]].append(j)
                group_in[o, "c", who[1]].append(j)
        m.row(0.0, 0.0, entries)
    cap_row, quota_row = {}, {}
    for o in all_ods:
        if into[o]:
            cap_row[o] = len(m.row_lo)
            m.row(-_INF, seats[o], [(j, 1.0) for j in into[o]])
    if s.quotas:
        for o, kind, name in sorted(group_in):
            room = sum(_room(inst, ws_of, r, o, kind, name) for r in inst.rounds)
            cols = group_in[o, kind, name]
            if sum(m.upper[j] for j in cols) <= room:
                continue
            slack = m.col(QUOTA_PENALTY, _INF, (_SLACK, None, None, None))
            quota_row[o, kind, name] = len(m.row_lo)
            m.row(-_INF, room, [(j, 1.0) for j in cols] + [(slack, -1.0)])
    return m, (cap_row, quota_row)


def _slots(inst: _Instance, classes, m: _Model, x: np.ndarray):
    """Per person the ODS (or UNPLACED) of each open round, not yet in round order.

    Also the people whose pool seats could not be handed out without giving someone an ODS twice
    (they need columns of their own).
    """
    counts = defaultdict(Counter)  # class -> Counter(ODS | POOL | UNPLACED)
    pool_seats = defaultdict(Counter)  # group -> Counter(ODS)
    for j in np.flatnonzero(x > 0.5):
        kind, i, _, what = m.meta[j]
        k = int(x[j])
        if kind == _X:
            counts[i][what] += k
        elif kind == _POOL:
            counts[i][POOL] += k
        elif kind == _UNPLACED:
            counts[i][UNPLACED] += k
        elif kind == _Z:
            pool_seats[what[1]][what[0]] += k
    seed = inst.settings.seed
    slots: dict[int, list[int]] = {}
    pooled = defaultdict(list)  # group -> person ids, once per pool seat they need
    for i, c in enumerate(classes):
        members = _shuffled(c.members, seed)
        n = len(members)
        ranked = [(o, k) for o, k in counts[i].items() if o >= 0]
        ranked.sort(key=lambda ok: (c.person.rank_of(ok[0]) or 99, ok[0]))
        # One long row of seats, each item in one stretch of at most n seats; member k takes
        # seats k, k + n, ...: nobody gets the same ODS twice.
        row = [o for o, k in ranked for _ in range(k)]
        row += [POOL] * counts[i][POOL] + [UNPLACED] * counts[i][UNPLACED]
        for k, pid in enumerate(members):
            mine = row[k::n]
            slots[pid] = [o for o in mine if o != POOL] + [POOL] * mine.count(POOL)
            p = inst.people[pid]
            who = (p.actor_type, p.country) if inst.settings.quotas else None
            if POOL in mine:
                pooled[who] += [pid] * mine.count(POOL)
    ods_of = {wid: w.ods for wid, w in inst.ws.items()}
    failed: set[int] = set()
    for who, pids in sorted(pooled.items(), key=lambda kv: str(kv[0])):
        need = Counter(pids)
        sigs = defaultdict(list)  # (ODS already held, pool seats needed) -> people
        for pid in sorted(need):
            held = {o for o in slots[pid] if o >= 0}
            held |= {ods_of[w] for w in inst.fixed.get(pid, {}).values()}
            sigs[frozenset(held), need[pid]].append(pid)
        flow = _spread(sigs, pool_seats[who])
        if flow is None:
            failed.update(pids)
            continue
        for (held, k), people in sorted(sigs.items(), key=lambda kv: (sorted(kv[0][0]), kv[0][1])):
            row = [o for o in sorted(flow[held, k]) for _ in range(flow[held, k][o])]
            for n, pid in enumerate(people):
                slots[pid] = [o for o in slots[pid] if o != POOL] + row[n :: len(people)]
    return slots, failed


def _spread(sigs, seats: Counter):
    """Pool seats to groups of people: each person a seat per need, never an ODS twice."""
    m = _Model()
    cols = {}
    by_ods = defaultdict(list)
    for (held, k), people in sigs.items():
        entries = []
        for o, free in seats.items():
            if o in held or free == 0:
                continue
            j = m.col(0.0, len(people), None)
            cols[held, k, o] = j
            entries.append((j, 1.0))
            by_ods[o].append((j, 1.0))
        m.row(k * len(people), k * len(people), entries)
    for o, entries in by_ods.items():
        m.row(-_INF, seats[o], entries)
    x = _feasible(m, integer=False)
    if x is None:
        return None
    out = defaultdict(Counter)
    for (held, k, o), j in cols.items():
        if x[j] > 0.5:
            out[held, k][o] = int(round(x[j]))
    return out


def _order(inst: _Instance, classes, slots, ws_of, deadline):
    """Put every person's two ODS in round order, keeping seats and the quota split exact."""
    r1, r2 = inst.rounds
    s = inst.settings
    seed = inst.settings.seed
    got: dict[tuple[int, int], int] = {}
    types = defaultdict(list)  # (a, b, actor, country) with a < b -> people, in seeded order
    first = Counter()  # ODS -> people surely in round 1
    total = Counter()  # ODS -> people in either round
    group_first = Counter()  # (ODS, kind, name) -> people surely in round 1
    group_total = Counter()
    fixed_of = {pid: c.fixed for c in classes for pid in c.members}
    for pid in _shuffled(list(fixed_of), seed):
        fixed = fixed_of[pid]
        p = inst.people[pid]
        names = (("a", p.actor_type), ("c", p.country)) if s.quotas else ()
        mine = slots[pid]
        for o in mine:
            if o >= 0:
                total[o] += 1
                for kind, name in names:
                    group_total[o, kind, name] += 1
        if len(mine) == 1:  # the other round is fixed
            rid = r1 if r2 in fixed else r2
            if mine[0] >= 0 and (rid, mine[0]) not in ws_of:
                return None
            got[pid, rid] = mine[0]
            if mine[0] >= 0 and rid == r1:
                first[mine[0]] += 1
                for kind, name in names:
                    group_first[mine[0], kind, name] += 1
        elif mine[0] == mine[1]:  # unplaced in both rounds
            got[pid, r1] = got[pid, r2] = mine[0]
        else:
            a, b = sorted(mine)
            types[a, b, p.actor_type, p.country].append(pid)
    m = _Model()
    rows = defaultdict(list)  # (ODS,) or (ODS, kind, name) -> (column, sign)
    keys = sorted(types)
    for key in keys:
        a, b, actor, country = key
        j = m.col(0.0, len(types[key]), None)  # how many have a in round 1
        for o, sign in ((a, 1.0), (b, -1.0)):
            if o < 0:
                continue
            if sign < 0:  # b is in round 1 for the others
                first[o] += len(types[key])
                for kind, name in (("a", actor), ("c", country)) if s.quotas else ():
                    group_first[o, kind, name] += len(types[key])
            rows[(o,)].append((j, sign))
            if s.quotas:
                rows[o, "a", actor].append((j, sign))
                rows[o, "c", country].append((j, sign))
    limits = {}
    for o in total:
        lo = total[o] - _free(inst, ws_of, r2, o)
        limits[(o,)] = (lo, _free(inst, ws_of, r1, o), first[o])
    for (o, kind, name), f in group_total.items():
        # Seats over the quota in the two rounds add up to those over the combined quota.
        top, low = _room(inst, ws_of, r1, o, kind, name), f - _room(inst, ws_of, r2, o, kind, name)
        lo, hi = max(0, min(top, low)), min(f, max(top, low))
        limits[o, kind, name] = (lo, hi, group_first[o, kind, name])
    for key in sorted(limits, key=str):
        lo, hi, base = limits[key]
        if not rows[key]:
            if not lo <= base <= hi:
                return None
            continue
        m.row(lo - base, hi - base, rows[key])
    x = np.zeros(len(keys))
    if keys and m.row_lo:
        x = _feasible(m, integer=True, deadline=deadline)
        if x is None:
            return None
    for n, key in enumerate(keys):
        a, b, _, _ = key
        people = types[key]
        k = int(round(x[n]))
        for pid in people[:k]:
            got[pid, r1], got[pid, r2] = a, b
        for pid in people[k:]:
            got[pid, r1], got[pid, r2] = b, a
    return {(pid, rid): (o if o < 0 else ws_of[rid, o].id) for (pid, rid), o in got.items()}


def _feasible(m: _Model, integer: bool, deadline: float | None = None):
    """A vertex (or integer) solution of the model's rows and bounds, or None."""
    h = new_highs()
    lp = m.lp(0, 0.0)
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * lp.num_col_
    h.passModel(lp)
    if deadline is not None:
        h.setOptionValue("time_limit", max(0.1, deadline - time.monotonic()))
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    x = np.array(h.getSolution().col_value)
    if np.any(np.abs(x - np.rint(x)) > 1e-6):
        return None
    return np.rint(x)
