"""The root Query and Mutation types, merged from each room's root fields, and the schema."""

from __future__ import annotations

from collections.abc import Callable

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from metrics import Metrics, OperationMetrics
from schema.audit import AuditQuery
from schema.bookmarks import BookmarkExtension
from schema.cost import CostModel
from schema.errors import ErrorPolicy, log_client_errors
from schema.expertise import ExpertiseQuery
from schema.keys import KeyMutation, KeyQuery
from schema.known import Checks
from schema.limits import Accepted, Costs, QueryLimits
from schema.mutations import CurationMutation
from schema.network import NetworkQuery
from schema.permissions import ReadGate
from schema.persisted import PersistedQueries, PersistedQueryGate
from schema.reads import ReadQuery
from schema.rows import RowFields
from schema.trace import CypherTrace
from schema.types import ACTOR_TYPES
from settings import Settings

ROOTS: tuple[type, ...] = (ReadQuery, ExpertiseQuery, NetworkQuery, AuditQuery, KeyQuery)
MUTATION_ROOTS: tuple[type, ...] = (CurationMutation, KeyMutation)

Query = merge_types("Query", ROOTS)
Query.__strawberry_definition__.description = (  # type: ignore[attr-defined]
    "Read Morocco's industrial-engineering ecosystem graph: actors, agreements, projects, themes, "
    "search, expertise, network paths and the audit trail. Errors carry `extensions.code`: "
    "VALIDATION, BAD_CURSOR, LIMIT_EXCEEDED, NOT_FOUND, UNAUTHENTICATED, FORBIDDEN, TIMEOUT, "
    "DATABASE_UNAVAILABLE."
)
Mutation = merge_types("Mutation", MUTATION_ROOTS)
Mutation.__strawberry_definition__.description = (  # type: ignore[attr-defined]
    "Curated writes (editor or admin role) and API keys (admin role). Expected failures come "
    "back as typed `MutationError` results; missing credentials as UNAUTHENTICATED and a role "
    "that may not write as FORBIDDEN errors."
)


Extension = type[SchemaExtension] | Callable[[], SchemaExtension]


class MaillageSchema(strawberry.Schema):
    """Strawberry's schema, logging errors by what they are.

    Strawberry logs every error of every operation at ERROR with its traceback: a refused
    limit, a misspelt field, an unknown key. Those are answers to the client, logged here at
    INFO with their code; unexpected errors are logged once at ERROR by `ErrorPolicy`, with the
    reference the client is given.
    """

    checks: Checks | None = None
    """What its guards keep between requests (given settings), shared with the known lane."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        log_client_errors(errors)


def build_schema(
    settings: Settings | None = None, metrics: Metrics | None = None
) -> MaillageSchema:
    """The schema; given settings, with its guards (persisted queries, limits, hidden schema in
    production, batching) and, given metrics, counting each operation."""
    extensions: list[Extension] = [ErrorPolicy, CypherTrace, BookmarkExtension, RowFields, ReadGate]
    config = StrawberryConfig()
    checks = None
    if settings is not None:
        registry = PersistedQueries.from_settings(settings)
        accepted, costs = Accepted(), Costs()
        model = CostModel(settings.default_page_size, settings.max_page_size)
        checks = Checks(registry, accepted, costs, model)
        extensions.insert(1, lambda: QueryLimits(settings, accepted, costs))
        extensions.insert(0, lambda: PersistedQueryGate(registry))
        config = StrawberryConfig(
            disable_field_suggestions=not settings.introspection,
            batching_config={"max_operations": settings.max_batch} if settings.max_batch else None,
        )
    if metrics is not None:
        extensions.insert(0, lambda: OperationMetrics(metrics))
    schema = MaillageSchema(
        query=Query,
        mutation=Mutation,
        types=list(ACTOR_TYPES),
        extensions=extensions,
        config=config,
    )
    schema.checks = checks
    return schema


def schema_sdl() -> str:
    """The schema in SDL, as committed in `schema.graphql`."""
    return str(build_schema()) + "\n"
