"""What each statement of a read costs Neo4j on a cold plan cache, statement by statement.

    .venv/bin/python -m bench.planning [--reads expertise,brokers] [--runs 3]
        [--against "BOLT_PORT:NEO4J_HOME:VERSION[:CYPHER 25 ]" ...]

Sends each read of `bench.cold`'s set once through an in-process app on the seed graph of
NEO4J_INSTANCE, keeps the statements its first call sent (text and parameters), then for each
statement `--runs` times: `CALL db.clearQueryCaches()`, the statement alone, and the CPU time
Neo4j spent on it (`/proc/<pid>/stat`) with the wall-clock time. `--against` replays the same
statements on another local instance (e.g. a calendar release), the prefix in front of each text.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import neo4j
from asgi_lifespan import LifespanManager

import graph.db
from app import create_app
from bench.cold import Picks, clear, pick, reads
from bench.processes import cpu_ms
from graph import gazetteer, warmup
from graph.db import open_driver
from graph.plans import PLANS
from scripts import neo4j_server
from settings import Settings

Captured = list[tuple[str, dict[str, Any]]]


async def capture(settings: Settings, picks: Picks, names: set[str]) -> dict[str, Captured]:
    """The statements each read's first call sends, with their parameters."""
    seen: Captured = []
    original = graph.db.run_read

    async def recording(
        driver: neo4j.AsyncDriver, query: neo4j.Query, params: dict[str, Any], *rest: Any
    ) -> list[neo4j.Record]:
        seen.append((str(query.text), dict(params)))
        return await original(driver, query, params, *rest)

    async def unplanned(db: graph.db.Db) -> None:
        """Start-up planning is left out: its statements would mix with the reads'."""

    graph.db.run_read = recording  # type: ignore[assignment]
    started_up, warmup.warm = warmup.warm, unplanned
    out: dict[str, Captured] = {}
    app = create_app(replace(settings, plan_ahead=True))
    try:
        async with LifespanManager(app) as manager:
            transport = httpx.ASGITransport(app=manager.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://m") as client:
                await gazetteer.get(app.state.db)  # read once per process, not per plan
                for read in reads(picks):
                    if names and read.name not in names:
                        continue
                    seen.clear()
                    body = {"query": read.query, "variables": read.variables}
                    response = await client.post("/graphql", json=body)
                    if response.status_code != 200 or "errors" in response.json():
                        raise SystemExit(f"{read.name}: {response.text}")
                    out[read.name] = list(seen)
                    await PLANS.settled()
    finally:
        graph.db.run_read = original
        warmup.warm = started_up
    return out


async def replay(
    settings: Settings, statements: Captured, runs: int, prefix: str
) -> list[tuple[float, float]]:
    """(median CPU ms, median wall ms) of each statement, each run on a cleared plan cache."""
    pid = neo4j_server.status(settings).pid or 0
    driver = open_driver(settings)
    out = []
    try:
        for text, params in statements:
            cpu, wall = [], []
            for _ in range(runs):
                await clear(settings)
                before, started = cpu_ms(pid), time.perf_counter()
                async with driver.session(database=settings.neo4j_database) as session:
                    result = await session.run(prefix + text, params)
                    await result.consume()
                wall.append((time.perf_counter() - started) * 1000)
                cpu.append(cpu_ms(pid) - before)
            out.append((statistics.median(cpu), statistics.median(wall)))
    finally:
        await driver.close()
    return out


def other(settings: Settings, spec: str) -> tuple[str, Settings, str]:
    port, home, version, *prefix = spec.split(":", 3)
    target = replace(
        settings, neo4j_bolt_port=int(port), neo4j_home=Path(home), neo4j_version=version
    )
    text = prefix[0] if prefix else ""
    return f"{version} {text.strip()}".strip(), target, text


async def main(options: argparse.Namespace) -> None:
    settings = Settings.from_env()
    picks = await pick(settings, seed_graph=True)
    names = set(options.reads.split(",")) if options.reads else set()
    captured = await capture(settings, picks, names)
    targets = [(settings.neo4j_version, settings, "")]
    targets += [other(settings, spec) for spec in options.against]
    for name, statements in captured.items():
        sizes = "+".join(str(len(text)) for text, _ in statements)
        line = [f"{name:32} {len(statements)} st ({sizes} chars)"]
        for label, target, prefix in targets:
            figures = await replay(target, statements, options.runs, prefix)
            cpu = sum(c for c, _ in figures)
            wall = sum(w for _, w in figures)
            each = "+".join(f"{c:.0f}" for c, _ in figures)
            line.append(f"{label}: cpu {cpu:6.0f} ({each}) wall {wall:6.0f}")
        print(" | ".join(line), flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", default="")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--against", action="append", default=[])
    asyncio.run(main(parser.parse_args()))
