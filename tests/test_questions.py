"""`ask` on the seed graph: sentences read into parts, clarifications, and hits that are those of
the equivalent `expertise` call."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api_helpers import codes, data

pytestmark = pytest.mark.usefixtures("seeded")

HIT = "score actor { key kind } evidence { kind key contribution }"
ASK = f"""query ($q: String!) {{
  ask(question: $q, first: 20) {{
    understood {{ part key label words how }}
    clarifications {{ part words options {{ part key label words }} }}
    message
    hits {{ {HIT} }}
  }}
}}"""
EXPERTISE = f"""query ($theme: String!, $sector: String, $region: String, $kindNames: [String!],
                   $since: Date) {{
  expertise(theme: $theme, sector: $sector, region: $region, kindNames: $kindNames,
            since: $since, first: 20) {{ {HIT} }}
}}"""


async def ask(client: httpx.AsyncClient, question: str) -> dict[str, Any]:
    answer: dict[str, Any] = (await data(client, ASK, {"q": question}))["ask"]
    return answer


async def expertise(client: httpx.AsyncClient, theme: str, **args: Any) -> list[dict[str, Any]]:
    hits: list[dict[str, Any]] = (await data(client, EXPERTISE, {"theme": theme, **args}))[
        "expertise"
    ]
    return hits


def parts(answer: dict[str, Any]) -> set[tuple[str, str]]:
    return {(p["part"], p["key"]) for p in answer["understood"]}


@pytest.mark.parametrize(
    "question",
    [
        "qui peut aider sur la décarbonation dans la plasturgie ?",
        "Qui peut aider sur la decarbonation dans la PLASTURGIE",
        "who can help with decarbonisation in plastics?",
    ],
)
async def test_theme_and_sector_in_either_language(
    client: httpx.AsyncClient, question: str
) -> None:
    answer = await ask(client, question)
    assert parts(answer) == {("THEME", "decarbonisation"), ("SECTOR", "plastics-rubber")}
    assert answer["clarifications"] == []
    assert answer["message"] is None
    theme = next(p for p in answer["understood"] if p["part"] == "THEME")
    assert theme["label"] == "Décarbonation"
    assert theme["words"] in question.lower().replace("é", "e")
    same = await expertise(client, "décarbonation", sector="plasturgie")
    assert answer["hits"] == same
    assert {hit["actor"]["key"] for hit in same} >= {"ctpc", "fmp"}


async def test_english_sentence_with_word_forms_and_a_city(client: httpx.AsyncClient) -> None:
    answer = await ask(client, "who trains engineers in automotive part design near Casablanca?")
    understood = parts(answer)
    assert {("THEME", "training"), ("THEME", "automotive-part-design")} <= understood
    assert ("REGION", "casablanca-settat") in understood
    by_key = {p["key"]: p for p in answer["understood"]}
    assert by_key["training"]["words"] == "trains"
    assert by_key["training"]["how"] == "word form"
    assert by_key["casablanca-settat"]["words"] == "casablanca"
    # The same themes named as a theme text, the city as the region filter.
    themes = " ".join(p["words"] for p in answer["understood"] if p["part"] == "THEME")
    same = await expertise(client, themes, region="Casablanca")
    assert answer["hits"] == same
    assert same
    assert "capgemini-engineering-maroc" in {hit["actor"]["key"] for hit in same[:3]}


async def test_kind_sector_and_date(client: httpx.AsyncClient) -> None:
    question = "quels centres techniques font des essais dans l'automobile depuis 2023 ?"
    answer = await ask(client, question)
    assert parts(answer) == {
        ("KIND", "technical_centre"),
        ("THEME", "testing-and-laboratories"),
        ("SECTOR", "automotive"),
        ("SINCE", "2023"),
    }
    since = next(p for p in answer["understood"] if p["part"] == "SINCE")
    assert since["label"] == "2023-01-01"
    assert since["words"] == "depuis 2023"
    same = await expertise(
        client, "essais", sector="automobile", kindNames=["centres techniques"], since="2023-01-01"
    )
    assert answer["hits"] == same
    # Without the date the same question finds dated and undated evidence alike.
    undated = await ask(client, "quels centres techniques font des essais dans l'automobile ?")
    assert undated["hits"], "the automotive technical centres test"
    assert all(hit["actor"]["kind"] == "TECHNICAL_CENTRE" for hit in undated["hits"])
    assert all(e["kind"] != "COMPETENCY" for hit in answer["hits"] for e in hit["evidence"])


async def test_english_kind_and_since(client: httpx.AsyncClient) -> None:
    answer = await ask(client, "Which technical centers have worked on upskilling since 2024?")
    assert parts(answer) == {
        ("KIND", "technical_centre"),
        ("THEME", "upskilling"),
        ("SINCE", "2024"),
    }
    same = await expertise(
        client, "upskilling", kindNames=["technical centers"], since="2024-01-01"
    )
    assert answer["hits"] == same
    assert same


@pytest.mark.parametrize(
    ("question", "part", "keys"),
    [
        (
            "formation dans la plasturgie ou le textile",
            "SECTOR",
            ["plastics-rubber", "textile-clothing"],
        ),
        ("training in Rabat or Casablanca", "REGION", ["rabat-sale-kenitra", "casablanca-settat"]),
    ],
)
async def test_two_sectors_or_regions_are_asked_back(
    client: httpx.AsyncClient, question: str, part: str, keys: list[str]
) -> None:
    answer = await ask(client, question)
    [clarification] = answer["clarifications"]
    assert clarification["part"] == part
    assert [option["key"] for option in clarification["options"]] == keys
    assert all(option["part"] == part for option in clarification["options"])
    # Neither filters until one is chosen: not among the parts understood.
    assert parts(answer) == {("THEME", "training")}
    assert "which one?" in answer["message"]
    assert answer["hits"] == await expertise(client, "formation")
    # Choosing an option is asking `expertise` with its key.
    chosen = await expertise(client, "formation", **{part.lower(): keys[0]})
    assert chosen
    assert chosen != answer["hits"]


@pytest.mark.parametrize("question", ["bonjour tout le monde", "what is the weather like?"])
async def test_a_question_naming_nothing_says_so(client: httpx.AsyncClient, question: str) -> None:
    answer = await ask(client, question)
    assert answer["understood"] == []
    assert answer["hits"] == []
    assert answer["clarifications"] == []
    assert "No theme or sector understood" in answer["message"]


async def test_a_kind_alone_is_understood_but_asks_for_a_theme(
    client: httpx.AsyncClient,
) -> None:
    answer = await ask(client, "les ministères")
    assert parts(answer) == {("KIND", "ministry")}
    assert answer["hits"] == []
    assert "name a theme" in answer["message"]


async def test_a_sector_alone_lists_its_actors(client: httpx.AsyncClient) -> None:
    answer = await ask(client, "qui travaille dans le textile ?")
    assert parts(answer) == {("SECTOR", "textile-clothing")}
    keys = {hit["actor"]["key"] for hit in answer["hits"]}
    assert "amith" in keys
    assert all(e["kind"] == "SECTOR" for hit in answer["hits"] for e in hit["evidence"])


@pytest.mark.parametrize(
    ("question", "code"),
    [("?!", "VALIDATION"), ("   ", "VALIDATION"), ("formation " * 30, "LIMIT_EXCEEDED")],
)
async def test_bad_questions_are_clear_errors(
    client: httpx.AsyncClient, question: str, code: str
) -> None:
    assert await codes(client, ASK, {"q": question}) == [code]
    body = (await client.post("/graphql", json={"query": ASK, "variables": {"q": question}})).json()
    assert "Traceback" not in str(body)
    assert body["data"] is None
