"""Resolvers for `meta` and `actorCounts`."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Annotated

import strawberry

from graph import meta as graph_meta
from schema.context import Info
from schema.meta import ActorCount, ActorGroup, DatasetInfo, Meta, TypeCount


def service_version() -> str:
    try:
        return version("maillage")
    except PackageNotFoundError:
        return "0+unknown"


async def resolve_meta(info: Info) -> Meta:
    view = await graph_meta.overview(info.context.db)
    counts = dict(view.counts)
    relationships = counts.pop("relationships", 0)
    return Meta(
        version=service_version(),
        neo4j_version=view.version,
        neo4j_edition=view.edition,
        counts=[TypeCount(type=name, count=count) for name, count in sorted(counts.items())],
        relationships=relationships,
        sources=counts.get("Source", 0),
        datasets=[
            DatasetInfo(key=d["key"], loaded_at=d["loadedAt"], synthetic=bool(d.get("synthetic")))
            for d in view.datasets
        ],
    )


GroupBy = Annotated[ActorGroup, strawberry.argument(description="What to group actors by.")]


async def resolve_actor_counts(info: Info, group_by: GroupBy) -> list[ActorCount]:
    rows = await graph_meta.actor_counts(info.context.db, group_by.value)
    return [
        ActorCount(key=row["key"], label=row["label"] or row["key"], count=row["count"])
        for row in rows
    ]
