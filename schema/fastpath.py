"""The compiled response path inside execution: which way a root read's answer is built.

A root read by key or a root connection (`TextRead`) is written as JSON text by its own
statement (`graph/response.py`) when every field it selects can be: plain properties, enums,
dates, related objects and lists, pages without cursors, `__typename`. `outline` turns the
GraphQL types into what to write (`Out`), kept across requests; the text goes into the response
unread (`encode_json`). An operation whose answer is all such text is answered before
Strawberry's view on its next request (`lane.py`, `schema/known.py`).

Anything else (a global id, a cursor, a fragment on one of an interface's types, search and
network reads), or a text the statement refuses (an error to report), is completed from the
statement's maps (`schema/maps.py`) or its Rows (`schema/walk.py`), and what they do not
cover by graphql-core's own completion. Parsing, validation, limits, permissions (checked on
root fields), error masking and the Cypher trace are untouched.
"""

from __future__ import annotations

import enum
import gc
import json
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any
from weakref import WeakKeyDictionary

import orjson
from graphql import (
    GraphQLEnumType,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLSchema,
)
from strawberry import Schema
from strawberry.schema.base import BaseSchema

from graph.compiler import Compiled, Row
from graph.response import Out, OutField, Text, TextRead
from schema.completers import (
    _HANDED_BACK,
    PLANS,
    FieldDetailsList,
    Info,
    _Bail,
    _decided_by_kind,
    _schema_memo,
    _type_text,
)
from schema.maps import MapCompletion

_OUTLINES: WeakKeyDictionary[GraphQLSchema, OrderedDict[Hashable, tuple[object, Out | None]]] = (
    WeakKeyDictionary()
)
"""How root fields are written as JSON text (`outline`), kept the same way."""
_TEXT_LEAVES = {"String": "string", "ID": "string", "Int": "int", "Boolean": "bool", "Date": "date"}
"""The scalars `graph/response.py` writes, by the way it writes them."""


class CompiledCompletion(MapCompletion):
    """graphql-core's executor, taking a root read as JSON text where its statement can write
    it, else completing compiled maps and Rows without per-field execution.
    """

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
