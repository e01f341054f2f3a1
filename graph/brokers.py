"""Brokers of the partner network: betweenness over actors and what links them.

The whole network's ranking (default scope) is computed ahead and kept on one
(:BrokerScores) node: at load, and again in the background once a write or a load has made it
older than the graph; a read answers from it with its age. A narrowed ranking (theme, sector,
asOf, via) is computed on the spot from the memberships in scope, after a bound on them read
from the count store and indexes refuses, before any traversal, what would take too long.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, LiteralString

from errors import LimitExceededError
from graph import betweenness
from graph.betweenness import Score, Scores
from graph.db import Db
from graph.network import (
    _AGREEMENT_OK,
    _LINK_OK,
    _LINK_TYPES,
    _PROJECT_OK,
    PARTNER_KINDS,
    PROJECT_DATE,
    Entities,
    NetNode,
    Scope,
    in_scope,
)

MAX_MEMBERSHIPS = 50_000  # memberships a ranking computed on the spot may read
KEPT = 1_000  # ranked actors kept by the whole network's ranking (the largest page size)
REFRESH_TIMEOUT = 600.0

_GROUPS: LiteralString = (
    "CALL () { "
    f"MATCH (g:Agreement) WHERE {_AGREEMENT_OK} "
    f"RETURN COLLECT {{ MATCH (a:Actor)-[:PARTY_TO]->(g) WHERE {in_scope('a')} "
    "RETURN a.key } AS keys "
    "UNION ALL MATCH (p:Project) WHERE $projects "
    f"WITH p, CASE WHEN $asOf IS NULL THEN null ELSE {PROJECT_DATE} END AS date "
    f"WHERE {_PROJECT_OK} "
    f"RETURN COLLECT {{ MATCH (a:Actor)-[:PARTICIPATES_IN]->(p) WHERE {in_scope('a')} "
    "RETURN a.key } AS keys "
    f"UNION ALL MATCH (a:Actor)-[r:{_LINK_TYPES}]->(b:Actor) WHERE {_LINK_OK} "
    f"AND {in_scope('a')} AND {in_scope('b')} RETURN [a.key, b.key] AS keys }} "
    "WITH keys WHERE size(keys) > 1 RETURN collect(keys) AS groups"
)

# What bounds the memberships in scope: the count store's totals, and the parties of the theme's
# agreements and projects and the memberships of the sector's actors (each capped); `_bound`
# sums them for the scope.
_BOUND: LiteralString = (
    "CALL () { MATCH ()-[r:PARTY_TO]->() RETURN count(r) AS parties } "
    "CALL () { MATCH ()-[r:PARTICIPATES_IN]->() RETURN count(r) AS participants } "
    "CALL () { MATCH ()-[r:SUBSIDIARY_OF]->() RETURN count(r) AS owned } "
    "CALL () { MATCH ()-[r:MEMBER_OF]->() RETURN count(r) AS members } "
    "CALL () { MATCH ()-[r:FOUNDED_BY]->() RETURN count(r) AS founded } "
    "CALL () { MATCH ()-[r:SUPERVISED_BY]->() RETURN count(r) AS supervised } "
    "CALL () { OPTIONAL MATCH (t:Theme)-[:BROADER*0..6]->(:Theme {key: $theme}) "
    "OPTIONAL MATCH (t)<-[:COVERS|ADDRESSES]-(i) WITH DISTINCT i LIMIT $cap "
    "RETURN sum(COUNT { (i)<-[:PARTY_TO|PARTICIPATES_IN]-() }) AS themed } "
    "CALL () { OPTIONAL MATCH (:Sector {key: $sector})<-[:IN_SECTOR]-(a:Actor) "
    "WITH a LIMIT $cap RETURN sum(COUNT { (a)-[:PARTY_TO|PARTICIPATES_IN]->() }) "
    "+ 2 * sum(COUNT { (a)-[:SUBSIDIARY_OF|MEMBER_OF|FOUNDED_BY|SUPERVISED_BY]-() }) "
    "AS sectoral } "
    "RETURN parties, participants, owned, members, founded, supervised, themed, sectoral"
)
# The link types the bound's counts are of, each membership of one counted twice (both ends).
_LINK_COUNTS = {
    "SUBSIDIARY_OF": "owned",
    "MEMBER_OF": "members",
    "FOUNDED_BY": "founded",
    "SUPERVISED_BY": "supervised",
}

_STORED: LiteralString = (
    "OPTIONAL MATCH (s:BrokerScores {key: 'partners'}) "
    "RETURN s {.*} AS scores, s IS NOT NULL AND ("
    "EXISTS { MATCH (c:Change) WHERE c.at > s.computedAt } OR "
    "EXISTS { MATCH (d:Dataset) WHERE d.loadedAt > s.computedAt }) AS stale"
)

_STORE: LiteralString = (
    "MERGE (s:BrokerScores {key: 'partners'}) "
    "SET s.computedAt = $computedAt, s.keys = $keys, s.degrees = $degrees, "
    "s.betweenness = $betweenness, s.errors = $errors, s.actors = $actors, s.links = $links, "
    "s.memberships = $memberships, s.sampledSources = $sampled"
)


@dataclass(frozen=True)
class Ranking:
    scores: Scores
    computed_at: dt.datetime
    up_to_date: bool


def whole(scope: Scope) -> bool:
    """The scope is the whole partner network (agreements and projects, no filter)."""
    return (
        scope.via == PARTNER_KINDS and scope.as_of is None and not scope.theme and not scope.sector
    )


async def rank(db: Db, scope: Scope, first: int) -> Ranking:
    """The ranking of `scope`: stored for the whole network, else computed on the spot."""
    if whole(scope):
        return await _stored_or_fresh(db, first)
    await _refuse_large(db, scope)
    scores = await _compute(db, scope, first)
    return Ranking(scores, dt.datetime.now(dt.UTC), True)


async def _bound(db: Db, scope: Scope, cap: int) -> int:
    """At least the memberships `scope` holds: the smaller of its theme's and its sector's
    bound, each the whole scope's total when the scope sets no theme (or sector)."""
    params = scope.params()
    row = await db.read_row(_BOUND, theme=params["theme"], sector=params["sector"], cap=cap)
    if row is None:
        return 0
    links = sum(int(row[_LINK_COUNTS[t]]) for t in params["linkTypes"] if t in _LINK_COUNTS)
    total = (
        (int(row["parties"]) if params["agreements"] else 0)
        + (int(row["participants"]) if params["projects"] else 0)
        + 2 * links
    )
    themed = total if params["theme"] is None else int(row["themed"] or 0)
    sectoral = total if params["sector"] is None else int(row["sectoral"] or 0)
    return min(themed, sectoral)


async def _refuse_large(db: Db, scope: Scope) -> None:
    bound = await _bound(db, scope, MAX_MEMBERSHIPS + 1)
    if bound > MAX_MEMBERSHIPS:
        raise LimitExceededError(
            f"Ranking this part of the network would read more than {MAX_MEMBERSHIPS:,} "
            "memberships; narrow it with `theme`, `sector` or `via`, or ask without them for "
            "the whole network's ranking, which is kept computed.",
            field="brokers",
        )


async def _compute(db: Db, scope: Scope, keep: int) -> Scores:
    rows = await db.read(_GROUPS, **scope.params())
    groups: list[list[str]] = rows[0]["groups"] if rows else []
    return await asyncio.to_thread(betweenness.rank, groups, keep)


async def _stored_or_fresh(db: Db, first: int) -> Ranking:
    row = await db.read_row(_STORED)
    data = row["scores"] if row else None
    if data is not None and not row["stale"]:  # type: ignore[index]
        return Ranking(_scores(data, first), data["computedAt"].to_native(), True)
    if await _small(db):
        await refresh(db)
        return await _stored_or_fresh(db, first)
    _refresh_later(db)
    if data is None:
        raise LimitExceededError(
            f"The network holds more than {MAX_MEMBERSHIPS:,} memberships and its broker "
            "ranking is being computed; ask again in a minute.",
            field="brokers",
        )
    return Ranking(_scores(data, first), data["computedAt"].to_native(), False)


async def _small(db: Db) -> bool:
    return await _bound(db, Scope(PARTNER_KINDS), 1) <= MAX_MEMBERSHIPS


def _scores(data: dict[str, Any], first: int) -> Scores:
    ranked = [
        Score(key, int(degree), float(between), float(error))
        for key, degree, between, error in zip(
            data["keys"], data["degrees"], data["betweenness"], data["errors"], strict=True
        )
    ][:first]
    return Scores(
        ranked, int(data["actors"]), int(data["links"]), int(data["memberships"]),
        data.get("sampledSources"),
    )  # fmt: skip


async def refresh(db: Db) -> Scores:
    """Compute the whole network's ranking and store it (at load, after writes)."""
    worker = Db(db.driver, db.database, REFRESH_TIMEOUT)
    started = dt.datetime.now(dt.UTC)
    scores = await _compute(worker, Scope(PARTNER_KINDS), KEPT)
    await store(worker, scores, started)
    return scores


async def store(db: Db, scores: Scores, computed_at: dt.datetime) -> None:
    """Keep `scores` as the whole network's ranking, computed at `computed_at` (a load that
    computes them from its own rows stores them once the graph is in)."""
    await db.write(
        _STORE,
        computedAt=computed_at,
        keys=[s.key for s in scores.ranked],
        degrees=[s.degree for s in scores.ranked],
        betweenness=[s.betweenness for s in scores.ranked],
        errors=[s.error for s in scores.ranked],
        actors=scores.actors,
        links=scores.links,
        memberships=scores.memberships,
        sampled=scores.sampled_sources,
    )


_REFRESHING: dict[str, asyncio.Task[Scores]] = {}


def _refresh_later(db: Db) -> None:
    """One background refresh per database at a time; reads meanwhile answer the older one."""
    running = _REFRESHING.get(db.database)
    if running is not None and not running.done():
        return
    task = asyncio.get_running_loop().create_task(refresh(db))
    _REFRESHING[db.database] = task
    task.add_done_callback(lambda t: t.cancelled() or t.exception())


async def actors(db: Db, keys: Sequence[str], entities: Entities) -> list[NetNode]:
    """Actors by key, in the order given (unknown keys left out)."""
    statement = (
        "UNWIND range(0, size($keys) - 1) AS i MATCH (n:Actor {key: $keys[i]}) "
        f"WITH i, {entities.node_map('n')} AS row ORDER BY i RETURN collect(row) AS nodes"
    )
    rows = await db.read(statement, **entities.compilation.params, keys=list(keys))
    return [entities.node(data) for data in rows[0]["nodes"]]
