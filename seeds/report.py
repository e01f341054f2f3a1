"""The data report (`maillage seed --report`): what the seed graph holds and how sure it is."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group
from rich.table import Table

from graph import loading, migrations, report
from graph.db import Db, open_driver, verify
from graph.loading import GraphCounts
from seeds import idmap
from seeds.idmap import IdMap
from settings import Settings

DATASET = "seed"
TOP_SOURCES = 15


@dataclass(frozen=True)
class DataReport:
    counts: GraphCounts
    figures: report.Figures
    idmap: IdMap
    missing: list[str]

    @property
    def uncertain_share(self) -> float:
        return self.figures.uncertain / self.figures.items if self.figures.items else 0.0

    def render(self) -> Group:
        return Group(self._counts(), self._kinds(), self._certainty(), self._sources(), self._ids())

    def _counts(self) -> Table:
        table = Table(title="Nodes and relationships")
        table.add_column("kind")
        table.add_column("name")
        table.add_column("count", justify="right")
        for label, count in sorted(self.counts.nodes.items()):
            if label in loading.NODE_LABELS:
                table.add_row("node", label, str(count))
        for rel_type, count in sorted(self.counts.relationships.items()):
            if rel_type in loading.REL_SHAPES:
                table.add_row("relationship", rel_type, str(count))
        return table

    def _kinds(self) -> Table:
        table = Table(title="Actors per kind")
        table.add_column("kind")
        table.add_column("actors", justify="right")
        for kind, count in self.figures.actor_kinds.items():
            table.add_row(kind, str(count))
        return table

    def _certainty(self) -> Table:
        table = Table(title="Certainty (nodes and relationships stating facts)")
        table.add_column("items", justify="right")
        table.add_column("uncertain", justify="right")
        table.add_column("share", justify="right")
        table.add_row(
            str(self.figures.items), str(self.figures.uncertain), f"{self.uncertain_share:.1%}"
        )
        return table

    def _sources(self) -> Table:
        per_source = self.figures.per_source
        table = Table(
            title=f"Items per source ({self.figures.sources} sources; the {TOP_SOURCES} most "
            f"cited, then how many sources back 1, 2-4 and 5+ items)"
        )
        table.add_column("source")
        table.add_column("items", justify="right")
        for key, count in list(per_source.items())[:TOP_SOURCES]:
            table.add_row(key, str(count))
        counts = list(per_source.values())
        for label, low, high in (("0 items", 0, 0), ("1 item", 1, 1), ("2-4", 2, 4)):
            table.add_row(f"sources with {label}", str(sum(low <= c <= high for c in counts)))
        table.add_row("sources with 5+", str(sum(c >= 5 for c in counts)))
        return table

    def _ids(self) -> Table:
        entries = self.idmap.entries()
        excluded = self.idmap.excluded()
        table = Table(
            title=f"Fact ids: {len(entries)} ({len(entries) - len(excluded)} mapped to "
            f"{len(self.idmap.elements())} elements, {len(excluded)} excluded; "
            f"{len(self.missing)} mapped elements missing)"
        )
        table.add_column("id")
        table.add_column("file")
        table.add_column("excluded because")
        files = {"facts": "FACTS.md", "facts2": "FACTS-2.md", "facts2_existing": "FACTS-2.md"}
        for section, entry in excluded:
            table.add_row(entry.id, files[section], entry.excluded or "")
        for ref in self.missing:
            table.add_row("missing", "", ref)
        return table


async def check_idmap(db: Db, mapped: IdMap) -> list[str]:
    """The mapped elements that are not in the graph."""
    nodes, rels = [], []
    for element in mapped.elements():
        wanted = {"ref": str(element), "prop": element.prop}
        if element.kind == "node":
            nodes.append({**wanted, "label": element.name, "key": element.key})
        else:
            rels.append({**wanted, "type": element.name, "start": element.key, "end": element.end})
    return await report.missing(db, nodes, rels)


async def build(db: Db) -> DataReport:
    mapped = idmap.read()
    return DataReport(
        counts=await loading.counts(db),
        figures=await report.figures(db, DATASET),
        idmap=mapped,
        missing=await check_idmap(db, mapped),
    )


async def load_and_report(settings: Settings) -> DataReport:
    """Load the seed (as `maillage seed` does), then report on the graph it left."""
    from seeds import loader

    driver = open_driver(settings)
    try:
        await verify(driver, settings)
        db = Db(driver, settings.neo4j_database, 300.0)
        await migrations.apply(db)
        await loader.load(db)
        return await build(db)
    finally:
        await driver.close()
