"""Curation mutations on the real graph: validated, sourced, atomic, audited, idempotent."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import httpx
import pytest
from neo4j import AsyncDriver

from graph.db import Db
from seeds import loader
from settings import Settings
from tests.curation_helpers import call, codes, cypher, result

pytestmark = pytest.mark.usefixtures("curation_undone")

SOURCE = "article-2025-10-16"

CREATE_ACTOR = """
mutation ($input: ActorInput!, $comment: String, $idem: String) {
  createActor(input: $input, comment: $comment, idempotencyKey: $idem) {
    __typename
    ... on ActorPayload {
      replayed
      actor { key name kind names { en } sources { key } city { key } sectors { key } }
      change { id who action entity entityKey fields after comment sources }
    }
    ... on MutationError { code message fields { path message } }
  }
}
"""

UPDATE_ACTOR = """
mutation ($key: String!, $input: ActorPatch!) {
  updateActor(key: $key, input: $input, comment: "renamed") {
    __typename
    ... on ActorPayload {
      actor { key name kind city { key } sources { key } }
      change { action fields before after sources }
    }
    ... on MutationError { code message fields { path message } }
  }
}
"""

DELETE_ACTOR = """
mutation ($key: String!, $detach: Boolean!) {
  deleteActor(key: $key, detach: $detach, sources: ["article-2025-10-16"]) {
    __typename
    ... on DeleteActorPayload { key change { action before } }
    ... on MutationError { code message fields { path } }
  }
}
"""

ADD_COMPETENCY = """
mutation ($input: CompetencyInput!) {
  addCompetency(input: $input) {
    __typename
    ... on CompetencyPayload {
      actor { key competencies { theme { key } evidence sources { key } } }
      theme { key }
      change { entity entityKey keys }
    }
    ... on MutationError { code message fields { path message } }
  }
}
"""


def actor_input(key: str = "atlas-lab", **extra: Any) -> dict[str, Any]:
    return {
        "key": key,
        "kind": "COMPANY",
        "nameFr": "  Laboratoire Atlas  ",
        "nameEn": "Atlas Lab",
        "city": "casablanca",
        "sectors": ["automotive"],
        "sources": [SOURCE],
        **extra,
    }


async def actor_count(driver: AsyncDriver, settings: Settings, key: str) -> int:
    rows = await cypher(
        driver, settings, "MATCH (a:Actor {key: $key}) RETURN count(a) AS n", key=key
    )
    return int(rows[0]["n"])


async def change_count(driver: AsyncDriver, settings: Settings) -> int:
    rows = await cypher(
        driver, settings, "MATCH (c:Change) WHERE c.entity <> 'ApiKey' RETURN count(c) AS n"
    )
    return int(rows[0]["n"])


async def test_editor_creates_an_actor_and_the_change_is_audited(
    client: httpx.AsyncClient, editor: str, driver: AsyncDriver, settings: Settings
) -> None:
    variables = {"input": actor_input(), "comment": " spotted in the press "}
    payload = result(await call(client, CREATE_ACTOR, variables, editor), "createActor")
    assert payload["__typename"] == "ActorPayload"
    actor = payload["actor"]
    assert actor["name"] == "Laboratoire Atlas"  # trimmed
    assert actor["kind"] == "COMPANY"
    assert actor["city"] == {"key": "casablanca"}
    assert actor["sources"] == [{"key": SOURCE}]
    change = payload["change"]
    assert change["who"].startswith("test-editor-")
    assert change["action"] == "CREATE"
    assert (change["entity"], change["entityKey"]) == ("Actor", "atlas-lab")
    assert change["comment"] == "spotted in the press"
    assert change["sources"] == [SOURCE]
    assert change["after"]["nameFr"] == "Laboratoire Atlas"
    assert change["after"]["LOCATED_IN"][0]["key"] == "casablanca"
    assert "sortName" not in change["after"]
    stored = await cypher(
        driver,
        settings,
        "MATCH (a:Actor:Company {key: 'atlas-lab'})-[r:IN_SECTOR]->() "
        "RETURN a.dataset AS dataset, a.sortName AS sortName, r.dataset AS rel, r.sources AS s",
    )
    assert stored == [
        {"dataset": "curated", "sortName": "laboratoire atlas", "rel": "curated", "s": [SOURCE]}
    ]


async def test_each_invalid_field_is_reported_and_nothing_is_written(
    client: httpx.AsyncClient, editor: str, driver: AsyncDriver, settings: Settings
) -> None:
    bad = actor_input("Not A Slug", nameFr="   ", description="x" * 2001, sources=[])
    payload = result(await call(client, CREATE_ACTOR, {"input": bad}, editor), "createActor")
    assert payload["code"] == "VALIDATION"
    paths = {field["path"] for field in payload["fields"]}
    assert {"input.key", "input.nameFr", "input.description", "input.sources"} <= paths
    assert await change_count(driver, settings) == 0
    rows = await cypher(driver, settings, "MATCH (a:Actor) WHERE a.dataset = 'curated' RETURN a")
    assert rows == []


async def test_unknown_references_are_not_found_with_their_fields(
    client: httpx.AsyncClient, editor: str, driver: AsyncDriver, settings: Settings
) -> None:
    bad = actor_input(city="atlantis", sectors=["automotive", "space"], sources=["nowhere"])
    payload = result(await call(client, CREATE_ACTOR, {"input": bad}, editor), "createActor")
    assert payload["code"] == "NOT_FOUND"
    assert {(f["path"], f["message"]) for f in payload["fields"]} == {
        ("input.city", "unknown city 'atlantis'"),
        ("input.sectors.1", "unknown sector 'space'"),
        ("input.sources.0", "unknown source 'nowhere'"),
    }
    assert await actor_count(driver, settings, "atlas-lab") == 0


async def test_an_existing_key_is_a_conflict(
    client: httpx.AsyncClient, editor: str, driver: AsyncDriver, settings: Settings
) -> None:
    payload = result(
        await call(client, CREATE_ACTOR, {"input": actor_input("ctpc")}, editor), "createActor"
    )
    assert payload["code"] == "CONFLICT"
    assert payload["fields"][0]["path"] == "input.key"
    assert await change_count(driver, settings) == 0


async def test_two_concurrent_creates_give_one_node_and_one_conflict(
    client: httpx.AsyncClient, editor: str, driver: AsyncDriver, settings: Settings
) -> None:
    bodies = await asyncio.gather(
        *[call(client, CREATE_ACTOR, {"input": actor_input("twin")}, editor) for _ in range(2)]
    )
    kinds = sorted(result(body, "createActor")["__typename"] for body in bodies)
    assert kinds == ["ActorPayload", "MutationError"]
    errors = [result(b, "createActor") for b in bodies if "code" in result(b, "createActor")]
    assert errors[0]["code"] == "CONFLICT"
    assert await actor_count(driver, settings, "twin") == 1
    assert await change_count(driver, settings) == 1


async def test_a_create_racing_an_uncommitted_one_is_a_conflict(
    client: httpx.AsyncClient, editor: str, driver: AsyncDriver, settings: Settings
) -> None:
    """The second writer passes the existence check, then hits the uniqueness constraint."""
    async with driver.session(database=settings.neo4j_database) as session:
        tx = await session.begin_transaction()
        await tx.run("CREATE (:Actor {key: 'racer', dataset: 'curated'})")
        racing = asyncio.create_task(
            call(client, CREATE_ACTOR, {"input": actor_input("racer")}, editor)
        )
        await asyncio.sleep(1.0)
        assert not racing.done()  # waiting on the uncommitted key
        await tx.commit()
        payload = result(await racing, "createActor")
    assert (payload["code"], payload["fields"][0]["path"]) == ("CONFLICT", "input.key")
    assert await actor_count(driver, settings, "racer") == 1
    assert await change_count(driver, settings) == 0


async def test_two_concurrent_identical_relationships_give_one_and_a_conflict(
    client: httpx.AsyncClient, editor: str, driver: AsyncDriver, settings: Settings
) -> None:
    competency = {
        "actor": "ctpc",
        "theme": "decarbonisation",
        "evidence": "X.",
        "sources": [SOURCE],
    }
    bodies = await asyncio.gather(
        *[call(client, ADD_COMPETENCY, {"input": competency}, editor) for _ in range(3)]
    )
    kinds = sorted(result(body, "addCompetency")["__typename"] for body in bodies)
    assert kinds == ["CompetencyPayload", "MutationError", "MutationError"]
    rows = await cypher(
        driver,
        settings,
        "RETURN COUNT { (:Actor {key: 'ctpc'})-[:HAS_COMPETENCY]->"
        "(:Theme {key: 'decarbonisation'}) } AS n",
    )
    assert rows == [{"n": 1}]


async def test_update_validates_the_whole_record_and_audits_before_and_after(
    client: httpx.AsyncClient, editor: str, driver: AsyncDriver, settings: Settings
) -> None:
    await call(client, CREATE_ACTOR, {"input": actor_input()}, editor)
    patch = {
        "nameFr": "Atlas Ingénierie",
        "kind": "ENGINEERING_FIRM",
        "city": None,
        "sources": ["wikipedia-regions-maroc"],
    }
    body = await call(client, UPDATE_ACTOR, {"key": "atlas-lab", "input": patch}, editor)
    payload = result(body, "updateActor")
    assert payload["actor"]["name"] == "Atlas Ingénierie"
    assert payload["actor"]["kind"] == "ENGINEERING_FIRM"
    assert payload["actor"]["city"] is None
    assert [s["key"] for s in payload["actor"]["sources"]] == [SOURCE, "wikipedia-regions-maroc"]
    change = payload["change"]
    assert change["action"] == "UPDATE"
    assert {"nameFr", "kind", "LOCATED_IN", "sources"} <= set(change["fields"])
    assert change["before"]["nameFr"] == "Laboratoire Atlas"
    assert change["after"]["nameFr"] == "Atlas Ingénierie"
    assert change["before"]["LOCATED_IN"][0]["key"] == "casablanca"
    assert change["after"]["LOCATED_IN"] == []
    assert change["sources"] == ["wikipedia-regions-maroc"]
    labels = await cypher(
        driver,
        settings,
        "MATCH (a:Actor {key: 'atlas-lab'}) RETURN labels(a) AS labels, a.sortName AS sortName, "
        "a.dataset AS dataset",
    )
    assert sorted(labels[0]["labels"]) == ["Actor", "EngineeringFirm"]
    assert labels[0]["sortName"] == "atlas ingenierie"
    assert labels[0]["dataset"] == "curated"

    same = await call(client, UPDATE_ACTOR, {"key": "atlas-lab", "input": patch}, editor)
    assert result(same, "updateActor")["change"] is None  # nothing changed, nothing recorded


async def test_bad_updates_change_nothing(
    client: httpx.AsyncClient, editor: str, driver: AsyncDriver, settings: Settings
) -> None:
    await call(client, CREATE_ACTOR, {"input": actor_input()}, editor)
    cases = [
        ("atlas-lab", {"nameFr": " ", "sources": [SOURCE]}, "VALIDATION", "input.nameFr"),
        ("atlas-lab", {"city": "atlantis", "sources": [SOURCE]}, "NOT_FOUND", "input.city"),
        ("atlas-lab", {"nameFr": "X", "sources": []}, "VALIDATION", "input.sources"),
        ("nobody", {"nameFr": "X", "sources": [SOURCE]}, "NOT_FOUND", "key"),
        ("Bad Key", {"nameFr": "X", "sources": [SOURCE]}, "VALIDATION", "key"),
    ]
    for key, patch, code, path in cases:
        body = await call(client, UPDATE_ACTOR, {"key": key, "input": patch}, editor)
        payload = result(body, "updateActor")
        assert (payload["code"], payload["fields"][0]["path"]) == (code, path), payload
    assert await change_count(driver, settings) == 1
    rows = await cypher(driver, settings, "MATCH (a:Actor {key: 'atlas-lab'}) RETURN a.nameFr AS n")
    assert rows == [{"n": "Laboratoire Atlas"}]


async def test_delete_is_refused_while_linked_unless_detached(
    client: httpx.AsyncClient, editor: str, driver: AsyncDriver, settings: Settings
) -> None:
    await call(client, CREATE_ACTOR, {"input": actor_input()}, editor)
    competency = {
        "actor": "atlas-lab",
        "theme": "certification",
        "evidence": "ISO",
        "sources": [SOURCE],
    }
    await call(client, ADD_COMPETENCY, {"input": competency}, editor)

    refused = result(
        await call(client, DELETE_ACTOR, {"key": "atlas-lab", "detach": False}, editor),
        "deleteActor",
    )
    assert refused["code"] == "CONFLICT"
    assert "HAS_COMPETENCY" in refused["message"]
    assert await actor_count(driver, settings, "atlas-lab") == 1

    done = result(
        await call(client, DELETE_ACTOR, {"key": "atlas-lab", "detach": True}, editor),
        "deleteActor",
    )
    assert done["key"] == "atlas-lab"
    assert done["change"]["action"] == "DELETE"
    assert done["change"]["before"]["links"] == [
        {"type": "HAS_COMPETENCY", "outgoing": True, "key": "certification"}
    ]
    assert await actor_count(driver, settings, "atlas-lab") == 0
    themes = await cypher(
        driver, settings, "MATCH (t:Theme {key: 'certification'}) RETURN t.key AS k"
    )
    assert themes == [{"k": "certification"}]

    again = result(
        await call(client, DELETE_ACTOR, {"key": "atlas-lab", "detach": True}, editor),
        "deleteActor",
    )
    assert again["code"] == "NOT_FOUND"


RECORD_AGREEMENT = """
mutation ($input: AgreementInput!) {
  recordAgreement(input: $input) {
    __typename
    ... on AgreementPayload {
      agreement {
        key title(lang: EN) signedOn parent { key } themes { key }
        parties { role actor { key } sources { key } }
      }
      change { entity keys }
    }
    ... on MutationError { code message fields { path message } }
  }
}
"""


def agreement_input(**extra: Any) -> dict[str, Any]:
    return {
        "key": "contract-cid-atlas",
        "kind": "SPECIFIC_CONTRACT",
        "titleFr": "Contrat spécifique CID - CTPC",
        "titleEn": "Specific contract CID - CTPC",
        "signedOn": "2025-11-03",
        "summary": "A specific contract under the 2025 framework.",
        "parent": "framework-2025-10-16",
        "parties": [{"actor": "cid", "role": "signatory"}, {"actor": "ctpc", "role": "partner"}],
        "themes": ["decarbonisation"],
        "sources": [SOURCE],
        **extra,
    }


async def test_record_agreement_with_parties_parent_and_themes(
    client: httpx.AsyncClient, editor: str, driver: AsyncDriver, settings: Settings
) -> None:
    body = await call(client, RECORD_AGREEMENT, {"input": agreement_input()}, editor)
    payload = result(body, "recordAgreement")
    agreement = payload["agreement"]
    assert agreement["parent"] == {"key": "framework-2025-10-16"}
    assert agreement["themes"] == [{"key": "decarbonisation"}]
    assert sorted((p["actor"]["key"], p["role"]) for p in agreement["parties"]) == [
        ("cid", "signatory"),
        ("ctpc", "partner"),
    ]
    assert all(p["sources"] == [{"key": SOURCE}] for p in agreement["parties"])
    assert {"cid", "ctpc", "framework-2025-10-16"} <= set(payload["change"]["keys"])

    twice = agreement_input(key="other-contract", parties=[{"actor": "cid", "role": "a_b"}] * 2)
    refused = result(
        await call(client, RECORD_AGREEMENT, {"input": twice}, editor), "recordAgreement"
    )
    assert refused["code"] == "VALIDATION"
    assert refused["fields"][0]["path"] == "input.parties"

    orphan = agreement_input(key="other-contract", parent="no-such-framework")
    missing = result(
        await call(client, RECORD_AGREEMENT, {"input": orphan}, editor), "recordAgreement"
    )
    assert (missing["code"], missing["fields"][0]["path"]) == ("NOT_FOUND", "input.parent")


async def test_an_impossible_date_is_refused_before_anything_runs(
    client: httpx.AsyncClient, editor: str, driver: AsyncDriver, settings: Settings
) -> None:
    body = await call(
        client, RECORD_AGREEMENT, {"input": agreement_input(signedOn="2025-02-30")}, editor
    )
    assert codes(body) == ["BAD_REQUEST"]
    assert "2025-02-30" in body["errors"][0]["message"]
    assert await change_count(driver, settings) == 0


async def test_relationship_mutations_and_their_conflicts(
    client: httpx.AsyncClient, editor: str, driver: AsyncDriver, settings: Settings
) -> None:
    competency = {
        "actor": "ctpc",
        "theme": "decarbonisation",
        "evidence": "Pilot.",
        "sources": [SOURCE],
    }
    payload = result(
        await call(client, ADD_COMPETENCY, {"input": competency}, editor), "addCompetency"
    )
    assert payload["change"]["entityKey"] == "ctpc/decarbonisation"
    assert {
        "theme": {"key": "decarbonisation"},
        "evidence": "Pilot.",
        "sources": [{"key": SOURCE}],
    } in (payload["actor"]["competencies"])
    again = result(
        await call(client, ADD_COMPETENCY, {"input": competency}, editor), "addCompetency"
    )
    assert again["code"] == "CONFLICT"

    link = """mutation ($input: LinkInput!) { linkActors(input: $input) {
      ... on LinkPayload { from { key memberOf { key } } to { key } change { entityKey } }
      ... on MutationError { code fields { path message } } } }"""
    member = {"from": "amica", "type": "MEMBER_OF", "to": "rectim", "sources": [SOURCE]}
    linked = result(await call(client, link, {"input": member}, editor), "linkActors")
    assert linked["change"]["entityKey"] == "amica/member_of/rectim"
    assert {"key": "rectim"} in linked["from"]["memberOf"]
    itself = {**member, "to": "amica"}
    refused = result(await call(client, link, {"input": itself}, editor), "linkActors")
    assert (refused["code"], refused["fields"][0]["path"]) == ("VALIDATION", "input.to")

    join = """mutation ($input: ParticipationInput!) { addParticipation(input: $input) {
      ... on ParticipationPayload {
        actor { key } project { key participants { actor { key } role } }
      }
      ... on MutationError { code fields { path } } } }"""
    part = {"actor": "ofppt", "project": "cetiev-2-0", "role": "trainer", "sources": [SOURCE]}
    joined = result(await call(client, join, {"input": part}, editor), "addParticipation")
    assert {"actor": {"key": "ofppt"}, "role": "trainer"} in joined["project"]["participants"]
    unknown = {**part, "project": "no-project"}
    missing = result(await call(client, join, {"input": unknown}, editor), "addParticipation")
    assert (missing["code"], missing["fields"][0]["path"]) == ("NOT_FOUND", "input.project")

    source = """mutation ($input: SourceInput!) { addSource(input: $input) {
      ... on SourcePayload { source { key title publishedOn } }
      ... on MutationError { code fields { path } } } }"""
    new = {
        "key": "press-2025-11",
        "title": " A report ",
        "language": "fr",
        "publishedOn": "2025-11-02",
    }
    added = result(await call(client, source, {"input": new}, editor), "addSource")
    assert added["source"] == {
        "key": "press-2025-11",
        "title": "A report",
        "publishedOn": "2025-11-02",
    }
    bad = {**new, "key": "press-2", "language": "de", "url": "ftp://x"}
    refused = result(await call(client, source, {"input": bad}, editor), "addSource")
    assert refused["code"] == "VALIDATION"
    assert {f["path"] for f in refused["fields"]} == {"input.language", "input.url"}


async def test_an_idempotency_key_makes_a_retry_harmless(
    client: httpx.AsyncClient, editor: str, driver: AsyncDriver, settings: Settings
) -> None:
    variables = {"input": actor_input(), "idem": "retry-0001"}
    first = result(await call(client, CREATE_ACTOR, variables, editor), "createActor")
    second = result(await call(client, CREATE_ACTOR, variables, editor), "createActor")
    assert (first["replayed"], second["replayed"]) == (False, True)
    assert first["change"]["id"] == second["change"]["id"]
    assert await change_count(driver, settings) == 1

    other = {"input": actor_input(nameEn="Other"), "idem": "retry-0001"}
    reused = result(await call(client, CREATE_ACTOR, other, editor), "createActor")
    assert (reused["code"], reused["fields"][0]["path"]) == ("CONFLICT", "idempotencyKey")

    short = {"input": actor_input("short-idem"), "idem": "abc"}
    refused = result(await call(client, CREATE_ACTOR, short, editor), "createActor")
    assert (refused["code"], refused["fields"][0]["path"]) == ("VALIDATION", "idempotencyKey")
    assert await actor_count(driver, settings, "short-idem") == 0


async def test_concurrent_retries_with_one_idempotency_key_write_once(
    client: httpx.AsyncClient, editor: str, driver: AsyncDriver, settings: Settings
) -> None:
    variables = {"input": actor_input(), "idem": "retry-0002"}
    bodies = await asyncio.gather(
        *[call(client, CREATE_ACTOR, variables, editor) for _ in range(3)]
    )
    payloads = [result(body, "createActor") for body in bodies]
    assert all(p["__typename"] == "ActorPayload" for p in payloads), payloads
    assert len({p["change"]["id"] for p in payloads}) == 1
    assert await change_count(driver, settings) == 1


CHANGES = """
query ($key: String, $first: Int, $after: String, $newest: Boolean, $since: DateTime) {
  changes(entityKey: $key, first: $first, after: $after, newestFirst: $newest, since: $since) {
    pageInfo { hasNextPage endCursor }
    edges { cursor node { action entity entityKey who at } }
  }
}
"""


async def test_changes_are_paged_in_time_order_in_one_round_trip(
    client: httpx.AsyncClient, editor: str
) -> None:
    since = dt.datetime.now(dt.UTC).isoformat()  # after the key's own creation
    for key in ("chg-a", "chg-b", "chg-c"):
        await call(client, CREATE_ACTOR, {"input": actor_input(key)}, editor)
    competency = {
        "actor": "chg-b",
        "theme": "certification",
        "evidence": "ISO",
        "sources": [SOURCE],
    }
    await call(client, ADD_COMPETENCY, {"input": competency}, editor)

    body = await call(client, CHANGES, {"first": 2, "since": since})
    page = result(body, "changes")
    assert [edge["node"]["entityKey"] for edge in page["edges"]] == ["chg-a", "chg-b"]
    assert page["pageInfo"]["hasNextPage"] is True
    assert body["extensions"]["cypher"]["roundTrips"] == 1
    rest = result(
        await call(
            client, CHANGES, {"first": 5, "after": page["pageInfo"]["endCursor"], "since": since}
        ),
        "changes",
    )
    assert [edge["node"]["entityKey"] for edge in rest["edges"]] == [
        "chg-c",
        "chg-b/certification",
    ]
    assert rest["pageInfo"]["hasNextPage"] is False

    about_b = result(await call(client, CHANGES, {"key": "chg-b", "newest": True}), "changes")
    assert [edge["node"]["entity"] for edge in about_b["edges"]] == ["Competency", "Actor"]
    wrong = await call(client, CHANGES, {"after": page["pageInfo"]["endCursor"], "newest": True})
    assert codes(wrong) == ["BAD_CURSOR"]


async def test_a_seed_reload_keeps_curated_facts(
    client: httpx.AsyncClient, editor: str, seeded: Db, driver: AsyncDriver, settings: Settings
) -> None:
    await call(client, CREATE_ACTOR, {"input": actor_input()}, editor)
    competency = {
        "actor": "ctpc",
        "theme": "decarbonisation",
        "evidence": "Pilot.",
        "sources": [SOURCE],
    }
    await call(client, ADD_COMPETENCY, {"input": competency}, editor)
    await loader.load(seeded)
    rows = await cypher(
        driver,
        settings,
        "RETURN COUNT { (:Actor {key: 'atlas-lab'}) } AS actor, "
        "COUNT { (:Actor {key: 'ctpc'})-[:HAS_COMPETENCY]->(:Theme {key: 'decarbonisation'}) } "
        "AS competency",
    )
    assert rows == [{"actor": 1, "competency": 1}]
