"""Agreements and projects in date order: of one actor, under one theme, or all of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from errors import NotFoundError
from graph.db import Db
from graph.network import PROJECT_DATE, Entities, NetNode, native

MAX_PARTIES = 50  # parties listed per event

_MATCHES = {
    "actor": "MATCH (focus)-[:PARTY_TO|PARTICIPATES_IN]->(item)",
    "all": "MATCH (item:Agreement|Project)",
}
_ITEM_DATE = PROJECT_DATE.replace("(p)", "(item)").replace("p.", "item.")


def _statement(scope: str, descending: bool) -> str:
    """Agreements and projects in one pattern, not one `UNION` branch each: the text plans in
    about two thirds of the time."""
    direction = "DESC" if descending else "ASC"
    return (
        "OPTIONAL MATCH (focus:Actor {key: $actor}) OPTIONAL MATCH (topic:Theme {key: $theme}) "
        f"CALL (focus, topic) {{ {_MATCHES[scope]} "
        "WITH item, item:Agreement AS agreement "
        f"WITH item, agreement, CASE WHEN agreement THEN item.signedOn ELSE {_ITEM_DATE} END "
        "AS date WHERE (agreement OR date IS NOT NULL) AND ($from IS NULL OR date >= $from) "
        "AND ($to IS NULL OR date <= $to) AND (topic IS NULL OR "
        "EXISTS { MATCH (item)-[:COVERS|ADDRESSES]->(:Theme)-[:BROADER*0..6]->(topic) }) "
        f"WITH item, agreement, date ORDER BY date {direction}, item.key LIMIT $rows "
        "WITH item, agreement, date, COLLECT { "
        "MATCH (item)<-[:PARTY_TO|PARTICIPATES_IN]-(n:Actor) "
        "WITH n ORDER BY n.sortName LIMIT $maxParties RETURN {PARTY} } AS parties "
        "RETURN collect({kind: CASE WHEN agreement THEN 'AGREEMENT' ELSE 'PROJECT' END, "
        "key: item.key, titleFr: item.titleFr, titleEn: item.titleEn, "
        "relation: coalesce(item.kind, item.status), date: date, "
        "inferred: NOT agreement AND item.startedOn IS NULL, parties: parties}) AS events } "
        "RETURN focus IS NOT NULL OR $actor IS NULL AS actorFound, "
        "topic IS NOT NULL OR $theme IS NULL AS themeFound, events"
    )


@dataclass(frozen=True)
class Event:
    kind: str
    key: str
    titles: Mapping[str, str | None]
    relation: str
    date: dt.date
    inferred: bool
    parties: list[NetNode]


@dataclass(frozen=True)
class Timeline:
    events: list[Event]
    truncated: bool


async def timeline(
    db: Db,
    actor: str | None,
    theme: str | None,
    start: dt.date | None,
    end: dt.date | None,
    first: int,
    descending: bool,
    entities: Entities,
) -> Timeline:
    """Agreements (by signing date) and projects (by start) within [start, end]."""
    statement = _statement("actor" if actor else "all", descending).replace(
        "{PARTY}", entities.node_map("n")
    )
    rows = await db.read(
        statement,
        **entities.compilation.params,
        actor=actor,
        theme=theme,
        rows=first + 1,
        maxParties=MAX_PARTIES,
        **{"from": start, "to": end},
    )
    row = rows[0]
    if not row["actorFound"]:
        raise NotFoundError(f"No actor has the key {actor!r}.", field="actor")
    if not row["themeFound"]:
        raise NotFoundError(f"No theme has the key {theme!r}.", field="theme")
    events = [
        Event(
            kind=data["kind"],
            key=data["key"],
            titles={"fr": data.get("titleFr"), "en": data.get("titleEn")},
            relation=str(data.get("relation") or ""),
            date=native(data["date"]),
            inferred=bool(data["inferred"]),
            parties=[entities.node(party) for party in data["parties"]],
        )
        for data in row["events"]
    ]
    return Timeline(events[:first], len(events) > first)
