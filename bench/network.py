"""Latency of `neighbourhood` (depth 2) and `paths` (4 hops) on the synthetic graph.

    maillage db start --instance synth && maillage synth     # once
    .venv/bin/python -m bench.network [--runs 30]

Requests go through the ASGI app (GraphQL parsing, one Neo4j round trip each), from actors
picked with a fixed seed plus the most connected ones. The synth instance is used unless
NEO4J_URI or NEO4J_INSTANCE is set.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import time
from typing import Any

import httpx
from asgi_lifespan import LifespanManager

from app import create_app
from settings import Settings

ACTORS = """query ($after: String) {
  actors(first: 100, after: $after, orderBy: [{field: KEY}]) {
    nodes { key } pageInfo { hasNextPage endCursor } } }"""
HUBS = """{ actors(first: 3, orderBy: [{field: AGREEMENT_COUNT, direction: DESC}]) {
  nodes { key } } }"""
NEIGHBOURHOOD = """query ($key: String!, $limit: Int) {
  neighbourhood(key: $key, depth: 2, limit: $limit) {
    truncated nodes { key name kind depth } edges { source target kind strength since } } }"""
PATHS = """query ($from: String!, $to: String!) {
  paths(from: $from, to: $to, maxHops: 4, first: 10) {
    length actors { key } steps { kinds items { kind key date } } } }"""
BROKERS = """{ brokers(first: 10) { exact actors links ranking { actor { key } betweenness } } }"""


def bench_settings() -> Settings:
    settings = Settings.from_env()
    if settings.provisioned and "NEO4J_INSTANCE" not in os.environ:
        settings = settings.with_instance("synth")
    return settings


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def ask(client: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> float:
    started = time.perf_counter()
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    elapsed = (time.perf_counter() - started) * 1000
    body = response.json()
    if body.get("errors"):
        raise SystemExit(f"query failed: {body['errors']}")
    return elapsed


async def sample_keys(client: httpx.AsyncClient, pages: int) -> list[str]:
    keys: list[str] = []
    after = None
    for _ in range(pages):
        response = await client.post(
            "/graphql", json={"query": ACTORS, "variables": {"after": after}}
        )
        page = response.json()["data"]["actors"]
        keys += [node["key"] for node in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    return keys


async def main(runs: int) -> None:
    settings = bench_settings()
    app = create_app(settings)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            keys = await sample_keys(client, 20)
            if len(keys) < 50:
                raise SystemExit(
                    f"{settings.uri} holds {len(keys)} actors: load the synthetic graph"
                )
            hubs = (await client.post("/graphql", json={"query": HUBS})).json()["data"]
            rng = random.Random(2025)  # noqa: S311 (a reproducible sample)
            centres = [node["key"] for node in hubs["actors"]["nodes"]] + rng.sample(keys, runs)
            pairs = [tuple(rng.sample(keys, 2)) for _ in range(runs)]
            cases: dict[str, list[tuple[str, dict[str, Any]]]] = {
                "neighbourhood depth 2 (limit 100)": [
                    (NEIGHBOURHOOD, {"key": key, "limit": 100}) for key in centres
                ],
                "neighbourhood depth 2 (limit 500)": [
                    (NEIGHBOURHOOD, {"key": key, "limit": 500}) for key in centres
                ],
                "paths 4 hops": [(PATHS, {"from": a, "to": b}) for a, b in pairs],
                "brokers (whole graph)": [(BROKERS, {})] * 3,
            }
            print(f"{settings.uri}: {runs} runs per case (plans warmed first)")
            for name, calls in cases.items():
                await ask(client, *calls[0])
                times = [await ask(client, query, variables) for query, variables in calls]
                print(
                    f"{name:36} p50 {percentile(times, 0.5):8.1f} ms   "
                    f"p95 {percentile(times, 0.95):8.1f} ms   max {max(times):8.1f} ms   "
                    f"mean {statistics.fmean(times):8.1f} ms"
                )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    asyncio.run(main(parser.parse_args().runs))
