"""Is the database ready to serve: reachable, and every constraint and index of the migrations
in place and online."""

from __future__ import annotations

import re

from graph.db import Db
from graph.migrations import STATEMENTS

_NAMED = re.compile(r"^CREATE (?:CONSTRAINT|(?:FULLTEXT )?INDEX) (\w+) ")
EXPECTED = frozenset(match.group(1) for s in STATEMENTS if (match := _NAMED.match(s)))


async def missing_migrations(db: Db) -> list[str]:
    """Names of the constraints and indexes not yet created or not yet online (one round trip)."""
    rows = await db.read(
        "SHOW INDEXES YIELD name, state, owningConstraint WHERE state = 'ONLINE' "
        "RETURN collect(name) + collect(owningConstraint) AS ready"
    )
    ready = set(rows[0]["ready"]) if rows else set()
    return sorted(EXPECTED - ready)
