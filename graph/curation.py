"""Curated writes: checked against the graph and applied in one transaction, each audited.

A `Write` is one validated record shaped into the node (with the relationships it owns) or the
relationship it becomes. Labels and types come from the closed sets of `graph.loading`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, LiteralString

import orjson
from neo4j import AsyncManagedTransaction
from neo4j.exceptions import ConstraintError

from errors import ConflictError, NotFoundError
from graph import audit
from graph.audit import Action, Change
from graph.db import Db
from graph.loading import NODE_LABELS, REL_SHAPES, Batches
from graph.writes import (
    CREATE_NODES,
    CREATE_RELS,
    DELETE_NODE,
    DELETE_RELS,
    LINKS,
    LOCK,
    MISSING,
    OWNED,
    READ_EDGES,
    READ_NODES,
    REPLACE_EDGES,
    REPLACE_NODES,
)

CURATED = "curated"
BOOKKEEPING = frozenset({"key", "dataset", "loadId"})


@dataclass(frozen=True)
class Rel:
    """A relationship a node owns: its type, the key at the other end, its direction."""

    type: str
    other: str
    outgoing: bool
    props: Mapping[str, Any]


@dataclass(frozen=True)
class NodeState:
    label: str
    key: str
    props: Mapping[str, Any]
    extra_label: str | None = None
    rels: tuple[Rel, ...] = ()


@dataclass(frozen=True)
class EdgeState:
    type: str
    start: str
    end: str
    props: Mapping[str, Any]


@dataclass(frozen=True)
class Ref:
    """A key the write needs to exist, and the input field that names it."""

    label: str
    key: str
    path: str


@dataclass(frozen=True)
class Write:
    """One record as the graph holds it; `hidden` props are derived and left out of the audit."""

    entity: str
    entity_key: str
    target: NodeState | EdgeState
    refs: tuple[Ref, ...] = ()
    hidden: frozenset[str] = frozenset()
    where: str = ""

    def path(self, name: str) -> str:
        return f"{self.where}.{name}" if self.where else name

    @property
    def node(self) -> tuple[str, str] | None:
        """(label, key) when the write is a node."""
        target = self.target
        return (target.label, target.key) if isinstance(target, NodeState) else None


@dataclass(frozen=True)
class Idempotency:
    key: str
    request: str


@dataclass(frozen=True)
class Meta:
    """Who writes and why; `sources` name the sources of an update or delete."""

    who: str
    comment: str | None = None
    sources: tuple[str, ...] = ()
    idempotency: Idempotency | None = None


@dataclass(frozen=True)
class Outcome:
    entity: str
    key: str
    change: Change | None
    replayed: bool = False


def node_state(batches: Batches, label: str, key: str) -> NodeState:
    """The node `key` of `batches` (as shaped by the seed loader) with the relationships it owns."""
    row = next(row for row in batches.nodes[label] if row["key"] == key)
    rels = []
    for rel_type, rows in batches.rels.items():
        for rel in rows:
            outgoing = rel["from"] == key
            other = rel["to"] if outgoing else rel["from"]
            rels.append(Rel(rel_type, other, outgoing, rel["props"]))
    return NodeState(label, key, row["props"], row["extraLabel"], tuple(rels))


def edge_state(batches: Batches) -> EdgeState:
    """The single relationship of `batches` (a link, competency or participation)."""
    ((rel_type, rows),) = batches.rels.items()
    return EdgeState(rel_type, rows[0]["from"], rows[0]["to"], rows[0]["props"])


# ---- reading what the graph holds -----------------------------------------------------------

Run = Callable[[LiteralString, dict[str, Any]], Awaitable[list[dict[str, Any]]]]


def _tx_run(tx: AsyncManagedTransaction) -> Run:
    async def run(statement: LiteralString, params: dict[str, Any]) -> list[dict[str, Any]]:
        result = await tx.run(statement, params)
        return [dict(row) for row in await result.data()]

    return run


def _db_run(db: Db) -> Run:
    async def run(statement: LiteralString, params: dict[str, Any]) -> list[dict[str, Any]]:
        return await db.read(statement, **params)

    return run


def _native(value: Any) -> Any:
    if isinstance(value, list):
        return [_native(item) for item in value]
    return value.to_native() if hasattr(value, "to_native") else value


def _plain(props: Mapping[str, Any] | None) -> dict[str, Any]:
    return {k: _native(v) for k, v in (props or {}).items() if k not in BOOKKEEPING}


async def _states(run: Run, writes: Sequence[Write]) -> list[NodeState | EdgeState | None]:
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
                Rel(rel_type, other, outgoing, _plain(props))
                for rel_type, outgoing, other, props in [*row["outs"], *row["ins"]]
            )
            extra = [name for name in row["labels"] if name != label]
            state = NodeState(
                label, row["key"], _plain(row["props"]), next(iter(extra), None), rels
            )
            found[(label, row["key"], "")] = state
    for rel_type, pairs in edges.items():
        for row in await run(READ_EDGES[rel_type], {"rows": pairs}):
            if row["props"] is not None:
                key = (rel_type, row["start"], row["end"])
                found.setdefault(
                    key, EdgeState(rel_type, row["start"], row["end"], _plain(row["props"]))
                )
    return [found.get(_identity(write.target)) for write in writes]


def _identity(target: NodeState | EdgeState) -> tuple[str, str, str]:
    if isinstance(target, NodeState):
        return (target.label, target.key, "")
    return (target.type, target.start, target.end)


async def _lock(run: Run, writes: Sequence[Write]) -> None:
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


async def _check_refs(run: Run, writes: Sequence[Write]) -> None:
    """NOT_FOUND, with every missing reference's field, unless this same batch creates it."""
    made = {write.node for write in writes}
    await _require(
        run,
        [
            (write.path(ref.path), ref)
            for write in writes
            for ref in write.refs
            if (ref.label, ref.key) not in made
        ],
    )


async def _absent(run: Run, refs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    wanted = set(refs)
    absent: set[tuple[str, str]] = set()
    for label in NODE_LABELS:
        keys = sorted(key for kind, key in wanted if kind == label)
        if keys:
            missing = (await run(MISSING[label], {"keys": keys}))[0]["missing"]
            absent.update((label, key) for key in missing)
    return absent


async def absent(db: Db, refs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which (label, key) pairs the graph does not hold: one statement per label."""
    return await _absent(_db_run(db), refs)


async def _require(run: Run, refs: Sequence[tuple[str, Ref]]) -> None:
    absent = await _absent(run, [(ref.label, ref.key) for _, ref in refs])
    problems = [
        (path, f"unknown {ref.label.lower()} {ref.key!r}")
        for path, ref in refs
        if (ref.label, ref.key) in absent
    ]
    if problems:
        listed = "; ".join(f"{path}: {text}" for path, text in problems[:5])
        raise NotFoundError(f"Unknown reference(s): {listed}.", problems=problems)


# ---- planning: what changes, and its audit record ------------------------------------------


@dataclass
class _Ops:
    """Rows to write, grouped by label or type, so a batch costs a bounded number of trips."""

    create_nodes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    replace_nodes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    delete_rels: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    create_rels: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    replace_edges: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)

    async def run(self, run: Run) -> None:
        for label in NODE_LABELS:
            if label in self.create_nodes:
                await run(
                    CREATE_NODES[label], {"rows": self.create_nodes[label], "dataset": CURATED}
                )
            if label in self.replace_nodes:
                await run(REPLACE_NODES[label], {"rows": self.replace_nodes[label]})
        for rel_type in REL_SHAPES:
            if rel_type in self.delete_rels:
                await run(DELETE_RELS[rel_type], {"rows": self.delete_rels[rel_type]})
        for rel_type in REL_SHAPES:
            rows = self.create_rels.get(rel_type)
            if rows:
                written = await run(CREATE_RELS[rel_type], {"rows": rows, "dataset": CURATED})
                if written[0]["written"] != len(rows):
                    raise NotFoundError("An item this write refers to was deleted meanwhile.")
            if rel_type in self.replace_edges:
                await run(REPLACE_EDGES[rel_type], {"rows": self.replace_edges[rel_type]})


def _ends(key: str, rel: Rel) -> tuple[str, str]:
    return (key, rel.other) if rel.outgoing else (rel.other, key)


def _rel_map(state: NodeState) -> dict[tuple[str, bool, str], Mapping[str, Any]]:
    return {(rel.type, rel.outgoing, rel.other): dict(rel.props) for rel in state.rels}


def _view(
    state: NodeState | EdgeState, hidden: frozenset[str], types: set[str] | None
) -> dict[str, Any]:
    """The audit's picture of a state: visible props, and the owned relationships by type."""
    props = {k: v for k, v in state.props.items() if k not in hidden and k not in BOOKKEEPING}
    if isinstance(state, EdgeState):
        return props
    for rel in sorted(state.rels, key=lambda rel: (rel.type, rel.other)):
        if types is None or rel.type in types:
            props.setdefault(rel.type, []).append({"key": rel.other, **_plain(rel.props)})
    for rel_type in types or ():
        props.setdefault(rel_type, [])
    return props


def _plan(
    write: Write, old: NodeState | EdgeState | None, ops: _Ops, meta: Meta, at: dt.datetime
) -> Change | None:
    """Add the rows that turn `old` into the write's target to `ops`; the change, or None."""
    new = write.target
    sources = meta.sources or tuple(new.props.get("sources") or ())
    if old is None:
        change = Change.new(
            who=meta.who,
            action=Action.CREATE,
            entity=write.entity,
            entity_key=write.entity_key,
            after=_view(new, write.hidden, None),
            keys=_keys(new),
            comment=meta.comment,
            sources=sources,
            at=at,
        )
        if isinstance(new, NodeState):
            row = {"key": new.key, "props": dict(new.props), "extraLabel": new.extra_label}
            ops.create_nodes.setdefault(new.label, []).append({**row, "loadId": change.id})
            for rel in new.rels:
                _add_rel(ops, new.key, rel, change.id)
        else:
            edge = {"from": new.start, "to": new.end, "props": dict(new.props)}
            ops.create_rels.setdefault(new.type, []).append({**edge, "loadId": change.id})
        return change
    changed = {k for k in {*old.props, *new.props} if old.props.get(k) != new.props.get(k)}
    rel_types: set[str] = set()
    if isinstance(new, NodeState) and isinstance(old, NodeState):
        before, after = _rel_map(old), _rel_map(new)
        stale = [item for item, props in before.items() if after.get(item) != props]
        fresh = [item for item, props in after.items() if before.get(item) != props]
        rel_types = {rel_type for rel_type, _, _ in [*stale, *fresh]}
        if old.extra_label != new.extra_label:
            changed.add("kind")
    if not changed and not rel_types:
        return None
    visible = changed - write.hidden - BOOKKEEPING
    before_view = _view(old, write.hidden, rel_types)
    after_view = _view(new, write.hidden, rel_types)
    change = Change.new(
        who=meta.who,
        action=Action.UPDATE,
        entity=write.entity,
        entity_key=write.entity_key,
        before={k: before_view.get(k) for k in [*visible, *rel_types]},
        after={k: after_view.get(k) for k in [*visible, *rel_types]},
        keys=[*_keys(old, rel_types), *_keys(new, rel_types)],
        comment=meta.comment,
        sources=sources,
        at=at,
    )
    if isinstance(new, NodeState) and isinstance(old, NodeState):
        if changed:
            row = {"key": new.key, "props": dict(new.props), "extraLabel": new.extra_label}
            ops.replace_nodes.setdefault(new.label, []).append(row)
        for rel_type, outgoing, other in stale:
            start, end = (new.key, other) if outgoing else (other, new.key)
            ops.delete_rels.setdefault(rel_type, []).append({"from": start, "to": end})
        for rel in new.rels:
            if (rel.type, rel.outgoing, rel.other) in fresh:
                _add_rel(ops, new.key, rel, change.id)
    elif isinstance(new, EdgeState):
        edge = {"from": new.start, "to": new.end, "props": dict(new.props)}
        ops.replace_edges.setdefault(new.type, []).append(edge)
    return change


def _add_rel(ops: _Ops, key: str, rel: Rel, change_id: str) -> None:
    start, end = _ends(key, rel)
    row = {"from": start, "to": end, "props": dict(rel.props), "loadId": change_id}
    ops.create_rels.setdefault(rel.type, []).append(row)


def _keys(state: NodeState | EdgeState, types: set[str] | None = None) -> list[str]:
    if isinstance(state, EdgeState):
        return [state.start, state.end]
    return [rel.other for rel in state.rels if types is None or rel.type in types]


# ---- transactions ---------------------------------------------------------------------------


async def _apply(
    tx: AsyncManagedTransaction, writes: Sequence[Write], meta: Meta, *, overwrite: bool
) -> list[Outcome]:
    run = _tx_run(tx)
    await _lock(run, writes)
    await _check_refs(run, writes)
    ops = _Ops()
    at = dt.datetime.now(dt.UTC)
    outcomes = []
    for write, old in zip(writes, await _states(run, writes), strict=True):
        if old is not None and not overwrite:
            raise ConflictError(
                f"{write.entity} {write.entity_key!r} exists already.", field=write.path("key")
            )
        change = _plan(write, old, ops, meta, at)
        outcomes.append(Outcome(write.entity, write.entity_key, change))
    await ops.run(run)
    await audit.record(tx, *[outcome.change for outcome in outcomes if outcome.change])
    return outcomes


async def _transaction(
    db: Db, meta: Meta, work: Callable[[AsyncManagedTransaction], Awaitable[Outcome]], what: str
) -> Outcome:
    """Run `work` in one transaction; with an idempotency key, a repeat returns the first result."""

    async def guarded(tx: AsyncManagedTransaction) -> Outcome:
        if meta.idempotency is not None:
            prior = await _replay(tx, meta.who, meta.idempotency)
            if prior is not None:
                return prior
        outcome = await work(tx)
        if meta.idempotency is not None:
            await _remember(tx, meta.who, meta.idempotency, outcome)
        return outcome

    try:
        return await db.write_tx(guarded)
    except ConstraintError:
        if meta.idempotency is not None:
            idempotency = meta.idempotency

            async def replay(tx: AsyncManagedTransaction) -> Outcome | None:
                return await _replay(tx, meta.who, idempotency)

            prior = await db.write_tx(replay)
            if prior is not None:
                return prior
        raise ConflictError(f"{what} was written by another request at the same time.") from None


async def _replay(tx: AsyncManagedTransaction, who: str, idem: Idempotency) -> Outcome | None:
    result = await tx.run(
        "MATCH (i:IdempotencyKey {principal: $who, key: $key}) RETURN i.request AS request, "
        "i.response AS response",
        who=who,
        key=idem.key,
    )
    found = await result.single()
    if found is None:
        return None
    if found["request"] != idem.request:
        raise ConflictError(
            "This idempotency key was used for a different request.", field="idempotencyKey"
        )
    response = orjson.loads(found["response"])
    change = await audit.by_id(tx, response["change"]) if response["change"] else None
    return Outcome(response["entity"], response["key"], change, replayed=True)


async def _remember(tx: AsyncManagedTransaction, who: str, idem: Idempotency, out: Outcome) -> None:
    response = {
        "entity": out.entity,
        "key": out.key,
        "change": out.change.id if out.change else None,
    }
    await (
        await tx.run(
            "CREATE (:IdempotencyKey {principal: $who, key: $key, request: $request, "
            "response: $response, createdAt: datetime()})",
            who=who,
            key=idem.key,
            request=idem.request,
            response=orjson.dumps(response).decode(),
        )
    ).consume()


async def create(db: Db, write: Write, meta: Meta) -> Outcome:
    """Create the record; CONFLICT when it exists (also when a concurrent request wins)."""

    async def work(tx: AsyncManagedTransaction) -> Outcome:
        return (await _apply(tx, [write], meta, overwrite=False))[0]

    return await _transaction(db, meta, work, f"{write.entity} {write.entity_key!r}")


async def upsert(db: Db, writes: Sequence[Write], meta: Meta) -> list[Outcome]:
    """Create what is missing, update what differs, leave what is equal: one transaction."""

    async def work(tx: AsyncManagedTransaction) -> list[Outcome]:
        return await _apply(tx, writes, meta, overwrite=True)

    try:
        return await db.write_tx(work)
    except ConstraintError:
        raise ConflictError(
            "Another request created some of these keys at the same time."
        ) from None


async def preview(db: Db, writes: Sequence[Write]) -> list[str]:
    """What `upsert` would do to each write, read-only: create, update or unchanged."""
    states = await _states(_db_run(db), writes)
    ops = _Ops()
    at = dt.datetime.now(dt.UTC)
    meta = Meta(who="preview")
    verdicts = []
    for write, old in zip(writes, states, strict=True):
        change = _plan(write, old, ops, meta, at)
        verdicts.append("create" if old is None else "update" if change else "unchanged")
    return verdicts


async def update(
    db: Db, label: str, key: str, rebuild: Callable[[NodeState], Write], meta: Meta
) -> Outcome:
    """Read the node, let `rebuild` validate its new form, write the difference: one transaction."""

    async def work(tx: AsyncManagedTransaction) -> Outcome:
        run = _tx_run(tx)
        probe = Write(label, key, NodeState(label, key, {}))
        await _lock(run, [probe])
        (old,) = await _states(run, [probe])
        if not isinstance(old, NodeState):
            raise NotFoundError(f"No {label.lower()} has the key {key!r}.", field="key")
        write = rebuild(old)
        await _check_refs(run, [write])
        ops = _Ops()
        change = _plan(write, old, ops, meta, dt.datetime.now(dt.UTC))
        await ops.run(run)
        if change is not None:
            await audit.record(tx, change)
        return Outcome(write.entity, key, change)

    return await _transaction(db, meta, work, f"{label} {key!r}")


async def delete(
    db: Db,
    label: str,
    key: str,
    *,
    detach: bool,
    meta: Meta,
    refs: tuple[Ref, ...] = (),
    hidden: frozenset[str] = frozenset(),
) -> Outcome:
    """Delete the node and what it owns; refused (CONFLICT) while it has links, unless `detach`."""

    async def work(tx: AsyncManagedTransaction) -> Outcome:
        run = _tx_run(tx)
        probe = Write(label, key, NodeState(label, key, {}))
        await _lock(run, [probe])
        (old,) = await _states(run, [probe])
        if old is None:
            raise NotFoundError(f"No {label.lower()} has the key {key!r}.", field="key")
        await _require(run, [(ref.path, ref) for ref in refs])
        links = (await run(LINKS[label], {"key": key, "owned": [t for t, _ in OWNED[label]]}))[0]
        if links["links"] and not detach:
            kinds = sorted({link["type"] for link in links["links"]})
            raise ConflictError(
                f"{label} {key!r} still has {len(links['links'])} link(s) ({', '.join(kinds)}); "
                "remove them first or pass detach: true.",
                field="detach",
            )
        before = _view(old, hidden, None)
        if links["links"]:
            before["links"] = [
                {"type": link["type"], "outgoing": link["outgoing"], "key": link["key"]}
                for link in links["links"]
            ]
        change = Change.new(
            who=meta.who,
            action=Action.DELETE,
            entity=label,
            entity_key=key,
            before=before,
            keys=[*_keys(old), *[link["key"] for link in links["links"]]],
            comment=meta.comment,
            sources=meta.sources,
        )
        await run(DELETE_NODE[label], {"key": key})
        await audit.record(tx, change)
        return Outcome(label, key, change)

    return await _transaction(db, meta, work, f"{label} {key!r}")
