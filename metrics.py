"""Prometheus metrics of one app: HTTP requests, GraphQL operations and errors, Cypher, pool."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from graphql import GraphQLError
from neo4j import AsyncDriver
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from strawberry.extensions import SchemaExtension
from strawberry.types.execution import PreExecutionError

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
MAX_OPERATION_NAMES = 200
"""Operation names are chosen by clients: past this many distinct ones, they count as `other`."""

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_SECONDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class Metrics:
    """One registry per app, so tests and several apps in a process do not share counts."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        registry = self.registry
        self.http_requests = Counter(
            "maillage_http_requests",
            "HTTP requests by route, method and status.",
            ["route", "method", "status"],
            registry=registry,
        )
        self.http_seconds = Histogram(
            "maillage_http_request_duration_seconds",
            "HTTP request latency by route.",
            ["route"],
            buckets=_SECONDS,
            registry=registry,
        )
        self.operations = Counter(
            "maillage_graphql_operations",
            "GraphQL operations by name, type and outcome (ok, error, rejected).",
            ["operation", "type", "outcome"],
            registry=registry,
        )
        self.operation_seconds = Histogram(
            "maillage_graphql_operation_duration_seconds",
            "GraphQL operation latency by name.",
            ["operation"],
            buckets=_SECONDS,
            registry=registry,
        )
        self.errors = Counter(
            "maillage_graphql_errors",
            "GraphQL errors by extensions.code.",
            ["code"],
            registry=registry,
        )
        self.cypher_seconds = Histogram(
            "maillage_cypher_duration_seconds",
            "Time spent in Neo4j per GraphQL operation.",
            buckets=_SECONDS,
            registry=registry,
        )
        self.round_trips = Histogram(
            "maillage_cypher_round_trips",
            "Cypher round trips per GraphQL operation.",
            buckets=(0, 1, 2, 3, 4, 6, 10, 20),
            registry=registry,
        )
        self.rate_limited = Counter(
            "maillage_rate_limited",
            "Requests refused with 429, by what was counted (key or address).",
            ["by"],
            registry=registry,
        )
        self._names: set[str] = set()

    def watch_pool(self, driver: Callable[[], AsyncDriver | None]) -> None:
        self.registry.register(PoolCollector(driver))

    def watch_unanswered(self, count: Callable[[], int]) -> None:
        self.registry.register(UnansweredCollector(count))

    def operation_label(self, name: str | None) -> str:
        if name is None:
            return "anonymous"
        if not _NAME.match(name):
            return "invalid"
        if name not in self._names and len(self._names) >= MAX_OPERATION_NAMES:
            return "other"
        self._names.add(name)
        return name

    def operation(
        self,
        name: str | None,
        kind: str,
        errors: Sequence[GraphQLError],
        executed: bool,
        seconds: float,
        cypher_ms: Sequence[float] | None,
    ) -> None:
        """One GraphQL operation counted: its outcome, its errors by code, its round trips and
        their time (`cypher_ms`, one figure a round trip; None without a database handle)."""
        label = self.operation_label(name)
        outcome = "ok" if not errors else "error" if executed else "rejected"
        self.operations.labels(label, kind, outcome).inc()
        self.operation_seconds.labels(label).observe(seconds)
        for error in errors:
            code = (error.extensions or {}).get("code", "UNKNOWN")
            self.errors.labels(str(code)).inc()
        if cypher_ms is not None:
            self.round_trips.observe(len(cypher_ms))
            self.cypher_seconds.observe(sum(cypher_ms) / 1000)

    def render(self) -> bytes:
        return generate_latest(self.registry)


class PoolCollector(Collector):
    """Connections of the Neo4j driver's pool, read at scrape time."""

    def __init__(self, driver: Callable[[], AsyncDriver | None]) -> None:
        self.driver = driver

    def collect(self) -> Iterator[Metric]:
        in_use, idle, size = _pool_use(self.driver())
        yield GaugeMetricFamily(
            "maillage_neo4j_pool_in_use", "Neo4j connections lent to queries.", value=in_use
        )
        yield GaugeMetricFamily(
            "maillage_neo4j_pool_idle", "Open Neo4j connections waiting in the pool.", value=idle
        )
        yield GaugeMetricFamily(
            "maillage_neo4j_pool_max_size", "Largest size of the Neo4j pool.", value=size
        )


class UnansweredCollector(Collector):
    """Database calls the service gave up on itself (Neo4j frozen, hung or half-connected)."""

    def __init__(self, count: Callable[[], int]) -> None:
        self.count = count

    def collect(self) -> Iterator[Metric]:
        yield CounterMetricFamily(
            "maillage_neo4j_unanswered",
            "Database calls cut after the query timeout plus margin, their connection closed.",
            value=self.count(),
        )


def _pool_use(driver: AsyncDriver | None) -> tuple[int, int, int]:
    # The driver has no public pool statistics; read its pool defensively (zeros if it moves).
    pool: Any = getattr(driver, "_pool", None)
    try:
        connections = [c for queue in pool.connections.values() for c in queue]
        in_use = sum(1 for c in connections if c.in_use)
        size = int(pool.pool_config.max_connection_pool_size)
    except (AttributeError, TypeError, ValueError):
        return 0, 0, 0
    return in_use, len(connections) - in_use, size


class OperationMetrics(SchemaExtension):
    """Counts each GraphQL operation, its errors by code, its Cypher time and round trips."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        refused: GraphQLError | None = None
        try:
            yield
        except GraphQLError as error:
            refused = error  # raised before parsing (a persisted-query refusal)
            raise
        finally:
            self._record(time.perf_counter() - started, refused)

    def _record(self, seconds: float, refused: GraphQLError | None) -> None:
        context = self.execution_context
        result = context.result
        errors = list(getattr(result, "errors", None) or ([refused] if refused else []))
        executed = result is not None and not isinstance(result, PreExecutionError)
        try:
            kind = context.operation_type.value if context.graphql_document else "unknown"
        except RuntimeError:
            kind = "unknown"
        name = context.operation_name if context.graphql_document else None
        calls = getattr(getattr(context.context, "db", None), "calls", None)
        cypher_ms = None if calls is None else [call.milliseconds for call in calls]
        self.metrics.operation(name, kind, errors, executed, seconds, cypher_ms)
