"""Statements Neo4j has planned, run once in the background before a request relies on them.

Used by the neighbourhood (below) and by the compiled reads, whose JSON-text statement plans
two to three times slower than the same selection's maps (`graph/queries.py`).

A walk over several levels is fastest warm as one statement, but that statement takes Neo4j
seconds to plan the first time; walked level by level, each small statement plans in
milliseconds. So a request walks level by level until its one-statement form has run once in
the background (the same read, its answer dropped), then sends that one statement.

One statement runs at a time (Neo4j plans it on one core), at most `QUEUED` wait, and `KEPT`
are remembered (least recently used first out). A statement Neo4j itself has evicted from its
plan cache since is planned again by the request that sends it.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from dataclasses import replace
from typing import Any, LiteralString

from neo4j.exceptions import CypherTypeError

from graph.db import Db

log = logging.getLogger("maillage.plans")

QUEUED = 32
KEPT = 1000


class Plans:
    """Which statements have run once, and those waiting to run (one at a time)."""

    def __init__(self) -> None:
        self._ready: OrderedDict[str, None] = OrderedDict()
        self._queue: OrderedDict[str, tuple[Db, dict[str, Any]]] = OrderedDict()
        self._worker: asyncio.Task[None] | None = None
        self._running: set[asyncio.Task[Any]] = set()

    def ready(self, statement: str) -> bool:
        """Whether `statement` has run once (its plan is in Neo4j's cache)."""
        if statement not in self._ready:
            return False
        self._ready.move_to_end(statement)
        return True

    def prepare(self, db: Db, statement: LiteralString, params: dict[str, Any]) -> None:
        """Queue `statement` to run once in the background, unless it is ready or queued (or
        `QUEUED` are): the request that asks goes on without waiting."""
        if statement in self._ready or statement in self._queue or len(self._queue) >= QUEUED:
            return
        # Its own set of running reads: `stop` cuts them rather than waiting for a plan.
        self._queue[statement] = (replace(db.for_request(), running=self._running), params)
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._work())

    async def _work(self) -> None:
        while self._queue:
            statement, (db, params) = next(iter(self._queue.items()))
            try:
                await db.read_rows(statement, **params)
            except CypherTypeError:
                self._planned(statement)  # planned, then refused a stored value: as a request
            except Exception as exc:
                log.info("background planning stopped: %s", exc)
            else:
                self._planned(statement)
            self._queue.pop(statement, None)

    def _planned(self, statement: str) -> None:
        self._ready[statement] = None
        while len(self._ready) > KEPT:
            self._ready.popitem(last=False)

    async def settled(self) -> None:
        """Wait until the queued statements have run."""
        while self._worker is not None and not self._worker.done():
            await asyncio.wait({self._worker})

    async def stop(self) -> None:
        """Drop the queue and stop the run under way (the service is stopping)."""
        self._queue.clear()
        if self._worker is not None:
            self._worker.cancel()
            await asyncio.gather(self._worker, return_exceptions=True)
            self._worker = None
        running = list(self._running)
        for task in running:
            task.cancel()  # the driver closes the connection: Neo4j stops the statement
        await asyncio.gather(*running, return_exceptions=True)

    def forget(self) -> None:
        """Forget every statement and drop the queue: a test wants the level-by-level walk."""
        self._ready.clear()
        self._queue.clear()
        if self._worker is not None:
            self._worker.cancel()
            self._worker = None


PLANS = Plans()
