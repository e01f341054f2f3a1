"""`make bench COLD=1`: first calls with Neo4j's plan caches cleared, on Maillage and the peer.

    .venv/bin/python -m bench.cold [--actors 10000 | --seed-graph] [--no-peer]

For each read of a set generated across every root field (connections with varied
selections, filters and orders; actors by key with nested lists; paths at every hop count,
with and without asOf and via; neighbourhoods at each depth; expertise; search; brokers;
timeline): after a pause of `SETTLE_SECONDS` (the server may still be planning a statement in
the background), `CALL db.clearQueryCaches()`, then the read twice. Prints p50 / p95 / max of the
first and second calls, wall-clock and the CPU time Neo4j spent on them (which holds on a busy
machine, where wall-clock time also counts waiting for a core), and how many distinct
statement texts the set sent (from
`extensions.cypher`, so Maillage runs here with MAILLAGE_DEBUG_CYPHER on), then the same for
the peer's reads (bench/queries.py), and writes bench/results/cold-<graph>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
from rich.console import Console
from rich.table import Table

from bench import queries
from bench.processes import cpu_ms, free_port, peer_ready, server
from bench.report import machine
from bench.run import (
    PEER,
    RESULTS,
    SERVER_ENV,
    bench_settings,
    ensure_graph,
    maillage_command,
    peer_statements,
)
from graph.db import open_driver, verify
from scripts import neo4j_server
from seeds import loader
from settings import ROOT, Settings

console = Console(width=150)

ACTOR_PAGE = "query ($first: Int) { actors(first: $first) { nodes { key name } } }"
ACTOR_FILTERED = """query ($kind: ActorKind!, $after: String) { actors(first: 10, after: $after,
  where: {OR: [{kind: {equals: $kind}}, {founded: {gte: 2000}}]}, orderBy: [{field: NAME}]) {
  totalCount edges { cursor node { key name kind founded } }
  pageInfo { hasNextPage endCursor } } }"""
ACTOR_SINCE = """query ($since: Date!) { actors(first: 20, orderBy: [{field: NAME}],
  where: {agreements: {some: {signedOn: {gte: $since}}}}) { nodes { key kind founded } } }"""
ACTOR_NESTED = """{ actors(first: 10, orderBy: [{field: KEY}]) { nodes { key name kind
  agreements(first: 5) { nodes { key title signedOn parties { role actor { key name } } } } } } }"""
ACTOR_COUNT = "{ actors { totalCount } }"
ACTOR_BY_KEY = "query ($key: String!) { actor(key: $key) { key name kind founded city { name } } }"
ACTOR_PARTNERS = """query ($key: String!) { actor(key: $key) { key name
  partners(first: 10) { strength actor { key name kind
    agreements(first: 3) { nodes { key parties { actor { key } } } } } } } }"""
ACTOR_DETAIL = """query ($key: String!) { actor(key: $key) { key names { fr en } acronym
  sectors { key name } competencies { theme { key } evidence } sources { key title url }
  confidence note
  memberOf { key } subsidiaries { key } links { type outgoing actor { key } } } }"""
ACTOR_AGREEMENTS = """query ($key: String!) { actor(key: $key) { key
  agreements(first: 5, orderBy: [{field: SIGNED_ON, direction: DESC}]) { totalCount
    nodes { key title signedOn kind parties { role actor { key name } } } } } }"""
AGREEMENT_PAGE = """{ agreements(first: 20, orderBy: [{field: SIGNED_ON, direction: DESC}]) {
  nodes { key title signedOn parties { role actor { key name } } themes { key label } } } }"""
AGREEMENT_FILTERED = """query ($since: Date!) { agreements(first: 10,
  where: {signedOn: {gte: $since}}) { totalCount edges { cursor node { key kind } } } }"""
AGREEMENT_BY_KEY = """query ($key: String!) { agreement(key: $key) { key title signedOn kind
  parties { role actor { key name kind } } sources { key url } } }"""
PROJECT_PAGE = "{ projects(first: 20) { nodes { key title status startedOn } } }"
THEME_PAGE = "{ themes(first: 50) { nodes { key label } } }"
THEME_BY_KEY = "query ($key: String!) { theme(key: $key) { key label } }"
NODE = "query ($id: ID!) { node(id: $id) { id ... on Actor { key name } } }"
SEARCH = """query ($text: String!) { search(text: $text, first: 10) { score
  node { __typename ... on Actor { key name } ... on Agreement { key title } } } }"""
SEARCH_ACTORS = """query ($text: String!) { search(text: $text, kinds: [ACTOR], first: 10) {
  score node { ... on Actor { key name kind } } } }"""
EXPERTISE = """query ($theme: String!) { expertise(theme: $theme, first: 10) { score
  actor { key name } evidence { kind key title date contribution } } }"""
EXPERTISE_FILTERED = """query ($theme: String!, $asOf: Date) { expertise(theme: $theme,
  kinds: [TECHNICAL_CENTRE, COMPANY], asOf: $asOf, first: 5) { score actor { key } } }"""
HINT = """query ($theme: String!) { expertiseHint(theme: $theme) { matchedBy message
  themes { key } } }"""
PATHS = """query ($from: String!, $to: String!, $hops: Int, $asOf: Date, $via: [LinkKind!]) {
  paths(from: $from, to: $to, maxHops: $hops, asOf: $asOf, via: $via, first: 3) { length
    actors { key name } steps { from { key } to { key } kinds items { kind key title } } } }"""
NEIGHBOURHOOD = """query ($key: String!, $depth: Int, $asOf: Date, $via: [LinkKind!]) {
  neighbourhood(key: $key, depth: $depth, asOf: $asOf, via: $via, limit: 100) {
    nodes { key name kind depth } edges { source target kind strength } truncated } }"""
BROKERS = """query ($theme: String) { brokers(theme: $theme, first: 5) {
  ranking { rank betweenness actor { key name } } exact } }"""
TIMELINE = """query ($actor: String, $theme: String) { timeline(actor: $actor, theme: $theme,
  first: 20) { events { kind key date title parties { key } } truncated } }"""
META = "{ meta { version } }"
COUNTS = "{ actorCounts(groupBy: KIND) { key label count } }"


SETTLE_SECONDS = 2.0


@dataclass(frozen=True)
class Read:
    name: str
    query: str
    variables: dict[str, Any]


@dataclass(frozen=True)
class Picks:
    hub: str
    ordinary: str
    far: str
    agreement: str
    theme: str
    word: str
    node_id: str


def reads(p: Picks) -> list[Read]:
    """The set: at least one read per root field, and the variants web clients send."""
    key = {"key": p.ordinary}
    out = [
        Read("actors page", ACTOR_PAGE, {"first": 20}),
        Read("actors OR filter, cursors", ACTOR_FILTERED, {"kind": "COMPANY", "after": None}),
        Read("actors with agreements since", ACTOR_SINCE, {"since": "2020-01-01"}),
        Read("actors x agreements x parties", ACTOR_NESTED, {}),
        Read("actors totalCount", ACTOR_COUNT, {}),
        Read("actor by key", ACTOR_BY_KEY, key),
        Read("actor partners nested", ACTOR_PARTNERS, key),
        Read("actor detail", ACTOR_DETAIL, key),
        Read("actor agreements", ACTOR_AGREEMENTS, {"key": p.hub}),
        Read("agreements page", AGREEMENT_PAGE, {}),
        Read("agreements filtered", AGREEMENT_FILTERED, {"since": "2015-01-01"}),
        Read("agreement by key", AGREEMENT_BY_KEY, {"key": p.agreement}),
        Read("projects page", PROJECT_PAGE, {}),
        Read("themes page", THEME_PAGE, {}),
        Read("theme by key", THEME_BY_KEY, {"key": p.theme}),
        Read("node by id", NODE, {"id": p.node_id}),
        Read("search", SEARCH, {"text": p.word}),
        Read("search actors", SEARCH_ACTORS, {"text": p.word}),
        Read("expertise", EXPERTISE, {"theme": p.theme}),
        Read("expertise filtered", EXPERTISE_FILTERED, {"theme": p.theme, "asOf": "2024-12-31"}),
        Read("expertise hint", HINT, {"theme": p.theme}),
        Read("brokers", BROKERS, {"theme": None}),
        Read("brokers by theme", BROKERS, {"theme": p.theme}),
        Read("timeline actor", TIMELINE, {"actor": p.hub, "theme": None}),
        Read("timeline theme", TIMELINE, {"actor": None, "theme": p.theme}),
        Read("meta", META, {}),
        Read("actor counts", COUNTS, {}),
    ]
    for hops in range(1, 7):
        ends = {"from": p.ordinary, "to": p.far, "hops": hops}
        out.append(Read(f"paths {hops} hops", PATHS, {**ends, "asOf": None, "via": None}))
    for hops in (3, 5):
        ends = {"from": p.ordinary, "to": p.far, "hops": hops}
        out.append(Read(f"paths {hops} asOf", PATHS, {**ends, "asOf": "2024-01-01", "via": None}))
        out.append(Read(f"paths {hops} via", PATHS, {**ends, "asOf": None, "via": ["AGREEMENT"]}))
    for depth in (1, 2, 3):
        at: dict[str, Any] = {"key": p.ordinary, "depth": depth, "asOf": None, "via": None}
        out.append(Read(f"neighbourhood depth {depth}", NEIGHBOURHOOD, at))
    hub: dict[str, Any] = {"key": p.hub, "depth": 2, "asOf": "2024-01-01"}
    hub["via"] = ["AGREEMENT", "PROJECT"]
    out.append(Read("neighbourhood hub asOf via", NEIGHBOURHOOD, hub))
    return out


async def pick(settings: Settings, seed_graph: bool) -> Picks:
    """Keys that exist on the graph in use: a hub, an ordinary actor, one 3+ links away."""
    driver = open_driver(settings)
    try:
        await verify(driver, settings)
        db = settings.neo4j_database
        hub, _, _ = await driver.execute_query(
            "MATCH (a:Actor) RETURN a.key AS key ORDER BY COUNT { (a)--() } DESC, a.key LIMIT 1",
            database_=db,
        )
        ordinary_key = "ctpc" if seed_graph else None
        if ordinary_key is None:
            picked = await queries.sample(driver, db, 1, seed=2026)
            ordinary_key = picked["keys"][0]
        far, _, _ = await driver.execute_query(
            "MATCH (a:Actor {key: $key})-[:PARTY_TO|PARTICIPATES_IN]->()<-[:PARTY_TO|"
            "PARTICIPATES_IN]-(b)-[:PARTY_TO|PARTICIPATES_IN]->()<-[:PARTY_TO|PARTICIPATES_IN]-"
            "(c)-[:PARTY_TO|PARTICIPATES_IN]->()<-[:PARTY_TO|PARTICIPATES_IN]-(d:Actor) "
            "WHERE d <> a AND NOT EXISTS { (a)-[:PARTY_TO|PARTICIPATES_IN]->()<-"
            "[:PARTY_TO|PARTICIPATES_IN]-(d) } RETURN d.key AS key ORDER BY d.key LIMIT 1",
            key=ordinary_key,
            database_=db,
        )
        rest, _, _ = await driver.execute_query(
            "MATCH (g:Agreement) WITH g ORDER BY g.key LIMIT 1 "
            "MATCH (t:Theme)<-[:COVERS]-() WITH g, t, count(*) AS n ORDER BY n DESC LIMIT 1 "
            "MATCH (a:Actor {key: $key}) RETURN g.key AS agreement, t.key AS theme, "
            "a.nameFr AS name",
            key=ordinary_key,
            database_=db,
        )
    finally:
        await driver.close()
    row = rest[0]
    word = max(str(row["name"]).split(), key=len)
    far_key = far[0]["key"] if far else hub[0]["key"]
    return Picks(hub[0]["key"], ordinary_key, far_key, row["agreement"], row["theme"], word, "")


async def clear(settings: Settings) -> None:
    driver = open_driver(settings)
    try:
        await driver.execute_query("CALL db.clearQueryCaches()", database_=settings.neo4j_database)
    finally:
        await driver.close()


def post(
    client: httpx.Client, url: str, query: str, variables: dict[str, Any], pids: Sequence[int] = ()
) -> tuple[float, Any, list[float]]:
    """One request: its wall-clock milliseconds, its body, and the CPU milliseconds each of
    `pids` (the database) spent meanwhile."""
    before = [cpu_ms(pid) for pid in pids]
    started = time.perf_counter()
    response = client.post(url, json={"query": query, "variables": variables})
    elapsed = (time.perf_counter() - started) * 1000
    spent = [round(cpu_ms(pid) - b, 1) for pid, b in zip(pids, before, strict=True)]
    body = orjson.loads(response.content)
    if response.status_code != 200 or body.get("errors"):
        codes = {e.get("extensions", {}).get("code") for e in body.get("errors") or [{}]}
        if codes - {"TIMEOUT"}:
            raise SystemExit(f"{query[:60]!r} {variables} answered {response.status_code}: {body}")
        console.print(f"[red]{query[:50]!r} {variables}: TIMEOUT after {elapsed:.0f} ms[/red]")
    return elapsed, body, spent


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "p50": round(statistics.median(ordered), 1),
        "p95": round(p95, 1),
        "max": round(ordered[-1], 1),
    }


def timed(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """p50 / p95 / max of the first and second calls, wall-clock and database CPU."""
    return {
        what: summary([float(r[what]) for r in rows])
        for what in ("first_ms", "second_ms", "first_db_cpu_ms", "second_db_cpu_ms")
    }


def row(
    name: str, first: tuple[float, Any, list[float]], second: tuple[float, Any, list[float]]
) -> dict[str, Any]:
    return {
        "read": name,
        "first_ms": round(first[0], 1),
        "second_ms": round(second[0], 1),
        "first_db_cpu_ms": first[2][0],
        "second_db_cpu_ms": second[2][0],
    }


async def peer_questions(settings: Settings) -> dict[str, queries.Request]:
    """The first request of each of `make bench`'s five reads, as each side asks it."""
    driver = open_driver(settings)
    try:
        picked = await queries.sample(driver, settings.neo4j_database, 4, seed=2026)
    finally:
        await driver.close()
    return {name: requests[0] for name, requests in queries.requests(picked).items()}


async def measure_maillage(
    settings: Settings,
    port: int,
    picks: Picks,
    db_pid: int,
    shared: dict[str, queries.Request] | None = None,
) -> dict[str, Any]:
    """The set, then (on the synthetic graph) the reads the peer is asked too."""
    url = f"http://127.0.0.1:{port}/graphql"
    more = [
        Read(name, body["query"], body.get("variables") or {})
        for name, body in ((n, orjson.loads(r.maillage)) for n, r in (shared or {}).items())
    ]
    rows: list[dict[str, Any]] = []
    texts: set[str] = set()
    with httpx.Client(timeout=120) as client:
        _, found, _ = post(
            client, url, "query ($k: String!) { actor(key: $k) { id } }", {"k": picks.hub}
        )
        node_id = found["data"]["actor"]["id"]
        for read in reads(picks) + more:
            variables = {**read.variables, **({"id": node_id} if "id" in read.variables else {})}
            # What the server plans in the background after a read is left to finish first.
            await asyncio.sleep(SETTLE_SECONDS)
            await clear(settings)
            first = post(client, url, read.query, variables, [db_pid])
            second = post(client, url, read.query, variables, [db_pid])
            sent = list(first[1].get("extensions", {}).get("cypher", {}).get("statements", []))
            texts.update(sent)
            rows.append({**row(read.name, first, second), "statements": len(sent)})
    return {
        "reads": rows,
        **timed(rows),
        "distinct_statements": len(texts),
        "statement_chars": summary([float(len(t)) for t in texts]) if texts else {},
    }


async def measure_peer(
    settings: Settings, port: int, db_pid: int, shared: dict[str, queries.Request]
) -> dict[str, Any]:
    url = f"http://127.0.0.1:{port}/graphql"
    rows: list[dict[str, Any]] = []
    before = peer_statements(port)
    with httpx.Client(timeout=120) as client:
        for name, request in shared.items():
            body = orjson.loads(request.peer)
            await clear(settings)
            variables = body.get("variables") or {}
            first = post(client, url, body["query"], variables, [db_pid])
            second = post(client, url, body["query"], variables, [db_pid])
            rows.append(row(name, first, second))
    after = peer_statements(port)
    return {
        "reads": rows,
        **timed(rows),
        "statements_sent": after - before,
    }


def print_report(report: dict[str, Any]) -> None:
    table = Table(title=f"first calls, plan caches cleared ({report['graph']})")
    for column in ("read", "first ms", "db cpu", "second ms", "db cpu ", "statements"):
        table.add_column(column, justify="left" if column == "read" else "right")
    for r in report["maillage"]["reads"]:
        table.add_row(
            r["read"],
            *(
                f"{r[k]:.1f}"
                for k in ("first_ms", "first_db_cpu_ms", "second_ms", "second_db_cpu_ms")
            ),
            str(r["statements"]),
        )
    console.print(table)
    for side in ("maillage", "peer"):
        if side not in report:
            continue
        data = report[side]
        console.print(f"{side}: {len(data['reads'])} reads")
        for what in ("first_ms", "first_db_cpu_ms", "second_ms", "second_db_cpu_ms"):
            figures = data[what]
            console.print(
                f"  {what}: p50 {figures['p50']}, p95 {figures['p95']}, max {figures['max']}"
            )
        if "distinct_statements" in data:
            console.print(f"  {data['distinct_statements']} distinct statement texts")
    for r in report.get("peer", {}).get("reads", []):
        console.print(
            f"  peer {r['read']}: first {r['first_ms']} ms ({r['first_db_cpu_ms']} ms database "
            f"CPU), second {r['second_ms']} ms"
        )


async def main(options: argparse.Namespace) -> None:
    settings = bench_settings()
    if options.seed_graph and "NEO4J_INSTANCE" not in os.environ:
        settings = settings.with_instance("main")
    if settings.provisioned:
        console.print(neo4j_server.start(settings).describe(settings))
    if options.seed_graph:
        await _seeded(settings)
    else:
        await ensure_graph(settings, options.actors, reload=False)
    picks = await pick(settings, options.seed_graph)
    db_pid = neo4j_server.status(settings).pid or 0
    shared = None if options.seed_graph else await peer_questions(settings)
    graph = "seed" if options.seed_graph else f"{options.actors}"
    report: dict[str, Any] = {"graph": graph, "machine": machine(), "picks": picks.__dict__}
    env = {
        **SERVER_ENV,
        "HOST": "127.0.0.1",
        "NEO4J_INSTANCE": settings.neo4j_instance,
        "MAILLAGE_DEBUG_CYPHER": "true",
    }
    port = free_port()
    RESULTS.mkdir(parents=True, exist_ok=True)
    with server(
        "maillage-cold",
        maillage_command(),
        {**env, "PORT": str(port)},
        ROOT,
        f"http://127.0.0.1:{port}/healthz",
        RESULTS,
    ):
        report["maillage"] = await measure_maillage(settings, port, picks, db_pid, shared)
    if options.peer and not options.seed_graph:
        peer_ready(PEER)
        peer_port = free_port()
        peer_env = {
            "PORT": str(peer_port),
            "NEO4J_URI": settings.uri,
            "NEO4J_USER": settings.neo4j_user,
            "NEO4J_PASSWORD": settings.password(),
            "PEER_NEIGHBOURHOOD": queries.peer_neighbourhood(),
        }
        with server(
            "peer-cold",
            ["node", "server.js"],
            peer_env,
            PEER,
            f"http://127.0.0.1:{peer_port}/cypher-count",
            RESULTS,
        ):
            assert shared is not None
            report["peer"] = await measure_peer(settings, peer_port, db_pid, shared)
    print_report(report)
    out = RESULTS / f"cold-{graph}.json"
    out.write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2) + b"\n")
    console.print(f"written: {out.relative_to(ROOT)}")


async def _seeded(settings: Settings) -> None:
    from graph import migrations
    from graph.db import Db

    driver = open_driver(settings)
    try:
        await verify(driver, settings)
        db = Db(driver, settings.neo4j_database, 300.0)
        await migrations.apply(db)
        await loader.load(db)
    finally:
        await driver.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=10_000)
    parser.add_argument(
        "--seed-graph",
        action="store_true",
        help="the seed graph (the main instance, or NEO4J_INSTANCE's when set)",
    )
    parser.add_argument("--no-peer", dest="peer", action="store_false")
    asyncio.run(main(parser.parse_args()))
