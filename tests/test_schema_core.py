"""The private Strawberry attributes the house reads (`Info._raw_info` and `Schema._schema`,
behind `schema/core.py`): a Strawberry release that renames or reshapes either fails here."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLSchema

from schema.core import core_info, core_schema


@strawberry.type
class Probe:
    @strawberry.field
    def seen(self, info: strawberry.Info[Any, Any], size: int) -> str:
        raw = core_info(info)
        node = raw.field_nodes[0]
        assert raw.parent_type is raw.schema.query_type
        assert node.name.value in raw.parent_type.fields
        variables: Any = raw.variable_values
        value = variables["n"] if isinstance(variables, dict) else variables.coerced["n"]
        return f"{raw.field_name} {raw.path.key} {node.name.value} {value} {len(raw.fragments)}"


def test_core_info_is_graphql_core_s_resolve_info() -> None:
    schema = strawberry.Schema(query=Probe)
    document = "query ($n: Int!) { ...F } fragment F on Probe { alias: seen(size: $n) }"
    result = schema.execute_sync(document, {"n": 7})
    assert result.errors is None
    assert result.data == {"alias": "seen alias seen 7 1"}


def test_core_schema_is_the_schema_strawberry_built() -> None:
    schema = strawberry.Schema(query=Probe)
    core = core_schema(schema)
    assert isinstance(core, GraphQLSchema)
    assert core.query_type is not None
    assert set(core.query_type.fields) == {"seen"}
