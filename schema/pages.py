"""A root or nested page (`XConnection`) completed straight from its statement's map: `nodes`,
`edges` with cursors, `pageInfo` and `totalCount`, as `Compilation.shape_connection` would shape
it and graphql-core complete it. Used by `schema/maps.py`, which completes the pages' items."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
)

from graph import cursor
from graph.compiler import Compilation, Compiled, Pick, Row
from schema.completers import (
    Completer,
    FieldDetailsList,
    Info,
    _absent,
    _Bail,
    _constant,
    _non_null,
)
from schema.walk import RowWalk


class PageCompletion(RowWalk):
    """The walk, and pages completed from their statement's map."""

    _direct_build: Callable[..., Completer]
    """The items' completer (`MapCompletion._direct_build`)."""

    def _direct_connection(
        self,
        type_: GraphQLOutputType,
        fields: FieldDetailsList,
        info: Info,
        c: Compilation,
        found: Compiled,
    ) -> Completer:
        """What `Compilation.shape_connection` then `_object` would give."""
        pick = found.pick
        nullable = type_
        if isinstance(nullable, GraphQLNonNull):
            nullable = nullable.of_type
        if pick is None or not isinstance(nullable, GraphQLObjectType):
            raise _Bail
        if nullable.is_type_of is not None:
            raise _Bail  # a Row is never an instance of a generated connection class
        scope, first, after_given = c.connections[id(pick)]
        by_key = {child.key: child for child in pick.children}
        spec = found.type_name
        Part = Callable[[list[Any], list[str], bool, Any], Any]
        parts: list[tuple[str, Part]] = []
        wants_cursor = False
        for field in self._selected(nullable, fields):
            key, name, sub, field_def = field
            child = by_key.get(key)
            if name == "__typename":
                parts.append((key, _absent(_constant(nullable.name))))
                continue
            if field_def is None:
                raise _Bail
            if child is None or child.field != name:
                none = self._completer(field_def.type, sub, info)
                parts.append((key, _absent(none)))
                continue
            if name == "totalCount":
                leaf = self._completer(field_def.type, sub, info)
                parts.append((key, _total(leaf)))
            elif name == "nodes":
                nodes = self._direct_build(field_def.type, sub, info, c, spec, child.children)
                parts.append((key, _nodes(nodes)))
            elif name == "edges":
                wants_cursor = True
                edges = self._direct_edges(field_def.type, sub, info, c, spec, child)
                parts.append((key, _edges(edges)))
            elif name == "pageInfo":
                wants_cursor = True
                page = self._completer(field_def.type, sub, info)
                grand = tuple((g.key, g.field) for g in child.children)
                parts.append((key, _page_info(page, grand, after_given)))
            else:
                raise _Bail

        def complete(value: Any) -> Any:
            if type(value) is not dict:
                raise _Bail
            rows = value["rows"]
            has_next = len(rows) > first
            rows = rows[:first]
            cursors = [cursor.encode(scope, row["c"]) for row in rows] if wants_cursor else []
            return {key: part(rows, cursors, has_next, value) for key, part in parts}

        return _non_null(complete) if isinstance(type_, GraphQLNonNull) else complete

    def _direct_edges(
        self,
        type_: GraphQLOutputType,
        fields: FieldDetailsList,
        info: Info,
        c: Compilation,
        spec: str,
        edges: Pick,
    ) -> Callable[[list[Any], list[str]], Any]:
        """The edges list: `[XEdge!]!` of objects with `cursor` and `node`."""
        outer = type_
        if isinstance(outer, GraphQLNonNull):
            outer = outer.of_type
        if not isinstance(outer, GraphQLList):
            raise _Bail
        item = outer.of_type
        edge_type = item.of_type if isinstance(item, GraphQLNonNull) else item
        if not isinstance(edge_type, GraphQLObjectType) or edge_type.is_type_of is not None:
            raise _Bail
        by_key = {child.key: child for child in edges.children}
        Part = Callable[[Any, str], Any]
        parts: list[tuple[str, Part]] = []
        for key, name, sub, field_def in self._selected(edge_type, fields):
            child = by_key.get(key)
            if name == "__typename":
                parts.append((key, _absent(_constant(edge_type.name))))
            elif field_def is None:
                raise _Bail
            elif child is None or child.field != name:
                none = self._completer(field_def.type, sub, info)
                parts.append((key, _absent(none)))
            elif name == "cursor":
                leaf = self._completer(field_def.type, sub, info)
                parts.append((key, _cursor(leaf)))
            elif name == "node":
                node = self._direct_build(field_def.type, sub, info, c, spec, child.children)
                parts.append((key, _node(node)))
            else:
                raise _Bail

        def complete(rows: list[Any], cursors: list[str]) -> Any:
            return [
                {key: part(row, cur) for key, part in parts}
                for row, cur in zip(rows, cursors, strict=True)
            ]

        return complete


def _total(leaf: Completer) -> Callable[..., Any]:
    def total(rows: Any, cursors: Any, has_next: Any, value: Any) -> Any:
        return leaf(value["total"])

    return total


def _nodes(nodes: Completer) -> Callable[..., Any]:
    def items(rows: list[Any], *_: Any) -> Any:
        return nodes([row["n"] for row in rows])

    return items


def _edges(edges: Callable[[list[Any], list[str]], Any]) -> Callable[..., Any]:
    def items(rows: list[Any], cursors: list[str], *_: Any) -> Any:
        return edges(rows, cursors)

    return items


def _cursor(leaf: Completer) -> Callable[[Any, str], Any]:
    def cursor_(row: Any, cursor_value: str) -> Any:
        return leaf(cursor_value)

    return cursor_


def _node(node: Completer) -> Callable[[Any, str], Any]:
    def node_(row: Any, cursor_value: str) -> Any:
        return node(row["n"])

    return node_


def _page_info(
    complete: Completer, grand: tuple[tuple[str, str], ...], after_given: bool
) -> Callable[[list[Any], list[str], bool, Any], Any]:
    """A connection's pageInfo, as `Compilation.shape_connection` builds it, then completed."""

    def page(rows: list[Any], cursors: list[str], has_next: bool, value: Any) -> Any:
        info = {
            "hasNextPage": has_next,
            "hasPreviousPage": after_given,
            "startCursor": cursors[0] if cursors else None,
            "endCursor": cursors[-1] if cursors else None,
        }
        return complete(Row({key: info.get(field) for key, field in grand}))

    return page
