"""Load the validated seed files into Neo4j in one transaction; repeating a load changes nothing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from neo4j import AsyncManagedTransaction
from rich.table import Table

from graph import counts, loading, migrations
from graph.db import Db, open_driver, verify
from graph.loading import Batches, GraphCounts
from graph.text import fold
from seeds import models
from seeds.reader import DATA_DIR, SeedData, read_seed, year_of
from settings import Settings

DATASET = "seed"


def provenance(record: models.Sourced) -> dict[str, Any]:
    return {"sources": list(record.sources), "confidence": record.confidence, "note": record.note}


def to_batches(data: SeedData) -> Batches:
    """Shape validated records into rows per label and relationship type."""
    b = Batches()
    for source in data.sources:
        add_source(b, source)
    for region in data.regions:
        b.node("Region", region.key, region.model_dump(exclude={"key"}))
    for city in data.cities:
        b.node("City", city.key, city.model_dump(exclude={"key", "region"}))
        if city.region:
            b.rel("IN_REGION", city.key, city.region, provenance(city))
    for site in data.sites:
        add_site(b, site)
    for sector in data.sectors:
        b.node("Sector", sector.key, sector.model_dump(exclude={"key"}))
    for theme in data.themes:
        add_theme(b, theme)
    for actor in data.actors:
        add_actor(b, actor)
    for link in data.links:
        add_link(b, link)
    for agreement in data.agreements:
        add_agreement(b, agreement)
    for project in data.projects:
        add_project(b, project)
    for competency in data.competencies:
        add_competency(b, competency)
    return b


# One function per record kind, shared by the seed load and curated writes (graph/curation).


def add_source(b: Batches, source: models.Source) -> None:
    props = source.model_dump(exclude={"key"})
    b.node("Source", source.key, {**props, "sources": [source.key]})


def add_theme(b: Batches, theme: models.Theme) -> None:
    props = theme.model_dump(exclude={"key", "broader"})
    props.update(
        synonymText=" | ".join(theme.synonyms),
        labelFrFold=fold(theme.labelFr),
        labelEnFold=fold(theme.labelEn),
        synonymFolds=[fold(synonym) for synonym in theme.synonyms],
    )
    b.node("Theme", theme.key, props)
    for broader in theme.broader:
        b.rel("BROADER", theme.key, broader, provenance(theme))


def add_site(b: Batches, site: models.Site) -> None:
    props = site.model_dump(exclude={"key", "city"})
    props.update(nameFrFold=fold(site.nameFr), nameEnFold=fold(site.nameEn))
    b.node("Site", site.key, props)
    b.rel("SITE_IN", site.key, site.city, provenance(site))


def former_name_props(names: list[models.FormerName]) -> dict[str, Any]:
    """Former names as parallel lists (a node property cannot hold maps); empty text = none."""
    if not names:
        return {}
    return {
        "formerNames": [name.name for name in names],
        "formerNamePeriods": [period(name.fromYear, name.untilYear) for name in names],
        "formerNameConfidences": [name.confidence for name in names],
        "formerNameNotes": [name.note or "" for name in names],
        "formerNameText": " | ".join(name.name for name in names),
        "formerNameFolds": [fold(name.name) for name in names],
    }


def period(since: int | None, until: int | None) -> str:
    """'1995', '2019-2021', '-2017' (until), '2010-' (from), or '' when no year is known."""
    if since and since == until:
        return str(since)
    return f"{since or ''}-{until or ''}" if since or until else ""


def amount_props(amounts: list[models.Amount]) -> dict[str, Any]:
    """Amounts (MDH) as parallel lists, like former names."""
    if not amounts:
        return {}
    return {
        "amountMdh": [amount.mdh for amount in amounts],
        "amountLabels": [amount.label for amount in amounts],
        "amountConfidences": [amount.confidence for amount in amounts],
        "amountNotes": [amount.note or "" for amount in amounts],
    }


def add_link(b: Batches, link: models.Link) -> None:
    props = {**provenance(link), "sinceYear": year_of(link.since)}
    b.rel(link.type.name, link.from_, link.to, props)


def add_competency(b: Batches, competency: models.Competency) -> None:
    props = {**provenance(competency), "evidence": competency.evidence}
    props.update(sinceYear=year_of(competency.since), standard=competency.standard)
    b.rel("HAS_COMPETENCY", competency.actor, competency.theme, props)


def add_actor(b: Batches, actor: models.Actor) -> None:
    props = actor.model_dump(
        exclude={"key", "city", "sites", "sectors", "founded", "formerNames", "translated"}
    )
    props["kind"] = actor.kind.value
    props["foundedYear"] = year_of(actor.founded)
    props.update(
        sortName=fold(actor.nameFr),
        nameEnFold=fold(actor.nameEn),
        acronymFold=fold(actor.acronym) if actor.acronym else None,
        translated=list(actor.translated) or None,
        **former_name_props(actor.formerNames),
    )
    b.node("Actor", actor.key, props, extra=models.ACTOR_LABELS[actor.kind])
    if actor.city:
        b.rel("LOCATED_IN", actor.key, actor.city, provenance(actor))
    for site in actor.sites:
        b.rel("LOCATED_AT", actor.key, site, provenance(actor))
    for sector in actor.sectors:
        b.rel("IN_SECTOR", actor.key, sector, provenance(actor))


def _members(b: Batches, rel_type: str, record: models.Agreement | models.Project) -> None:
    members = record.parties if isinstance(record, models.Agreement) else record.participants
    for member in members:
        props = provenance(record)
        if member.confidence == "uncertain":
            props.update(confidence="uncertain", note=member.note or record.note)
        elif member.note:
            props["note"] = member.note
        props.update(role=member.role, person=member.person)
        b.rel(rel_type, member.actor, record.key, props)


def add_agreement(b: Batches, agreement: models.Agreement) -> None:
    props = agreement.model_dump(
        exclude={"key", "place", "site", "parent", "parties", "themes", "amounts", "datePrecision"}
    )
    props["kind"] = agreement.kind.value
    props.update(_precision(agreement.datePrecision), **amount_props(agreement.amounts))
    props.update(titleFrFold=fold(agreement.titleFr), titleEnFold=fold(agreement.titleEn))
    b.node("Agreement", agreement.key, props)
    _members(b, "PARTY_TO", agreement)
    if agreement.parent:
        b.rel("UNDER", agreement.key, agreement.parent, provenance(agreement))
    if agreement.place:
        b.rel("SIGNED_IN", agreement.key, agreement.place, provenance(agreement))
    if agreement.site:
        b.rel("SIGNED_AT", agreement.key, agreement.site, provenance(agreement))
    for theme in agreement.themes:
        b.rel("COVERS", agreement.key, theme, provenance(agreement))


def add_project(b: Batches, project: models.Project) -> None:
    props = project.model_dump(
        exclude={"key", "agreement", "site", "participants", "themes", "amounts", "datePrecision"}
    )
    props["status"] = project.status.value
    props.update(_precision(project.datePrecision), **amount_props(project.amounts))
    props.update(titleFrFold=fold(project.titleFr), titleEnFold=fold(project.titleEn))
    b.node("Project", project.key, props)
    _members(b, "PARTICIPATES_IN", project)
    if project.agreement:
        b.rel("FRAMED_BY", project.key, project.agreement, provenance(project))
    if project.site:
        b.rel("HELD_AT", project.key, project.site, provenance(project))
    for theme in project.themes:
        b.rel("ADDRESSES", project.key, theme, provenance(project))


def _precision(precision: str) -> dict[str, Any]:
    """Only a date the sources give in part is marked; a full date carries nothing."""
    return {} if precision == "day" else {"datePrecision": precision}


@dataclass(frozen=True)
class Summary:
    counts: GraphCounts

    def render(self) -> Table:
        table = Table(title="Seed graph loaded")
        table.add_column("kind")
        table.add_column("name")
        table.add_column("count", justify="right")
        for label, count in sorted(self.counts.nodes.items()):
            table.add_row("node", label, str(count))
        for rel_type, count in sorted(self.counts.relationships.items()):
            table.add_row("relationship", rel_type, str(count))
        return table


async def load(db: Db, directory: Path = DATA_DIR) -> Summary:
    """Validate everything first; then write it all in one transaction (all or nothing)."""
    batches = to_batches(read_seed(directory))
    load_id = uuid.uuid4().hex

    async def work(tx: AsyncManagedTransaction) -> None:
        await loading.write_batches(tx, batches, DATASET, load_id, size=1000)
        await loading.remove_stale(tx, DATASET, load_id)
        await loading.mark_dataset(tx, DATASET, load_id, synthetic=False)

    await db.write_tx(work)
    await counts.everything(db)
    return Summary(await loading.counts(db))


async def load_with_settings(settings: Settings, directory: Path = DATA_DIR) -> Summary:
    driver = open_driver(settings)
    try:
        await verify(driver, settings)
        db = Db(driver, settings.neo4j_database, 300.0)
        await migrations.apply(db)
        return await load(db, directory)
    finally:
        await driver.close()
