"""Root fields reading the graph's entities: by key, by global id, and as connections."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers import reads
from resolvers.meta import resolve_actor_counts, resolve_meta
from schema.context import Info
from schema.inputs import (
    ActorOrder,
    ActorWhere,
    AgreementOrder,
    AgreementWhere,
    ProjectOrder,
    ProjectWhere,
    ThemeOrder,
    ThemeWhere,
)
from schema.meta import ActorCount, Meta
from schema.types import (
    AFTER,
    FIRST,
    ORDER_BY,
    Actor,
    ActorConnection,
    Agreement,
    AgreementConnection,
    Node,
    Project,
    ProjectConnection,
    Theme,
    ThemeConnection,
)

Key = Annotated[str, strawberry.argument(description="The key, e.g. ctpc; unknown: null.")]
First = Annotated[int | None, strawberry.argument(description=FIRST)]
After = Annotated[str | None, strawberry.argument(description=AFTER)]


def where(what: str) -> object:
    return strawberry.argument(description=f"Only the {what} matching this filter; all if null.")


OrderBy = strawberry.argument(description=ORDER_BY + " Default: by key.")


@strawberry.type(description="Read the ecosystem graph. Each field costs one database round trip.")
class ReadQuery:
    meta: Meta = strawberry.field(resolver=resolve_meta, description="Service and graph facts.")
    actor_counts: list[ActorCount] = strawberry.field(
        resolver=resolve_actor_counts,
        description="Number of actors per kind, sector, region or theme; largest groups first, "
        "then by key.",
    )

    @strawberry.field(description="Any object by its global id; null when it does not exist.")
    async def node(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID,
            strawberry.argument(description="A global id; one not issued here: VALIDATION."),
        ],
    ) -> Node | None:
        return await reads.node(info, id)

    @strawberry.field(description="Objects by global id, in the order asked (null where unknown).")
    async def nodes(
        self,
        info: Info,
        ids: Annotated[
            list[strawberry.ID],
            strawberry.argument(
                description="Global ids: at most MAILLAGE_MAX_PAGE_SIZE (100; more: "
                "LIMIT_EXCEEDED); a malformed one: VALIDATION."
            ),
        ],
    ) -> list[Node | None]:
        return await reads.nodes(info, list(ids))

    @strawberry.field(description="An actor by key, e.g. ctpc.")
    async def actor(self, info: Info, key: Key) -> Actor | None:
        return await reads.one(info, "Actor", key)

    @strawberry.field(description="Actors, filtered, sorted and paginated (Relay connection).")
    async def actors(
        self,
        info: Info,
        where: Annotated[ActorWhere | None, where("actors")] = None,
        order_by: Annotated[list[ActorOrder] | None, OrderBy] = None,
        first: First = None,
        after: After = None,
    ) -> ActorConnection:
        return await reads.connection(info)

    @strawberry.field(description="An agreement by key.")
    async def agreement(self, info: Info, key: Key) -> Agreement | None:
        return await reads.one(info, "Agreement", key)

    @strawberry.field(description="Agreements, filtered, sorted and paginated (Relay connection).")
    async def agreements(
        self,
        info: Info,
        where: Annotated[AgreementWhere | None, where("agreements")] = None,
        order_by: Annotated[list[AgreementOrder] | None, OrderBy] = None,
        first: First = None,
        after: After = None,
    ) -> AgreementConnection:
        return await reads.connection(info)

    @strawberry.field(description="A project by key.")
    async def project(self, info: Info, key: Key) -> Project | None:
        return await reads.one(info, "Project", key)

    @strawberry.field(description="Projects, filtered, sorted and paginated (Relay connection).")
    async def projects(
        self,
        info: Info,
        where: Annotated[ProjectWhere | None, where("projects")] = None,
        order_by: Annotated[list[ProjectOrder] | None, OrderBy] = None,
        first: First = None,
        after: After = None,
    ) -> ProjectConnection:
        return await reads.connection(info)

    @strawberry.field(description="A theme by key.")
    async def theme(self, info: Info, key: Key) -> Theme | None:
        return await reads.one(info, "Theme", key)

    @strawberry.field(description="Themes, filtered, sorted and paginated (Relay connection).")
    async def themes(
        self,
        info: Info,
        where: Annotated[ThemeWhere | None, where("themes")] = None,
        order_by: Annotated[list[ThemeOrder] | None, OrderBy] = None,
        first: First = None,
        after: After = None,
    ) -> ThemeConnection:
        return await reads.connection(info)
