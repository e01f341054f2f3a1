"""Neo4j stopped under a stream of requests: every request ends within its deadline with a
clear error, /readyz says 503, the service recovers by itself after a restart, and writes
acknowledged before the stop are still there. The test stops and restarts a Neo4j of its own
(same version and code as the suite's, in a temporary folder)."""

from __future__ import annotations

import asyncio
import shutil
import socket
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager

from app import create_app
from graph import migrations
from graph.db import Db, open_driver
from graph.keys import Role
from scripts import neo4j_server
from settings import Settings
from tests.curation_helpers import call, cypher, new_key, result

QUERY_TIMEOUT = 1.0
REQUEST_TIMEOUT = 4.0
RECOVERY = 10.0
SLACK = 1.0
"""Seconds allowed past the deadline for the event loop and the 504 itself."""
WRITES = 5
SOURCE = "article-2025-10-16"
CREATE = """mutation ($input: ActorInput!) { createActor(input: $input) {
  __typename ... on ActorPayload { actor { key } } } }"""
READ = "query Probe { actors(first: 3) { nodes { key } } }"


@dataclass(frozen=True)
class Outcome:
    seconds: float
    status: int
    code: str | None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def own_neo4j(settings: Settings, tmp_path: Path) -> AsyncIterator[Settings]:
    """A Neo4j of this test's own (the suite's instance keeps its warm caches), schema set up."""
    if not settings.provisioned:
        pytest.skip("NEO4J_URI points at a server these tests do not manage")
    own = replace(
        settings,
        neo4j_home=tmp_path / "neo4j",
        neo4j_bolt_port=_free_port(),
        neo4j_http_port=_free_port(),
        neo4j_password=None,
        neo4j_pagecache="128m",
        query_timeout=QUERY_TIMEOUT,
        request_timeout=REQUEST_TIMEOUT,
        rate_limit=0,
    )
    await asyncio.to_thread(neo4j_server.start, own)
    try:
        driver = open_driver(own)
        try:
            db = Db(driver, own.neo4j_database, 60.0)
            await migrations.apply(db)
            await db.write("MERGE (s:Source {key: $key}) SET s.title = 'fault test'", key=SOURCE)
        finally:
            await driver.close()
        yield own
    finally:
        await asyncio.to_thread(neo4j_server.stop, own)
        shutil.rmtree(own.neo4j_home, ignore_errors=True)


@pytest.fixture
async def fault_client(own_neo4j: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with LifespanManager(create_app(own_neo4j)) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://m", timeout=60) as c:
            yield c


async def probe(client: httpx.AsyncClient) -> Outcome:
    started = time.perf_counter()
    response = await client.post("/graphql", json={"query": READ})
    body = response.json()
    code = body["errors"][0]["extensions"]["code"] if body.get("errors") else None
    return Outcome(time.perf_counter() - started, response.status_code, code)


async def stream(client: httpx.AsyncClient, outcomes: list[Outcome], stop: asyncio.Event) -> None:
    while not stop.is_set():
        outcomes.append(await probe(client))
        await asyncio.sleep(0.05)


async def test_neo4j_down_and_back(own_neo4j: Settings, fault_client: httpx.AsyncClient) -> None:
    settings = own_neo4j
    driver = open_driver(settings)
    editor = await new_key(Db(driver, settings.neo4j_database, 60.0), Role.EDITOR)
    keys = [f"fault-{i}" for i in range(WRITES)]
    try:
        # Written with the usual timeouts: the first writes compile their plans on a cold server.
        patient = replace(settings, query_timeout=10.0, request_timeout=30.0)
        async with LifespanManager(create_app(patient)) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://w") as writer:
                for key in keys:
                    payload = {
                        "key": key,
                        "kind": "COMPANY",
                        "nameFr": key,
                        "nameEn": key,
                        "sources": [SOURCE],
                    }
                    body = await call(writer, CREATE, {"input": payload}, editor)
                    assert result(body, "createActor")["__typename"] == "ActorPayload", body
        for _ in range(3):
            await probe(fault_client)  # warm the read before the outage

        outcomes: list[Outcome] = []
        done = asyncio.Event()
        streaming = asyncio.create_task(stream(fault_client, outcomes, done))
        await asyncio.sleep(0.3)
        await asyncio.to_thread(neo4j_server.stop, settings)
        await asyncio.sleep(REQUEST_TIMEOUT + SLACK)
        ready = await fault_client.get("/readyz")
        assert ready.status_code == 503
        assert ready.json()["status"] == "unavailable"
        down = await probe(fault_client)
        assert down.code in ("DATABASE_UNAVAILABLE", "TIMEOUT")

        await asyncio.to_thread(neo4j_server.start, settings)
        restarted = time.perf_counter()
        while (await probe(fault_client)).code is not None:
            assert time.perf_counter() - restarted < RECOVERY, "no recovery within 10 s"
            await asyncio.sleep(0.2)
        recovered = time.perf_counter() - restarted
        done.set()
        await streaming

        assert (await fault_client.get("/readyz")).status_code == 200
        assert recovered < RECOVERY
        failed = [o for o in outcomes if o.code is not None or o.status != 200]
        assert failed, "the stream saw no outage"
        for outcome in outcomes:
            assert outcome.seconds < REQUEST_TIMEOUT + SLACK, outcome
            assert outcome.status in (200, 504), outcome
            assert outcome.code in (None, "DATABASE_UNAVAILABLE", "TIMEOUT"), outcome
        rows = await cypher(
            driver,
            settings,
            "MATCH (a:Actor) WHERE a.key IN $keys RETURN count(a) AS n",
            keys=keys,
        )
        assert rows[0]["n"] == WRITES
    finally:
        await driver.close()
