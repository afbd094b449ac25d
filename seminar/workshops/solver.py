"""The exact allocation model, solved with HiGHS.

People with the same ranking, fixed seats and (when quotas are on) actor type and country form a
class; the model decides how many of a class go to each workshop they ranked. Everybody who ends
up on an ODS they did not rank flows through one "unranked pool" per round and (actor type,
country), which then sends people on to any workshop: this keeps the model sparse. Afterwards
classes are split into people by a seeded shuffle, and pools are matched to workshops so that
nobody meets an ODS twice. People that cannot be split that way (rare: three or more rounds, or
a pool whose seats clash with the ODS its members already have) get variables of their own and
the model is solved again; the result is exact either way.

Exactly two rounds first go through ``seminar.workshops.two_rounds``, which decides everybody's
ODS for both rounds together and only then the round of each; it is much smaller and exact, and
hands back to this model when it cannot prove its answer optimal.

Without quotas and with a single round the model is a min-cost flow, so its LP optimum is
integral and one LP solve is enough. Otherwise the LP is tried first and, if it is fractional,
the same model is solved as a MIP.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass

import highspy
import numpy as np

from seminar.workshops.model import (
    QUOTA_PENALTY,
    UNPLACED_COST,
    UNRANKED_COST,
    Person,
    Settings,
    quota_limit,
    rank_cost,
)
from seminar.workshops.transport import transport

POOL = -1
UNPLACED = -2
_X, _POOL, _UNPLACED, _Z, _SLACK = range(5)
_INF = highspy.kHighsInf


_BANNER_LOCK = threading.Lock()
_banner_shown = False


def new_highs() -> highspy.Highs:
    """A silent, seeded HiGHS instance. The first construction in a process prints a banner
    straight to file descriptor 1 (C++, not Python's stdout), which CLI output should not carry."""
    global _banner_shown
    with _BANNER_LOCK:
        if _banner_shown:
            h = highspy.Highs()
        else:
            sys.stdout.flush()
            saved = os.dup(1)
            try:
                with open(os.devnull, "w") as null:
                    os.dup2(null.fileno(), 1)
                    h = highspy.Highs()
            finally:
                os.dup2(saved, 1)
                os.close(saved)
            _banner_shown = True
    h.setOptionValue("output_flag", False)
    h.setOptionValue("random_seed", 0)
    return h


@dataclass
class Solution:
    assignment: dict[tuple[int, int], int]
    unplaced: list[tuple[int, int]]
    status: str
    gap: float
    method: str = "exact"  # or "two rounds" (see seminar.workshops.two_rounds)


@dataclass
class _Class:
    members: list[int]
    person: Person  # any member: they share ranking, actor type, country and fixed seats
    fixed: dict[int, int]  # round id -> workshop id
    explicit: bool  # a class of one with a variable for every workshop, no pool
    depth: int | None = None  # only the first ``depth`` ODS of the ranking get variables


def _mix(seed: int, key: np.ndarray, salt: np.ndarray) -> np.ndarray:
    """Uniform [0, 1) noise keyed by (seed, key, salt): splitmix64, so stable for each key."""
    with np.errstate(over="ignore"):
        z = (
            np.uint64(seed & 0xFFFFFFFF) * np.uint64(0x9E3779B97F4A7C15)
            + key.astype(np.uint64) * np.uint64(0xBF58476D1CE4E5B9)
            + salt.astype(np.uint64) * np.uint64(0x94D049BB133111EB)
        )
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) / float(1 << 53)


class _Instance:
    def __init__(self, people, workshops, fixed, settings: Settings):
        self.settings = settings
        self.people = {p.id: p for p in people}
        self.ws = {w.id: w for w in workshops}
        self.rounds = sorted({w.round_id for w in workshops})
        self.by_round = defaultdict(list)
        for w in sorted(workshops, key=lambda w: w.id):
            self.by_round[w.round_id].append(w)
        self.fixed = defaultdict(dict)  # person id -> {round id: workshop id}
        self.fixed_fill = Counter()
        self.fixed_group = Counter()  # (workshop id, "a"|"c", name) -> people
        for (pid, rid), wid in fixed.items():
            self.fixed[pid][rid] = wid
            self.fixed_fill[wid] += 1
            self.fixed_group[wid, "a", self.people[pid].actor_type] += 1
            self.fixed_group[wid, "c", self.people[pid].country] += 1
        self.free = {w.id: max(0, w.open_seats - self.fixed_fill[w.id]) for w in workshops}

    def classes(self, explicit: set[int], depth: int | None = None, deep=frozenset()):
        """People grouped by ranking, group and fixed seats.

        With ``depth``, by the first ``depth`` ODS of their ranking only (except people in
        ``deep``): those classes get variables for those ODS only.
        """
        groups: dict[tuple, _Class] = {}
        quotas = self.settings.quotas
        for pid in sorted(self.people):
            p = self.people[pid]
            fixed = self.fixed.get(pid, {})
            if len(fixed) == len(self.rounds):
                continue
            cut = None
            if pid in explicit:
                key = ("explicit", pid)
            else:
                who = (p.actor_type, p.country) if quotas else ()
                if depth is not None and pid not in deep and len(p.ranking) > depth:
                    cut = depth
                key = (p.ranking[:cut], who, tuple(sorted(fixed.items())), cut)
            if key in groups:
                groups[key].members.append(pid)
            else:
                groups[key] = _Class([pid], p, fixed, pid in explicit, cut)
        return list(groups.values())


class _Model:
    """Columns and rows gathered in plain lists, then handed to HiGHS in one go."""

    def __init__(self):
        self.cost, self.upper, self.meta, self.noise_key, self.noise_salt = [], [], [], [], []
        self.row_lo, self.row_hi = [], []
        self.tri_r, self.tri_c, self.tri_v = [], [], []

    def col(self, cost, upper, meta, noise_key=0, noise_salt=-1) -> int:
        self.cost.append(cost)
        self.upper.append(upper)
        self.meta.append(meta)
        self.noise_key.append(noise_key)
        self.noise_salt.append(noise_salt)
        return len(self.cost) - 1

    def row(self, lo, hi, entries) -> None:
        r = len(self.row_lo)
        self.row_lo.append(lo)
        self.row_hi.append(hi)
        if entries:
            cols, values = zip(*entries, strict=True)
            self.tri_r.extend([r] * len(cols))
            self.tri_c.extend(cols)
            self.tri_v.extend(values)

    def lp(self, seed: int, eps: float) -> highspy.HighsLp:
        lp = highspy.HighsLp()
        n = len(self.cost)
        lp.num_col_, lp.num_row_ = n, len(self.row_lo)
        salt = np.array(self.noise_salt, dtype=np.int64)
        noise = _mix(seed, np.array(self.noise_key, dtype=np.int64), salt) * eps
        lp.col_cost_ = np.array(self.cost) + np.where(salt >= 0, noise, 0.0)
        lp.col_lower_ = np.zeros(n)
        lp.col_upper_ = np.array(self.upper, dtype=np.float64)
        lp.row_lower_ = np.array(self.row_lo, dtype=np.float64)
        lp.row_upper_ = np.array(self.row_hi, dtype=np.float64)
        cols = np.array(self.tri_c, dtype=np.int64)
        order = np.argsort(cols, kind="stable")
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.concatenate([[0], np.cumsum(np.bincount(cols, minlength=n))])
        lp.a_matrix_.index_ = np.array(self.tri_r, dtype=np.int32)[order]
        lp.a_matrix_.value_ = np.array(self.tri_v, dtype=np.float64)[order]
        return lp


def _build(inst: _Instance, classes: list[_Class]) -> _Model:
    m = _Model()
    s = inst.settings
    into = defaultdict(list)  # workshop id -> columns that seat people there
    group_in = defaultdict(list)  # (workshop id, "a"|"c", name) -> columns
    pool_in = defaultdict(list)  # (round id, group) -> pool columns
    for i, c in enumerate(classes):
        n, p, key = len(c.members), c.person, c.members[0]
        who = (p.actor_type, p.country) if s.quotas else None
        banned = {inst.ws[w].ods for w in c.fixed.values()}
        by_ods = defaultdict(list)
        for rid in inst.rounds:
            if rid in c.fixed:
                continue
            entries = []
            for w in inst.by_round[rid]:
                rank = p.rank_of(w.ods)
                if w.ods in banned or (rank is None and not c.explicit):
                    continue
                j = m.col(rank_cost(rank), n, (_X, i, rid, w.id), key, w.id)
                entries.append((j, 1.0))
                into[w.id].append(j)
                group_in[w.id, "a", p.actor_type].append(j)
                group_in[w.id, "c", p.country].append(j)
                by_ods[w.ods].append(j)
            if not c.explicit:
                j = m.col(UNRANKED_COST, n, (_POOL, i, rid, None))
                entries.append((j, 1.0))
                pool_in[rid, who].append(j)
            entries.append((m.col(UNPLACED_COST, n, (_UNPLACED, i, rid, None)), 1.0))
            m.row(n, n, entries)
        for cols in by_ods.values():
            if len(cols) > 1:
                m.row(-_INF, n, [(j, 1.0) for j in cols])
    for (rid, who), cols in sorted(pool_in.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
        entries = [(j, 1.0) for j in cols]
        salt = zlib.crc32(repr((rid, who)).encode())
        for w in inst.by_round[rid]:
            if inst.free[w.id] == 0:
                continue
            j = m.col(0.0, inst.free[w.id], (_Z, None, rid, (w.id, who)), salt, w.id)
            entries.append((j, -1.0))
            into[w.id].append(j)
            if who is not None:
                group_in[w.id, "a", who[0]].append(j)
                group_in[w.id, "c", who[1]].append(j)
        m.row(0.0, 0.0, entries)
    for wid in sorted(inst.ws):
        if into[wid]:
            m.row(-_INF, inst.free[wid], [(j, 1.0) for j in into[wid]])
        if not s.quotas:
            continue
        names = {(k[1], k[2]) for k in group_in if k[0] == wid}
        for kind, name in sorted(names):
            share = s.max_actor_share if kind == "a" else s.max_country_share
            room = quota_limit(inst.ws[wid], share) - inst.fixed_group[wid, kind, name]
            cols = group_in[wid, kind, name]
            if sum(m.upper[j] for j in cols) <= room:
                continue
            slack = m.col(QUOTA_PENALTY, _INF, (_SLACK, None, None, None))
            m.row(-_INF, room, [(j, 1.0) for j in cols] + [(slack, -1.0)])
    return m


def _run(m: _Model, s: Settings, deadline: float, needs_integers: bool, lp_presolve: bool = True):
    """Solve the LP; if it is fractional and integers are needed, solve the MIP.

    ``lp_presolve=False`` skips presolve for the LP (faster on the two-round ODS model; the MIP
    still presolves).

    The LP optimum bounds the MIP from below, so a MIP solution that reaches it is optimal: the
    search stops there, and the bound also certifies solutions found before the time limit.
    """
    h = new_highs()
    units = sum(u for u, meta in zip(m.upper, m.meta, strict=True) if meta[0] == _UNPLACED)
    # Real costs are integers and the noise adds up to at most 0.25, so a solution proven
    # within 0.5 of the bound is exactly optimal.
    h.passModel(m.lp(s.seed, eps=min(1e-3, 0.25 / max(1, units))))
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.5)
    if len(m.row_lo) > 20_000:  # the interior point solver is faster on big multi-round LPs
        h.setOptionValue("solver", "ipx")
    if not lp_presolve:
        h.setOptionValue("presolve", "off")
    h.setOptionValue("time_limit", max(0.1, deadline - time.monotonic()))
    h.run()
    x = np.array(h.getSolution().col_value)
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise TimeoutError("HiGHS did not solve the LP relaxation within the time limit")
    if not needs_integers or np.all(np.abs(x - np.rint(x)) < 1e-6):
        return np.rint(x), True, 0.0
    bound = h.getInfo().objective_function_value
    idx = np.arange(len(m.cost), dtype=np.int32)
    h.changeColsIntegrality(len(idx), idx, np.full(len(idx), highspy.HighsVarType.kInteger))
    h.setOptionValue("solver", "choose")
    h.setOptionValue("presolve", "choose")
    h.setOptionValue("time_limit", max(0.1, deadline - time.monotonic()))

    def stop_at_bound(event) -> None:
        if event.data_out.mip_primal_bound <= bound + 0.5:
            event.data_in.user_interrupt = True

    h.cbMipInterrupt.subscribe(stop_at_bound)
    h.run()
    if h.getInfo().primal_solution_status != 2:  # kSolutionStatusFeasible
        raise TimeoutError("HiGHS found no feasible allocation within the time limit")
    info = h.getInfo()
    value = info.objective_function_value
    bound = max(bound, info.mip_dual_bound)
    x = np.rint(np.array(h.getSolution().col_value))
    if value - bound <= 0.5:
        return x, True, 0.0
    return x, False, (value - bound) / max(abs(value), 1e-9)


def solve(people, workshops, fixed, settings: Settings, shortcut: bool = True) -> Solution:
    """Best allocation of everybody not in ``fixed`` ((person, round) -> workshop).

    Two rounds go through ``two_rounds`` first; ``shortcut=False`` (for tests) skips it.
    """
    deadline = time.monotonic() + settings.time_limit
    inst = _Instance(people, workshops, fixed, settings)
    if shortcut and len(inst.rounds) == 2:
        from seminar.workshops import two_rounds

        solution = two_rounds.solve(inst, deadline)
        if solution is not None:
            return solution
    needs_integers = settings.quotas or len(inst.rounds) > 1
    explicit: set[int] = set()
    optimal, gap = True, 0.0
    while True:
        classes = inst.classes(explicit)
        model = _build(inst, classes)
        x, proven, g = _run(model, settings, deadline, needs_integers)
        optimal, gap = optimal and proven, max(gap, g)
        assignment, unplaced, failed = _split(inst, classes, model, x)
        if not failed:
            status = "optimal" if optimal else "feasible"
            return Solution(assignment, unplaced, status, 0.0 if optimal else gap)
        explicit |= failed


def _split(inst: _Instance, classes, m: _Model, x: np.ndarray):
    """Turn class counts into people; return who could not be split without clashes."""
    items = defaultdict(Counter)  # (class, round) -> Counter(workshop id | POOL | UNPLACED)
    pool_seats = defaultdict(Counter)  # (round, group) -> Counter(workshop id)
    for j in np.flatnonzero(x > 0.5):
        kind, i, rid, w = m.meta[j]
        k = int(x[j])
        if kind == _X:
            items[i, rid][w] += k
        elif kind == _POOL:
            items[i, rid][POOL] += k
        elif kind == _UNPLACED:
            items[i, rid][UNPLACED] += k
        elif kind == _Z:
            pool_seats[rid, w[1]][w[0]] += k
    seed = inst.settings.seed
    ods = {wid: w.ods for wid, w in inst.ws.items()}
    got: dict[tuple[int, int], int] = {}
    failed: set[int] = set()
    pooled = defaultdict(list)  # (round, group) -> person ids
    for i, c in enumerate(classes):
        members = _shuffled(c.members, seed)
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
                        p = inst.people[pid]
                        who = (p.actor_type, p.country) if inst.settings.quotas else None
                        pooled[rid, who].append(pid)
                del sigs[sig][:k]
    for rid in inst.rounds:
        for (r, who), pids in sorted(pooled.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
            if r != rid:
                continue
            pids = [pid for pid in _shuffled(pids, seed) if pid not in failed]
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


def _rounds_of(got, inst: _Instance, pid: int):
    for rid in inst.rounds:
        w = got.get((pid, rid), inst.fixed.get(pid, {}).get(rid, -1))
        if w >= 0:
            yield (pid, rid), w


def _shuffled(ids: list[int], seed: int) -> list[int]:
    """Members in a seeded random order, keyed by person id so it does not depend on input order."""
    if len(ids) < 2:
        return list(ids)
    keys = _mix(seed, np.array(ids, dtype=np.int64), np.full(len(ids), 7919))
    return [ids[k] for k in np.argsort(keys, kind="stable")]
