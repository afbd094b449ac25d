"""The LP kernel both allocation models share: the instance, classes of people, columns and rows
gathered in plain lists, and HiGHS run with a time budget.

Real costs are integers (``seminar.workshops.model``); every seating column also carries seeded
noise below ``0.25`` in all, which breaks ties without ever changing which assignment is optimal:
a solution proven within 0.5 of the noisy lower bound is exactly optimal.
"""

from __future__ import annotations

import math
import os
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import highspy
import numpy as np

from seminar.workshops.model import RESERVE_COST, Person, Settings, quota_limit, rank_cost

POOL = -1  # an item of a class: a seat from the unranked pool
UNPLACED = -2
# What a column is (the first field of its ``meta``).
SEAT, TO_POOL, LEFT_OUT, FROM_POOL, SLACK, RESERVE = range(6)
INF = highspy.kHighsInf
NOISE = 0.25  # the noise of a whole solution stays below this

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


class OutOfTime(Exception):
    """The time budget ran out before any allocation was found; ``bound`` is the best lower
    bound on the total cost proven by then (None if none)."""

    def __init__(self, bound: float | None = None):
        super().__init__("the time limit ran out before the solver found an allocation")
        self.bound = bound


class Budget:
    """The time left of ``limit`` seconds, read from ``clock`` (tests pass their own)."""

    def __init__(self, limit: float, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.deadline = clock() + limit

    def left(self) -> float:
        return self.deadline - self.clock()


@dataclass
class Solution:
    assignment: dict[tuple[int, int], int]
    unplaced: list[tuple[int, int]]
    status: str  # "optimal" or "feasible" (time ran out before it was proven)
    gap: float
    method: str = "exact"  # or "ODS first" (see seminar.workshops.ods_first)
    bound: float | None = None  # lower bound on the total cost, fixed seats included


@dataclass
class Class:
    members: list[int]
    person: Person  # any member: they share the ranking (up to ``depth``) and fixed seats
    fixed: dict[int, int]  # round id -> workshop id
    explicit: bool  # a class of one with a variable for every workshop, no pool
    depth: int | None = None  # only the first ``depth`` ODS of the ranking get variables
    who: tuple[str | None, str | None] = (None, None)  # actor type, country (if modelled)


def mix(seed: int, key: np.ndarray, salt: np.ndarray) -> np.ndarray:
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


def shuffled(ids: list[int], seed: int) -> list[int]:
    """Members in a seeded random order, keyed by person id so it does not depend on input order."""
    if len(ids) < 2:
        return list(ids)
    keys = mix(seed, np.array(ids, dtype=np.int64), np.full(len(ids), 7919))
    return [ids[k] for k in np.argsort(keys, kind="stable")]


class Instance:
    """People, workshops and fixed seats, with the seats left for the allocation.

    ``free_open`` are a workshop's open seats not taken by fixed people, ``free_reserve`` the
    reserve seats the allocation may still take (pins beyond the open seats use the reserve
    first). Quotas are modelled for the actor types and countries in ``actors`` and
    ``countries`` only (all of them by default when quotas are on): a class then keeps
    people of one modelled group together, and the rest of the groups are checked afterwards.
    """

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
        offset = 0.0
        for (pid, rid), wid in fixed.items():
            self.fixed[pid][rid] = wid
            self.fixed_fill[wid] += 1
            self.fixed_group[wid, "a", self.people[pid].actor_type] += 1
            self.fixed_group[wid, "c", self.people[pid].country] += 1
            offset += rank_cost(self.people[pid].rank_of(self.ws[wid].ods))
        self.free_open = {}
        self.free_reserve = {}
        for w in workshops:
            held = self.fixed_fill[w.id]
            self.free_open[w.id] = max(0, w.open_seats - held)
            self.free_reserve[w.id] = max(0, w.capacity - max(w.open_seats, held))
            offset += RESERVE_COST * max(0, min(held, w.capacity) - w.open_seats)
        self.offset = offset  # cost of the fixed seats that no column carries
        self.bound = -INF  # best lower bound proven so far on the noisy models' cost
        self.actors: set[str] = set()
        self.countries: set[str] = set()
        if settings.quotas:
            self.actors = {p.actor_type for p in people}
            self.countries = {p.country for p in people}

    def free(self, wid: int) -> int:
        return self.free_open[wid] + self.free_reserve[wid]

    def who(self, p: Person) -> tuple[str | None, str | None]:
        """The person's group as far as quotas are modelled."""
        return (
            p.actor_type if p.actor_type in self.actors else None,
            p.country if p.country in self.countries else None,
        )

    def classes(self, explicit=frozenset()):
        """People grouped by ranking, modelled group and fixed seats."""
        groups: dict[tuple, Class] = {}
        for pid in sorted(self.people):
            p = self.people[pid]
            fixed = self.fixed.get(pid, {})
            if len(fixed) == len(self.rounds):
                continue
            if pid in explicit:
                key = ("explicit", pid)
            else:
                key = (p.ranking, self.who(p), tuple(sorted(fixed.items())))
            if key in groups:
                groups[key].members.append(pid)
            else:
                groups[key] = Class([pid], p, fixed, pid in explicit, None, self.who(p))
        return list(groups.values())

    def over_quota(self, assignment: dict[tuple[int, int], int]) -> tuple[set[str], set[str]]:
        """Actor types and countries not modelled yet that go over a quota in ``assignment``
        (fixed seats are counted here)."""
        if not self.settings.quotas:
            return set(), set()
        counts = Counter()
        seated = list(assignment.items())
        seated += [((pid, rid), wid) for pid, rs in self.fixed.items() for rid, wid in rs.items()]
        for (pid, _), wid in seated:
            p = self.people[pid]
            if p.actor_type not in self.actors:
                counts[wid, "a", p.actor_type] += 1
            if p.country not in self.countries:
                counts[wid, "c", p.country] += 1
        actors, countries = set(), set()
        s = self.settings
        for (wid, kind, name), n in counts.items():
            share = s.max_actor_share if kind == "a" else s.max_country_share
            if n > quota_limit(self.ws[wid], share):
                (actors if kind == "a" else countries).add(name)
        return actors, countries


class Model:
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

    def row(self, lo, hi, entries) -> int:
        r = len(self.row_lo)
        self.row_lo.append(lo)
        self.row_hi.append(hi)
        if entries:
            cols, values = zip(*entries, strict=True)
            self.tri_r.extend([r] * len(cols))
            self.tri_c.extend(cols)
            self.tri_v.extend(values)
        return r

    def capacity(self, wid, seats: int, reserve: int, cols: list[int]) -> int | None:
        """The row keeping ``cols`` within ``seats``, plus up to ``reserve`` at RESERVE_COST."""
        if not cols:
            return None
        entries = [(j, 1.0) for j in cols]
        if reserve:
            entries.append((self.col(RESERVE_COST, reserve, (RESERVE, None, None, wid)), -1.0))
        return self.row(-INF, seats, entries)

    def units(self) -> int:
        """People-rounds of the model (what the noise is spread over)."""
        return sum(u for u, meta in zip(self.upper, self.meta, strict=True) if meta[0] == LEFT_OUT)

    def lp(self, seed: int, eps: float) -> highspy.HighsLp:
        lp = highspy.HighsLp()
        n = len(self.cost)
        lp.num_col_, lp.num_row_ = n, len(self.row_lo)
        salt = np.array(self.noise_salt, dtype=np.int64)
        noise = mix(seed, np.array(self.noise_key, dtype=np.int64), salt) * eps
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


def true_bound(noisy: float, offset: float = 0.0) -> float:
    """A lower bound on the real (integer) cost from a noisy model's lower bound."""
    return math.ceil(noisy - NOISE - 1e-6) + offset


@dataclass
class Relaxation:
    """An LP optimum: values, row duals, objective and whether it is integral."""

    highs: highspy.Highs
    x: np.ndarray
    dual: np.ndarray
    value: float

    @property
    def integral(self) -> bool:
        return bool(np.all(np.abs(self.x - np.rint(self.x)) < 1e-6))


def relax(m: Model, s: Settings, budget: Budget, presolve: bool = True) -> Relaxation:
    """The model's LP optimum; OutOfTime when the budget runs out first."""
    if budget.left() <= 0:
        raise OutOfTime()
    h = new_highs()
    h.passModel(m.lp(s.seed, eps=min(1e-3, NOISE / max(1, m.units()))))
    if len(m.row_lo) > 20_000:  # the interior point solver is faster on big multi-round LPs
        h.setOptionValue("solver", "ipx")
    if not presolve:
        h.setOptionValue("presolve", "off")
    h.setOptionValue("time_limit", max(0.01, budget.left()))
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        raise OutOfTime()
    solution = h.getSolution()
    dual = np.array(solution.row_dual) if solution.dual_valid else np.zeros(len(m.row_lo))
    value = h.getInfo().objective_function_value
    return Relaxation(h, np.array(solution.col_value), dual, value)


def integer(m: Model, lp: Relaxation, budget: Budget, complete: bool = True):
    """The model as a MIP, starting from its LP relaxation ``lp`` (an optimum of the whole
    problem's LP: no column left out has a negative reduced cost).

    The LP value bounds the MIP from below, so a MIP solution within 0.5 of it is optimal and
    the search stops there. The MIP's own bound counts too when the model is ``complete`` (no
    column left out). Returns (x, proven, noisy lower bound); OutOfTime when time runs out
    before any solution.
    """
    h = lp.highs
    idx = np.arange(len(m.cost), dtype=np.int32)
    h.changeColsIntegrality(len(idx), idx, np.full(len(idx), highspy.HighsVarType.kInteger))
    h.setOptionValue("solver", "choose")
    h.setOptionValue("presolve", "choose")
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.5)
    if budget.left() <= 0:
        raise OutOfTime(lp.value)
    h.setOptionValue("time_limit", max(0.01, budget.left()))

    def stop(event) -> None:
        if event.data_out.mip_primal_bound <= lp.value + 0.5 or budget.left() <= 0:
            event.data_in.user_interrupt = True

    h.cbMipInterrupt.subscribe(stop)
    h.run()
    info = h.getInfo()
    bound = max(lp.value, info.mip_dual_bound) if complete else lp.value
    if info.primal_solution_status != 2:  # kSolutionStatusFeasible
        raise OutOfTime(bound)
    x = np.rint(np.array(h.getSolution().col_value))
    return x, info.objective_function_value - bound <= 0.5, bound
