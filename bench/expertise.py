"""Latency of `expertise` and `search` on the synthetic graph: p50/p95 per query, warm plans.

    maillage db start --instance synth && maillage synth     # once
    .venv/bin/python -m bench.expertise [--runs 30] [--instance test]

Requests go through the ASGI app (GraphQL parsing, compilation, one Neo4j round trip each).
The synth instance is used unless NEO4J_URI is set; `--instance test` measures the seed graph
(the test instance, with the ports of NEO4J_BOLT_PORT / NEO4J_HTTP_PORT when NEO4J_INSTANCE
names it).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import statistics
import time
from typing import Any

import httpx
from asgi_lifespan import LifespanManager

from app import create_app
from settings import Settings

EXPERTISE = """query ($theme: String!, $first: Int) {
  expertise(theme: $theme, first: $first) {
    score actor { key name kind }
    evidence(first: 5) { kind key title date contribution sources { title } }
  }
}"""
SEARCH = """query ($text: String!, $first: Int) {
  search(text: $text, first: $first) {
    kind score matched { field }
    node { id ... on Actor { name } ... on Agreement { title } ... on Theme { label } }
  }
}"""
CASES: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("expertise", EXPERTISE, {"theme": "décarbonation", "first": 20}),
    ("expertise", EXPERTISE, {"theme": "industrial engineering", "first": 20}),
    ("expertise", EXPERTISE, {"theme": "formation", "first": 20}),
    ("expertise", EXPERTISE, {"theme": "energie", "first": 50}),
    ("expertise", EXPERTISE, {"theme": "soudgae", "first": 20}),
    ("expertise", EXPERTISE, {"theme": "unknown gibberish", "first": 20}),
    ("search", SEARCH, {"text": "décarbonation", "first": 20}),
    ("search", SEARCH, {"text": "centre technique plasturgie", "first": 20}),
    ("search", SEARCH, {"text": "ingenierie", "first": 50}),
    ("search", SEARCH, {"text": "maintenanse industrielle", "first": 20}),
)


def bench_settings(instance: str = "synth") -> Settings:
    settings = Settings.from_env()
    if settings.provisioned and settings.neo4j_instance != instance:
        settings = settings.with_instance(instance)
    return dataclasses.replace(settings, rate_limit=0)  # one client asking as fast as it can


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def timed(client: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> float:
    started = time.perf_counter()
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    elapsed = (time.perf_counter() - started) * 1000
    body = response.json()
    if body.get("errors"):
        raise SystemExit(f"{variables}: {body['errors']}")
    return elapsed


async def cpu(client: httpx.AsyncClient, query: str, variables: dict[str, Any], runs: int) -> float:
    """This process's CPU per request (the app and the client; Neo4j not counted): unlike
    wall-clock time it holds on a busy machine."""
    started = time.process_time()
    for _ in range(runs):
        await timed(client, query, variables)
    return (time.process_time() - started) * 1000 / runs


async def run(runs: int, instance: str = "synth") -> None:
    settings = bench_settings(instance)
    app = create_app(settings)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            counts = await client.post("/graphql", json={"query": "{ meta { counts { count } } }"})
            nodes = sum(item["count"] for item in counts.json()["data"]["meta"]["counts"])
            print(f"{settings.uri}: {nodes:,} nodes; {runs} runs per query after 2 warm-ups")
            print(
                f"{'field':<10} {'arguments':<44} {'p50 ms':>8} {'p95 ms':>8} {'hits':>5} "
                f"{'cpu ms':>7}"
            )
            every: dict[str, list[float]] = {"expertise": [], "search": []}
            for field, query, variables in CASES:
                for _ in range(2):  # plan once, warm the page cache
                    await timed(client, query, variables)
                samples = [await timed(client, query, variables) for _ in range(runs)]
                every[field].extend(samples)
                response = await client.post(
                    "/graphql", json={"query": query, "variables": variables}
                )
                hits = len(response.json()["data"][field])
                shown = ", ".join(f"{key}={value!r}" for key, value in variables.items())
                used = await cpu(client, query, variables, runs)
                print(
                    f"{field:<10} {shown:<44} {statistics.median(samples):>8.1f} "
                    f"{percentile(samples, 0.95):>8.1f} {hits:>5} {used:>7.1f}"
                )
            for field, samples in every.items():
                print(
                    f"{field:<10} {'(all queries)':<44} {statistics.median(samples):>8.1f} "
                    f"{percentile(samples, 0.95):>8.1f}"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="timed runs per query")
    parser.add_argument("--instance", default="synth", help="the local instance: synth or test")
    args = parser.parse_args()
    asyncio.run(run(args.runs, args.instance))


if __name__ == "__main__":
    main()
