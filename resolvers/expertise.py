"""Resolvers of the expertise finder: validate, compile the selection, one statement each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from graph import expertise as graph_expertise
from graph import search as graph_search
from resolvers.reads import limits
from resolvers.selection import root_pick
from schema.context import Info
from schema.core import core_info


def _values(kinds: Sequence[StrEnum] | None) -> list[str] | None:
    return [kind.value for kind in kinds] if kinds else None


async def search(
    info: Info, text: str, kinds: Sequence[StrEnum] | None, first: int | None
) -> list[Any]:
    pick = root_pick(core_info(info))
    db, page = info.context.db, limits(info)
    return await graph_search.search(db, page, text, _values(kinds), first, pick)


async def expertise(
    info: Info,
    theme: str,
    include_narrower: bool,
    region: str | None,
    sector: str | None,
    kinds: Sequence[StrEnum] | None,
    as_of: dt.date | None,
    first: int | None,
) -> list[Any]:
    pick = root_pick(core_info(info))
    filters = graph_expertise.Filters(region, sector, _values(kinds), as_of)
    db, page = info.context.db, limits(info)
    return await graph_expertise.expertise(db, page, theme, include_narrower, filters, first, pick)


async def hint(info: Info, theme: str, include_narrower: bool) -> Any:
    pick = root_pick(core_info(info))
    return await graph_expertise.hint(info.context.db, limits(info), theme, include_narrower, pick)
