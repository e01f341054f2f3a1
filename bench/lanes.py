"""What each way of building a response costs: CPU per request, in one process, for reads the
JSON text lane does not write (search, a neighbourhood, global ids, cursors), answered three
ways: the walk over the statement's maps (`CompiledCompletion`, MAILLAGE_FAST_PATH on), the
text lane alone with graphql-core completing the rest, and normal execution (the fast path off).

    .venv/bin/python -m bench.lanes --requests 300 --rounds 3

The graph must hold the seed graph, on the instance NEO4J_INSTANCE names. The figure is the
process's CPU time (`time.process_time`) over the requests sent one after another through the
ASGI app, driver included, so it holds on a busy machine; the rounds alternate the three apps.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import time
from dataclasses import replace
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from starlette.applications import Starlette

from app import create_app
from bench.queries import Q4_MAILLAGE, Q5_MAILLAGE
from schema.completers import _HANDED_BACK
from schema.fastpath import CompiledCompletion
from settings import Settings
from view import MaillageGraphQL

READS: dict[str, tuple[str, dict[str, Any]]] = {
    "Q4 search": (Q4_MAILLAGE, {"text": "formation"}),
    "Q5 neighbourhood": (Q5_MAILLAGE, {"key": "ctpc"}),
    "20 actors with ids": ("{ actors(first: 20) { nodes { id key name kind } } }", {}),
    "20 edges with cursors": ("{ actors(first: 20) { edges { cursor node { key name } } } }", {}),
    "an actor's sectors by fragment": (
        '{ actor(key: "capgemini-engineering-maroc") { key name '
        "... on Company { sectors { key name } } } }",
        {},
    ),
}


class TextOnly(CompiledCompletion):
    """The JSON text lane without the walk: what it does not write, graphql-core completes."""

    def _direct(self, *args: Any) -> Any:
        return _HANDED_BACK

    def _walk(self, *args: Any) -> Any:
        return _HANDED_BACK


def _view(app: Starlette) -> MaillageGraphQL:
    for route in app.routes:
        endpoint = getattr(route, "endpoint", None)
        if isinstance(endpoint, MaillageGraphQL):
            return endpoint
    raise LookupError("no GraphQL route")


async def measure(requests: int, rounds: int) -> None:
    settings = replace(Settings.from_env(), rate_limit=0, debug_cypher=False)
    apps = {
        "walk": create_app(replace(settings, fast_path=True)),
        "text only": create_app(replace(settings, fast_path=True)),
        "normal": create_app(replace(settings, fast_path=False)),
    }
    _view(apps["text only"]).schema.execution_context_class = TextOnly  # type: ignore[attr-defined]
    async with contextlib.AsyncExitStack() as stack:
        clients = {}
        for name, app in apps.items():
            started = await stack.enter_async_context(LifespanManager(app))
            transport = httpx.ASGITransport(app=started.app)
            client = httpx.AsyncClient(transport=transport, base_url="http://bench")
            clients[name] = await stack.enter_async_context(client)
        for read, (query, variables) in READS.items():
            payload = {"query": query, "variables": variables}
            bodies = set()
            figures: dict[str, list[float]] = {name: [] for name in clients}
            for _ in range(rounds):
                for name, client in clients.items():
                    for _ in range(20):
                        bodies.add((await client.post("/graphql", json=payload)).json().__repr__())
                    started_cpu = time.process_time()
                    for _ in range(requests):
                        await client.post("/graphql", json=payload)
                    figures[name].append((time.process_time() - started_cpu) * 1000 / requests)
            if len(bodies) != 1:
                raise SystemExit(f"{read}: the three ways answered differently")
            shown = "   ".join(
                f"{name} {statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"
                for name, values in figures.items()
            )
            print(f"{read:32} CPU ms/request, median (range): {shown}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    asyncio.run(measure(options.requests, options.rounds))


if __name__ == "__main__":
    main()
