"""Small bipartite transportation: send supplies to demands along allowed pairs only."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable, Mapping


def transport(
    supply: Mapping[Hashable, int],
    demand: Mapping[Hashable, int],
    allowed: Callable[[Hashable, Hashable], bool],
    partial: bool = False,
) -> dict[tuple[Hashable, Hashable], int] | None:
    """Largest flow from ``supply`` to ``demand`` (a max flow with augmenting paths).

    Returns {(supply key, demand key): amount}; None if some supply cannot be sent and
    ``partial`` is false.
    """
    sources = [s for s, k in supply.items() if k > 0]
    sinks = [d for d, k in demand.items() if k > 0]
    left = {s: supply[s] for s in sources}
    room = {d: demand[d] for d in sinks}
    edges = {s: [d for d in sinks if allowed(s, d)] for s in sources}
    flow: dict[tuple[Hashable, Hashable], int] = {}
    senders: dict[Hashable, set[Hashable]] = {d: set() for d in sinks}
    for s in sources:
        for d in edges[s]:
            k = min(left[s], room[d])
            if k:
                _push(flow, senders, s, d, k)
                left[s] -= k
                room[d] -= k
    while any(left.values()):
        path = _augmenting_path(left, room, edges, senders)
        if path is None:
            break
        k = min(left[path[0]], room[path[-1]])
        for n in range(1, len(path) - 1, 2):  # backward edges: (path[n+1], path[n]) carries flow
            k = min(k, flow[path[n + 1], path[n]])
        left[path[0]] -= k
        room[path[-1]] -= k
        for n in range(0, len(path) - 1, 2):
            _push(flow, senders, path[n], path[n + 1], k)
            if n + 2 < len(path):
                _push(flow, senders, path[n + 2], path[n + 1], -k)
    if any(left.values()) and not partial:
        return None
    return {key: k for key, k in flow.items() if k > 0}


def _push(flow, senders, s, d, k) -> None:
    flow[s, d] = flow.get((s, d), 0) + k
    if flow[s, d] > 0:
        senders[d].add(s)
    else:
        senders[d].discard(s)


def _augmenting_path(left, room, edges, senders) -> list | None:
    """Alternating path source, sink, source, ..., sink ending at a sink with room left."""
    parent: dict[tuple[str, Hashable], tuple[str, Hashable] | None] = {}
    queue = deque()
    for s, k in left.items():
        if k > 0:
            parent["s", s] = None
            queue.append(("s", s))
    while queue:
        kind, node = queue.popleft()
        if kind == "s":
            for d in edges[node]:
                if ("d", d) not in parent:
                    parent["d", d] = (kind, node)
                    if room[d] > 0:
                        return _unwind(parent, ("d", d))
                    queue.append(("d", d))
        else:
            for s in senders[node]:
                if ("s", s) not in parent:
                    parent["s", s] = (kind, node)
                    queue.append(("s", s))
    return None


def _unwind(parent, end) -> list:
    path = []
    node = end
    while node is not None:
        path.append(node[1])
        node = parent[node]
    return path[::-1]
