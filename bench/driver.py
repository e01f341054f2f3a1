"""One read sent several ways through the async driver: a managed transaction, auto-commit,
auto-commit on a kept session, and Maillage's own door (`Db.read_value`).

    maillage db start --instance synth && maillage synth     # once
    .venv/bin/python -m bench.driver [--requests 2400] [--concurrency 8] [--rounds 3]

A managed transaction (`execute_query`) sends BEGIN, RUN, PULL and COMMIT; an auto-commit read
(`graph.db.run_read`, what Maillage and the bench floor use) sends RUN and PULL. A kept session
(one per worker, reused read after read) saves opening one per read; `Db.read_value` adds what
Maillage wraps around `run_read` (the call's bound, the shield that lets a cancelled request's
read finish, the trace of round trips). The same one-row statement (an actor with ten
agreement keys) runs with each, in alternating rounds;
printed per way: client CPU per read and reads per second. The synth instance is used unless
NEO4J_URI or NEO4J_INSTANCE is set.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from collections.abc import Awaitable, Callable

import neo4j
from rich.console import Console
from rich.table import Table

from graph.db import Db, open_driver, run_read
from settings import Settings

STATEMENT = (
    "MATCH (a:Actor {key: $key}) RETURN {key: a.key, name: a.nameFr, "
    "agreements: COLLECT { MATCH (a)-[:PARTY_TO]->(g) RETURN g.key LIMIT 10 }} AS value"
)


async def measure(
    read: Callable[[int], Awaitable[object]], requests: int, concurrency: int
) -> tuple[float, float]:
    """Client CPU milliseconds per read and reads per second, `concurrency` at a time."""
    per_worker = requests // concurrency

    async def worker(offset: int) -> None:
        for index in range(per_worker):
            await read(offset * per_worker + index)

    cpu, wall = time.process_time(), time.perf_counter()
    await asyncio.gather(*(worker(n) for n in range(concurrency)))
    done = per_worker * concurrency
    return (time.process_time() - cpu) / done * 1000, done / (time.perf_counter() - wall)


async def main(options: argparse.Namespace) -> None:
    os.environ.setdefault("NEO4J_INSTANCE", "synth")
    settings = Settings.from_env()
    driver = open_driver(settings)
    database = settings.neo4j_database
    query = neo4j.Query(STATEMENT, timeout=settings.query_timeout)
    try:
        records, _, _ = await driver.execute_query(
            "MATCH (a:Actor) RETURN a.key AS key ORDER BY a.key LIMIT 100", database_=database
        )
        keys = [record["key"] for record in records]
        if not keys:
            raise SystemExit("the graph holds no actor: load it first (`maillage synth`)")

        async def managed(index: int) -> object:
            params = {"key": keys[index % len(keys)]}
            return await driver.execute_query(
                query, params, routing_=neo4j.RoutingControl.READ, database_=database
            )

        async def auto_commit(index: int) -> object:
            return await run_read(driver, query, {"key": keys[index % len(keys)]}, database)

        sessions: dict[object, neo4j.AsyncSession] = {}  # one per worker: never shared at once

        async def kept_session(index: int) -> object:
            worker = asyncio.current_task()
            session = sessions.get(worker)
            if session is None:
                session = sessions[worker] = driver.session(
                    database=database, default_access_mode=neo4j.READ_ACCESS
                )
            result = await session.run(query, {"key": keys[index % len(keys)]})
            return (await result.to_eager_result()).records

        db = Db(driver, database, settings.query_timeout)

        async def door(index: int) -> object:
            db.calls.clear()
            return await db.read_value(STATEMENT, key=keys[index % len(keys)])

        ways = {
            "managed (execute_query)": managed,
            "auto-commit (run_read)": auto_commit,
            "auto-commit, kept session": kept_session,
            "Maillage's door (Db.read_value)": door,
        }
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in ways}
        for _ in range(options.rounds):
            for name, read in ways.items():
                await measure(read, options.concurrency * 20, options.concurrency)  # warm-up
                results[name].append(await measure(read, options.requests, options.concurrency))
        for session in sessions.values():
            await session.close()
    finally:
        await driver.close()
    table = Table(title=f"{options.requests} reads per round, concurrency {options.concurrency}")
    for column in ("way", "client CPU ms/read (best)", "reads/s (best)", "rounds"):
        table.add_column(column)
    for name, runs in results.items():
        cpu = min(run[0] for run in runs)
        rate = max(run[1] for run in runs)
        table.add_row(name, f"{cpu:.3f}", f"{rate:.0f}", str(len(runs)))
    Console().print(table)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2400)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    asyncio.run(main(parser.parse_args()))
