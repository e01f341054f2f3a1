"""Shortest paths between two actors in the partner network, with what links each step.

A breadth-first search from both ends, one level at a time, always widening the smaller
frontier (one small statement per level, the same text at every level: `graph.neighbourhood`),
until the two searches meet or `maxHops` is reached. The actors where they meet give every
shortest path; one last statement reads what links each step of them and the actors on them.
The paths themselves are spelt out here from that small graph.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from errors import LimitExceededError, NotFoundError
from graph import path_search
from graph.db import Db
from graph.neighbourhood import Shape, in_scope, links
from graph.network import MAX_ITEMS, Entities, Item, NetNode, Scope
from graph.network import item as _item

MAX_HOPS = 6
VISITS = 25_000  # actors one level of the search may add
SCAN_ROWS = 1_000_000  # link rows one level of the search may read
DAG_EDGES = 2_000  # links between consecutive levels kept for spelling paths


def _steps(entities: Entities, shape: Shape) -> str:
    """What links each step of the shortest paths, and the actors on them."""
    return (
        "OPTIONAL MATCH (s:Actor {key: $from}) OPTIONAL MATCH (t:Actor {key: $to}) "
        "CALL () { UNWIND $pairs AS pair MATCH (a:Actor {key: pair[0]}) "
        "MATCH (b:Actor {key: pair[1]}) "
        + links(shape, bound=True)
        + "WITH pair, kind, item ORDER BY item.date, item.key "
        "WITH pair, kind, collect(item) AS items "
        "RETURN collect({source: pair[0], target: pair[1], kind: kind, strength: size(items), "
        "items: items[..$maxItems]}) AS dag } "
        + "CALL () { UNWIND $keys AS k MATCH (n:Actor {key: k}) "
        f"WITH {entities.node_map('n')} AS row RETURN collect(row) AS nodes }} "
        "CALL () { UNWIND $keys AS k MATCH (n:Actor {key: k}) "
        "WHERE COUNT { (n)-[:PARTY_TO|PARTICIPATES_IN]->() } > $hubMemberships "
        "RETURN collect(n.key) AS hubActors } "
        "CALL () { UNWIND $pairs AS pair MATCH (a:Actor {key: pair[0]})"
        "-[:PARTY_TO|PARTICIPATES_IN]->(g)<-[:PARTY_TO|PARTICIPATES_IN]-(b:Actor {key: pair[1]}) "
        "WHERE COUNT { (g)<-[:PARTY_TO|PARTICIPATES_IN]-() } > $hubParties "
        "RETURN collect(DISTINCT g.key) AS hubItems } "
        "RETURN s IS NOT NULL AND t IS NOT NULL AS found, nodes, dag, hubActors, hubItems, "
        f"s IS NOT NULL AND {in_scope('s', shape)} AS sourceInScope, "
        f"t IS NOT NULL AND {in_scope('t', shape)} AS targetInScope"
    )


@dataclass
class _Side:
    """One end's search: each actor reached, its distance and the actors it was reached from."""

    start: str
    dist: dict[str, int]
    parents: dict[str, tuple[str, ...]]
    frontier: list[str]

    @classmethod
    def at(cls, key: str) -> _Side:
        return cls(key, {key: 0}, {}, [key])

    @property
    def level(self) -> int:
        return max(self.dist.values())


async def _meet(
    db: Db, source: str, target: str, max_hops: int, scope: Scope
) -> tuple[_Side, _Side, list[str]]:
    """Both searches, until they meet (the actors where they do) or cannot go further. Hub
    actors reached are kept (the searches may meet there) but not searched from."""
    ends = (_Side.at(source), _Side.at(target))
    if source == target:
        return ends[0], ends[1], [source]
    for _ in range(max_hops):
        open_ = [end for end in ends if end.frontier]
        if not open_:
            break
        side = min(open_, key=lambda e: (len(e.frontier), e is ends[1]))
        other = ends[1] if side is ends[0] else ends[0]
        found, scanned = await path_search.grow(
            db, side.frontier, list(side.dist), list(other.dist), scope, SCAN_ROWS
        )
        if scanned or len(found) > VISITS:
            raise LimitExceededError(
                f"The search reached more than {VISITS:,} actors in one step; lower `maxHops` "
                "or narrow `via` or `asOf`.",
                field="maxHops",
            )
        level = side.level + 1
        for reached in found:
            side.dist[reached.key] = level
            side.parents[reached.key] = reached.via
        side.frontier = [r.key for r in found if not r.hub]
        met = [r.key for r in found if r.key in other.dist]
        if met:
            best = min(side.dist[k] + other.dist[k] for k in met)
            return ends[0], ends[1], sorted(k for k in met if side.dist[k] + other.dist[k] == best)
    return ends[0], ends[1], []


def _dag(side: _Side, meeting: Sequence[str], from_source: bool) -> list[tuple[str, str]]:
    """The links of `side`'s search on a shortest path to the meeting actors, each written
    from the source's end to the target's (`from_source`: this side began at the source)."""
    pairs: list[tuple[str, str]] = []
    done: set[str] = set()
    todo = list(meeting)
    while todo and len(pairs) < DAG_EDGES:
        key = todo.pop()
        if key in done:
            continue
        done.add(key)
        for parent in side.parents.get(key, ()):
            pairs.append((parent, key) if from_source else (key, parent))
            todo.append(parent)
    return pairs[:DAG_EDGES]


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
    through_hub: bool = False
    """A step only through hub items, or an actor on the way that is a hub."""

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
    ends, back, meeting = await _meet(db, source, target, max_hops, scope)
    pairs = _dag(ends, meeting, from_source=True) + _dag(back, meeting, from_source=False)
    keys = sorted({source, target} | {key for pair in pairs for key in pair})
    row = await db.read_row(
        _steps(entities, Shape.of(scope)),
        **entities.compilation.params,
        **scope.params(),
        pairs=[list(pair) for pair in pairs],
        keys=keys,
        maxItems=MAX_ITEMS,
        hubMemberships=path_search.HUB_MEMBERSHIPS,
        hubParties=path_search.HUB_PARTIES,
        **{"from": source, "to": target},
    )
    if row is None or not row["found"]:
        raise NotFoundError(f"No actor has the key {source!r} or {target!r}.", field="from")
    nodes = {data["key"]: entities.node(data) for data in row["nodes"]}
    if not meeting or not (row["sourceInScope"] and row["targetInScope"]):
        return Paths([], nodes)
    hubs = _Hubs(frozenset(row["hubActors"]), frozenset(row["hubItems"]))
    return Paths(_spell(source, target, row["dag"], first, hubs), nodes)


@dataclass(frozen=True)
class _Hubs:
    actors: frozenset[str]
    items: frozenset[str]

    def step(self, items: Sequence[Item]) -> bool:
        """Every item of the step is a hub agreement or project."""
        return bool(items) and all(i.key in self.items for i in items)


NO_HUBS = _Hubs(frozenset(), frozenset())


def _spell(
    source: str, target: str, dag: Sequence[Mapping[str, Any]], first: int, hubs: _Hubs = NO_HUBS
) -> list[NetPath]:
    """Paths from source to target through the walk-back graph: specific links first (no hub
    actor or hub-only step), then the strongest; paths through a hub after the others."""
    links: dict[tuple[str, str], list[Item]] = {}
    weight: dict[tuple[str, str], int] = {}
    for entry in dag:
        pair = (str(entry["source"]), str(entry["target"]))
        links.setdefault(pair, []).extend(_item(str(entry["kind"]), i) for i in entry["items"])
        weight[pair] = weight.get(pair, 0) + int(entry["strength"])

    def hub(pair: tuple[str, str]) -> bool:
        return hubs.step(links[pair]) or (pair[1] in hubs.actors and pair[1] != target)

    onward: dict[str, list[str]] = {}
    for u, v in sorted(links, key=lambda pair: (hub(pair), -weight[pair], pair)):
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
            through = any(hub(pair) for pair in itertools.pairwise(trail))
            found.append(NetPath(tuple(trail), steps, through))
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
    return sorted(found, key=lambda path: path.through_hub)


def _item_order(item: Item) -> tuple[str, str, str]:
    return (item.kind, item.date.isoformat() if item.date else "", item.key or "")
