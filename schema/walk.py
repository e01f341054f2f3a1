"""The walk: completing Rows (network results, search hits, and a compiled read's Rows) the way
graphql-core would, in one plain pass of closures built once per (type, selection).

It handles only the clean case: at the first thing that would be an error (a null where the
schema says non-null, a value a scalar refuses, an object it cannot place) the subtree is handed
back to graphql-core, which completes it and reports the error the usual way. The closures are
`schema/completers.py`'s; a Row subtree's completer is kept across requests (`_WALKS`).
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLUnionType,
    get_named_type,
    is_leaf_type,
    visit,
)
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from graph.compiler import Row
from schema.completers import (
    _HANDED_BACK,
    _LEAVES,
    _SWITCHES,
    _WALKS,
    PLANS,
    Completer,
    FieldDetailsList,
    Info,
    _Bail,
    _constant,
    _decided_by_kind,
    _DirectiveVariables,
    _kept,
    _leaf,
    _many,
    _non_null,
    _plain_row,
    _schema_memo,
    _Selected,
)
from schema.permissions import ReadGate
from schema.rows import RowFields

_TRANSPARENT = (RowFields, ReadGate)
"""Middlewares whose effect below the root is exactly `RowFields`' row[key] on a Row parent."""


class RowWalk(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's executor, completing Rows in one walk where it can (see the module)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager = self.middleware_manager
        middlewares = tuple(manager.middlewares) if manager is not None else ()
        self._rows_served = any(isinstance(m, RowFields) for m in middlewares) and all(
            isinstance(m, _TRANSPARENT) for m in middlewares
        )
        # Keyed by identities; the value keeps the type and the selection list alive.
        self._completers: dict[tuple[int, int], tuple[object, object, Completer]] = {}
        # Readers of an object's fields, by selection signature (see `_direct_object`).
        self._entries: dict[Hashable, list[tuple[str, Completer]]] = {}

    def _walk(
        self, type_: GraphQLOutputType, fields: FieldDetailsList, info: Info, value: Any
    ) -> Any:
        """The completed subtree, or `_HANDED_BACK` for graphql-core to complete (and report).

        A Row's completer reads it by response key: the same field of the same document, with
        the same values for its directives' variables, completes alike in every request."""
        try:
            key = (id(type_), tuple(id(detail.node) for detail in fields), self._switches())
            build = functools.partial(self._completer, type_, fields, info)
            return _kept(_schema_memo(_WALKS, self.schema, OrderedDict), key, fields, build, value)
        except Exception:
            return _HANDED_BACK

    def _completer(
        self, type_: GraphQLOutputType, fields: FieldDetailsList, info: Info
    ) -> Completer:
        leaves = _schema_memo(_LEAVES, self.schema, dict)
        leaf = leaves.get(id(type_))
        if leaf is not None:
            return leaf[1]
        memo = (id(type_), id(fields))
        found = self._completers.get(memo)
        if found is None:
            found = (type_, fields, self._build(type_, fields, info))
            if is_leaf_type(get_named_type(type_)):
                # A leaf's completion depends on its type alone: built once per schema.
                leaves[id(type_)] = (type_, found[2])
            else:
                self._completers[memo] = found
        return found[2]

    def _build(self, type_: GraphQLOutputType, fields: FieldDetailsList, info: Info) -> Completer:
        if isinstance(type_, GraphQLNonNull):
            return _non_null(self._completer(type_.of_type, fields, info))
        if isinstance(type_, GraphQLList):
            return _many(self._completer(type_.of_type, fields, info))
        if isinstance(type_, GraphQLScalarType | GraphQLEnumType):
            return _leaf(type_)
        if isinstance(type_, GraphQLInterfaceType | GraphQLUnionType):
            return self._abstract(type_, fields, info)
        if isinstance(type_, GraphQLObjectType):
            return self._object(type_, fields, info)
        raise _Bail

    def _abstract(
        self, type_: GraphQLInterfaceType | GraphQLUnionType, fields: FieldDetailsList, info: Info
    ) -> Completer:
        resolve: Callable[..., Any] = type_.resolve_type or self.type_resolver
        schema = self.schema
        by_kind: dict[str, Completer] = {}
        by_kind_ok = _decided_by_kind(type_, schema.get_possible_types(type_))

        def runtime(value: Any) -> Completer:
            name = resolve(value, info, type_)
            if not isinstance(name, str):
                raise _Bail
            found = schema.get_type(name)
            if not isinstance(found, GraphQLObjectType) or not schema.is_sub_type(type_, found):
                raise _Bail
            return self._completer(found, fields, info)

        def abstract(value: Any) -> Any:
            if value is None:
                return None
            if not by_kind_ok or not _plain_row(value):
                return runtime(value)(value)
            # A plain row's type then depends on its kind alone, and resolving it costs ~20 µs
            # in graphql-core: resolve each kind once per operation.
            complete = by_kind.get(value.kind)
            if complete is None:
                complete = by_kind[value.kind] = runtime(value)
            return complete(value)

        return abstract

    def _selected(self, type_: GraphQLObjectType, fields: FieldDetailsList) -> list[_Selected]:
        """The fields selected on `type_`, by response key, as graphql-core collects them.

        `__typename` comes without a definition, as does a field the type lacks; any other
        introspection field is left to graphql-core."""
        grouped, _, forbidden = self.collect_subfields(type_, fields)
        if forbidden:
            raise _Bail
        selected = []
        for key, sub in grouped.items():
            name = sub[0].node.name.value
            if name.startswith("__") and name != "__typename":
                raise _Bail
            definition = None if name == "__typename" else self.schema.get_field(type_, name)
            selected.append(_Selected(key, name, sub, definition))
        return selected

    def _object(self, type_: GraphQLObjectType, fields: FieldDetailsList, info: Info) -> Completer:
        """Completes a Row the way `RowFields` + graphql-core would: row[key] for each field."""
        entries: list[tuple[str, Completer]] = []
        for field in self._selected(type_, fields):
            if field.name == "__typename":
                entries.append((field.key, _constant(type_.name)))
            elif field.definition is not None:
                read = self._completer(field.definition.type, field.fields, info)
                entries.append((field.key, read))
        is_type_of = type_.is_type_of
        is_awaitable = self.is_awaitable

        def complete(value: Any) -> Any:
            if value is None:
                return None
            if not isinstance(value, Row):
                raise _Bail
            if is_type_of is not None:
                matches = is_type_of(value, info)
                if is_awaitable(matches) or not matches:
                    raise _Bail
            get = value.get
            return {key: completer(get(key)) for key, completer in entries}

        return complete

    def _switches(self) -> tuple[str, ...]:
        """The values of the variables the operation's directives read, as text."""
        operation = self.operation
        memo = _schema_memo(_SWITCHES, self.schema, OrderedDict)
        found = memo.get(id(operation))  # the memo holds the operation: its id stays its own
        if found is not None:
            memo.move_to_end(id(operation))
        else:
            reader = _DirectiveVariables()
            visit(operation, reader)
            for fragment in self.fragment_definitions.values():
                visit(fragment, reader)
            found = memo[id(operation)] = (operation, tuple(sorted(reader.names)))
            if len(memo) > PLANS:
                memo.popitem(last=False)
        values = self.variable_values.coerced
        return tuple(repr(values.get(name)) for name in found[1])
