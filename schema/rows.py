"""Field values of compiled rows: read by response key, so aliases with arguments just work."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLResolveInfo
from strawberry.extensions import SchemaExtension

from graph.compiler import Row


class RowFields(SchemaExtension):
    def resolve(
        self,
        _next: Callable[..., Any],
        root: Any,
        info: GraphQLResolveInfo[Any],
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        if isinstance(root, Row) and not info.field_name.startswith("__"):
            return root.get(str(info.path.key))
        return _next(root, info, *args, **kwargs)
