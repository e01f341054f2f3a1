"""A new selection is answered from the statement's maps while its JSON-text statement is
planned in the background; once planned, the text statement answers. Both give the same
response, byte for byte, for the hand-written corpus and for generated operations."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from app import create_app
from graph.db import Db
from graph.plans import PLANS
from settings import Settings
from tests.test_fastpath import CORPUS, generated

pytestmark = pytest.mark.usefixtures("seeded")

TEXT_FORM = " AS head, "
"""What only a root connection's JSON-text statement returns (`graph/response.py`)."""


@pytest.fixture
async def ahead(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    roomy = replace(settings, rate_limit=0, max_cost=10**6, max_cost_trusted=10**6, plan_ahead=True)
    app = create_app(roomy)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://a") as client:
            yield client


def _comparable(body: dict[str, Any]) -> str:
    """The body as JSON text, keys in their order, without what differs between the lanes:
    the statements, their time, and the round trips of a neighbourhood (`tests/test_plans.py`
    checks those)."""
    cypher = (body.get("extensions") or {}).get("cypher")
    if cypher:
        for varying in ("statements", "milliseconds", "roundTrips"):
            cypher.pop(varying, None)
    for error in body.get("errors") or []:
        if "reference" in (error.get("extensions") or {}):
            error["extensions"]["reference"] = "*"
            error["message"] = error["message"].split(" (reference")[0]
    if body.get("errors"):
        body["errors"].sort(key=lambda error: json.dumps(error, sort_keys=True))
    return json.dumps(body)


async def both_lanes(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any]
) -> tuple[list[str], list[str]]:
    """The statements of the first request (nothing planned) and of the same request once the
    background has settled; the two responses must be the same text."""
    PLANS.forget()
    payload = {"query": query, "variables": variables}
    first = await client.post("/graphql", json=payload)
    await PLANS.settled()
    again = await client.post("/graphql", json=payload)
    assert first.status_code == again.status_code, query
    bodies = [json.loads(first.content), json.loads(again.content)]
    sent = [
        list(((b.get("extensions") or {}).get("cypher") or {}).get("statements", []))
        for b in bodies
    ]
    assert _comparable(bodies[0]) == _comparable(bodies[1]), query
    return sent[0], sent[1]


async def test_the_corpus_answers_alike_from_maps_and_from_text(
    ahead: httpx.AsyncClient,
) -> None:
    switched = 0
    for query, variables in CORPUS:
        first, again = await both_lanes(ahead, query, variables)
        switched += first != again
    # 13 of its 35 reads are written as JSON text once planned (the others: mutations,
    # cursors, network reads, errors).
    assert switched >= 10


async def test_generated_operations_answer_alike_from_maps_and_from_text(
    ahead: httpx.AsyncClient,
) -> None:
    cases = generated(80)
    switched = 0
    for case in cases:
        first, again = await both_lanes(ahead, case.text, case.variables)
        switched += first != again
    assert switched >= len(cases) // 4  # 43 of 80 in a run


NESTED = """{ actors(first: 5, orderBy: [{field: KEY}]) { totalCount nodes { key name
  agreements(first: 3) { nodes { key title parties { role actor { key name } } } } } } }"""


async def test_a_new_selection_costs_one_round_trip_either_way(
    ahead: httpx.AsyncClient,
) -> None:
    PLANS.forget()
    first = json.loads((await ahead.post("/graphql", json={"query": NESTED})).content)
    await PLANS.settled()
    again = json.loads((await ahead.post("/graphql", json={"query": NESTED})).content)
    first_sent = first["extensions"]["cypher"]
    again_sent = again["extensions"]["cypher"]
    assert first_sent["roundTrips"] == again_sent["roundTrips"] == 1
    assert TEXT_FORM not in first_sent["statements"][0]
    assert TEXT_FORM in again_sent["statements"][0]
    assert first["data"] == again["data"]


async def test_without_plan_ahead_the_text_statement_answers_first(
    settings: Settings,
) -> None:
    app = create_app(replace(settings, plan_ahead=False))
    PLANS.forget()
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://b") as client:
            body = json.loads((await client.post("/graphql", json={"query": NESTED})).content)
    assert TEXT_FORM in body["extensions"]["cypher"]["statements"][0]


async def test_stored_values_the_text_refuses_answer_alike(
    empty_db: Db, ahead: httpx.AsyncClient
) -> None:
    """A value of another type than the schema's fails the text statement in the background:
    it counts as planned, and later requests read the field again from its maps, as when the
    text statement answers first (`tests/test_fastpath.py`)."""
    await empty_db.write(
        "CREATE (:Actor:Company {key: 'listy', kind: 'company', nameFr: ['a', 'b'], "
        "foundedYear: 1e12, sources: ['s']}), "
        "(:Actor {key: 'odd', kind: 'wizard', nameFr: 'Odd', sources: ['s']})"
    )
    for query in (
        '{ actor(key: "listy") { key name founded } }',
        '{ actor(key: "odd") { __typename key name kind } }',
        "{ actors(first: 10) { nodes { key name kind } } }",
    ):
        first, again = await both_lanes(ahead, query, {})
        assert len(first) == 1
        assert 1 <= len(again) <= 2
