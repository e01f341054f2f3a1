"""Scale-out on this machine: real server processes over a neo4j:// routing URI, a write read
through another replica with its bookmark, a worker killed under load, a graceful stop."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import string
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from neo4j import AsyncDriver

from errors import ValidationError
from graph.db import Db
from schema import bookmarks
from settings import ROOT, Settings
from tests.curation_helpers import cypher

pytestmark = pytest.mark.usefixtures("curation_undone")

SOURCE = "article-2025-10-16"
CREATE_ACTOR = """
mutation ($input: ActorInput!) {
  createActor(input: $input) {
    __typename
    ... on ActorPayload { actor { key } }
    ... on MutationError { code message }
  }
}
"""
UPDATE_ACTOR = """
mutation ($key: String!, $name: String!) {
  updateActor(key: $key, input: { nameEn: $name, sources: ["article-2025-10-16"] }) {
    __typename
    ... on ActorPayload { actor { key names { en } } }
    ... on MutationError { code message }
  }
}
"""
# The documented production command, as an alternative to `maillage serve`.
UVICORN = (
    "uvicorn", "app:asgi", "--factory", "--host", "127.0.0.1", "--port", "{port}",
    "--timeout-graceful-shutdown", "10",
)  # fmt: skip
READ_ACTOR = "query ($key: String!) { actor(key: $key) { key name } }"
READ_ACTORS = """
query ($keys: [String!]!) { actors(where: { key: { in: $keys } }, first: 100) { nodes { key } } }
"""


@dataclass
class Server:
    """One `maillage serve` or `uvicorn` process (with its workers) on a loopback port."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-3000:]


Starter = Callable[..., Awaitable[Server]]


def routing_uri(settings: Settings) -> str:
    """The test database's address with the routing scheme (neo4j://, as for a cluster)."""
    scheme, _, rest = settings.uri.partition("://")
    return f"{scheme.replace('bolt', 'neo4j', 1)}://{rest}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def workers_of(pid: int) -> list[int]:
    """The worker processes a uvicorn supervisor spawned (not multiprocessing's helpers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat.rpartition(")")[2].split()[1]) == pid and b"spawn_main" in cmdline:
            found.append(int(entry.name))
    return sorted(found)


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


@pytest.fixture
async def start(
    settings: Settings, seeded: Db, tmp_path: Path
) -> AsyncIterator[Callable[..., Awaitable[Server]]]:
    """Start servers as separate processes against the test database; stop them afterwards."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("MAILLAGE_")}
    env.update(
        NEO4J_URI=routing_uri(settings),
        NEO4J_USER=settings.neo4j_user,
        NEO4J_PASSWORD=settings.password(),
        NEO4J_DATABASE=settings.neo4j_database,
        HOST="127.0.0.1",
        MAILLAGE_RATE_LIMIT="0",
        MAILLAGE_GRACEFUL_TIMEOUT="10",
    )
    servers: list[Server] = []

    def spawn(argv: tuple[str, ...]) -> Server:
        port = free_port()
        log = tmp_path / f"server-{port}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", *(arg.format(port=port) for arg in argv)],
                cwd=ROOT,
                env={**env, "PORT": str(port)},
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return Server(process, port, log)

    async def run(*argv: str) -> Server:
        server = spawn(argv)
        servers.append(server)
        await wait_ready(server)
        return server

    yield run
    for server in servers:
        if server.process.poll() is None:
            server.process.terminate()
    for server in servers:
        try:
            server.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait()


async def wait_ready(server: Server, seconds: float = 40.0) -> None:
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient(timeout=2.0) as http:
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                pytest.fail(
                    f"the server exited ({server.process.returncode}):\n{server.log_tail()}"
                )
            with contextlib.suppress(httpx.TransportError):
                if (await http.get(f"{server.url}/readyz")).status_code == 200:
                    return
            await asyncio.sleep(0.2)
    pytest.fail(f"the server was not ready within {seconds:g} s:\n{server.log_tail()}")


async def post(
    http: httpx.AsyncClient,
    server: Server,
    query: str,
    variables: dict[str, Any],
    token: str | None = None,
    bookmark: str | None = None,
) -> httpx.Response:
    headers = {}
    if token is not None:
        headers["authorization"] = f"Bearer {token}"
    if bookmark is not None:
        headers[bookmarks.HEADER] = bookmark
    return await http.post(
        f"{server.url}/graphql", json={"query": query, "variables": variables}, headers=headers
    )


def actor(key: str) -> dict[str, Any]:
    return {
        "key": key,
        "kind": "COMPANY",
        "nameFr": f"Entreprise {key}",
        "nameEn": f"Company {key}",
        "city": "casablanca",
        "sources": [SOURCE],
    }


async def test_a_write_through_one_replica_is_read_through_the_other(
    start: Starter, editor: str
) -> None:
    a, b = await asyncio.gather(
        start("scripts.cli", "serve"),
        start(*UVICORN),
    )
    async with httpx.AsyncClient(timeout=20.0) as http:
        wrote = await post(http, a, CREATE_ACTOR, {"input": actor("deploy-a")}, token=editor)
        body = wrote.json()
        assert body["data"]["createActor"] == {
            "__typename": "ActorPayload",
            "actor": {"key": "deploy-a"},
        }
        token = body["extensions"]["bookmarks"]
        assert bookmarks.decode(token)

        read = (await post(http, b, READ_ACTOR, {"key": "deploy-a"}, bookmark=token)).json()
        assert read["data"]["actor"]["key"] == "deploy-a"
        assert "bookmarks" not in read.get("extensions", {})  # a read gives no new bookmark

        # The header reaches Neo4j, which refuses a bookmark it did not issue.
        foreign = bookmarks.encode(["FB:not-a-bookmark"])
        refused = (await post(http, b, READ_ACTOR, {"key": "cid"}, bookmark=foreign)).json()
        assert refused["errors"][0]["extensions"]["code"] == "VALIDATION"

        mangled = await post(http, b, READ_ACTOR, {"key": "cid"}, bookmark="not a bookmark")
        assert mangled.status_code == 400
        assert bookmarks.HEADER in mangled.text


async def test_a_worker_killed_under_load_loses_no_acknowledged_write(
    start: Starter, editor: str, driver: AsyncDriver, settings: Settings
) -> None:
    server = await start("scripts.cli", "serve", "--workers", "2")
    for _ in range(200):
        if len(workers := workers_of(server.process.pid)) == 2:
            break
        await asyncio.sleep(0.1)
    assert len(workers) == 2, server.log_tail()
    victim, survivor = workers

    total, kill_at = 200, 60
    outcomes: dict[int, tuple[bool, bool]] = {}  # request -> (answered well, sent after the kill)
    acknowledged: list[str] = []
    tokens: list[str] = []
    pending = iter(range(total))
    killed = asyncio.Event()

    async def one(http: httpx.AsyncClient, i: int) -> None:
        after = killed.is_set()
        try:
            if i % 4 == 0:
                key = f"deploy-load-{i}"
                response = await post(http, server, CREATE_ACTOR, {"input": actor(key)}, editor)
                body = response.json()
                ok = body["data"]["createActor"]["__typename"] == "ActorPayload"
                if ok:
                    acknowledged.append(key)
                    tokens.append(body["extensions"]["bookmarks"])
            else:
                response = await post(http, server, READ_ACTOR, {"key": "cid"})
                ok = response.json()["data"]["actor"]["key"] == "cid"
            assert response.status_code == 200, response.text
        except httpx.TransportError:
            ok = False  # the connection died with its worker: not acknowledged
        outcomes[i] = (ok, after)
        if len(outcomes) == kill_at and not killed.is_set():
            os.kill(victim, signal.SIGKILL)
            killed.set()

    async def client(http: httpx.AsyncClient) -> None:
        for i in pending:
            await one(http, i)

    started = time.monotonic()
    async with httpx.AsyncClient(timeout=10.0, limits=httpx.Limits(max_connections=8)) as http:
        await asyncio.gather(*(client(http) for _ in range(8)))
    elapsed = time.monotonic() - started

    assert killed.is_set()
    assert alive(survivor), "the other worker died too"
    assert server.process.poll() is None, server.log_tail()
    served_after = sum(ok for ok, after in outcomes.values() if after)
    assert served_after >= total - kill_at - 20, (served_after, server.log_tail())
    assert all(outcomes[i][0] for i in range(total - 20, total)), "serving did not recover"
    assert len(acknowledged) >= 30
    assert elapsed < 30, f"{total} requests took {elapsed:.1f} s"

    stored = await cypher(
        driver,
        settings,
        "MATCH (a:Actor) WHERE a.key IN $keys RETURN collect(a.key) AS keys",
        keys=acknowledged,
    )
    assert sorted(stored[0]["keys"]) == sorted(acknowledged)
    # Through the service too, waiting for the last acknowledged write (and so all before it).
    async with httpx.AsyncClient(timeout=10.0) as http:
        response = await post(
            http, server, READ_ACTORS, {"keys": acknowledged}, bookmark=tokens[-1]
        )
        body = response.json()
    assert sorted(node["key"] for node in body["data"]["actors"]["nodes"]) == sorted(acknowledged)


@pytest.mark.parametrize("workers", ["1", "2"])
async def test_sigterm_lets_an_in_flight_write_finish(
    start: Starter, editor: str, driver: AsyncDriver, settings: Settings, workers: str
) -> None:
    server = await start("scripts.cli", "serve", "--workers", workers)
    async with httpx.AsyncClient(timeout=30.0) as http:
        created = await post(http, server, CREATE_ACTOR, {"input": actor("deploy-stop")}, editor)
        assert created.json()["data"]["createActor"]["__typename"] == "ActorPayload"

        # Hold the actor's lock so that the update below is in flight when SIGTERM arrives.
        async with driver.session(database=settings.neo4j_database) as session:
            lock = await session.begin_transaction()
            await lock.run("MATCH (a:Actor {key: 'deploy-stop'}) SET a.lockedByTest = true")
            update = asyncio.create_task(
                post(http, server, UPDATE_ACTOR, {"key": "deploy-stop", "name": "Stopped"}, editor)
            )
            await wait_blocked(driver, settings)
            server.process.send_signal(signal.SIGTERM)
            await asyncio.sleep(1.0)
            assert server.process.poll() is None, "the server did not wait for its request"
            if workers == "1":  # (a supervisor keeps the socket open until its workers end)
                with pytest.raises(httpx.ConnectError):
                    await http.get(f"{server.url}/healthz")  # it accepts no new connection
            await lock.rollback()
        response = await update

    assert response.status_code == 200
    assert response.json()["data"]["updateActor"] == {
        "__typename": "ActorPayload",
        "actor": {"key": "deploy-stop", "names": {"en": "Stopped"}},
    }
    code = await asyncio.to_thread(server.process.wait, 15)
    assert code in (0, -signal.SIGTERM), server.log_tail()


async def wait_blocked(driver: AsyncDriver, settings: Settings) -> None:
    """Return once a transaction waits for a lock (the request is in flight)."""
    for _ in range(100):
        rows = await cypher(
            driver,
            settings,
            "SHOW TRANSACTIONS YIELD status WHERE status STARTS WITH 'Blocked' "
            "RETURN count(*) AS n",
        )
        if rows[0]["n"]:
            return
        await asyncio.sleep(0.1)
    pytest.fail("the update never waited for the lock")


def test_a_bookmark_token_round_trips_and_anything_else_is_refused() -> None:
    values = ["FB:kcwQlDkhJ0noSSSjL3I3iHi5tMkBbZA=", "FB:kcwQlDkhJ0noSSSjL3I3iHi5tMkBb5A="]
    token = bookmarks.encode(values)
    assert set(token) <= set(string.ascii_letters + string.digits + "-_")  # header-safe
    assert bookmarks.decode(token) == tuple(sorted(values))
    assert bookmarks.decode(None) == bookmarks.decode("  ") == ()
    for bad in (
        "%%%",
        bookmarks.encode([]),
        token[:-3],
        bookmarks.encode([f"FB:{i}" for i in range(17)]),
        "A" * 5000,
    ):
        with pytest.raises(ValidationError, match=bookmarks.HEADER):
            bookmarks.decode(bad)
