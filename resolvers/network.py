"""Partner-network resolvers: check the bounds, make one `graph/` call, map to schema types."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import strawberry

from errors import LimitExceededError, ValidationError
from graph import brokers as graph_brokers
from graph import neighbourhood as graph_neighbourhood
from graph import network
from graph import paths as graph_paths
from graph import timeline as graph_timeline
from graph.compiler import Pick
from graph.ids import to_global_id
from graph.network import Entities, Item, NetEdge, NetNode, Scope
from resolvers.network_rows import item_id, subgraph_row
from resolvers.reads import limits
from resolvers.selection import root_pick
from schema.context import Info
from schema.core import core_info
from schema.enums import ActorKind, SortDirection
from schema.network_types import (
    Broker,
    BrokerRanking,
    EventKind,
    GraphEdge,
    GraphNode,
    LinkItem,
    LinkKind,
    Path,
    PathStep,
    Subgraph,
    Timeline,
    TimelineEvent,
)

MAX_KEY = 200
# Where GraphNode values sit under each root field, as response-field names.
NODE_ROUTES = {
    "neighbourhood": (("nodes",),),
    "paths": (("actors",), ("steps", "from"), ("steps", "to")),
    "brokers": (("ranking", "actor"),),
    "timeline": (("events", "parties"),),
}


def bounded(value: int | None, name: str, low: int, high: int, default: int) -> int:
    """`value` (or `default`) within [low, high]: below is VALIDATION, above LIMIT_EXCEEDED."""
    chosen = default if value is None else value
    if chosen < low:
        raise ValidationError(f"`{name}` must be at least {low}.", field=name)
    if chosen > high:
        raise LimitExceededError(f"`{name}` is {chosen}; at most {high}.", field=name)
    return chosen


def key_of(value: str | None, name: str) -> str | None:
    if value is not None and not 0 < len(value) <= MAX_KEY:
        raise ValidationError(f"`{name}` must be a key of 1 to {MAX_KEY} characters.", field=name)
    return value


def scope(
    via: Sequence[str] | None,
    as_of: dt.date | None,
    theme: str | None = None,
    sector: str | None = None,
    default: frozenset[str] = frozenset(network.LINK_KINDS),
) -> Scope:
    if via is not None and not via:
        raise ValidationError("`via` needs at least one kind of link.", field="via")
    kinds = frozenset(str(kind) for kind in via) if via is not None else default
    return Scope(kinds, as_of, key_of(theme, "theme"), key_of(sector, "sector"))


def entities(info: Info) -> tuple[Entities, list[str]]:
    """The `entity { ... }` selections under this field's nodes, by response path."""
    found, paths_, _ = entity_picks(root_pick(core_info(info)), info)
    return found, paths_


def entity_picks(pick: Pick, info: Info) -> tuple[Entities, list[str], dict[int, int]]:
    """The `entity { ... }` selections under `pick`'s nodes: the projections to compile, their
    response paths, and the index of each `entity` Pick among them."""
    selections: list[Sequence[Pick]] = []
    paths_: list[str] = []
    index: dict[int, int] = {}

    def walk(current: Pick, route: Sequence[str], trail: str) -> None:
        if not route:
            for child in current.children:
                if child.field == "entity":
                    index[id(child)] = len(selections)
                    selections.append(child.children)
                    paths_.append(f"{trail}.{child.key}")
            return
        for child in current.children:
            if child.field == route[0]:
                walk(child, route[1:], f"{trail}.{child.key}")

    for route in NODE_ROUTES[pick.field]:
        walk(pick, route, pick.key)
    return Entities(limits(info), selections), paths_, index


def node(value: NetNode, paths_: Sequence[str]) -> GraphNode:
    return GraphNode(
        id=global_id("Actor", value.key),
        key=value.key,
        acronym=value.acronym,
        kind=ActorKind(value.kind),
        founded=value.founded,
        depth=value.depth,
        names=value.names,
        entities=dict(zip(paths_, value.entities, strict=True)),
    )


def global_id(label: str, key: str) -> strawberry.ID:
    return strawberry.ID(to_global_id(label, key))


def link_item(value: Item) -> LinkItem:
    found = item_id(value)
    return LinkItem(
        kind=LinkKind(value.kind),
        key=value.key,
        id=strawberry.ID(found) if found else None,
        relation=value.relation,
        date=value.date,
        date_inferred=value.inferred,
        since_year=value.since_year,
        source=value.source,
        target=value.target,
        titles=value.titles,
    )


def graph_edge(value: NetEdge) -> GraphEdge:
    return GraphEdge(
        source=value.source,
        target=value.target,
        kind=LinkKind(value.kind),
        directed=value.directed,
        strength=value.strength,
        since=value.since,
        since_year=value.since_year,
        items=[link_item(item) for item in value.items],
    )


async def neighbourhood(
    info: Info,
    key: str,
    depth: int | None,
    via: Sequence[str] | None,
    as_of: dt.date | None,
    limit: int | None,
) -> Any:
    depth = bounded(depth, "depth", 1, network.MAX_DEPTH, 1)
    cap = bounded(limit, "limit", 1, network.MAX_NODES, network.DEFAULT_NODES)
    pick = root_pick(core_info(info))
    found, paths_, index = entity_picks(pick, info)
    wanted = {child.field for child in pick.children}
    graph = await graph_neighbourhood.subgraph(
        info.context.db,
        key_of(key, "key"),
        depth,
        scope(via, as_of),
        cap,
        network.MAX_EDGES,
        found,
        with_edges=bool(wanted & {"edges", "truncated"}),
    )
    if info.context.settings.fast_path:
        return subgraph_row(graph, pick, index)
    return Subgraph(
        nodes=[node(n, paths_) for n in graph.nodes],
        edges=[graph_edge(e) for e in graph.edges],
        truncated=graph.truncated,
    )


async def paths(
    info: Info,
    source: str,
    target: str,
    max_hops: int | None,
    via: Sequence[str] | None,
    as_of: dt.date | None,
    first: int | None,
) -> list[Path]:
    hops = bounded(max_hops, "maxHops", 1, graph_paths.MAX_HOPS, 4)
    count = bounded(first, "first", 1, info.context.settings.max_page_size, 10)
    found, paths_ = entities(info)
    result = await graph_paths.shortest(
        info.context.db,
        key_of(source, "from") or "",
        key_of(target, "to") or "",
        hops,
        scope(via, as_of),
        count,
        found,
    )
    nodes = {k: node(v, paths_) for k, v in result.nodes.items()}
    return [
        Path(
            length=p.length,
            actors=[nodes[k] for k in p.actors],
            steps=[
                PathStep(
                    from_=nodes[s.source],
                    to=nodes[s.target],
                    kinds=[LinkKind(k) for k in s.kinds],
                    items=[link_item(i) for i in s.items],
                )
                for s in p.steps
            ],
            through_hub=p.through_hub,
        )
        for p in result.paths
    ]


async def brokers(
    info: Info,
    theme: str | None,
    sector: str | None,
    via: Sequence[str] | None,
    as_of: dt.date | None,
    first: int | None,
) -> BrokerRanking:
    settings = info.context.settings
    count = bounded(first, "first", 1, settings.max_page_size, settings.default_page_size)
    where = scope(via, as_of, theme, sector, default=network.PARTNER_KINDS)
    ranking = await graph_brokers.rank(info.context.db, where, count)
    scores = ranking.scores
    found, paths_ = entities(info)
    ranked = await graph_brokers.actors(info.context.db, [s.key for s in scores.ranked], found)
    actors = {n.key: n for n in ranked}
    return BrokerRanking(
        ranking=[
            Broker(
                actor=node(actors[s.key], paths_),
                rank=index + 1,
                degree=s.degree,
                degree_centrality=scores.degree_centrality(s.degree),
                betweenness=s.betweenness,
                betweenness_normalized=scores.normalized(s.betweenness),
                betweenness_error=s.error,
            )
            for index, s in enumerate(scores.ranked)
            if s.key in actors
        ],
        actors=scores.actors,
        links=scores.links,
        exact=scores.sampled_sources is None,
        sampled_sources=scores.sampled_sources,
        computed_at=ranking.computed_at,
        up_to_date=ranking.up_to_date,
    )


async def timeline(
    info: Info,
    actor: str | None,
    theme: str | None,
    start: dt.date | None,
    end: dt.date | None,
    first: int | None,
    order: SortDirection,
) -> Timeline:
    settings = info.context.settings
    count = bounded(first, "first", 1, settings.max_page_size, settings.default_page_size)
    if start and end and start > end:
        raise ValidationError("`from` is after `to`.", field="from")
    found, paths_ = entities(info)
    result = await graph_timeline.timeline(
        info.context.db,
        key_of(actor, "actor"),
        key_of(theme, "theme"),
        start,
        end,
        count,
        order == SortDirection.DESC,
        found,
    )
    return Timeline(
        events=[
            TimelineEvent(
                kind=EventKind(e.kind),
                id=global_id(e.kind.capitalize(), e.key),
                key=e.key,
                date=e.date,
                date_inferred=e.inferred,
                relation=e.relation,
                parties=[node(p, paths_) for p in e.parties],
                titles=e.titles,
            )
            for e in result.events
        ],
        truncated=result.truncated,
    )
