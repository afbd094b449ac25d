"""Why each person got what they got, from the seats counted per workshop.

``Seats(workshops, fill, fixed, at_rank)`` holds, per workshop, how full it is, its fixed seats
and how many people sit there at each rank of its ODS (counted by walking an assignment, or by
the database); ``seats.why(person, mine, fixed)`` then answers in time proportional to that
person's ranking, not to the edition. ``Index(result, people, workshops)`` walks a result's
seats once and explains anyone in it. Plain data, no Flask, no database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from itertools import accumulate

from seminar.workshops.model import MAX_RANK, Person, Result, Workshop


class Seats:
    """The assignment seen from each workshop: fill, fixed seats and ranks of who sits there."""

    def __init__(
        self,
        workshops: Iterable[Workshop],
        fill: Mapping[int, int],
        fixed: Mapping[int, int],
        at_rank: Mapping[int, list[int]],
    ):
        """`at_rank[w][k]`: people in w who ranked its ODS k-th (index 0 unused)."""
        workshops = list(workshops)
        self.rounds = sorted({w.round_id for w in workshops})
        self.ods_of = {w.id: w.ods for w in workshops}
        self.offered: dict[tuple[int, int], list[Workshop]] = defaultdict(list)
        for w in workshops:
            self.offered[w.round_id, w.ods].append(w)
        self.fill, self.fixed = fill, fixed
        # ahead[w][k]: people in w who ranked its ODS k-th or higher
        self.ahead = {wid: list(accumulate(counts)) for wid, counts in at_rank.items()}

    def why(
        self,
        person: Person,
        mine: Mapping[int, int | None],
        fixed: Mapping[int, str | None],
        unplaced: Iterable[int] = (),
    ) -> list[dict]:
        """Round by round: what the person got (`mine`: round -> workshop) and, for every ODS
        they ranked higher, whether they have it in another round, or which workshops offer it,
        how full they are and how many people there ranked it at least as high (or are pinned
        or kept there, `fixed`: round -> "pin" or "keep"). `unplaced`: rounds they found no
        seat in."""
        unplaced = set(unplaced)
        out = []
        for rid in self.rounds:
            wid = mine.get(rid)
            rank = None if wid is None else person.rank_of(self.ods_of[wid])
            better = []
            for k, ods in enumerate(person.ranking[: (rank or len(person.ranking) + 1) - 1], 1):
                other = [r for r, w in mine.items() if r != rid and self.ods_of.get(w) == ods]
                entry = {"ods": ods, "rank": k, "in_round": other[0] if other else None}
                entry["workshops"] = [self._crowd(w, k) for w in self.offered.get((rid, ods), [])]
                better.append(entry)
            out.append(
                {
                    "round": rid,
                    "workshop": wid,
                    "ods": None if wid is None else self.ods_of[wid],
                    "rank": rank,
                    "fixed": fixed.get(rid),
                    "unplaced": rid in unplaced,
                    "better": better,
                }
            )
        return out

    def _crowd(self, w: Workshop, rank: int) -> dict:
        ahead = self.ahead.get(w.id)
        return {
            "workshop": w.id,
            "seats": w.capacity,
            "fill": self.fill.get(w.id, 0),
            "ahead": 0 if ahead is None else ahead[min(rank, MAX_RANK)],
            "fixed": self.fixed.get(w.id, 0),
        }


class Index(Seats):
    """The seats of a result, counted by walking it once; explains anyone in it."""

    def __init__(self, result: Result, people: Iterable[Person], workshops: Iterable[Workshop]):
        self.result = result
        self.unplaced = set(result.unplaced)
        self.people = {p.id: p for p in people}
        workshops = list(workshops)
        ods_of = {w.id: w.ods for w in workshops}
        fill: dict[int, int] = defaultdict(int)
        fixed: dict[int, int] = defaultdict(int)
        at_rank: dict[int, list[int]] = defaultdict(lambda: [0] * (MAX_RANK + 1))
        for key, wid in result.assignment.items():
            fill[wid] += 1
            if key in result.fixed:
                fixed[wid] += 1
            person = self.people.get(key[0])
            rank = None if person is None else person.rank_of(ods_of[wid])
            if rank is not None and rank <= MAX_RANK:
                at_rank[wid][rank] += 1
        super().__init__(workshops, fill, fixed, at_rank)

    def explain(self, person_id: int) -> list[dict]:
        """Round by round, as ``Seats.why`` tells it, for a person of the result."""
        assignment, kinds = self.result.assignment, self.result.fixed
        return self.why(
            self.people[person_id],
            {rid: assignment.get((person_id, rid)) for rid in self.rounds},
            {rid: kinds.get((person_id, rid)) for rid in self.rounds},
            [rid for rid in self.rounds if (person_id, rid) in self.unplaced],
        )
