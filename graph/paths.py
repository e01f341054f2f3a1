"""Shortest paths between two actors in the partner network, with what links each step.

One statement: a breadth-first search from the less connected end, level by level up to
`maxHops` (stopping at the level that reaches the other end), then a walk back from that end
through the levels that keeps only actors on a shortest path, with the items of each step.
The paths themselves are spelt out here from that small graph.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from errors import LimitExceededError, NotFoundError
from graph.db import Db
from graph.network import LINKS, MAX_ITEMS, NEIGHBOURS, Entities, Item, NetNode, Scope
from graph.network import in_scope as _in_scope
from graph.network import item as _item

MAX_HOPS = 6
VISITS = 25_000  # actors one level of the search may add
DAG_EDGES = 2_000  # links kept per level on the walk back

_START = (
    "MATCH (s0:Actor {key: $from}) MATCH (t0:Actor {key: $to}) "
    "WITH s0, t0, COUNT { (s0)--() } > COUNT { (t0)--() } AS swap "
    "WITH swap, CASE WHEN swap THEN t0 ELSE s0 END AS s, CASE WHEN swap THEN s0 ELSE t0 END AS t "
    f"WITH swap, s, t, CASE WHEN {_in_scope('s')} AND {_in_scope('t')} THEN [s] ELSE [] END "
    "AS start WITH swap, s, t, [start] AS levels, start AS seen, false AS cut "
)
_FORWARD = (
    "CALL (t, levels, seen) { UNWIND CASE WHEN t IN seen THEN [] ELSE last(levels) END AS a "
    + NEIGHBOURS
    + "WITH b, seen WHERE NOT b IN seen "
    f"WITH DISTINCT b WHERE {_in_scope('b')} LIMIT $visits RETURN collect(b) AS found }} "
    "WITH swap, s, t, levels + [found] AS levels, seen + found AS seen, "
    "cut OR size(found) >= $visits AS cut "
)
_MIDDLE = (
    "WITH swap, s, t, levels, cut, size(seen) AS visited, "
    "head([i IN range(0, size(levels) - 1) WHERE t IN levels[i]]) AS length "
    "WITH swap, s, t, levels, cut, visited, length, "
    "CASE WHEN length IS NULL OR cut THEN [] ELSE [t] END AS front, [] AS dag "
)


def _backward(i: int) -> str:
    """Step i of the walk back: actors of level (length - i) linked to the current front."""
    return (
        "CALL (levels, length, front) { "
        f"UNWIND CASE WHEN length - {i} >= 0 THEN front ELSE [] END AS a "
        + LINKS
        + f"WITH a, b, kind, item, levels[length - {i}] AS previous WHERE b IN previous "
        "WITH a, b, kind, item ORDER BY item.date, item.key "
        "WITH a, b, kind, collect(item) AS items LIMIT $dagEdges "
        "RETURN collect({u: b, v: a, kind: kind, strength: size(items), "
        "items: items[..$maxItems]}) AS edges } "
        "WITH swap, s, t, levels, cut, visited, length, dag + edges AS dag, "
        "COLLECT { UNWIND edges AS e RETURN DISTINCT e.u } AS front "
    )


PATH_HEADS = {
    hops: _START + _FORWARD * hops + _MIDDLE + "".join(_backward(i) for i in range(1, hops + 1))
    for hops in range(1, MAX_HOPS + 1)
}


@dataclass(frozen=True)
class Step:
    source: str
    target: str
    items: tuple[Item, ...]

    @property
    def kinds(self) -> list[str]:
        return sorted({item.kind for item in self.items})


@dataclass(frozen=True)
class NetPath:
    actors: tuple[str, ...]
    steps: tuple[Step, ...]

    @property
    def length(self) -> int:
        return len(self.steps)


@dataclass(frozen=True)
class Paths:
    paths: list[NetPath]
    nodes: dict[str, NetNode]


async def shortest(
    db: Db,
    source: str,
    target: str,
    max_hops: int,
    scope: Scope,
    first: int,
    entities: Entities,
) -> Paths:
    """Up to `first` shortest paths from `source` to `target` of at most `max_hops` steps."""
    statement = (
        PATH_HEADS[max_hops]
        + "CALL (s, t, dag) { UNWIND [s, t] + [e IN dag | e.u] AS n WITH DISTINCT n "
        f"WITH {entities.node_map('n')} AS row RETURN collect(row) AS nodes }} "
        "RETURN swap, length, cut, visited, nodes, [e IN dag | {source: e.u.key, "
        "target: e.v.key, kind: e.kind, strength: e.strength, items: e.items}] AS dag"
    )
    rows = await db.read(
        statement,
        **entities.compilation.params,
        **scope.params(),
        visits=VISITS,
        dagEdges=DAG_EDGES,
        maxItems=MAX_ITEMS,
        **{"from": source, "to": target},
    )
    if not rows:
        raise NotFoundError(f"No actor has the key {source!r} or {target!r}.", field="from")
    row = rows[0]
    if row["cut"]:
        raise LimitExceededError(
            f"The search reached more than {VISITS:,} actors in one step; lower `maxHops` "
            "or narrow `via` or `asOf`.",
            field="maxHops",
        )
    nodes = {data["key"]: entities.node(data) for data in row["nodes"]}
    if row["length"] is None:
        return Paths([], nodes)
    ends = (target, source) if row["swap"] else (source, target)
    found = _spell(ends[0], ends[1], row["dag"], first)
    if row["swap"]:
        found = [_reverse(path) for path in found]
    return Paths(found, nodes)


def _spell(source: str, target: str, dag: Sequence[Mapping[str, Any]], first: int) -> list[NetPath]:
    """Paths from source to target through the walk-back graph, strongest links first."""
    links: dict[tuple[str, str], list[Item]] = {}
    weight: dict[tuple[str, str], int] = {}
    for entry in dag:
        pair = (str(entry["source"]), str(entry["target"]))
        links.setdefault(pair, []).extend(_item(str(entry["kind"]), i) for i in entry["items"])
        weight[pair] = weight.get(pair, 0) + int(entry["strength"])
    onward: dict[str, list[str]] = {}
    for u, v in sorted(links, key=lambda pair: (-weight[pair], pair)):
        onward.setdefault(u, []).append(v)
    found: list[NetPath] = []
    dead: set[str] = set()  # actors from which the target cannot be reached (a cut walk back)

    def walk(trail: list[str]) -> bool:
        here = trail[-1]
        if here == target:
            steps = tuple(
                Step(u, v, tuple(sorted(links[(u, v)], key=_item_order)))
                for u, v in itertools.pairwise(trail)
            )
            found.append(NetPath(tuple(trail), steps))
            return True
        reached = False
        for nxt in onward.get(here, []):
            if len(found) >= first:
                return True
            if nxt not in dead:
                reached = walk([*trail, nxt]) or reached
        if not reached:
            dead.add(here)
        return reached

    walk([source])
    return found


def _item_order(item: Item) -> tuple[str, str, str]:
    return (item.kind, item.date.isoformat() if item.date else "", item.key or "")


def _reverse(path: NetPath) -> NetPath:
    steps = tuple(Step(s.target, s.source, s.items) for s in reversed(path.steps))
    return NetPath(tuple(reversed(path.actors)), steps)
