"""Errors keep stable codes and never leak internals; counts and meta agree with the graph."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any, LiteralString

import httpx
import pytest
from asgi_lifespan import LifespanManager
from neo4j import AsyncDriver

from app import create_app
from settings import Settings
from tests.api_helpers import codes, cypher, data
from tests.conftest import gql

pytestmark = pytest.mark.usefixtures("seeded")

LEAKS = ("Traceback", "neo4j", "Neo4j", "Neo.", "Cypher", "MATCH", 'File "', ".py")


def _leaks(body: dict[str, Any]) -> list[str]:
    text = str(body.get("errors"))
    return [word for word in LEAKS if word in text]


async def test_an_unexpected_error_is_masked(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    # A database the server does not have: the driver's error is not one Maillage expects.
    broken = replace(settings, neo4j_database="maillagenosuchdb", require_db=False)
    app = create_app(broken)
    with caplog.at_level(logging.ERROR, logger="maillage.errors"):
        async with LifespanManager(app) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://m") as client:
                body = await gql(client, '{ actor(key: "mic") { key } }')
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "INTERNAL"
    reference = error["extensions"]["reference"]
    assert error["message"] == f"Unexpected error (reference {reference})."
    assert "maillagenosuchdb" not in str(body)
    assert _leaks(body) == []
    assert any(reference in record.getMessage() for record in caplog.records)


async def test_client_errors_are_logged_as_answers_unexpected_ones_once(
    settings: Settings, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    """A refusal or a typo is an INFO line with its code, never an ERROR with a traceback."""
    with caplog.at_level(logging.INFO):
        await gql(client, "{ actors { nodes { nope } } }")
        await gql(client, '{ actor(key: "ctpc") { agreements(first: 500) { nodes { key } } } }')
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    said = [r.getMessage() for r in caplog.records if r.name == "maillage.errors"]
    assert any(m.startswith("client error GRAPHQL_VALIDATION: Cannot query field") for m in said)
    assert any(m.startswith("client error LIMIT_EXCEEDED: ") for m in said)
    caplog.clear()
    broken = replace(settings, neo4j_database="maillagenosuchdb", require_db=False)
    with caplog.at_level(logging.INFO):
        async with LifespanManager(create_app(broken)) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://m") as other:
                body = await gql(other, '{ actor(key: "mic") { key } }')
    reference = body["errors"][0]["extensions"]["reference"]
    (error,) = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert reference in error.getMessage()


@pytest.mark.parametrize(
    "query",
    [
        "{ actors { nodes { nope } } }",
        "{ actors { nodes { key }",
        "{ actor { key } }",
        '{ actors(first: "x") { nodes { key } } }',
        "{ actors(where: {kind: {equals: WIZARD}}) { nodes { key } } }",
        "query ($n: Wizard) { actors(first: $n) { nodes { key } } }",
        "{ actors { nodes } }",
        "query A { meta { version } } query A { meta { version } }",
    ],
)
async def test_graphql_validation_errors(client: httpx.AsyncClient, query: str) -> None:
    body = await gql(client, query)
    assert body.get("data") is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["GRAPHQL_VALIDATION"] * len(
        body["errors"]
    )
    assert _leaks(body) == []
    assert body["extensions"]["cypher"]["roundTrips"] == 0


@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ("query ($n: Int) { actors(first: $n) { nodes { key } } }", {"n": "x"}),
        ("query ($n: Int!) { actors(first: $n) { nodes { key } } }", {}),
        (
            "query ($w: AgreementWhere) { agreements(where: $w) { nodes { key } } }",
            {"w": {"signedOn": {"gt": "2025-13-45"}}},
        ),
    ],
)
async def test_bad_variables_are_client_errors(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any]
) -> None:
    body = await gql(client, query, variables)
    (error,) = body["errors"]
    assert error["extensions"]["code"] not in ("INTERNAL", None)
    assert "reference" not in error["extensions"]
    assert "Variable '$" in error["message"]
    assert _leaks(body) == []


async def test_client_errors_name_the_field(client: httpx.AsyncClient) -> None:
    body = await gql(client, "{ actors(first: 500) { nodes { key } } }")
    (error,) = body["errors"]
    assert error["extensions"] == {"code": "LIMIT_EXCEEDED", "field": "actors.first"}
    assert error["path"] == ["actors"]
    assert "100" in error["message"]


async def test_an_error_in_one_root_field_keeps_the_others(client: httpx.AsyncClient) -> None:
    body = await gql(client, '{ ok: actor(key: "mic") { key } bad: node(id: "!!!") { id } }')
    assert body["data"] == {"ok": {"key": "mic"}, "bad": None}
    assert [e["extensions"]["code"] for e in body["errors"]] == ["VALIDATION"]
    assert body["errors"][0]["path"] == ["bad"]
    # A non-null connection that fails takes the whole `data` with it, as GraphQL says.
    body = await gql(
        client, '{ ok: actor(key: "mic") { key } bad: actors(after: "abc") { nodes { key } } }'
    )
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_CURSOR"]


async def test_an_unknown_key_is_null_not_an_error(client: httpx.AsyncClient) -> None:
    found = await data(
        client,
        '{ actor(key: "nope") { key } agreement(key: "nope") { key } theme(key: "x") { key } }',
    )
    assert found == {"actor": None, "agreement": None, "theme": None}


async def test_too_many_ids(client: httpx.AsyncClient) -> None:
    ids = [f"id{i}" for i in range(101)]
    assert await codes(
        client, "query ($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids}
    ) == ["LIMIT_EXCEEDED"]


# ---- counts ----------------------------------------------------------------------------------

GROUPS: dict[str, LiteralString] = {
    "KIND": "MATCH (a:Actor) RETURN a.kind AS key, count(a) AS n",
    "SECTOR": "MATCH (a:Actor)-[:IN_SECTOR]->(g:Sector) "
    "RETURN g.key AS key, count(DISTINCT a) AS n",
    "REGION": "MATCH (a:Actor)-[:LOCATED_IN]->(:City)-[:IN_REGION]->(g:Region) "
    "RETURN g.key AS key, count(DISTINCT a) AS n",
    "THEME": "MATCH (a:Actor)-[:HAS_COMPETENCY]->(g:Theme) "
    "RETURN g.key AS key, count(DISTINCT a) AS n",
}


@pytest.mark.parametrize("group", list(GROUPS))
async def test_actor_counts_match_cypher(
    client: httpx.AsyncClient, driver: AsyncDriver, settings: Settings, group: str
) -> None:
    found = await data(
        client,
        "query ($g: ActorGroup!) { actorCounts(groupBy: $g) { key label count } }",
        {"g": group},
    )
    counts = found["actorCounts"]
    rows = await cypher(driver, settings, GROUPS[group])
    assert {c["key"]: c["count"] for c in counts} == {row["key"]: row["n"] for row in rows}
    assert [c["count"] for c in counts] == sorted((c["count"] for c in counts), reverse=True)
    assert all(c["label"] for c in counts)


async def test_actor_counts_by_kind(client: httpx.AsyncClient) -> None:
    found = await data(client, "{ actorCounts(groupBy: KIND) { key count } }")
    counts = {c["key"]: c["count"] for c in found["actorCounts"]}
    # The nine CTIs and three foreign centres (CSTB, CETIM, INCDTP); FACTS.md's six
    # federations and FACTS-2's thirteen associations, federations and confederations.
    assert counts["technical_centre"] == 12
    assert counts["federation"] == 19
    assert sum(counts.values()) == 83


async def test_meta_counts_match_the_graph(
    client: httpx.AsyncClient, driver: AsyncDriver, settings: Settings
) -> None:
    found = await data(
        client,
        "{ meta { version neo4jVersion neo4jEdition counts { type count } sources relationships "
        "datasets { key synthetic loadedAt } } }",
    )
    meta = found["meta"]
    counts = {c["type"]: c["count"] for c in meta["counts"]}
    rows = await cypher(
        driver,
        settings,
        "UNWIND $labels AS label "
        "CALL (label) { MATCH (n) WHERE label IN labels(n) RETURN count(n) AS n } "
        "RETURN label, n",
        labels=sorted(counts),
    )
    assert counts == {row["label"]: row["n"] for row in rows}
    assert {"Actor", "Agreement", "Project", "Theme", "Source"} <= set(counts)
    assert counts["Actor"] == 83
    assert meta["sources"] == counts["Source"] > 0
    (relationships,) = await cypher(driver, settings, "MATCH ()-[r]->() RETURN count(r) AS n")
    assert meta["relationships"] == relationships["n"]
    assert meta["neo4jEdition"] in ("community", "enterprise")
    assert meta["neo4jVersion"]
    seed = next(d for d in meta["datasets"] if d["key"] == "seed")
    assert seed["synthetic"] is False
    assert seed["loadedAt"]
