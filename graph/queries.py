"""Root reads: each compiles its whole selection into one statement, one round trip."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any, LiteralString

from neo4j.exceptions import CypherTypeError

from graph.compiler import Compilation, Compiled, Conn, Limits, Pick, Row
from graph.db import Db
from graph.plans import PLANS
from graph.response import Out, Text, TextCompilation, Unsupported, written
from graph.specs import ENTITIES, SPECS

_ROOTS = {name: Conn(name, "({v}:{label})") for name in ENTITIES}


class Ahead:
    """One root read's plan-ahead: whether its JSON-text statement has run once, so Neo4j has
    its plan (`graph/plans.py`). Until it has, the read is answered from the maps form, whose
    statement plans two to three times faster (the text form writes each string through five
    nested `replace` calls and each list through a `reduce`, and its text follows the
    selection's order where the maps form's does not); once that answer is in, the text
    statement is queued to run once in the background, so that it does not take a core from
    the answer on its way."""

    __slots__ = ("_pending",)

    def __init__(self) -> None:
        self._pending: tuple[Db, str, dict[str, Any]] | None = None

    def planned(self, db: Db, statement: str, params: dict[str, Any]) -> bool:
        if PLANS.ready(statement):
            return True
        self._pending = (db, statement, params)
        return False

    def answered(self) -> None:
        """The maps form has answered: queue the text statement, if it waits."""
        if self._pending is not None:
            PLANS.prepare(*self._pending)
            self._pending = None


def _compilation(limits: Limits) -> Compilation:
    return Compilation(SPECS, ENTITIES, limits)


async def _run(db: Db, statement: LiteralString, params: dict[str, Any]) -> Any:
    return await db.read_value(statement, **params)


async def one(
    db: Db,
    limits: Limits,
    entity: str,
    key: str,
    picks: Sequence[Pick],
    ahead: Ahead | None = None,
) -> Compiled:
    """The `entity` with this key (its data None when absent), selected by `picks`."""
    c = _compilation(limits)
    label = ENTITIES[entity].label if entity in ENTITIES else entity
    projection = c.project(entity, picks, {"v": "n0"})
    statement = f"MATCH (n0:{label} {{key: {c.param(key)}}}) RETURN {projection} AS result LIMIT 1"
    data = await _run(db, statement, c.params)
    if ahead is not None:
        ahead.answered()
    return Compiled(c, entity, tuple(picks), data, statement=statement)


async def connection(
    db: Db, limits: Limits, entity: str, pick: Pick, ahead: Ahead | None = None
) -> Compiled:
    """A Relay connection over all `entity` items, filtered, sorted and keyset-paginated."""
    c = _compilation(limits)
    expr = c.connection(_ROOTS[entity], pick, {"v": "n0"})
    statement = f"RETURN {expr} AS result"
    value = await _run(db, statement, c.params)
    if ahead is not None:
        ahead.answered()
    return Compiled(c, ENTITIES[entity].spec, pick.children, value, pick, statement)


async def one_text(
    db: Db,
    limits: Limits,
    entity: str,
    key: str,
    picks: Sequence[Pick],
    out: Out,
    ahead: Ahead | None = None,
    keep: bool = False,
) -> Text | None:
    """`one` as JSON text written by the statement (`graph/response.py`); None when that
    cannot answer it: then `one` does, and its completion reports what went wrong. With
    `ahead`, also None while the statement has not run once (`Ahead`). With `keep`, `picks`
    are kept by the caller and the statement is compiled once for them."""
    statement, params = _one_statement(limits, entity, key, picks, out, keep)
    if statement is None or (ahead is not None and not ahead.planned(db, statement, params)):
        return None
    # No such item: null, the answer of a nullable field (a non-null one's error is `one`'s).
    return await _text(db, statement, params, None if out.non_null else Text("null"))


_ONES: OrderedDict[tuple[str, int, int, Limits], tuple[object, str | None, dict[str, Any]]] = (
    OrderedDict()
)


def _one_statement(
    limits: Limits, entity: str, key: str, picks: Sequence[Pick], out: Out, keep: bool
) -> tuple[str | None, dict[str, Any]]:
    """A read by key's statement and parameters, the key last; None when it cannot be written
    as text. For kept picks compiled once, as `_page_statement`."""
    kept = (entity, id(picks), id(out), limits)
    found = _ONES.get(kept) if keep else None
    if found is None:
        c = TextCompilation(SPECS, ENTITIES, limits)
        label = ENTITIES[entity].label if entity in ENTITIES else entity
        try:
            written = c.text_object(entity, out, tuple(picks), {"v": "n0"})
        except Unsupported:
            found = ((picks, out), None, {})
        else:
            place = f"p{len(c.params)}"  # the key's parameter, `c.param`'s next name
            found = (
                (picks, out),
                f"MATCH (n0:{label} {{key: ${place}}}) RETURN {written} AS result LIMIT 1",
                c.params,
            )
        if keep:
            _ONES[kept] = found
            if len(_ONES) > STATEMENTS:
                _ONES.popitem(last=False)
    else:
        _ONES.move_to_end(kept)
    _, statement, params = found
    if statement is None:
        return None, {}
    return statement, {**params, f"p{len(params)}": key}


STATEMENTS = 256
"""Statements kept for kept Picks (`resolvers/selection.py`), least recently used dropped first."""
_STATEMENTS: OrderedDict[tuple[int, int, Limits], tuple[object, str | None, dict[str, Any]]] = (
    OrderedDict()
)


def _page_statement(
    limits: Limits, entity: str, pick: Pick, out: Out, keep: bool
) -> tuple[str | None, dict[str, Any]]:
    """A root connection's statement and parameters, None when it cannot be written as text.
    For a kept Pick, compiled once: the same Pick and outline give the same statement."""
    key = (id(pick), id(out), limits)
    found = _STATEMENTS.get(key) if keep else None
    if found is not None:
        _STATEMENTS.move_to_end(key)
        return found[1], found[2]
    c = TextCompilation(SPECS, ENTITIES, limits)
    try:
        statement: str | None = c.root_page(_ROOTS[entity], pick, out)
    except Unsupported:
        statement = None
    if keep:
        _STATEMENTS[key] = ((pick, out), statement, c.params)
        if len(_STATEMENTS) > STATEMENTS:
            _STATEMENTS.popitem(last=False)
    return statement, c.params


async def connection_text(
    db: Db,
    limits: Limits,
    entity: str,
    pick: Pick,
    out: Out,
    keep: bool = False,
    ahead: Ahead | None = None,
) -> Text | None:
    """`connection` as JSON text written by the statement; None as for `one_text`."""
    statement, params = _page_statement(limits, entity, pick, out, keep)
    if statement is None or (ahead is not None and not ahead.planned(db, statement, params)):
        return None
    try:
        row = await db.read_row(statement, **params)
    except CypherTypeError:
        return None  # as in `_text`
    if row is None:
        return None
    head, rows, tail = row["head"], row["rows"], row["tail"]
    if not isinstance(head, str) or not isinstance(tail, str):
        return None
    if rows is None:
        return written(head)
    if not all(isinstance(item, str) for item in rows):
        return None
    return written(f"{head}[{','.join(rows)}]{tail}")


async def _text(
    db: Db, statement: LiteralString, params: dict[str, Any], absent: Text | None = None
) -> Text | None:
    try:
        value = await db.read_value(statement, **params)
    except CypherTypeError:
        return None  # a stored value of another type than the schema's: read it again
    return absent if value is None else written(value)


async def many(
    db: Db,
    limits: Limits,
    wanted: Sequence[tuple[str, str]],
    picks_by_type: Mapping[str, Sequence[Pick]],
) -> list[Row | None]:
    """Items by (type, key), in the order asked, None where absent: one statement for all."""
    c = _compilation(limits)
    types = sorted({entity for entity, _ in wanted})
    parts = []
    for entity in types:
        keys = [key for kind, key in wanted if kind == entity]
        projection = c.project(entity, picks_by_type[entity], {"v": "m"})
        parts.append(
            f"{entity.lower()}: COLLECT {{ MATCH (m:{entity}) WHERE m.key IN {c.param(keys)} "
            f"RETURN {{key: m.key, row: {projection}}} }}"
        )
    result = await _run(db, "RETURN {" + ", ".join(parts) + "} AS result", c.params) or {}
    found: dict[tuple[str, str], Row | None] = {}
    for entity in types:
        for item in result.get(entity.lower(), []):
            found[(entity, item["key"])] = c.shape(entity, picks_by_type[entity], item["row"])
    return [found.get(item) for item in wanted]
