"""The synthetic scale graph (`maillage synth`): the seed's model, generated, own instance."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, replace

from neo4j import AsyncManagedTransaction
from rich.table import Table

from errors import DatasetMixError
from graph import brokers, counts, loading, migrations
from graph.db import Db, open_driver, verify
from graph.loading import Batches, GraphCounts
from seeds.loader import to_batches
from seeds.synth_records import records
from settings import Settings

DATASET = "synthetic"
INSTANCE = "synth"
BATCH_SIZE = 5_000
WORKERS = 2  # concurrent batches: the client packs one while Neo4j writes the other


def generate(actors: int, seed: int) -> Batches:
    """The synthetic graph as rows, shaped by the seed loader so the model is the same."""
    return to_batches(records(actors, seed))


@dataclass(frozen=True)
class Report:
    nodes: int
    counts: GraphCounts
    generate_seconds: float
    prepare_seconds: float  # checking, wiping, constraints and indexes
    write_seconds: float
    ranking_seconds: float  # the whole network's broker ranking, computed and stored

    @property
    def relationships(self) -> int:
        return sum(self.counts.relationships.values())

    def render(self) -> Table:
        table = Table(title="Synthetic graph loaded")
        table.add_column("measure")
        table.add_column("value", justify="right")
        table.add_row("nodes", f"{self.nodes:,}")
        table.add_row("relationships", f"{self.relationships:,}")
        table.add_row("generate (s)", f"{self.generate_seconds:.1f}")
        table.add_row("wipe + schema (s)", f"{self.prepare_seconds:.1f}")
        table.add_row("write (s)", f"{self.write_seconds:.1f}")
        table.add_row("broker ranking (s)", f"{self.ranking_seconds:.1f}")
        table.add_row("nodes / s (write)", f"{self.nodes / max(self.write_seconds, 1e-9):,.0f}")
        rels = self.relationships / max(self.write_seconds, 1e-9)
        table.add_row("relationships / s (write)", f"{rels:,.0f}")
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
    """Write the rows, one transaction per batch; the Dataset node claims the database first.
    `fresh`: the database was just wiped (rows are created, not merged)."""
    load_id = uuid.uuid4().hex

    async def claim(tx: AsyncManagedTransaction) -> None:
        await loading.mark_dataset(tx, DATASET, load_id, synthetic=True)

    await db.write_tx(claim)
    await loading.write_batches_each(db, batches, DATASET, load_id, size, workers, fresh)
    await counts.everything(db)
    await db.write_tx(claim)
    return await loading.counts(db)


async def load_with_settings(settings: Settings, actors: int, seed: int) -> Report:
    """Generate, then replace the synth instance's content with the synthetic graph."""
    if settings.neo4j_instance != INSTANCE:
        raise DatasetMixError(
            f"The synthetic graph goes only into the {INSTANCE!r} instance, "
            f"not {settings.neo4j_instance!r} (data sets never mix)."
        )
    started = time.perf_counter()
    batches = generate(actors, seed)
    generated = time.perf_counter()
    # A batch job: long statement timeout and retry time (deadlocked batches are retried).
    driver = open_driver(replace(settings, query_timeout=600.0))
    try:
        await verify(driver, settings)
        db = Db(driver, settings.neo4j_database, 600.0)
        await refuse_foreign_data(db)
        await loading.wipe(db)
        await migrations.apply(db)
        prepared = time.perf_counter()
        counts = await write(db, batches, fresh=True)
        done = time.perf_counter()
        await brokers.refresh(db)
        ranked = time.perf_counter()
        nodes = (await loading.holdings(db)).nodes
    finally:
        await driver.close()
    return Report(
        nodes, counts, generated - started, prepared - generated, done - prepared, ranked - done
    )
