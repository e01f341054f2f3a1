"""Root fields of the partner network: neighbourhood, paths, brokers, timeline."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from resolvers import network
from schema.context import Info
from schema.enums import SortDirection
from schema.network_types import BrokerRanking, LinkKind, Path, Subgraph, Timeline

Via = Annotated[
    list[LinkKind] | None,
    strawberry.argument(description="Kinds of links that count (default: all)."),
]
AsOf = Annotated[
    dt.date | None, strawberry.argument(description="The network as it stood on this date.")
]


@strawberry.type(description="Who works with whom, through what, since when.")
class NetworkQuery:
    @strawberry.field(description="Actors within `depth` (1..3) links of one actor.")
    async def neighbourhood(
        self,
        info: Info,
        key: str,
        depth: int | None = 1,
        via: Via = None,
        as_of: AsOf = None,
        limit: int | None = None,
    ) -> Subgraph:
        return await network.neighbourhood(info, key, depth, via, as_of, limit)

    @strawberry.field(description="Shortest paths (≤ maxHops, at most 6) between two actors.")
    async def paths(
        self,
        info: Info,
        from_: Annotated[str, strawberry.argument(name="from")],
        to: str,
        max_hops: int | None = 4,
        via: Via = None,
        as_of: AsOf = None,
        first: int | None = None,
    ) -> list[Path]:
        return await network.paths(info, from_, to, max_hops, via, as_of, first)

    @strawberry.field(description="Actors ranked by degree and betweenness centrality.")
    async def brokers(
        self,
        info: Info,
        theme: str | None = None,
        sector: str | None = None,
        via: Annotated[
            list[LinkKind] | None,
            strawberry.argument(
                description="Kinds of links that count (default: AGREEMENT, PROJECT)."
            ),
        ] = None,
        as_of: AsOf = None,
        first: int | None = None,
    ) -> BrokerRanking:
        return await network.brokers(info, theme, sector, via, as_of, first)

    @strawberry.field(description="Agreements and projects by date: of an actor, a theme, or all.")
    async def timeline(
        self,
        info: Info,
        actor: str | None = None,
        theme: str | None = None,
        from_: Annotated[dt.date | None, strawberry.argument(name="from")] = None,
        to: dt.date | None = None,
        first: int | None = None,
        order: SortDirection = SortDirection.ASC,
    ) -> Timeline:
        return await network.timeline(info, actor, theme, from_, to, first, order)
