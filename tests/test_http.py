"""Health, readiness and the GraphQL endpoint through the ASGI app and its lifespan."""

from __future__ import annotations

import socket
from dataclasses import replace

import httpx
import pytest
from asgi_lifespan import LifespanManager

from app import create_app
from errors import DatabaseUnavailable
from graph.db import Db
from resolvers import pages
from settings import Settings
from tests.conftest import gql


async def test_healthz(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_when_neo4j_answers(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ready"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_readyz_is_503_when_neo4j_is_down(settings: Settings) -> None:
    down = replace(
        settings,
        neo4j_uri=f"bolt://127.0.0.1:{_closed_port()}",
        neo4j_password="unused",
        require_db=False,
    )
    app = create_app(down)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://m") as client:
            response = await client.get("/readyz")
            health = await client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert "unavailable" in response.json()["reason"]
    assert health.status_code == 200


async def test_start_refused_when_neo4j_is_down(settings: Settings) -> None:
    down = replace(
        settings, neo4j_uri=f"bolt://127.0.0.1:{_closed_port()}", neo4j_password="unused"
    )
    with pytest.raises(DatabaseUnavailable, match="Cannot reach Neo4j"):
        async with LifespanManager(create_app(down)):
            pass


async def test_meta_reports_the_server(client: httpx.AsyncClient) -> None:
    body = await gql(client, "{ meta { version neo4jVersion neo4jEdition } }")
    meta = body["data"]["meta"]
    assert meta["neo4jVersion"].split(".")[0] in ("5", "2025", "2026")
    assert meta["neo4jEdition"] == "community"
    assert body["extensions"]["cypher"]["roundTrips"] == 1


async def test_the_ide_in_a_browser(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == pages.CONTENT_SECURITY_POLICY
    assert "GraphQL IDE" in response.text
    assert "https://" not in response.text


async def test_the_ide_is_off_in_production(settings: Settings) -> None:
    app = create_app(replace(settings, graphiql=False))
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://m") as client:
            response = await client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


GRAPHQL_RESPONSE = "application/graphql-response+json"


async def _post(client: httpx.AsyncClient, accept: str | None, body: object) -> httpx.Response:
    headers = {"accept": accept} if accept else {}
    return await client.post("/graphql", json=body, headers=headers)


@pytest.mark.parametrize(
    ("accept", "answered"),
    [
        (None, "application/json"),
        ("*/*", "application/json"),
        ("application/json", "application/json"),
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE}, application/json;q=0.9", GRAPHQL_RESPONSE),
        (f"application/json, {GRAPHQL_RESPONSE};q=0.5", "application/json"),
        (f"{GRAPHQL_RESPONSE};q=0, application/json", "application/json"),
        ("text/plain", "application/json"),
    ],
)
async def test_the_response_type_follows_accept(
    client: httpx.AsyncClient, accept: str | None, answered: str
) -> None:
    response = await _post(client, accept, {"query": "{ meta { version } }"})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == answered
    assert response.json()["data"]["meta"]["version"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"query": "{ meta { "}, None),
        ({"query": "{ nope }"}, "GRAPHQL_VALIDATION"),
        ({"query": "query ($k: String!) { actor(key: $k) { key } }", "variables": {"k": 1}}, None),
        ({"query": "{ meta { version } }", "operationName": 7}, "BAD_REQUEST"),
        ({"variables": {}}, "BAD_REQUEST"),
    ],
)
async def test_a_request_that_never_ran_is_a_400_without_data(
    client: httpx.AsyncClient, body: dict[str, object], code: str | None
) -> None:
    response = await _post(client, GRAPHQL_RESPONSE, body)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == f"{GRAPHQL_RESPONSE}; charset=utf-8"
    answer = response.json()
    assert "data" not in answer
    assert answer["errors"][0]["message"]
    if code:
        assert answer["errors"][0]["extensions"]["code"] == code


async def test_application_json_keeps_200_and_data_for_graphql_errors(
    client: httpx.AsyncClient,
) -> None:
    response = await _post(client, "application/json", {"query": "{ nope }"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    answer = response.json()
    assert answer["data"] is None
    assert answer["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION"


async def test_an_executed_operation_with_field_errors_is_a_200(
    client: httpx.AsyncClient, seeded: Db
) -> None:
    query = '{ meta { version } actors(first: 1, after: "not-a-cursor") { nodes { key } } }'
    response = await _post(client, GRAPHQL_RESPONSE, {"query": query})
    assert response.status_code == 200
    answer = response.json()
    assert "data" in answer
    assert answer["errors"][0]["extensions"]["code"] == "BAD_CURSOR"


async def test_refusals_are_graphql_errors_in_the_accepted_type(
    client: httpx.AsyncClient,
) -> None:
    mutation = await client.get(
        "/graphql",
        params={"query": 'mutation { revokeApiKey(name: "x") { __typename } }'},
        headers={"accept": GRAPHQL_RESPONSE},
    )
    assert mutation.status_code == 405
    assert mutation.headers["allow"] == "POST"
    assert mutation.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert mutation.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    bad_json = await client.post(
        "/graphql", content=b"{bad", headers={"content-type": "application/json"}
    )
    assert bad_json.status_code == 400
    assert bad_json.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    form = await client.post(
        "/graphql",
        content=b"query=%7B__typename%7D",
        headers={"content-type": "application/x-www-form-urlencoded", "accept": GRAPHQL_RESPONSE},
    )
    assert form.status_code == 415
    assert form.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert form.json()["errors"][0]["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"
