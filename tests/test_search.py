"""`search`: full text over the seed graph, accent- and case-insensitive, one typo, one trip."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from errors import LimitExceededError, ValidationError
from graph import gazetteer, search
from tests.api_helpers import PROTOCOL, codes, data
from tests.conftest import gql

HITS = """query ($text: String!, $kinds: [SearchKind!], $first: Int) {
  search(text: $text, kinds: $kinds, first: $first) {
    kind score exact matched { field value }
    node { __typename id
      ... on Actor { key name }
      ... on Agreement { key title }
      ... on Project { key title }
      ... on Theme { key label }
      ... on Sector { key name }
    }
  }
}"""


async def hits(client: httpx.AsyncClient, text: str, **args: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = (await data(client, HITS, {"text": text, **args}))["search"]
    return found


def pairs(found: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(hit["kind"], hit["node"]["key"]) for hit in found]


def fields(hit: dict[str, Any]) -> set[str]:
    return {match["field"] for match in hit["matched"]}


# ---- pure: terms, escaping, the Lucene string, which field matched ----------------------------


def test_every_lucene_operator_is_escaped() -> None:
    operators = '+-&|!(){}[]^"~*?:\\/'
    escaped = search.escape(operators)
    assert escaped == "".join("\\" + char for char in operators)


def test_user_text_becomes_folded_word_terms_only() -> None:
    text = 'Décarbonation AND (plastics~5 OR "x") NOT iso/iec:17025*'
    found = search.terms(text)
    assert found == ["decarbonation", "plastics", "5", "x", "not", "iso", "iec", "17025"]
    query = search.any_terms(text, found)
    assert " AND " not in query
    assert " NOT " not in query
    assert "iec:" not in query
    assert "plastics~1" in query
    assert "5~1" not in query


def test_short_words_and_stop_words_are_not_fuzzy() -> None:
    assert search.terms("the CID of Rabat") == ["cid", "rabat"]
    assert search.terms("le la") == ["le", "la"]  # nothing else is left: keep them
    assert "cid~1" not in search.any_terms("cid", ["cid"])


def test_a_word_the_index_holds_is_not_looked_for_one_edit_away() -> None:
    query = search.any_terms(
        "plasturgie caoutchouk", ["plasturgie", "caoutchouk"], known={"plasturgie"}
    )
    assert "plasturgie~1" not in query
    assert "(plasturgie^2)" in query
    assert "caoutchouk~1" in query
    plural = search.any_terms("textile", ["textile"], forms={"textile": ["textiles", "textil"]})
    assert "textiles^0.5" in plural
    plural = search.any_terms(
        "textile", ["textile"], forms={"textile": ["textiles", "textilier"]}, known={"textile"}
    )
    assert "textile^2 OR textiles^1.5 OR textilier^0.5" in plural


def test_french_elisions_are_searched_too() -> None:
    query = search.any_terms("ingénierie", ["ingenierie"])
    assert "l'ingenierie" in query
    assert "d'ingenierie" in query


def test_text_limits() -> None:
    with pytest.raises(LimitExceededError):
        search.terms("x" * (search.MAX_TEXT + 1))
    with pytest.raises(LimitExceededError):
        search.terms(" ".join(f"word{i}" for i in range(search.MAX_TERMS + 1)))
    with pytest.raises(ValidationError):
        search.terms(" *?! ___ ")


@pytest.mark.parametrize(
    ("term", "token", "near"),
    [
        ("plasturgie", "plasturgie", True),
        ("plasturgue", "plasturgie", True),  # one substitution
        ("palsturgie", "plasturgie", True),  # one transposition
        ("plasturgi", "plasturgie", True),  # one deletion
        ("plasturgiee", "plasturgie", True),  # one insertion
        ("plastrugei", "plasturgie", False),  # two edits
        ("cdi", "cid", False),  # short terms are exact
        ("2015", "2016", False),  # numbers are exact
    ],
)
def test_near_mirrors_lucene_one_edit(term: str, token: str, near: bool) -> None:
    assert search.near(term, token) is near


def test_matched_names_the_field_and_the_synonym() -> None:
    theme = {"labelFr": "Décarbonation", "labelEn": "Decarbonisation", "key": "decarbonisation",
             "synonyms": ["décarbonation", "decarbonization"]}  # fmt: skip
    found = search.matched("theme", theme, ["decarbonation"])
    assert [(m.field, m.value) for m in found] == [
        ("labelFr", "Décarbonation"),
        ("synonyms", "décarbonation"),
    ]


# ---- the seed graph ---------------------------------------------------------------------------

needs_seed = pytest.mark.usefixtures("seeded")


@needs_seed
@pytest.mark.parametrize("text", ["décarbonation", "decarbonation", "DÉCARBONATION"])
async def test_accents_and_case_do_not_matter(client: httpx.AsyncClient, text: str) -> None:
    found = await hits(client, text)
    assert pairs(found)[:2] == [
        ("THEME", "decarbonisation"),
        ("AGREEMENT", "framework-2025-10-16"),
    ]
    assert found[0]["exact"] is True
    assert {"labelFr", "synonyms"} <= fields(found[0])
    # The French summary says décarbonation; the English one its other form, decarbonisation.
    assert fields(found[1]) == {"summaryFr", "summary"}
    english = next(m["value"] for m in found[1]["matched"] if m["field"] == "summary")
    assert "decarbonisation" in english


@needs_seed
@pytest.mark.parametrize(("text", "field"), [("plasturgie", "nameFr"), ("plastics", "nameEn")])
async def test_french_and_english_find_ctpc(
    client: httpx.AsyncClient, text: str, field: str
) -> None:
    found = await hits(client, text, kinds=["ACTOR"])
    ctpc = next(hit for hit in found if hit["node"]["key"] == "ctpc")
    assert ctpc["node"]["__typename"] == "TechnicalCentre"
    assert field in fields(ctpc)
    assert {hit["kind"] for hit in found} == {"ACTOR"}


@needs_seed
async def test_one_typo_is_tolerated(client: httpx.AsyncClient) -> None:
    found = await hits(client, "Plasturgue", kinds=["ACTOR"])
    assert "ctpc" in [hit["node"]["key"] for hit in found]
    found = await hits(client, "decarbonisatoin", kinds=["THEME"])
    assert pairs(found) == [("THEME", "decarbonisation")]
    assert fields(found[0]) >= {"labelEn", "synonyms", "key"}


@needs_seed
async def test_build_to_print_finds_the_protocol_project_and_theme(
    client: httpx.AsyncClient,
) -> None:
    found = pairs(await hits(client, "build to print"))
    assert found[0] == ("THEME", "build-to-print")
    assert ("AGREEMENT", PROTOCOL) in found
    assert ("PROJECT", "build-to-print-training-automotive-parts") in found


@needs_seed
async def test_an_acronym_puts_its_actor_first(client: httpx.AsyncClient) -> None:
    found = await hits(client, "ctpc")
    assert pairs(found)[0] == ("ACTOR", "ctpc")
    assert found[0]["exact"] is True
    assert fields(found[0]) >= {"acronym", "key"}


@needs_seed
async def test_a_word_glued_to_a_french_article_is_found(client: httpx.AsyncClient) -> None:
    # The agreement's titles say "d'ingénierie", one token in the index.
    found = pairs(await hits(client, "ingénierie", kinds=["AGREEMENT"]))
    assert ("AGREEMENT", "framework-2025-10-16") in found


@needs_seed
async def test_lucene_syntax_in_text_is_only_text(client: httpx.AsyncClient) -> None:
    found = await hits(client, 'ISO/IEC 17025 AND "labs" OR (x~ [y TO z]) -ctpc ^2 \\')
    # "-ctpc" is a word, not an exclusion: CTPC (accredited to ISO 17025) comes right after
    # the theme whose synonyms are "ISO/IEC 17025" and "labs".
    assert pairs(found)[:2] == [("THEME", "testing-and-laboratories"), ("ACTOR", "ctpc")]
    ctpc = found[1]
    assert {"acronym", "key"} <= fields(ctpc)
    assert await codes(client, HITS, {"text": "*?~ ()"}) == ["VALIDATION"]


@needs_seed
async def test_kinds_first_and_ordering(client: httpx.AsyncClient) -> None:
    found = await hits(client, "centre technique", kinds=["ACTOR", "SECTOR"], first=3)
    assert len(found) == 3
    assert {hit["kind"] for hit in found} <= {"ACTOR", "SECTOR"}
    order = [(not hit["exact"], -hit["score"]) for hit in found]
    assert order == sorted(order)
    assert await hits(client, "ctpc", first=0) == []


@needs_seed
async def test_limits_are_client_errors(client: httpx.AsyncClient) -> None:
    assert await codes(client, HITS, {"text": "x" * 201}) == ["LIMIT_EXCEEDED"]
    assert await codes(client, HITS, {"text": "ctpc", "first": 101}) == ["LIMIT_EXCEEDED"]
    assert await codes(client, HITS, {"text": "ctpc", "first": -1}) == ["VALIDATION"]


@needs_seed
async def test_one_round_trip_with_nested_node_fields(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    operation = """{ search(text: "build to print", first: 10) { kind
             node { id ... on Agreement { parties { role actor { key kind } } sources { url } }
                    ... on Theme { broader { key } actors { key } }
                    ... on Project { participants { actor { key } } } } } }"""
    # The first request may read the gazetteer itself if the start-up warm-up has not yet.
    await gql(client, operation)
    # A stale gazetteer is refreshed in the background: the request does not wait for it.
    read_at = gazetteer.read_times()
    monkeypatch.setattr(gazetteer, "REFRESH_SECONDS", 0.0)
    body = await gql(client, operation)
    await asyncio.gather(*gazetteer._refreshing.values())
    assert any(at > read_at.get(key, 0.0) for key, at in gazetteer.read_times().items())
    assert "errors" not in body, body["errors"]
    assert body["extensions"]["cypher"]["roundTrips"] == 1
    protocol = next(hit for hit in body["data"]["search"] if hit["kind"] == "AGREEMENT")
    parties = {party["actor"]["key"] for party in protocol["node"]["parties"]}
    assert parties == {"ctpc", "cid", "capgemini-engineering-maroc"}
    theme = next(hit for hit in body["data"]["search"] if hit["kind"] == "THEME")
    assert theme["node"]["broader"] == [{"key": "industrial-engineering"}]
