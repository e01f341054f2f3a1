"""`meta` and `actorCounts`: what this service and its graph hold."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import strawberry


@strawberry.type(description="How many nodes of one type the graph holds.")
class TypeCount:
    type: str
    count: int


@strawberry.type(description="A data set loaded into the graph.")
class DatasetInfo:
    key: str
    loaded_at: dt.datetime | None
    synthetic: bool


@strawberry.type(description="The service and the graph database behind it.")
class Meta:
    version: str = strawberry.field(description="Maillage's version.")
    neo4j_version: str = strawberry.field(description="The Neo4j server's version.")
    neo4j_edition: str = strawberry.field(description="community or enterprise.")
    counts: list[TypeCount] = strawberry.field(description="Nodes per type.")
    relationships: int = strawberry.field(description="Relationships in the graph.")
    sources: int = strawberry.field(description="Sources the facts cite.")
    datasets: list[DatasetInfo] = strawberry.field(description="Loads, with their time.")


@strawberry.enum(description="How to group actors in `actorCounts`.")
class ActorGroup(StrEnum):
    KIND = "KIND"
    SECTOR = "SECTOR"
    REGION = "REGION"
    THEME = "THEME"


@strawberry.type
class ActorCount:
    key: str
    label: str
    count: int
