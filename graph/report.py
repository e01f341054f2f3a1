"""Figures of a loaded data set for the data report, and the check that named elements exist."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graph.db import Db

# An element to look for: a node (label, key) or a relationship (type, from, to), and
# optionally a property that must be set on it.
Wanted = dict[str, Any]


async def missing(db: Db, nodes: Sequence[Wanted], rels: Sequence[Wanted]) -> list[str]:
    """The `ref` of each wanted element (or property) absent from the graph."""
    absent_nodes = await db.read(
        "UNWIND $nodes AS e "
        "OPTIONAL MATCH (n {key: e.key}) WHERE e.label IN labels(n) "
        "WITH e, n WHERE n IS NULL OR (e.prop IS NOT NULL AND n[e.prop] IS NULL) "
        "RETURN e.ref AS ref",
        nodes=list(nodes),
    )
    absent_rels = await db.read(
        "UNWIND $rels AS e "
        "OPTIONAL MATCH ({key: e.start})-[r]->({key: e.end}) WHERE type(r) = e.type "
        "WITH e, r WHERE r IS NULL OR (e.prop IS NOT NULL AND r[e.prop] IS NULL) "
        "RETURN e.ref AS ref",
        rels=list(rels),
    )
    return sorted(row["ref"] for row in absent_nodes + absent_rels)


@dataclass(frozen=True)
class Figures:
    """What a data set holds: actors per kind, uncertain items, items per source."""

    actor_kinds: dict[str, int]
    items: int
    uncertain: int
    per_source: dict[str, int]
    sources: int


async def figures(db: Db, dataset: str) -> Figures:
    """Items are the nodes and relationships that state facts (sources themselves excluded)."""
    kinds = await db.read(
        "MATCH (a:Actor {dataset: $dataset}) RETURN a.kind AS kind, count(*) AS n ORDER BY kind",
        dataset=dataset,
    )
    items = await db.read(
        "CALL () { MATCH (n {dataset: $dataset}) WHERE NOT n:Source "
        "RETURN n.confidence AS confidence, n.sources AS sources "
        "UNION ALL MATCH ()-[r {dataset: $dataset}]->() "
        "RETURN r.confidence AS confidence, r.sources AS sources } "
        "RETURN count(*) AS items, "
        "count(CASE WHEN confidence = 'uncertain' THEN 1 END) AS uncertain, "
        "collect(sources) AS cited",
        dataset=dataset,
    )
    sources = await db.read(
        "MATCH (s:Source {dataset: $dataset}) RETURN collect(s.key) AS keys", dataset=dataset
    )
    per_source = dict.fromkeys(sources[0]["keys"], 0)
    for cited in items[0]["cited"]:
        for key in cited or ():
            per_source[key] = per_source.get(key, 0) + 1
    return Figures(
        actor_kinds={row["kind"]: row["n"] for row in kinds},
        items=items[0]["items"],
        uncertain=items[0]["uncertain"],
        per_source=dict(sorted(per_source.items(), key=lambda kv: (-kv[1], kv[0]))),
        sources=len(sources[0]["keys"]),
    )
