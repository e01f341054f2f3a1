"""Constraints and indexes, created idempotently at start-up and before loading."""

from __future__ import annotations

from typing import LiteralString

from graph import counts
from graph.db import Db, open_driver, verify
from settings import Settings

KEYED_LABELS: tuple[LiteralString, ...] = (
    "Actor", "Agreement", "Project", "Theme", "Sector", "City", "Site", "Region", "Source",
)  # fmt: skip

STATEMENTS: tuple[LiteralString, ...] = (
    "CREATE CONSTRAINT actor_key IF NOT EXISTS FOR (n:Actor) REQUIRE n.key IS UNIQUE",
    "CREATE CONSTRAINT agreement_key IF NOT EXISTS FOR (n:Agreement) REQUIRE n.key IS UNIQUE",
    "CREATE CONSTRAINT project_key IF NOT EXISTS FOR (n:Project) REQUIRE n.key IS UNIQUE",
    "CREATE CONSTRAINT theme_key IF NOT EXISTS FOR (n:Theme) REQUIRE n.key IS UNIQUE",
    "CREATE CONSTRAINT sector_key IF NOT EXISTS FOR (n:Sector) REQUIRE n.key IS UNIQUE",
    "CREATE CONSTRAINT city_key IF NOT EXISTS FOR (n:City) REQUIRE n.key IS UNIQUE",
    "CREATE CONSTRAINT site_key IF NOT EXISTS FOR (n:Site) REQUIRE n.key IS UNIQUE",
    "CREATE CONSTRAINT region_key IF NOT EXISTS FOR (n:Region) REQUIRE n.key IS UNIQUE",
    "CREATE CONSTRAINT source_key IF NOT EXISTS FOR (n:Source) REQUIRE n.key IS UNIQUE",
    "CREATE CONSTRAINT dataset_key IF NOT EXISTS FOR (n:Dataset) REQUIRE n.key IS UNIQUE",
    "CREATE CONSTRAINT api_key_id IF NOT EXISTS FOR (n:ApiKey) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT api_key_name IF NOT EXISTS FOR (n:ApiKey) REQUIRE n.name IS UNIQUE",
    "CREATE CONSTRAINT change_id IF NOT EXISTS FOR (n:Change) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT idempotency_key IF NOT EXISTS FOR (n:IdempotencyKey) "
    "REQUIRE (n.principal, n.key) IS UNIQUE",
    "CREATE INDEX change_at IF NOT EXISTS FOR (n:Change) ON (n.at, n.id)",
    "CREATE INDEX change_entity_key IF NOT EXISTS FOR (n:Change) ON (n.entityKey)",
    "CREATE INDEX actor_kind IF NOT EXISTS FOR (n:Actor) ON (n.kind)",
    "CREATE INDEX actor_sort_name IF NOT EXISTS FOR (n:Actor) ON (n.sortName)",
    "CREATE INDEX actor_founded IF NOT EXISTS FOR (n:Actor) ON (n.foundedYear)",
    "CREATE INDEX agreement_signed IF NOT EXISTS FOR (n:Agreement) ON (n.signedOn)",
    "CREATE INDEX agreement_kind IF NOT EXISTS FOR (n:Agreement) ON (n.kind)",
    "CREATE INDEX project_status IF NOT EXISTS FOR (n:Project) ON (n.status)",
    # The kept counts (graph/counts.py), so that sorting by them reads an index in order.
    "CREATE INDEX actor_agreement_count IF NOT EXISTS FOR (n:Actor) ON (n.agreementCount)",
    "CREATE INDEX actor_project_count IF NOT EXISTS FOR (n:Actor) ON (n.projectCount)",
    "CREATE INDEX agreement_party_count IF NOT EXISTS FOR (n:Agreement) ON (n.partyCount)",
    "CREATE INDEX project_participant_count IF NOT EXISTS FOR (n:Project) ON (n.participantCount)",
    "CREATE INDEX theme_actor_count IF NOT EXISTS FOR (n:Theme) ON (n.actorCount)",
    "CREATE FULLTEXT INDEX actor_text IF NOT EXISTS FOR (n:Actor) "
    "ON EACH [n.nameFr, n.nameEn, n.nameAr, n.acronym, n.formerNameText, n.description, "
    "n.descriptionFr, n.key] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}}",
    "CREATE FULLTEXT INDEX agreement_text IF NOT EXISTS FOR (n:Agreement) "
    "ON EACH [n.titleFr, n.titleEn, n.summary, n.summaryFr, n.key] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}}",
    "CREATE FULLTEXT INDEX project_text IF NOT EXISTS FOR (n:Project) "
    "ON EACH [n.titleFr, n.titleEn, n.summary, n.key] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}}",
    "CREATE FULLTEXT INDEX theme_text IF NOT EXISTS FOR (n:Theme) "
    "ON EACH [n.labelFr, n.labelEn, n.labelAr, n.synonymText, n.key] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}}",
    "CREATE FULLTEXT INDEX sector_text IF NOT EXISTS FOR (n:Sector) "
    "ON EACH [n.nameFr, n.nameEn, n.key] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}}",
)


# The fields of actor_text; an older actor_text without French descriptions and former names
# is dropped first, so that its CREATE ... IF NOT EXISTS builds this one.
ACTOR_TEXT_FIELDS = [
    "nameFr", "nameEn", "nameAr", "acronym", "formerNameText", "description", "descriptionFr",
    "key",
]  # fmt: skip


async def _drop_outdated(db: Db) -> None:
    rows = await db.read(
        "SHOW FULLTEXT INDEXES YIELD name, properties WHERE name = 'actor_text' RETURN properties"
    )
    if rows and list(rows[0]["properties"]) != ACTOR_TEXT_FIELDS:
        await db.write("DROP INDEX actor_text IF EXISTS")


async def apply(db: Db, wait: bool = True) -> int:
    """Run every statement (each is idempotent) and wait until the indexes are online
    (`wait` False: the caller calls `settle` once it has other work done meanwhile)."""
    await _drop_outdated(db)
    for statement in STATEMENTS:
        await db.write(statement)
    if wait:
        await settle(db)
    return len(STATEMENTS)


async def settle(db: Db) -> None:
    """Wait until the indexes are online, then count the nodes written without counts."""
    await db.write("CALL db.awaitIndexes(300)")
    await counts.backfill(db)


async def apply_with_settings(settings: Settings) -> int:
    driver = open_driver(settings)
    try:
        await verify(driver, settings)
        return await apply(Db(driver, settings.neo4j_database, 300.0))
    finally:
        await driver.close()
