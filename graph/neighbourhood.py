"""Walks of the partner network one level at a time: the expansion step, and neighbourhoods.

A walk sends one small statement per level (its text the same at every level, depth and
scope: those are `$parameters`), then one statement for the actors it kept and the edges
among them. Neo4j plans each text once, in milliseconds; an unrolled walk (one subquery per
level in a single text) took seconds to plan on its first call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from errors import NotFoundError
from graph.db import Db
from graph.network import (
    _LINK_KIND,
    _LINK_TYPES,
    _UNDER_THEME,
    MAX_ITEMS,
    PROJECT_DATE,
    SCAN_ROWS,
    SUBGRAPH_HEADS,
    Entities,
    Scope,
    Subgraph,
    edge,
)
from graph.plans import PLANS


@dataclass(frozen=True)
class Shape:
    """Which of a scope's optional filters are set: each set picks its own statement text,
    which leaves out the tests the others need (an unset filter costs nothing to plan)."""

    as_of: bool = False
    theme: bool = False
    sector: bool = False

    @classmethod
    def of(cls, scope: Scope) -> Shape:
        return cls(scope.as_of is not None, scope.theme is not None, scope.sector is not None)


def in_scope(n: str, shape: Shape) -> str:
    """The actor existed on `asOf` (founded then or unknown) and is in `sector`."""
    tests = ["true"]
    if shape.as_of:
        tests.append(f"({n}.foundedYear IS NULL OR {n}.foundedYear <= $asOfYear)")
    if shape.sector:
        tests.append(f"EXISTS {{ MATCH ({n})-[:IN_SECTOR]->(:Sector {{key: $sector}}) }}")
    return "(" + " AND ".join(tests[1:] or tests) + ")"


def agreement_ok(shape: Shape) -> str:
    tests = ["$agreements"]
    if shape.as_of:
        tests.append("g.signedOn <= $asOf")
    if shape.theme:
        tests.append(f"EXISTS {{ MATCH (g)-[:COVERS]->(:Theme){_UNDER_THEME} }}")
    return " AND ".join(tests)


def project_ok(shape: Shape) -> str:
    tests = ["$projects"]
    if shape.as_of:
        tests.append("date <= $asOf")
    if shape.theme:
        tests.append(f"EXISTS {{ MATCH (p)-[:ADDRESSES]->(:Theme){_UNDER_THEME} }}")
    return " AND ".join(tests)


def link_ok(shape: Shape) -> str:
    if shape.as_of:
        return "type(r) IN $linkTypes AND (r.sinceYear IS NULL OR r.sinceYear <= $asOfYear)"
    return "type(r) IN $linkTypes"


@cache
def neighbours(shape: Shape) -> str:
    """Actors b linked to actor a, one row per shared item or link."""
    dated = f"WITH b, p, {PROJECT_DATE} AS date " if shape.as_of else ""
    return (
        "CALL (a) { MATCH (a)-[:PARTY_TO]->(g:Agreement)<-[:PARTY_TO]-(b:Actor) "
        f"WHERE {agreement_ok(shape)} RETURN b "
        "UNION ALL MATCH (a)-[:PARTICIPATES_IN]->(p:Project)<-[:PARTICIPATES_IN]-(b:Actor) "
        f"{dated}WHERE {project_ok(shape)} RETURN b "
        f"UNION ALL MATCH (a)-[r:{_LINK_TYPES}]-(b:Actor) WHERE {link_ok(shape)} RETURN b }} "
    )


@cache
def links(shape: Shape, bound: bool = False) -> str:
    """The same rows with what links them: kind and item (agreement, project or link). With
    `bound`, b is already bound (the links between two given actors) and is not returned."""
    b = "(b)" if bound else "(b:Actor)"
    ret = "RETURN " if bound else "RETURN b, "
    return (
        ("CALL (a, b) { " if bound else "CALL (a) { ")
        + f"MATCH (a)-[:PARTY_TO]->(g:Agreement)<-[:PARTY_TO]-{b} WHERE {agreement_ok(shape)} "
        + ret
        + "'AGREEMENT' AS kind, {key: g.key, titleFr: g.titleFr, titleEn: g.titleEn, "
        "date: g.signedOn, relation: g.kind, inferred: false} AS item "
        f"UNION ALL MATCH (a)-[:PARTICIPATES_IN]->(p:Project)<-[:PARTICIPATES_IN]-{b} "
        f"WITH {'' if bound else 'b, '}p, {PROJECT_DATE} AS date WHERE {project_ok(shape)} "
        + ret
        + "'PROJECT' AS kind, {key: p.key, titleFr: p.titleFr, titleEn: p.titleEn, "
        "date: date, relation: p.status, inferred: p.startedOn IS NULL AND date IS NOT NULL} "
        f"AS item UNION ALL MATCH (a)-[r:{_LINK_TYPES}]-{b} WHERE {link_ok(shape)} "
        + ret
        + f"{_LINK_KIND} AS kind, "
        "{relation: toLower(type(r)), sinceYear: r.sinceYear, "
        "source: startNode(r).key, target: endNode(r).key} AS item } "
    )


@cache
def _edges(shape: Shape) -> str:
    """Edges among the actors in `seen`, one per (source, target, kind): co-parties from the
    actor with the smaller key, links from their subject."""
    return (
        "CALL (seen) { UNWIND seen AS a "
        + links(shape)
        + "WITH a, b, kind, item WHERE b IN seen AND CASE WHEN item.source IS NULL "
        "THEN a.key < b.key ELSE item.source = a.key END "
        "WITH a, b, kind, item ORDER BY item.date, item.key "
        "WITH a.key AS source, b.key AS target, kind, collect(item) AS items "
        "LIMIT $edgeRows "
        "RETURN collect({source: source, target: target, kind: kind, strength: size(items), "
        "items: items[..$maxItems]}) AS edges } "
    )


# The actors linked to a frontier: each in scope and not yet `seen`, with the frontier actors
# it is linked to (`via`) and how many link rows tie it to them (`ties`). `rows` counts the
# link rows read, at most $scanRows: a walk that reads that many stops there.
@cache
def _expand(shape: Shape, ranked: bool) -> str:
    """`ranked`: the best tied first, at most $room + 1 of them, without `via` (a
    neighbourhood keeps the best); else every one with `via` (a path search needs them all)."""
    found = (
        "WITH b, count(*) AS ties "
        f"WITH b, ties, NOT b.key IN $seen AND {in_scope('b', shape)} AS fresh "
        "ORDER BY ties DESC, b.key "
        "WITH sum(ties) AS rows, collect(CASE WHEN fresh THEN [b.key, ties, []] END) AS found "
        "RETURN rows, found[..$room + 1] AS found"
        if ranked
        else "WITH b, collect(DISTINCT a.key) AS via, count(*) AS ties "
        f"WITH b, via, ties, NOT b.key IN $seen AND {in_scope('b', shape)} AS fresh "
        "RETURN sum(ties) AS rows, "
        "collect(CASE WHEN fresh THEN [b.key, ties, via] END) AS found"
    )
    return (
        "UNWIND $frontier AS k MATCH (a:Actor {key: k}) "
        + neighbours(shape)
        + "WITH a, b LIMIT $scanRows "
        + found
    )


@dataclass(frozen=True)
class Found:
    key: str
    ties: int
    via: tuple[str, ...]


@dataclass(frozen=True)
class Expansion:
    found: list[Found]
    """Best tied first (most link rows to the frontier), then by key."""
    scanned: bool
    """The step read $scanRows link rows: actors beyond them were not looked at."""


async def expand(
    db: Db,
    frontier: Sequence[str],
    seen: Sequence[str],
    scope: Scope,
    scan_rows: int,
    room: int | None = None,
) -> Expansion:
    """The actors one link away from `frontier`, leaving out `seen`: one round trip. With
    `room`, only the best `room` + 1 of them (enough to tell that some were left out)."""
    if not frontier:
        return Expansion([], False)
    row = await db.read_row(
        _expand(Shape.of(scope), ranked=room is not None),
        **scope.params(),
        frontier=list(frontier),
        seen=list(seen),
        scanRows=scan_rows,
        room=room,
    )
    if row is None:
        return Expansion([], False)
    found = [Found(str(key), int(ties), tuple(via)) for key, ties, via in row["found"]]
    found.sort(key=lambda f: (-f.ties, f.key))
    return Expansion(found, int(row["rows"] or 0) >= scan_rows)


def _kept(node_map: str, shape: Shape, with_edges: bool) -> str:
    nodes = (
        f"CALL (seen) {{ UNWIND seen AS n WITH {node_map} AS row RETURN collect(row) AS nodes }} "
    )
    head = (
        "OPTIONAL MATCH (root:Actor {key: $key}) "
        "CALL () { UNWIND $keys AS k MATCH (n:Actor {key: k}) RETURN collect(n) AS seen } "
    )
    found = (
        f"root IS NOT NULL AS located, root IS NOT NULL AND {in_scope('root', shape)} AS inScope, "
    )
    if with_edges:
        return (
            head + _edges(shape) + nodes + f"RETURN {found}nodes, edges[..$maxEdges] AS edges, "
            "size(edges) > $maxEdges AS truncated"
        )
    return head + nodes + f"RETURN {found}nodes, [] AS edges, false AS truncated"


# The same walk as one statement: a subquery per level (the ranked `_expand` step, `seen` as
# nodes), then the actors kept and the edges among them. Sent once it has run in the background.
@cache
def _step(shape: Shape) -> str:
    return (
        "CALL (levels, seen) { "
        "UNWIND CASE WHEN size(seen) < $limit THEN last(levels) ELSE [] END AS a "
        + neighbours(shape)
        + "WITH b LIMIT $scanRows WITH b, count(*) AS ties ORDER BY ties DESC, b.key "
        "WITH collect(b) AS candidates, sum(ties) AS rows "
        f"RETURN [x IN candidates WHERE NOT x IN seen AND {in_scope('x', shape)}] AS fresh, "
        "rows >= $scanRows AS scanned } "
        "WITH located, inScope, levels, seen, "
        "cut OR scanned OR size(fresh) > $limit - size(seen) AS cut, "
        "fresh[..($limit - size(seen))] AS fresh "
        "WITH located, inScope, levels + [fresh] AS levels, seen + fresh AS seen, cut "
    )


def _walk(node_map: str, shape: Shape, depth: int, with_edges: bool) -> str:
    head = (
        "OPTIONAL MATCH (root:Actor {key: $key}) "
        f"WITH root, root IS NOT NULL AS located, root IS NOT NULL AND {in_scope('root', shape)} "
        "AS inScope WITH located, inScope, CASE WHEN inScope THEN [root] ELSE [] END AS start "
        "WITH located, inScope, [start] AS levels, start AS seen, false AS cut "
    )
    nodes = (
        "CALL (levels) { UNWIND range(0, size(levels) - 1) AS depth UNWIND levels[depth] AS n "
        f"WITH depth, {node_map} AS row "
        "RETURN collect([depth, row]) AS nodes } "
    )
    walk = head + _step(shape) * depth
    if with_edges:
        return (
            walk + _edges(shape) + nodes + "RETURN located, inScope, nodes, "
            "edges[..$maxEdges] AS edges, cut OR size(edges) > $maxEdges AS truncated"
        )
    return walk + nodes + "RETURN located, inScope, nodes, [] AS edges, cut AS truncated"


async def subgraph(
    db: Db,
    centre: str | None,
    depth: int,
    scope: Scope,
    limit: int,
    max_edges: int,
    entities: Entities,
    with_edges: bool = True,
) -> Subgraph:
    """The actors within `depth` links of `centre` (or every actor), with the edges among them.

    Level by level, each level's actors ranked by their ties to the level before, until
    `limit` actors are kept. Without `with_edges` the edges are not looked for (the costlier
    part): `edges` is empty and `truncated` says only whether actors were left out.

    One statement once that statement has run in the background (`graph.plans`); until then
    one per level, then one for the actors kept: the same answer either way."""
    if centre is None:
        return await _whole(db, scope, limit, max_edges, entities, with_edges)
    shape = Shape.of(scope)
    node_map = entities.node_map("n")  # adds the entities' parameters: before `params`
    params = {
        **entities.compilation.params,
        **scope.params(),
        "key": centre,
        "maxEdges": max_edges,
        "edgeRows": max_edges + 1,
        "maxItems": MAX_ITEMS,
    }
    walk = _walk(node_map, shape, depth, with_edges)
    if PLANS.ready(walk):
        row = await db.read_row(walk, **params, limit=limit, scanRows=SCAN_ROWS)
        assert row is not None
        levelled = [(data, level) for level, data in row["nodes"]]
        return _answer(row, levelled, False, entities, centre, scope)
    levels: list[list[str]] = [[centre]]
    seen: list[str] = [centre]
    cut = False
    for _ in range(depth):
        if len(seen) >= limit:
            break
        room = limit - len(seen)
        step = await expand(db, levels[-1], seen, scope, SCAN_ROWS, room)
        kept = [f.key for f in step.found[:room]]
        cut = cut or step.scanned or len(step.found) > room
        if not kept:
            break
        levels.append(kept)
        seen.extend(kept)
    row = await db.read_row(_kept(node_map, shape, with_edges), **params, keys=seen)
    assert row is not None
    depths = {key: level for level, keys in enumerate(levels) for key in keys}
    by_key = {data["key"]: data for data in row["nodes"]}
    levelled = [(by_key[key], depths[key]) for key in seen if key in by_key]
    try:
        return _answer(row, levelled, cut, entities, centre, scope)
    finally:
        # Planned once this request is answered, so that it does not slow this one down.
        PLANS.prepare(db, walk, {**params, "limit": limit, "scanRows": SCAN_ROWS})


def _answer(
    row: dict[str, Any],
    levelled: list[tuple[dict[str, Any], int]],
    cut: bool,
    entities: Entities,
    centre: str,
    scope: Scope,
) -> Subgraph:
    if not row["located"]:
        raise NotFoundError(f"No actor has the key {centre!r}.", field="key")
    if not row["inScope"]:
        return Subgraph(nodes=[], edges=[], truncated=False, centre=centre, scope=scope)
    return Subgraph(
        nodes=[entities.node(data, level) for data, level in levelled],
        edges=sorted(
            (edge(data) for data in row["edges"]), key=lambda e: (e.source, e.target, e.kind)
        ),
        truncated=cut or bool(row["truncated"]),
        centre=centre,
        scope=scope,
    )


async def _whole(
    db: Db, scope: Scope, limit: int, max_edges: int, entities: Entities, with_edges: bool
) -> Subgraph:
    """Every actor in scope (by key, up to `limit`) with the edges among them: one statement."""
    nodes = (
        "CALL (levels) { UNWIND range(0, size(levels) - 1) AS depth UNWIND levels[depth] AS n "
        f"WITH depth, {entities.node_map('n')} AS row "
        "RETURN collect([depth, row]) AS nodes } "
    )
    head = SUBGRAPH_HEADS[0]
    if with_edges:
        statement = (
            head + _edges(Shape.of(scope)) + nodes + "RETURN nodes, edges[..$maxEdges] AS edges, "
            "cut OR size(edges) > $maxEdges AS truncated"
        )
    else:
        statement = head + nodes + "RETURN nodes, [] AS edges, cut AS truncated"
    row = await db.read_row(
        statement,
        **entities.compilation.params,
        **scope.params(),
        limit=limit,
        nodeRows=limit + 1,
        maxEdges=max_edges,
        edgeRows=max_edges + 1,
        maxItems=MAX_ITEMS,
    )
    assert row is not None
    return Subgraph(
        nodes=[entities.node(data) for _, data in row["nodes"]],
        edges=sorted(
            (edge(data) for data in row["edges"]), key=lambda e: (e.source, e.target, e.kind)
        ),
        truncated=bool(row["truncated"]),
        scope=scope,
    )
