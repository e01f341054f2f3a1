"""Resolvers of the expertise finder: validate, compile the selection, one statement each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from graph import expertise as graph_expertise
from graph import questions as graph_questions
from graph import resolution as graph_resolution
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


@dataclass(frozen=True)
class Filters:
    region: str | None
    sector: str | None
    kinds: Sequence[StrEnum] | None
    as_of: dt.date | None
    kind_names: Sequence[str] | None
    since: dt.date | None


async def expertise(
    info: Info, theme: str, include_narrower: bool, given: Filters, first: int | None
) -> list[Any]:
    pick = root_pick(core_info(info))
    filters = graph_resolution.Filters(
        given.region, given.sector, _values(given.kinds), given.as_of, given.kind_names,
        given.since,
    )  # fmt: skip
    db, page = info.context.db, limits(info)
    return await graph_expertise.expertise(db, page, theme, include_narrower, filters, first, pick)


async def hint(info: Info, theme: str, include_narrower: bool) -> Any:
    pick = root_pick(core_info(info))
    return await graph_expertise.hint(info.context.db, limits(info), theme, include_narrower, pick)


async def ask(info: Info, question: str, first: int | None) -> Any:
    pick = root_pick(core_info(info))
    return await graph_questions.ask(info.context.db, limits(info), question, first, pick)
