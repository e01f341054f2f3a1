"""Resolver for `meta`."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from graph import meta as graph_meta
from schema.context import Info
from schema.meta import Meta


def service_version() -> str:
    try:
        return version("maillage")
    except PackageNotFoundError:
        return "0+unknown"


async def resolve_meta(info: Info) -> Meta:
    server = await graph_meta.server_info(info.context.db)
    return Meta(
        version=service_version(),
        neo4j_version=server.version,
        neo4j_edition=server.edition,
    )
