"""Types of the partner network: nodes and edges ready to draw, paths, brokers, timelines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

import strawberry

from schema.context import Info
from schema.enums import ActorKind, Lang
from schema.types import Actor


@strawberry.enum(description="How two actors are linked.")
class LinkKind(StrEnum):
    AGREEMENT = "AGREEMENT"
    PROJECT = "PROJECT"
    MEMBERSHIP = "MEMBERSHIP"
    OWNERSHIP = "OWNERSHIP"
    FOUNDING = "FOUNDING"
    SUPERVISION = "SUPERVISION"


@strawberry.enum(description="What a timeline event is.")
class EventKind(StrEnum):
    AGREEMENT = "AGREEMENT"
    PROJECT = "PROJECT"


def response_path(info: Info) -> str:
    """Response keys from the root field down, list positions left out: `a.nodes.entity`."""
    keys: list[str] = []
    path: Any = info.path
    while path is not None:
        if isinstance(path.key, str):
            keys.append(path.key)
        path = path.prev
    return ".".join(reversed(keys))


def name_in(names: Mapping[str, str | None], lang: str, key: str) -> str:
    """An actor's name in `lang` ("fr", "en", "ar"), else French, else its key."""
    return names.get(lang) or names.get("fr") or key


def title_in(titles: Mapping[str, str | None], lang: str) -> str | None:
    """A title in `lang`, else French."""
    return titles.get(lang) or titles.get("fr")


@strawberry.type(description="An actor in a network: enough to draw it, and the full actor.")
class GraphNode:
    id: strawberry.ID = strawberry.field(description="Global id: `node(id:)` fetches it.")
    key: str
    acronym: str | None
    kind: ActorKind
    founded: int | None
    depth: int | None = strawberry.field(
        description="Links from the centre of a neighbourhood (0 for the centre)."
    )
    names: strawberry.Private[Mapping[str, str | None]]
    entities: strawberry.Private[Mapping[str, Any]]

    @strawberry.field(description="Name in the language asked, French by default.")
    def name(self, lang: Lang = Lang.FR) -> str:
        return name_in(self.names, lang.value, self.key)

    @strawberry.field(description="The full actor, read in the same round trip.")
    def entity(self, info: Info) -> Actor | None:
        return self.entities.get(response_path(info))


@strawberry.type(description="An agreement, project or actor link behind an edge or a step.")
class LinkItem:
    kind: LinkKind
    key: str | None = strawberry.field(description="Agreement or project key; null for links.")
    id: strawberry.ID | None = strawberry.field(description="Agreement or project global id.")
    relation: str = strawberry.field(
        description="Agreement kind, project status, or link type (e.g. subsidiary_of)."
    )
    date: dt.date | None = strawberry.field(
        description="Signing date of an agreement; start of a project."
    )
    date_inferred: bool = strawberry.field(
        description="True when a project's date is that of the agreement framing it."
    )
    since_year: int | None = strawberry.field(description="Year an actor link began.")
    source: str | None = strawberry.field(description="Subject of a link (the subsidiary ...).")
    target: str | None = strawberry.field(description="Object of a link (the parent ...).")
    titles: strawberry.Private[Mapping[str, str | None]]

    @strawberry.field
    def title(self, lang: Lang = Lang.FR) -> str | None:
        return title_in(self.titles, lang.value)


@strawberry.type(description="Two actors linked one way, with the items behind the link.")
class GraphEdge:
    source: str = strawberry.field(description="Key of the source node.")
    target: str = strawberry.field(description="Key of the target node.")
    kind: LinkKind
    directed: bool = strawberry.field(
        description="Links point from subject to object; co-parties are undirected."
    )
    strength: int = strawberry.field(description="Number of items (all, even past `items`).")
    since: dt.date | None = strawberry.field(description="Date of the earliest item.")
    since_year: int | None = strawberry.field(description="Year of the earliest item.")
    items: list[LinkItem] = strawberry.field(description="The items, oldest first (at most 20).")


@strawberry.type(description="Actors and the edges among them.")
class Subgraph:
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool = strawberry.field(description="True when a cap left actors or edges out.")


@strawberry.type(description="One step of a path: how two consecutive actors are linked.")
class PathStep:
    from_: GraphNode = strawberry.field(name="from")
    to: GraphNode
    kinds: list[LinkKind]
    items: list[LinkItem]


@strawberry.type(description="A shortest chain of actors, each linked to the next.")
class Path:
    length: int = strawberry.field(description="Number of steps.")
    actors: list[GraphNode]
    steps: list[PathStep]


@strawberry.type(description="An actor's place in the partner network.")
class Broker:
    actor: GraphNode
    rank: int
    degree: int = strawberry.field(description="Number of distinct partners.")
    degree_centrality: float = strawberry.field(description="Degree / (actors - 1).")
    betweenness: float = strawberry.field(
        description="Pairs of other actors whose shortest paths run through it (shared)."
    )
    betweenness_normalized: float = strawberry.field(description="Betweenness / pairs, 0..1.")


@strawberry.type(description="Actors ranked by betweenness, then degree.")
class BrokerRanking:
    ranking: list[Broker]
    actors: int = strawberry.field(description="Actors with at least one link in scope.")
    links: int = strawberry.field(description="Linked pairs of actors.")
    exact: bool = strawberry.field(description="False when betweenness is sampled.")
    sampled_sources: int | None = strawberry.field(description="Sources sampled, if any.")


@strawberry.type(description="An agreement signed or a project started.")
class TimelineEvent:
    kind: EventKind
    id: strawberry.ID
    key: str
    date: dt.date
    date_inferred: bool = strawberry.field(
        description="True when a project's date is that of the agreement framing it."
    )
    relation: str = strawberry.field(description="Agreement kind or project status.")
    parties: list[GraphNode] = strawberry.field(description="Parties or participants (≤ 50).")
    titles: strawberry.Private[Mapping[str, str | None]]

    @strawberry.field
    def title(self, lang: Lang = Lang.FR) -> str | None:
        return title_in(self.titles, lang.value)


@strawberry.type
class Timeline:
    events: list[TimelineEvent]
    truncated: bool = strawberry.field(description="True when more events match than `first`.")
