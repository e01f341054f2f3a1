"""`make bench`: Maillage against the Neo4j GraphQL Library on the same graph, and its floor.

    .venv/bin/python -m bench.run [--actors 10000] [--quick] [--reload]

Starts the `synth` Neo4j instance (loading the synthetic graph when it holds another size),
Maillage in production settings under uvicorn, the peer (bench/peer: @neo4j/graphql on
graphql-yoga, Node), then runs the query mix (bench/queries.py) against each at concurrency
1, 8 and 32 with wrk, in rounds whose target order rotates, and the floor: the very Cypher
statements Maillage sends, replayed through the async Python driver at the same concurrency.
Writes bench/results/latest.json and latest.png and prints the table.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

import httpx
import orjson
from rich.console import Console

from bench import load, queries
from bench.chart import draw
from bench.floor import Floor, capture
from bench.processes import free_port, peer_ready, rss_mb, server
from bench.report import HEADLINE, machine, table
from graph.db import open_driver, verify
from scripts import neo4j_server
from seeds import synth
from settings import ROOT, Settings

RESULTS = ROOT / "bench" / "results"
PEER = ROOT / "bench" / "peer"
TARGETS = ("maillage", "peer", "floor")
# Production settings, with the guards a load test would trip relaxed: no rate limit, and a
# cost budget that admits Q2 (50 actors x 10 agreements x their parties: estimated ~27,000).
SERVER_ENV = {
    "MAILLAGE_ENV": "production",
    "MAILLAGE_RATE_LIMIT": "0",
    "MAILLAGE_MAX_COST": "100000",
    "MAILLAGE_MAX_COST_TRUSTED": "100000",
    "MAILLAGE_DEBUG_CYPHER": "false",
}
console = Console(width=150)
PIDS: dict[str, int] = {}  # server process ids by target, for their memory


@dataclass(frozen=True)
class Plan:
    levels: tuple[int, ...]
    rounds: int
    seconds: float
    warmup: float
    with_normal: bool


QUICK = Plan(levels=(1, 8, 32), rounds=1, seconds=2.0, warmup=1.0, with_normal=False)
FULL = Plan(levels=(1, 8, 32), rounds=3, seconds=6.0, warmup=1.0, with_normal=True)


@dataclass
class Runs:
    """Measurements of one (query, concurrency, target) over the rounds."""

    rps: list[float] = field(default_factory=list)
    p50: list[float] = field(default_factory=list)
    p99: list[float] = field(default_factory=list)
    errors: int = 0
    requests: int = 0


def bench_settings() -> Settings:
    settings = Settings.from_env()
    if settings.provisioned and "NEO4J_INSTANCE" not in os.environ:
        settings = settings.with_instance("synth")
    return replace(settings, debug_cypher=False, fast_path=True)


def maillage_command() -> list[str]:
    return [sys.executable, "-m", "scripts.cli", "serve"]


async def ensure_graph(settings: Settings, actors: int, reload: bool) -> None:
    driver = open_driver(settings)
    try:
        await verify(driver, settings)
        records, _, _ = await driver.execute_query(
            "MATCH (a:Actor) WITH count(a) AS actors "
            "OPTIONAL MATCH (d:Dataset {key: 'synthetic'}) RETURN actors, count(d) AS synthetic",
            database_=settings.neo4j_database,
        )
    finally:
        await driver.close()
    held, synthetic = records[0]["actors"], records[0]["synthetic"]
    if held == actors and synthetic and not reload:
        console.print(f"{settings.uri}: the synthetic graph of {actors:,} actors is loaded")
        return
    console.print(f"loading the synthetic graph: {actors:,} actors, seed 1 (held: {held:,})")
    report = await synth.load_with_settings(settings, actors, seed=1)
    console.print(report.render())


def peer_statements(port: int) -> int:
    return int(httpx.get(f"http://127.0.0.1:{port}/cypher-count", timeout=5).text)


def post(port: int, body: bytes) -> bytes:
    answer = httpx.post(
        f"http://127.0.0.1:{port}/graphql",
        content=body,
        headers={"content-type": "application/json"},
        timeout=60,
    )
    return answer.content


def objects(value: Any) -> int:
    """How many JSON objects a response holds: the size of its shape."""
    if isinstance(value, dict):
        return 1 + sum(objects(v) for v in value.values())
    if isinstance(value, list):
        return sum(objects(v) for v in value)
    return 0


def check(port: int, bodies: list[bytes], name: str) -> tuple[float, list[Any]]:
    """Each body once; any error stops the bench. Returns the mean objects per response and
    each response's determined answer (`queries.answer`)."""
    sizes, answers = [], []
    for body in bodies:
        answer = orjson.loads(post(port, body))
        if answer.get("errors") or answer.get("data") is None:
            raise SystemExit(f"{name} answered with errors: {str(answer)[:800]}")
        sizes.append(objects(answer["data"]))
        answers.append(queries.answer(name, answer["data"]))
    return statistics.fmean(sizes), answers


def same_answers(name: str, ours: list[Any], theirs: list[Any]) -> None:
    """A ratio between different answers means nothing: the bench stops when they differ."""
    for index, (mine, peer) in enumerate(zip(ours, theirs, strict=True)):
        if mine != peer:
            raise SystemExit(
                f"{name} request {index}: Maillage and the peer answer differently:\n"
                f"  Maillage: {mine}\n  peer:     {peer}"
            )


def rotated(targets: tuple[str, ...], round_: int) -> list[str]:
    shift = round_ % len(targets)
    return list(targets[shift:] + targets[:shift])


async def measure(
    settings: Settings, plan: Plan, mix: dict[str, list[queries.Request]], ports: dict[str, int]
) -> tuple[dict[str, dict[int, dict[str, Runs]]], dict[str, dict[str, float]], dict[str, Any]]:
    """Every (query, concurrency, target), in rounds; also round trips and response sizes."""
    targets = TARGETS + (("maillage_normal",) if "maillage_normal" in ports else ())
    scripts = {
        (q, side): load.Script([getattr(r, side) for r in requests])
        for q, requests in mix.items()
        for side in ("maillage", "peer")
    }
    trips: dict[str, dict[str, float]] = {}
    shape: dict[str, Any] = {}
    workloads = {}
    for q, requests in mix.items():
        captured = await capture(settings, [r.maillage for r in requests])
        if not all(captured):
            raise SystemExit(f"{q}: no Cypher statement was captured for the floor to replay")
        workloads[q] = captured
        ours, our_answers = check(ports["maillage"], [r.maillage for r in requests], q)
        theirs, their_answers = check(ports["peer"], [r.peer for r in requests], q)
        same_answers(q, our_answers, their_answers)
        shape[q] = {"maillage_objects": round(ours), "peer_objects": round(theirs)}
        before = peer_statements(ports["peer"])  # after a first pass: no start-up checks
        check(ports["peer"], [r.peer for r in requests], q)
        peer_trips = (peer_statements(ports["peer"]) - before) / len(requests)
        maillage_trips = statistics.fmean(len(c) for c in captured)
        trips[q] = {"maillage": maillage_trips, "peer": peer_trips, "floor": maillage_trips}
    driver = open_driver(settings)
    floor = Floor(driver, settings.neo4j_database, settings.query_timeout)
    results: dict[str, dict[int, dict[str, Runs]]] = {
        q: {c: {t: Runs() for t in targets} for c in plan.levels} for q in mix
    }
    rss: dict[str, float] = {}
    total = len(mix) * len(plan.levels) * plan.rounds * len(targets)
    done = 0
    try:
        for c in plan.levels:
            for q in mix:
                for round_ in range(plan.rounds):
                    for target in rotated(targets, round_):
                        runs = results[q][c][target]
                        if target == "floor":
                            if plan.warmup:
                                await floor.run(workloads[q], c, plan.warmup)
                            f = await floor.run(workloads[q], c, plan.seconds)
                            rps = f.requests / f.seconds
                            p50 = _percentile(f.latencies_ms, 0.5)
                            p99 = _percentile(f.latencies_ms, 0.99)
                            errors, requests_ = f.errors, f.requests
                            rss["floor"] = max(rss.get("floor", 0.0), rss_mb(os.getpid()))
                        else:
                            side = "peer" if target == "peer" else "maillage"
                            url = f"http://127.0.0.1:{ports[target]}/graphql"
                            if plan.warmup:
                                load.run(url, scripts[(q, side)], c, plan.warmup)
                            w = load.run(url, scripts[(q, side)], c, plan.seconds)
                            rps, p50, p99 = w.rps, w.p50_ms, w.p99_ms
                            errors, requests_ = w.errors, w.requests
                            pid = PIDS[target]
                            rss[target] = max(rss.get(target, 0.0), rss_mb(pid))
                        runs.rps.append(rps)
                        runs.p50.append(p50)
                        runs.p99.append(p99)
                        runs.errors += errors
                        runs.requests += requests_
                        done += 1
                        console.print(
                            f"[{done}/{total}] {q} c={c} round {round_ + 1} {target:16} "
                            f"{rps:8.1f} rps  p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  "
                            f"errors {errors}"
                        )
    finally:
        await driver.close()
        for script in scripts.values():
            script.close()
    return results, trips, {"shape": shape, "rss": rss}


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _ratio(a: list[float], b: list[float]) -> float:
    """The median of per-round ratios: each measured side by side."""
    pairs = [x / y for x, y in zip(a, b, strict=True) if y]
    return statistics.median(pairs) if pairs else 0.0


def summarise(
    plan: Plan,
    results: dict[str, dict[int, dict[str, Runs]]],
    trips: dict[str, dict[str, float]],
    extra: dict[str, Any],
    options: argparse.Namespace,
    started: datetime,
) -> dict[str, Any]:
    per_query: dict[str, Any] = {}
    for q, levels in results.items():
        by_level: dict[str, Any] = {}
        for c, targets in levels.items():
            row: dict[str, Any] = {}
            for target, runs in targets.items():
                row[f"{target}_rps"] = round(statistics.median(runs.rps), 1)
                row[f"{target}_p50_ms"] = round(statistics.median(runs.p50), 2)
                row[f"{target}_p99_ms"] = round(statistics.median(runs.p99), 2)
                row[f"{target}_errors"] = runs.errors
                row[f"{target}_requests"] = runs.requests
            row["ratio_vs_peer"] = round(_ratio(targets["maillage"].rps, targets["peer"].rps), 3)
            row["ratio_vs_floor"] = round(_ratio(targets["maillage"].rps, targets["floor"].rps), 3)
            if "maillage_normal" in targets:
                row["fast_path_gain"] = round(
                    _ratio(targets["maillage"].rps, targets["maillage_normal"].rps), 3
                )
            by_level[str(c)] = row
        headline = by_level[str(HEADLINE)] if str(HEADLINE) in by_level else by_level[str(c)]
        per_query[q] = {
            "description": queries.DESCRIPTIONS[q],
            **headline,
            "round_trips": trips[q],
            **extra["shape"][q],
            "by_concurrency": by_level,
        }
    return {
        "generated": started.isoformat(timespec="seconds"),
        "command": "make bench" + (" QUICK=1" if options.quick else ""),
        "headline_concurrency": HEADLINE,
        "plan": {
            "levels": list(plan.levels),
            "rounds": plan.rounds,
            "seconds": plan.seconds,
            "warmup": plan.warmup,
        },
        "graph": {"actors": options.actors, "instance": "synth"},
        "load_generator": "wrk (Lua POST script); floor: asyncio + neo4j async driver",
        "machine": machine(),
        "server_rss_mb": {k: round(v, 1) for k, v in extra["rss"].items()},
        "maillage_env": {**SERVER_ENV, "MAILLAGE_WORKERS": str(options.workers)},
        "queries": per_query,
    }


async def main(options: argparse.Namespace) -> None:
    started = datetime.now(UTC)
    plan = QUICK if options.quick else FULL
    if options.seconds:
        plan = replace(plan, seconds=options.seconds)
    if options.rounds:
        plan = replace(plan, rounds=options.rounds)
    if options.levels:
        plan = replace(plan, levels=tuple(options.levels))
    settings = bench_settings()
    RESULTS.mkdir(parents=True, exist_ok=True)
    load.wrk_binary()
    if settings.provisioned:
        console.print(neo4j_server.start(settings).describe(settings))
    await ensure_graph(settings, options.actors, options.reload)
    driver = open_driver(settings)
    try:
        picked = await queries.sample(driver, settings.neo4j_database, 48, seed=2026)
    finally:
        await driver.close()
    mix = queries.requests(picked)
    if options.only:
        mix = {q: r for q, r in mix.items() if q in options.only}
    if not (PEER / "node_modules").is_dir():
        console.print("installing the peer (npm ci in bench/peer)")
    peer_ready(PEER)
    ports = {"maillage": free_port(), "peer": free_port()}
    base_env = {**SERVER_ENV, "HOST": "127.0.0.1", "NEO4J_INSTANCE": settings.neo4j_instance}
    peer_env = {
        "PORT": str(ports["peer"]),
        "NEO4J_URI": settings.uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.password(),
        "PEER_NEIGHBOURHOOD": queries.peer_neighbourhood(),
    }
    with (
        server(
            "maillage",
            maillage_command(),
            {
                **base_env,
                "PORT": str(ports["maillage"]),
                "MAILLAGE_FAST_PATH": "true",
                "MAILLAGE_WORKERS": str(options.workers),
            },
            ROOT,
            f"http://127.0.0.1:{ports['maillage']}/healthz",
            RESULTS,
        ) as maillage,
        server(
            "peer",
            ["node", "server.js"],
            peer_env,
            PEER,
            f"http://127.0.0.1:{ports['peer']}/cypher-count",
            RESULTS,
        ) as peer,
        _normal(plan, base_env, ports) as normal,
    ):
        PIDS.update({"maillage": maillage.pid, "peer": peer.pid})
        if normal is not None:
            PIDS["maillage_normal"] = normal.pid
        results, trips, extra = await measure(settings, plan, mix, ports)
    report = summarise(plan, results, trips, extra, options, started)
    name = "quick" if options.quick else "latest"
    if options.workers != 1:
        name += f"-{options.workers}-workers"
    (RESULTS / f"{name}.json").write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2) + b"\n")

    draw(report, RESULTS / f"{name}.png")
    console.print(table(report))
    console.print(f"wrote {RESULTS / name}.json and {name}.png")


@contextmanager
def _normal(
    plan: Plan, env: dict[str, str], ports: dict[str, int]
) -> Iterator[subprocess.Popen[bytes] | None]:
    """A second Maillage with the fast path off, to show what it buys (full runs only)."""
    if not plan.with_normal:
        yield None
        return
    ports["maillage_normal"] = free_port()
    port = ports["maillage_normal"]
    with server(
        "maillage_normal",
        maillage_command(),
        {**env, "PORT": str(port), "MAILLAGE_FAST_PATH": "false"},
        ROOT,
        f"http://127.0.0.1:{port}/healthz",
        RESULTS,
    ) as process:
        yield process


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actors", type=int, default=10_000, help="synthetic graph size")
    parser.add_argument("--quick", action="store_true", help="a short run (under 5 minutes)")
    parser.add_argument("--reload", action="store_true", help="regenerate the graph (seed 1)")
    parser.add_argument("--only", nargs="*", help="run only these queries, e.g. Q2 Q5")
    parser.add_argument("--seconds", type=float, help="length of each measured run")
    parser.add_argument("--rounds", type=int, help="rounds per query and concurrency")
    parser.add_argument("--levels", type=int, nargs="*", help="concurrency levels")
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="Maillage worker processes (MAILLAGE_WORKERS; the peer stays one Node process)",
    )
    asyncio.run(main(parser.parse_args()))
