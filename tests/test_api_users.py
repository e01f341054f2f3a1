"""What the three kinds of users ask of the seed graph: policy staff, web clients, planners."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from neo4j import AsyncDriver

from settings import Settings
from tests.api_helpers import CTIS, FRAMEWORK, PROTOCOL, actor_keys, cypher, data, keys

pytestmark = pytest.mark.usefixtures("seeded")


# ---- policy staff --------------------------------------------------------------------------


async def test_cid_agreements_with_their_parties(
    client: httpx.AsyncClient, driver: AsyncDriver, settings: Settings
) -> None:
    found = await data(
        client,
        """{ actor(key: "cid") { acronym agreements(first: 50) {
             totalCount nodes { key kind parties { role actor { key } } } } } }""",
    )
    agreements = found["actor"]["agreements"]
    expected = await cypher(
        driver,
        settings,
        "MATCH (:Actor {key: 'cid'})-[:PARTY_TO]->(g:Agreement) RETURN g.key AS key ORDER BY key",
    )
    assert keys(agreements["nodes"]) == [row["key"] for row in expected]
    assert agreements["totalCount"] == len(expected) == 11
    by_key = {node["key"]: node for node in agreements["nodes"]}
    for node in agreements["nodes"]:
        assert "cid" in {party["actor"]["key"] for party in node["parties"]}
    contract = by_key["specific-contract-cid-ctpc"]
    assert contract["kind"] == "SPECIFIC_CONTRACT"
    assert {p["actor"]["key"]: p["role"] for p in contract["parties"]} == {
        "cid": "service_provider",
        "ctpc": "contracting_party",
    }


async def test_who_is_party_to_the_2025_framework_agreement(
    client: httpx.AsyncClient, driver: AsyncDriver, settings: Settings
) -> None:
    found = await data(
        client,
        """query ($key: String!) { agreement(key: $key) {
             kind signedOn title(lang: EN) place { key }
             parties { role confidence actor { key kind } } } }""",
        {"key": FRAMEWORK},
    )
    agreement = found["agreement"]
    assert agreement["kind"] == "FRAMEWORK_AGREEMENT"
    assert agreement["signedOn"] == "2025-10-16"
    assert agreement["place"] == {"key": "rabat"}
    assert agreement["title"].startswith("Framework partnership agreement")
    parties = {party["actor"]["key"]: party for party in agreement["parties"]}
    rows = await cypher(
        driver,
        settings,
        "MATCH (a:Actor)-[:PARTY_TO]->(:Agreement {key: $key}) RETURN a.key AS key",
        key=FRAMEWORK,
    )
    assert set(parties) == {row["key"] for row in rows} == {"mic", "cid", "rectim"} | CTIS
    assert parties["mic"]["confidence"] == "CERTAIN"
    assert parties["ctpc"]["confidence"] == "UNCERTAIN"
    assert {party["role"] for party in agreement["parties"]} == {"signatory"}
    # The same question asked the other way round: actors filtered by their agreements.
    where = {"agreements": {"some": {"key": {"equals": FRAMEWORK}}}}
    assert await actor_keys(client, where) == set(parties)


async def test_the_protocol_has_three_parties_and_the_framework_as_parent(
    client: httpx.AsyncClient,
) -> None:
    found = await data(
        client,
        """query ($key: String!) { agreement(key: $key) {
             kind parties { role actor { key name } }
             parent { key kind contracts { key } }
             projects { key } } }""",
        {"key": PROTOCOL},
    )
    protocol = found["agreement"]
    assert protocol["kind"] == "COLLABORATION_PROTOCOL"
    assert {p["actor"]["key"] for p in protocol["parties"]} == {
        "ctpc",
        "cid",
        "capgemini-engineering-maroc",
    }
    assert {p["role"] for p in protocol["parties"]} == {"partner"}
    assert protocol["parent"]["key"] == FRAMEWORK
    assert protocol["parent"]["kind"] == "FRAMEWORK_AGREEMENT"
    assert PROTOCOL in keys(protocol["parent"]["contracts"])
    assert keys(protocol["projects"]) == ["build-to-print-training-automotive-parts"]


async def test_partners_of_ctpc(client: httpx.AsyncClient) -> None:
    found = await data(
        client,
        """{ actor(key: "ctpc") { partners(first: 10) {
             strength since actor { key } agreements { key } projects { key } } } }""",
    )
    partners = found["actor"]["partners"]
    assert 0 < len(partners) <= 10
    strengths = [partner["strength"] for partner in partners]
    assert strengths == sorted(strengths, reverse=True)
    by_key = {partner["actor"]["key"]: partner for partner in partners}
    assert "ctpc" not in by_key
    capgemini = by_key["capgemini-engineering-maroc"]
    assert capgemini["strength"] >= 1
    assert PROTOCOL in keys(capgemini["agreements"])
    assert capgemini["since"] == "2025-10-16"
    for partner in partners:
        assert partner["strength"] == len(partner["agreements"]) + len(partner["projects"])


# ---- web clients -----------------------------------------------------------------------------

CENTRES = """query ($after: String) {
  actors(where: {kind: {equals: TECHNICAL_CENTRE}}, orderBy: [{field: NAME}], first: 4,
         after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { cursor node { key name ... on TechnicalCentre { sectors { key } } } }
  }
}"""


async def test_actors_filtered_sorted_and_paginated(
    client: httpx.AsyncClient, driver: AsyncDriver, settings: Settings
) -> None:
    seen: list[dict[str, Any]] = []
    after = None
    for _ in range(10):
        page = (await data(client, CENTRES, {"after": after}))["actors"]
        assert page["totalCount"] == 12
        assert len(page["edges"]) <= 4
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        seen += [edge["node"] for edge in page["edges"]]
        assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert set(keys(seen)) == CTIS | {"cstb", "cetim", "incdtp"}
    expected = await cypher(
        driver,
        settings,
        "MATCH (a:Actor {kind: 'technical_centre'}) RETURN a.key AS key ORDER BY a.sortName, key",
    )
    assert keys(seen) == [row["key"] for row in expected]
    assert all(node["sectors"] for node in seen)


async def test_readme_example_for_web_clients(client: httpx.AsyncClient) -> None:
    found = await data(
        client,
        """{ actors(
             where: { kind: { equals: TECHNICAL_CENTRE }
                      agreements: { some: {
                        signedOn: { gte: "2025-01-01" },
                        themes: { some: { key: { equals: "decarbonisation" } } } } } }
             orderBy: [{ field: AGREEMENT_COUNT, direction: DESC }], first: 5) {
             totalCount pageInfo { hasNextPage } edges { node { key } } } }""",
    )
    actors = found["actors"]
    assert actors["totalCount"] == 9
    assert len(actors["edges"]) == 5
    assert actors["pageInfo"]["hasNextPage"] is True
    # CETIEV is party to the 2016 financing contracts and the 2019 PSA convention as well:
    # the most agreements of all the centres (six; CTPC and CETEMCO have five).
    assert actors["edges"][0]["node"]["key"] == "cetiev"


# ---- planners --------------------------------------------------------------------------------

THEMES = """query ($where: ThemeWhere) {
  themes(where: $where) { nodes { key label(lang: EN) synonyms } }
}"""


@pytest.mark.parametrize(
    "label",
    [
        {"contains": "decarbonation", "mode": "INSENSITIVE"},
        {"equals": "DÉCARBONATION", "mode": "INSENSITIVE"},
        {"equals": "Decarbonization", "mode": "INSENSITIVE"},
        {"startsWith": "décarbon", "mode": "INSENSITIVE"},
        {"equals": "Décarbonation"},
        {"equals": "decarbonation"},
    ],
)
async def test_themes_by_label_or_synonym(client: httpx.AsyncClient, label: dict[str, Any]) -> None:
    found = await data(client, THEMES, {"where": {"label": label}})
    nodes = found["themes"]["nodes"]
    assert keys(nodes) == ["decarbonisation"]
    assert nodes[0]["label"] == "Decarbonisation"
    assert "decarbonization" in nodes[0]["synonyms"]


async def test_exact_label_match_keeps_case(client: httpx.AsyncClient) -> None:
    found = await data(client, THEMES, {"where": {"label": {"equals": "DECARBONATION"}}})
    assert found["themes"]["nodes"] == []


async def test_actors_with_an_agreement_on_a_theme_signed_after_a_date(
    client: httpx.AsyncClient, driver: AsyncDriver, settings: Settings
) -> None:
    def where(after: str) -> dict[str, Any]:
        theme = {"label": {"contains": "DÉCARBONATION", "mode": "INSENSITIVE"}}
        return {"agreements": {"some": {"signedOn": {"gt": after}, "themes": {"some": theme}}}}

    rows = await cypher(
        driver,
        settings,
        "MATCH (a:Actor)-[:PARTY_TO]->(g:Agreement)-[:COVERS]->(:Theme {key: 'decarbonisation'}) "
        "WHERE g.signedOn > date('2025-01-01') RETURN DISTINCT a.key AS key",
    )
    assert await actor_keys(client, where("2025-01-01")) == {row["key"] for row in rows}
    assert {row["key"] for row in rows} == {"mic", "cid", "rectim"} | CTIS
    assert await actor_keys(client, where("2025-10-16")) == set()


async def test_who_works_on_a_theme(client: httpx.AsyncClient) -> None:
    found = await data(
        client,
        """{ themes(where: {label: {contains: "decarbon", mode: INSENSITIVE}}) {
             nodes { key actors { key } broader { key } } } }""",
    )
    theme = found["themes"]["nodes"][0]
    assert theme["key"] == "decarbonisation"
    assert {"mic", "cid", "ctpc"} <= set(keys(theme["actors"]))
    assert keys(theme["broader"]) == ["industrial-engineering"]
