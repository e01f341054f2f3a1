"""One level of the path search, with hubs kept from widening it.

A hub is an agreement or project with more than HUB_PARTIES parties (a framework agreement,
a national programme), or an actor with more than HUB_MEMBERSHIPS agreements and projects (a
ministry). Through a hub item, a level reaches only the actors the other end's search has
already reached (so the two meet there), never all its parties; a hub actor is reached like
any other, and is where the two searches may meet, but is not searched from unless it is an
end. A level's statement is the same text at every level and on every graph size (`Shape`
picks one of a few), its cost bounded by the frontier's ordinary links and the hubs it
touches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from graph.db import Db
from graph.neighbourhood import Shape, agreement_ok, in_scope, link_ok, project_ok
from graph.network import _LINK_TYPES, PROJECT_DATE, Scope

HUB_PARTIES = 100
HUB_MEMBERSHIPS = 300


def _items(shape: Shape, hubs: bool) -> str:
    """(a, g) for each agreement or project g of frontier actor a in scope: the ordinary ones
    (`hubs` False) or the hubs."""
    compare = ">" if hubs else "<="
    dated = f"WITH a, p, {PROJECT_DATE} AS date " if shape.as_of else ""
    return (
        f"CALL (a) {{ MATCH (a)-[:PARTY_TO]->(g:Agreement) WHERE {agreement_ok(shape)} "
        f"AND COUNT {{ (g)<-[:PARTY_TO]-() }} {compare} $hubParties RETURN g "
        f"UNION ALL MATCH (a)-[:PARTICIPATES_IN]->(p:Project) {dated}"
        f"WHERE {project_ok(shape)} "
        f"AND COUNT {{ (p)<-[:PARTICIPATES_IN]-() }} {compare} $hubParties RETURN p AS g }} "
    )


@cache
def level(shape: Shape) -> str:
    """The actors one link from the frontier: through ordinary items and links every one,
    through hub items only those in $other; each with the frontier actors it came from, how
    many link rows tie it to them, and whether it is itself a hub."""
    return (
        "CALL () { "
        "UNWIND $frontier AS k MATCH (a:Actor {key: k}) "
        + _items(shape, hubs=False)
        + "MATCH (g)<-[:PARTY_TO|PARTICIPATES_IN]-(b:Actor) WHERE b <> a RETURN a, b "
        f"UNION ALL UNWIND $frontier AS k MATCH (a:Actor {{key: k}})-[r:{_LINK_TYPES}]-(b:Actor) "
        f"WHERE {link_ok(shape)} RETURN a, b "
        "UNION ALL UNWIND $frontier AS k MATCH (a:Actor {key: k}) "
        + _items(shape, hubs=True)
        + "WITH g, collect(a) AS members "
        "MATCH (g)<-[:PARTY_TO|PARTICIPATES_IN]-(b:Actor) WHERE b.key IN $other "
        "UNWIND members AS a RETURN a, b } "
        "WITH a, b LIMIT $scanRows "
        "WITH b, collect(DISTINCT a.key) AS via, count(*) AS ties "
        f"WITH b, via, ties, NOT b.key IN $seen AND {in_scope('b', shape)} AS fresh "
        "RETURN sum(ties) AS rows, collect(CASE WHEN fresh THEN [b.key, ties, via, "
        "COUNT { (b)-[:PARTY_TO|PARTICIPATES_IN]->() } > $hubMemberships] END) AS found"
    )


@dataclass(frozen=True)
class Reached:
    key: str
    ties: int
    via: tuple[str, ...]
    hub: bool


async def grow(
    db: Db,
    frontier: Sequence[str],
    seen: Sequence[str],
    other: Sequence[str],
    scope: Scope,
    scan_rows: int,
) -> tuple[list[Reached], bool]:
    """The actors one link from `frontier` not in `seen`, and whether $scanRows was reached."""
    if not frontier:
        return [], False
    row = await db.read_row(
        level(Shape.of(scope)),
        **scope.params(),
        frontier=list(frontier),
        seen=list(seen),
        other=list(other),
        scanRows=scan_rows,
        hubParties=HUB_PARTIES,
        hubMemberships=HUB_MEMBERSHIPS,
    )
    if row is None:
        return [], False
    found = [Reached(str(k), int(t), tuple(v), bool(h)) for k, t, v, h in row["found"] or []]
    found.sort(key=lambda f: (-f.ties, f.key))
    return found, int(row["rows"] or 0) >= scan_rows
