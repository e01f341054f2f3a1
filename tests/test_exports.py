"""Exports: GraphML, JSON and CSV parse back to the graph the `neighbourhood` query returns."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any
from xml.etree import ElementTree as ET

import httpx
import orjson
import pytest

from graph.network import Item, NetEdge, NetNode, Subgraph
from resolvers.exports import GRAPHML_NS, to_csv, to_graphml
from tests.api_helpers import CTIS, PROTOCOL, data

pytestmark = pytest.mark.usefixtures("seeded")

NS = {"g": GRAPHML_NS}
QUERY = """query ($key: String!, $depth: Int, $asOf: Date, $via: [LinkKind!]) {
  neighbourhood(key: $key, depth: $depth, asOf: $asOf, via: $via) {
    truncated nodes { key name kind depth }
    edges { source target kind directed strength since items { key relation } } } }"""

Edge = tuple[str, str, str]


async def expected(client: httpx.AsyncClient, **variables: Any) -> dict[str, Any]:
    found: dict[str, Any] = (await data(client, QUERY, variables))["neighbourhood"]
    return found


def edge_set(edges: list[dict[str, Any]]) -> set[Edge]:
    return {(e["source"], e["target"], e["kind"]) for e in edges}


async def test_json_round_trips(client: httpx.AsyncClient) -> None:
    response = await client.get("/export/graph.json", params={"key": "cid", "depth": "2"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["x-maillage-truncated"] == "false"
    body = orjson.loads(response.content)
    query = await expected(client, key="cid", depth=2)
    assert {n["key"]: n["depth"] for n in body["nodes"]} == {
        n["key"]: n["depth"] for n in query["nodes"]
    }
    assert edge_set(body["edges"]) == edge_set(query["edges"])
    by_edge = {(e["source"], e["target"], e["kind"]): e for e in body["edges"]}
    for edge in query["edges"]:
        exported = by_edge[(edge["source"], edge["target"], edge["kind"])]
        assert exported["strength"] == edge["strength"]
        assert exported["since"] == edge["since"]
        assert [i["key"] for i in exported["items"]] == [i["key"] for i in edge["items"]]
    assert body["truncated"] is False


async def test_graphml_round_trips(client: httpx.AsyncClient) -> None:
    response = await client.get("/export/graph.graphml", params={"key": "cid"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/graphml+xml")
    assert "graph.graphml" in response.headers["content-disposition"]
    root = ET.fromstring(response.content)  # noqa: S314 (our own export)
    declared = {k.get("id"): str(k.get("attr.name")) for k in root.findall("g:key", NS)}
    graph = root.find("g:graph", NS)
    assert graph is not None
    assert graph.get("edgedefault") == "undirected"

    def values(element: ET.Element) -> dict[str, str | None]:
        return {declared[d.get("key")]: d.text for d in element.findall("g:data", NS)}

    nodes = {n.get("id"): values(n) for n in graph.findall("g:node", NS)}
    edges = {
        (e.get("source"), e.get("target"), values(e)["kind"]): (e.get("directed"), values(e))
        for e in graph.findall("g:edge", NS)
    }
    query = await expected(client, key="cid")
    assert nodes.keys() == {n["key"] for n in query["nodes"]} >= CTIS
    for node in query["nodes"]:
        assert nodes[node["key"]]["name"] == node["name"]
        assert nodes[node["key"]]["depth"] == str(node["depth"])
    assert set(edges) == edge_set(query["edges"])
    for edge in query["edges"]:
        directed, exported = edges[(edge["source"], edge["target"], edge["kind"])]
        assert directed == ("true" if edge["directed"] else "false")
        assert exported["strength"] == str(edge["strength"])
    assert values(graph)["truncated"] == "false"


async def test_csv_round_trips(client: httpx.AsyncClient) -> None:
    response = await client.get("/export/edges.csv", params={"key": "ctpc", "depth": "1"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    query = await expected(client, key="ctpc", depth=1)
    assert {(r["source"], r["target"], r["kind"]) for r in rows} == edge_set(query["edges"])
    by_edge = {(r["source"], r["target"], r["kind"]): r for r in rows}
    names = {n["key"]: n["name"] for n in query["nodes"]}
    for edge in query["edges"]:
        row = by_edge[(edge["source"], edge["target"], edge["kind"])]
        assert int(row["strength"]) == edge["strength"]
        assert row["source_name"] == names[edge["source"]]
        assert row["since"] == (edge["since"] or "")
        assert row["items"] == "; ".join(i["key"] or i["relation"] for i in edge["items"])


async def test_as_of_and_via_are_the_query_parameters(client: httpx.AsyncClient) -> None:
    params = {"key": "ctpc", "asOf": "2025-10-15", "via": "AGREEMENT,PROJECT"}
    response = await client.get("/export/graph.json", params=params)
    body = orjson.loads(response.content)
    keys = {i["key"] for e in body["edges"] for i in e["items"]}
    assert PROTOCOL not in keys
    assert {e["kind"] for e in body["edges"]} <= {"AGREEMENT", "PROJECT"}
    query = await expected(client, key="ctpc", asOf="2025-10-15", via=["AGREEMENT", "PROJECT"])
    assert edge_set(body["edges"]) == edge_set(query["edges"])
    repeated = await client.get(
        "/export/graph.json", params=[("key", "ctpc"), ("via", "OWNERSHIP"), ("via", "FOUNDING")]
    )
    assert {e["kind"] for e in orjson.loads(repeated.content)["edges"]} == {"FOUNDING"}


async def test_whole_graph_and_truncation(client: httpx.AsyncClient) -> None:
    actors = await data(client, "{ actors(first: 1) { totalCount } }")
    whole = orjson.loads((await client.get("/export/graph.json")).content)
    assert len(whole["nodes"]) == actors["actors"]["totalCount"]
    assert all(n["depth"] is None for n in whole["nodes"])
    present = {n["key"] for n in whole["nodes"]}
    assert all({e["source"], e["target"]} <= present for e in whole["edges"])
    cut = await client.get("/export/edges.csv", params={"limit": "3"})
    assert cut.headers["x-maillage-truncated"] == "true"


@pytest.mark.parametrize(
    ("params", "status", "code", "field"),
    [
        ({"key": "cid", "depth": "two"}, 400, "VALIDATION", "depth"),
        ({"key": "cid", "depth": "9"}, 400, "LIMIT_EXCEEDED", "depth"),
        ({"key": "cid", "limit": "100000"}, 400, "LIMIT_EXCEEDED", "limit"),
        ({"key": "cid", "asOf": "16/10/2025"}, 400, "VALIDATION", "asOf"),
        ({"key": "cid", "via": "FRIENDSHIP"}, 400, "VALIDATION", "via"),
        ({"key": "cid", "as_of": "2025-01-01"}, 400, "VALIDATION", "as_of"),
        ({"key": "nobody"}, 404, "NOT_FOUND", "key"),
    ],
)
async def test_bad_parameters_are_clear_json_errors(
    client: httpx.AsyncClient, params: dict[str, str], status: int, code: str, field: str
) -> None:
    for path in ("/export/graph.json", "/export/graph.graphml", "/export/edges.csv"):
        response = await client.get(path, params=params)
        assert response.status_code == status
        error = response.json()["error"]
        assert (error["code"], error["field"]) == (code, field)
        assert error["message"]


def test_graphml_escapes_and_csv_defuses_formulas() -> None:
    awkward = 'Société <A&B> "l\'usine"\x01'
    node = NetNode("a&b", {"fr": awkward, "en": None}, None, "company", None, 1)
    other = NetNode("c", {"fr": '=HYPERLINK("x")', "en": None}, None, "company", None, 1)
    item = Item("AGREEMENT", "k<1>", {"fr": awkward}, "memorandum", dt.date(2020, 1, 2), False,
                None, None, None)  # fmt: skip
    graph = Subgraph([node, other], [NetEdge("a&b", "c", "AGREEMENT", 1, (item,))], False)
    root = ET.fromstring(to_graphml(graph))  # noqa: S314 (our own export)
    element = root.find("g:graph/g:node", NS)
    assert element is not None
    assert element.get("id") == "a&b"
    texts = [d.text for d in element.findall("g:data", NS)]
    assert 'Société <A&B> "l\'usine"' in texts
    edge = root.find("g:graph/g:edge", NS)
    assert edge is not None
    assert "k<1>" in [d.text for d in edge.findall("g:data", NS)]
    rows = list(csv.DictReader(io.StringIO(to_csv(graph).decode())))
    assert rows[0]["target_name"] == '\'=HYPERLINK("x")'
    assert rows[0]["source_name"] == awkward
