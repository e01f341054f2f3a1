"""The words of a curated write are understood on the next request, not at the next periodic
refresh of the gazetteer; a refresh that fails after a write is retried in the background."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from graph import gazetteer
from tests.curation_helpers import call, result
from tests.test_mutations import CREATE_ACTOR, RECORD_AGREEMENT, actor_input, agreement_input

pytestmark = pytest.mark.usefixtures("curation_undone")

KEYS = """query ($text: String!) { search(text: $text, first: 10) {
  kind node { ... on Actor { key } ... on Agreement { key } } } }"""


async def found(client: httpx.AsyncClient, text: str) -> set[str]:
    hits = result(await call(client, KEYS, {"text": text}), "search")
    return {f"{hit['kind'].lower()}:{hit['node'].get('key')}" for hit in hits}


def blacksmiths() -> dict[str, object]:
    return actor_input(
        "atelier-forgerons", nameFr="Atelier des Forgerons", nameEn="Blacksmiths Workshop"
    )


async def test_a_new_actor_is_found_by_another_word_form_at_once(
    client: httpx.AsyncClient, editor: str
) -> None:
    # "forge" is four edits from "forgerons": only the gazetteer's word forms join them.
    assert "actor:atelier-forgerons" not in await found(client, "forge")
    created = result(
        await call(client, CREATE_ACTOR, {"input": blacksmiths()}, editor), "createActor"
    )
    assert created["__typename"] == "ActorPayload"
    assert "actor:atelier-forgerons" in await found(client, "forge")


async def test_a_new_agreement_is_found_by_another_word_form_at_once(
    client: httpx.AsyncClient, editor: str
) -> None:
    assert "agreement:convention-ceramistes" not in await found(client, "céramique")
    agreement = agreement_input(
        key="convention-ceramistes",
        titleFr="Convention des céramistes",
        titleEn="Potters convention",
    )
    recorded = result(
        await call(client, RECORD_AGREEMENT, {"input": agreement}, editor), "recordAgreement"
    )
    assert recorded["__typename"] == "AgreementPayload", recorded
    assert "agreement:convention-ceramistes" in await found(client, "céramique")


async def test_a_failed_refresh_is_retried_in_the_background(
    client: httpx.AsyncClient, editor: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    await found(client, "forge")  # the gazetteer is read
    monkeypatch.setattr(gazetteer, "_WORDS_OF", "RETURN $missing AS texts")  # a read that fails
    created = result(
        await call(client, CREATE_ACTOR, {"input": blacksmiths()}, editor), "createActor"
    )
    assert created["__typename"] == "ActorPayload"  # the write stands
    assert gazetteer.STALE in set(gazetteer.read_times().values())
    monkeypatch.undo()
    # The next request answers from the older words, and starts the refresh without waiting.
    assert "actor:atelier-forgerons" not in await found(client, "forge")
    await asyncio.gather(*gazetteer._refreshing.values())  # if it is still running
    assert gazetteer.STALE not in set(gazetteer.read_times().values())
    assert "actor:atelier-forgerons" in await found(client, "forge")
