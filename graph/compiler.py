"""Compile a selection tree into ONE Cypher statement that returns the response's shape.

The tree (`Pick`s) says which fields a client asked for, under which response keys, with which
arguments. Field specs (`graph/specs.py`) say how Cypher computes each field. Response keys
never reach the statement: map keys are generated (`f0`, `f1`, ...) and every value is a
`$parameter`; `shape` turns the returned maps back into rows keyed by response key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from errors import LimitExceededError, ValidationError
from graph import cursor


@dataclass(frozen=True, eq=False)
class Pick:
    """One requested field: response key, schema field name, arguments, sub-selection."""

    key: str
    field: str
    args: Mapping[str, Any] = dataclass_field(default_factory=dict)
    children: tuple[Pick, ...] = ()


class Row(dict[str, Any]):
    """A compiled result object; `kind` names its concrete type when the field is abstract."""

    kind: str | None = None


@dataclass(frozen=True)
class Limits:
    default_page: int = 20
    max_page: int = 100
    max_list: int = 100


@dataclass(frozen=True, eq=False)
class Compiled:
    """A root read's decoded statement result, with what shapes it: `rows()` gives the Rows.

    The compiled response path completes it straight from the statement's maps instead
    (`schema/fastpath.py`); `pick` is the root field's Pick when the read is a connection.
    """

    compilation: Compilation
    type_name: str
    picks: tuple[Pick, ...]
    data: Any
    pick: Pick | None = None
    statement: str = ""
    """The statement's text: with the pages' sizes and cursors' presence, it fixes the maps'
    layout (`schema/fastpath.py` reuses a completer for the same layout)."""

    def rows(self) -> Row | None:
        if self.pick is not None:
            return self.compilation.shape_connection(self.type_name, self.pick, self.data)
        return self.compilation.shape(self.type_name, self.picks, self.data)


# ---- field specs -------------------------------------------------------------------------


@dataclass(frozen=True)
class Scalar:
    """A value computed from the bound variables, e.g. "{v}.nameFr"."""

    expr: str
    convert: Callable[[Any], Any] | None = None
    source: str | None = None
    """The stored value `expr` is computed from, when the JSON text lane needs it (dates)."""


def iso_date(text: str) -> dt.date:
    """A date the statement returned as text (`toString(date)`): a string decodes faster than
    the driver's date structure, and the compiled response path sends it as is."""
    return dt.date.fromisoformat(text)


def date_field(expr: str) -> Scalar:
    """A date property, read as ISO text: e.g. date_field("{v}.signedOn")."""
    return Scalar(f"toString({expr})", convert=iso_date, source=expr)


@dataclass(frozen=True)
class Computed:
    """A value whose Cypher depends on the field's arguments (e.g. a label by language)."""

    build: Callable[[Compilation, dict[str, str], Pick], str]
    convert: Callable[[Any], Any] | None = None


@dataclass(frozen=True)
class Same:
    """The same bound node seen as another type (e.g. a party's actor)."""

    target: str
    var: str = "v"


@dataclass(frozen=True)
class Rel:
    """Related items, each with its own filter, order and limit per parent.

    `match` is a pattern (or, starting with a clause keyword, whole clauses) over {p} (parent),
    {pr} (the parent's relationship), {v} (item), {r}, {x}, {via}; `carry` the WITH that keeps
    the item's variables; `order` its ORDER BY.
    """

    match: str
    target: str
    many: bool = True
    carry: str = "WITH {v}, {r}"
    order: str = "{v}.key"
    abstract: bool = False


@dataclass(frozen=True)
class Each:
    """Items of an in-memory list bound earlier (e.g. the agreements behind a partnership)."""

    items: str
    target: str


@dataclass(frozen=True)
class Conn:
    """A Relay connection over `entity` items matched by `match` (keyset paginated)."""

    entity: str
    match: str


FieldSpec = Scalar | Computed | Same | Rel | Each | Conn


@dataclass(frozen=True)
class Entity:
    """What a connection of this entity can filter and sort on."""

    label: str
    spec: str
    where: Callable[[Compilation, Mapping[str, Any], str, int], str | None]
    sorts: Mapping[str, str]
    # Sorts on a property every node holds and a range index covers: first in `orderBy`, they
    # are read from the index in order (a guard `IS NOT NULL` lets Neo4j scan it).
    indexed: frozenset[str] = frozenset()


@dataclass(frozen=True)
class TypeSpec:
    fields: Mapping[str, FieldSpec]
    kind_expr: str | None = None


@dataclass(frozen=True)
class Page:
    """A connection's page as Cypher: `body` binds `v` in order (LIMIT and RETURN to add)."""

    spec: str
    v: str
    body: str
    total: str
    names: list[str]
    first: int


KEY_SORT = "{v}.key"
"""The sort template of an entity's key: unique, so it ends every ordering."""

# ---- compilation -------------------------------------------------------------------------


class Compilation:
    """Collects parameters and generated names while one statement is built."""

    def __init__(
        self, specs: Mapping[str, TypeSpec], entities: Mapping[str, Entity], limits: Limits
    ):
        self.specs = specs
        self.entities = entities
        self.limits = limits
        self.params: dict[str, Any] = {}
        self._names: dict[int, str] = {}
        self._vars = 0
        self.connections: dict[int, tuple[str, int, bool]] = {}

    def param(self, value: Any) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return "$" + name

    def var(self) -> str:
        self._vars += 1
        return f"n{self._vars}"

    def name(self, pick: Pick) -> str:
        if id(pick) not in self._names:
            self._names[id(pick)] = f"f{len(self._names)}"
        return self._names[id(pick)]

    def page_size(self, pick: Pick, fallback: int | None = None) -> int:
        first = pick.args.get("first")
        if first is None:
            return fallback if fallback is not None else self.limits.default_page
        if first < 0:
            raise ValidationError("`first` must be zero or more.", field=f"{pick.key}.first")
        if first > self.limits.max_page:
            raise LimitExceededError(
                f"`first` is {first}; the largest page is {self.limits.max_page}.",
                field=f"{pick.key}.first",
            )
        return int(first)

    # -- projections

    def project(self, type_name: str, picks: Sequence[Pick], bind: dict[str, str]) -> str:
        """The map of `picks`, written in field-name order: the same selection in another
        order, or under other aliases, gives the same text (one plan); `shape` puts the
        values back in the selection's order."""
        spec = self.specs[type_name]
        entries = []
        if spec.kind_expr is not None:
            entries.append("_k: " + spec.kind_expr.format(**bind))
        for pick in sorted(picks, key=_field_name):
            spec_field = spec.fields.get(pick.field)
            if spec_field is not None:
                entries.append(f"{self.name(pick)}: {self.value(spec_field, pick, bind)}")
        return "{" + ", ".join(entries) + "}"

    def value(self, spec_field: FieldSpec, pick: Pick, bind: dict[str, str]) -> str:
        if isinstance(spec_field, Scalar):
            return spec_field.expr.format(**bind)
        if isinstance(spec_field, Computed):
            return spec_field.build(self, bind, pick)
        if isinstance(spec_field, Same):
            return self.project(spec_field.target, pick.children, {"v": bind[spec_field.var]})
        if isinstance(spec_field, Each):
            item = self.var()
            inner = self.project(spec_field.target, pick.children, {"v": item})
            return f"[{item} IN {spec_field.items.format(**bind)} | {inner}]"
        if isinstance(spec_field, Rel):
            return self.relation(spec_field, pick, bind)
        return self.connection(spec_field, pick, bind)

    def _bind(self, parent: dict[str, str]) -> dict[str, str]:
        return {
            "p": parent["v"],
            "pr": parent.get("r", "null"),
            "v": self.var(),
            "r": self.var(),
            "x": self.var(),
            "via": self.var(),
        }

    def relation(self, rel: Rel, pick: Pick, parent: dict[str, str]) -> str:
        body = self.related(
            rel, pick, parent, lambda bind: self.project(rel.target, pick.children, bind)
        )
        return f"COLLECT {{ {body} }}" if rel.many else f"head(COLLECT {{ {body} }})"

    def related(
        self, rel: Rel, pick: Pick, parent: dict[str, str], item: Callable[[dict[str, str]], str]
    ) -> str:
        """The body of a relation's COLLECT: its items in order, limited, each as `item(bind)`."""
        bind = self._bind(parent)
        as_of = pick.args.get("asOf")  # a date argument a Rel's text may use as {asOf}
        bind["asOf"] = self.param(as_of) if as_of is not None else "null"
        limit = self.param(self.page_size(pick, self.limits.max_list) if rel.many else 1)
        match = rel.match.format(**bind)
        if not match.startswith(("MATCH", "CALL", "UNWIND")):
            match = "MATCH " + match
        return (
            f"{match} {rel.carry.format(**bind)} "
            f"ORDER BY {rel.order.format(**bind)} LIMIT {limit} RETURN {item(bind)}"
        )

    def connection(self, conn: Conn, pick: Pick, parent: dict[str, str]) -> str:
        page = self.page(conn, pick, parent)
        node = self.project(page.spec, _node_picks(pick), {"v": page.v})
        names = ", ".join(page.names)
        item = f"{{c: [{names}], n: {node}}}" if _cursors(pick) else f"{{n: {node}}}"
        rows = f"COLLECT {{ {page.body} LIMIT {self.param(page.first + 1)} RETURN {item} }}"
        wants_total = any(child.field == "totalCount" for child in pick.children)
        total = page.total if wants_total else "null"
        return f"{{rows: {rows}, total: {total}}}"

    def page(self, conn: Conn, pick: Pick, parent: dict[str, str]) -> Page:
        """A connection's items in order, after the cursor, before the page's LIMIT."""
        entity = self.entities[conn.entity]
        bind = self._bind(parent)
        v = bind["v"]
        match = conn.match.format(label=entity.label, **bind)
        where = entity.where(self, pick.args.get("where") or {}, v, 0)
        order = [
            (str(item["field"]), str(item.get("direction") or "ASC"))
            for item in pick.args.get("orderBy") or []
        ]
        if order and order[0][0] in entity.indexed:
            guard = f"{entity.sorts[order[0][0]].format(v=v)} IS NOT NULL"
            where = f"{where} AND {guard}" if where else guard
        filtered = f"MATCH {match}" + (f" WHERE {where}" if where else "")
        if len(order) > 5:
            raise LimitExceededError("`orderBy` takes at most 5 keys.", field=f"{pick.key}.orderBy")
        sort_exprs: list[tuple[str, str]] = []
        directions: list[str] = []
        key_direction: str | None = None
        for index, (sort_field, direction) in enumerate(order):
            template = entity.sorts.get(sort_field)
            if template is None:
                raise ValidationError(f"Cannot sort by {sort_field}.", field=f"{pick.key}.orderBy")
            if key_direction is not None:
                continue  # the key is unique: nothing after it can reorder
            if template == KEY_SORT:
                key_direction = direction
                continue
            sort_exprs.append((f"s{index}_{v}", template.format(v=v)))
            directions.append(direction)
        directions.append(key_direction or "ASC")
        names = [name for name, _ in sort_exprs] + [f"{v}.key"]
        first = self.page_size(pick)
        scope = conn.entity + "|" + ",".join(f"{f}:{d}" for f, d in order)
        keyset = None
        if pick.args.get("after") is not None:
            values = cursor.decode(pick.args["after"], scope, len(names))
            keyset = self._keyset(names, directions, values)
        ordering = ", ".join(f"{name} {d}" for name, d in zip(names, directions, strict=True))
        if sort_exprs:
            carried = ", ".join([v] + [f"{expr} AS {name}" for name, expr in sort_exprs])
            kept = ", ".join([v] + [name for name, _ in sort_exprs])
            after = f" WHERE {keyset}" if keyset else ""
            body = f"{filtered} WITH {carried}{after} WITH {kept} ORDER BY {ordering}"
        else:
            # Ordered by key alone, written so that Neo4j reads the key index in order and
            # stops at the page's end (a 50-actor page: a fifth of the database hits).
            conditions = [c for c in (where, f"{v}.key IS NOT NULL", keyset) if c]
            body = f"MATCH {match} WHERE {' AND '.join(conditions)} WITH {v} ORDER BY {ordering}"
        self.connections[id(pick)] = (scope, first, pick.args.get("after") is not None)
        return Page(entity.spec, v, body, f"COUNT {{ {filtered} }}", names, first)

    def _keyset(self, names: list[str], directions: list[str], values: list[Any]) -> str:
        params = [self.param(value) for value in values]
        clauses = []
        for index, name in enumerate(names):
            equal = [f"{names[j]} = {params[j]}" for j in range(index)]
            op = ">" if directions[index] == "ASC" else "<"
            clauses.append("(" + " AND ".join([*equal, f"{name} {op} {params[index]}"]) + ")")
        return "(" + " OR ".join(clauses) + ")"

    # -- shaping the results back

    def shape(
        self, type_name: str, picks: Sequence[Pick], data: Mapping[str, Any] | None
    ) -> Row | None:
        if data is None:
            return None
        spec = self.specs[type_name]
        row = Row()
        row.kind = data.get("_k") or type_name
        for pick in picks:
            spec_field = spec.fields.get(pick.field)
            if spec_field is None:
                continue
            row[pick.key] = self._shape_value(spec_field, pick, data.get(self.name(pick)))
        return row

    def _shape_value(self, spec_field: FieldSpec, pick: Pick, value: Any) -> Any:
        if isinstance(spec_field, Scalar | Computed):
            if value is None or spec_field.convert is None:
                return value
            return spec_field.convert(value)
        if isinstance(spec_field, Same):
            return self.shape(spec_field.target, pick.children, value)
        if isinstance(spec_field, Each):
            return [self.shape(spec_field.target, pick.children, item) for item in value or []]
        if isinstance(spec_field, Rel):
            if spec_field.many:
                return [self.shape(spec_field.target, pick.children, item) for item in value or []]
            return self.shape(spec_field.target, pick.children, value)
        return self.shape_connection(self.entities[spec_field.entity].spec, pick, value)

    def shape_connection(self, spec: str, pick: Pick, value: Mapping[str, Any]) -> Row:
        scope, first, after_given = self.connections[id(pick)]
        rows = list(value["rows"])
        has_next = len(rows) > first
        rows = rows[:first]
        cursors = [cursor.encode(scope, row["c"]) for row in rows] if _cursors(pick) else []
        out = Row()
        for child in pick.children:
            if child.field == "totalCount":
                out[child.key] = value["total"]
            elif child.field == "nodes":
                out[child.key] = [self.shape(spec, child.children, row["n"]) for row in rows]
            elif child.field == "edges":
                out[child.key] = [
                    self._edge(spec, child, row, cursor_)
                    for row, cursor_ in zip(rows, cursors, strict=True)
                ]
            elif child.field == "pageInfo":
                info = {
                    "hasNextPage": has_next,
                    "hasPreviousPage": after_given,
                    "startCursor": cursors[0] if cursors else None,
                    "endCursor": cursors[-1] if cursors else None,
                }
                out[child.key] = Row({grand.key: info.get(grand.field) for grand in child.children})
        return out

    def _edge(self, spec: str, edge: Pick, row: Mapping[str, Any], cursor_: str) -> Row:
        out = Row()
        for child in edge.children:
            if child.field == "cursor":
                out[child.key] = cursor_
            elif child.field == "node":
                out[child.key] = self.shape(spec, child.children, row["n"])
        return out


def _field_name(pick: Pick) -> str:
    return pick.field


def _cursors(pick: Pick) -> bool:
    """Whether a connection's cursors are asked for (through `edges` or `pageInfo`)."""
    return any(child.field in ("edges", "pageInfo") for child in pick.children)


def _node_picks(pick: Pick) -> list[Pick]:
    """The item fields a connection needs: from `nodes { }` and `edges { node { } }`."""
    picks: list[Pick] = []
    for child in pick.children:
        if child.field == "nodes":
            picks.extend(child.children)
        elif child.field == "edges":
            for grand in child.children:
                if grand.field == "node":
                    picks.extend(grand.children)
    return picks
