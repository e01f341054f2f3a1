"""The scale table: each read policy staff ask of a large graph, first call and warm calls.

    .venv/bin/python -m bench.scale [--warm 10] [--pairs 10] [--out NAME]

Runs against the `synth` instance as it is (load it first: `maillage synth --actors 100000`),
with one production-mode Maillage process. For each read: `CALL db.clearQueryCaches()`, one
first call, then `--warm` calls (p50 / p95 / max); paths are asked between `--pairs` sampled
pairs of ordinary actors (at most 20 links each) at maxHops 4 and 6, each asked once before
the measured calls (which cycle through them). Each row says what the
user got: an answer, or the error code and message. Prints the load average beside the
figures and writes bench/results/scale-<actors>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import time
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
from rich.console import Console
from rich.table import Table

from bench.cold import clear, summary
from bench.processes import free_port, server
from bench.run import RESULTS, SERVER_ENV, bench_settings, maillage_command
from graph.db import open_driver, verify
from settings import ROOT, Settings

console = Console(width=160)

PATHS = """query ($from: String!, $to: String!, $hops: Int) { paths(from: $from, to: $to,
  maxHops: $hops, first: 3) { length actors { key } steps { kinds } } }"""
BROKERS = "{ brokers(first: 5) { ranking { rank betweenness actor { key } } exact } }"
NEIGHBOURHOOD = """query ($key: String!, $limit: Int) { neighbourhood(key: $key, depth: 2,
  limit: $limit) { nodes { key depth } edges { source target kind strength } truncated } }"""
BY_AGREEMENTS = """{ actors(first: 50, orderBy: [{field: AGREEMENT_COUNT, direction: DESC}]) {
  nodes { key agreements(first: 10) { nodes { key parties { actor { key } } } } } } }"""
EXPERTISE = """query ($theme: String!) { expertise(theme: $theme, first: 10) { score
  actor { key } } }"""
SEARCH = """query ($text: String!) { search(text: $text, first: 10) { score
  node { __typename ... on Actor { key } } } }"""
STARTS = """query ($prefix: String!) { actors(first: 20, where: {name: {startsWith: $prefix}},
  orderBy: [{field: NAME}]) { nodes { key name } } }"""
TOTAL = "{ actors { totalCount } }"


@dataclass(frozen=True)
class Read:
    name: str
    query: str
    variables: list[dict[str, Any]]  # the warm calls cycle through these


async def picks(settings: Settings, pairs: int) -> dict[str, Any]:
    """An ordinary actor, pairs of them, and the biggest hub, from the graph in use."""
    driver = open_driver(settings)
    try:
        await verify(driver, settings)
        db = settings.neo4j_database
        ordinary, _, _ = await driver.execute_query(
            "MATCH (a:Actor) WHERE a.kind = 'company' "
            "AND COUNT { (a)-[:PARTY_TO|PARTICIPATES_IN]->() } IN range(2, 20) "
            "RETURN a.key AS key ORDER BY a.key LIMIT 2000",
            database_=db,
        )
        hub, _, _ = await driver.execute_query(
            "MATCH (a:Actor) RETURN a.key AS key, a.nameFr AS name "
            "ORDER BY COUNT { (a)-[:PARTY_TO]->() } DESC, a.key LIMIT 1",
            database_=db,
        )
        total, _, _ = await driver.execute_query(
            "MATCH (a:Actor) RETURN count(a) AS n", database_=db
        )
    finally:
        await driver.close()
    keys = [r["key"] for r in ordinary]
    rng = random.Random(2026)  # noqa: S311 (reproducible picks)
    chosen = [rng.sample(keys, 2) for _ in range(pairs)]
    return {"actors": total[0]["n"], "ordinary": keys[0], "pairs": chosen, "hub": hub[0]["key"]}


def reads(p: dict[str, Any]) -> list[Read]:
    pairs = [{"from": a, "to": b} for a, b in p["pairs"]]
    return [
        Read("paths maxHops 4 (pairs)", PATHS, [{**x, "hops": 4} for x in pairs]),
        Read("paths maxHops 6 (pairs)", PATHS, [{**x, "hops": 6} for x in pairs]),
        Read("brokers(first: 5)", BROKERS, [{}]),
        Read("neighbourhood depth 2, 100", NEIGHBOURHOOD, [{"key": p["ordinary"], "limit": 100}]),
        Read("neighbourhood hub depth 2, 200", NEIGHBOURHOOD, [{"key": p["hub"], "limit": 200}]),
        Read("50 by AGREEMENT_COUNT x 10 x parties", BY_AGREEMENTS, [{}]),
        Read("expertise decarbonisation", EXPERTISE, [{"theme": "decarbonisation"}]),
        Read("search aerostructures agadir", SEARCH, [{"text": "aerostructures agadir"}]),
        Read("actors startsWith, NAME", STARTS, [{"prefix": "Ag"}]),
        Read("totalCount", TOTAL, [{}]),
    ]


def call(
    client: httpx.Client, url: str, read: Read, variables: dict[str, Any]
) -> tuple[float, str]:
    t0 = time.perf_counter()
    response = client.post(url, json={"query": read.query, "variables": variables})
    elapsed = (time.perf_counter() - t0) * 1000
    body = orjson.loads(response.content)
    errors = body.get("errors")
    if errors:
        code = errors[0].get("extensions", {}).get("code", "?")
        return elapsed, f"{code}: {errors[0].get('message', '')[:70]}"
    return elapsed, "answer"


async def main(options: argparse.Namespace) -> None:
    settings = bench_settings()
    chosen = await picks(settings, options.pairs)
    port = free_port()
    env = {
        **SERVER_ENV,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "NEO4J_INSTANCE": settings.neo4j_instance,
    }
    rows: list[dict[str, Any]] = []
    url = f"http://127.0.0.1:{port}/graphql"
    load_before = os.getloadavg()
    with (
        server("maillage-scale", maillage_command(), env, ROOT, f"{url[:-8]}/healthz", RESULTS),
        httpx.Client(timeout=120) as client,
    ):
        for read in reads(chosen):
            await clear(settings)
            first, got = call(client, url, read, read.variables[0])
            outcomes = {got}
            for variables in read.variables[1:]:  # every pair once before the measured calls
                outcomes.add(call(client, url, read, variables)[1])
            warm: list[float] = []
            for index in range(max(options.warm, len(read.variables))):
                elapsed, got = call(client, url, read, read.variables[index % len(read.variables)])
                warm.append(elapsed)
                outcomes.add(got)
            rows.append(
                {"read": read.name, "first_ms": round(first, 1), **summary(warm)}
                | {"outcomes": sorted(outcomes)}
            )
    report = {
        "actors": chosen["actors"],
        "load_average": [round(x, 2) for x in (*load_before, *os.getloadavg())],
        "picks": chosen,
        "reads": rows,
    }
    name = options.out or f"scale-{chosen['actors']}"
    (RESULTS / f"{name}.json").write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2) + b"\n")
    table = Table(title=f"{chosen['actors']:,} actors; load average {report['load_average']}")
    for column in ("read", "first ms", "warm p50", "warm p95", "warm max", "what the user gets"):
        table.add_column(
            column, justify="left" if column in ("read", "what the user gets") else "right"
        )
    for r in rows:
        table.add_row(
            r["read"], str(r["first_ms"]), str(r["p50"]), str(r["p95"]), str(r["max"]),
            "; ".join(r["outcomes"]),
        )  # fmt: skip
    console.print(table)


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--warm", type=int, default=10)
    parser.add_argument("--pairs", type=int, default=10)
    parser.add_argument("--out", default="")
    asyncio.run(main(parser.parse_args()))


if __name__ == "__main__":
    cli()
