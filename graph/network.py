"""The partner network: actors linked by shared agreements and projects and by actor links.

Fragments and values shared by the walks (`graph.neighbourhood`, `graph.paths`, brokers and
timelines); values, filters and caps are `$parameters`. The walk as one statement, a subquery
per level (`SUBGRAPH_HEADS`), serves the whole network (depth 0) and the benchmark's peer, which
runs Maillage's own depth-2 walk; Maillage walks level by level (plans in milliseconds).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.compiler import Compilation, Limits, Pick, Row
from graph.specs import ENTITIES, SPECS

LINK_KINDS = ("AGREEMENT", "PROJECT", "MEMBERSHIP", "OWNERSHIP", "FOUNDING", "SUPERVISION")
REL_TYPES = {
    "MEMBERSHIP": "MEMBER_OF",
    "OWNERSHIP": "SUBSIDIARY_OF",
    "FOUNDING": "FOUNDED_BY",
    "SUPERVISION": "SUPERVISED_BY",
}
PARTNER_KINDS = frozenset({"AGREEMENT", "PROJECT"})

MAX_DEPTH = 3
MAX_NODES = 500  # GraphQL `limit` cap; exports go up to EXPORT_MAX_NODES
DEFAULT_NODES = 100
MAX_EDGES = 5_000
EXPORT_MAX_NODES = 20_000
EXPORT_MAX_EDGES = 100_000
MAX_ITEMS = 20  # items listed per edge; `strength` counts them all
SCAN_ROWS = 200_000  # link rows one expansion level may read

# ---- fragments ---------------------------------------------------------------------------

_UNDER_THEME = "-[:BROADER*0..6]->(:Theme {key: $theme})"
_AGREEMENT_OK = (
    "$agreements AND ($asOf IS NULL OR g.signedOn <= $asOf) AND ($theme IS NULL OR "
    f"EXISTS {{ MATCH (g)-[:COVERS]->(:Theme){_UNDER_THEME} }})"
)
# A project without a start date dates from the agreement that frames it, if any.
PROJECT_DATE = (
    "coalesce(p.startedOn, head(COLLECT { MATCH (p)-[:FRAMED_BY]->(f:Agreement) "
    "RETURN f.signedOn ORDER BY f.signedOn }))"
)
_PROJECT_OK = (
    "$projects AND ($asOf IS NULL OR date <= $asOf) AND ($theme IS NULL OR "
    f"EXISTS {{ MATCH (p)-[:ADDRESSES]->(:Theme){_UNDER_THEME} }})"
)
_LINK_TYPES = "SUBSIDIARY_OF|MEMBER_OF|FOUNDED_BY|SUPERVISED_BY"
_LINK_OK = (
    "type(r) IN $linkTypes AND ($asOfYear IS NULL OR r.sinceYear IS NULL "
    "OR r.sinceYear <= $asOfYear)"
)
_LINK_KIND = (
    "CASE type(r) WHEN 'SUBSIDIARY_OF' THEN 'OWNERSHIP' WHEN 'MEMBER_OF' THEN 'MEMBERSHIP' "
    "WHEN 'FOUNDED_BY' THEN 'FOUNDING' ELSE 'SUPERVISION' END"
)


def in_scope(n: str) -> str:
    """The actor existed on `asOf` (founded then or unknown) and is in `sector`, if given."""
    return (
        f"(($asOfYear IS NULL OR {n}.foundedYear IS NULL OR {n}.foundedYear <= $asOfYear) "
        f"AND ($sector IS NULL OR "
        f"EXISTS {{ MATCH ({n})-[:IN_SECTOR]->(:Sector {{key: $sector}}) }}))"
    )


# Actors b linked to actor a, one row per shared item or link (lean: for searching).
NEIGHBOURS = (
    "CALL (a) { "
    f"MATCH (a)-[:PARTY_TO]->(g:Agreement)<-[:PARTY_TO]-(b:Actor) WHERE {_AGREEMENT_OK} RETURN b "
    "UNION ALL MATCH (a)-[:PARTICIPATES_IN]->(p:Project)<-[:PARTICIPATES_IN]-(b:Actor) "
    f"WITH b, p, CASE WHEN $asOf IS NULL THEN null ELSE {PROJECT_DATE} END AS date "
    f"WHERE {_PROJECT_OK} RETURN b "
    f"UNION ALL MATCH (a)-[r:{_LINK_TYPES}]-(b:Actor) WHERE {_LINK_OK} RETURN b }} "
)


def node_fields(n: str) -> str:
    return (
        f"key: {n}.key, nameFr: {n}.nameFr, nameEn: {n}.nameEn, nameAr: {n}.nameAr, "
        f"acronym: {n}.acronym, kind: {n}.kind, founded: {n}.foundedYear"
    )


_STEP = (
    "CALL (levels, seen) { "
    "UNWIND CASE WHEN size(seen) < $limit THEN last(levels) ELSE [] END AS a "
    + NEIGHBOURS
    + "WITH b LIMIT $scanRows WITH b, count(*) AS ties ORDER BY ties DESC, b.key "
    "WITH collect(b) AS candidates, sum(ties) AS rows "
    f"RETURN [x IN candidates WHERE NOT x IN seen AND {in_scope('x')}] AS found, "
    "rows >= $scanRows AS scanned } "
    "WITH levels, seen, cut OR scanned OR size(found) > $limit - size(seen) AS cut, "
    "found[..($limit - size(seen))] AS found "
    "WITH levels + [found] AS levels, seen + found AS seen, cut "
)

_CENTRED = (
    "MATCH (root:Actor {key: $key}) "
    f"WITH CASE WHEN {in_scope('root')} THEN [root] ELSE [] END AS start "
    "WITH [start] AS levels, start AS seen, false AS cut "
)
_WHOLE = (
    f"MATCH (n:Actor) WHERE {in_scope('n')} WITH n ORDER BY n.key LIMIT $nodeRows "
    "WITH collect(n) AS everyone "
    "WITH [everyone[..$limit]] AS levels, everyone[..$limit] AS seen, "
    "size(everyone) > $limit AS cut "
)
SUBGRAPH_HEADS = {depth: _CENTRED + _STEP * depth for depth in range(1, MAX_DEPTH + 1)}
SUBGRAPH_HEADS[0] = _WHOLE


# ---- values ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """Which links count and when: the network as it stood on `as_of`."""

    via: frozenset[str] = frozenset(LINK_KINDS)
    as_of: dt.date | None = None
    theme: str | None = None
    sector: str | None = None

    def params(self) -> dict[str, Any]:
        links = [] if self.theme else [REL_TYPES[k] for k in sorted(self.via) if k in REL_TYPES]
        return {
            "agreements": "AGREEMENT" in self.via,
            "projects": "PROJECT" in self.via,
            "linkTypes": links,
            "asOf": self.as_of,
            "asOfYear": self.as_of.year if self.as_of else None,
            "theme": self.theme,
            "sector": self.sector,
        }


@dataclass(frozen=True)
class NetNode:
    key: str
    names: Mapping[str, str | None]
    acronym: str | None
    kind: str
    founded: int | None
    depth: int | None = None
    entities: tuple[Row | None, ...] = ()


@dataclass(frozen=True)
class Item:
    """What links two actors: an agreement, a project, or one actor link."""

    kind: str
    key: str | None
    titles: Mapping[str, str | None]
    relation: str
    date: dt.date | None
    inferred: bool
    since_year: int | None
    source: str | None
    target: str | None


@dataclass(frozen=True)
class NetEdge:
    source: str
    target: str
    kind: str
    strength: int
    items: tuple[Item, ...]

    @property
    def directed(self) -> bool:
        return self.kind not in PARTNER_KINDS

    @property
    def since(self) -> dt.date | None:
        return min((i.date for i in self.items if i.date is not None), default=None)

    @property
    def since_year(self) -> int | None:
        years = [i.since_year for i in self.items if i.since_year is not None]
        if years:
            return min(years)
        return self.since.year if self.since else None


@dataclass(frozen=True)
class Subgraph:
    nodes: list[NetNode]
    edges: list[NetEdge]
    truncated: bool
    centre: str | None = None
    scope: Scope = field(default_factory=Scope)


# ---- statements --------------------------------------------------------------------------


class Entities:
    """Full-actor projections requested under network nodes, compiled into the statement."""

    def __init__(self, limits: Limits, selections: Sequence[Sequence[Pick]] = ()) -> None:
        self.compilation = Compilation(SPECS, ENTITIES, limits)
        self.selections = list(selections)

    def node_map(self, var: str) -> str:
        parts = [node_fields(var)]
        for index, picks in enumerate(self.selections):
            parts.append(f"e{index}: " + self.compilation.project("Actor", picks, {"v": var}))
        return "{" + ", ".join(parts) + "}"

    def node(self, data: Mapping[str, Any], depth: int | None = None) -> NetNode:
        shaped = tuple(
            self.compilation.shape("Actor", picks, data.get(f"e{index}"))
            for index, picks in enumerate(self.selections)
        )
        return NetNode(
            key=data["key"],
            names={"fr": data["nameFr"], "en": data.get("nameEn"), "ar": data.get("nameAr")},
            acronym=data.get("acronym"),
            kind=data["kind"],
            founded=data.get("founded"),
            depth=depth,
            entities=shaped,
        )


def native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


def item(kind: str, data: Mapping[str, Any]) -> Item:
    return Item(
        kind=kind,
        key=data.get("key"),
        titles={"fr": data.get("titleFr"), "en": data.get("titleEn")},
        relation=str(data.get("relation") or ""),
        date=native(data.get("date")),
        inferred=bool(data.get("inferred")),
        since_year=data.get("sinceYear"),
        source=data.get("source"),
        target=data.get("target"),
    )


def edge(data: Mapping[str, Any]) -> NetEdge:
    kind = str(data["kind"])
    items = tuple(item(kind, entry) for entry in data["items"])
    return NetEdge(data["source"], data["target"], kind, int(data["strength"]), items)
