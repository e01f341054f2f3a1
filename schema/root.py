"""The root Query type and the schema object."""

from __future__ import annotations

import strawberry

from resolvers.meta import resolve_meta
from schema.errors import ErrorPolicy
from schema.meta import Meta
from schema.trace import CypherTrace


@strawberry.type(description="Read the ecosystem graph.")
class Query:
    meta: Meta = strawberry.field(resolver=resolve_meta, description="Service and database facts.")


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(query=Query, extensions=[ErrorPolicy, CypherTrace])


def schema_sdl() -> str:
    """The schema in SDL, as committed in `schema.graphql`."""
    return str(build_schema()) + "\n"
