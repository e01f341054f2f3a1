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

FEDERATIONS = {"fmp", "amica", "fimme", "fedic", "amith", "fmc"}
SPECIFIC = {f"specific-contract-cid-{cti}" for cti in CTIS}
NO_AGREEMENT = {"amdie", "amica", "amith", "capgemini", "fedic", "fmp", "ofppt", "stellantis"}

ACTOR_CASES: list[tuple[str, dict[str, Any], AbstractSet[str] | None]] = [
    ("startsWith insensitive", {"name": {"startsWith": "centre", "mode": "INSENSITIVE"}}, CTIS),
    ("startsWith exact, wrong case", {"name": {"startsWith": "centre"}}, set()),
    ("startsWith exact", {"name": {"startsWith": "Centre"}}, CTIS),
    (
        "contains without accent",
        {"name": {"contains": "Ministere", "mode": "INSENSITIVE"}},
        {"mic"},
    ),
    ("contains exact needs accent", {"name": {"contains": "Ministere"}}, set()),
    ("contains exact with accent", {"name": {"contains": "Ministère"}}, {"mic"}),
    ("English name", {"name": {"contains": "MINISTRY OF", "mode": "INSENSITIVE"}}, {"mic"}),
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
        {"capgemini", "capgemini-engineering-maroc"},
    ),
    (
        "city equals",
        {"city": {"equals": "casablanca"}},
        {"capgemini-engineering-maroc", "cetiev", "ctpc"},
    ),
    ("city in", {"city": {"in": ["paris", "rabat"]}}, {"capgemini", "cid", "mic"}),
    (
        "region",
        {"region": {"equals": "casablanca-settat"}},
        {"capgemini-engineering-maroc", "cetiev", "ctpc"},
    ),
    ("region in", {"region": {"in": ["rabat-sale-kenitra"]}}, {"cid", "mic"}),
    ("sector", {"sector": {"equals": "automotive"}}, {"amica", "cetiev", "stellantis"}),
    (
        "sector in",
        {"sector": {"in": ["automotive", "agri-food"]}},
        {"amica", "cetiev", "stellantis", "cetia"},
    ),
    ("founded gte", {"founded": {"gte": 2005}}, {"amdie", "cetiev", "cmtc", "ctpc"}),
    ("founded lt", {"founded": {"lt": 2000}}, {"cetemco", "cid", "ofppt"}),
    ("founded equals", {"founded": {"equals": 2005}}, {"cetiev", "cmtc"}),
    ("founded gt and lte", {"founded": {"gt": 2000, "lte": 2006}}, {"cetiev", "cmtc", "ctpc"}),
    ("kind equals", {"kind": {"equals": "FEDERATION"}}, FEDERATIONS),
    ("kind in", {"kind": {"in": ["MINISTRY", "NETWORK"]}}, {"mic", "rectim"}),
    ("confidence", {"confidence": "UNCERTAIN"}, {"amith", "cid", "fedic", "fimme"}),
    (
        "fields AND",
        {"kind": {"equals": "TECHNICAL_CENTRE"}, "city": {"equals": "casablanca"}},
        {"cetiev", "ctpc"},
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
        {"capgemini", "capgemini-engineering-maroc", "cid", "mic", "rectim", "stellantis"},
    ),
    (
        "NOT inside OR",
        {
            "OR": [
                {"kind": {"equals": "MINISTRY"}},
                {"city": {"equals": "casablanca"}, "NOT": {"kind": {"equals": "COMPANY"}}},
            ]
        },
        {"mic", "cetiev", "ctpc"},
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
        set(),
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
        {"cetemco", "cetiev", "cmtc"},
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
        assert len(found) == 25
    else:
        assert found == expected


AGREEMENT_CASES: list[tuple[str, dict[str, Any], set[str]]] = [
    ("signedOn gt", {"signedOn": {"gt": "2023-04-11"}}, SPECIFIC | {FRAMEWORK, PROTOCOL}),
    (
        "signedOn lte",
        {"signedOn": {"lte": "2022-06-07"}},
        {"framework-2013-02-20", "framework-2022-06-07"},
    ),
    ("signedOn equals", {"signedOn": {"equals": "2022-12-01"}}, {"cooperation-2022-12-01"}),
    (
        "signedOn gte and lt",
        {"signedOn": {"gte": "2022-06-07", "lt": "2022-12-01"}},
        {"framework-2022-06-07", "memoranda-2022-11-01-capgemini"},
    ),
    ("kind equals", {"kind": {"equals": "SPECIFIC_CONTRACT"}}, SPECIFIC),
    (
        "kind in",
        {"kind": {"in": ["MEMORANDUM", "COOPERATION_AGREEMENT"]}},
        {"cooperation-2022-12-01", "memoranda-2022-11-01-capgemini"},
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
        {"memoranda-2022-11-01-capgemini", PROTOCOL},
    ),
    (
        "parties none",
        {"parties": {"none": {"kind": {"equals": "MINISTRY"}}}},
        SPECIFIC | {PROTOCOL},
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
        {"memoranda-2022-11-01-capgemini"},
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
        {"digital-transformation", "decarbonisation", "circular-economy", "build-to-print"},
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
        {"build-to-print-training-automotive-parts", "cetiev-2-0"},
    ),
    ("status none", {"status": {"equals": "ACTIVE"}}, set()),
    ("startedOn", {"startedOn": {"lte": "2021-04-09"}}, {"cetiev-2-0"}),
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
    ("title", {"title": {"contains": "cetiev", "mode": "INSENSITIVE"}}, {"cetiev-2-0"}),
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
