"""The Neo4j driver and the one door every Cypher statement goes through."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, LiteralString, TypeVar

import neo4j
from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncManagedTransaction, RoutingControl
from neo4j.api import AsyncBookmarkManager, Bookmarks
from neo4j.exceptions import (
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from errors import DatabaseUnavailable
from graph.failures import Unanswered, bound, bounded
from settings import Settings

T = TypeVar("T")

READ_ATTEMPTS = 3
"""A read that meets a lost connection or a transient error is sent again, at most this often."""
READ_BACKOFF = 0.05
"""Seconds before the second attempt, doubled before each later one."""
READ_RETRY_WITHIN = 1.0
"""Seconds after the first attempt's start past which a failed read is not sent again."""
_RETRIED = (ServiceUnavailable, SessionExpired, TransientError)


async def run_read(
    driver: AsyncDriver,
    query: neo4j.Query,
    params: dict[str, Any],
    database: str,
    bookmarks: AsyncBookmarkManager | None = None,
) -> list[neo4j.Record]:
    """One read statement in an auto-commit transaction: RUN and PULL in one round trip.

    A managed transaction (`execute_query`) adds BEGIN and COMMIT: without them a one-row read
    costs 0.24 ms of client CPU instead of 0.40 and runs at 1.6x the rate (`python -m
    bench.driver`). Reads are safe to send again, so the managed transaction's retries are kept.
    """
    attempt, started = 1, time.monotonic()
    while True:
        try:
            async with driver.session(
                database=database,
                default_access_mode=neo4j.READ_ACCESS,
                bookmark_manager=bookmarks,
            ) as session:
                result = await session.run(query, params)
                return (await result.to_eager_result()).records
        except _RETRIED as exc:
            late = time.monotonic() - started > READ_RETRY_WITHIN
            if attempt >= READ_ATTEMPTS or late or not _retriable(exc):
                raise
            await asyncio.sleep(READ_BACKOFF * 2 ** (attempt - 1))
            attempt += 1


def _retriable(exc: Exception) -> bool:
    """Connection losses and transient errors, except a timeout, a termination or a query
    past its memory limit (it would only fail again)."""
    code = getattr(exc, "code", "") or ""
    return not any(part in code for part in ("TransactionTimedOut", "Terminated", "OutOfMemory"))


@dataclass(frozen=True)
class CypherCall:
    """One round trip to Neo4j, kept for `extensions.cypher` and metrics."""

    statement: str
    milliseconds: float


@dataclass
class Db:
    """A driver bound to one database, timeout and (per request) a trace of round trips."""

    driver: AsyncDriver
    database: str
    timeout: float
    calls: list[CypherCall] = field(default_factory=list)
    bookmarks: AsyncBookmarkManager = field(default_factory=AsyncGraphDatabase.bookmark_manager)
    """Causal chain of this Db's work: every statement waits for the writes it holds."""
    written: tuple[str, ...] = ()
    """The bookmarks after this Db's latest committed write (none before): what a client sends
    back so that another replica's reads wait for that write."""
    running: set[asyncio.Task[Any]] = field(default_factory=set)
    """Reads still running, shared by every request's Db (see `_uncancelled`)."""
    unanswered: Unanswered = field(default_factory=Unanswered)
    """Calls the service's own bound cut, shared by every request's Db."""

    @property
    def bound(self) -> float:
        """Seconds after which a call is given up even if Neo4j never answers (a frozen
        server enforces no timeout): the query timeout plus `graph.failures.MARGIN`."""
        return bound(self.timeout)

    def for_request(self, bookmarks: Iterable[str] = (), timeout: float | None = None) -> Db:
        """A Db for one request, whose statements wait for `bookmarks` (writes seen elsewhere);
        `timeout` replaces the query timeout (a readiness probe's is shorter)."""
        chain = AsyncGraphDatabase.bookmark_manager(Bookmarks.from_raw_values(bookmarks))
        return Db(
            self.driver,
            self.database,
            self.timeout if timeout is None else timeout,
            bookmarks=chain,
            running=self.running,
            unanswered=self.unanswered,
        )

    async def drain(self, seconds: float) -> None:
        """Wait, `seconds` at most, for reads whose requests were cancelled: at shutdown, before
        the driver closes, so their connections are closed rather than dropped."""
        if self.running:
            await asyncio.wait(set(self.running), timeout=seconds)

    async def read(self, statement: LiteralString, **params: Any) -> list[dict[str, Any]]:
        """Run one read statement (routed to a reader) and return its rows as dicts."""
        return await self._execute(statement, params, neo4j.RoutingControl.READ)

    async def read_value(self, statement: LiteralString, **params: Any) -> Any:
        """The first column of the first row, as decoded: no per-record copy. For statements
        that return plain maps and lists (the compiled reads), never nodes."""
        records = await self._records(statement, params, neo4j.RoutingControl.READ)
        return records[0][0] if records else None

    async def read_rows(self, statement: LiteralString, **params: Any) -> list[dict[str, Any]]:
        """The rows by column, as decoded (no per-value copy): for statements that return plain
        values, maps and lists, never nodes."""
        records = await self._records(statement, params, neo4j.RoutingControl.READ)
        if not records:
            return []
        keys = records[0].keys()
        return [dict(zip(keys, record.values(), strict=True)) for record in records]

    async def read_row(self, statement: LiteralString, **params: Any) -> dict[str, Any] | None:
        """The first of `read_rows`, or None when there is no row."""
        rows = await self.read_rows(statement, **params)
        return rows[0] if rows else None

    async def write(self, statement: LiteralString, **params: Any) -> list[dict[str, Any]]:
        """Run one auto-retried write statement in its own transaction."""
        return await self._execute(statement, params, neo4j.RoutingControl.WRITE)

    async def write_tx(self, work: Callable[[AsyncManagedTransaction], Awaitable[T]]) -> T:
        """Run `work` in one write transaction (all or nothing); `work` must be idempotent."""
        started = time.perf_counter()
        try:
            done = await bounded(self._write_tx(work), self.bound, write=True, cut=self.unanswered)
        finally:
            self._record("<write transaction>", started)
        await self._committed()
        return done

    async def _write_tx(self, work: Callable[[AsyncManagedTransaction], Awaitable[T]]) -> T:
        async with self.driver.session(
            database=self.database, bookmark_manager=self.bookmarks
        ) as session:
            return await session.execute_write(neo4j.unit_of_work(timeout=self.timeout)(work))

    async def _execute(
        self, statement: LiteralString, params: dict[str, Any], routing: RoutingControl
    ) -> list[dict[str, Any]]:
        return [record.data() for record in await self._records(statement, params, routing)]

    async def _records(
        self, statement: LiteralString, params: dict[str, Any], routing: RoutingControl
    ) -> list[neo4j.Record]:
        started = time.perf_counter()
        query = neo4j.Query(statement, timeout=self.timeout)
        try:
            if routing is RoutingControl.READ:
                read = run_read(self.driver, query, params, self.database, self.bookmarks)
                records = await self._uncancelled(
                    bounded(read, self.bound, write=False, cut=self.unanswered)
                )
            else:
                written = self.driver.execute_query(
                    query,
                    params,
                    routing_=routing,
                    database_=self.database,
                    bookmark_manager_=self.bookmarks,
                )
                records = (
                    await bounded(written, self.bound, write=True, cut=self.unanswered)
                ).records
        finally:
            self._record(statement, started)
        if routing is RoutingControl.WRITE:
            await self._committed()
        return records

    async def _uncancelled(self, read: Awaitable[T]) -> T:
        """`read`, left to finish when its caller is cancelled (a sibling field failed, or the
        request's deadline passed). The driver drops the socket of a connection cancelled while
        it opens, and kills one cancelled mid-statement; a finished read returns its connection
        to the pool. The read, retries included, ends within `bound` at the latest; none
        starts after `READ_RETRY_WITHIN`."""
        task = asyncio.ensure_future(read)
        self.running.add(task)
        task.add_done_callback(self._settled)
        return await asyncio.shield(task)

    def _settled(self, task: asyncio.Task[Any]) -> None:
        self.running.discard(task)
        if not task.cancelled():
            task.exception()  # retrieved: a cancelled caller no longer wants it

    async def _committed(self) -> None:
        self.written = tuple(sorted(await self.bookmarks.get_bookmarks()))

    def _record(self, statement: str, started: float) -> None:
        self.calls.append(CypherCall(statement, (time.perf_counter() - started) * 1000))


def open_driver(settings: Settings) -> AsyncDriver:
    # Waiting for a connection and retrying must end well inside the request's deadline, so an
    # outage gives a clear DATABASE_UNAVAILABLE rather than a request timeout; a request that
    # cannot get a connection fails before the call's own bound (query timeout + margin).
    patience = min(max(settings.query_timeout, 5.0), settings.request_timeout / 2)
    acquisition = min(settings.neo4j_acquisition_timeout, patience, settings.query_timeout)
    return AsyncGraphDatabase.driver(
        settings.uri,
        auth=(settings.neo4j_user, settings.password()),
        connection_acquisition_timeout=acquisition,
        connection_timeout=min(5.0, patience),
        max_transaction_retry_time=patience,
        max_connection_pool_size=settings.neo4j_max_pool_size,
        user_agent="maillage",
        notifications_min_severity="OFF",
        **tls_config(settings),
    )


def tls_config(settings: Settings) -> dict[str, Any]:
    """The driver's TLS options from NEO4J_TRUST; none when the URI's scheme decides."""
    if settings.neo4j_trust is None:
        return {}
    store: neo4j.TrustAll | neo4j.TrustCustomCAs | neo4j.TrustSystemCAs
    if settings.neo4j_trust == "all":
        store = neo4j.TrustAll()
    elif settings.neo4j_trusted_certificates is not None:
        store = neo4j.TrustCustomCAs(str(settings.neo4j_trusted_certificates))
    else:
        store = neo4j.TrustSystemCAs()
    return {"encrypted": True, "trusted_certificates": store}


async def verify(driver: AsyncDriver, settings: Settings) -> None:
    """Fail with a clear message when Neo4j cannot be reached or refuses the login (a frozen
    server included: each step is given up after the call bound)."""
    try:
        async with asyncio.timeout(bound(settings.query_timeout)):
            await driver.verify_connectivity()
        async with asyncio.timeout(bound(settings.query_timeout)):
            await driver.execute_query("RETURN 1", database_=settings.neo4j_database)
    except (Neo4jError, DriverError, OSError) as exc:  # OSError: TimeoutError too
        raise DatabaseUnavailable(
            f"Cannot reach Neo4j at {settings.uri} (database {settings.neo4j_database!r}): "
            f"{type(exc).__name__}: {exc}. Start it with `maillage db start` or check NEO4J_URI,"
            " NEO4J_USER and NEO4J_PASSWORD."
        ) from exc
