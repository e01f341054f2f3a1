"""Plans made at start-up: the explorer's network reads, so their first call is warm.

Each read runs once, in the background, on keys no actor has (nothing is read but the
plans); a failure is only logged. Readiness does not wait for it.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from errors import NotFoundError
from graph import gazetteer, neighbourhood, paths
from graph.compiler import Limits
from graph.db import Db
from graph.network import MAX_EDGES, Entities, Scope

log = logging.getLogger("maillage.warmup")

_NOBODY = ("\u0000warm-up-a", "\u0000warm-up-b")


async def warm(db: Db) -> None:
    """Neighbourhoods (with and without edges) and paths, as the explorer asks for them."""
    entities = Entities(Limits())
    nobody, other = _NOBODY
    reads: list[Callable[[], Awaitable[Any]]] = [
        lambda: neighbourhood.subgraph(db, nobody, 1, Scope(), 1, MAX_EDGES, entities),
        lambda: neighbourhood.subgraph(db, nobody, 1, Scope(), 1, MAX_EDGES, entities, False),
        lambda: paths.shortest(db, nobody, other, 1, Scope(), 1, entities),
        lambda: gazetteer.get(db),  # expertise and search read their words from it
    ]
    for read in reads:
        try:
            await read()
        except NotFoundError:
            pass  # the keys are nobody's: "not found" is the expected answer
        except Exception as exc:
            log.info("start-up planning stopped: %s", exc)
            return
