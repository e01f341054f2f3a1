"""The Cypher of curated writes and the steps that run it: read, lock, check, write.

One fixed statement per label or relationship type, from the closed sets of `graph.loading`;
values are always `$parameters`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from errors import NotFoundError
from graph.db import Db
from graph.diffs import CURATED, EdgeState, NodeState, Ops, Ref, Rel, Write, plain
from graph.loading import NODE_LABELS, REL_SHAPES

# (relationship type, True when the node is its start): the relationships a node's own record
# lists, replaced with the record; every other relationship of the node is a link.
OWNED: dict[str, tuple[tuple[LiteralString, bool], ...]] = {
    "Source": (),
    "Region": (),
    "City": (("IN_REGION", True),),
    "Site": (("SITE_IN", True),),
    "Sector": (),
    "Theme": (("BROADER", True),),
    "Actor": (("LOCATED_IN", True), ("LOCATED_AT", True), ("IN_SECTOR", True)),
    "Agreement": (
        ("PARTY_TO", False),
        ("UNDER", True),
        ("SIGNED_IN", True),
        ("SIGNED_AT", True),
        ("COVERS", True),
    ),
    "Project": (
        ("PARTICIPATES_IN", False),
        ("FRAMED_BY", True),
        ("HELD_AT", True),
        ("ADDRESSES", True),
    ),
}


def _owned(label: LiteralString, outgoing: bool) -> LiteralString:
    types = "|".join(rel_type for rel_type, out in OWNED[label] if out == outgoing)
    if not types:
        return "[]"
    pattern = f"(n)-[r:{types}]->(m)" if outgoing else f"(n)<-[r:{types}]-(m)"
    flag = "true" if outgoing else "false"
    return (
        f"CASE WHEN n IS NULL THEN [] ELSE COLLECT {{ MATCH {pattern} "
        f"RETURN [type(r), {flag}, m.key, properties(r)] }} END"
    )


def _read_nodes(label: LiteralString) -> LiteralString:
    return (
        f"UNWIND $keys AS key OPTIONAL MATCH (n:{label} {{key: key}}) "
        f"RETURN key, properties(n) AS props, labels(n) AS labels, "
        f"{_owned(label, True)} AS outs, {_owned(label, False)} AS ins"
    )


def _read_edges(rel_type: LiteralString) -> LiteralString:
    start, end = REL_SHAPES[rel_type]
    return (
        f"UNWIND $rows AS row OPTIONAL MATCH (:{start} {{key: row.from}})-[r:{rel_type}]->"
        f"(:{end} {{key: row.to}}) RETURN row.from AS start, row.to AS end, properties(r) AS props"
    )


def _lock(label: LiteralString) -> LiteralString:
    # Setting a property takes the node's write lock until commit; removing it leaves no trace.
    return f"UNWIND $keys AS key MATCH (n:{label} {{key: key}}) SET n._lock = true REMOVE n._lock"


def _missing(label: LiteralString) -> LiteralString:
    return (
        f"UNWIND $keys AS key OPTIONAL MATCH (n:{label} {{key: key}}) "
        "WITH key, n WHERE n IS NULL RETURN collect(key) AS missing"
    )


def _create_nodes(label: LiteralString) -> LiteralString:
    return (
        f"UNWIND $rows AS row CREATE (n:{label} {{key: row.key}}) SET n += row.props, "
        "n.dataset = $dataset, n.loadId = row.loadId "
        "WITH n, row WHERE row.extraLabel IS NOT NULL SET n:$(row.extraLabel)"
    )


def _replace_nodes(label: LiteralString) -> LiteralString:
    # The data set and load that created the node stay: an item belongs to its data set.
    return (
        f"UNWIND $rows AS row MATCH (n:{label} {{key: row.key}}) "
        "WITH n, row, row.props AS props, n.dataset AS dataset, n.loadId AS loadId "
        "SET n = props {.*, key: row.key, dataset: dataset, loadId: loadId} "
        f"WITH n, row, [l IN labels(n) WHERE l <> '{label}' "
        "AND l <> coalesce(row.extraLabel, '')] AS stale "
        "FOREACH (l IN stale | REMOVE n:$(l)) "
        "WITH n, row WHERE row.extraLabel IS NOT NULL SET n:$(row.extraLabel)"
    )


def _delete_rels(rel_type: LiteralString) -> LiteralString:
    start, end = REL_SHAPES[rel_type]
    return (
        f"UNWIND $rows AS row MATCH (:{start} {{key: row.from}})-[r:{rel_type}]->"
        f"(:{end} {{key: row.to}}) DELETE r"
    )


def _create_rels(rel_type: LiteralString) -> LiteralString:
    start, end = REL_SHAPES[rel_type]
    return (
        f"UNWIND $rows AS row MATCH (a:{start} {{key: row.from}}) MATCH (b:{end} {{key: row.to}}) "
        f"CREATE (a)-[r:{rel_type}]->(b) SET r += row.props, r.dataset = $dataset, "
        "r.loadId = row.loadId RETURN count(r) AS written"
    )


def _replace_edges(rel_type: LiteralString) -> LiteralString:
    start, end = REL_SHAPES[rel_type]
    return (
        f"UNWIND $rows AS row MATCH (:{start} {{key: row.from}})-[r:{rel_type}]->"
        f"(:{end} {{key: row.to}}) WITH r, row, row.props AS props, r.dataset AS dataset, "
        "r.loadId AS loadId SET r = props {.*, dataset: dataset, loadId: loadId}"
    )


def _links(label: LiteralString) -> LiteralString:
    return (
        f"MATCH (n:{label} {{key: $key}}) RETURN COLLECT {{ MATCH (n)-[r]-(m) "
        "WHERE NOT type(r) IN $owned RETURN {type: type(r), outgoing: startNode(r) = n, "
        "key: m.key} } AS links"
    )


def _delete_node(label: LiteralString) -> LiteralString:
    return f"MATCH (n:{label} {{key: $key}}) DETACH DELETE n"


READ_NODES = {label: _read_nodes(label) for label in NODE_LABELS}
LOCK = {label: _lock(label) for label in NODE_LABELS}
MISSING = {label: _missing(label) for label in NODE_LABELS}
CREATE_NODES = {label: _create_nodes(label) for label in NODE_LABELS}
REPLACE_NODES = {label: _replace_nodes(label) for label in NODE_LABELS}
LINKS = {label: _links(label) for label in NODE_LABELS}
DELETE_NODE = {label: _delete_node(label) for label in NODE_LABELS}
READ_EDGES = {rel_type: _read_edges(rel_type) for rel_type in REL_SHAPES}
DELETE_RELS = {rel_type: _delete_rels(rel_type) for rel_type in REL_SHAPES}
CREATE_RELS = {rel_type: _create_rels(rel_type) for rel_type in REL_SHAPES}
REPLACE_EDGES = {rel_type: _replace_edges(rel_type) for rel_type in REL_SHAPES}


# ---- running them -----------------------------------------------------------------------

Run = Callable[[LiteralString, dict[str, Any]], Awaitable[list[dict[str, Any]]]]


def tx_run(tx: AsyncManagedTransaction) -> Run:
    async def run(statement: LiteralString, params: dict[str, Any]) -> list[dict[str, Any]]:
        result = await tx.run(statement, params)
        return [dict(row) for row in await result.data()]

    return run


def db_run(db: Db) -> Run:
    async def run(statement: LiteralString, params: dict[str, Any]) -> list[dict[str, Any]]:
        return await db.read(statement, **params)

    return run


async def states(run: Run, writes: Sequence[Write]) -> list[NodeState | EdgeState | None]:
    """What the graph holds for each write's target: one statement per label or type."""
    found: dict[tuple[str, str, str], NodeState | EdgeState] = {}
    nodes: dict[str, list[str]] = {}
    edges: dict[str, list[dict[str, str]]] = {}
    for write in writes:
        target = write.target
        if isinstance(target, NodeState):
            nodes.setdefault(target.label, []).append(target.key)
        else:
            edges.setdefault(target.type, []).append({"from": target.start, "to": target.end})
    for label, keys in nodes.items():
        for row in await run(READ_NODES[label], {"keys": keys}):
            if row["props"] is None:
                continue
            rels = tuple(
                Rel(rel_type, other, outgoing, plain(props))
                for rel_type, outgoing, other, props in [*row["outs"], *row["ins"]]
            )
            extra = [name for name in row["labels"] if name != label]
            state = NodeState(label, row["key"], plain(row["props"]), next(iter(extra), None), rels)
            found[(label, row["key"], "")] = state
    for rel_type, pairs in edges.items():
        for row in await run(READ_EDGES[rel_type], {"rows": pairs}):
            if row["props"] is not None:
                key = (rel_type, row["start"], row["end"])
                found.setdefault(
                    key, EdgeState(rel_type, row["start"], row["end"], plain(row["props"]))
                )
    return [found.get(_identity(write.target)) for write in writes]


def _identity(target: NodeState | EdgeState) -> tuple[str, str, str]:
    if isinstance(target, NodeState):
        return (target.label, target.key, "")
    return (target.type, target.start, target.end)


async def lock(run: Run, writes: Sequence[Write]) -> None:
    """Take the write lock of each existing target (edges: their start node) before reading."""
    keys: dict[str, set[str]] = {}
    for write in writes:
        target = write.target
        if isinstance(target, NodeState):
            keys.setdefault(target.label, set()).add(target.key)
        else:
            keys.setdefault(REL_SHAPES[target.type][0], set()).add(target.start)
    for label in NODE_LABELS:
        if label in keys:
            await run(LOCK[label], {"keys": sorted(keys[label])})


async def check_refs(run: Run, writes: Sequence[Write]) -> None:
    """NOT_FOUND, with every missing reference's field, unless this same batch creates it."""
    made = {write.node for write in writes}
    await require(
        run,
        [
            (write.path(ref.path), ref)
            for write in writes
            for ref in write.refs
            if (ref.label, ref.key) not in made
        ],
    )


async def absent(run: Run, refs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    wanted = set(refs)
    found: set[tuple[str, str]] = set()
    for label in NODE_LABELS:
        keys = sorted(key for kind, key in wanted if kind == label)
        if keys:
            missing = (await run(MISSING[label], {"keys": keys}))[0]["missing"]
            found.update((label, key) for key in missing)
    return found


async def require(run: Run, refs: Sequence[tuple[str, Ref]]) -> None:
    missing = await absent(run, [(ref.label, ref.key) for _, ref in refs])
    problems = [
        (path, f"unknown {ref.label.lower()} {ref.key!r}")
        for path, ref in refs
        if (ref.label, ref.key) in missing
    ]
    if problems:
        listed = "; ".join(f"{path}: {text}" for path, text in problems[:5])
        raise NotFoundError(f"Unknown reference(s): {listed}.", problems=problems)


async def execute(run: Run, ops: Ops) -> None:
    """Write `ops`: nodes first, then relationships (old ones deleted before new ones)."""
    for label in NODE_LABELS:
        if label in ops.create_nodes:
            await run(CREATE_NODES[label], {"rows": ops.create_nodes[label], "dataset": CURATED})
        if label in ops.replace_nodes:
            await run(REPLACE_NODES[label], {"rows": ops.replace_nodes[label]})
    for rel_type in REL_SHAPES:
        if rel_type in ops.delete_rels:
            await run(DELETE_RELS[rel_type], {"rows": ops.delete_rels[rel_type]})
    for rel_type in REL_SHAPES:
        rows = ops.create_rels.get(rel_type)
        if rows:
            written = await run(CREATE_RELS[rel_type], {"rows": rows, "dataset": CURATED})
            if written[0]["written"] != len(rows):
                raise NotFoundError("An item this write refers to was deleted meanwhile.")
        if rel_type in ops.replace_edges:
            await run(REPLACE_EDGES[rel_type], {"rows": ops.replace_edges[rel_type]})
