"""How a database call fails: the service's own bound on every driver call, and the driver's
errors translated into Maillage errors whose message is safe for clients."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConnectionAcquisitionTimeoutError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from errors import DatabaseUnavailable, LimitExceededError, QueryTimeoutError, ValidationError

T = TypeVar("T")

MARGIN = 1.0
"""Seconds past MAILLAGE_QUERY_TIMEOUT after which the service stops waiting for a database
call on its own. Neo4j ends a statement past its timeout itself (its transaction monitor looks
every 2 s), but a frozen, hung or half-connected server enforces nothing."""

UNKNOWN = "UNKNOWN"
"""`extensions.writeOutcome` of a write whose commit was not confirmed."""

_RETRY_WRITE = (
    " The write may or may not have been applied: send it again with the same "
    "idempotencyKey, which applies it at most once."
)


_ENDED = ("TransactionTimedOut", "Terminated", "LockClientStopped")
"""Codes of a transaction Neo4j ended itself, most often past its timeout."""


def bound(timeout: float) -> float:
    """The longest a database call with query timeout `timeout` is waited for."""
    return timeout + MARGIN


class Unanswered:
    """How many database calls the bound cut, shared by every request's Db (for /metrics)."""

    def __init__(self) -> None:
        self.count = 0


async def bounded(call: Awaitable[T], seconds: float, *, write: bool, cut: Unanswered) -> T:
    """`call`, cancelled after `seconds`. The driver kills the connection of a call cancelled
    mid-statement (its socket is closed, never returned to the pool), and drops one cancelled
    while it opens."""
    try:
        async with asyncio.timeout(seconds) as limit:
            return await call
    except TimeoutError:
        if not limit.expired():
            raise
        cut.count += 1
        raise _unanswered(seconds, write) from None
    except (Neo4jError, DriverError) as exc:
        raise translate(exc, write=write) from exc


def _unanswered(seconds: float, write: bool) -> QueryTimeoutError:
    message = f"The graph database did not answer within {seconds:g} s; try again shortly."
    if write:
        return QueryTimeoutError(message + _RETRY_WRITE, write_outcome=UNKNOWN)
    return QueryTimeoutError(message)


def translate(exc: Exception, *, write: bool = False) -> Exception:
    """Driver failures become Maillage errors whose message is safe for clients. A write that
    lost its connection may have committed: its error says the outcome is unknown."""
    if isinstance(exc, ServiceUnavailable | SessionExpired | ConnectionAcquisitionTimeoutError):
        return _unavailable(write)
    if isinstance(exc, AuthError):
        return DatabaseUnavailable("The service cannot authenticate to the graph database.")
    code = getattr(exc, "code", "") or ""
    if "InvalidBookmark" in code:
        return ValidationError("The bookmark sent is not one of this database's.")
    if isinstance(exc, TransientError | ClientError) and any(part in code for part in _ENDED):
        # Neo4j ended the transaction (past its timeout, maybe while waiting for a lock):
        # rolled back, nothing of it written.
        return QueryTimeoutError("The query took longer than the configured timeout.")
    if "OutOfMemoryError" in code:
        # Past Neo4j's memory limit of a transaction (or of all of them): rolled back.
        return LimitExceededError(
            "The query needs more memory than the graph database grants it; ask for less."
        )
    if isinstance(exc, TransientError):
        # Still transient after the driver's retries (e.g. the database is shutting down).
        return _unavailable(write)
    return exc


def _unavailable(write: bool) -> DatabaseUnavailable:
    message = "The graph database is unavailable; try again shortly."
    if write:
        return DatabaseUnavailable(message + _RETRY_WRITE, write_outcome=UNKNOWN)
    return DatabaseUnavailable(message)
