"""A smoke run of one Neo4j version: provision, start, schema, seed, two queries, stop."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from pathlib import Path

import httpx
from asgi_lifespan import LifespanManager

from app import create_app
from errors import ServerError
from graph import migrations
from scripts import neo4j_server
from seeds import loader
from settings import Settings

QUERY = '{ meta { neo4jVersion } actor(key: "ctpc") { acronym agreements { totalCount } } }'


async def _check(settings: Settings) -> str:
    await migrations.apply_with_settings(settings)
    await loader.load_with_settings(settings)
    async with LifespanManager(create_app(settings)) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://smoke") as client:
            body = (await client.post("/graphql", json={"query": QUERY})).json()
    data = body.get("data") or {}
    actor = data.get("actor") or {}
    if body.get("errors") or actor.get("acronym") != "CTPC":
        raise ServerError(f"smoke query failed: {body}")
    if not actor["agreements"]["totalCount"]:
        raise ServerError("smoke query found no agreements for CTPC")
    return str(data["meta"]["neo4jVersion"])


def run(version: str, home: Path, bolt: int, http: int) -> str:
    """Start `version` in `home`, check it end to end, stop it; returns a one-line report."""
    settings = replace(
        Settings.from_env({"NEO4J_VERSION": version}),
        neo4j_home=home.resolve(),
        neo4j_bolt_port=bolt,
        neo4j_http_port=http,
    )
    started = time.monotonic()
    neo4j_server.start(settings)
    try:
        boot = time.monotonic() - started
        served = asyncio.run(_check(settings))
    finally:
        neo4j_server.stop(settings)
    total = time.monotonic() - started
    return f"smoke: Neo4j {served} ok (provision+start {boot:.1f}s, total {total:.1f}s)"
