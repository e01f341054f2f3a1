"""Every `where` operator on the seed graph: strings, keys, numbers, dates, enums, logic."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import Any

import httpx
import pytest
from neo4j import AsyncDriver

from settings import Settings
from tests.api_helpers import CTIS, FRAMEWORK, PROTOCOL, actor_keys, codes, cypher, data, keys

pytestmark = pytest.mark.usefixtures("seeded")

FEDERATIONS = {
    "fmp", "amica", "fimme", "fedic", "amith", "fmc",  # FACTS.md
    "amiba", "amp", "amtp", "atilh", "cgem", "coafric", "fenagri", "fiac", "fidic", "fnm",
    "gipam", "ufimh", "uit",  # FACTS-2: associations, federations, confederations
}  # fmt: skip
SPECIFIC = {f"specific-contract-cid-{cti}" for cti in CTIS}
# Centres whose French name starts with "Centre": the nine CTIs, the French centres CSTB and
# CETIM, and the Moroccan public centres CNEH, CRTS and CRI Fès-Meknès.
CENTRES = CTIS | {"cstb", "cetim", "cneh", "crts", "cri-fes-meknes"}
MINISTRIES = {
    "mic", "ministere-artisanat", "ministere-enseignement-superieur", "ministere-equipement",
    "ministere-finances", "ministere-investissement", "ministere-transition-numerique",
}  # fmt: skip
IN_CASABLANCA = {
    "altran-maroc", "capgemini-engineering-maroc", "capgemini-technology-maroc", "cetemco",
    "cetiev", "cetim-maroc", "cneh", "ctpc", "esith", "ifim", "ifmia-casablanca", "mg2", "mtc",
    "ofppt-complexe-ain-sbaa", "uh2c",
}  # fmt: skip
IN_RABAT = MINISTRIES - {"ministere-artisanat"} | {"ambassade-espagne", "cid"}
AUTOMOTIVE = {
    "altran-maroc", "amica", "cetiev", "cneh", "gipam", "ifmia-casablanca", "magna", "mg2", "mtc",
    "stellantis",
}  # fmt: skip
# Party to no agreement (many FACTS-2 actors appear in projects, links or competencies only).
NO_AGREEMENT = {
    "afd", "altran", "altran-maroc", "amdie", "amiba", "amica", "amp", "amtp", "atilh",
    "bmce-bank-of-africa", "c2tm", "capgemini-technology-maroc", "cdg", "cetim", "cetim-maroc",
    "cgem", "cid-filiale-cote-divoire", "cid-filiale-djibouti", "cid-filiale-oman",
    "cid-filiale-senegal", "cid-filiale-tunisie", "cneh", "coafric", "crts", "cstb", "emteyco",
    "esith", "fedic", "fenagri", "fiac", "fidic", "finatech", "fmp", "gipam", "ifmia-casablanca",
    "imanor", "incdtp", "magna", "maroc-numeric-cluster", "mg2", "ministere-artisanat",
    "ministere-equipement", "ofppt", "ofppt-complexe-ain-sbaa", "uh2c",
}  # fmt: skip
CID_SUBSIDIARIES = {
    f"cid-filiale-{country}"
    for country in ("tunisie", "cote-divoire", "senegal", "oman", "djibouti")
}
ACTORS = 83

ACTOR_CASES: list[tuple[str, dict[str, Any], AbstractSet[str] | None]] = [
    ("startsWith insensitive", {"name": {"startsWith": "centre", "mode": "INSENSITIVE"}}, CENTRES),
    ("startsWith exact, wrong case", {"name": {"startsWith": "centre"}}, set()),
    ("startsWith exact", {"name": {"startsWith": "Centre"}}, CENTRES),
    (
        "contains without accent",
        {"name": {"contains": "Ministere", "mode": "INSENSITIVE"}},
        MINISTRIES,
    ),
    ("contains exact needs accent", {"name": {"contains": "Ministere"}}, set()),
    ("contains exact with accent", {"name": {"contains": "Ministère"}}, MINISTRIES),
    # The digital-transition ministry is a "Ministry Delegate for ...".
    (
        "English name",
        {"name": {"contains": "MINISTRY OF", "mode": "INSENSITIVE"}},
        MINISTRIES - {"ministere-transition-numerique"},
    ),
    ("equals exact", {"name": {"equals": "Capgemini SE"}}, {"capgemini"}),
    ("equals exact, wrong case", {"name": {"equals": "capgemini se"}}, set()),
    (
        "equals insensitive",
        {"name": {"equals": "CAPGEMINI se", "mode": "INSENSITIVE"}},
        {"capgemini"},
    ),
    ("in exact", {"acronym": {"in": ["CID", "CTPC", "cetia"]}}, {"cid", "ctpc"}),
    (
        "in insensitive",
        {"acronym": {"in": ["cid", "Ctpc"], "mode": "INSENSITIVE"}},
        {"cid", "ctpc"},
    ),
    ("key equals", {"key": {"equals": "mic"}}, {"mic"}),
    (
        "key startsWith",
        {"key": {"startsWith": "capgemini"}},
        {"capgemini", "capgemini-engineering-maroc", "capgemini-technology-maroc"},
    ),
    ("city equals", {"city": {"equals": "casablanca"}}, IN_CASABLANCA),
    ("city in", {"city": {"in": ["paris", "rabat"]}}, IN_RABAT | {"capgemini", "afd"}),
    ("region", {"region": {"equals": "casablanca-settat"}}, IN_CASABLANCA),
    ("region in", {"region": {"in": ["rabat-sale-kenitra"]}}, IN_RABAT),
    ("sector", {"sector": {"equals": "automotive"}}, AUTOMOTIVE),
    (
        "sector in",
        {"sector": {"in": ["automotive", "agri-food"]}},
        AUTOMOTIVE | {"cetia", "fenagri", "ofppt-complexe-ain-sbaa"},
    ),
    (
        "founded gte",
        {"founded": {"gte": 2005}},
        {
            "altran-maroc",
            "amdie",
            "c2tm",
            "cetiev",
            "cetim-maroc",
            "cmtc",
            "ctpc",
            "gipam",
            "imanor",
            "mg2",
        },
    ),
    ("founded lt", {"founded": {"lt": 2000}}, {"amp", "cetemco", "cid", "fimme", "ofppt"}),
    ("founded equals", {"founded": {"equals": 2005}}, {"cetiev", "cmtc"}),
    (
        "founded gt and lte",
        {"founded": {"gt": 2000, "lte": 2006}},
        {"cetiev", "cetim-maroc", "cmtc", "ctpc"},
    ),
    ("kind equals", {"kind": {"equals": "FEDERATION"}}, FEDERATIONS),
    (
        "kind in",
        {"kind": {"in": ["MINISTRY", "NETWORK"]}},
        MINISTRIES | {"rectim", "c2tm", "maroc-numeric-cluster"},
    ),
    # FACTS-2 settled the names of AMITH, FEDIC and FIMME (X08-X10): they are certain now.
    (
        "confidence",
        {"confidence": "UNCERTAIN"},
        {
            "alten-maroc",
            "altran-maroc",
            "amp",
            "amtp",
            "bmce-bank-of-africa",
            "cid",
            "cid-filiale-djibouti",
            "fmc",
        },
    ),
    (
        "fields AND",
        {"kind": {"equals": "TECHNICAL_CENTRE"}, "city": {"equals": "casablanca"}},
        {"cetemco", "cetiev", "ctpc"},
    ),
    (
        "AND",
        {"AND": [{"kind": {"equals": "TECHNICAL_CENTRE"}}, {"founded": {"gte": 2005}}]},
        {"cetiev", "cmtc", "ctpc"},
    ),
    ("OR", {"OR": [{"key": {"equals": "mic"}}, {"acronym": {"equals": "CID"}}]}, {"cid", "mic"}),
    (
        "NOT",
        {"NOT": {"kind": {"in": ["TECHNICAL_CENTRE", "FEDERATION", "AGENCY"]}}},
        MINISTRIES
        | CID_SUBSIDIARIES
        | {
            "alten-maroc",
            "altran",
            "altran-maroc",
            "bmce-bank-of-africa",
            "c2tm",
            "capgemini",
            "capgemini-engineering-maroc",
            "capgemini-technology-maroc",
            "cetim-maroc",
            "cid",
            "cnexia",
            "emteyco",
            "esith",
            "ewane",
            "finatech",
            "ifim",
            "ifmia-casablanca",
            "magna",
            "maroc-numeric-cluster",
            "mg2",
            "mtc",
            "ofppt-complexe-ain-sbaa",
            "rectim",
            "stellantis",
            "uh2c",
        },
    ),
    (
        "NOT inside OR",
        {
            "OR": [
                {"kind": {"equals": "MINISTRY"}},
                {"city": {"equals": "casablanca"}, "NOT": {"kind": {"equals": "COMPANY"}}},
            ]
        },
        MINISTRIES
        | {
            "cetemco",
            "cetiev",
            "cneh",
            "ctpc",
            "esith",
            "ifim",
            "ifmia-casablanca",
            "ofppt-complexe-ain-sbaa",
            "uh2c",
        },
    ),
    (
        "agreements some",
        {"agreements": {"some": {"kind": {"equals": "COLLABORATION_PROTOCOL"}}}},
        {"capgemini-engineering-maroc", "cid", "ctpc"},
    ),
    ("agreements none", {"agreements": {"none": {}}}, NO_AGREEMENT),
    (
        "agreements all (vacuously true without agreements)",
        {"agreements": {"all": {"signedOn": {"gte": "2025-01-01"}}}},
        NO_AGREEMENT | {"cid"},
    ),
    (
        "agreements some and all",
        {"agreements": {"some": {}, "all": {"signedOn": {"gte": "2025-01-01"}}}},
        {"cid"},
    ),
    ("competencies some", {"competencies": {"some": {"key": {"equals": "dams"}}}}, {"cid"}),
    (
        "competencies none",
        {
            "kind": {"equals": "ENGINEERING_FIRM"},
            "competencies": {"none": {"key": {"equals": "dams"}}},
        },
        CID_SUBSIDIARIES,
    ),
    (
        "competencies all",
        {
            "competencies": {
                "some": {},
                "all": {
                    "key": {
                        "in": [
                            "testing-and-laboratories",
                            "certification",
                            "industrial-technical-services",
                            "type-approval",
                            "technology-watch",
                            "standardisation",
                        ]
                    }
                },
            }
        },
        # CETEMCO, CETIEV and CMTC (the answer on the first graph) now also hold training,
        # proficiency testing, EMC testing, market surveillance or technical assistance.
        {"cneh", "imanor"},
    ),
    (
        "projects some",
        {"projects": {"some": {"key": {"equals": "cetiev-2-0"}}}},
        {"cetiev", "mic", "stellantis"},
    ),
    ("nothing", {}, None),
]


@pytest.mark.parametrize(
    ("where", "expected"), [c[1:] for c in ACTOR_CASES], ids=[c[0] for c in ACTOR_CASES]
)
async def test_actor_filters(
    client: httpx.AsyncClient, where: dict[str, Any], expected: AbstractSet[str] | None
) -> None:
    found = await actor_keys(client, where)
    if expected is None:
        assert len(found) == ACTORS
    else:
        assert found == expected


# Agreements of the second pass (FACTS-2) that some cases now also find.
CETIEV_2019 = "convention-2019-11-25-psa-cetiev"
FNM_2018 = "convention-2018-10-fnm-france-export-cereales"
AMITH_2019 = {"convention-2019-10-amith-uit", "convention-2019-10-amith-ufimh"}
FINANCING_2016 = "financing-contracts-2016-03-31"
PERFORMANCE_2016 = "performance-contracts-2016-03-23-construction-materials"
ALTEN_2023 = "convention-2023-10-26-alten"
FES_SHORE_2023 = "conventions-2023-11-22-fes-shore"
MESRSI_2024 = "memorandum-2024-07-mesrsi-capgemini"

AGREEMENT_CASES: list[tuple[str, dict[str, Any], set[str]]] = [
    (
        "signedOn gt",
        {"signedOn": {"gt": "2023-04-11"}},
        SPECIFIC | {FRAMEWORK, PROTOCOL, ALTEN_2023, FES_SHORE_2023, MESRSI_2024},
    ),
    (
        "signedOn lte",
        {"signedOn": {"lte": "2022-06-07"}},
        {"framework-2013-02-20", "framework-2022-06-07", PERFORMANCE_2016, FINANCING_2016}
        | {FNM_2018, CETIEV_2019}
        | AMITH_2019,
    ),
    ("signedOn equals", {"signedOn": {"equals": "2022-12-01"}}, {"cooperation-2022-12-01"}),
    (
        "signedOn gte and lt",
        {"signedOn": {"gte": "2022-06-07", "lt": "2022-12-01"}},
        {"framework-2022-06-07", "memoranda-2022-11-01-capgemini"},
    ),
    (
        "kind equals",
        {"kind": {"equals": "SPECIFIC_CONTRACT"}},
        SPECIFIC | {FINANCING_2016, ALTEN_2023},
    ),
    (
        "kind in",
        {"kind": {"in": ["MEMORANDUM", "COOPERATION_AGREEMENT"]}},
        {"cooperation-2022-12-01", "memoranda-2022-11-01-capgemini", FNM_2018, CETIEV_2019}
        | {FES_SHORE_2023, MESRSI_2024}
        | AMITH_2019,
    ),
    ("place", {"place": {"equals": "tanger"}}, {"framework-2013-02-20"}),
    (
        "parent and NOT",
        {"parent": {"equals": FRAMEWORK}, "NOT": {"kind": {"equals": "SPECIFIC_CONTRACT"}}},
        {PROTOCOL},
    ),
    ("parent in", {"parent": {"in": [FRAMEWORK]}}, SPECIFIC | {PROTOCOL}),
    (
        "title insensitive",
        {"title": {"contains": "MEMORANDUMS", "mode": "INSENSITIVE"}},
        {"memoranda-2022-11-01-capgemini"},
    ),
    ("title exact", {"title": {"startsWith": "Mémorandums"}}, {"memoranda-2022-11-01-capgemini"}),
    ("title exact without accent", {"title": {"startsWith": "Memorandums"}}, set()),
    (
        "confidence",
        {"confidence": "UNCERTAIN", "kind": {"equals": "FRAMEWORK_AGREEMENT"}},
        {"framework-2013-02-20"},
    ),
    (
        "parties some",
        {"parties": {"some": {"key": {"equals": "capgemini-engineering-maroc"}}}},
        {"memoranda-2022-11-01-capgemini", PROTOCOL, FES_SHORE_2023},
    ),
    (
        "parties none",
        {"parties": {"none": {"kind": {"equals": "MINISTRY"}}}},
        SPECIFIC | {PROTOCOL, FNM_2018, FES_SHORE_2023} | AMITH_2019,
    ),
    (
        "parties all",
        {"parties": {"all": {"kind": {"in": ["ENGINEERING_FIRM", "TECHNICAL_CENTRE"]}}}},
        SPECIFIC,
    ),
    (
        "parties all, none match",
        {"parties": {"all": {"kind": {"equals": "TECHNICAL_CENTRE"}}}},
        set(),
    ),
    ("themes some", {"themes": {"some": {"key": {"equals": "decarbonisation"}}}}, {FRAMEWORK}),
    (
        "themes some by label",
        {"themes": {"some": {"label": {"equals": "certification"}}}},
        {"cooperation-2022-12-01"},
    ),
    (
        "themes none",
        {"themes": {"none": {}}, "kind": {"in": ["FRAMEWORK_AGREEMENT", "TARGET_CONTRACT"]}},
        {"framework-2013-02-20"} | {f"target-contract-2023-{cti}" for cti in CTIS},
    ),
    (
        "themes all",
        {"themes": {"some": {}, "all": {"under": {"equals": "industrial-engineering"}}}},
        # Industrial ecosystems and engineering-services outsourcing are narrower themes.
        {"memoranda-2022-11-01-capgemini", PERFORMANCE_2016, FES_SHORE_2023},
    ),
]


@pytest.mark.parametrize(
    ("where", "expected"), [c[1:] for c in AGREEMENT_CASES], ids=[c[0] for c in AGREEMENT_CASES]
)
async def test_agreement_filters(
    client: httpx.AsyncClient, where: dict[str, Any], expected: set[str]
) -> None:
    found = await data(
        client,
        "query ($w: AgreementWhere) { agreements(first: 100, where: $w) { nodes { key } } }",
        {"w": where},
    )
    assert set(keys(found["agreements"]["nodes"])) == expected


THEME_CASES: list[tuple[str, dict[str, Any], set[str]]] = [
    (
        "label in insensitive",
        {"label": {"in": ["DAMS", "ports"], "mode": "INSENSITIVE"}},
        {"dams", "ports"},
    ),
    ("label synonym exact", {"label": {"equals": "barrage"}}, {"dams"}),
    ("key in", {"key": {"in": ["dams", "rail", "nope"]}}, {"dams", "rail"}),
    (
        "under",
        {"under": {"equals": "industrial-engineering"}},
        {
            "industrial-engineering",
            "innovation",
            "digital-transformation",
            "decarbonisation",
            "circular-economy",
            "automotive-part-design",
            "build-to-print",
            # FACTS-2's themes under it
            "industrial-ecosystem",
            "engineering-services-outsourcing",
            "industry-4-0",
            "digital-inclusion",
            "water-saving",
            "energy-efficiency",
            "waste-valorisation",
            "wastewater-recycling",
        },
    ),
    (
        "under and NOT",
        {
            "under": {"equals": "industrial-engineering"},
            "NOT": {
                "key": {"in": ["industrial-engineering", "innovation", "automotive-part-design"]}
            },
        },
        {"digital-transformation", "decarbonisation", "circular-economy", "build-to-print"}
        | {"industrial-ecosystem", "engineering-services-outsourcing", "industry-4-0"}
        | {"digital-inclusion", "water-saving", "energy-efficiency", "waste-valorisation"}
        | {"wastewater-recycling"},
    ),
]


@pytest.mark.parametrize(
    ("where", "expected"), [c[1:] for c in THEME_CASES], ids=[c[0] for c in THEME_CASES]
)
async def test_theme_filters(
    client: httpx.AsyncClient, where: dict[str, Any], expected: set[str]
) -> None:
    found = await data(
        client,
        "query ($w: ThemeWhere) { themes(first: 100, where: $w) { nodes { key } } }",
        {"w": where},
    )
    assert set(keys(found["themes"]["nodes"])) == expected


PROJECT_CASES: list[tuple[str, dict[str, Any], set[str]]] = [
    (
        "status",
        {"status": {"in": ["UNKNOWN"]}},
        {
            "alten-bridge-programme",
            "build-to-print-training-automotive-parts",
            "cetiev-2-0",
            "cetemco-artisanal-materials",
            "cetemco-ceramic-raw-materials",
            "cetemco-cstb-agreement-in-principle",
            "cetemco-iso-17025-2004",
            "cid-privatisation-talks",
            "cti-development-plan-2023-2026",
            "ctpc-accreditation-roadmap",
            "ctth-water-convention",
            "djibouti-urban-pole",
            "fmc-ecosystem-studies-2019",
            "ifmia-casablanca-set-up",
            "imported-spare-parts-inspection",
            "ofppt-plastics-training-1992",
        },
    ),
    (
        "status active",
        {"status": {"equals": "ACTIVE"}},
        {
            "altran-casablanca-centre",
            "capgemini-rightshore-casablanca",
            "cneh-cetiev-collaboration",
            "jobintech",
        },
    ),
    ("status none", {"status": {"equals": "ACTIVE"}, "title": {"contains": "build"}}, set()),
    (
        "startedOn",
        {"startedOn": {"lte": "2021-04-09"}},
        {
            "altran-casablanca-centre",
            "capgemini-hq-casanearshore-2010",
            "capgemini-rightshore-casablanca",
            "cetemco-iso-17025-2004",
            "cetiev-2-0",
            "cetim-maroc-labs-2014",
            "cti-open-day-2016-09-21",
            "djibouti-urban-pole",
            "fmc-ecosystem-studies-2019",
            "fostex-needs-assessment-2019",
            "industrial-acceleration-plan-2014-2020",
            "ofppt-plastics-training-1992",
        },
    ),
    (
        "agreement",
        {"agreement": {"equals": PROTOCOL}},
        {"build-to-print-training-automotive-parts"},
    ),
    ("participants", {"participants": {"some": {"key": {"equals": "stellantis"}}}}, {"cetiev-2-0"}),
    (
        "themes",
        {"themes": {"some": {"key": {"equals": "build-to-print"}}}},
        {"build-to-print-training-automotive-parts"},
    ),
    (
        "title",
        {"title": {"contains": "cetiev", "mode": "INSENSITIVE"}},
        {"cetiev-2-0", "cneh-cetiev-collaboration"},
    ),
]


@pytest.mark.parametrize(
    ("where", "expected"), [c[1:] for c in PROJECT_CASES], ids=[c[0] for c in PROJECT_CASES]
)
async def test_project_filters(
    client: httpx.AsyncClient, where: dict[str, Any], expected: set[str]
) -> None:
    found = await data(
        client,
        "query ($w: ProjectWhere) { projects(first: 100, where: $w) { nodes { key } } }",
        {"w": where},
    )
    assert set(keys(found["projects"]["nodes"])) == expected


async def test_filters_agree_with_cypher(
    client: httpx.AsyncClient, driver: AsyncDriver, settings: Settings
) -> None:
    rows = await cypher(
        driver,
        settings,
        "MATCH (a:Actor) WHERE a.foundedYear >= 2000 AND a.kind = 'technical_centre' "
        "AND EXISTS { (a)-[:PARTY_TO]->(:Agreement {kind: 'target_contract'}) } "
        "RETURN a.key AS key",
    )
    where = {
        "founded": {"gte": 2000},
        "kind": {"equals": "TECHNICAL_CENTRE"},
        "agreements": {"some": {"kind": {"equals": "TARGET_CONTRACT"}}},
    }
    assert await actor_keys(client, where) == {row["key"] for row in rows}


async def test_nested_filters_on_a_nested_connection(client: httpx.AsyncClient) -> None:
    found = await data(
        client,
        """{ actor(key: "ctpc") { agreements(where: {parent: {equals: "framework-2025-10-16"}}) {
             totalCount nodes { key } } } }""",
    )
    agreements = found["actor"]["agreements"]
    assert set(keys(agreements["nodes"])) == {PROTOCOL, "specific-contract-cid-ctpc"}
    assert agreements["totalCount"] == 2


def _nested_not(depth: int) -> dict[str, Any]:
    where: dict[str, Any] = {"key": {"equals": "mic"}}
    for _ in range(depth):
        where = {"NOT": where}
    return where


async def test_filter_limits(client: httpx.AsyncClient) -> None:
    assert await actor_keys(client, _nested_not(6)) == {"mic"}
    assert await codes(
        client,
        "query ($w: ActorWhere) { actors(where: $w) { nodes { key } } }",
        {"w": _nested_not(8)},
    ) == ["LIMIT_EXCEEDED"]
    many = {"key": {"in": [f"k{i}" for i in range(101)]}}
    assert await codes(
        client, "query ($w: ActorWhere) { actors(where: $w) { nodes { key } } }", {"w": many}
    ) == ["LIMIT_EXCEEDED"]
    long = {"name": {"contains": "x" * 201}}
    assert await codes(
        client, "query ($w: ActorWhere) { actors(where: $w) { nodes { key } } }", {"w": long}
    ) == ["VALIDATION"]


async def test_an_unknown_enum_value_is_a_graphql_validation_error(
    client: httpx.AsyncClient,
) -> None:
    assert await codes(client, "{ actors(where: {kind: {equals: WIZARD}}) { nodes { key } } }") == [
        "GRAPHQL_VALIDATION"
    ]
