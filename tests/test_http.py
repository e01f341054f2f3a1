"""Health, readiness and the GraphQL endpoint through the ASGI app and its lifespan."""

from __future__ import annotations

import socket
from dataclasses import replace

import httpx
import pytest
from asgi_lifespan import LifespanManager

from app import create_app
from errors import DatabaseUnavailable
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


async def test_graphiql_in_a_browser(client: httpx.AsyncClient) -> None:
    response = await client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()
