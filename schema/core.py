"""graphql-core's objects under Strawberry's: the two private Strawberry attributes the house
reads, here and nowhere else. `tests/test_schema_core.py` fails when a Strawberry release
renames or reshapes either."""

from __future__ import annotations

from typing import Any, cast

import strawberry
from graphql import GraphQLResolveInfo, GraphQLSchema
from strawberry.schema.base import BaseSchema


def core_info(info: strawberry.Info[Any, Any]) -> GraphQLResolveInfo[Any]:
    """graphql-core's resolve info under Strawberry's `Info` (or Strawberry's look-alike of it):
    the root field's nodes, variables and path, from which its whole selection is read.
    Strawberry keeps it in a private attribute, read here and nowhere else;
    see the module's note."""
    raw = getattr(info, "_raw_info", None)
    if type(raw) not in _SHAPED:
        missing = [name for name in _READ if not hasattr(raw, name)]
        if raw is None or missing:
            raise TypeError(f"Strawberry's Info has no graphql-core resolve info: {missing}")
        _SHAPED.add(type(raw))
    return cast(GraphQLResolveInfo[Any], raw)


_READ = ("field_name", "field_nodes", "parent_type", "path", "schema", "fragments")
"""What the selection is read from (`root_pick`), besides the variables."""
_SHAPED: set[type] = set()
"""Types of resolve info found to carry `_READ` (checked once each)."""


def core_schema(schema: BaseSchema) -> GraphQLSchema:
    """The graphql-core schema Strawberry built, which validation and costing walk."""
    found = getattr(schema, "_schema", None)
    if not isinstance(found, GraphQLSchema):
        raise TypeError("Strawberry's schema has no graphql-core schema under `_schema`")
    return found
