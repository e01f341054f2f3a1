"""Partner networks on the seed graph: neighbourhoods, paths, brokers, timelines, bounds."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from neo4j import AsyncDriver

from graph import centrality
from graph import paths as graph_paths
from graph.db import Db
from graph.plans import PLANS
from seeds import synth
from settings import Settings
from tests.api_helpers import CTIS, FRAMEWORK, PROTOCOL, codes, cypher, data, keys
from tests.conftest import gql

pytestmark = pytest.mark.usefixtures("seeded")

NEIGHBOURHOOD = """query ($key: String!, $depth: Int, $via: [LinkKind!], $asOf: Date,
                         $limit: Int) {
  neighbourhood(key: $key, depth: $depth, via: $via, asOf: $asOf, limit: $limit) {
    truncated
    nodes { id key name(lang: EN) kind depth }
    edges { source target kind directed strength since sinceYear
            items { kind key id relation date dateInferred sinceYear source target } }
  }
}"""
PATHS = """query ($from: String!, $to: String!, $maxHops: Int, $asOf: Date, $via: [LinkKind!]) {
  paths(from: $from, to: $to, maxHops: $maxHops, asOf: $asOf, via: $via) {
    length actors { key }
    steps { from { key } to { key } kinds items { kind key date relation source target } }
  }
}"""
TIMELINE = """query ($actor: String, $theme: String, $from: Date, $to: Date, $first: Int,
                   $order: SortDirection) {
  timeline(actor: $actor, theme: $theme, from: $from, to: $to, first: $first, order: $order) {
    truncated events { kind key date dateInferred relation title(lang: EN) parties { key } }
  }
}"""
AGREEMENTS_2025 = """MATCH (g:Agreement) WHERE g.signedOn >= date('2025-10-16')
RETURN collect(g.key) AS keys"""


async def trips(client: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> int:
    body = await gql(client, query, variables)
    assert "errors" not in body, body["errors"]
    return int(body["extensions"]["cypher"]["roundTrips"])


def item_keys(subgraph: dict[str, Any]) -> set[str]:
    return {i["key"] for e in subgraph["edges"] for i in e["items"] if i["key"]}


# ---- neighbourhood -----------------------------------------------------------------------


async def test_cid_depth_one_holds_every_cti(client: httpx.AsyncClient) -> None:
    found = (await data(client, NEIGHBOURHOOD, {"key": "cid"}))["neighbourhood"]
    by_key = {node["key"]: node for node in found["nodes"]}
    assert by_key.keys() >= CTIS
    assert by_key["cid"]["depth"] == 0
    assert {by_key[key]["depth"] for key in CTIS} == {1}
    assert by_key["ctpc"]["kind"] == "TECHNICAL_CENTRE"
    assert not found["truncated"]
    kinds = {(e["source"], e["target"], e["kind"]) for e in found["edges"]}
    assert {("cid", "ctpc", "AGREEMENT"), ("cid", "ctpc", "PROJECT")} <= kinds
    for edge in found["edges"]:
        assert {edge["source"], edge["target"]} <= by_key.keys()
        assert edge["strength"] >= len(edge["items"]) > 0
        if edge["kind"] in ("AGREEMENT", "PROJECT"):
            assert edge["source"] < edge["target"]
            assert not edge["directed"]


async def test_edge_strength_counts_shared_agreements(
    client: httpx.AsyncClient, driver: AsyncDriver, settings: Settings
) -> None:
    found = await data(client, NEIGHBOURHOOD, {"key": "ctpc", "via": ["AGREEMENT"]})
    edge = next(
        e for e in found["neighbourhood"]["edges"] if (e["source"], e["target"]) == ("cid", "ctpc")
    )
    shared = await cypher(
        driver,
        settings,
        "MATCH (:Actor {key: 'cid'})-[:PARTY_TO]->(g)<-[:PARTY_TO]-(:Actor {key: 'ctpc'}) "
        "RETURN g.key AS key, g.signedOn AS date ORDER BY date, key",
    )
    assert edge["strength"] == len(shared) == len(edge["items"])
    assert [i["key"] for i in edge["items"]] == [row["key"] for row in shared]
    assert edge["since"] == shared[0]["date"].iso_format()
    assert {PROTOCOL, FRAMEWORK, "specific-contract-cid-ctpc"} <= {i["key"] for i in edge["items"]}


async def test_links_point_from_subject_to_object(client: httpx.AsyncClient) -> None:
    found = await data(
        client, NEIGHBOURHOOD, {"key": "capgemini-engineering-maroc", "via": ["OWNERSHIP"]}
    )
    edges = found["neighbourhood"]["edges"]
    assert [(e["source"], e["target"], e["kind"], e["directed"]) for e in edges] == [
        ("capgemini-engineering-maroc", "capgemini", "OWNERSHIP", True)
    ]
    assert edges[0]["items"][0]["relation"] == "subsidiary_of"


async def test_as_of_before_the_2025_signing_hides_the_2025_agreements(
    client: httpx.AsyncClient, driver: AsyncDriver, settings: Settings
) -> None:
    recent = set((await cypher(driver, settings, AGREEMENTS_2025))[0]["keys"])
    assert {FRAMEWORK, PROTOCOL} <= recent
    now = (await data(client, NEIGHBOURHOOD, {"key": "cid", "depth": 2}))["neighbourhood"]
    before = await data(client, NEIGHBOURHOOD, {"key": "cid", "depth": 2, "asOf": "2025-10-15"})
    then = before["neighbourhood"]
    assert recent & item_keys(now)
    assert not recent & item_keys(then)
    assert all(i["date"] is None or i["date"] <= "2025-10-15" for e in then["edges"]
               for i in e["items"])  # fmt: skip
    # The build-to-print project has no start: it dates from the 2025 protocol framing it.
    assert "build-to-print-training-automotive-parts" in item_keys(now)
    assert "build-to-print-training-automotive-parts" not in item_keys(then)


async def test_as_of_leaves_out_actors_founded_later(client: httpx.AsyncClient) -> None:
    found = await data(client, NEIGHBOURHOOD, {"key": "mic", "asOf": "2005-06-30"})
    present = set(keys(found["neighbourhood"]["nodes"]))
    assert "ctpc" not in present  # founded 2006
    assert "mic" in present


async def test_truncation_says_when_the_cap_cut(client: httpx.AsyncClient) -> None:
    found = await data(client, NEIGHBOURHOOD, {"key": "cid", "depth": 2, "limit": 5})
    subgraph = found["neighbourhood"]
    assert subgraph["truncated"]
    assert len(subgraph["nodes"]) == 5
    present = set(keys(subgraph["nodes"]))
    assert all({e["source"], e["target"]} <= present for e in subgraph["edges"])


async def test_nodes_bring_the_full_actor_in_the_last_round_trip(client: httpx.AsyncClient) -> None:
    query = """{ neighbourhood(key: "cid") {
      nodes { key entity { key name ... on TechnicalCentre { sectors { key } } } }
      other: nodes { e: entity { acronym } } } }"""
    found = (await data(client, query))["neighbourhood"]
    ctpc = next(node for node in found["nodes"] if node["key"] == "ctpc")
    assert ctpc["entity"]["key"] == "ctpc"
    assert ctpc["entity"]["sectors"] == [{"key": "plastics-rubber"}]
    assert {node["e"]["acronym"] for node in found["other"]} >= {"CID", "CTPC"}
    # One round trip per level (depth 1), then one for the actors kept, entities included;
    # until the walk as one statement has run once in the background (tests/test_plans.py).
    PLANS.forget()
    assert await trips(client, query, {}) == 2


async def test_partners_as_of(client: httpx.AsyncClient) -> None:
    query = """query ($asOf: Date) { actor(key: "capgemini-engineering-maroc") {
      partners(asOf: $asOf) { actor { key } strength since agreements { key } projects { key } }
      } }"""
    now = {p["actor"]["key"]: p for p in (await data(client, query))["actor"]["partners"]}
    assert {"ctpc", "cid", "mic"} <= now.keys()
    then = await data(client, query, {"asOf": "2025-10-15"})
    before = {p["actor"]["key"]: p for p in then["actor"]["partners"]}
    # The 2022 memoranda (three ministries) and the 2023 Fès Shore conventions.
    assert before.keys() == {
        "mic",
        "ministere-transition-numerique",
        "ministere-investissement",
        "cnexia",
        "ewane",
        "region-fes-meknes",
        "wilaya-fes",
        "cri-fes-meknes",
    }
    assert [a["key"] for a in before["mic"]["agreements"]] == ["memoranda-2022-11-01-capgemini"]
    assert before["mic"]["strength"] == 1
    assert before["mic"]["since"] == "2022-11-01"
    early = await data(client, query, {"asOf": "2022-10-31"})
    assert early["actor"]["partners"] == []


# ---- paths -------------------------------------------------------------------------------


async def test_ctpc_reaches_capgemini_through_its_moroccan_subsidiary(
    client: httpx.AsyncClient,
) -> None:
    found = (await data(client, PATHS, {"from": "ctpc", "to": "capgemini"}))["paths"]
    assert [p["length"] for p in found] == [2]
    path = found[0]
    assert keys(path["actors"]) == ["ctpc", "capgemini-engineering-maroc", "capgemini"]
    first, second = path["steps"]
    assert (first["from"]["key"], first["to"]["key"]) == ("ctpc", "capgemini-engineering-maroc")
    assert PROTOCOL in {i["key"] for i in first["items"]}
    assert {i["date"] for i in first["items"] if i["key"] == PROTOCOL} == {"2025-10-16"}
    assert second["kinds"] == ["OWNERSHIP"]
    assert second["items"][0]["source"] == "capgemini-engineering-maroc"
    assert second["items"][0]["target"] == "capgemini"
    # One round trip per level searched (one from each end), then one for the steps.
    assert await trips(client, PATHS, {"from": "ctpc", "to": "capgemini"}) == 3


async def test_paths_read_the_same_both_ways(client: httpx.AsyncClient) -> None:
    there = (await data(client, PATHS, {"from": "ctpc", "to": "capgemini"}))["paths"]
    back = (await data(client, PATHS, {"from": "capgemini", "to": "ctpc"}))["paths"]
    assert [keys(p["actors"]) for p in back] == [keys(p["actors"])[::-1] for p in there]


async def test_before_the_protocol_the_path_runs_through_the_ministry(
    client: httpx.AsyncClient,
) -> None:
    variables = {"from": "ctpc", "to": "capgemini", "asOf": "2025-10-15"}
    found = (await data(client, PATHS, variables))["paths"]
    assert found
    assert {p["length"] for p in found} == {3}
    assert ["ctpc", "mic", "capgemini-engineering-maroc", "capgemini"] in [
        keys(p["actors"]) for p in found
    ]
    assert all(i["key"] != PROTOCOL for p in found for s in p["steps"] for i in s["items"])


async def test_no_path_within_the_hops_or_the_kinds(client: httpx.AsyncClient) -> None:
    variables = {"from": "ctpc", "to": "capgemini", "maxHops": 1}
    assert (await data(client, PATHS, variables))["paths"] == []
    variables = {"from": "ctpc", "to": "capgemini", "via": ["MEMBERSHIP"]}
    assert (await data(client, PATHS, variables))["paths"] == []
    same = (await data(client, PATHS, {"from": "cid", "to": "cid"}))["paths"]
    assert [(p["length"], keys(p["actors"])) for p in same] == [(0, ["cid"])]


async def test_all_shortest_paths_up_to_first(client: httpx.AsyncClient) -> None:
    query = """{ paths(from: "ctpc", to: "cetemco", via: [MEMBERSHIP, SUPERVISION], first: 50) {
                 length actors { key } } }"""
    found = (await data(client, query))["paths"]
    assert {p["length"] for p in found} == {2}
    assert sorted(keys(p["actors"])[1] for p in found) == ["mic", "rectim"]
    one = """{ paths(from: "ctpc", to: "cetemco", first: 1) { length } }"""
    assert len((await data(client, one))["paths"]) == 1


# ---- bounds ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ('{ neighbourhood(key: "cid", depth: 4) { truncated } }', "LIMIT_EXCEEDED"),
        ('{ neighbourhood(key: "cid", depth: 0) { truncated } }', "VALIDATION"),
        ('{ neighbourhood(key: "cid", limit: 501) { truncated } }', "LIMIT_EXCEEDED"),
        ('{ neighbourhood(key: "cid", via: []) { truncated } }', "VALIDATION"),
        ('{ neighbourhood(key: "nobody") { truncated } }', "NOT_FOUND"),
        ('{ paths(from: "cid", to: "ctpc", maxHops: 7) { length } }', "LIMIT_EXCEEDED"),
        ('{ paths(from: "cid", to: "nobody") { length } }', "NOT_FOUND"),
        ('{ paths(from: "cid", to: "ctpc", first: 1000) { length } }', "LIMIT_EXCEEDED"),
        ('{ timeline(actor: "nobody") { truncated } }', "NOT_FOUND"),
        ('{ timeline(theme: "nothing") { truncated } }', "NOT_FOUND"),
        ('{ timeline(from: "2025-01-01", to: "2024-01-01") { truncated } }', "VALIDATION"),
        ("{ brokers(first: 0) { exact } }", "VALIDATION"),
    ],
)
async def test_out_of_bounds_is_a_clear_error(
    client: httpx.AsyncClient, query: str, code: str
) -> None:
    assert await codes(client, query) == [code]


# ---- timeline ----------------------------------------------------------------------------


async def test_timeline_of_an_actor_by_date(
    client: httpx.AsyncClient, driver: AsyncDriver, settings: Settings
) -> None:
    found = (await data(client, TIMELINE, {"actor": "cid", "first": 100}))["timeline"]
    events = found["events"]
    dates = [e["date"] for e in events]
    assert dates == sorted(dates)
    assert not found["truncated"]
    expected = await cypher(
        driver, settings, "MATCH (:Actor {key: 'cid'})-[:PARTY_TO]->(g) RETURN g.key AS key"
    )
    agreements = {e["key"] for e in events if e["kind"] == "AGREEMENT"}
    assert agreements == {row["key"] for row in expected}
    project = next(e for e in events if e["key"] == "build-to-print-training-automotive-parts")
    assert project["kind"] == "PROJECT"
    assert project["dateInferred"]
    assert project["date"] == "2025-10-16"
    assert all("cid" in keys(e["parties"]) for e in events)


async def test_timeline_window_order_and_theme(client: httpx.AsyncClient) -> None:
    window = {"from": "2022-01-01", "to": "2023-12-31", "first": 100}
    events = (await data(client, TIMELINE, window))["timeline"]["events"]
    assert events
    assert all("2022-01-01" <= e["date"] <= "2023-12-31" for e in events)
    newest = await data(client, TIMELINE, {"first": 2, "order": "DESC"})
    assert newest["timeline"]["truncated"]
    # IMANOR's label delegation to CTPC (month only: November 2025), then the 2025 signing.
    assert [(e["key"], e["date"]) for e in newest["timeline"]["events"]] == [
        ("ctpc-food-contact-label", "2025-11-01"),
        (newest["timeline"]["events"][1]["key"], "2025-10-16"),
    ]
    themed = await data(client, TIMELINE, {"theme": "build-to-print", "first": 100})
    assert {e["key"] for e in themed["timeline"]["events"]} == {
        PROTOCOL,
        "build-to-print-training-automotive-parts",
    }


# ---- brokers -----------------------------------------------------------------------------


def test_betweenness_of_hand_computed_graphs() -> None:
    path = {c.key: c for c in centrality.rank([("a", "b"), ("b", "c")]).scores}
    assert (path["b"].betweenness, path["a"].betweenness, path["c"].betweenness) == (1, 0, 0)
    assert path["b"].degree == 2
    assert path["b"].degree_centrality == 1.0
    assert path["b"].betweenness_normalized == 1.0
    star = centrality.rank([("hub", leaf) for leaf in "abcde"])
    assert star.scores[0].key == "hub"
    assert star.scores[0].betweenness == 10
    cycle = centrality.rank([("a", "b"), ("b", "c"), ("c", "d"), ("d", "a")])
    assert [c.betweenness for c in cycle.scores] == [0.5] * 4
    # A triangle a-b-c with a tail c-d-e: c bridges {a, b} x {d, e} and d bridges e to all.
    tail = {c.key: c.betweenness for c in centrality.rank(
        [("a", "b"), ("b", "c"), ("a", "c"), ("c", "d"), ("d", "e")]).scores}  # fmt: skip
    assert tail == {"c": 4.0, "d": 3.0, "a": 0.0, "b": 0.0, "e": 0.0}
    assert centrality.rank([]).scores == []


def test_large_graphs_sample_sources_with_a_fixed_seed() -> None:
    line = [(f"n{i:03}", f"n{i + 1:03}") for i in range(299)]
    first = centrality.rank(line, work=10_000)
    assert first.sampled_sources is not None
    assert first.sampled_sources < 300
    assert first == centrality.rank(line, work=10_000)
    exact = {c.key: c.betweenness for c in centrality.rank(line).scores}
    assert centrality.rank(line).sampled_sources is None
    middle = {c.key for c in first.scores[:30]}
    assert any(abs(int(key[1:]) - 150) < 40 for key in middle)
    assert exact["n150"] == 150 * 149  # n150 lies between 150 nodes before and 149 after


async def test_brokers_by_theme_and_as_of(client: httpx.AsyncClient) -> None:
    query = """query ($theme: String, $asOf: Date) { brokers(theme: $theme, asOf: $asOf) {
      actors ranking { actor { key } degree } } }"""
    themed = (await data(client, query, {"theme": "build-to-print"}))["brokers"]
    assert {b["actor"]["key"] for b in themed["ranking"]} == {
        "ctpc", "cid", "capgemini-engineering-maroc"
    }  # fmt: skip
    assert all(b["degree"] == 2 for b in themed["ranking"])
    early = (await data(client, query, {"asOf": "2021-12-31"}))["brokers"]
    everyone = (await data(client, query, {}))["brokers"]
    assert early["actors"] < everyone["actors"]


# ---- the synthetic graph: bounds and truncation --------------------------------------------


async def test_synthetic_graph_bounds_and_truncation(
    empty_db: Db, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    await synth.write(empty_db, synth.generate(300, 7))
    hubs = """{ actors(first: 1, orderBy: [{field: AGREEMENT_COUNT, direction: DESC}]) {
                nodes { key } } }"""
    hub = (await data(client, hubs))["actors"]["nodes"][0]["key"]
    capped = await data(client, NEIGHBOURHOOD, {"key": hub, "depth": 2, "limit": 40})
    subgraph = capped["neighbourhood"]
    assert subgraph["truncated"]
    assert len(subgraph["nodes"]) == 40
    assert max(node["depth"] for node in subgraph["nodes"]) <= 2
    whole = await data(client, NEIGHBOURHOOD, {"key": hub, "depth": 3, "limit": 500})
    assert len(whole["neighbourhood"]["nodes"]) <= 500
    far = """query ($from: String!) { paths(from: $from, to: "%s", maxHops: 6) { length } }"""
    others = await data(client, """{ actors(first: 5) { nodes { key } } }""")
    for other in keys(others["actors"]["nodes"]):
        found = (await data(client, far % hub, {"from": other}))["paths"]
        assert all(p["length"] <= 6 for p in found)
    monkeypatch.setattr(graph_paths, "VISITS", 1)
    too_far = '{ paths(from: "%s", to: "%s", maxHops: 6) { length } }'
    start = next(node["key"] for node in subgraph["nodes"] if node["depth"] == 1)
    assert await codes(client, too_far % (start, hub)) == ["LIMIT_EXCEEDED"]
