"""Reads survive a lost connection: the test Neo4j behind a TCP relay that cuts every open
connection between two reads. The driver's pooled connection is then dead; the auto-commit
read (`graph.db.run_read`) is sent again on a new one and answers."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace

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
