"""Bulk writes of whole data sets (seed, synthetic): UNWIND + MERGE, keyed on `key`."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from graph.db import Db

NODE_LABELS: tuple[LiteralString, ...] = (
    "Source", "Region", "City", "Site", "Sector", "Theme", "Actor", "Agreement", "Project",
)  # fmt: skip

# (from label, relationship type, to label): the closed set of relationships a data set holds.
REL_SHAPES: dict[LiteralString, tuple[LiteralString, LiteralString]] = {
    "IN_REGION": ("City", "Region"),
    "LOCATED_IN": ("Actor", "City"),
    "SITE_IN": ("Site", "City"),
    "LOCATED_AT": ("Actor", "Site"),
    "SIGNED_AT": ("Agreement", "Site"),
    "HELD_AT": ("Project", "Site"),
    "IN_SECTOR": ("Actor", "Sector"),
    "BROADER": ("Theme", "Theme"),
    "SUBSIDIARY_OF": ("Actor", "Actor"),
    "MEMBER_OF": ("Actor", "Actor"),
    "FOUNDED_BY": ("Actor", "Actor"),
    "SUPERVISED_BY": ("Actor", "Actor"),
    "PARTY_TO": ("Actor", "Agreement"),
    "UNDER": ("Agreement", "Agreement"),
    "SIGNED_IN": ("Agreement", "City"),
    "COVERS": ("Agreement", "Theme"),
    "PARTICIPATES_IN": ("Actor", "Project"),
    "FRAMED_BY": ("Project", "Agreement"),
    "ADDRESSES": ("Project", "Theme"),
    "HAS_COMPETENCY": ("Actor", "Theme"),
}


def _merge_nodes(label: LiteralString, fresh: bool = False) -> LiteralString:
    """`fresh`: the database holds none of these nodes (CREATE, which reads nothing first)."""
    write: LiteralString = "CREATE" if fresh else "MERGE"
    return (
        f"UNWIND $rows AS row {write} (n:{label} {{key: row.key}}) "
        "SET n += row.props, n.dataset = $dataset, n.loadId = $loadId "
        "WITH n, row WHERE row.extraLabel IS NOT NULL SET n:$(row.extraLabel)"
    )


def _merge_rels(rel_type: LiteralString, fresh: bool = False) -> LiteralString:
    """`fresh`: no relationship of the data set exists yet (CREATE: no scan of a hub's
    relationships for an existing one)."""
    source, target = REL_SHAPES[rel_type]
    write: LiteralString = "CREATE" if fresh else "MERGE"
    return (
        f"UNWIND $rows AS row MATCH (a:{source} {{key: row.from}}) "
        f"MATCH (b:{target} {{key: row.to}}) {write} (a)-[r:{rel_type}]->(b) "
        "SET r += row.props, r.dataset = $dataset, r.loadId = $loadId"
    )


@dataclass
class Batches:
    """Rows to write: per node label, per relationship type."""

    nodes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    rels: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def node(
        self, label: str, key: str, props: Mapping[str, Any], extra: str | None = None
    ) -> None:
        row = {"key": key, "props": _clean(props), "extraLabel": extra}
        self.nodes.setdefault(label, []).append(row)

    def rel(self, rel_type: str, source: str, target: str, props: Mapping[str, Any]) -> None:
        row = {"from": source, "to": target, "props": _clean(props)}
        self.rels.setdefault(rel_type, []).append(row)


def _clean(props: Mapping[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in props.items() if value is not None}


Chunk = tuple[LiteralString, Sequence[dict[str, Any]]]


def _node_chunks(batches: Batches, size: int, fresh: bool = False) -> list[Chunk]:
    return [
        (_merge_nodes(label, fresh), chunk)
        for label in NODE_LABELS
        for chunk in _chunks(batches.nodes.get(label, []), size)
    ]


def _rel_chunks(batches: Batches, size: int, fresh: bool = False) -> list[Chunk]:
    return [
        (_merge_rels(rel_type, fresh), chunk)
        for rel_type in REL_SHAPES
        for chunk in _chunks(batches.rels.get(rel_type, []), size)
    ]


async def _run(
    statement: LiteralString, params: dict[str, Any], tx: AsyncManagedTransaction
) -> None:
    await (await tx.run(statement, params)).consume()


async def write_batches(
    tx: AsyncManagedTransaction, batches: Batches, dataset: str, load_id: str, size: int
) -> None:
    params: dict[str, Any] = {"dataset": dataset, "loadId": load_id}
    # Every node before any relationship, so that relationship endpoints exist.
    for statement, rows in _node_chunks(batches, size) + _rel_chunks(batches, size):
        await _run(statement, {**params, "rows": rows}, tx)


async def write_batches_each(
    db: Db,
    batches: Batches,
    dataset: str,
    load_id: str,
    size: int,
    workers: int = 1,
    fresh: bool = False,
) -> None:
    """Like `write_batches`, but one transaction per chunk (for data sets too big for one),
    `workers` chunks at a time; relationships start once every node is written. `fresh`: the
    database holds nothing of the data set yet (just wiped), so rows are created, not merged.

    Concurrent relationship chunks may deadlock on shared hub nodes: Neo4j aborts one and
    `execute_write` retries it, within the driver's retry time.
    """
    params: dict[str, Any] = {"dataset": dataset, "loadId": load_id}

    async def drain(queue: deque[Chunk]) -> None:
        while queue:
            statement, rows = queue.popleft()
            await db.write_tx(partial(_run, statement, {**params, "rows": rows}))

    for phase in (_node_chunks(batches, size, fresh), _rel_chunks(batches, size, fresh)):
        queue = deque(phase)
        await asyncio.gather(*(drain(queue) for _ in range(workers)))


async def write_leftovers(db: Db, later: Batches, dataset: str, load_id: str) -> None:
    """After an offline import: set the node properties and write the relationships the
    import files could not hold (`seeds.bulk_files`)."""
    params: dict[str, Any] = {"dataset": dataset, "loadId": load_id}
    for label in NODE_LABELS:
        for chunk in _chunks(later.nodes.get(label, []), 5_000):
            statement = _set_props(label)
            await db.write_tx(partial(_run, statement, {"rows": chunk}))
    for statement, rows in _rel_chunks(later, 5_000, fresh=True):
        await db.write_tx(partial(_run, statement, {**params, "rows": rows}))


def _set_props(label: LiteralString) -> LiteralString:
    return f"UNWIND $rows AS row MATCH (n:{label} {{key: row.key}}) SET n += row.props"


async def wipe(db: Db, size: int = 50_000) -> int:
    """Delete every relationship, then every node, `size` per transaction; return the nodes.

    Relationships go first so that no transaction has to detach a hub's thousands at once.
    """
    while (await db.write(_DELETE_RELS, size=size))[0]["deleted"]:
        pass
    deleted = 0
    while count := (await db.write(_DELETE_NODES, size=size))[0]["deleted"]:
        deleted += count
    return deleted


_DELETE_RELS: LiteralString = (
    "MATCH ()-[r]->() WITH r LIMIT $size DELETE r RETURN count(*) AS deleted"
)
_DELETE_NODES: LiteralString = (
    "MATCH (n) WITH n LIMIT $size DETACH DELETE n RETURN count(*) AS deleted"
)


@dataclass(frozen=True)
class Holdings:
    """What a database holds: its node count and its data sets (key -> synthetic)."""

    nodes: int
    datasets: dict[str, bool]


async def holdings(db: Db) -> Holdings:
    rows = await db.read(
        "MATCH (n) WITH count(n) AS nodes "
        "RETURN nodes, "
        "COLLECT { MATCH (d:Dataset) RETURN [d.key, coalesce(d.synthetic, false)] } AS datasets"
    )
    return Holdings(rows[0]["nodes"], {key: synthetic for key, synthetic in rows[0]["datasets"]})


async def remove_stale(tx: AsyncManagedTransaction, dataset: str, load_id: str) -> None:
    """Delete what an earlier load of this data set wrote and this load did not."""
    params: dict[str, Any] = {"dataset": dataset, "loadId": load_id}
    await (
        await tx.run(
            "MATCH ()-[r]->() WHERE r.dataset = $dataset AND r.loadId <> $loadId DELETE r",
            params,
        )
    ).consume()
    await (
        await tx.run(
            "MATCH (n) WHERE n.dataset = $dataset AND n.loadId <> $loadId DETACH DELETE n",
            params,
        )
    ).consume()


async def mark_dataset(
    tx: AsyncManagedTransaction, dataset: str, load_id: str, synthetic: bool
) -> None:
    await (
        await tx.run(
            "MERGE (d:Dataset {key: $dataset}) "
            "SET d.loadId = $loadId, d.loadedAt = datetime(), d.synthetic = $synthetic",
            dataset=dataset,
            loadId=load_id,
            synthetic=synthetic,
        )
    ).consume()


def _chunks(rows: Sequence[dict[str, Any]], size: int) -> list[Sequence[dict[str, Any]]]:
    return [rows[start : start + size] for start in range(0, len(rows), size)]


@dataclass(frozen=True)
class GraphCounts:
    nodes: dict[str, int]
    relationships: dict[str, int]


async def counts(db: Db) -> GraphCounts:
    """Nodes per label and relationships per type, from the count store (one round trip)."""
    rows = await db.read(
        "CALL db.labels() YIELD label "
        "CALL (label) { MATCH (n:$(label)) RETURN count(n) AS c } "
        "WITH collect([label, c]) AS labels "
        "CALL db.relationshipTypes() YIELD relationshipType AS t "
        "CALL (t) { MATCH ()-[r:$(t)]->() RETURN count(r) AS c } "
        "RETURN labels, collect([t, c]) AS types"
    )
    if not rows:
        return GraphCounts({}, {})
    return GraphCounts(
        nodes={label: count for label, count in rows[0]["labels"] if count},
        relationships={name: count for name, count in rows[0]["types"] if count},
    )
