"""The floor: Maillage's own Cypher statements, sent straight through the async Python driver.

`capture` runs each request once through an in-process app whose database handle records every
statement with its parameters; `Floor` then replays exactly those round trips, at the same
concurrency as the HTTP load, with nothing around them: no HTTP, no GraphQL, no shaping.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any, LiteralString

import httpx
import neo4j
from asgi_lifespan import LifespanManager
from neo4j import AsyncDriver, RoutingControl

from app import create_app
from graph.db import Db, run_read
from settings import Settings

Trip = tuple[LiteralString, dict[str, Any], RoutingControl]


@dataclass
class RecordingDb(Db):
    """A `Db` that keeps every statement it runs, with its parameters, in a shared list."""

    trips: list[Trip] = field(default_factory=list)

    def for_request(self, *args: Any, **kwargs: Any) -> Db:
        inner = super().for_request(*args, **kwargs)
        values = {f.name: getattr(inner, f.name) for f in fields(Db) if f.init}
        return RecordingDb(**values, trips=self.trips)

    async def _records(
        self, statement: LiteralString, params: dict[str, Any], routing: RoutingControl
    ) -> list[neo4j.Record]:
        self.trips.append((statement, dict(params), routing))
        return await super()._records(statement, params, routing)


async def capture(settings: Settings, bodies: Sequence[bytes]) -> list[list[Trip]]:
    """The round trips Maillage makes for each body, in order (the key look-up aside)."""
    app = create_app(replace(settings, rate_limit=0, max_cost=10**9, max_cost_trusted=10**9))
    captured: list[list[Trip]] = []
    async with LifespanManager(app) as manager:
        base: Db = app.state.db
        recording = RecordingDb(base.driver, base.database, base.timeout)
        app.state.db = recording
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for body in bodies:
                recording.trips.clear()
                response = await client.post(
                    "/graphql", content=body, headers={"content-type": "application/json"}
                )
                if response.status_code != 200 or b'"errors"' in response.content:
                    raise SystemExit(f"Maillage refused a bench request: {response.text[:500]}")
                captured.append(list(recording.trips))
    return captured


@dataclass
class Outcome:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]


class Floor:
    """Replays captured round trips with `concurrency` workers for a given time."""

    def __init__(self, driver: AsyncDriver, database: str, timeout: float) -> None:
        self.driver = driver
        self.database = database
        self.timeout = timeout

    async def one(self, trips: Sequence[Trip]) -> None:
        """Each round trip as Maillage sends it: reads in auto-commit transactions."""
        for statement, params, routing in trips:
            query = neo4j.Query(statement, timeout=self.timeout)
            if routing is RoutingControl.READ:
                await run_read(self.driver, query, params, self.database)
            else:
                await self.driver.execute_query(
                    query, params, routing_=routing, database_=self.database
                )

    async def run(
        self, workloads: Sequence[Sequence[Trip]], concurrency: int, seconds: float
    ) -> Outcome:
        deadline = time.perf_counter() + seconds
        latencies: list[float] = []
        errors = 0

        async def worker(offset: int) -> None:
            nonlocal errors
            index = offset
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                try:
                    await self.one(workloads[index % len(workloads)])
                except neo4j.exceptions.Neo4jError:
                    errors += 1
                latencies.append((time.perf_counter() - started) * 1000)
                index += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker(n * 7) for n in range(concurrency)))
        return Outcome(len(latencies), errors, time.perf_counter() - started, latencies)
