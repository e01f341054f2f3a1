"""Reads survive a lost connection: the test Neo4j behind a TCP relay that cuts every open
connection between two reads. The driver's pooled connection is then dead; the auto-commit
read (`graph.db.run_read`) is sent again on a new one and answers. And a read whose caller is
cancelled still finishes, so no connection is dropped half open."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from typing import Any

import pytest

from graph.db import Db, open_driver
from settings import Settings


@dataclass
class Relay:
    """127.0.0.1:port → Neo4j's Bolt port; `cut()` closes every connection it carries."""

    target: int
    port: int = 0
    accepted: int = 0
    writers: list[asyncio.StreamWriter] = field(default_factory=list)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.accepted += 1
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self.target)
        self.writers += [writer, upstream_writer]

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            with contextlib.suppress(ConnectionError, OSError):
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            sink.close()

        await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))

    def cut(self) -> None:
        for writer in self.writers:
            writer.transport.abort()
        self.writers.clear()


@pytest.fixture
async def relay(settings: Settings) -> AsyncIterator[Relay]:
    found = Relay(settings.neo4j_bolt_port)
    server = await asyncio.start_server(found.handle, "127.0.0.1", 0)
    found.port = server.sockets[0].getsockname()[1]
    async with server:
        yield found
        found.cut()


async def test_a_read_on_a_cut_connection_is_sent_again(
    settings: Settings, seeded: Db, relay: Relay
) -> None:
    address = f"bolt://127.0.0.1:{relay.port}"
    through = replace(settings, neo4j_uri=address, neo4j_password=settings.password())
    driver = open_driver(through)
    try:
        db = Db(driver, through.neo4j_database, through.query_timeout)
        statement = "MATCH (a:Actor {key: $key}) RETURN a.key AS key"
        assert await db.read(statement, key="ctpc") == [{"key": "ctpc"}]
        connections = relay.accepted
        relay.cut()
        assert await db.read(statement, key="cid") == [{"key": "cid"}]
        assert relay.accepted > connections  # answered on a new connection
    finally:
        await driver.close()


async def test_a_cancelled_read_still_finishes_and_leaves_no_socket_open(
    settings: Settings, seeded: Db
) -> None:
    """graphql-core cancels a failed field's siblings, the deadline cancels a request. Cancelled
        at each step of its first connection's opening (the leaks, without the fix, came at steps
    from 8 to 38 here), a read must not drop the socket."""
    dropped: list[Any] = []
    hook, sys.unraisablehook = sys.unraisablehook, dropped.append
    try:
        for steps in range(60):
            driver = open_driver(replace(settings, neo4j_password=settings.password()))
            db = Db(driver, settings.neo4j_database, settings.query_timeout)
            try:
                read = asyncio.create_task(db.read("RETURN 1 AS one"))
                for _ in range(steps):
                    await asyncio.sleep(0)
                if read.cancel():
                    with pytest.raises(asyncio.CancelledError):
                        await read
                await db.drain(10.0)
                assert not db.running
            finally:
                await driver.close()
            del driver, db
            gc.collect()
    finally:
        sys.unraisablehook = hook
    assert [str(found.object) for found in dropped] == []
