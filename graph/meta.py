"""Facts about the database itself: server version and what the graph holds."""

from __future__ import annotations

from dataclasses import dataclass

from graph.db import Db


@dataclass(frozen=True)
class ServerInfo:
    name: str
    version: str
    edition: str


async def server_info(db: Db) -> ServerInfo:
    rows = await db.read(
        "CALL dbms.components() YIELD name, versions, edition "
        "RETURN name, versions[0] AS version, edition LIMIT 1"
    )
    row = rows[0]
    return ServerInfo(name=row["name"], version=row["version"], edition=row["edition"])


async def ping(db: Db) -> bool:
    rows = await db.read("RETURN 1 AS ok")
    return bool(rows and rows[0]["ok"] == 1)
