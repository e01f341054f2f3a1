"""Types of the partner network: nodes and edges ready to draw, paths, brokers, timelines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

import strawberry

from schema.context import Info
from schema.enums import ActorKind, Lang, describe_values
from schema.types import Actor, Lang_


@strawberry.enum(description="How two actors are linked.")
class LinkKind(StrEnum):
    AGREEMENT = "AGREEMENT"
    PROJECT = "PROJECT"
    MEMBERSHIP = "MEMBERSHIP"
    OWNERSHIP = "OWNERSHIP"
    FOUNDING = "FOUNDING"
    SUPERVISION = "SUPERVISION"


describe_values(LinkKind, {
    "AGREEMENT": "Parties to the same agreement (undirected).",
    "PROJECT": "Participants in the same project (undirected).",
    "MEMBERSHIP": "Member of a network or federation (member to body).",
    "OWNERSHIP": "Subsidiary of a group (subsidiary to parent).",
    "FOUNDING": "Founded by (founded to founder).",
    "SUPERVISION": "Under the supervision, tutelle, of (body to authority).",
})  # fmt: skip


@strawberry.enum(description="What a timeline event is.")
class EventKind(StrEnum):
    AGREEMENT = "AGREEMENT"
    PROJECT = "PROJECT"


describe_values(EventKind, {
    "AGREEMENT": "An agreement signed.",
    "PROJECT": "A project started.",
})  # fmt: skip


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
    key: str = strawberry.field(description="The actor's key.")
    acronym: str | None = strawberry.field(description="Acronym (sigle).")
    kind: ActorKind = strawberry.field(description="What kind of actor.")
    founded: int | None = strawberry.field(description="Founding year, when known.")
    depth: int | None = strawberry.field(
        description="Links from the centre of a neighbourhood (0 for the centre)."
    )
    names: strawberry.Private[Mapping[str, str | None]]
    entities: strawberry.Private[Mapping[str, Any]]

    @strawberry.field(description="Name in the language asked, French by default.")
    def name(self, lang: Lang_ = Lang.FR) -> str:
        return name_in(self.names, lang.value, self.key)

    @strawberry.field(description="The full actor, read in the same round trip.")
    def entity(self, info: Info) -> Actor | None:
        return self.entities.get(response_path(info))


@strawberry.type(description="An agreement, project or actor link behind an edge or a step.")
class LinkItem:
    kind: LinkKind = strawberry.field(description="What kind of link this item makes.")
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

    @strawberry.field(
        description="Title of the agreement or project in the language asked, French by "
        "default; null for actor links."
    )
    def title(self, lang: Lang_ = Lang.FR) -> str | None:
        return title_in(self.titles, lang.value)


@strawberry.type(description="Two actors linked one way, with the items behind the link.")
class GraphEdge:
    source: str = strawberry.field(description="Key of the source node.")
    target: str = strawberry.field(description="Key of the target node.")
    kind: LinkKind = strawberry.field(description="What links them.")
    directed: bool = strawberry.field(
        description="Links point from subject to object; co-parties are undirected."
    )
    strength: int = strawberry.field(description="Number of items (all, even past `items`).")
    since: dt.date | None = strawberry.field(description="Date of the earliest item.")
    since_year: int | None = strawberry.field(description="Year of the earliest item.")
    items: list[LinkItem] = strawberry.field(description="The items, oldest first (at most 20).")


@strawberry.type(description="Actors and the edges among them.")
class Subgraph:
    nodes: list[GraphNode] = strawberry.field(description="The actors, the centre included.")
    edges: list[GraphEdge] = strawberry.field(
        description="Edges among them, one per pair and kind (at most 5000)."
    )
    truncated: bool = strawberry.field(description="True when a cap left actors or edges out.")


@strawberry.type(description="One step of a path: how two consecutive actors are linked.")
class PathStep:
    from_: GraphNode = strawberry.field(name="from", description="The actor the step leaves.")
    to: GraphNode = strawberry.field(description="The actor the step reaches.")
    kinds: list[LinkKind] = strawberry.field(description="Every kind of link between the two.")
    items: list[LinkItem] = strawberry.field(
        description="The agreements, projects or links behind the step (at most 20)."
    )


@strawberry.type(description="A shortest chain of actors, each linked to the next.")
class Path:
    length: int = strawberry.field(description="Number of steps.")
    actors: list[GraphNode] = strawberry.field(description="The actors in order, ends included.")
    steps: list[PathStep] = strawberry.field(description="The links between consecutive actors.")
    through_hub: bool = strawberry.field(
        description="True when the path goes through a hub: an actor on the way with more than "
        "300 agreements and projects (a ministry), or a step only through agreements or projects "
        "of more than 100 parties (a framework agreement). Such paths come after the others."
    )


@strawberry.type(description="An actor's place in the partner network.")
class Broker:
    actor: GraphNode = strawberry.field(description="The actor.")
    rank: int = strawberry.field(description="Place in the ranking, 1 for the first.")
    degree: int = strawberry.field(description="Number of distinct partners.")
    degree_centrality: float = strawberry.field(description="Degree / (actors - 1).")
    betweenness: float = strawberry.field(
        description="Pairs of other actors whose shortest paths run through it (shared)."
    )
    betweenness_normalized: float = strawberry.field(description="Betweenness / pairs, 0..1.")
    betweenness_error: float = strawberry.field(
        description="Standard error of `betweenness` when it is estimated from sampled "
        "sources (see `BrokerRanking.sampledSources`); 0 when exact."
    )


@strawberry.type(description="Actors ranked by betweenness, then degree.")
class BrokerRanking:
    ranking: list[Broker] = strawberry.field(description="The best `first` actors, best first.")
    actors: int = strawberry.field(description="Actors with at least one link in scope.")
    links: int = strawberry.field(description="Linked pairs of actors.")
    exact: bool = strawberry.field(description="False when betweenness is sampled.")
    sampled_sources: int | None = strawberry.field(description="Sources sampled, if any.")
    computed_at: dt.datetime = strawberry.field(
        description="When the ranking was computed (ISO 8601, UTC). The whole network's "
        "ranking is kept computed, and recomputed after loads and writes."
    )
    up_to_date: bool = strawberry.field(
        description="False when the graph changed after `computedAt`: a recomputation is under "
        "way and this ranking is the previous one."
    )


@strawberry.type(description="An agreement signed or a project started.")
class TimelineEvent:
    kind: EventKind = strawberry.field(description="Agreement signed or project started.")
    id: strawberry.ID = strawberry.field(description="Global id of the agreement or project.")
    key: str = strawberry.field(description="Key of the agreement or project.")
    date: dt.date = strawberry.field(description="Signing or start date (ISO 8601, YYYY-MM-DD).")
    date_inferred: bool = strawberry.field(
        description="True when a project's date is that of the agreement framing it."
    )
    relation: str = strawberry.field(description="Agreement kind or project status.")
    parties: list[GraphNode] = strawberry.field(description="Parties or participants (≤ 50).")
    titles: strawberry.Private[Mapping[str, str | None]]

    @strawberry.field(
        description="Title of the agreement or project in the language asked, French by "
        "default; null for actor links."
    )
    def title(self, lang: Lang_ = Lang.FR) -> str | None:
        return title_in(self.titles, lang.value)


@strawberry.type(description="Dated events, in the order asked.")
class Timeline:
    events: list[TimelineEvent] = strawberry.field(description="The events, by date then key.")
    truncated: bool = strawberry.field(description="True when more events match than `first`.")
