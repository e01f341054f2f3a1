"""Observability and HTTP defences: /metrics, request ids, JSON logs, /readyz and migrations,
CORS and the rate limiter."""

from __future__ import annotations

import io
import json
import logging
import logging.config
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

import httpx
from asgi_lifespan import LifespanManager
from prometheus_client.parser import text_string_to_metric_families

from app import create_app
from graph import migrations
from graph.db import Db
from logs import logging_config, request_id
from settings import Settings

NAMED = "query Probe { meta { version } }"


@asynccontextmanager
async def app_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with LifespanManager(create_app(settings)) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://m") as client:
            yield client


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[sample.name, tuple(sorted(sample.labels.items()))] = sample.value
    return found


async def test_metrics_count_requests_operations_errors_and_cypher(
    client: httpx.AsyncClient,
) -> None:
    for _ in range(2):
        await client.post("/graphql", json={"query": NAMED})
    await client.post("/graphql", json={"query": "{ actors(first: 5000) { nodes { key } } }"})
    await client.post("/graphql", content=b"{}", headers={"content-type": "text/plain"})
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    found = samples(response.text)
    ok = ("operation", "Probe"), ("outcome", "ok"), ("type", "query")
    assert found["maillage_graphql_operations_total", ok] == 2
    assert found["maillage_graphql_errors_total", (("code", "LIMIT_EXCEEDED"),)] == 1
    post_ok = ("method", "POST"), ("route", "/graphql"), ("status", "200")
    assert found["maillage_http_requests_total", post_ok] == 3
    refused = ("method", "POST"), ("route", "/graphql"), ("status", "415")
    assert found["maillage_http_requests_total", refused] == 1
    assert found["maillage_cypher_round_trips_count", ()] == 3
    assert found["maillage_cypher_round_trips_sum", ()] >= 2
    assert found["maillage_cypher_duration_seconds_sum", ()] > 0
    assert found["maillage_graphql_operation_duration_seconds_count", (("operation", "Probe"),)]
    assert found["maillage_neo4j_pool_max_size", ()] > 0
    assert ("maillage_neo4j_pool_in_use", ()) in found


async def test_each_response_carries_a_request_id(client: httpx.AsyncClient) -> None:
    fresh = await client.get("/healthz")
    assert len(fresh.headers["x-request-id"]) == 16
    echoed = await client.get("/healthz", headers={"x-request-id": "abc-123"})
    assert echoed.headers["x-request-id"] == "abc-123"
    refused = await client.get("/healthz", headers={"x-request-id": "<script>"})
    assert refused.headers["x-request-id"] != "<script>"


def test_json_logs_carry_the_request_id(settings: Settings) -> None:
    stream = io.StringIO()
    config = logging_config(replace(settings, log_format="json"))
    config["handlers"]["default"]["stream"] = stream
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    logging.config.dictConfig(config)
    token = request_id.set("req-42")
    try:
        logging.getLogger("maillage.test").info("hello %s", "world", extra={"answer": 42})
    finally:
        request_id.reset(token)
        root.handlers[:], _ = saved
        root.setLevel(saved[1])
    line = json.loads(stream.getvalue().strip().splitlines()[-1])
    assert line["message"] == "hello world"
    assert line["request_id"] == "req-42"
    assert line["answer"] == 42
    assert line["level"] == "INFO"


async def test_readyz_waits_for_the_migrations(client: httpx.AsyncClient, seeded: Db) -> None:
    assert (await client.get("/readyz")).status_code == 200
    await seeded.write("DROP INDEX project_status IF EXISTS")
    try:
        response = await client.get("/readyz")
        assert response.status_code == 503
        assert "project_status" in response.json()["reason"]
    finally:
        await migrations.apply(seeded)
    assert (await client.get("/readyz")).status_code == 200


async def test_cors_allows_only_listed_origins(settings: Settings) -> None:
    preflight = {
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
    }
    allowed = "https://app.example.org"
    async with app_client(replace(settings, cors_origins=(allowed,))) as client:
        ok = await client.options("/graphql", headers={"origin": allowed, **preflight})
        assert ok.status_code == 200
        assert ok.headers["access-control-allow-origin"] == allowed
        evil = await client.options(
            "/graphql", headers={"origin": "https://evil.example", **preflight}
        )
        assert evil.status_code == 400
        assert "access-control-allow-origin" not in evil.headers
    async with app_client(settings) as client:
        none = await client.post(
            "/graphql", json={"query": NAMED}, headers={"origin": "https://evil.example"}
        )
        assert "access-control-allow-origin" not in none.headers


async def test_rate_limit_per_key_and_address(settings: Settings) -> None:
    limited = replace(settings, rate_limit=60, rate_burst=3)
    async with app_client(limited) as client:
        statuses = [(await client.get("/healthz")).status_code for _ in range(10)]
        assert statuses == [200] * 10  # probes are never limited
        anonymous = [await client.post("/graphql", json={"query": NAMED}) for _ in range(4)]
        assert [r.status_code for r in anonymous] == [200, 200, 200, 429]
        refused = anonymous[-1]
        assert int(refused.headers["retry-after"]) >= 1
        assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        # A credential has its own bucket (the key need not be valid to be counted).
        keyed = {"authorization": "Bearer some-token"}
        assert (
            await client.post("/graphql", json={"query": NAMED}, headers=keyed)
        ).status_code == 200
        # Rotating credentials from one address still meets the address's wider limit.
        rotating = [
            await client.post(
                "/graphql", json={"query": NAMED}, headers={"authorization": f"Bearer t{i}"}
            )
            for i in range(20)
        ]
        assert 429 in [r.status_code for r in rotating]
        metrics = samples((await client.get("/metrics")).text)
        assert metrics["maillage_rate_limited_total", (("by", "address"),)] >= 2
