"""Root fields reading the graph's entities: by key, by global id, and as connections."""

from __future__ import annotations

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


@strawberry.type(description="Read the ecosystem graph. Each field costs one database round trip.")
class ReadQuery:
    meta: Meta = strawberry.field(resolver=resolve_meta, description="Service and graph facts.")
    actor_counts: list[ActorCount] = strawberry.field(
        resolver=resolve_actor_counts,
        description="Number of actors per kind, sector, region or theme.",
    )

    @strawberry.field(description="Any object by its global id.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return await reads.node(info, id)

    @strawberry.field(description="Objects by global id, in the order asked (null where unknown).")
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Node | None]:
        return await reads.nodes(info, list(ids))

    @strawberry.field(description="An actor by key, e.g. ctpc.")
    async def actor(self, info: Info, key: str) -> Actor | None:
        return await reads.one(info, "Actor", key)

    @strawberry.field(description="Actors, filtered, sorted and paginated (first ≤ the page cap).")
    async def actors(
        self,
        info: Info,
        where: ActorWhere | None = None,
        order_by: list[ActorOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> ActorConnection:
        return await reads.connection(info)

    @strawberry.field(description="An agreement by key.")
    async def agreement(self, info: Info, key: str) -> Agreement | None:
        return await reads.one(info, "Agreement", key)

    @strawberry.field(description="Agreements, filtered, sorted and paginated.")
    async def agreements(
        self,
        info: Info,
        where: AgreementWhere | None = None,
        order_by: list[AgreementOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> AgreementConnection:
        return await reads.connection(info)

    @strawberry.field(description="A project by key.")
    async def project(self, info: Info, key: str) -> Project | None:
        return await reads.one(info, "Project", key)

    @strawberry.field(description="Projects, filtered, sorted and paginated.")
    async def projects(
        self,
        info: Info,
        where: ProjectWhere | None = None,
        order_by: list[ProjectOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> ProjectConnection:
        return await reads.connection(info)

    @strawberry.field(description="A theme by key.")
    async def theme(self, info: Info, key: str) -> Theme | None:
        return await reads.one(info, "Theme", key)

    @strawberry.field(description="Themes, filtered, sorted and paginated.")
    async def themes(
        self,
        info: Info,
        where: ThemeWhere | None = None,
        order_by: list[ThemeOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> ThemeConnection:
        return await reads.connection(info)
