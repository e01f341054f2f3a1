"""The compiled response path: root reads written as JSON text by Neo4j, or completed in one
walk, then orjson.

First lane: a root read by key or a root connection (`TextRead`) is written as JSON text by its
own statement (`graph/response.py`) when every field it selects can be: plain properties,
enums, dates, related objects and lists, pages without cursors, `__typename`. `outline`
turns the GraphQL types into what to write (`Out`), kept across requests like the completers;
the text goes into the response unread (`encode_json`). Anything else (a global id, a cursor, a
fragment on one of an interface's types), or a text the statement refuses (an error to report),
takes the second lane.

Second lane: a root read's statement already holds its whole selection as maps
(`graph/compiler.py`). Normal execution shapes it into `Row`s keyed by response key, then
visits every field of every row: the middleware (`RowFields` reads `row[key]`), then
graphql-core's completion, about 4 µs a field. `CompiledCompletion` instead completes the
statement's maps directly (`Compiled` root values: generated keys in, response keys out, no
Rows in between), and any other subtree of Rows (network results, search hits) in one plain
walk, with the same type checks, abstract-type resolution and scalar coercions. It handles only
the clean case: at the first thing that would be an error (a null where the schema says
non-null, a value a scalar refuses, an object it cannot place), it hands the field back to
graphql-core, which completes its Rows as before and reports the error the usual way. Parsing,
validation, limits, permissions (checked on root fields), error masking and the Cypher trace
are untouched.

A root field's completer, and a Row subtree's, is kept across requests (`PLANS` per schema,
see `_direct` and `_walk`): a document sent again with other values completes without
building it again.
"""

from __future__ import annotations

import enum
import functools
import gc
import json
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, NamedTuple, TypeVar
from weakref import WeakKeyDictionary

import orjson
from graphql import (
    DirectiveNode,
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLError,
    GraphQLField,
    GraphQLID,
    GraphQLInt,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLString,
    GraphQLUnionType,
    Visitor,
    get_named_type,
    is_leaf_type,
    visit,
)
from graphql.execution.collect_fields import FieldDetails
from graphql.language import VariableNode
from graphql.pyutils import Undefined
from strawberry import Schema
from strawberry.schema.base import BaseSchema
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from graph import cursor
from graph.compiler import (
    Compilation,
    Compiled,
    Conn,
    Each,
    FieldSpec,
    Pick,
    Rel,
    Row,
    Same,
    iso_date,
)
from graph.response import Out, OutField, Text, TextRead
from schema.permissions import ReadGate
from schema.rows import RowFields

FieldDetailsList = list[FieldDetails]
M = TypeVar("M", bound=dict[Any, Any])
Info = GraphQLResolveInfo[Any]
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1
# Middlewares whose effect below the root is exactly `RowFields`' row[key] on a Row parent.
_TRANSPARENT = (RowFields, ReadGate)
_HANDED_BACK = object()
_LEAVES: WeakKeyDictionary[GraphQLSchema, dict[int, tuple[GraphQLOutputType, Completer]]] = (
    WeakKeyDictionary()
)
"""Completers of leaf types (scalars, enums, lists and non-nulls of them), by schema."""
_PLACED: WeakKeyDictionary[GraphQLSchema, dict[tuple[int, str], GraphQLObjectType]] = (
    WeakKeyDictionary()
)
"""The concrete type of a row kind under an abstract type, where the kind alone decides it."""
_CHECKED: WeakKeyDictionary[GraphQLSchema, dict[tuple[int, str], bool]] = WeakKeyDictionary()
"""Whether an object type's kind-only `is_type_of` accepts a row kind."""
PLANS = 256
"""Completers kept per schema and kind (root fields, Row subtrees), least recently used dropped
first (see `_direct`). Each holds what its first request's execution held (context, variables,
a request body of MAILLAGE_MAX_BODY_BYTES at most): 2 x 256 of them at most."""
_PLANS: WeakKeyDictionary[GraphQLSchema, OrderedDict[Hashable, tuple[object, Completer]]] = (
    WeakKeyDictionary()
)
_WALKS: WeakKeyDictionary[GraphQLSchema, OrderedDict[Hashable, tuple[object, Completer]]] = (
    WeakKeyDictionary()
)
"""Completers of Row subtrees (network results, search hits), kept the same way."""
_SWITCHES: WeakKeyDictionary[GraphQLSchema, OrderedDict[int, tuple[object, tuple[str, ...]]]] = (
    WeakKeyDictionary()
)
"""By operation: the variables its directives read (`@skip(if: $x)`, `@include(if: $y)`)."""
_OUTLINES: WeakKeyDictionary[GraphQLSchema, OrderedDict[Hashable, tuple[object, Out | None]]] = (
    WeakKeyDictionary()
)
"""How root fields are written as JSON text (`outline`), kept the same way."""
_TEXT_LEAVES = {"String": "string", "ID": "string", "Int": "int", "Boolean": "bool", "Date": "date"}
"""The scalars `graph/response.py` writes, by the way it writes them."""
_EXACT: dict[Any, type] = {GraphQLString: str, GraphQLID: str, GraphQLBoolean: bool}
"""Built-in scalars whose output is the value itself when it has exactly this type."""


class _Selected(NamedTuple):
    """One response key of a selection on an object type."""

    key: str
    name: str
    fields: FieldDetailsList
    definition: GraphQLField | None


class _Bail(Exception):
    """The walk met something only graphql-core's completion may answer (an error, mostly)."""


Completer = Callable[[Any], Any]


class CompiledCompletion(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's executor, completing compiled rows without per-field execution.

    Each (type, selection) pair is turned once per operation into a completer: a closure that
    completes one value the way graphql-core would, or raises to hand the subtree back.
    """

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

    def complete_value(
        self,
        return_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        info: Info,
        path: Any,
        result: Any,
        position_context: Any,
    ) -> Any:
        if isinstance(result, TextRead):
            return self._text_or_maps(
                return_type, field_details_list, info, path, result, position_context
            )
        if isinstance(result, Compiled):
            if self._rows_served:
                completed = self._direct(return_type, field_details_list, info, result)
                if completed is not _HANDED_BACK:
                    return completed
            result = result.rows()
        if self._rows_served and isinstance(result, Row | list):
            completed = self._walk(return_type, field_details_list, info, result)
            if completed is not _HANDED_BACK:
                return completed
        return super().complete_value(
            return_type, field_details_list, info, path, result, position_context
        )

    async def _text_or_maps(
        self,
        type_: GraphQLOutputType,
        fields: FieldDetailsList,
        info: Info,
        path: Any,
        read: TextRead,
        position_context: Any,
    ) -> Any:
        """The root field as the JSON text its statement writes (`graph/response.py`), passed
        on unread; else read as maps and completed as below."""
        out = self.outline(type_, fields) if self._rows_served else None
        if out is not None:
            text = await read.text(out)
            if text is not None:
                return text
        completed = self.complete_value(
            type_, fields, info, path, await read.maps(), position_context
        )
        return await completed if self.is_awaitable(completed) else completed

    def outline(self, type_: GraphQLOutputType, fields: FieldDetailsList) -> Out | None:
        """How the value is written as JSON text, or None when the text lane cannot write it.

        Kept across requests like the completers: it depends on the document's nodes and its
        directives' variables only."""
        key = (id(type_), tuple(id(detail.node) for detail in fields), self._switches())
        kept = _schema_memo(_OUTLINES, self.schema, OrderedDict)
        found = kept.get(key)
        if found is not None:
            kept.move_to_end(key)
            return found[1]
        try:
            out: Out | None = self._out(type_, fields)
        except _Bail:
            out = None
        kept[key] = (fields, out)
        if len(kept) > PLANS:
            kept.popitem(last=False)
        return out

    def _out(
        self, type_: GraphQLOutputType, fields: FieldDetailsList, non_null: bool = False
    ) -> Out:
        if isinstance(type_, GraphQLNonNull):
            return self._out(type_.of_type, fields, True)
        if isinstance(type_, GraphQLList):
            return Out(non_null, item=self._out(type_.of_type, fields))
        if isinstance(type_, GraphQLEnumType):
            return Out(non_null, leaf="enum", names=_enum_texts(type_))
        if isinstance(type_, GraphQLScalarType):
            leaf = _TEXT_LEAVES.get(type_.name)
            if leaf is None:
                raise _Bail
            return Out(non_null, leaf=leaf)
        if isinstance(type_, GraphQLInterfaceType):
            return self._out_abstract(type_, fields, non_null)
        if isinstance(type_, GraphQLObjectType):
            return self._out_object(type_, fields, non_null)
        raise _Bail

    def _out_object(
        self, type_: GraphQLObjectType, fields: FieldDetailsList, non_null: bool
    ) -> Out:
        kinds = None
        if type_.is_type_of is not None:
            kind = getattr(type_.is_type_of, "kind", None)
            if not isinstance(kind, str):
                raise _Bail
            kinds = {kind: json.dumps(type_.name)}
        written: list[OutField] = []
        for field in self._selected(type_, fields):
            if field.name == "__typename":
                written.append(OutField(field.key, field.name, Out(True)))
            elif field.definition is None:
                raise _Bail
            else:
                out = self._out(field.definition.type, field.fields)
                written.append(OutField(field.key, field.name, out))
        return Out(non_null, fields=tuple(written), typename=json.dumps(type_.name), kinds=kinds)

    def _out_abstract(
        self, type_: GraphQLInterfaceType, fields: FieldDetailsList, non_null: bool
    ) -> Out:
        """An interface whose concrete type is its row's kind: written alike for every kind
        (no fragment on one type's fields), with `__typename` looked up by kind."""
        possible = self.schema.get_possible_types(type_)
        if not possible or not _decided_by_kind(type_, possible):
            raise _Bail
        kinds: dict[str, str] = {}
        first: Out | None = None
        for concrete in possible:
            kind = getattr(concrete.is_type_of, "kind", None)
            if not isinstance(kind, str):
                raise _Bail
            kinds[kind] = json.dumps(concrete.name)
            selected = tuple(
                (field.key, field.name, _type_text(field.definition))
                for field in self._selected(concrete, fields)
            )
            if first is None:
                first = self._out_object(concrete, fields, non_null)
                shape = selected
            elif selected != shape:
                raise _Bail
        assert first is not None
        return Out(non_null, fields=first.fields, kinds=kinds)

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

    # -- straight from the statement's maps ----------------------------------------------

    def _direct(
        self, type_: GraphQLOutputType, fields: FieldDetailsList, info: Info, found: Compiled
    ) -> Any:
        """The completed root value read from the statement's maps, with no Rows in between;
        `_HANDED_BACK` when the Rows must be shaped and completed as above.

        Building the completer costs more than running it on a small answer (0.25 ms of a key
        lookup's 1.2). It is kept across requests under what fixes it: the same field of the
        same document (the nodes stay alive with the entry, so their ids stay theirs), the same
        values for the variables its directives read, and the same statement text, page sizes
        and cursor presence (so the same maps under the same generated keys). What else varies
        between requests, the values, reaches only the statement's parameters."""
        try:
            if found.pick is not None:
                build = functools.partial(
                    self._direct_connection, type_, fields, info, found.compilation, found
                )
            else:
                build = functools.partial(
                    self._direct_build,
                    type_,
                    fields,
                    info,
                    found.compilation,
                    found.type_name,
                    found.picks,
                )
            if not found.statement:  # nothing fixes its layout: built for this request only
                return build()(found.data)
            key = (
                found.statement,
                tuple(found.compilation.connections.values()),
                id(type_),
                tuple(id(detail.node) for detail in fields),
                self._switches(),
            )
            return _kept(
                _schema_memo(_PLANS, self.schema, OrderedDict), key, fields, build, found.data
            )
        except Exception:
            return _HANDED_BACK

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

    def _direct_build(
        self,
        type_: GraphQLOutputType,
        fields: FieldDetailsList,
        info: Info,
        c: Compilation,
        spec: str,
        picks: tuple[Pick, ...],
    ) -> Completer:
        """Completes the statement's map (or list of maps) for `spec` objects under `picks`."""
        if isinstance(type_, GraphQLNonNull):
            return _non_null(self._direct_build(type_.of_type, fields, info, c, spec, picks))
        if isinstance(type_, GraphQLList):
            return _many(self._direct_build(type_.of_type, fields, info, c, spec, picks))
        if isinstance(type_, GraphQLInterfaceType | GraphQLUnionType):
            return self._direct_abstract(type_, fields, info, c, spec, picks)
        if isinstance(type_, GraphQLObjectType):
            return self._direct_object(type_, fields, info, c, spec, picks)
        raise _Bail

    def _direct_abstract(
        self,
        type_: GraphQLInterfaceType | GraphQLUnionType,
        fields: FieldDetailsList,
        info: Info,
        c: Compilation,
        spec: str,
        picks: tuple[Pick, ...],
    ) -> Completer:
        if not _decided_by_kind(type_, self.schema.get_possible_types(type_)):
            raise _Bail
        resolve: Callable[..., Any] = type_.resolve_type or self.type_resolver
        by_kind: dict[str, Completer] = {}
        placed = _schema_memo(_PLACED, self.schema, dict)

        def place(kind: str) -> GraphQLObjectType:
            """The concrete type of a `kind` row: decided by kind alone, so once per schema."""
            memo = (id(type_), kind)
            found = placed.get(memo)
            if found is None:
                name = resolve(_probe(kind), info, type_)
                named = self.schema.get_type(name) if isinstance(name, str) else None
                if not isinstance(named, GraphQLObjectType) or not self.schema.is_sub_type(
                    type_, named
                ):
                    raise _Bail
                found = placed[memo] = named
            return found

        def abstract(value: Any) -> Any:
            if value is None:
                return None
            if type(value) is not dict:
                raise _Bail
            kind = value.get("_k") or spec
            complete = by_kind.get(kind)
            if complete is None:
                complete = self._direct_object(place(kind), fields, info, c, spec, picks)
                by_kind[kind] = complete
            return complete(value)

        return abstract

    def _direct_object(
        self,
        type_: GraphQLObjectType,
        fields: FieldDetailsList,
        info: Info,
        c: Compilation,
        spec: str,
        picks: tuple[Pick, ...],
    ) -> Completer:
        """What `Compilation.shape` then `_object` would give, in one pass over the map."""
        selected = self._selected(type_, fields)
        is_type_of = type_.is_type_of
        if is_type_of is not None and not getattr(is_type_of, "__qualname__", "").endswith(
            _KIND_ONLY
        ):
            raise _Bail
        # Concrete types of one interface selected alike (the usual case: no fragment on a
        # type, no __typename) complete alike: their fields are read once per operation.
        signature = (
            id(picks),
            spec,
            type_.name if any(field.name == "__typename" for field in selected) else None,
            tuple(
                (field.key, tuple(id(d.node) for d in field.fields), _type_text(field.definition))
                for field in selected
            ),
        )
        entries = self._entries.get(signature)
        if entries is None:
            entries = self._direct_entries(type_, selected, info, c, spec, picks)
            self._entries[signature] = entries
        checked = _schema_memo(_CHECKED, self.schema, dict)

        def accepts(kind: str) -> bool:
            memo = (id(type_), kind)
            ok = checked.get(memo)
            if ok is None:
                assert is_type_of is not None
                matches = is_type_of(_probe(kind), info)
                ok = checked[memo] = not self.is_awaitable(matches) and bool(matches)
            return ok

        def complete(value: Any) -> Any:
            if value is None:
                return None
            if type(value) is not dict:
                raise _Bail
            if is_type_of is not None and not accepts(value.get("_k") or spec):
                raise _Bail
            return {key: read(value) for key, read in entries}

        return complete

    def _direct_entries(
        self,
        type_: GraphQLObjectType,
        selected: list[_Selected],
        info: Info,
        c: Compilation,
        spec: str,
        picks: tuple[Pick, ...],
    ) -> list[tuple[str, Completer]]:
        """Each response key of an object with the reader of its value."""
        specs = c.specs[spec].fields
        by_key = {pick.key: pick for pick in picks}
        entries: list[tuple[str, Completer]] = []
        for field in selected:
            key, definition = field.key, field.definition
            if field.name == "__typename":
                entries.append((key, _constant(type_.name)))
                continue
            if definition is None:
                continue
            pick = by_key.get(key)
            spec_field = specs.get(pick.field) if pick is not None else None
            if pick is None or spec_field is None:
                # Not compiled: the Row would lack the key, and its value be null.
                none = self._completer(definition.type, field.fields, info)
                entries.append((key, _absent(none)))
                continue
            read = self._direct_field(definition.type, field.fields, info, c, spec_field, pick)
            entries.append((key, read))
        return entries

    def _direct_field(
        self,
        type_: GraphQLOutputType,
        fields: FieldDetailsList,
        info: Info,
        c: Compilation,
        spec_field: FieldSpec,
        pick: Pick,
    ) -> Completer:
        """Reads one field's value from its parent's map and completes it."""
        name = c.name(pick)
        if isinstance(spec_field, Same | Each | Rel):
            target = self._direct_build(type_, fields, info, c, spec_field.target, pick.children)
            if isinstance(spec_field, Each) or (isinstance(spec_field, Rel) and spec_field.many):
                return lambda data: target(data.get(name) or [])
            return lambda data: target(data.get(name))
        if isinstance(spec_field, Conn):
            entity = c.entities[spec_field.entity].spec
            connection = self._direct_connection(
                type_, fields, info, c, Compiled(c, entity, pick.children, None, pick)
            )
            return lambda data: connection(data.get(name))
        leaf = self._completer(type_, fields, info)
        convert = spec_field.convert
        named = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
        if convert is iso_date and isinstance(named, GraphQLScalarType) and named.name == "Date":

            def date_text(data: Any) -> Any:
                value = data.get(name)
                if type(value) is str:  # the Date scalar's own output: isoformat()
                    return iso_date(value).isoformat()
                return leaf(None if value is None else iso_date(value))

            return date_text
        if convert is not None:

            def converted(data: Any) -> Any:
                value = data.get(name)
                return leaf(None if value is None else convert(value))

            return converted
        exact = _EXACT.get(named)
        if exact is None:
            return lambda data: leaf(data.get(name))

        def plain(data: Any) -> Any:
            value = data.get(name)
            return value if type(value) is exact else leaf(value)

        return plain

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


# The resolvers whose answer, for a plain Row, depends on its kind alone: Strawberry's own
# interface resolver (a cast, an instance of the interface, `__typename`, then each possible
# type's `is_type_of`), Strawberry's generated `is_type_of` (an isinstance check, never true for
# a Row) and the schema's `_is(kind)` (schema/types.py).
_KIND_ONLY = (
    "_get_resolve_type.<locals>.resolve_type",
    "_get_is_type_of.<locals>.is_type_of",
    "_is.<locals>.is_type_of",
)


def _decided_by_kind(abstract: GraphQLInterfaceType | GraphQLUnionType, possible: Any) -> bool:
    """Whether every function that places a Row in `abstract` looks at its kind only."""
    functions = [abstract.resolve_type] + [t.is_type_of for t in possible]
    return isinstance(abstract, GraphQLInterfaceType) and all(
        f is None or getattr(f, "__qualname__", "").endswith(_KIND_ONLY) for f in functions
    )


def _plain_row(value: Any) -> bool:
    """A Row as the compiler makes it: its kind as only attribute (no cast), no `__typename`."""
    return (
        type(value) is Row
        and isinstance(value.kind, str)
        and value.__dict__.keys() == {"kind"}
        and "__typename" not in value
    )


class _DirectiveVariables(Visitor):
    """Collects the names of the variables read by directives' arguments."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def enter_directive(self, node: DirectiveNode, *_: Any) -> None:
        for argument in node.arguments or ():
            visit(argument, _Variables(self.names))


class _Variables(Visitor):
    def __init__(self, names: set[str]) -> None:
        super().__init__()
        self.names = names

    def enter_variable(self, node: VariableNode, *_: Any) -> None:
        self.names.add(node.name.value)


def _kept(
    kept: OrderedDict[Hashable, tuple[object, Completer]],
    key: Hashable,
    fields: FieldDetailsList,
    build: Callable[[], Completer],
    value: Any,
) -> Any:
    """`value` completed by the completer kept under `key`, built (and kept, with `fields`, whose
    nodes then stay alive so that their ids stay theirs) when there is none yet."""
    found = kept.get(key)
    if found is not None:
        kept.move_to_end(key)
        return found[1](value)
    complete = build()
    completed = complete(value)
    kept[key] = (fields, complete)
    if len(kept) > PLANS:
        kept.popitem(last=False)
    return completed


def _schema_memo(
    memos: WeakKeyDictionary[GraphQLSchema, M], schema: GraphQLSchema, new: Callable[[], M]
) -> M:
    """`schema`'s own memo in `memos`, made by `new` (dict, OrderedDict) the first time."""
    found = memos.get(schema)
    if found is None:
        found = memos[schema] = new()
    return found


def _type_text(definition: Any) -> str | None:
    """A field's type as SDL text (`[Sector!]!`): the same text is the same type in a schema."""
    return None if definition is None else str(definition.type)


def _absent(complete: Completer) -> Callable[..., Any]:
    """A field the statement has no value for: completed as null (or refused if non-null)."""

    def absent(*_: Any) -> Any:
        return complete(None)

    return absent


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


def _probe(kind: str) -> Row:
    """An empty Row of `kind`: what kind-only type resolvers need to place a compiled map."""
    row = Row()
    row.kind = kind
    return row


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


def _non_null(inner: Completer) -> Completer:
    def non_null(value: Any) -> Any:
        done = inner(value)
        if done is None:
            raise _Bail
        return done

    return non_null


def _many(inner: Completer) -> Completer:
    def many(value: Any) -> Any:
        if value is None:
            return None
        if type(value) is not list:
            raise _Bail
        return [inner(item) for item in value]

    return many


def _constant(name: str) -> Completer:
    return lambda _value: name


def _leaf(type_: GraphQLScalarType | GraphQLEnumType) -> Completer:
    """graphql-core's leaf completion, with the identity cases of the built-in scalars inline."""
    coerce = type_.coerce_output_value
    exact: type | None = None
    if type_ is GraphQLString or type_ is GraphQLID:
        exact = str
    elif type_ is GraphQLBoolean:
        exact = bool
    memo: dict[Any, Any] = {}  # enums: a few stored values, each always the same name

    def leaf(value: Any) -> Any:
        if value is None or type(value) is exact:
            return value
        if type(value) is int and type_ is GraphQLInt and _INT_MIN <= value <= _INT_MAX:
            return value
        if isinstance(type_, GraphQLEnumType) and type(value) is str:
            if value not in memo:
                memo[value] = coerce(value)
            coerced = memo[value]
        else:
            coerced = coerce(value)
        if coerced is None or coerced is Undefined:
            raise _Bail
        return coerced

    return leaf


def install(schema: BaseSchema) -> None:
    """Complete compiled rows with `CompiledCompletion` in every operation of `schema`.

    Also moves what exists at start-up (modules, the schema) out of the garbage collector's
    sight: a large response allocates tens of thousands of containers, and the full
    collections they trigger would otherwise rescan all of it (measured: 8 ms of a 50-actor
    page's 10 ms completion).
    """
    if isinstance(schema, Schema):
        schema.execution_context_class = CompiledCompletion
    gc.freeze()


def _enum_texts(type_: GraphQLEnumType) -> dict[str, str]:
    """An enum's names as JSON text, by the stored value normal execution gives each."""
    texts = {}
    for name, value in type_.values.items():
        stored = value.value.value if isinstance(value.value, enum.Enum) else value.value
        if isinstance(stored, str):
            try:
                if type_.serialize(stored) == name:
                    texts[stored] = json.dumps(name)
            except GraphQLError:
                continue
    return texts


def _fragment(value: object) -> orjson.Fragment:
    if isinstance(value, Text):
        return orjson.Fragment(value.json)
    raise TypeError(type(value).__name__)


def _decoded(value: object) -> Any:
    if isinstance(value, Text):
        return json.loads(value.json)
    raise TypeError(type(value).__name__)


def encode_json(data: object) -> bytes:
    """A response body: orjson, or the standard library for what orjson refuses. A field's
    JSON text written by its statement (`Text`) goes in as it is."""
    try:
        return orjson.dumps(data, default=_fragment)
    except TypeError:
        return json.dumps(data, separators=(",", ":"), default=_decoded).encode()
