"""Everybody the ODS model places, as arrays: their classes by the first few choices of their
ranking, and the reduced costs of the choices left out (column generation, see
``seminar.workshops.ods_first``)."""

from __future__ import annotations

import numpy as np

from seminar.workshops.lp import Class, Instance

DEEPEN = 1_000  # people given deeper columns per solve, at least (and 5 % of everybody)


class People:
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
        if np.count_nonzero(worst) > (cap := max(DEEPEN, len(worst) // 20)):
            # Only the people whose choices pay most: smaller models, a few more solves.
            chosen = np.zeros(len(worst), dtype=bool)
            chosen[np.argsort(worst, kind="stable")[:cap]] = True
            pays &= chosen[:, None]
        last = rank.shape[1] - np.argmax(pays[:, ::-1], axis=1)
        return np.where(pays.any(axis=1), np.maximum(depth, last), depth)
