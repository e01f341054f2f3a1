"""The second pass's facts as the API serves them: former names, French descriptions, sites,
amounts, signatories, dated competencies, and search over them."""

from __future__ import annotations

import httpx
import pytest

from tests.api_helpers import data, global_id
from tests.test_search import hits, pairs

pytestmark = pytest.mark.usefixtures("seeded")


async def test_an_actor_is_found_under_a_former_name(client: httpx.AsyncClient) -> None:
    found = await hits(client, "ANPME", kinds=["ACTOR"])
    assert pairs(found)[0] == ("ACTOR", "maroc-pme")
    assert "formerNames" in {m["field"] for m in found[0]["matched"]}
    old = "Association Marocaine pour l'Industrie et le Commerce Automobile"
    exact = await hits(client, old, kinds=["ACTOR"])
    assert (exact[0]["node"]["key"], exact[0]["exact"]) == ("amica", True)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("R&D", {"mtc", "cetiev", "ctpc", "ctth", "esith"}),
        ("essais", {"cetiev", "ctpc", "cetemco", "cneh", "cetim-maroc"}),
    ],
)
async def test_service_words_find_the_centres_the_sources_name(
    client: httpx.AsyncClient, text: str, named: set[str]
) -> None:
    found = await hits(client, text, kinds=["ACTOR"], first=20)
    assert named <= {key for _, key in pairs(found)}


ACTOR = """query ($key: String!) { actor(key: $key) {
  fr: description(lang: FR) en: description translated
  formerNames { name period fromYear untilYear confidence note }
  sites { key name city { key } }
  partners { actor { key } }
  competencies { theme { key } since standard }
} }"""


async def test_actor_reads_in_both_languages_with_former_names(client: httpx.AsyncClient) -> None:
    amica = (await data(client, ACTOR, {"key": "amica"}))["actor"]
    assert amica["fr"].startswith("Association professionnelle de l'industrie automobile")
    assert amica["en"].startswith("Professional association of the automotive industry")
    assert amica["translated"] == ["descriptionFr"]
    [former] = amica["formerNames"]
    assert former["name"] == "Association Marocaine pour l'Industrie et le Commerce Automobile"
    assert (former["period"], former["fromYear"], former["untilYear"]) == ("-2017", None, 2017)
    fimme = (await data(client, ACTOR, {"key": "fimme"}))["actor"]
    assert [(f["untilYear"], f["confidence"]) for f in fimme["formerNames"]] == [
        (2010, "UNCERTAIN")
    ]


async def test_cetiev_works_with_the_carmaker_and_its_r_and_d_centre(
    client: httpx.AsyncClient,
) -> None:
    cetiev = (await data(client, ACTOR, {"key": "cetiev"}))["actor"]
    assert {"stellantis", "mtc", "cneh"} <= {p["actor"]["key"] for p in cetiev["partners"]}
    assert [site["key"] for site in cetiev["sites"]] == ["complexe-cti"]
    ctpc = (await data(client, ACTOR, {"key": "ctpc"}))["actor"]
    dated = {c["theme"]["key"]: (c["since"], c["standard"]) for c in ctpc["competencies"]}
    assert dated["accreditation"] == (2015, "ISO/IEC 17025")
    assert dated["food-contact-safety"][0] == 2025


async def test_sites_amounts_signatories_and_partial_dates(client: httpx.AsyncClient) -> None:
    found = await data(
        client,
        """query ($site: ID!) {
          plan: agreement(key: "framework-2013-02-20") {
            amounts { mdh label confidence note } confidence note }
          fnm: agreement(key: "convention-2018-10-fnm-france-export-cereales") {
            signedOn datePrecision }
          framework: agreement(key: "framework-2025-10-16") {
            datePrecision parties { actor { key } person } }
          cetiev: project(key: "cetiev-2-0") { site { key name(lang: EN) } amounts { mdh } }
          site: node(id: $site) { ... on Site { key city { key } actors { key } } }
        }""",
        {"site": global_id("Site", "casanearshore")},
    )
    amounts = found["plan"]["amounts"]
    assert [(a["mdh"], a["confidence"]) for a in amounts] == [
        (290.0, "UNCERTAIN"),
        (360.0, "UNCERTAIN"),
    ]
    assert all(a["note"] for a in amounts)
    assert (found["fnm"]["signedOn"], found["fnm"]["datePrecision"]) == ("2018-10-01", "month")
    persons = {p["actor"]["key"]: p["person"] for p in found["framework"]["parties"]}
    assert persons["mic"] == "Ryad Mezzour, minister"
    assert persons["cid"] == "Ahmed Chalabi, director general"
    assert found["framework"]["datePrecision"] == "day"
    assert found["cetiev"]["site"]["key"] == "complexe-cti"
    assert sorted(a["mdh"] for a in found["cetiev"]["amounts"]) == [33.0, 60.0, 95.0]
    site = found["site"]
    assert site["city"] == {"key": "casablanca"}
    assert {"capgemini-engineering-maroc", "altran-maroc"} <= {a["key"] for a in site["actors"]}
