"""Root read resolvers: validate, compile the selection, one `graph/` call each."""

from __future__ import annotations

from typing import Any

from errors import LimitExceededError
from graph import queries
from graph.compiler import Compiled, Limits
from graph.ids import from_global_id
from resolvers.selection import root_pick
from schema.context import Info

CONNECTIONS = {
    "actors": "Actor",
    "agreements": "Agreement",
    "projects": "Project",
    "themes": "Theme",
}


def limits(info: Info) -> Limits:
    settings = info.context.settings
    return Limits(
        default_page=settings.default_page_size,
        max_page=settings.max_page_size,
        max_list=settings.max_page_size,
    )


def _served(info: Info, compiled: Compiled) -> Any:
    """The compiled result as is for the compiled response path, else its Rows."""
    return compiled if info.context.settings.fast_path else compiled.rows()


async def one(info: Info, entity: str, key: str) -> Any:
    pick = root_pick(info._raw_info)
    found = await queries.one(info.context.db, limits(info), entity, key, pick.children)
    return _served(info, found)


async def connection(info: Info) -> Any:
    pick = root_pick(info._raw_info)
    entity = CONNECTIONS[pick.field]
    return _served(info, await queries.connection(info.context.db, limits(info), entity, pick))


async def node(info: Info, global_id: str) -> Any:
    label, key = from_global_id(global_id)
    return await one(info, label, key)


async def nodes(info: Info, ids: list[str]) -> list[Any]:
    cap = limits(info).max_list
    if len(ids) > cap:
        raise LimitExceededError(f"`ids` has {len(ids)} ids; at most {cap}.", field="ids")
    wanted = [from_global_id(global_id) for global_id in ids]
    pick = root_pick(info._raw_info)
    picks = {label: pick.children for label, _ in wanted}
    return await queries.many(info.context.db, limits(info), wanted, picks)
