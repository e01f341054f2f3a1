"""Completers: closures that complete one value the way graphql-core would, or raise `_Bail` to
hand it back, and the memos that keep them across requests, per schema."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, NamedTuple, TypeVar
from weakref import WeakKeyDictionary

from graphql import (
    DirectiveNode,
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLField,
    GraphQLID,
    GraphQLInt,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLString,
    GraphQLUnionType,
    Visitor,
    visit,
)
from graphql.execution.collect_fields import FieldDetails
from graphql.language import VariableNode
from graphql.pyutils import Undefined

from graph.compiler import Row

FieldDetailsList = list[FieldDetails]
M = TypeVar("M", bound=dict[Any, Any])
Info = GraphQLResolveInfo[Any]
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1
# Middlewares whose effect below the root is exactly `RowFields`' row[key] on a Row parent.

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


class _Selected(NamedTuple):
    """One response key of a selection on an object type."""

    key: str
    name: str
    fields: FieldDetailsList
    definition: GraphQLField | None


class _Bail(Exception):
    """The walk met something only graphql-core's completion may answer (an error, mostly)."""


Completer = Callable[[Any], Any]

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


def _probe(kind: str) -> Row:
    """An empty Row of `kind`: what kind-only type resolvers need to place a compiled map."""
    row = Row()
    row.kind = kind
    return row


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
