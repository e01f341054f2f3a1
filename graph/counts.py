"""Relationship counts kept on the nodes, for sorting by them through an index.

`Actor.agreementCount`, `Actor.projectCount`, `Agreement.partyCount`,
`Project.participantCount` and `Theme.actorCount` are written by every load (all nodes, in
batches) and by every curated write, in its own transaction, for the nodes it touched: the
written node and every node at the other end of a relationship it added or removed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import LiteralString

from graph.db import Db
from graph.loading import Batches
from graph.writes import Run

NAMES = frozenset(
    {"agreementCount", "projectCount", "partyCount", "participantCount", "actorCount"}
)

_ACTOR: LiteralString = (
    "SET a.agreementCount = COUNT { (a)-[:PARTY_TO]->(:Agreement) }, "
    "a.projectCount = COUNT { (a)-[:PARTICIPATES_IN]->(:Project) }"
)
_AGREEMENT: LiteralString = "SET g.partyCount = COUNT { (g)<-[:PARTY_TO]-(:Actor) }"
_PROJECT: LiteralString = "SET p.participantCount = COUNT { (p)<-[:PARTICIPATES_IN]-(:Actor) }"
_THEME: LiteralString = "SET t.actorCount = COUNT { (t)<-[:HAS_COMPETENCY]-(:Actor) }"

_TOUCHED: LiteralString = (
    "UNWIND $keys AS k "
    f"CALL (k) {{ MATCH (a:Actor {{key: k}}) {_ACTOR} }} "
    f"CALL (k) {{ MATCH (g:Agreement {{key: k}}) {_AGREEMENT} }} "
    f"CALL (k) {{ MATCH (p:Project {{key: k}}) {_PROJECT} }} "
    f"CALL (k) {{ MATCH (t:Theme {{key: k}}) {_THEME} }}"
)

# Every node of a label, `size` at a time in key order (each batch its own transaction).
_ALL: dict[str, LiteralString] = {
    "Actor": f"MATCH (a:Actor) WHERE a.key > $after WITH a ORDER BY a.key LIMIT $size "
    f"{_ACTOR} RETURN max(a.key) AS last",
    "Agreement": f"MATCH (g:Agreement) WHERE g.key > $after WITH g ORDER BY g.key LIMIT $size "
    f"{_AGREEMENT} RETURN max(g.key) AS last",
    "Project": f"MATCH (p:Project) WHERE p.key > $after WITH p ORDER BY p.key LIMIT $size "
    f"{_PROJECT} RETURN max(p.key) AS last",
    "Theme": f"MATCH (t:Theme) WHERE t.key > $after WITH t ORDER BY t.key LIMIT $size "
    f"{_THEME} RETURN max(t.key) AS last",
}


# Some node of a counted label without its count: a database written before counts were kept.
_MISSING: LiteralString = (
    "RETURN EXISTS { MATCH (a:Actor) WHERE a.agreementCount IS NULL OR a.projectCount IS NULL } "
    "OR EXISTS { MATCH (g:Agreement) WHERE g.partyCount IS NULL } "
    "OR EXISTS { MATCH (p:Project) WHERE p.participantCount IS NULL } "
    "OR EXISTS { MATCH (t:Theme) WHERE t.actorCount IS NULL } AS missing"
)


async def backfill(db: Db) -> bool:
    """Count every node when some node lacks its counts (every sort by a count reads them
    from an index, which holds only the nodes that have them). True if it counted."""
    rows = await db.read(_MISSING)
    if not rows or not rows[0]["missing"]:
        return False
    await everything(db)
    return True


async def touched(run: Run, keys: Iterable[str]) -> None:
    """Recount the nodes with these keys (whatever their label), in the caller's transaction."""
    distinct = sorted(set(keys))
    if distinct:
        await run(_TOUCHED, {"keys": distinct})


async def everything(db: Db, size: int = 20_000) -> None:
    """Recount every node, after a load."""
    for statement in _ALL.values():
        after = ""
        while True:
            rows = await db.write(statement, after=after, size=size)
            last = rows[0]["last"] if rows else None
            if last is None:
                break
            after = str(last)


# label -> (count property, relationship type, which end of it the node is)
KEPT: dict[str, tuple[tuple[str, str, str], ...]] = {
    "Actor": (("agreementCount", "PARTY_TO", "from"), ("projectCount", "PARTICIPATES_IN", "from")),
    "Agreement": (("partyCount", "PARTY_TO", "to"),),
    "Project": (("participantCount", "PARTICIPATES_IN", "to"),),
    "Theme": (("actorCount", "HAS_COMPETENCY", "to"),),
}


def of_rows(batches: Batches) -> Batches:
    """The data set with the kept counts in its node rows (one pass over its relationships),
    so that a load into an empty database needs no recount."""
    tallies = {
        (name, end): Counter(row[end] for row in batches.rels.get(rel_type, ()))
        for kept in KEPT.values()
        for name, rel_type, end in kept
    }
    nodes = dict(batches.nodes)
    for label, kept in KEPT.items():
        nodes[label] = [
            {
                **row,
                "props": {**row["props"], **{n: tallies[(n, e)][row["key"]] for n, _, e in kept}},
            }
            for row in batches.nodes.get(label, ())
        ]
    return Batches(nodes, batches.rels)
