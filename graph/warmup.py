"""Plans made at start-up: the statements whose text does not depend on the selection (the
explorer's network reads, expertise's gathering, brokers on the spot, the timeline), so that
the first call after a start plans only what its selection adds.

Each read runs once, in the background, on keys no actor has (nothing is read but the
plans); a failure is only logged. Readiness does not wait for it.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from errors import NotFoundError
from graph import brokers, expertise, gazetteer, neighbourhood, paths, timeline
from graph.compiler import Limits, Pick
from graph.db import Db
from graph.network import MAX_EDGES, PARTNER_KINDS, Entities, Scope
from graph.resolution import Filters

log = logging.getLogger("maillage.warmup")

_NOBODY = ("\u0000warm-up-a", "\u0000warm-up-b")


async def warm(db: Db) -> None:
    """Neighbourhoods (with and without edges) and paths, as the explorer asks for them; then
    expertise's gathering, a ranking of brokers on the spot and the timeline, each scope and
    order."""
    limits = Limits()
    entities = Entities(limits)
    nobody, other = _NOBODY
    themed = Scope(PARTNER_KINDS, theme=nobody)
    reads: list[Callable[[], Awaitable[Any]]] = [
        lambda: neighbourhood.subgraph(db, nobody, 1, Scope(), 1, MAX_EDGES, entities),
        lambda: neighbourhood.subgraph(db, nobody, 1, Scope(), 1, MAX_EDGES, entities, False),
        lambda: paths.shortest(db, nobody, other, 1, Scope(), 1, entities),
        lambda: gazetteer.get(db),  # expertise and search read their words from it
        lambda: expertise.expertise(
            db, limits, nobody, True, Filters(), 1, Pick("expertise", "expertise")
        ),
        lambda: brokers.rank(db, themed, 1),
        lambda: brokers.actors(db, [], entities),
    ]
    for actor, descending in itertools.product((None, nobody), (False, True)):
        reads.append(
            partial(timeline.timeline, db, actor, None, None, None, 1, descending, entities)
        )
    for read in reads:
        try:
            await read()
        except NotFoundError:
            pass  # the keys are nobody's: "not found" is the expected answer
        except Exception as exc:
            log.info("start-up planning stopped: %s", exc)
            return
