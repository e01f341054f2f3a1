"""What a curated write changes: the state wanted against the state stored, as rows to write
and the audit record of the difference. Nothing here talks to the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graph.audit import Action, Change
from graph.loading import Batches

CURATED = "curated"
# Written by Maillage itself, never by a record: the node's key and origin, and its counts.
BOOKKEEPING = frozenset(
    {"key", "dataset", "loadId", "agreementCount", "projectCount", "partyCount",
     "participantCount", "actorCount"}
)  # fmt: skip


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


def native(value: Any) -> Any:
    if isinstance(value, list):
        return [native(item) for item in value]
    return value.to_native() if hasattr(value, "to_native") else value


def plain(props: Mapping[str, Any] | None) -> dict[str, Any]:
    return {k: native(v) for k, v in (props or {}).items() if k not in BOOKKEEPING}


@dataclass
class Ops:
    """Rows to write, grouped by label or type, so a batch costs a bounded number of trips."""

    create_nodes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    replace_nodes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    delete_rels: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    create_rels: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    replace_edges: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def _ends(key: str, rel: Rel) -> tuple[str, str]:
    return (key, rel.other) if rel.outgoing else (rel.other, key)


def _rel_map(state: NodeState) -> dict[tuple[str, bool, str], Mapping[str, Any]]:
    return {(rel.type, rel.outgoing, rel.other): dict(rel.props) for rel in state.rels}


def view(
    state: NodeState | EdgeState, hidden: frozenset[str], types: set[str] | None
) -> dict[str, Any]:
    """The audit's picture of a state: visible props, and the owned relationships by type."""
    props = {k: v for k, v in state.props.items() if k not in hidden and k not in BOOKKEEPING}
    if isinstance(state, EdgeState):
        return props
    for rel in sorted(state.rels, key=lambda rel: (rel.type, rel.other)):
        if types is None or rel.type in types:
            props.setdefault(rel.type, []).append({"key": rel.other, **plain(rel.props)})
    for rel_type in types or ():
        props.setdefault(rel_type, [])
    return props


def plan(
    write: Write, old: NodeState | EdgeState | None, ops: Ops, meta: Meta, at: dt.datetime
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
            after=view(new, write.hidden, None),
            keys=keys_of(new),
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
    before_view = view(old, write.hidden, rel_types)
    after_view = view(new, write.hidden, rel_types)
    change = Change.new(
        who=meta.who,
        action=Action.UPDATE,
        entity=write.entity,
        entity_key=write.entity_key,
        before={k: before_view.get(k) for k in [*visible, *rel_types]},
        after={k: after_view.get(k) for k in [*visible, *rel_types]},
        keys=[*keys_of(old, rel_types), *keys_of(new, rel_types)],
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


def _add_rel(ops: Ops, key: str, rel: Rel, change_id: str) -> None:
    start, end = _ends(key, rel)
    row = {"from": start, "to": end, "props": dict(rel.props), "loadId": change_id}
    ops.create_rels.setdefault(rel.type, []).append(row)


def keys_of(state: NodeState | EdgeState, types: set[str] | None = None) -> list[str]:
    if isinstance(state, EdgeState):
        return [state.start, state.end]
    return [rel.other for rel in state.rels if types is None or rel.type in types]
