"""An agreement recorded with new sources (together or not at all), and `me`, the caller."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from neo4j import AsyncDriver

from graph.db import Db
from graph.keys import Role
from settings import Settings
from tests.curation_helpers import call, codes, cypher, new_key, result

pytestmark = pytest.mark.usefixtures("curation_undone")

RECORD = """
mutation ($input: AgreementInput!, $sources: [SourceInput!], $idem: String) {
  recordAgreement(input: $input, newSources: $sources, idempotencyKey: $idem) {
    __typename
    ... on AgreementPayload {
      replayed
      agreement { key sources { key title url } parties { actor { key } } }
      change { id entity }
    }
    ... on MutationError { code message fields { path message } }
  }
}
"""

ME = "{ me { name role } }"


def agreement(**extra: Any) -> dict[str, Any]:
    return {
        "key": "protocol-cid-cetiev",
        "kind": "COLLABORATION_PROTOCOL",
        "titleFr": "Protocole CID - CETIEV",
        "titleEn": "CID - CETIEV protocol",
        "signedOn": "2026-01-15",
        "summary": "A cooperation protocol on textile testing.",
        "parties": [
            {"actor": "cid", "role": "signatory"},
            {"actor": "cetiev", "role": "signatory"},
        ],
        "sources": [],
        **extra,
    }


def press_release(**extra: Any) -> dict[str, Any]:
    return {
        "key": "press-cid-cetiev-2026",
        "title": "Le CID et le CETIEV signent un protocole",
        "language": "fr",
        "url": "https://example.org/cid-cetiev",
        **extra,
    }


async def counts(driver: AsyncDriver, settings: Settings) -> tuple[int, int, int]:
    rows = await cypher(
        driver,
        settings,
        "RETURN COUNT { (:Agreement {key: 'protocol-cid-cetiev'}) } AS agreements, "
        "COUNT { (:Source {key: 'press-cid-cetiev-2026'}) } AS sources, "
        "COUNT { (c:Change) WHERE c.entity <> 'ApiKey' } AS changes",
    )
    return rows[0]["agreements"], rows[0]["sources"], rows[0]["changes"]


async def test_an_agreement_and_its_new_source_are_written_together(
    client: httpx.AsyncClient, editor: str, driver: AsyncDriver, settings: Settings
) -> None:
    variables = {"input": agreement(), "sources": [press_release()]}
    payload = result(await call(client, RECORD, variables, editor), "recordAgreement")
    assert payload["__typename"] == "AgreementPayload", payload
    assert payload["agreement"]["sources"] == [
        {
            "key": "press-cid-cetiev-2026",
            "title": "Le CID et le CETIEV signent un protocole",
            "url": "https://example.org/cid-cetiev",
        }
    ]
    assert payload["change"]["entity"] == "Agreement"
    assert await counts(driver, settings) == (1, 1, 2)


async def test_a_refused_agreement_leaves_no_source_behind(
    client: httpx.AsyncClient, editor: str, driver: AsyncDriver, settings: Settings
) -> None:
    bad_party = agreement(parties=[{"actor": "cid", "role": "Signatory!"}])
    variables = {"input": bad_party, "sources": [press_release(url="not a url")]}
    refused = result(await call(client, RECORD, variables, editor), "recordAgreement")
    assert refused["code"] == "VALIDATION"
    paths = {field["path"] for field in refused["fields"]}
    assert {"newSources.0.url", "input.parties.0.role"} <= paths, paths

    unknown = agreement(parties=[{"actor": "no-such-actor", "role": "signatory"}])
    missing = result(
        await call(client, RECORD, {"input": unknown, "sources": [press_release()]}, editor),
        "recordAgreement",
    )
    assert (missing["code"], missing["fields"][0]["path"]) == (
        "NOT_FOUND",
        "input.parties.0.actor",
    )
    assert await counts(driver, settings) == (0, 0, 0)


async def test_an_existing_source_key_is_a_conflict_on_its_field(
    client: httpx.AsyncClient, editor: str, driver: AsyncDriver, settings: Settings
) -> None:
    taken = press_release(key="article-2025-10-16")
    body = await call(client, RECORD, {"input": agreement(), "sources": [taken]}, editor)
    refused = result(body, "recordAgreement")
    assert (refused["code"], refused["fields"][0]["path"]) == ("CONFLICT", "newSources.0.key")
    assert (await counts(driver, settings))[0] == 0


async def test_one_idempotency_key_writes_once_and_answers_the_same(
    client: httpx.AsyncClient, editor: str, driver: AsyncDriver, settings: Settings
) -> None:
    variables = {"input": agreement(), "sources": [press_release()], "idem": "form-0001-abcd"}
    first = result(await call(client, RECORD, variables, editor), "recordAgreement")
    second = result(await call(client, RECORD, variables, editor), "recordAgreement")
    assert (first["replayed"], second["replayed"]) == (False, True)
    assert first["change"]["id"] == second["change"]["id"]
    assert first["agreement"] == second["agreement"]
    assert await counts(driver, settings) == (1, 1, 2)


async def test_me_names_the_caller_and_its_role(client: httpx.AsyncClient, seeded: Db) -> None:
    assert result(await call(client, ME), "me") is None
    editor = await new_key(seeded, Role.EDITOR)
    viewer = await new_key(seeded, Role.VIEWER)
    mine = result(await call(client, ME, token=editor), "me")
    assert mine["role"] == "EDITOR"
    assert mine["name"].startswith("test-editor-")
    assert result(await call(client, ME, token=viewer), "me")["role"] == "VIEWER"
    assert codes(await call(client, ME, token="mlg_" + "0" * 40)) == ["UNAUTHENTICATED"]
