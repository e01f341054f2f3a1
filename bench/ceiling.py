"""What the stack allows: Q1 through ever more of Maillage, side by side with the peer.

    .venv/bin/python -m bench.ceiling [--levels 8 32] [--rounds 2] [--seconds 5] [--query Q1]

On the synth graph (`make bench` loads it), one process each, wrk at each concurrency, in rounds
whose target order rotates:
  bare         uvicorn + uvloop + httptools and a bare ASGI app (bench/bare.py) answering the
               query's own response bytes: the HTTP ceiling of one Python process;
  bare+driver  the same app, sending first the query's own Cypher statements through the async
               driver, as Maillage sends them: the ceiling of any Python server answering it;
  maillage     Maillage in production settings (`maillage serve`);
  peer         the Neo4j GraphQL Library (bench/peer), one Node process;
  floor        the statements alone, through the async driver in this process (no HTTP).
Prints requests per second and the ratios the goal of 2x the peer is measured by.
"""

from __future__ import annotations

import argparse
import asyncio
import pickle
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from bench import load, queries
from bench.floor import Floor, capture
from bench.processes import cpu_ms, free_port, peer_ready, server
from bench.run import PEER, RESULTS, SERVER_ENV, bench_settings, maillage_command, post
from graph.db import open_driver
from scripts import neo4j_server
from settings import ROOT

TARGETS = ("bare", "bare+driver", "maillage", "peer", "floor")


def uvicorn_command(port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "bench.bare:app",
        "--loop",
        "uvloop",
        "--http",
        "httptools",
        "--no-access-log",
        "--log-level",
        "warning",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]


async def main(options: argparse.Namespace) -> None:
    settings = bench_settings()
    load.wrk_binary()
    if settings.provisioned:
        neo4j_server.start(settings)
    driver = open_driver(settings)
    try:
        picked = await queries.sample(driver, settings.neo4j_database, 48, seed=2026)
    finally:
        await driver.close()
    requests = queries.requests(picked)[options.query]
    ours = [r.maillage for r in requests]
    captured = await capture(settings, ours)
    ports = {t: free_port() for t in TARGETS if t != "floor"}
    base = {**SERVER_ENV, "HOST": "127.0.0.1", "NEO4J_INSTANCE": settings.neo4j_instance}
    peer_ready(PEER)
    RESULTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="maillage-ceiling-") as folder, ExitStack() as stack:
        trips = Path(folder) / "trips.pickle"
        trips.write_bytes(pickle.dumps(captured))
        answer = Path(folder) / "answer.json"
        pids: dict[str, int] = {}
        pids["maillage"] = stack.enter_context(
            server(
                "maillage",
                maillage_command(),
                {**base, "PORT": str(ports["maillage"]), "MAILLAGE_FAST_PATH": "true"},
                ROOT,
                f"http://127.0.0.1:{ports['maillage']}/healthz",
                RESULTS,
            )
        ).pid
        answer.write_bytes(post(ports["maillage"], ours[0]))
        for name, extra in (("bare", {}), ("bare+driver", {"BARE_TRIPS": str(trips)})):
            pids[name] = stack.enter_context(
                server(
                    name.replace("+", "-"),
                    uvicorn_command(ports[name]),
                    {**base, "BARE_BODY": str(answer), **extra},
                    ROOT,
                    f"http://127.0.0.1:{ports[name]}/",
                    RESULTS,
                )
            ).pid
        pids["peer"] = stack.enter_context(
            server(
                "peer",
                ["node", "server.js"],
                {
                    "PORT": str(ports["peer"]),
                    "NEO4J_URI": settings.uri,
                    "NEO4J_USER": settings.neo4j_user,
                    "NEO4J_PASSWORD": settings.password(),
                    "PEER_NEIGHBOURHOOD": queries.peer_neighbourhood(),
                },
                PEER,
                f"http://127.0.0.1:{ports['peer']}/cypher-count",
                RESULTS,
            )
        ).pid
        scripts = {
            "maillage": load.Script(ours),
            "peer": load.Script([r.peer for r in requests]),
        }
        driver = open_driver(settings)
        floor = Floor(driver, settings.neo4j_database, settings.query_timeout)
        rps: dict[tuple[int, str], list[float]] = {}
        cpu: dict[tuple[int, str], list[float]] = {}
        try:
            for level in options.levels:
                for round_ in range(options.rounds):
                    shift = round_ % len(TARGETS)
                    for target in TARGETS[shift:] + TARGETS[:shift]:
                        if target == "floor":
                            await floor.run(captured, level, 1.0)
                            before = time.process_time() * 1000
                            f = await floor.run(captured, level, options.seconds)
                            spent = time.process_time() * 1000 - before
                            found, count = f.requests / f.seconds, f.requests
                        else:
                            url = f"http://127.0.0.1:{ports[target]}/graphql"
                            script = scripts["peer" if target == "peer" else "maillage"]
                            load.run(url, script, level, 1.0)
                            before = cpu_ms(pids[target])
                            w = load.run(url, script, level, options.seconds)
                            spent = cpu_ms(pids[target]) - before
                            found, count = w.rps, w.requests
                        rps.setdefault((level, target), []).append(found)
                        cpu.setdefault((level, target), []).append(spent / max(count, 1))
                        print(
                            f"c={level} round {round_ + 1} {target:12} {found:8.0f} rps "
                            f"{spent / max(count, 1):6.2f} ms CPU/request  load {_load()}"
                        )
        finally:
            await driver.close()
            for script in scripts.values():
                script.close()
    print(report(rps, cpu, options))


def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def report(
    rps: dict[tuple[int, str], list[float]],
    cpu: dict[tuple[int, str], list[float]],
    options: argparse.Namespace,
) -> str:
    """The Markdown tables of docs/benchmarks.md: median rps and what 2x the peer asks; the
    server's CPU per request, which bounds one process's rate (1000 / ms on one core)."""
    lines = [
        f"{options.query}, median of {options.rounds} rounds of {options.seconds:g} s:",
        "",
        "| c | bare | bare+driver | floor | Maillage | peer | 2x peer "
        "| 2x peer / bare+driver | Maillage / peer |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for level in options.levels:
        m = {t: statistics.median(rps[(level, t)]) for t in TARGETS}
        lines.append(
            f"| {level} | {m['bare']:.0f} | {m['bare+driver']:.0f} | {m['floor']:.0f} "
            f"| {m['maillage']:.0f} | {m['peer']:.0f} | {2 * m['peer']:.0f} "
            f"| {2 * m['peer'] / m['bare+driver']:.2f} | {m['maillage'] / m['peer']:.2f} |"
        )
    lines += [
        "",
        "Server CPU per request, ms (floor: the driver alone, in the bench's own process):",
        "",
        "| c | bare | bare+driver | floor | Maillage | peer | Maillage - bare+driver |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for level in options.levels:
        m = {t: statistics.median(cpu[(level, t)]) for t in TARGETS}
        lines.append(
            f"| {level} | {m['bare']:.3f} | {m['bare+driver']:.3f} | {m['floor']:.3f} "
            f"| {m['maillage']:.3f} | {m['peer']:.3f} | {m['maillage'] - m['bare+driver']:.3f} |"
        )
    lines.append(f"\nload average at the end: {_load()}")
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--levels", type=int, nargs="*", default=[8, 32])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--query", default="Q1", choices=sorted(queries.DESCRIPTIONS))
    asyncio.run(main(parser.parse_args()))
