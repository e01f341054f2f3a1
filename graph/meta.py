"""Facts about the database itself: server version and what the graph holds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, LiteralString

from graph.db import Db


@dataclass(frozen=True)
class Overview:
    version: str
    edition: str
    counts: dict[str, int]
    datasets: list[dict[str, Any]]


async def overview(db: Db) -> Overview:
    rows = await db.read(
        "CALL dbms.components() YIELD versions, edition "
        "WITH versions[0] AS version, edition LIMIT 1 "
        "RETURN version, edition, "
        "COLLECT { MATCH (d:Dataset) RETURN d {.key, .loadedAt, .synthetic} } AS datasets, "
        "{Actor: COUNT { (:Actor) }, Agreement: COUNT { (:Agreement) }, "
        "Project: COUNT { (:Project) }, Theme: COUNT { (:Theme) }, Source: COUNT { (:Source) }, "
        "Sector: COUNT { (:Sector) }, City: COUNT { (:City) }, Region: COUNT { (:Region) }, "
        "relationships: COUNT { ()-[]->() }} AS counts"
    )
    row = rows[0]
    datasets = [
        {**d, "loadedAt": d["loadedAt"].to_native() if d.get("loadedAt") else None}
        for d in row["datasets"]
    ]
    return Overview(row["version"], row["edition"], dict(row["counts"]), datasets)


async def ping(db: Db) -> bool:
    rows = await db.read("RETURN 1 AS ok")
    return bool(rows and rows[0]["ok"] == 1)


_GROUPS: dict[str, LiteralString] = {
    "KIND": "MATCH (a:Actor) RETURN a.kind AS key, a.kind AS label, count(a) AS count",
    "SECTOR": "MATCH (a:Actor)-[:IN_SECTOR]->(g:Sector) "
    "RETURN g.key AS key, g.nameFr AS label, count(DISTINCT a) AS count",
    "REGION": "MATCH (a:Actor)-[:LOCATED_IN]->(:City)-[:IN_REGION]->(g:Region) "
    "RETURN g.key AS key, g.nameFr AS label, count(DISTINCT a) AS count",
    "THEME": "MATCH (a:Actor)-[:HAS_COMPETENCY]->(g:Theme) "
    "RETURN g.key AS key, g.labelFr AS label, count(DISTINCT a) AS count",
}


async def actor_counts(db: Db, group_by: str) -> list[dict[str, Any]]:
    """Actors per kind, sector, region or theme, largest groups first."""
    statement = _GROUPS[group_by]
    rows = await db.read(statement)
    return sorted(rows, key=lambda row: (-row["count"], row["key"]))
