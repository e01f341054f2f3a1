"""The partner network seen whole: every linked pair in scope, and actors by key."""

from __future__ import annotations

from collections.abc import Sequence

from errors import LimitExceededError
from graph.db import Db
from graph.network import NEIGHBOURS, Entities, NetNode, Scope, in_scope

MAX_PAIRS = 200_000

_PARTNER_PAIRS = (
    f"MATCH (a:Actor) WHERE {in_scope('a')} "
    + NEIGHBOURS
    + f"WITH a, b WHERE a.key < b.key AND {in_scope('b')} "
    "WITH a.key AS source, b.key AS target, count(*) AS weight LIMIT $edgeRows "
    "RETURN collect([source, target]) AS edges"
)


async def partner_pairs(db: Db, scope: Scope) -> list[tuple[str, str]]:
    """Every linked pair of actors in scope (one row each), for centralities."""
    rows = await db.read(_PARTNER_PAIRS, **scope.params(), edgeRows=MAX_PAIRS + 1)
    pairs = [(str(a), str(b)) for a, b in rows[0]["edges"]]
    if len(pairs) > MAX_PAIRS:
        raise LimitExceededError(
            f"The network holds more than {MAX_PAIRS:,} linked pairs; "
            "narrow it with `theme`, `sector`, `asOf` or `via`."
        )
    return pairs


async def actors(db: Db, keys: Sequence[str], entities: Entities) -> list[NetNode]:
    """Actors by key, in the order given (unknown keys left out)."""
    statement = (
        "UNWIND range(0, size($keys) - 1) AS i MATCH (n:Actor {key: $keys[i]}) "
        f"WITH i, {entities.node_map('n')} AS row ORDER BY i RETURN collect(row) AS nodes"
    )
    rows = await db.read(statement, **entities.compilation.params, keys=list(keys))
    return [entities.node(data) for data in rows[0]["nodes"]]
