"""Helpers of the fault tests: readers and a writer looping through the app while /readyz is
watched, the test Neo4j frozen (always resumed), and a TCP proxy that slows or cuts the link."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import struct
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from graph import failures

SLACK = 2.0
"""Seconds allowed past a bound for the event loop of a shared machine and the HTTP answer: the
test's clients, the app and its cancelled calls share one event loop on two busy cores (a
write cut at 3 s was seen answering at 4.5 s there). The faults it guards against (a freeze held
for its whole length, the request deadline met) are far longer."""
READ = "query Probe { actors(first: 3) { nodes { key } } }"
CREATE = """mutation ($input: ActorInput!, $idem: String) {
  createActor(input: $input, idempotencyKey: $idem) {
    __typename ... on ActorPayload { replayed actor { key } } ... on MutationError { code } } }"""
SOURCE = "article-2025-10-16"
UNSURE = frozenset({"TIMEOUT", "DATABASE_UNAVAILABLE"})


@dataclass(frozen=True)
class Timing:
    """The app's timeouts in a fault test and the freezes that go past them."""

    query_timeout: float
    request_timeout: float
    short_freeze: float
    """Past the call bound, inside the request deadline (as 20 s is with the defaults)."""
    long_freeze: float
    """Past the request deadline (as 45 s is with the defaults)."""

    @property
    def bound(self) -> float:
        return failures.bound(self.query_timeout)


SCALED = Timing(query_timeout=2.0, request_timeout=8.0, short_freeze=5.0, long_freeze=10.0)
PRODUCTION = Timing(query_timeout=10.0, request_timeout=30.0, short_freeze=20.0, long_freeze=45.0)


@dataclass(frozen=True)
class Outcome:
    kind: str
    at: float
    """Start, in seconds since the load began."""
    seconds: float
    status: int
    code: str | None


def error_code(body: dict[str, Any]) -> str | None:
    if body.get("errors"):
        return str(body["errors"][0].get("extensions", {}).get("code"))
    payload = (body.get("data") or {}).get("createActor") or {}
    return payload.get("code") if payload.get("__typename") == "MutationError" else None


@dataclass
class Load:
    """`readers` loops of a small read and one loop of idempotent creates, and a /readyz probe
    every 0.25 s, until the block ends."""

    client: httpx.AsyncClient
    token: str
    prefix: str
    readers: int = 8
    outcomes: list[Outcome] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)
    unconfirmed: list[str] = field(default_factory=list)
    ready: list[tuple[float, int]] = field(default_factory=list)
    began: float = field(default_factory=time.perf_counter)
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    async def __aenter__(self) -> Load:
        # The writer's key is looked up (and cached) now: each timed request is one call.
        auth = {"authorization": f"Bearer {self.token}"}
        await self.client.post("/graphql", json={"query": READ}, headers=auth)
        self.began = time.perf_counter()
        loops = [self._reads() for _ in range(self.readers)] + [self._writes(), self._probe()]
        self._tasks = [asyncio.create_task(loop) for loop in loops]
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._stop.set()
        await asyncio.gather(*self._tasks)

    def now(self) -> float:
        return time.perf_counter() - self.began

    async def _timed(self, kind: str, json: dict[str, Any]) -> tuple[Outcome, dict[str, Any]]:
        at = self.now()
        headers = {"authorization": f"Bearer {self.token}"} if kind == "write" else {}
        response = await self.client.post("/graphql", json=json, headers=headers)
        body: dict[str, Any] = response.json()
        outcome = Outcome(kind, at, self.now() - at, response.status_code, error_code(body))
        self.outcomes.append(outcome)
        return outcome, body

    async def _reads(self) -> None:
        while not self._stop.is_set():
            await self._timed("read", {"query": READ})
            await asyncio.sleep(0.2)

    async def _writes(self) -> None:
        n = 0
        while not self._stop.is_set():
            key = f"{self.prefix}-{n}"
            outcome, _ = await self._timed("write", create(key))
            if outcome.code is None and outcome.status == 200:
                self.acknowledged.append(key)
            else:
                self.unconfirmed.append(key)
            n += 1
            await asyncio.sleep(0.1)

    async def _probe(self) -> None:
        while not self._stop.is_set():
            at = self.now()
            self.ready.append((at, (await self.client.get("/readyz")).status_code))
            await asyncio.sleep(0.25)

    def first_ready(self, status: int, after: float) -> float | None:
        """Seconds from `after` to the first /readyz probe, started after it, that saw `status`."""
        return next((at - after for at, seen in self.ready if at >= after and seen == status), None)

    def worst(self) -> float:
        return max(outcome.seconds for outcome in self.outcomes)

    def codes(self) -> Counter[str]:
        return Counter(outcome.code or "ok" for outcome in self.outcomes)

    def figures(self, name: str, recovery: float | None = None) -> str:
        """One line of what the clients saw, printed for docs/deploy.md (pytest -s)."""
        return (
            f"{name}: {len(self.outcomes)} requests, worst wait {self.worst():.2f} s, "
            f"codes {dict(sorted(self.codes().items()))}, statuses "
            f"{dict(Counter(o.status for o in self.outcomes))}, writes acknowledged "
            f"{len(self.acknowledged)} unconfirmed {len(self.unconfirmed)}, recovery "
            f"{'-' if recovery is None else f'{recovery:.2f} s'}"
        )


def create(key: str) -> dict[str, Any]:
    actor = {"key": key, "kind": "COMPANY", "nameFr": key, "nameEn": key, "sources": [SOURCE]}
    return {"query": CREATE, "variables": {"input": actor, "idem": f"idem-{key}"}}


async def until_answered(client: httpx.AsyncClient, since: float, within: float) -> float:
    """Seconds from `since` (a perf_counter) to the first read answered without error."""
    while True:
        body = (await client.post("/graphql", json={"query": READ})).json()
        if error_code(body) is None:
            return time.perf_counter() - since
        assert time.perf_counter() - since < within, f"no answer within {within:g} s: {body}"
        await asyncio.sleep(0.1)


@contextlib.contextmanager
def frozen(pid: int) -> Iterator[None]:
    """Neo4j's JVM stopped (as a long GC pause or a VM freeze would); resumed whatever happens."""
    os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(pid, signal.SIGCONT)


COMMIT = b"\x00\x02\xb0\x12\x00\x00"
"""A Bolt COMMIT message in its chunk: size 2, a structure of no field with tag 0x12, end."""


@dataclass
class Proxy:
    """127.0.0.1:port → Neo4j's Bolt port. Every chunk is held `delay` seconds each way; armed,
    it resets a connection after the first bytes of a result (`cut_result`) or in place of
    the answer to a COMMIT (`cut_commit`, the commit done but never confirmed)."""

    target: int
    delay: float = 0.0
    port: int = 0
    cut_result: bool = False
    cut_commit: bool = False
    cuts: int = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target)
        committing = False

        def reset() -> None:
            self.cuts += 1
            for side in (writer, up_writer):
                sock = side.get_extra_info("socket")
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                side.transport.abort()

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter, up: bool) -> None:
            nonlocal committing
            with contextlib.suppress(ConnectionError, OSError):
                while data := await source.read(65536):
                    if self.delay:
                        await asyncio.sleep(self.delay)
                    if up and self.cut_commit and COMMIT in data:
                        self.cut_commit, committing = False, True
                    elif not up and committing:
                        await asyncio.sleep(0.2)  # let the commit settle, then lose its answer
                        reset()
                        return
                    elif not up and self.cut_result and len(data) > 1000:
                        self.cut_result = False
                        sink.write(data[:64])
                        await sink.drain()
                        reset()
                        return
                    sink.write(data)
                    await sink.drain()
            sink.close()

        await asyncio.gather(pipe(reader, up_writer, True), pipe(up_reader, writer, False))
