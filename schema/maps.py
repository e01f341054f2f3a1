"""Compiled reads completed straight from the statement's maps (`Compiled`: generated keys in,
response keys out, no Rows in between), with the walk's type checks, abstract-type resolution and
scalar coercions. A root field's completer is kept across requests (`_PLANS`, see `_direct`).
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLBoolean,
    GraphQLID,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLString,
    GraphQLUnionType,
)

from graph.compiler import (
    Compilation,
    Compiled,
    Conn,
    Each,
    FieldSpec,
    Pick,
    Rel,
    Same,
    iso_date,
)
from schema.completers import (
    _CHECKED,
    _HANDED_BACK,
    _KIND_ONLY,
    _PLACED,
    _PLANS,
    Completer,
    FieldDetailsList,
    Info,
    _absent,
    _Bail,
    _constant,
    _decided_by_kind,
    _kept,
    _many,
    _non_null,
    _probe,
    _schema_memo,
    _Selected,
    _type_text,
)
from schema.pages import PageCompletion

_EXACT: dict[Any, type] = {GraphQLString: str, GraphQLID: str, GraphQLBoolean: bool}
"""Built-in scalars whose output is the value itself when it has exactly this type."""


class MapCompletion(PageCompletion):
    """The walk, and compiled reads completed from their statement's maps."""

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
