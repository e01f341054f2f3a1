"""Server CPU per request for three small reads on the seed graph: `{ __typename }`, an actor by
key and a 20-row filtered list, sent one after another on one keep-alive connection to one
production-mode server process. The figure is the process's own CPU time (utime + stime from
`/proc/<pid>/stat`) over the run, divided by the requests: it holds on a busy machine, where
wall-clock time also counts the wait for a core.

    .venv/bin/python -m bench.percall                 # the three reads, 3 runs of 2,000 each
    .venv/bin/python -m bench.percall --profile DIR   # also a py-spy profile of each read
    .venv/bin/python -m bench.percall --against TREE  # alternating runs with another checkout

The graph must hold the seed graph (`maillage seed`), on the instance NEO4J_INSTANCE names.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import orjson

from bench.processes import cpu_ms, free_port, server

ROOT = Path(__file__).resolve().parent.parent
ENV = {
    "MAILLAGE_ENV": "production",
    "MAILLAGE_RATE_LIMIT": "0",
    "MAILLAGE_DEBUG_CYPHER": "false",
}
ACTOR = "query A($key: String!) { actor(key: $key) { key name kind } }"
LIST = """query L($kind: ActorKind!, $since: Date!) { actors(first: 20,
  where: {kind: {equals: $kind}, agreements: {some: {signedOn: {gte: $since}}}},
  orderBy: [{field: NAME}]) { nodes { key name kind } } }"""


def bodies(keys: list[str]) -> dict[str, list[bytes]]:
    """Each read's request bodies: the same document, values varying from request to request."""
    since = ["2010-01-01", "2015-01-01", "2018-01-01"]
    kinds = ["COMPANY", "ENGINEERING_FIRM", "TRAINING_INSTITUTE"]
    return {
        "typename": [orjson.dumps({"query": "{ __typename }"})],
        "actor": [orjson.dumps({"query": ACTOR, "variables": {"key": k}}) for k in keys],
        "list": [
            orjson.dumps({"query": LIST, "variables": {"kind": k, "since": s}})
            for k in kinds
            for s in since
        ],
    }


def actor_keys(client: httpx.Client) -> list[str]:
    found = client.post("/graphql", json={"query": "{ actors(first: 20) { nodes { key } } }"})
    nodes = found.json()["data"]["actors"]["nodes"]
    if not nodes:
        raise SystemExit("the graph holds no actors: load the seed graph (`maillage seed`)")
    return [node["key"] for node in nodes]


def send(client: httpx.Client, requests: list[bytes], count: int) -> None:
    headers = {"content-type": "application/json"}
    for i in range(count):
        response = client.post("/graphql", content=requests[i % len(requests)], headers=headers)
        if response.status_code != 200 or b'"errors"' in response.content:
            raise SystemExit(f"refused: {response.status_code} {response.text[:300]}")


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", type=Path, help="write py-spy profiles into this folder")
    parser.add_argument(
        "--against", type=Path, help="another checkout's server, measured in alternating runs"
    )
    options = parser.parse_args()
    trees = {"this": ROOT} | ({"against": options.against.resolve()} if options.against else {})
    with contextlib.ExitStack() as stack:
        targets = {name: stack.enter_context(target(name, tree)) for name, tree in trees.items()}
        reads = bodies(actor_keys(next(iter(targets.values()))[1]))
        for name, requests in reads.items():
            figures: dict[str, list[tuple[float, float]]] = {tree: [] for tree in targets}
            for _process, client in targets.values():
                send(client, requests, 300)  # warm: plans, kept documents
            for _ in range(options.runs):
                for tree, (process, client) in targets.items():
                    figures[tree].append(run(process.pid, client, requests, options.requests))
            for tree, runs in figures.items():
                cpu = ", ".join(f"{c:.2f}" for c, _ in runs)
                rate = ", ".join(f"{r:.0f}" for _, r in runs)
                print(f"{name:9} {tree:8} server CPU ms/request: {cpu}   requests/s: {rate}")
            print(f"  load {load()}")
            if options.profile:
                process, client = targets["this"]
                profile(process.pid, client, requests, options.profile / f"{name}.txt")


@contextlib.contextmanager
def target(name: str, tree: Path) -> Iterator[tuple[subprocess.Popen[bytes], httpx.Client]]:
    """A production-mode server of the checkout `tree`, and a keep-alive client of it."""
    port = free_port()
    logs = ROOT / "bench" / "results"
    logs.mkdir(exist_ok=True)
    command = [sys.executable, "-m", "scripts.cli", "serve"]
    env = {**ENV, "HOST": "127.0.0.1", "PORT": str(port)}
    url = f"http://127.0.0.1:{port}"
    with (
        server(f"percall-{name}", command, env, tree, f"{url}/healthz", logs) as process,
        httpx.Client(base_url=url, timeout=30) as client,
    ):
        yield process, client


def run(pid: int, client: httpx.Client, requests: list[bytes], count: int) -> tuple[float, float]:
    """Server CPU milliseconds per request and requests per second over `count` requests."""
    before = cpu_ms(pid)
    started = time.perf_counter()
    send(client, requests, count)
    spent = cpu_ms(pid) - before
    return spent / count, count / (time.perf_counter() - started)


def profile(pid: int, client: httpx.Client, requests: list[bytes], out: Path) -> None:
    """py-spy's top functions by own and total time while the read runs (15 s of samples)."""
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    out.parent.mkdir(parents=True, exist_ok=True)
    raw = out.with_suffix(".raw")
    record = subprocess.Popen(
        [spy, "record", "-p", str(pid), "-d", "15", "-r", "200", "-f", "raw", "-o", str(raw)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ},
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and record.poll() is None:
        send(client, requests, 200)
    record.wait()
    out.write_text(top(raw.read_text()))
    print(f"  profile: {out}")


def top(collapsed: str, lines: int = 25) -> str:
    """The functions with the most samples, own and total, from py-spy's collapsed stacks."""
    own: dict[str, int] = {}
    total: dict[str, int] = {}
    samples = 0
    for line in collapsed.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not count_text.isdigit():
            continue
        count = int(count_text)
        frames = stack.split(";")
        samples += count
        own[frames[-1]] = own.get(frames[-1], 0) + count
        for frame in set(frames):
            total[frame] = total.get(frame, 0) + count
    if not samples:
        return "no samples\n"

    def table(title: str, counts: dict[str, int]) -> list[str]:
        ranked = sorted(counts.items(), key=lambda item: -item[1])[:lines]
        return [title] + [f"{100 * n / samples:5.1f} %  {frame}" for frame, n in ranked]

    rows = [f"{samples} samples", *table("own", own), "", *table("total", total)]
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    main()
