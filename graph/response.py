"""Statements that return a root field's response as JSON text, written by Neo4j.

The compiled response path (`schema/fastpath.py`) otherwise decodes the statement's maps in
Python, then builds the response object by object: for a page of 50 actors with their
agreements and parties, that is most of the request's time. Here the statement writes the
field's JSON itself, in the selection's order, and Maillage passes it on unread.

What to write comes from the GraphQL types (`Out`, built by `schema/fastpath.py`); how Cypher
computes each field from the field specs, as in `graph/compiler.py`. Response keys are client
strings, so they reach Cypher as parameters (`'{"key":'` is `$p3`), never in the statement's
text. The statement writes only what normal execution would answer without an error: a null in
a non-null field, a value a scalar or an enum refuses and an object of an unknown kind write
`BAD`, a control character. Strings are escaped for tab, newline, carriage return, quote and
backslash; any other control character stays raw. `written` refuses a text with a control
character in it, and a stored value of the wrong type makes Cypher fail: either way the read
is made again the usual way (`graph/queries.py`), and its completion reports the error.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from graph.compiler import (
    Compilation,
    Computed,
    Conn,
    Each,
    Entity,
    FieldSpec,
    Limits,
    Pick,
    Rel,
    Same,
    Scalar,
    TypeSpec,
    iso_date,
)

BAD = "\u0001"
"""What the statement writes where normal execution would answer an error."""
_CONTROLS = tuple(chr(code) for code in range(0x20))
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1


class Unsupported(Exception):
    """The selection needs something only Python can write (a cursor, a global id ...)."""


@dataclass(frozen=True, eq=False)
class Out:
    """How one value is written, from its GraphQL type.

    A leaf has `leaf` ("string", "int", "bool", "date", "enum"; `names`: an enum's JSON text by
    stored value); a list its `item`; an object its `fields` in response order, its type name as
    JSON text (`typename`) or, when the name depends on the row's kind, the names by kind
    (`kinds`: a row of another kind is refused)."""

    non_null: bool = False
    leaf: str = ""
    names: Mapping[str, str] | None = None
    item: Out | None = None
    fields: tuple[OutField, ...] = ()
    typename: str = ""
    kinds: Mapping[str, str] | None = None


@dataclass(frozen=True, eq=False)
class OutField:
    """A response key, the schema field it reads (`__typename` included) and how to write it."""

    key: str
    name: str
    out: Out


class Text:
    """A value's JSON text, as the statement wrote it."""

    __slots__ = ("json",)

    def __init__(self, json: str) -> None:
        self.json = json


@dataclass(frozen=True)
class TextRead:
    """A root read the compiled response path may take as JSON text: `text(out)` first, and
    `maps()` (a `Compiled`) when that gives None."""

    text: Callable[[Out], Awaitable[Text | None]]
    maps: Callable[[], Awaitable[Any]]


def written(value: str) -> Text | None:
    """The statement's text, or None when it wrote `BAD` (or another control character).

    One search per control character, each a memchr: over a 100 kB page, about 8 times faster
    than a regular expression's character class (27 against 220 µs)."""
    if not isinstance(value, str) or any(control in value for control in _CONTROLS):
        return None
    return Text(value)


# Cypher string escapes: backslash, double quote, newline, carriage return, tab; any other
# control character stays raw, and `written` refuses it.
_ESCAPED = (
    r"replace(replace(replace(replace(replace({x}, '\\', '\\\\'), '\"', '\\\"'),"
    r" '\n', '\\n'), '\r', '\\r'), '\t', '\\t')"
)


@dataclass(frozen=True)
class _Parts:
    """A connection's text: `head`, then the items' texts (`rows`, a Cypher list) joined and
    bracketed, then `tail`; `bound` names the page's rows when pageInfo needs their count."""

    head: list[str]
    rows: str | None
    tail: list[str]
    bound: tuple[str, str] | None


class TextCompilation(Compilation):
    """A `Compilation` that also writes values as JSON text (`text_object`, `text_page`)."""

    def __init__(
        self, specs: Mapping[str, TypeSpec], entities: Mapping[str, Entity], limits: Limits
    ) -> None:
        super().__init__(specs, entities, limits)
        self._bad: str | None = None
        self._texts: dict[str, str] = {}

    @property
    def bad(self) -> str:
        if self._bad is None:
            self._bad = self.param(BAD)
        return self._bad

    def text(self, literal: str) -> str:
        """`literal` (JSON text the client's keys are in) as a parameter, one per distinct text."""
        found = self._texts.get(literal)
        if found is None:
            found = self._texts[literal] = self.param(literal)
        return found

    def key(self, index: int, key: str) -> str:
        """What comes before the value of an object's `index`-th response key: `{"key":`."""
        return self.text(("{" if index == 0 else ",") + json.dumps(key) + ":")

    def join(self, items: str) -> str:
        """A Cypher list of texts as one text, comma separated."""
        s, t = self.var(), self.var()
        return f"substring(reduce({s} = '', {t} IN {items} | {s} + ',' + {t}), 1)"

    def missing(self, out: Out) -> str:
        """What an absent value writes: null, or `BAD` where the type is non-null."""
        return self.bad if out.non_null else "'null'"

    # -- objects

    def text_object(
        self, spec_name: str, out: Out, picks: tuple[Pick, ...], bind: dict[str, str]
    ) -> str:
        spec = self.specs[spec_name]
        by_key = {pick.key: pick for pick in picks}
        kind = spec.kind_expr.format(**bind) if spec.kind_expr is not None else None
        if out.kinds is not None and kind is None and spec_name not in out.kinds:
            raise Unsupported(spec_name)  # a row without a kind is of its spec's kind
        parts: list[str] = []
        for index, field in enumerate(out.fields):
            parts.append(self.key(index, field.key))
            if field.name == "__typename":
                parts.append(self._typename(out, kind, spec_name))
                continue
            pick = by_key.get(field.key)
            spec_field = spec.fields.get(field.name)
            if pick is None or pick.field != field.name or spec_field is None:
                raise Unsupported(field.key)
            parts.append(self.text_value(spec_field, pick, field.out, bind))
        parts.append("'}'" if out.fields else "'{}'")
        written_ = " + ".join(parts)
        if out.kinds is not None and kind is not None and not self._kind_written(out, spec, kind):
            known = {name: "" for name in out.kinds}
            written_ = f"coalesce({self.param(known)}[{kind}], {self.bad}) + {written_}"
        return written_

    def _kind_written(self, out: Out, spec: TypeSpec, kind: str) -> bool:
        """Whether a field already refuses a row of an unknown kind: a non-null enum of the
        kind itself, whose every name is of a known kind."""
        assert out.kinds is not None
        for field in out.fields:
            spec_field = spec.fields.get(field.name)
            names = field.out.names
            if (
                isinstance(spec_field, Scalar)
                and spec_field.convert is None
                and spec_field.expr == spec.kind_expr
                and field.out.leaf == "enum"
                and field.out.non_null
                and names is not None
                and names.keys() <= out.kinds.keys()
            ):
                return True
        return False

    def _typename(self, out: Out, kind: str | None, spec_name: str) -> str:
        if out.kinds is None:
            return self.text(out.typename)
        if kind is None:
            return self.text(out.kinds[spec_name])
        return f"coalesce({self.param(dict(out.kinds))}[{kind}], {self.bad})"

    def text_value(self, spec_field: FieldSpec, pick: Pick, out: Out, bind: dict[str, str]) -> str:
        if isinstance(spec_field, Scalar):
            if spec_field.convert is iso_date and spec_field.source is not None:
                return self.leaf(spec_field.source.format(**bind), out, stored_date=True)
            if spec_field.convert is not None:
                raise Unsupported(pick.key)
            return self.leaf(spec_field.expr.format(**bind), out)
        if isinstance(spec_field, Computed):
            if spec_field.convert is not None:
                raise Unsupported(pick.key)
            return self.leaf(spec_field.build(self, bind, pick), out)
        if isinstance(spec_field, Same):
            inner_bind = {"v": bind[spec_field.var]}
            return self.text_object(spec_field.target, out, pick.children, inner_bind)
        if isinstance(spec_field, Each):
            if out.item is None:
                raise Unsupported(pick.key)
            item = self.var()
            inner = self.text_object(spec_field.target, out.item, pick.children, {"v": item})
            items = f"[{item} IN {spec_field.items.format(**bind)} | {inner}]"
            return f"'[' + {self.join(items)} + ']'"
        if isinstance(spec_field, Rel):
            return self._text_relation(spec_field, pick, out, bind)
        return self._text_connection(spec_field, pick, out, bind)

    def _text_relation(self, rel: Rel, pick: Pick, out: Out, parent: dict[str, str]) -> str:
        target = out.item if rel.many else out
        if target is None:
            raise Unsupported(pick.key)
        body = self.related(
            rel,
            pick,
            parent,
            lambda bind: self.text_object(rel.target, target, pick.children, bind),
        )
        if rel.many:
            return f"'[' + {self.join(f'COLLECT {{ {body} }}')} + ']'"
        return f"coalesce(head(COLLECT {{ {body} }}), {self.missing(out)})"

    # -- connections

    def _text_connection(self, conn: Conn, pick: Pick, out: Out, parent: dict[str, str]) -> str:
        return self.text_page(conn, pick, out, parent)

    def text_page(self, conn: Conn, pick: Pick, out: Out, parent: dict[str, str]) -> str:
        """A connection object as one text."""
        parts = self._page_parts(conn, pick, out, parent)
        rows = [f"'[' + {self.join(parts.rows)} + ']'"] if parts.rows is not None else []
        written_ = " + ".join(parts.head + rows + parts.tail)
        if parts.bound is not None:
            written_ = f"head([{parts.bound[0]} IN [{parts.bound[1]}] | {written_}])"
        return written_

    def root_page(self, conn: Conn, pick: Pick, out: Out) -> str:
        """A root connection as a statement returning its text in three columns: `head`, the
        items' texts (`rows`, a list) and `tail`. Python joins the items: a join in Cypher
        copies the text made so far once per item, 50 times 2 kB for a page of actors."""
        parts = self._page_parts(conn, pick, out, {"v": "n0"})
        bound = f"WITH {parts.bound[1]} AS {parts.bound[0]} " if parts.bound is not None else ""
        head = " + ".join(parts.head) or "''"
        tail = " + ".join(parts.tail) or "''"
        return f"{bound}RETURN {head} AS head, {parts.rows or 'null'} AS rows, {tail} AS tail"

    def _page_parts(self, conn: Conn, pick: Pick, out: Out, parent: dict[str, str]) -> _Parts:
        """A connection object: `nodes`, `edges { node }`, `totalCount`, `pageInfo` without
        cursors (cursors are written by Python: `Unsupported`)."""
        by_key = {child.key: child for child in pick.children}
        items = [field for field in out.fields if field.name in ("nodes", "edges")]
        if len(items) > 1:
            raise Unsupported(pick.key)  # one item text per row
        page = self.page(conn, pick, parent)
        after_given = pick.args.get("after") is not None
        wants_next = False
        for field in out.fields:
            if field.name == "pageInfo":
                for grand in field.out.fields:
                    if grand.name in ("startCursor", "endCursor"):
                        raise Unsupported(grand.key)
                    wants_next = wants_next or grand.name == "hasNextPage"
        item_text = "''"
        if items:
            field = items[0]
            child = by_key.get(field.key)
            if child is None or child.field != field.name or field.out.item is None:
                raise Unsupported(field.key)
            item_text = self._page_item(page.spec, field, child, page.v)
        limit = self.param(page.first + 1 if wants_next else page.first)
        rows_expr = f"COLLECT {{ {page.body} LIMIT {limit} RETURN {item_text} }}"
        bound: tuple[str, str] | None = None
        rows = rows_expr
        first = ""
        if wants_next:
            bound = (self.var(), rows_expr)
            first = self.param(page.first)
            rows = f"{bound[0]}[..{first}]"
        head: list[str] = []
        tail: list[str] = []
        parts = head
        for index, field in enumerate(out.fields):
            parts.append(self.key(index, field.key))
            if field.name == "__typename":
                parts.append(self.text(out.typename))
            elif field.name in ("nodes", "edges"):
                parts = tail
            elif field.name == "totalCount":
                parts.append(f"toString({page.total})")
            elif field.name == "pageInfo":
                parts.append(
                    self._page_info(field.out, bound[0] if bound else "", first, after_given)
                )
            else:
                raise Unsupported(field.key)
        parts.append("'}'" if out.fields else "'{}'")
        return _Parts(head, rows if items else None, tail, bound)

    def _page_item(self, spec: str, field: OutField, child: Pick, v: str) -> str:
        item = field.out.item
        assert item is not None
        if field.name == "nodes":
            return self.text_object(spec, item, child.children, {"v": v})
        by_key = {grand.key: grand for grand in child.children}
        parts: list[str] = []
        for index, grand in enumerate(item.fields):
            parts.append(self.key(index, grand.key))
            if grand.name == "__typename":
                parts.append(self.text(item.typename))
            elif grand.name == "node" and grand.key in by_key:
                node_picks = by_key[grand.key].children
                parts.append(self.text_object(spec, grand.out, node_picks, {"v": v}))
            else:
                raise Unsupported(grand.key)  # a cursor
        parts.append("'}'" if item.fields else "'{}'")
        return " + ".join(parts)

    def _page_info(self, out: Out, rows: str, first: str, after_given: bool) -> str:
        parts: list[str] = []
        for index, field in enumerate(out.fields):
            parts.append(self.key(index, field.key))
            if field.name == "__typename":
                parts.append(self.text(out.typename))
            elif field.name == "hasNextPage":
                parts.append(f"CASE WHEN size({rows}) > {first} THEN 'true' ELSE 'false' END")
            elif field.name == "hasPreviousPage":
                parts.append("'true'" if after_given else "'false'")
            else:
                raise Unsupported(field.key)
        parts.append("'}'" if out.fields else "'{}'")
        return " + ".join(parts)

    # -- leaves

    def leaf(self, x: str, out: Out, stored_date: bool = False) -> str:
        x = f"({x})"  # an expression (`startNode(r) = p`) is compared and tested below
        missing = self.missing(out)
        if out.item is not None:
            y = self.var()
            items = f"[{y} IN {x} | {self.leaf(y, out.item, stored_date)}]"
            return f"coalesce('[' + {self.join(items)} + ']', {missing})"
        bad = self.bad
        if out.leaf == "string" and not stored_date:
            return f"coalesce('\"' + {_ESCAPED.format(x=x)} + '\"', {missing})"
        if out.leaf == "int" and not stored_date:
            return (
                f"CASE WHEN {x} IS NULL THEN {missing} WHEN {x} IS :: INTEGER AND {x} >= {_INT_MIN}"
                f" AND {x} <= {_INT_MAX} THEN toString({x}) ELSE {bad} END"
            )
        if out.leaf == "bool" and not stored_date:
            return (
                f"CASE WHEN {x} IS NULL THEN {missing} WHEN {x} = true THEN 'true' "
                f"WHEN {x} = false THEN 'false' ELSE {bad} END"
            )
        if out.leaf == "enum" and out.names is not None and not stored_date:
            names = f"{self.param(dict(out.names))}[{x}]"
            if out.non_null:
                return f"coalesce({names}, {bad})"
            return f"CASE WHEN {x} IS NULL THEN 'null' ELSE coalesce({names}, {bad}) END"
        if out.leaf == "date" and stored_date:
            # What `iso_date` then the Date scalar accept: a date of years 1 to 9999.
            return (
                f"CASE WHEN {x} IS NULL THEN {missing} WHEN {x} IS :: DATE AND {x}.year >= 1 "
                f"AND {x}.year <= 9999 THEN '\"' + toString({x}) + '\"' ELSE {bad} END"
            )
        raise Unsupported(out.leaf or "leaf")
