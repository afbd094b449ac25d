"""Stage 2 of the ODS model (``seminar.workshops.ods_first``): each person's two ODS put in round
order, keeping every workshop's seats, its reserve seats taken and, for every ODS and group, the
seats over the quota as stage 1 counted them."""

from __future__ import annotations

from collections import Counter, defaultdict

import highspy
import numpy as np

from seminar.workshops.lp import Budget, Instance, Model, new_highs, shuffled
from seminar.workshops.model import quota_limit


def room(inst: Instance, ws_of, rid: int, ods: int, kind: str, name: str) -> int:
    """Seats group ``name`` may still take in the workshop of ``ods`` in round ``rid`` (>= 0)."""
    w = ws_of.get((rid, ods))
    if w is None:
        return 0
    share = inst.settings.max_actor_share if kind == "a" else inst.settings.max_country_share
    return max(0, quota_limit(w, share) - inst.fixed_group[w.id, kind, name])


def seats(inst: Instance, ws_of, rid: int, ods: int) -> tuple[int, int]:
    """(open seats, all seats with the reserve) the allocation has in a workshop."""
    w = ws_of.get((rid, ods))
    return (0, 0) if w is None else (inst.free_open[w.id], inst.free(w.id))


def order(inst: Instance, classes, slots, ws_of, budget: Budget):
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
        (open1, all1), (open2, all2) = seats(inst, ws_of, r1, o), seats(inst, ws_of, r2, o)
        lo = max(min(open1, f - open2), f - all2)
        hi = min(max(open1, f - open2), all1)
        limits[(o,)] = (lo, hi, first[o])
    for (o, kind, name), f in group_total.items():
        # Seats over the quota in the two rounds add up to those over the combined quota.
        top, low = room(inst, ws_of, r1, o, kind, name), f - room(inst, ws_of, r2, o, kind, name)
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
        x = feasible(m, integer=True, budget=budget)
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


def feasible(m: Model, integer: bool, budget: Budget | None = None):
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
