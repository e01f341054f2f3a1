"""Latency of `expertise` and `search` on the synthetic graph: p50/p95 per query, warm plans.

    maillage db start --instance synth && maillage synth     # once
    .venv/bin/python -m bench.expertise [--runs 30]

Requests go through the ASGI app (GraphQL parsing, compilation, one Neo4j round trip each).
The synth instance is used unless NEO4J_URI or NEO4J_INSTANCE=synth (with its ports) is set.
"""

from __future__ import annotations

import argparse
import asyncio
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


def bench_settings() -> Settings:
    settings = Settings.from_env()
    if settings.provisioned and settings.neo4j_instance != "synth":
        settings = settings.with_instance("synth")
    return settings


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


async def run(runs: int) -> None:
    settings = bench_settings()
    app = create_app(settings)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            counts = await client.post("/graphql", json={"query": "{ meta { counts { count } } }"})
            nodes = sum(item["count"] for item in counts.json()["data"]["meta"]["counts"])
            print(f"{settings.uri}: {nodes:,} nodes; {runs} runs per query after 2 warm-ups")
            print(f"{'field':<10} {'arguments':<44} {'p50 ms':>8} {'p95 ms':>8} {'hits':>5}")
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
                print(
                    f"{field:<10} {shown:<44} {statistics.median(samples):>8.1f} "
                    f"{percentile(samples, 0.95):>8.1f} {hits:>5}"
                )
            for field, samples in every.items():
                print(
                    f"{field:<10} {'(all queries)':<44} {statistics.median(samples):>8.1f} "
                    f"{percentile(samples, 0.95):>8.1f}"
                )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="timed runs per query")
    asyncio.run(run(parser.parse_args().runs))


if __name__ == "__main__":
    main()
