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

People whose pool seats would give them an ODS twice get columns of their own. Then ("stage 2",
two rounds only) each person's two ODS are put in order, one per round, by a small integer model
over (ODS pair, actor type, country) types: every workshop keeps to its seats, its reserve seats
taken add up to those of stage 1, and so do, for every ODS and group, the seats over the quota.
Such an order has exactly the stage-1 cost, so it is optimal. With the same seats in both rounds
the seat part always has a solution (an orientation with in-degrees within bounds exists: Hakimi,
Frank); when no order exists (very unequal rounds, pins, keeps), ``solve`` returns None and the
caller solves the exact model.
"""

from __future__ import annotations

import zlib
from collections import Counter, defaultdict

import highspy
import numpy as np

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
    Class,
    Instance,
    Model,
    Solution,
    integer,
    new_highs,
    relax,
    shuffled,
    true_bound,
)
from seminar.workshops.model import (
    QUOTA_PENALTY,
    UNPLACED_COST,
    UNRANKED_COST,
    quota_limit,
    rank_cost,
)

_TRIES = 40  # stage-1 solves before giving up on this model
_DEEPEN = 1_000  # people given deeper columns per solve, at least (and 5 % of everybody)
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
        got = _order(inst, classes, slots, ws_of, budget)
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
    people = _People(inst, ws_of)
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


class _People:
    """Everybody the model places, as arrays: their classes, and the reduced costs of the
    choices left out of the model, for all of them at once."""

    def __init__(self, inst: Instance, ws_of):
        people = [p for pid, p in sorted(inst.people.items())]
        people = [p for p in people if len(inst.fixed.get(p.id, {})) < len(inst.rounds)]
        self.pids = np.array([p.id for p in people], dtype=np.int64)
        self.code = {o: k for k, o in enumerate(sorted({o for _, o in ws_of}), 1)}  # 0: none
        width = max((len(p.ranking) for p in people), default=0)
        self.longest = np.array([len(p.ranking) for p in people], dtype=np.int64)
        self.rank = np.zeros((len(people), width), dtype=np.int64)  # ODS code at each rank
        self.ranked = np.full((len(people), width), -1, dtype=np.int64)  # every ODS as ranked
        signatures = [tuple(sorted(inst.fixed.get(p.id, {}).items())) for p in people]
        code_of = {sig: n for n, sig in enumerate(dict.fromkeys(signatures))}
        self.fixed = np.array([code_of[sig] for sig in signatures], dtype=np.int64)
        self.ok = np.zeros((len(people), len(self.code) + 1), dtype=bool)  # may be given
        self.actors = sorted({p.actor_type for p in people})
        self.countries = sorted({p.country for p in people})
        self.actor = np.array([self.actors.index(p.actor_type) for p in people], dtype=np.int64)
        self.country = np.array([self.countries.index(p.country) for p in people], dtype=np.int64)
        seated = [key for key, w in ws_of.items() if inst.free(w.id)]
        offers = {}
        for n, p in enumerate(people):
            self.rank[n, : len(p.ranking)] = [self.code.get(o, 0) for o in p.ranking]
            self.ranked[n, : len(p.ranking)] = p.ranking
            fixed = inst.fixed.get(p.id, {})
            key = tuple(sorted(fixed.items()))
            if key not in offers:
                banned = {inst.ws[w].ods for w in fixed.values()}
                offers[key] = [
                    self.code[o] for (r, o) in seated if r not in fixed and o not in banned
                ]
            self.ok[n, offers[key]] = True
        self.cost = (np.arange(width, dtype=np.float64) + 1) ** 2

    def classes(self, inst: Instance, depth: np.ndarray, explicit: set[int]):
        """People grouped by the first ``depth`` ODS of their ranking, modelled group and fixed
        seats (what ``Instance.classes`` does, with arrays), in the order of their first
        member's id; also each person's class."""
        if not len(self.pids):
            return [], np.zeros(0, dtype=np.int64)
        ks = np.arange(self.ranked.shape[1])[None, :]
        prefix = np.where(ks < np.minimum(self.longest, depth)[:, None], self.ranked, -1)
        cut = np.where(self.longest > depth, depth, -1)
        modelled = [self.actors.index(a) for a in inst.actors if a in self.actors]
        actor = np.where(np.isin(self.actor, modelled), self.actor, -1)
        modelled = [self.countries.index(c) for c in inst.countries if c in self.countries]
        country = np.where(np.isin(self.country, modelled), self.country, -1)
        keys = np.column_stack([prefix, cut, actor, country, self.fixed])
        alone = np.isin(self.pids, np.array(sorted(explicit), dtype=np.int64))
        keys[alone, -1] = -1 - np.arange(np.count_nonzero(alone))  # a class of their own
        _, inverse = np.unique(keys, axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        order = np.argsort(inverse, kind="stable")  # ids ascending within a class
        bounds = np.cumsum(np.bincount(inverse))[:-1]
        groups = sorted(np.split(self.pids[order], bounds), key=lambda g: g[0])
        of = np.empty(len(self.pids), dtype=np.int64)
        at = np.searchsorted(self.pids, [g[0] for g in groups])
        out = []
        for i, members in enumerate(groups):
            n = at[i]
            of[np.searchsorted(self.pids, members)] = i
            p = inst.people[int(members[0])]
            out.append(
                Class(
                    members.tolist(),
                    p,
                    inst.fixed.get(p.id, {}),
                    bool(alone[n]),
                    None if cut[n] < 0 or alone[n] else int(cut[n]),
                    inst.who(p),
                )
            )
        return out, of

    def deeper(self, depth, classes, of, lp, rows) -> np.ndarray | None:
        """New depths (each person's deepest left-out choice with a negative reduced cost, for
        the people whose best such cost is lowest), or None when there is none: then the LP
        optimum is the full model's."""
        if not len(self.pids) or not self.rank.shape[1]:
            return None
        class_row, cap_row, quota_row = rows
        own = lp.dual[[class_row[i] for i in range(len(classes))]][of]
        skip = np.array([c.explicit for c in classes])[of]
        width = len(self.code) + 1
        ods = np.zeros(width)
        actor = np.zeros((width, len(self.actors)))
        country = np.zeros((width, len(self.countries)))
        for o, r in cap_row.items():
            ods[self.code[o]] = lp.dual[r]
        for (o, kind, name), r in quota_row.items():
            if kind == "a":
                actor[self.code[o], self.actors.index(name)] = lp.dual[r]
            else:
                country[self.code[o], self.countries.index(name)] = lp.dual[r]
        rank = self.rank
        rc = self.cost[None, :] - own[:, None] - ods[rank]
        rc -= actor[rank, self.actor[:, None]] + country[rank, self.country[:, None]]
        ks = np.arange(rank.shape[1])[None, :]
        left_out = (ks >= depth[:, None]) & (rank > 0) & ~skip[:, None]
        left_out &= np.take_along_axis(self.ok, rank, axis=1)
        pays = left_out & (rc < -1e-6)
        if not pays.any():
            return None
        worst = np.where(pays, rc, 0.0).min(axis=1)
        if np.count_nonzero(worst) > (cap := max(_DEEPEN, len(worst) // 20)):
            # Only the people whose choices pay most: smaller models, a few more solves.
            chosen = np.zeros(len(worst), dtype=bool)
            chosen[np.argsort(worst, kind="stable")[:cap]] = True
            pays &= chosen[:, None]
        last = rank.shape[1] - np.argmax(pays[:, ::-1], axis=1)
        return np.where(pays.any(axis=1), np.maximum(depth, last), depth)


def _room(inst: Instance, ws_of, rid: int, ods: int, kind: str, name: str) -> int:
    """Seats group ``name`` may still take in the workshop of ``ods`` in round ``rid`` (>= 0)."""
    w = ws_of.get((rid, ods))
    if w is None:
        return 0
    share = inst.settings.max_actor_share if kind == "a" else inst.settings.max_country_share
    return max(0, quota_limit(w, share) - inst.fixed_group[w.id, kind, name])


def _seats(inst: Instance, ws_of, rid: int, ods: int) -> tuple[int, int]:
    """(open seats, all seats with the reserve) the allocation has in a workshop."""
    w = ws_of.get((rid, ods))
    return (0, 0) if w is None else (inst.free_open[w.id], inst.free(w.id))


def _model(inst: Instance, classes, ws_of):
    """The ODS model and its rows: ({class: row}, {ODS: capacity row},
    {(ODS, kind, name): quota row})."""
    m = Model()
    all_ods = sorted({o for _, o in ws_of})
    open_seats = {o: sum(_seats(inst, ws_of, r, o)[0] for r in inst.rounds) for o in all_ods}
    seats = {o: sum(_seats(inst, ws_of, r, o)[1] for r in inst.rounds) for o in all_ods}
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
        room = sum(_room(inst, ws_of, r, o, kind, name) for r in inst.rounds)
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
        if n > sum(_room(inst, ws_of, r, o, kind, name) for r in inst.rounds):
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
    x = _feasible(m, integer=False)
    if x is None:
        return None
    out = defaultdict(Counter)
    for (held, k, o), j in cols.items():
        if x[j] > 0.5:
            out[held, k][o] = int(round(x[j]))
    return out


def _order(inst: Instance, classes, slots, ws_of, budget: Budget):
    """Put every person's two ODS in round order, keeping seats, reserve and quota splits."""
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
    for pid in shuffled(list(fixed_of), seed):
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
    m = Model()
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
    for o, f in total.items():
        # Within the seats of each round, and reserve seats only if the two rounds' open
        # seats together are not enough (as many as stage 1 counted).
        (open1, all1), (open2, all2) = _seats(inst, ws_of, r1, o), _seats(inst, ws_of, r2, o)
        lo = max(min(open1, f - open2), f - all2)
        hi = min(max(open1, f - open2), all1)
        limits[(o,)] = (lo, hi, first[o])
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
        x = _feasible(m, integer=True, budget=budget)
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


def _feasible(m: Model, integer: bool, budget: Budget | None = None):
    """A vertex (or integer) solution of the model's rows and bounds, or None."""
    h = new_highs()
    lp = m.lp(0, 0.0)
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * lp.num_col_
    h.passModel(lp)
    if budget is not None:
        h.setOptionValue("time_limit", max(0.01, budget.left()))
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    x = np.array(h.getSolution().col_value)
    if np.any(np.abs(x - np.rint(x)) > 1e-6):
        return None
    return np.rint(x)
