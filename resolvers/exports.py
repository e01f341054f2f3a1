"""GET /export/graph.graphml, /export/graph.json and /export/edges.csv: the network to download.

Without `key`, the whole network (up to the export caps); with `key`, its neighbourhood. The
parameters are those of `neighbourhood`: key, depth, via (comma-separated), asOf, limit.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Awaitable, Callable
from typing import Any
from xml.etree import ElementTree as ET

import orjson
from starlette.requests import Request
from starlette.responses import Response

from errors import (
    ClientError,
    DatabaseUnavailable,
    NotFoundError,
    QueryTimeoutError,
    ValidationError,
)
from graph import neighbourhood, network
from graph.compiler import Limits
from graph.db import Db
from graph.network import NetEdge, NetNode, Subgraph
from resolvers.network import bounded, key_of, scope

PARAMETERS = frozenset({"key", "depth", "via", "asOf", "limit"})
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
NODE_ATTRS = (
    ("name", "string"), ("nameEn", "string"), ("acronym", "string"), ("kind", "string"),
    ("founded", "int"), ("depth", "int"),
)  # fmt: skip
EDGE_ATTRS = (
    ("kind", "string"), ("strength", "int"), ("since", "string"), ("sinceYear", "int"),
    ("items", "string"),
)  # fmt: skip
CSV_COLUMNS = (
    "source", "source_name", "target", "target_name", "kind", "directed", "strength", "since",
    "since_year", "items",
)  # fmt: skip
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
STATUS = {NotFoundError: 404, QueryTimeoutError: 504, DatabaseUnavailable: 503}


async def read_subgraph(request: Request) -> Subgraph:
    """Validate the query string, then read the neighbourhood or the whole network."""
    query = request.query_params
    unknown = sorted(set(query) - PARAMETERS)
    if unknown:
        raise ValidationError(
            f"Unknown parameter {unknown[0]!r}; use {', '.join(sorted(PARAMETERS))}.",
            field=unknown[0],
        )
    key = key_of(query.get("key"), "key")
    depth = bounded(_integer(query.get("depth"), "depth"), "depth", 1, network.MAX_DEPTH, 1)
    default = network.DEFAULT_NODES if key else network.EXPORT_MAX_NODES
    limit = _integer(query.get("limit"), "limit")
    cap = bounded(limit, "limit", 1, network.EXPORT_MAX_NODES, default)
    via = [kind.strip() for value in query.getlist("via") for kind in value.split(",")]
    if any(kind not in network.LINK_KINDS for kind in via):
        bad = next(kind for kind in via if kind not in network.LINK_KINDS)
        raise ValidationError(
            f"`via` has {bad[:40]!r}; use {', '.join(network.LINK_KINDS)}.", field="via"
        )
    as_of = _date(query.get("asOf"), "asOf")
    db: Db = request.app.state.db.for_request()
    where = scope(via if "via" in query else None, as_of)
    entities = network.Entities(Limits())
    return await neighbourhood.subgraph(
        db, key, depth, where, cap, network.EXPORT_MAX_EDGES, entities
    )


def _integer(raw: str | None, name: str) -> int | None:
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ValidationError(f"`{name}` must be a whole number.", field=name) from None


def _date(raw: str | None, name: str) -> dt.date | None:
    if raw is None:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(f"`{name}` must be a date such as 2025-10-16.", field=name) from None


def _items(edge: NetEdge) -> str:
    return "; ".join(item.key or item.relation for item in edge.items)


def _node_values(node: NetNode) -> dict[str, Any]:
    return {
        "name": node.names["fr"],
        "nameEn": node.names.get("en"),
        "acronym": node.acronym,
        "kind": node.kind,
        "founded": node.founded,
        "depth": node.depth,
    }


def _edge_values(edge: NetEdge) -> dict[str, Any]:
    return {
        "kind": edge.kind,
        "strength": edge.strength,
        "since": edge.since.isoformat() if edge.since else None,
        "sinceYear": edge.since_year,
        "items": _items(edge),
    }


def to_json(graph: Subgraph) -> bytes:
    nodes = [{"id": n.key, "key": n.key, **_node_values(n)} for n in graph.nodes]
    edges = [
        {
            "id": f"{e.source}|{e.target}|{e.kind}",
            "source": e.source,
            "target": e.target,
            "directed": e.directed,
            **_edge_values(e),
            "items": [
                {
                    "kind": i.kind,
                    "key": i.key,
                    "title": i.titles.get("fr"),
                    "relation": i.relation,
                    "date": i.date,
                    "sinceYear": i.since_year,
                }
                for i in e.items
            ],
        }
        for e in graph.edges
    ]
    return orjson.dumps({"nodes": nodes, "edges": edges, "truncated": graph.truncated})


def _xml(value: Any) -> str:
    return _NOT_XML.sub("", str(value))


def to_graphml(graph: Subgraph) -> bytes:
    ET.register_namespace("", GRAPHML_NS)
    root = ET.Element(f"{{{GRAPHML_NS}}}graphml")
    keys = [("graph", "truncated", "boolean")]
    keys += [("node", name, kind) for name, kind in NODE_ATTRS]
    keys += [("edge", name, kind) for name, kind in EDGE_ATTRS]
    for target, name, kind in keys:
        attrib = {"id": f"{target[0]}_{name}", "for": target, "attr.name": name, "attr.type": kind}
        ET.SubElement(root, f"{{{GRAPHML_NS}}}key", attrib=attrib)
    body = ET.SubElement(root, f"{{{GRAPHML_NS}}}graph", id="maillage", edgedefault="undirected")
    flag = ET.SubElement(body, f"{{{GRAPHML_NS}}}data", key="g_truncated")
    flag.text = "true" if graph.truncated else "false"
    for node in graph.nodes:
        element = ET.SubElement(body, f"{{{GRAPHML_NS}}}node", id=_xml(node.key))
        _data(element, "n", _node_values(node))
    for index, edge in enumerate(graph.edges):
        element = ET.SubElement(
            body,
            f"{{{GRAPHML_NS}}}edge",
            id=f"e{index}",
            source=_xml(edge.source),
            target=_xml(edge.target),
            directed="true" if edge.directed else "false",
        )
        _data(element, "e", _edge_values(edge))
    document: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return document


def _data(element: ET.Element, prefix: str, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if value is not None and value != "":
            ET.SubElement(element, f"{{{GRAPHML_NS}}}data", key=f"{prefix}_{name}").text = _xml(
                value
            )


def _cell(value: Any) -> str:
    """A spreadsheet cell that is never read as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(graph: Subgraph) -> bytes:
    names = {node.key: node.names["fr"] for node in graph.nodes}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for e in graph.edges:
        since = e.since.isoformat() if e.since else ""
        directed = "true" if e.directed else "false"
        row = (e.source, names.get(e.source), e.target, names.get(e.target), e.kind, directed,
               e.strength, since, e.since_year, _items(e))  # fmt: skip
        writer.writerow([_cell(value) for value in row])
    return out.getvalue().encode("utf-8")


def _handler(
    serialise: Callable[[Subgraph], bytes], media_type: str, filename: str
) -> Callable[[Request], Awaitable[Response]]:
    async def export(request: Request) -> Response:
        try:
            graph = await read_subgraph(request)
        except ClientError as exc:
            status = next((s for kind, s in STATUS.items() if isinstance(exc, kind)), 400)
            error = {"code": exc.code, "message": str(exc), "field": exc.field}
            return Response(
                orjson.dumps({"error": error}), status_code=status, media_type="application/json"
            )
        return Response(
            serialise(graph),
            media_type=media_type,
            headers={
                "Content-Disposition": f'attachment; filename="{filename}"',
                "X-Maillage-Truncated": "true" if graph.truncated else "false",
            },
        )

    return export


graph_json = _handler(to_json, "application/json", "graph.json")
graph_graphml = _handler(to_graphml, "application/graphml+xml", "graph.graphml")
edges_csv = _handler(to_csv, "text/csv; charset=utf-8", "edges.csv")
