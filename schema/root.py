"""The root Query type, merged from each room's root fields, and the schema object."""

from __future__ import annotations

import strawberry
from strawberry.tools import merge_types

from schema.errors import ErrorPolicy
from schema.reads import ReadQuery
from schema.rows import RowFields
from schema.trace import CypherTrace
from schema.types import ACTOR_TYPES

ROOTS: tuple[type, ...] = (ReadQuery,)

Query = merge_types("Query", ROOTS)


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        types=list(ACTOR_TYPES),
        extensions=[ErrorPolicy, CypherTrace, RowFields],
    )


def schema_sdl() -> str:
    """The schema in SDL, as committed in `schema.graphql`."""
    return str(build_schema()) + "\n"
