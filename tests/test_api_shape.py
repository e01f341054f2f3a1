"""The shape of a response: fragments, global ids, aliases, directives, and one round trip each."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api_helpers import CTIS, FRAMEWORK, codes, data, global_id, keys
from tests.conftest import gql

pytestmark = pytest.mark.usefixtures("seeded")

THREE = '["ctpc", "mic", "capgemini-engineering-maroc", "cetiev"]'


async def test_inline_fragments_on_concrete_types(client: httpx.AsyncClient) -> None:
    found = await data(
        client,
        f"""{{ actors(where: {{key: {{in: {THREE}}}}}) {{ nodes {{
             __typename key
             ... on TechnicalCentre {{ acronym sectors {{ key }} }}
             ... on Company {{ city {{ key }} }}
           }} }} }}""",
    )
    nodes = {node["key"]: node for node in found["actors"]["nodes"]}
    assert nodes["ctpc"] == {
        "__typename": "TechnicalCentre",
        "key": "ctpc",
        "acronym": "CTPC",
        "sectors": [{"key": "plastics-rubber"}],
    }
    assert nodes["cetiev"]["__typename"] == "TechnicalCentre"
    assert nodes["mic"] == {"__typename": "Ministry", "key": "mic"}
    assert nodes["capgemini-engineering-maroc"] == {
        "__typename": "Company",
        "key": "capgemini-engineering-maroc",
        "city": {"key": "casablanca"},
    }


async def test_typename_is_the_concrete_type_everywhere(client: httpx.AsyncClient) -> None:
    found = await data(
        client,
        """{ agreement(key: "framework-2025-10-16") { __typename
             parties { __typename actor { __typename key kind } } } }""",
    )
    agreement = found["agreement"]
    assert agreement["__typename"] == "Agreement"
    names = {
        "TECHNICAL_CENTRE": "TechnicalCentre",
        "MINISTRY": "Ministry",
        "ENGINEERING_FIRM": "EngineeringFirm",
        "NETWORK": "Network",
    }
    for party in agreement["parties"]:
        assert party["__typename"] == "Party"
        assert party["actor"]["__typename"] == names[party["actor"]["kind"]]


async def test_named_fragments_nest_and_merge(client: httpx.AsyncClient) -> None:
    found = await data(
        client,
        """query { actor(key: "ctpc") { ...Who ...Where ... on TechnicalCentre { ...Sectors } } }
        fragment Who on Actor { key name acronym ...Key }
        fragment Key on Actor { key }
        fragment Where on Actor { city { key region { key } } }
        fragment Sectors on TechnicalCentre { sectors { key name(lang: EN) } }""",
    )
    assert found["actor"] == {
        "key": "ctpc",
        "name": "Centre Technique de la Plasturgie et du Caoutchouc",
        "acronym": "CTPC",
        "city": {"key": "casablanca", "region": {"key": "casablanca-settat"}},
        "sectors": [{"key": "plastics-rubber", "name": "Plastics and rubber"}],
    }


async def test_same_key_with_different_arguments_in_exclusive_fragments_is_refused(
    client: httpx.AsyncClient,
) -> None:
    query = f"""{{ actors(where: {{key: {{in: {THREE}}}}}) {{ nodes {{ key
        ... on TechnicalCentre {{ ag: agreements(first: 1) {{ nodes {{ key }} }} }}
        ... on Company {{ ag: agreements(first: 5) {{ nodes {{ key }} }} }} }} }} }}"""
    assert await codes(client, query) == ["VALIDATION"]


NODE = """query ($id: ID!) { node(id: $id) {
  __typename id
  ... on Actor { key name }
  ... on Agreement { key signedOn parties { actor { key } } }
} }"""


@pytest.mark.parametrize(
    ("label", "key", "typename"),
    [("Actor", "ctpc", "TechnicalCentre"), ("Agreement", FRAMEWORK, "Agreement")],
)
async def test_node_by_global_id(
    client: httpx.AsyncClient, label: str, key: str, typename: str
) -> None:
    node_id = global_id(label, key)
    node = (await data(client, NODE, {"id": node_id}))["node"]
    assert node["__typename"] == typename
    assert node["id"] == node_id
    assert node["key"] == key
    if label == "Actor":
        assert set(node) == {"__typename", "id", "key", "name"}
    else:
        assert node["signedOn"] == "2025-10-16"
        assert {party["actor"]["key"] for party in node["parties"]} >= CTIS


async def test_ids_round_trip(client: httpx.AsyncClient) -> None:
    found = await data(client, '{ actor(key: "mic") { id } theme(key: "dams") { id } }')
    for value in (found["actor"]["id"], found["theme"]["id"]):
        again = await data(client, "query ($id: ID!) { node(id: $id) { id } }", {"id": value})
        assert again["node"]["id"] == value


async def test_nodes_keep_order_and_give_null_for_unknown_ids(
    client: httpx.AsyncClient,
) -> None:
    ids = [
        global_id("Agreement", FRAMEWORK),
        global_id("Actor", "no-such-actor"),
        global_id("Actor", "mic"),
        global_id("Theme", "decarbonisation"),
        global_id("Actor", "cid"),
        global_id("Actor", "mic"),
    ]
    body = await gql(
        client,
        """query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id
             ... on Actor { key } ... on Agreement { key } ... on Theme { key } } }""",
        {"ids": ids},
    )
    assert "errors" not in body
    nodes = body["data"]["nodes"]
    assert [node and node["key"] for node in nodes] == [
        FRAMEWORK,
        None,
        "mic",
        "decarbonisation",
        "cid",
        "mic",
    ]
    assert [node and node["id"] for node in nodes] == [
        value if index != 1 else None for index, value in enumerate(ids)
    ]
    assert body["extensions"]["cypher"]["roundTrips"] == 1


@pytest.mark.parametrize(
    "bad_id", ["!!!not-an-id", "", global_id("Wizard", "x"), global_id("Actor", "")]
)
async def test_malformed_ids(client: httpx.AsyncClient, bad_id: str) -> None:
    assert await codes(client, "query ($id: ID!) { node(id: $id) { id } }", {"id": bad_id}) == [
        "VALIDATION"
    ]
    assert await codes(
        client,
        "query ($ids: [ID!]!) { nodes(ids: $ids) { id } }",
        {"ids": [global_id("Actor", "mic"), bad_id]},
    ) == ["VALIDATION"]


async def test_aliases_with_different_arguments(client: httpx.AsyncClient) -> None:
    found = await data(
        client,
        """{ actor(key: "mic") {
             fr: name(lang: FR) en: name(lang: EN) ar: name(lang: AR) name
             recent: agreements(first: 1, orderBy: [{field: SIGNED_ON, direction: DESC}]) {
               nodes { key signedOn } }
             old: agreements(first: 1, orderBy: [{field: SIGNED_ON, direction: ASC}]) {
               nodes { key signedOn } }
           }
           other: actor(key: "cid") { fr: name(lang: FR) } }""",
    )
    actor = found["actor"]
    assert actor["fr"] == actor["name"] == "Ministère de l'Industrie et du Commerce"
    assert actor["en"] == "Ministry of Industry and Trade"
    assert actor["ar"] == "وزارة الصناعة والتجارة"
    assert actor["recent"]["nodes"] == [{"key": FRAMEWORK, "signedOn": "2025-10-16"}]
    assert actor["old"]["nodes"] == [{"key": "framework-2013-02-20", "signedOn": "2013-02-20"}]
    assert found["other"] == {"fr": "Conseil Ingénierie et Développement"}


async def test_a_missing_translation_falls_back_to_french(client: httpx.AsyncClient) -> None:
    found = await data(client, '{ actor(key: "cid") { ar: name(lang: AR) names { ar } } }')
    assert found["actor"] == {"ar": "Conseil Ingénierie et Développement", "names": {"ar": None}}


DIRECTIVES = """query ($skip: Boolean!, $include: Boolean!) { actor(key: "ctpc") {
  key
  name @skip(if: $skip)
  acronym @include(if: $include)
  city @include(if: $include) { key }
  ... on TechnicalCentre @skip(if: $skip) { founded }
  ...Sectors @include(if: $include)
} }
fragment Sectors on Actor { sectors { key } }"""


@pytest.mark.parametrize(("skip", "include"), [(True, False), (False, True), (True, True)])
async def test_skip_and_include_with_variables(
    client: httpx.AsyncClient, skip: bool, include: bool
) -> None:
    found = await data(client, DIRECTIVES, {"skip": skip, "include": include})
    expected: dict[str, Any] = {"key": "ctpc"}
    if not skip:
        expected.update(name="Centre Technique de la Plasturgie et du Caoutchouc", founded=2006)
    if include:
        expected.update(
            acronym="CTPC", city={"key": "casablanca"}, sectors=[{"key": "plastics-rubber"}]
        )
    assert found["actor"] == expected
    body = await gql(client, DIRECTIVES, {"skip": skip, "include": include})
    statement = body["extensions"]["cypher"]["statements"][0]
    assert ("IN_SECTOR" in statement) is include


DEEP = [
    """{ actors(first: 50) { nodes { agreements(first: 50) { nodes { parties { actor {
         partners(first: 10) { actor { key } } } } } } } } }""",
    """{ agreements(first: 50) { totalCount edges { cursor node {
         parent { contracts { parties { actor { key city { region { name } }
           sectors { actors { key } } } } } }
         themes { actors { key competencies { theme { broader { narrower { key } } } } } } }
       } } }""",
    """{ themes(first: 50) { nodes { actors { agreements(first: 50,
         orderBy: [{field: PARTY_COUNT, direction: DESC}]) { totalCount nodes {
           projects { participants { actor { projects { project { themes { key } } } } } }
       } } } } } }""",
    """{ actor(key: "ctpc") { partners(first: 50) { agreements { parties { actor {
         links { actor { memberOf { members { agreements(first: 50) { nodes { key } } } } } } } } }
         projects { participants { actor { competencies { theme { actors { key } } } } } } } } }""",
    """{ projects(first: 50) { nodes { agreement { parent { contracts { projects {
         participants { actor { ... on TechnicalCentre { sectors { actors { key } } } } }
       } } } } } } }""",
]


@pytest.mark.parametrize("query", DEEP)
async def test_deep_queries_cost_one_round_trip(client: httpx.AsyncClient, query: str) -> None:
    body = await gql(client, query)
    assert "errors" not in body, body["errors"]
    assert body["extensions"]["cypher"]["roundTrips"] == 1


async def test_one_round_trip_per_root_field(client: httpx.AsyncClient) -> None:
    two = "{ a: " + DEEP[0].strip()[2:-1] + " b: " + DEEP[3].strip()[2:-1] + " }"
    body = await gql(client, two)
    assert "errors" not in body, body["errors"]
    assert body["extensions"]["cypher"]["roundTrips"] == 2
    assert len(body["data"]["a"]["nodes"]) == 50  # a full page: the seed has 83 actors
    three = '{ actor(key: "mic") { key } agreements(first: 50) { nodes { key } } meta { sources } }'
    body = await gql(client, three)
    assert "errors" not in body, body["errors"]
    assert body["extensions"]["cypher"]["roundTrips"] == 3


async def test_a_big_page_is_complete(client: httpx.AsyncClient) -> None:
    found = await data(
        client,
        """{ actors(first: 100) { nodes { key agreements(first: 50) { totalCount
             nodes { key parties { actor { key } } } } } } }""",
    )
    nodes = found["actors"]["nodes"]
    assert len(nodes) == 83
    for node in nodes:
        agreements = node["agreements"]
        assert len(agreements["nodes"]) == agreements["totalCount"]
        for agreement in agreements["nodes"]:
            assert node["key"] in keys([party["actor"] for party in agreement["parties"]])
