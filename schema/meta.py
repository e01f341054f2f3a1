"""`meta` and `actorCounts`: what this service and its graph hold."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import strawberry

from schema.enums import describe_values


@strawberry.type(description="How many nodes of one type the graph holds.")
class TypeCount:
    type: str = strawberry.field(
        description="Node label: Actor, Agreement, City, Project, Region, Sector, Source or Theme."
    )
    count: int = strawberry.field(description="Number of nodes with that label.")


@strawberry.type(description="A data set loaded into the graph.")
class DatasetInfo:
    key: str = strawberry.field(description="Which data set: seed (sourced facts) or synthetic.")
    loaded_at: dt.datetime | None = strawberry.field(
        description="When it was last loaded (ISO 8601 date-time, with its offset)."
    )
    synthetic: bool = strawberry.field(description="True for generated (not sourced) data.")


@strawberry.type(description="The service and the graph database behind it.")
class Meta:
    version: str = strawberry.field(description="Maillage's version.")
    neo4j_version: str = strawberry.field(description="The Neo4j server's version.")
    neo4j_edition: str = strawberry.field(description="The Neo4j edition: community or enterprise.")
    counts: list[TypeCount] = strawberry.field(description="Nodes per type.")
    relationships: int = strawberry.field(
        description="Relationships in the graph, of every type (bookkeeping ones included)."
    )
    sources: int = strawberry.field(description="Number of sources the facts cite.")
    datasets: list[DatasetInfo] = strawberry.field(description="Loads, with their time.")


@strawberry.enum(description="How to group actors in `actorCounts`.")
class ActorGroup(StrEnum):
    KIND = "KIND"
    SECTOR = "SECTOR"
    REGION = "REGION"
    THEME = "THEME"


describe_values(ActorGroup, {
    "KIND": "By kind: key and label are the stored kind (ministry, company, ...).",
    "SECTOR": "By sector (filière); an actor counts once in each of its sectors.",
    "REGION": "By region of the actor's city; actors without a city are not counted.",
    "THEME": "By theme of a declared competency (not agreements or projects).",
})  # fmt: skip


@strawberry.type(description="Number of actors in one group of `actorCounts`.")
class ActorCount:
    key: str = strawberry.field(description="Key of the group (kind, sector, region or theme).")
    label: str = strawberry.field(description="Its French name or label (the key for a kind).")
    count: int = strawberry.field(description="Number of distinct actors in the group.")
