"""`expertise` and `expertiseHint` on the seed graph: resolution, evidence, score, filters."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from graph import expertise as scoring
from graph.db import Db
from tests.api_helpers import CTIS, FRAMEWORK, PROTOCOL, codes, data
from tests.conftest import gql

pytestmark = pytest.mark.usefixtures("seeded")

BUILD_TO_PRINT_PROJECT = "build-to-print-training-automotive-parts"
EXPERTISE = """query ($theme: String!, $narrower: Boolean, $region: String, $sector: String,
                  $kinds: [ActorKind!], $asOf: Date, $first: Int) {
  expertise(theme: $theme, includeNarrower: $narrower, region: $region, sector: $sector,
            kinds: $kinds, asOf: $asOf, first: $first) {
    score
    actor { key kind }
    evidence {
      kind key title date role statement distance weight roleWeight recency certainty
      saturation contribution
      confidence theme { key } agreement { key signedOn } project { key startedOn }
      sector { key } sources { key title url }
    }
  }
}"""
HINT = """query ($theme: String!) {
  expertiseHint(theme: $theme) {
    matchedBy message themes { key } searchedThemes { key } sectors { key } suggestions { key }
  }
}"""


async def expertise(client: httpx.AsyncClient, theme: str, **args: Any) -> list[dict[str, Any]]:
    variables = {"theme": theme, "narrower": True, **args}
    found: list[dict[str, Any]] = (await data(client, EXPERTISE, variables))["expertise"]
    return found


async def hint(client: httpx.AsyncClient, theme: str) -> dict[str, Any]:
    found: dict[str, Any] = (await data(client, HINT, {"theme": theme}))["expertiseHint"]
    return found


def ranking(hits: list[dict[str, Any]]) -> list[tuple[str, float]]:
    return [(hit["actor"]["key"], hit["score"]) for hit in hits]


def actors(hits: list[dict[str, Any]]) -> set[str]:
    return {hit["actor"]["key"] for hit in hits}


async def test_spellings_give_the_same_ranking(client: httpx.AsyncClient) -> None:
    rankings = [
        ranking(await expertise(client, text))
        for text in ("décarbonation", "decarbonation", "decarbonisation", "DÉCARBONATION")
    ]
    assert all(found == rankings[0] for found in rankings)
    keys = [key for key, _ in rankings[0]]
    # The 2025 framework's parties, and FACTS-2's decarbonisation work: CTTH's energy watch
    # and water convention, FMP's forums (with AMICA, FENAGRI, AMDIE), FIMME's roadmap.
    assert {"cid", "mic", "rectim"} | CTIS | {
        "fmp",
        "amica",
        "fenagri",
        "fimme",
        "amdie",
        "amith",
    } == set(keys)
    # CTTH does the work (its energy-efficiency competency, the water convention) and comes
    # first, then FMP, which organises the forums; the ministry has more items, but it is the
    # forums' patron and its further items saturate: it comes after FMP.
    assert keys[:2] == ["ctth", "fmp"]
    assert keys.index("mic") > keys.index("fmp")
    # CID is named by the source; the CTIs are inferred (uncertain), so they weigh half.
    # Both scores are rounded to 6 decimals, so the ratio holds to that rounding only.
    scores = dict(rankings[0])
    assert scores["cid"] == pytest.approx(2 * scores["ctpc"], abs=3e-6)


async def test_the_framework_agreement_is_the_evidence(client: httpx.AsyncClient) -> None:
    hits = await expertise(client, "décarbonation")
    framed = [hit for hit in hits if hit["actor"]["key"] in {"cid", "rectim"} | CTIS - {"ctth"}]
    assert len(framed) == 10  # the framework is all the evidence of CID, RECTIM, eight CTIs
    for hit in framed:
        [item] = hit["evidence"]
        assert (item["kind"], item["key"], item["agreement"]["key"]) == (
            "AGREEMENT",
            FRAMEWORK,
            FRAMEWORK,
        )
        assert item["theme"] == {"key": "decarbonisation"}
        assert item["date"] == "2025-10-16"
        assert item["role"] == "signatory"
        assert "article-2025-10-16" in {source["key"] for source in item["sources"]}


async def test_build_to_print_finds_the_protocol_and_its_three_actors(
    client: httpx.AsyncClient,
) -> None:
    hits = await expertise(client, "build to print")
    assert actors(hits) == {"ctpc", "cid", "capgemini-engineering-maroc"}
    for hit in hits:
        items = {(item["kind"], item["key"]) for item in hit["evidence"]}
        assert items == {("AGREEMENT", PROTOCOL), ("PROJECT", BUILD_TO_PRINT_PROJECT)}
    # Equal scores: the actor key breaks the tie.
    assert [key for key, _ in ranking(hits)] == ["capgemini-engineering-maroc", "cid", "ctpc"]


@pytest.mark.parametrize("text", ["plasturgie", "plastics", "Plasturgie et caoutchouc"])
async def test_a_sector_word_finds_ctpc(client: httpx.AsyncClient, text: str) -> None:
    hits = await expertise(client, text)
    # With FACTS-2: OFPPT's plastics training complex, AMP and AMTP (uncertain: half weight).
    assert {"ctpc", "fmp", "ofppt-complexe-ain-sbaa", "amp", "amtp"} == actors(hits)
    assert {item["kind"] for hit in hits for item in hit["evidence"]} == {"SECTOR"}
    assert hits[0]["evidence"][0]["sector"] == {"key": "plastics-rubber"}
    resolved = await hint(client, text)
    assert resolved["matchedBy"] == "SECTOR"
    assert "Plasturgie et caoutchouc" in resolved["message"]


async def test_an_unknown_theme_is_an_empty_list_with_a_hint(client: httpx.AsyncClient) -> None:
    body = await gql(
        client,
        """{ expertise(theme: "quantum basket weaving") { actor { key } }
             expertiseHint(theme: "quantum basket weaving") {
               matchedBy message themes { key } } }""",
    )
    assert "errors" not in body
    assert body["data"]["expertise"] == []
    resolved = body["data"]["expertiseHint"]
    assert resolved["matchedBy"] == "NONE"
    assert resolved["themes"] == []
    assert resolved["message"].startswith('No theme matches "quantum basket weaving".')


async def test_a_near_miss_gets_suggestions(client: httpx.AsyncClient) -> None:
    resolved = await hint(client, "décarbo")
    assert resolved["matchedBy"] == "NONE"
    assert resolved["suggestions"] == [{"key": "decarbonisation"}]
    assert "Décarbonation (decarbonisation)" in resolved["message"]


@pytest.mark.parametrize(
    ("text", "how"),
    [
        ("build-to-print", "KEY"),
        ("Montée en compétences", "LABEL"),
        ("VEILLE technologique", "LABEL"),
        ("skills development", "SYNONYM"),
        ("R&D", "SYNONYM"),
        ("upskiling", "FULL_TEXT"),
    ],
)
async def test_resolution_by_key_label_synonym_or_full_text(
    client: httpx.AsyncClient, text: str, how: str
) -> None:
    resolved = await hint(client, text)
    assert resolved["matchedBy"] == how
    assert len(resolved["themes"]) == 1
    assert (resolved["message"] is None) == (how != "FULL_TEXT")


async def test_narrower_themes_widen_the_search(client: httpx.AsyncClient) -> None:
    resolved = await hint(client, "training")
    assert [t["key"] for t in resolved["searchedThemes"]] == [
        "specialised-technical-training",
        "training",
        "upskilling",
        "vocational-training",
        "work-study-training",
    ]
    narrow = await expertise(client, "training", narrower=False)
    wide = await expertise(client, "training")
    assert actors(narrow) == {"ofppt"}
    assert actors(narrow) < actors(wide)
    assert "cid" in actors(wide)
    distances = {item["distance"] for hit in wide for item in hit["evidence"]}
    assert distances == {0, 1}


async def test_an_item_counts_once_per_actor(client: httpx.AsyncClient) -> None:
    # The framework agreement covers five themes under industrial engineering.
    for hit in await expertise(client, "industrial engineering"):
        items = [(item["kind"], item["key"]) for item in hit["evidence"]]
        assert len(items) == len(set(items))


async def test_score_is_the_documented_sum(client: httpx.AsyncClient) -> None:
    hits = await expertise(client, "industrial technical services")
    assert hits
    for hit in hits:
        total = 0.0
        strengths = []
        for item in hit["evidence"]:
            factor = scoring.NARROWER ** item["distance"]
            assert item["roleWeight"] == scoring.ROLE_WEIGHTS.get(item["role"], 1.0)
            strength = (
                item["weight"] * item["roleWeight"] * item["recency"] * item["certainty"] * factor
            )
            strengths.append(strength)
            expected = strength * item["saturation"]
            assert item["contribution"] == pytest.approx(expected, abs=1e-5)
            assert item["certainty"] == (0.5 if item["confidence"] == "UNCERTAIN" else 1.0)
            total += item["contribution"]
        assert hit["score"] == pytest.approx(total, abs=1e-5)
        # Evidence comes strongest first: it counts whole, the n-th SATURATION^(n-1) times.
        assert [item["saturation"] for item in hit["evidence"]] == pytest.approx(
            [scoring.SATURATION**n for n in range(len(strengths))], abs=1e-6
        )
        assert strengths == sorted(strengths, reverse=True)
    order = [(-score, key) for key, score in ranking(hits)]
    assert order == sorted(order)
    assert ranking(hits) == ranking(await expertise(client, "industrial technical services"))


async def test_weights_and_recency(client: httpx.AsyncClient) -> None:
    for hit in await expertise(client, "build to print"):
        weights = {item["kind"]: (item["weight"], item["recency"]) for item in hit["evidence"]}
        assert weights["PROJECT"] == (scoring.WEIGHTS["PROJECT"], 1.0)  # undated: current
        assert weights["AGREEMENT"][0] == scoring.AGREEMENT_WEIGHTS["collaboration_protocol"]
        assert 0 < weights["AGREEMENT"][1] < 1
    for hit in await expertise(client, "build to print", asOf="2025-10-16"):
        weights = {item["kind"]: (item["weight"], item["recency"]) for item in hit["evidence"]}
        assert weights == {"AGREEMENT": (2.0, 1.0)}  # signed that day; the project is undated
    older = await expertise(client, "R&D", asOf="2027-06-07")
    framework_2022 = next(
        item for hit in older for item in hit["evidence"] if item["key"] == "framework-2022-06-07"
    )
    assert framework_2022["recency"] == pytest.approx(0.5, abs=1e-3)  # five years on


async def test_as_of_drops_later_agreements_and_undated_projects(
    client: httpx.AsyncClient,
) -> None:
    # Before the 2025 signing only FACTS-2's earlier work (2022 forum and roadmap) and CTTH's
    # undated competency remain; the framework and the undated water convention are dropped.
    before = await expertise(client, "décarbonation", asOf="2025-10-15")
    assert actors(before) == {"ctth", "amica", "fenagri", "fmp", "mic", "fimme"}
    keys = {item["key"] for hit in before for item in hit["evidence"]}
    assert keys == {"energy-efficiency", "feip-2022-10th", "fimme-roadmap-2022"}
    hits = await expertise(client, "industrial engineering", asOf="2023-01-01", first=100)
    assert actors(hits) >= {
        "mic", "capgemini-engineering-maroc", "aecid", "maroc-pme", "cid",
        "ministere-investissement", "ministere-transition-numerique", "ambassade-espagne",
        "ctth", "rectim", "amica", "fenagri", "fmp", "fimme", "altran-maroc", "fmc",
        "amith", "esith", "incdtp", "uh2c",
    }  # fmt: skip
    assert "framework-2025-10-16" not in {item["key"] for hit in hits for item in hit["evidence"]}
    for hit in hits:
        for item in hit["evidence"]:
            assert item["date"] is None or item["date"] <= "2023-01-01"
            assert item["kind"] != "PROJECT" or item["date"] is not None


async def test_filters_by_kind_region_and_sector(client: httpx.AsyncClient) -> None:
    only_ctis = await expertise(client, "décarbonation", kinds=["TECHNICAL_CENTRE"])
    assert actors(only_ctis) == CTIS
    assert {hit["actor"]["kind"] for hit in only_ctis} == {"TECHNICAL_CENTRE"}
    in_rabat = await expertise(client, "décarbonation", region="Rabat-Salé-Kénitra")
    assert actors(in_rabat) == {"cid", "mic"}
    in_casablanca = await expertise(client, "build to print", region="casablanca-settat")
    assert actors(in_casablanca) == {"ctpc", "capgemini-engineering-maroc"}
    automotive = await expertise(client, "essais", sector="automotive")
    # The carmaker's R&D centre (2019 convention) and the type-approval centre (CNEH).
    assert actors(automotive) == {"cetiev", "stellantis", "mtc", "cneh"}


async def test_evidence_points_at_real_items_with_sources(
    client: httpx.AsyncClient, seeded: Db
) -> None:
    rows = await seeded.read(
        "MATCH (n) WHERE n:Agreement OR n:Project OR n:Theme OR n:Sector "
        "RETURN n.key AS key, labels(n) AS labels"
    )
    known = {(row["key"], label) for row in rows for label in row["labels"]}
    sources = {row["key"] for row in await seeded.read("MATCH (s:Source) RETURN s.key AS key")}
    label = {"AGREEMENT": "Agreement", "PROJECT": "Project", "COMPETENCY": "Theme"}
    checked = 0
    for text in ("décarbonation", "build to print", "training", "testing", "plastics", "R&D"):
        for hit in await expertise(client, text):
            for item in hit["evidence"]:
                assert (item["key"], label.get(item["kind"], "Sector")) in known
                assert item["sources"], item
                assert {source["key"] for source in item["sources"]} <= sources
                assert all(source["title"] for source in item["sources"])
                if item["kind"] == "COMPETENCY":
                    assert item["statement"]
                    assert item["theme"]["key"] == item["key"]
                checked += 1
    assert checked > 40


async def test_one_round_trip_per_root_field(client: httpx.AsyncClient) -> None:
    operation = """{ expertise(theme: "décarbonation", first: 50) {
               actor { key name partners(first: 2) { actor { key } } agreements { totalCount } }
               evidence { agreement { parties { actor { key } } } sources { title } } }
             expertiseHint(theme: "décarbonation") { themes { label actors { key } } } }"""
    # The first request may read the gazetteer itself if the start-up warm-up has not yet;
    # a warm request does not.
    cold = await gql(client, operation)
    assert "errors" not in cold, cold["errors"]
    body = await gql(client, operation)
    assert "errors" not in body, body["errors"]
    # expertise: its evidence (a fixed text), then the best actors' selection; the hint: one.
    assert body["extensions"]["cypher"]["roundTrips"] == 3


async def test_evidence_first_and_aliases(client: httpx.AsyncClient) -> None:
    found = await data(
        client,
        """{ expertise(theme: "industrial engineering", first: 1) {
               score top: evidence(first: 1) { key contribution }
               all: evidence { contribution }
               actor { fr: name en: name(lang: EN) } } }""",
    )
    [hit] = found["expertise"]
    assert len(hit["top"]) == 1
    assert len(hit["all"]) > 1
    assert hit["top"][0]["contribution"] == max(item["contribution"] for item in hit["all"])
    # CTPC declares innovation (narrower than industrial engineering) and performs the
    # build-to-print training; the ministry is party to more work, but as the forums' patron
    # for part of it.
    assert hit["actor"] == {"fr": "Centre Technique de la Plasturgie et du Caoutchouc",
                            "en": "Technical Centre for Plastics and Rubber"}  # fmt: skip


async def test_argument_errors(client: httpx.AsyncClient) -> None:
    assert await codes(client, EXPERTISE, {"theme": "x" * 201}) == ["LIMIT_EXCEEDED"]
    assert await codes(client, EXPERTISE, {"theme": "training", "first": 101}) == ["LIMIT_EXCEEDED"]
    assert await codes(client, EXPERTISE, {"theme": "  ()  "}) == ["VALIDATION"]
    assert await codes(client, HINT, {"theme": ""}) == ["VALIDATION"]
