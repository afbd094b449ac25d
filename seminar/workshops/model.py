"""Plain data shared by the allocation engine, its solver and its baselines.

Costs, per person and round (lower is better):

* a workshop whose ODS is the person's k-th choice costs ``k**2`` (convex: the solver prefers
  two people on their 2nd choice to one on their 3rd);
* a workshop whose ODS the person did not rank costs ``UNRANKED_COST``, more than any rank;
* staying unplaced (not enough seats) costs ``UNPLACED_COST``, more than making a hundred
  people unranked, so the solver places as many people as it can;
* each reserve seat taken (a seat of ``Workshop.reserve``, held back for latecomers and manual
  moves) costs ``RESERVE_COST``, less than the smallest step between two ranks: the reserve
  yields first, before anyone gets a worse choice, before anyone goes to an ODS they did not
  rank and before anyone is left without a workshop. It stays free where nobody would gain;
* each seat a workshop gives to an actor type (or country) above ``quota_limit`` (the share of
  its capacity, reserve included, rounded down) costs ``QUOTA_PENALTY``: more than moving one
  person to any ranked choice, less than leaving someone unranked. Pinned and kept people count
  too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

MAX_RANK = 17
UNRANKED_COST = 1_000.0
UNPLACED_COST = 100 * UNRANKED_COST
QUOTA_PENALTY = 500.0
RESERVE_COST = 2.0  # a 2nd choice costs 3 more than a 1st


def rank_cost(rank: int | None) -> float:
    """Cost of a placement at ``rank`` (1 = first choice, None = not ranked)."""
    return UNRANKED_COST if rank is None else float(rank * rank)


def quota_limit(workshop: Workshop, share: float) -> int:
    """Seats of ``workshop`` one actor type or one country may fill without a penalty."""
    return math.floor(share * workshop.capacity + 1e-9)


@dataclass(frozen=True)
class Person:
    id: int
    ranking: tuple[int, ...]  # ODS numbers, best first; may be empty
    actor_type: str
    country: str
    registered_order: int = 0  # only the first-come-first-served baseline looks at it

    def rank_of(self, ods: int) -> int | None:
        """1-based position of ``ods`` in the ranking, or None."""
        try:
            return self.ranking.index(ods) + 1
        except ValueError:
            return None


@dataclass(frozen=True)
class Workshop:
    id: int
    round_id: int
    ods: int
    capacity: int
    reserve: int = 0  # seats held back from the allocation

    @property
    def open_seats(self) -> int:
        return max(0, self.capacity - self.reserve)


def reserve_taken(workshop: Workshop, fill: int) -> int:
    """Reserve seats of ``workshop`` in use when ``fill`` people sit there."""
    return max(0, min(fill, workshop.capacity) - workshop.open_seats)


@dataclass(frozen=True)
class Pin:
    """A speaker, facilitator or organiser who must sit in this workshop."""

    person_id: int
    workshop_id: int


@dataclass(frozen=True)
class Settings:
    max_actor_share: float = 0.40
    max_country_share: float = 0.30
    seed: int = 0
    time_limit: float = 30.0
    quotas: bool = True


@dataclass
class QuotaViolations:
    groups: int = 0  # (workshop, actor type or country) pairs above their share
    excess_seats: int = 0


@dataclass
class Figures:
    placed: int = 0  # person-rounds with a workshop
    unplaced: int = 0
    share_first: float = 0.0  # shares are of placed person-rounds
    share_top3: float = 0.0
    share_any_ranked: float = 0.0
    share_unranked: float = 0.0
    worst_rank: int | None = None  # None when someone is placed on an ODS they did not rank
    rank_histogram: dict[int | None, int] = field(default_factory=dict)
    fill: dict[int, int] = field(default_factory=dict)  # workshop id -> people
    actor_mix: dict[int, dict[str, int]] = field(default_factory=dict)
    country_mix: dict[int, dict[str, int]] = field(default_factory=dict)
    quota_violations: QuotaViolations = field(default_factory=QuotaViolations)
    reserve_taken: dict[int, int] = field(default_factory=dict)  # workshop id -> reserve seats used


@dataclass
class Result:
    assignment: dict[tuple[int, int], int]  # (person id, round id) -> workshop id
    figures: Figures
    status: str  # "optimal", "feasible", "infeasible" or "heuristic" for the baselines
    gap: float  # relative MIP gap; 0.0 when proven optimal, nan for the baselines
    runtime: float  # seconds
    objective: float = 0.0  # true cost of the assignment, see the module docstring
    unplaced: list[tuple[int, int]] = field(default_factory=list)  # (person id, round id)
    fixed: dict[tuple[int, int], str] = field(default_factory=dict)  # -> "pin" or "keep"
