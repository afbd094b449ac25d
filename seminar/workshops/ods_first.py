"""One or two rounds, solved by ODS first and by round second (a relaxation checked, not trusted).

A person's cost depends on the ODS they get, never on the round. So the solver first decides which
ODS everybody gets, against the seats of all rounds together ("stage 1"): per class, how many
members get each ranked ODS (at most one each: with two rounds the "no ODS twice" rule becomes a
bound instead of a row per person), how many go through the unranked pool and how many stay
unplaced; reserve seats and quotas count all rounds together too. Every allocation of the real
problem is a solution of this model with no higher cost, so its optimum is a lower bound.

It is kept small three ways, each checked so that the result stays exact:

* columns only for everybody's first few choices, people grouped by those: when no left-out
  choice has a negative reduced cost, the LP optimum is the full model's; people with such a
  choice get columns down to it and the LP is solved again (column generation);
* quotas only for the actor types and countries that need them: first none; a group that the
  answer puts over a quota gets its rows and the model is solved again (the rest stay within
  theirs, so the cost is the same as with every row);
* when the LP is fractional, the MIP of the same columns; its answer is optimal when it reaches
  the LP bound, otherwise the model with every column is solved.

People whose pool seats would give them an ODS twice get columns of their own
(``seminar.workshops.pricing`` holds the people as arrays: classes and reduced costs). Then ("stage
2", two rounds only, ``seminar.workshops.ordering``) each person's two ODS are put in order, one
per round, by a small integer model over (ODS pair, actor type, country) types: every workshop
keeps to its seats, its reserve seats taken add up to those of stage 1, and so do, for every ODS
and group, the seats over the quota. Such an order has exactly the stage-1 cost, so it is optimal.
With the same seats in both rounds the seat part always has a solution (an orientation with
in-degrees within bounds exists: Hakimi, Frank); when no order exists (very unequal rounds, pins,
keeps), ``solve`` returns None and the caller solves the exact model.
"""

from __future__ import annotations

import zlib
from collections import Counter, defaultdict

import numpy as np

from seminar.workshops import ordering, pricing
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
    rank_cost,
)

_TRIES = 40  # stage-1 solves before giving up on this model
# First try: only everybody's first few ODS as columns, the rest priced in when they pay.
_DEPTH = {1: 2, 2: 3}


def solve(inst: Instance, budget: Budget) -> Solution | None:
    """Optimal allocation for one or two rounds, or None when this model does not apply."""
    if len(inst.rounds) > 2:
        return None
    ws_of = {}  # (round, ODS) -> workshop
    for rid in inst.rounds:
        for w in inst.by_round[rid]:
            if (rid, w.ods) in ws_of:
                return None  # two workshops on one ODS in a round: leave it to the exact model
            ws_of[rid, w.ods] = w
    found = _stage_one(inst, ws_of, budget)
    if found is None:
        return None
    classes, slots, proven, gap = found
    if len(inst.rounds) == 1:
        (rid,) = inst.rounds
        got = {(pid, rid): ws_of[rid, o].id if o >= 0 else o for pid, (o,) in slots.items()}
    else:
        got = ordering.order(inst, classes, slots, ws_of, budget)
        if got is None:
            return None
    assignment = {key: w for key, w in got.items() if w >= 0}
    unplaced = sorted(key for key, w in got.items() if w == UNPLACED)
    status = "optimal" if proven else "feasible"
    return Solution(
        assignment, unplaced, status, gap, "ODS first", true_bound(inst.bound, inst.offset)
    )


def _stage_one(inst: Instance, ws_of, budget: Budget):
    """Stage 1 solved and split into people: (classes, slots, proven, gap), or None."""
    if inst.settings.quotas:  # model the quotas of the groups that turn out to need them
        inst.actors, inst.countries = set(), set()
    people = pricing.People(inst, ws_of)
    depth = np.full(len(people.pids), _DEPTH[len(inst.rounds)])
    explicit: set[int] = set()  # people whose pool seats clashed
    for _ in range(_TRIES):
        complete = bool(np.all(depth >= people.longest))
        classes, of = people.classes(inst, depth, explicit)
        model, rows = _model(inst, classes, ws_of)
        lp = relax(model, inst.settings, budget, presolve=False)
        deeper = people.deeper(depth, classes, of, lp, rows)
        if deeper is not None:
            depth = deeper
            continue
        inst.bound = max(inst.bound, lp.value)  # priced out: a bound on the real cost
        if lp.integral:
            x, proven = np.rint(lp.x), True
        else:
            x, proven, bound = integer(model, lp, budget, complete)
            inst.bound = max(inst.bound, bound)
            if not proven and not complete:
                depth[:] = people.longest  # the MIP may need a left-out column: all of them
                continue
        slots, failed = _slots(inst, classes, model, x)
        if failed:
            explicit |= failed
            continue
        actors, countries = _over_quota(inst, ws_of, slots)
        if actors or countries:
            inst.actors |= actors
            inst.countries |= countries
            continue
        value = float(np.dot(model.cost, x))
        gap = 0.0 if proven else max(0.0, (value - inst.bound) / max(abs(value), 1e-9))
        return classes, slots, proven, gap
    return None


def _model(inst: Instance, classes, ws_of):
    """The ODS model and its rows: ({class: row}, {ODS: capacity row},
    {(ODS, kind, name): quota row})."""
    m = Model()
    all_ods = sorted({o for _, o in ws_of})
    open_seats = {
        o: sum(ordering.seats(inst, ws_of, r, o)[0] for r in inst.rounds) for o in all_ods
    }
    seats = {o: sum(ordering.seats(inst, ws_of, r, o)[1] for r in inst.rounds) for o in all_ods}
    into = defaultdict(list)  # ODS -> columns
    group_in = defaultdict(list)  # (ODS, "a"|"c", name) -> columns
    pool_in = defaultdict(list)  # group -> pool columns
    offers = {  # ODS with a seat left in the round(s)
        (r,): {o for (q, o), w in ws_of.items() if q == r and inst.free(w.id)} for r in inst.rounds
    }
    offers[tuple(inst.rounds)] = set().union(*offers.values())
    class_row = {}
    for i, c in enumerate(classes):
        n, p = len(c.members), c.person
        actor, country = c.who
        open_rounds = [r for r in inst.rounds if r not in c.fixed]
        units = n * len(open_rounds)
        banned = {inst.ws[w].ods for w in c.fixed.values()}
        entries = []
        offered = offers[tuple(open_rounds)]
        options = [(o, rank_cost(rank)) for rank, o in enumerate(p.ranking[: c.depth], 1)]
        if c.explicit:  # a class of one that cannot use the pool: every ODS is a column
            options += [(o, UNRANKED_COST) for o in all_ods if o not in p.ranking]
        for o, value in options:
            if o in banned or o not in offered:
                continue
            j = m.col(value, n, (SEAT, i, None, o), c.members[0], o)
            entries.append((j, 1.0))
            into[o].append(j)
            if actor is not None:
                group_in[o, "a", actor].append(j)
            if country is not None:
                group_in[o, "c", country].append(j)
        if not c.explicit:
            j = m.col(UNRANKED_COST, units, (TO_POOL, i, None, None))
            entries.append((j, 1.0))
            pool_in[c.who].append(j)
        entries.append((m.col(UNPLACED_COST, units, (LEFT_OUT, i, None, None)), 1.0))
        class_row[i] = m.row(units, units, entries)
    for who, cols in sorted(pool_in.items(), key=lambda kv: str(kv[0])):
        entries = [(j, 1.0) for j in cols]
        salt = zlib.crc32(repr(who).encode())
        for o in all_ods:
            if seats[o] == 0:
                continue
            j = m.col(0.0, seats[o], (FROM_POOL, None, None, (o, who)), salt, o)
            entries.append((j, -1.0))
            into[o].append(j)
            if who[0] is not None:
                group_in[o, "a", who[0]].append(j)
            if who[1] is not None:
                group_in[o, "c", who[1]].append(j)
        m.row(0.0, 0.0, entries)
    cap_row, quota_row = {}, {}
    for o in all_ods:
        row = m.capacity(o, open_seats[o], seats[o] - open_seats[o], into[o])
        if row is not None:
            cap_row[o] = row
    for (o, kind, name), cols in sorted(group_in.items()):
        room = sum(ordering.room(inst, ws_of, r, o, kind, name) for r in inst.rounds)
        if sum(m.upper[j] for j in cols) <= room:
            continue
        slack = m.col(QUOTA_PENALTY, INF, (SLACK, None, None, None))
        quota_row[o, kind, name] = m.row(-INF, room, [(j, 1.0) for j in cols] + [(slack, -1.0)])
    return m, (class_row, cap_row, quota_row)


def _over_quota(inst: Instance, ws_of, slots) -> tuple[set[str], set[str]]:
    """Groups whose quotas are not modelled yet and that ``slots`` put over a quota (over all
    rounds together: the order of stage 2 then keeps each round within its own)."""
    if not inst.settings.quotas:
        return set(), set()
    counts = Counter()
    for pid, mine in slots.items():
        p = inst.people[pid]
        for o in mine:
            if o >= 0:
                counts[o, "a", p.actor_type] += p.actor_type not in inst.actors
                counts[o, "c", p.country] += p.country not in inst.countries
    actors, countries = set(), set()
    for (o, kind, name), n in counts.items():
        if n > sum(ordering.room(inst, ws_of, r, o, kind, name) for r in inst.rounds):
            (actors if kind == "a" else countries).add(name)
    return actors, countries


def _slots(inst: Instance, classes, m: Model, x: np.ndarray):
    """Per person the ODS (or UNPLACED) of each open round, not yet in round order.

    Also the people whose pool seats could not be handed out without giving someone an ODS twice
    (they need columns of their own).
    """
    counts = defaultdict(Counter)  # class -> Counter(ODS | POOL | UNPLACED)
    pool_seats = defaultdict(Counter)  # group -> Counter(ODS)
    for j in np.flatnonzero(x > 0.5):
        kind, i, _, what = m.meta[j]
        k = int(x[j])
        if kind == SEAT:
            counts[i][what] += k
        elif kind == TO_POOL:
            counts[i][POOL] += k
        elif kind == LEFT_OUT:
            counts[i][UNPLACED] += k
        elif kind == FROM_POOL:
            pool_seats[what[1]][what[0]] += k
    seed = inst.settings.seed
    slots: dict[int, list[int]] = {}
    pooled = defaultdict(list)  # group -> person ids, once per pool seat they need
    for i, c in enumerate(classes):
        members = shuffled(c.members, seed)
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
            if POOL in mine:
                pooled[c.who] += [pid] * mine.count(POOL)
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
    m = Model()
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
        m.row(-INF, seats[o], entries)
    x = ordering.feasible(m, integer=False)
    if x is None:
        return None
    out = defaultdict(Counter)
    for (held, k, o), j in cols.items():
        if x[j] > 0.5:
            out[held, k][o] = int(round(x[j]))
    return out
