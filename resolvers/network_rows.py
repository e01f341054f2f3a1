"""Subgraphs as Rows keyed by response key, for the compiled response path.

A neighbourhood holds up to 500 actors and 5,000 edges; as schema objects, each of their
fields goes through graphql-core's execution. As Rows (the values the compiled reads return),
the whole subgraph is completed in one walk (`schema/fastpath.py`). Each value here is the
one the schema type's field gives (`schema/network_types.py`); the fast-path differential
test compares both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from graph.compiler import Pick, Row
from graph.ids import to_global_id
from graph.network import Item, NetEdge, NetNode, Subgraph
from schema.network_types import name_in, title_in


def _lang(pick: Pick) -> str:
    return str(pick.args.get("lang") or "fr").lower()


def subgraph_row(graph: Subgraph, pick: Pick, entity_index: Mapping[int, int]) -> Row:
    """`graph` under the root field's `pick`: nodes, edges and truncated as asked."""
    row = Row()
    for child in pick.children:
        if child.field == "nodes":
            row[child.key] = [node_row(n, child.children, entity_index) for n in graph.nodes]
        elif child.field == "edges":
            row[child.key] = [edge_row(e, child.children) for e in graph.edges]
        elif child.field == "truncated":
            row[child.key] = graph.truncated
    return row


def node_row(value: NetNode, picks: Sequence[Pick], entity_index: Mapping[int, int]) -> Row:
    row = Row()
    for pick in picks:
        field = pick.field
        out: Any
        if field == "name":
            out = name_in(value.names, _lang(pick), value.key)
        elif field == "entity":
            out = value.entities[entity_index[id(pick)]]
        elif field == "id":
            out = to_global_id("Actor", value.key)
        elif field in _NODE_ATTRIBUTES:
            out = getattr(value, field)
        else:
            continue
        row[pick.key] = out
    return row


_NODE_ATTRIBUTES = frozenset({"key", "acronym", "kind", "founded", "depth"})
_EDGE_ATTRIBUTES = {
    "source": "source",
    "target": "target",
    "kind": "kind",
    "directed": "directed",
    "strength": "strength",
    "since": "since",
    "sinceYear": "since_year",
}
_ITEM_ATTRIBUTES = {
    "kind": "kind",
    "key": "key",
    "relation": "relation",
    "date": "date",
    "dateInferred": "inferred",
    "sinceYear": "since_year",
    "source": "source",
    "target": "target",
}


def edge_row(value: NetEdge, picks: Sequence[Pick]) -> Row:
    row = Row()
    for pick in picks:
        if pick.field == "items":
            row[pick.key] = [item_row(item, pick.children) for item in value.items]
        elif pick.field in _EDGE_ATTRIBUTES:
            row[pick.key] = getattr(value, _EDGE_ATTRIBUTES[pick.field])
    return row


def item_row(value: Item, picks: Sequence[Pick]) -> Row:
    row = Row()
    for pick in picks:
        field = pick.field
        if field == "title":
            row[pick.key] = title_in(value.titles, _lang(pick))
        elif field == "id":
            row[pick.key] = item_id(value)
        elif field in _ITEM_ATTRIBUTES:
            row[pick.key] = getattr(value, _ITEM_ATTRIBUTES[field])
    return row


def item_id(value: Item) -> str | None:
    """The global id of an agreement or project behind a link; None for actor links."""
    return to_global_id(value.kind.capitalize(), value.key) if value.key else None
