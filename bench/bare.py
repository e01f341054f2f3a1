"""The bare ASGI app of `python -m bench.ceiling`: no GraphQL, no middleware, only what the stack
itself costs. It answers every request with the same bytes; given a file of captured round trips
(`BARE_TRIPS`), it first sends one request's statements through the async driver, as Maillage
does, cycling through them.

    BARE_BODY=answer.json [BARE_TRIPS=trips.pickle NEO4J_INSTANCE=synth] \
        python -m uvicorn bench.bare:app --loop uvloop --http httptools
"""

from __future__ import annotations

import itertools
import os
import pickle
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

import neo4j

from graph.db import open_driver, run_read
from settings import Settings

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

BODY = Path(os.environ.get("BARE_BODY", "/dev/null")).read_bytes() or b'{"data":{}}'
TRIPS = os.environ.get("BARE_TRIPS")
CAPTURED = pickle.loads(Path(TRIPS).read_bytes()) if TRIPS else None  # noqa: S301 (our own file)
HEADERS = [(b"content-length", b"%d" % len(BODY)), (b"content-type", b"application/json")]


class Bare:
    def __init__(self) -> None:
        self.driver: neo4j.AsyncDriver | None = None
        self.settings = Settings.from_env()
        self.workloads: Any = None

    async def __call__(self, scope: Message, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.lifespan(receive, send)
            return
        more = True
        while more:  # the request's body, read and dropped
            message = await receive()
            more = message.get("more_body", False)
        if self.driver is not None:
            for statement, params in next(self.workloads):
                await run_read(self.driver, statement, params, self.settings.neo4j_database)
        await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
        await send({"type": "http.response.body", "body": BODY})

    async def lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                if CAPTURED is not None:
                    timeout = self.settings.query_timeout
                    self.workloads = itertools.cycle(
                        [[(neo4j.Query(s, timeout=timeout), p) for s, p, _ in w] for w in CAPTURED]
                    )
                    self.driver = open_driver(self.settings)
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self.driver is not None:
                    await self.driver.close()
                await send({"type": "lifespan.shutdown.complete"})
                return


app = Bare()
