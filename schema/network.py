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
FIRST = (
    "default MAILLAGE_DEFAULT_PAGE_SIZE (20), at most MAILLAGE_MAX_PAGE_SIZE (100; more: "
    "LIMIT_EXCEEDED; below 1: VALIDATION)"
)
ActorKey = Annotated[str, strawberry.argument(description="Key of the actor.")]
AsOf = Annotated[
    dt.date | None, strawberry.argument(description="The network as it stood on this date.")
]


@strawberry.type(description="Who works with whom, through what, since when.")
class NetworkQuery:
    @strawberry.field(description="Actors within `depth` (1..3) links of one actor.")
    async def neighbourhood(
        self,
        info: Info,
        key: Annotated[str, strawberry.argument(description="Key of the centre actor.")],
        depth: Annotated[
            int | None,
            strawberry.argument(
                description="Links out from the centre: 1 (the default) to 3; more: LIMIT_EXCEEDED."
            ),
        ] = 1,
        via: Via = None,
        as_of: AsOf = None,
        limit: Annotated[
            int | None,
            strawberry.argument(
                description="Most actors returned: default 100, at most 500 (more: "
                "LIMIT_EXCEEDED); `truncated` tells when it cut."
            ),
        ] = None,
    ) -> Subgraph:
        return await network.neighbourhood(info, key, depth, via, as_of, limit)

    @strawberry.field(description="Shortest paths (≤ maxHops, at most 6) between two actors.")
    async def paths(
        self,
        info: Info,
        from_: Annotated[
            str, strawberry.argument(name="from", description="Key of the actor to start at.")
        ],
        to: Annotated[str, strawberry.argument(description="Key of the actor to reach.")],
        max_hops: Annotated[
            int | None,
            strawberry.argument(
                description="Longest path, in links: 4 by default, 1 to 6 (more: LIMIT_EXCEEDED)."
            ),
        ] = 4,
        via: Via = None,
        as_of: AsOf = None,
        first: Annotated[
            int | None,
            strawberry.argument(
                description="How many paths: default 10, at most MAILLAGE_MAX_PAGE_SIZE (100)."
            ),
        ] = None,
    ) -> list[Path]:
        return await network.paths(info, from_, to, max_hops, via, as_of, first)

    @strawberry.field(description="Actors ranked by degree and betweenness centrality.")
    async def brokers(
        self,
        info: Info,
        theme: Annotated[
            str | None,
            strawberry.argument(
                description="Only links through agreements or projects on this theme or a "
                "narrower one (key)."
            ),
        ] = None,
        sector: Annotated[
            str | None, strawberry.argument(description="Only actors in this sector (key).")
        ] = None,
        via: Annotated[
            list[LinkKind] | None,
            strawberry.argument(
                description="Kinds of links that count (default: AGREEMENT, PROJECT)."
            ),
        ] = None,
        as_of: AsOf = None,
        first: Annotated[
            int | None, strawberry.argument(description=f"How many actors to rank: {FIRST}.")
        ] = None,
    ) -> BrokerRanking:
        return await network.brokers(info, theme, sector, via, as_of, first)

    @strawberry.field(description="Agreements and projects by date: of an actor, a theme, or all.")
    async def timeline(
        self,
        info: Info,
        actor: Annotated[
            str | None, strawberry.argument(description="Only events of this actor (key).")
        ] = None,
        theme: Annotated[
            str | None, strawberry.argument(description="Only events on this theme (key).")
        ] = None,
        from_: Annotated[
            dt.date | None,
            strawberry.argument(
                name="from", description="Only events on or after this date (ISO 8601)."
            ),
        ] = None,
        to: Annotated[
            dt.date | None,
            strawberry.argument(
                description="Only events on or before this date; before `from`: VALIDATION."
            ),
        ] = None,
        first: Annotated[
            int | None, strawberry.argument(description=f"How many events: {FIRST}.")
        ] = None,
        order: Annotated[
            SortDirection,
            strawberry.argument(description="ASC (the default): oldest first; DESC: newest first."),
        ] = SortDirection.ASC,
    ) -> Timeline:
        return await network.timeline(info, actor, theme, from_, to, first, order)
