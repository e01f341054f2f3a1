"""The synthetic scale graph (`maillage synth`): the seed's model, generated, own instance."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import shutil
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from neo4j import AsyncManagedTransaction
from rich.table import Table

from errors import DatasetMixError
from graph import betweenness, brokers, counts, loading, migrations
from graph.db import Db, open_driver, verify
from graph.loading import Batches, GraphCounts
from scripts import neo4j_import, neo4j_server
from seeds import bulk_files
from seeds.synth_records import NODE_COLUMNS, REL_COLUMNS, Sink, stream
from settings import Settings

DATASET = "synthetic"
INSTANCE = "synth"
BATCH_SIZE = 5_000
WORKERS = 2  # concurrent batches: the client packs one while Neo4j writes the other
T = TypeVar("T")


def generate(actors: int, seed: int) -> Batches:
    """The synthetic graph as rows in memory (the rows the seed loader makes of such records),
    for the Bolt writes."""
    batches = Batches()
    stream(actors, seed, batches)
    return batches


class _Memberships:
    """Passes rows on to `sink`, keeping the actors of each agreement and project: the groups
    the broker ranking is computed from (`graph.brokers`, whole network)."""

    def __init__(self, sink: Sink) -> None:
        self.sink = sink
        self.items: dict[str, list[str]] = {}

    def node(
        self, label: str, key: str, props: Mapping[str, Any], extra: str | None = None
    ) -> None:
        self.sink.node(label, key, props, extra)

    def rel(self, rel_type: str, source: str, target: str, props: Mapping[str, Any]) -> None:
        self.sink.rel(rel_type, source, target, props)
        if rel_type in _MEMBERSHIPS:
            self.items.setdefault(target, []).append(source)

    def groups(self) -> list[list[str]]:
        return [keys for keys in self.items.values() if len(keys) > 1]


_MEMBERSHIPS = frozenset({"PARTY_TO", "PARTICIPATES_IN"})


def write_files(
    actors: int, seed: int, directory: Path, load_id: str
) -> tuple[bulk_files.ImportFiles, list[list[str]]]:
    """The synthetic graph straight into import files, with its kept counts, as it is drawn;
    and the actors of each agreement and project (for the broker ranking)."""
    writer = bulk_files.ImportWriter(
        directory, DATASET, load_id, NODE_COLUMNS, REL_COLUMNS, counted=True
    )
    memberships = _Memberships(writer)
    stream(actors, seed, memberships)
    return writer.close(), memberships.groups()


@dataclass(frozen=True)
class Report:
    nodes: int
    counts: GraphCounts
    method: str  # "offline import" or "Bolt writes"
    seconds: dict[str, float]  # per phase, in order

    @property
    def relationships(self) -> int:
        return sum(self.counts.relationships.values())

    def render(self) -> Table:
        table = Table(title=f"Synthetic graph loaded ({self.method})")
        table.add_column("measure")
        table.add_column("value", justify="right")
        table.add_row("nodes", f"{self.nodes:,}")
        table.add_row("relationships", f"{self.relationships:,}")
        for phase, seconds in self.seconds.items():
            table.add_row(f"{phase} (s)", f"{seconds:.1f}")
        table.add_row("total (s)", f"{sum(self.seconds.values()):.1f}")
        return table


async def refuse_foreign_data(db: Db) -> None:
    """Only an empty database or one holding just the synthetic data set may be wiped."""
    held = await loading.holdings(db)
    others = sorted(key for key, synthetic in held.datasets.items() if not synthetic)
    if others or (held.nodes and DATASET not in held.datasets):
        what = f"the data set(s) {', '.join(others)}" if others else f"{held.nodes} other nodes"
        raise DatasetMixError(
            f"Database {db.database!r} holds {what}; the synthetic graph only replaces an empty "
            "database or an earlier synthetic graph (data sets never mix)."
        )


async def write(
    db: Db, batches: Batches, size: int = BATCH_SIZE, workers: int = WORKERS, fresh: bool = False
) -> GraphCounts:
    """Write the rows over Bolt, one transaction per batch; the Dataset node claims the
    database first. `fresh`: the database was just wiped (rows are created, not merged, and
    the kept counts come with the rows instead of a recount)."""
    load_id = uuid.uuid4().hex

    async def claim(tx: AsyncManagedTransaction) -> None:
        await loading.mark_dataset(tx, DATASET, load_id, synthetic=True)

    await db.write_tx(claim)
    rows = counts.of_rows(batches) if fresh else batches
    await loading.write_batches_each(db, rows, DATASET, load_id, size, workers, fresh)
    if not fresh:
        await counts.everything(db)
    await db.write_tx(claim)
    return await loading.counts(db)


async def _claim(db: Db, load_id: str) -> None:
    async def claim(tx: AsyncManagedTransaction) -> None:
        await loading.mark_dataset(tx, DATASET, load_id, synthetic=True)

    await db.write_tx(claim)


class _Clock:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.last = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.seconds[phase] = now - self.last
        self.last = now


async def _with_db(settings: Settings, work: Callable[[Db], Awaitable[T]]) -> T:
    # A batch job: long statement timeout and retry time (deadlocked batches are retried).
    batch = replace(settings, query_timeout=600.0)
    driver = open_driver(batch)
    try:
        await verify(driver, batch)
        return await work(Db(driver, settings.neo4j_database, 600.0))
    finally:
        await driver.close()


async def _held(db: Db) -> tuple[int, GraphCounts]:
    return (await loading.holdings(db)).nodes, await loading.counts(db)


async def _offline(
    settings: Settings, actors: int, seed: int, clock: _Clock
) -> tuple[int, GraphCounts]:
    """Files as the graph is drawn, then Neo4j's offline importer on the stopped instance,
    then indexes. Neo4j shuts down while the graph is drawn (the import replaces its
    database), and the broker ranking is computed from the drawn memberships while Neo4j
    imports and starts."""
    load_id = uuid.uuid4().hex
    directory = settings.instance_dir / "import" / f"synthetic-{load_id}"
    loop = asyncio.get_running_loop()
    stopping = loop.run_in_executor(None, neo4j_server.stop, settings)
    try:
        files, groups = write_files(actors, seed, directory, load_id)
        clock.lap("generate + write import files")
        await stopping
        clock.lap("stop (after drawing)")
        ranking = loop.run_in_executor(None, partial(betweenness.rank, groups, brokers.KEPT))
        await loop.run_in_executor(None, neo4j_import.import_full, settings, files)
        clock.lap("offline import")
    finally:
        with contextlib.suppress(Exception):  # a failed stop was raised above, if it came to that
            await stopping
        shutil.rmtree(directory, ignore_errors=True)
        await loop.run_in_executor(None, neo4j_server.start, settings)
    clock.lap("restart")

    async def finish(db: Db) -> tuple[int, GraphCounts]:
        # Neo4j fills the indexes while the rest is written.
        await migrations.apply(db, wait=False)
        await loading.write_leftovers(db, files.later, DATASET, load_id)
        await _claim(db, load_id)
        clock.lap("constraints + indexes created, leftovers")
        await brokers.store(db, await ranking, dt.datetime.now(dt.UTC))
        clock.lap("broker ranking (what was left of it)")
        await migrations.settle(db)
        clock.lap("indexes online")
        return await _held(db)

    return await _with_db(settings, finish)


async def _bolt(db: Db, batches: Batches, clock: _Clock) -> tuple[int, GraphCounts]:
    await loading.wipe(db)
    await migrations.apply(db)
    clock.lap("wipe + schema")
    await write(db, batches, fresh=True)
    clock.lap("write (Bolt)")
    await brokers.refresh(db)
    clock.lap("broker ranking")
    return await _held(db)


async def load_with_settings(
    settings: Settings, actors: int, seed: int, offline: bool | None = None
) -> Report:
    """Generate, then replace the synth instance's content with the synthetic graph: with
    Neo4j's offline importer when the instance is local (`offline` None or True), else with
    batched Bolt writes."""
    if settings.neo4j_instance != INSTANCE:
        raise DatasetMixError(
            f"The synthetic graph goes only into the {INSTANCE!r} instance, "
            f"not {settings.neo4j_instance!r} (data sets never mix)."
        )
    offline = settings.provisioned if offline is None else offline
    clock = _Clock()
    held_before = True
    if offline and settings.provisioned and not neo4j_server.status(settings).running:
        held_before = neo4j_server.holds_database(settings)
        if held_before:
            neo4j_server.start(settings)
        else:
            neo4j_server.prepare(settings)  # a new instance: nothing to check or to stop
    if held_before:
        await _with_db(settings, refuse_foreign_data)
    clock.lap("check what the instance holds")
    if offline:
        nodes, counted = await _offline(settings, actors, seed, clock)
    else:
        batches = generate(actors, seed)
        clock.lap("generate")
        nodes, counted = await _with_db(settings, partial(_bolt, batches=batches, clock=clock))
    return Report(nodes, counted, "offline import" if offline else "Bolt writes", clock.seconds)
