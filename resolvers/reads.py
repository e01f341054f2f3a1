"""Root read resolvers: validate, compile the selection, one `graph/` call each."""

from __future__ import annotations

import functools
from typing import Any

from graphql import GraphQLResolveInfo

from errors import LimitExceededError
from graph import queries
from graph.compiler import Limits, Pick
from graph.ids import from_global_id
from graph.response import TextRead
from resolvers.selection import kept_root_pick, root_pick
from schema.context import Context, Info
from schema.core import core_info

CONNECTIONS = {
    "actors": "Actor",
    "agreements": "Agreement",
    "projects": "Project",
    "themes": "Theme",
}


def limits(info: Info) -> Limits:
    return context_limits(info.context)


def context_limits(context: Context) -> Limits:
    settings = context.settings
    return Limits(
        default_page=settings.default_page_size,
        max_page=settings.max_page_size,
        max_list=settings.max_page_size,
    )


def ahead(context: Context) -> queries.Ahead | None:
    """A new selection is read as maps while its JSON-text statement is planned (`Ahead`)."""
    return queries.Ahead() if context.settings.plan_ahead else None


async def one(info: Info, entity: str, key: str) -> Any:
    if info.context.settings.fast_path:
        # The compiled response path reads it as JSON text, else as maps (schema/fastpath.py).
        return read_one(core_info(info), info.context, entity, key)
    pick = root_pick(core_info(info))
    db, limits_ = info.context.db, limits(info)
    return (await queries.one(db, limits_, entity, key, pick.children)).rows()


def read_one(
    raw: GraphQLResolveInfo[Any],
    context: Context,
    entity: str,
    key: str | None = None,
    children: tuple[Pick, ...] | None = None,
) -> TextRead:
    """The root read by key (its `key` argument unless given), as JSON text first: the compiled
    path's, and the known lane's (`lane.py`), which gives the `children` it keeps."""
    pick = root_pick(raw, children)
    key = pick.args["key"] if key is None else key
    db, limits_, plan = context.db, context_limits(context), ahead(context)
    keep = children is not None
    return TextRead(
        functools.partial(
            queries.one_text, db, limits_, entity, key, pick.children, ahead=plan, keep=keep
        ),
        functools.partial(queries.one, db, limits_, entity, key, pick.children, ahead=plan),
    )


async def connection(info: Info) -> Any:
    if info.context.settings.fast_path:
        return read_connection(core_info(info), info.context)
    pick, _ = kept_root_pick(core_info(info))
    entity = CONNECTIONS[pick.field]
    db, limits_ = info.context.db, limits(info)
    return (await queries.connection(db, limits_, entity, pick)).rows()


def read_connection(
    raw: GraphQLResolveInfo[Any], context: Context, children: tuple[Pick, ...] | None = None
) -> TextRead:
    """A root connection, as JSON text first (its kept `children` given, as for `read_one`)."""
    pick, kept = kept_root_pick(raw, children)
    entity = CONNECTIONS[pick.field]
    db, limits_, plan = context.db, context_limits(context), ahead(context)
    return TextRead(
        functools.partial(
            queries.connection_text, db, limits_, entity, pick, keep=kept, ahead=plan
        ),
        functools.partial(queries.connection, db, limits_, entity, pick, ahead=plan),
    )


async def node(info: Info, global_id: str) -> Any:
    label, key = from_global_id(global_id)
    return await one(info, label, key)


async def nodes(info: Info, ids: list[str]) -> list[Any]:
    cap = limits(info).max_list
    if len(ids) > cap:
        raise LimitExceededError(f"`ids` has {len(ids)} ids; at most {cap}.", field="ids")
    wanted = [from_global_id(global_id) for global_id in ids]
    pick = root_pick(core_info(info))
    picks = {label: pick.children for label, _ in wanted}
    return await queries.many(info.context.db, limits(info), wanted, picks)
