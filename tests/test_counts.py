"""Relationship counts kept on the nodes stay right after every kind of write."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from neo4j import AsyncDriver

from graph import counts
from graph.db import Db
from graph.diffs import Meta
from seeds import importer
from settings import Settings
from tests.api_helpers import data
from tests.conftest import gql
from tests.curation_helpers import call, cypher, result
from tests.test_mutations import (
    ADD_COMPETENCY,
    CREATE_ACTOR,
    DELETE_ACTOR,
    RECORD_AGREEMENT,
    UPDATE_ACTOR,
    actor_input,
    agreement_input,
)

pytestmark = pytest.mark.usefixtures("seeded", "curation_undone")

SOURCE = "article-2025-10-16"
# Every node whose kept count differs from the count of its relationships now.
WRONG = """
CALL () { MATCH (a:Actor)
  WHERE a.agreementCount IS NULL OR a.projectCount IS NULL
     OR a.agreementCount <> COUNT { (a)-[:PARTY_TO]->(:Agreement) }
     OR a.projectCount <> COUNT { (a)-[:PARTICIPATES_IN]->(:Project) }
  RETURN collect(a.key) AS actors }
CALL () { MATCH (g:Agreement)
  WHERE g.partyCount IS NULL OR g.partyCount <> COUNT { (g)<-[:PARTY_TO]-(:Actor) }
  RETURN collect(g.key) AS agreements }
CALL () { MATCH (p:Project)
  WHERE p.participantCount IS NULL
     OR p.participantCount <> COUNT { (p)<-[:PARTICIPATES_IN]-(:Actor) }
  RETURN collect(p.key) AS projects }
CALL () { MATCH (t:Theme)
  WHERE t.actorCount IS NULL OR t.actorCount <> COUNT { (t)<-[:HAS_COMPETENCY]-(:Actor) }
  RETURN collect(t.key) AS themes }
RETURN actors, agreements, projects, themes"""
LINK = """mutation ($input: LinkInput!) { linkActors(input: $input) {
  __typename ... on MutationError { code message } } }"""
JOIN = """mutation ($input: ParticipationInput!) { addParticipation(input: $input) {
  __typename ... on MutationError { code message } } }"""
BY_AGREEMENTS = """{ actors(first: 10, orderBy: [{field: AGREEMENT_COUNT, direction: DESC}]) {
  nodes { key } } }"""
LIVE_ORDER = """MATCH (a:Actor) WITH a, COUNT { (a)-[:PARTY_TO]->(:Agreement) } AS n
ORDER BY n DESC, a.key LIMIT 10 RETURN collect(a.key) AS keys"""


async def assert_counts_right(driver: AsyncDriver, settings: Settings, after: str) -> None:
    wrong = (await cypher(driver, settings, WRONG))[0]
    assert wrong == {"actors": [], "agreements": [], "projects": [], "themes": []}, after


async def test_counts_follow_every_kind_of_write(
    client: httpx.AsyncClient, editor: str, driver: AsyncDriver, settings: Settings
) -> None:
    await assert_counts_right(driver, settings, "the seed load")
    steps: list[tuple[str, str, dict[str, Any], str]] = [
        ("createActor", CREATE_ACTOR, {"input": actor_input("count-lab")}, "create actor"),
        (
            "recordAgreement",
            RECORD_AGREEMENT,
            {
                "input": agreement_input(
                    parties=[
                        {"actor": "cid", "role": "signatory"},
                        {"actor": "count-lab", "role": "partner"},
                    ]
                )
            },
            "record agreement",
        ),
        (
            "addParticipation",
            JOIN,
            {
                "input": {
                    "actor": "count-lab",
                    "project": "cetiev-2-0",
                    "role": "trainer",
                    "sources": [SOURCE],
                }
            },
            "participation",
        ),
        (
            "linkActors",
            LINK,
            {
                "input": {
                    "from": "count-lab",
                    "type": "MEMBER_OF",
                    "to": "amica",
                    "sources": [SOURCE],
                }
            },
            "link",
        ),
        (
            "addCompetency",
            ADD_COMPETENCY,
            {
                "input": {
                    "actor": "count-lab",
                    "theme": "decarbonisation",
                    "evidence": "Pilot.",
                    "sources": [SOURCE],
                }
            },
            "competency",
        ),
        (
            "updateActor",
            UPDATE_ACTOR,
            {"key": "count-lab", "input": {"nameFr": "Laboratoire Compte", "sources": [SOURCE]}},
            "update actor",
        ),
    ]
    for name, mutation, variables, what in steps:
        payload = result(await call(client, mutation, variables, editor), name)
        assert payload.get("__typename") != "MutationError", (what, payload)
        await assert_counts_right(driver, settings, what)
    held = await cypher(
        driver,
        settings,
        "MATCH (a:Actor {key: 'count-lab'}) RETURN a.agreementCount AS agreements, "
        "a.projectCount AS projects",
    )
    assert held == [{"agreements": 1, "projects": 1}]
    assert (await data(client, BY_AGREEMENTS))["actors"]["nodes"] == [
        {"key": key} for key in (await cypher(driver, settings, LIVE_ORDER))[0]["keys"]
    ]
    deleted = result(
        await call(client, DELETE_ACTOR, {"key": "count-lab", "detach": True}, editor),
        "deleteActor",
    )
    assert deleted["__typename"] == "DeleteActorPayload", deleted
    await assert_counts_right(driver, settings, "delete actor")


async def test_counts_follow_an_import(
    tmp_path: Path, seeded: Db, driver: AsyncDriver, settings: Settings
) -> None:
    record = {
        "key": "count-import",
        "kind": "specific_contract",
        "titleFr": "Contrat",
        "titleEn": "Contract",
        "signedOn": "2025-11-03",
        "summary": "A contract.",
        "sources": [SOURCE],
        "parties": [{"actor": "cid", "role": "signatory"}, {"actor": "ctpc", "role": "partner"}],
    }
    path = tmp_path / "agreements.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    meta = Meta(who="count-test", comment="counts")
    assert (await importer.run(seeded, path, "agreements", meta=meta)).created == 1
    await assert_counts_right(driver, settings, "import")
    held = await cypher(
        driver, settings, "MATCH (g:Agreement {key: 'count-import'}) RETURN g.partyCount AS n"
    )
    assert held == [{"n": 2}]


async def test_a_database_without_counts_is_counted_at_start_up(
    seeded: Db, driver: AsyncDriver, settings: Settings
) -> None:
    """Sorting by a count reads its index, which holds only nodes with the count: a node
    without one (written before counts were kept) is counted when the schema is applied."""
    assert not await counts.backfill(seeded)  # every node has its counts: nothing to do
    await seeded.write("MATCH (a:Actor {key: 'cid'}) REMOVE a.agreementCount")
    await seeded.write("MATCH (t:Theme) WITH t LIMIT 1 REMOVE t.actorCount")
    assert await counts.backfill(seeded)
    await assert_counts_right(driver, settings, "backfill")
    assert not await counts.backfill(seeded)


async def test_a_count_sort_lists_every_actor(client: httpx.AsyncClient, seeded: Db) -> None:
    """The sort's index guard leaves no actor out: the whole list, by count, is every actor."""
    everyone = await seeded.read("MATCH (a:Actor) RETURN count(a) AS n")
    page = await data(
        client,
        "{ actors(first: 100, orderBy: [{field: PROJECT_COUNT}]) { totalCount nodes { key } } }",
    )
    assert everyone[0]["n"] <= 100  # the seed graph: one page holds every actor
    assert page["actors"]["totalCount"] == everyone[0]["n"]
    assert len(page["actors"]["nodes"]) == everyone[0]["n"]


async def test_a_count_sort_reads_the_count_index(
    client: httpx.AsyncClient, driver: AsyncDriver, settings: Settings
) -> None:
    """Neo4j plans the sort as a scan of the count's range index, in order (no sort of every
    actor): the statement says what the index needs."""
    body = await gql(client, BY_AGREEMENTS)
    statement = body["extensions"]["cypher"]["statements"][0]
    explained = await driver.execute_query(
        "EXPLAIN " + statement, database_=settings.neo4j_database
    )
    plan = explained.summary.plan
    assert plan is not None
    assert "RANGE INDEX n1:Actor(agreementCount)" in _details(plan)


def _details(plan: Any) -> str:
    return " ".join(
        [str(plan["args"].get("Details", ""))] + [_details(c) for c in plan.get("children", [])]
    )
