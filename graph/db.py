"""The Neo4j driver and the one door every Cypher statement goes through."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, LiteralString, TypeVar

import neo4j
from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncManagedTransaction, RoutingControl
from neo4j.exceptions import (
    AuthError,
    ClientError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from errors import DatabaseUnavailable, QueryTimeoutError
from settings import Settings

T = TypeVar("T")


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

    def for_request(self) -> Db:
        return Db(self.driver, self.database, self.timeout)

    async def read(self, statement: LiteralString, **params: Any) -> list[dict[str, Any]]:
        """Run one read statement (routed to a reader) and return its rows as dicts."""
        return await self._execute(statement, params, neo4j.RoutingControl.READ)

    async def write(self, statement: LiteralString, **params: Any) -> list[dict[str, Any]]:
        """Run one auto-retried write statement in its own transaction."""
        return await self._execute(statement, params, neo4j.RoutingControl.WRITE)

    async def write_tx(self, work: Callable[[AsyncManagedTransaction], Awaitable[T]]) -> T:
        """Run `work` in one write transaction (all or nothing); `work` must be idempotent."""
        started = time.perf_counter()
        try:
            async with self.driver.session(database=self.database) as session:
                return await session.execute_write(work)
        except Neo4jError as exc:
            raise _translate(exc) from exc
        except DriverError as exc:
            raise _translate(exc) from exc
        finally:
            self._record("<write transaction>", started)

    async def _execute(
        self, statement: LiteralString, params: dict[str, Any], routing: RoutingControl
    ) -> list[dict[str, Any]]:
        started = time.perf_counter()
        try:
            records, _, _ = await self.driver.execute_query(
                neo4j.Query(statement, timeout=self.timeout),
                params,
                routing_=routing,
                database_=self.database,
            )
        except (Neo4jError, DriverError) as exc:
            raise _translate(exc) from exc
        finally:
            self._record(statement, started)
        return [record.data() for record in records]

    def _record(self, statement: str, started: float) -> None:
        self.calls.append(CypherCall(statement, (time.perf_counter() - started) * 1000))


def _translate(exc: Exception) -> Exception:
    """Driver failures become Maillage errors whose message is safe for clients."""
    if isinstance(exc, ServiceUnavailable | SessionExpired):
        return DatabaseUnavailable("The graph database is unavailable; try again shortly.")
    if isinstance(exc, AuthError):
        return DatabaseUnavailable("The service cannot authenticate to the graph database.")
    code = getattr(exc, "code", "") or ""
    if isinstance(exc, TransientError | ClientError) and (
        "TransactionTimedOut" in code or "Terminated" in code
    ):
        return QueryTimeoutError("The query took longer than the configured timeout.")
    return exc


def open_driver(settings: Settings) -> AsyncDriver:
    return AsyncGraphDatabase.driver(
        settings.uri,
        auth=(settings.neo4j_user, settings.password()),
        connection_acquisition_timeout=max(settings.query_timeout, 5.0),
        connection_timeout=5.0,
        max_transaction_retry_time=max(settings.query_timeout, 5.0),
        user_agent="maillage",
        notifications_min_severity="OFF",
    )


async def verify(driver: AsyncDriver, settings: Settings) -> None:
    """Fail with a clear message when Neo4j cannot be reached or refuses the login."""
    try:
        await driver.verify_connectivity()
        await driver.execute_query("RETURN 1", database_=settings.neo4j_database)
    except (Neo4jError, DriverError, OSError) as exc:
        raise DatabaseUnavailable(
            f"Cannot reach Neo4j at {settings.uri} (database {settings.neo4j_database!r}): "
            f"{type(exc).__name__}: {exc}. Start it with `maillage db start` or check NEO4J_URI,"
            " NEO4J_USER and NEO4J_PASSWORD."
        ) from exc
