"""Sorting and keyset pagination: orders match Cypher, pages walk the list without gap or repeat."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest
from neo4j import AsyncDriver

from settings import Settings
from tests.api_helpers import codes, cypher, data, keys
from tests.conftest import gql

pytestmark = pytest.mark.usefixtures("seeded")

SORTS = {
    "actors": (
        "ActorOrder",
        ["NAME", "KEY", "KIND", "FOUNDED", "AGREEMENT_COUNT", "PARTNER_COUNT"],
    ),
    "agreements": ("AgreementOrder", ["SIGNED_ON", "TITLE", "KEY", "KIND", "PARTY_COUNT"]),
    "projects": ("ProjectOrder", ["TITLE", "STARTED_ON", "PARTICIPANT_COUNT"]),
    "themes": ("ThemeOrder", ["LABEL", "KEY", "ACTOR_COUNT"]),
}
CASES = [
    (root, field, direction)
    for root, (_, fields) in SORTS.items()
    for field in fields
    for direction in ("ASC", "DESC")
]


def _page_query(root: str) -> str:
    order_type = SORTS[root][0]
    return (
        f"query ($o: [{order_type}!], $first: Int, $after: String) {{ "
        f"{root}(orderBy: $o, first: $first, after: $after) {{ "
        "nodes { key } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"
    )


async def _walk(
    client: httpx.AsyncClient, root: str, order: list[dict[str, str]], size: int
) -> list[str]:
    walked: list[str] = []
    after = None
    for _ in range(100):
        page = (await data(client, _page_query(root), {"o": order, "first": size, "after": after}))[
            root
        ]
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        walked += keys(page["nodes"])
        if not page["pageInfo"]["hasNextPage"]:
            return walked
        assert len(page["nodes"]) == size
        after = page["pageInfo"]["endCursor"]
    raise AssertionError("the pages never ended")


@pytest.mark.parametrize(("root", "field", "direction"), CASES)
async def test_pages_walk_the_whole_list(
    client: httpx.AsyncClient, root: str, field: str, direction: str
) -> None:
    order = [{"field": field, "direction": direction}]
    whole = await data(client, _page_query(root), {"o": order, "first": 100})
    expected = keys(whole[root]["nodes"])
    assert whole[root]["pageInfo"]["hasNextPage"] is False
    walked = await _walk(client, root, order, 4)
    assert len(walked) == len(set(walked)), "a row came twice"
    assert walked == expected


async def test_a_nested_connection_pages_too(client: httpx.AsyncClient) -> None:
    query = """query ($after: String, $first: Int) { actor(key: "mic") {
      agreements(first: $first, after: $after, orderBy: [{field: SIGNED_ON, direction: DESC}]) {
        totalCount nodes { key } pageInfo { hasNextPage endCursor } } } }"""
    whole = (await data(client, query, {"first": 100}))["actor"]["agreements"]
    walked: list[str] = []
    after = None
    while True:
        page = (await data(client, query, {"first": 3, "after": after}))["actor"]["agreements"]
        assert page["totalCount"] == whole["totalCount"]
        walked += keys(page["nodes"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert walked == keys(whole["nodes"])
    assert len(walked) == whole["totalCount"] > 3


async def test_most_agreements_first(
    client: httpx.AsyncClient, driver: AsyncDriver, settings: Settings
) -> None:
    found = await data(
        client,
        "{ actors(first: 100, orderBy: [{field: AGREEMENT_COUNT, direction: DESC}]) "
        "{ nodes { key agreements { totalCount } } } }",
    )
    nodes = found["actors"]["nodes"]
    rows = await cypher(
        driver,
        settings,
        "MATCH (a:Actor) RETURN a.key AS key, COUNT { (a)-[:PARTY_TO]->(:Agreement) } AS n "
        "ORDER BY n DESC, key",
    )
    assert nodes[0]["key"] == rows[0]["key"] == "mic"
    assert nodes[0]["agreements"]["totalCount"] == rows[0]["n"] == max(row["n"] for row in rows)
    assert keys(nodes) == [row["key"] for row in rows]
    counts = [node["agreements"]["totalCount"] for node in nodes]
    assert counts == sorted(counts, reverse=True)


async def test_most_partners_first(
    client: httpx.AsyncClient, driver: AsyncDriver, settings: Settings
) -> None:
    found = await data(
        client,
        "{ actors(first: 100, orderBy: [{field: PARTNER_COUNT, direction: DESC}]) "
        "{ nodes { key partners(first: 100) { actor { key } } } } }",
    )
    rows = await cypher(
        driver,
        settings,
        "MATCH (a:Actor) RETURN a.key AS key, COUNT { MATCH (a)-[:PARTY_TO|PARTICIPATES_IN]->()"
        "<-[:PARTY_TO|PARTICIPATES_IN]-(o:Actor) WHERE o <> a RETURN DISTINCT o } AS n "
        "ORDER BY n DESC, key",
    )
    nodes = found["actors"]["nodes"]
    assert keys(nodes) == [row["key"] for row in rows]
    assert [len(node["partners"]) for node in nodes] == [row["n"] for row in rows]


async def test_several_sort_keys(client: httpx.AsyncClient) -> None:
    found = await data(
        client,
        "{ actors(first: 100, orderBy: [{field: KIND}, {field: FOUNDED, direction: DESC}]) "
        "{ nodes { key kind founded } } }",
    )
    nodes = found["actors"]["nodes"]
    expected = sorted(nodes, key=lambda n: n["key"])
    expected.sort(key=lambda n: -(n["founded"] if n["founded"] is not None else -1))
    expected.sort(key=lambda n: n["kind"].lower())
    assert keys(nodes) == keys(expected)


async def test_first_page_last_page_and_beyond(client: httpx.AsyncClient) -> None:
    order = [{"field": "KEY", "direction": "ASC"}]
    whole = await data(
        client,
        "query ($o: [AgreementOrder!]) { agreements(orderBy: $o, first: 100) "
        "{ edges { cursor node { key } } } }",
        {"o": order},
    )
    edges = whole["agreements"]["edges"]
    every = [edge["node"]["key"] for edge in edges]
    query = _page_query("agreements")

    first = (await data(client, query, {"o": order, "first": 5}))["agreements"]
    assert keys(first["nodes"]) == every[:5]
    assert first["pageInfo"] == {
        "hasNextPage": True,
        "hasPreviousPage": False,
        "startCursor": edges[0]["cursor"],
        "endCursor": edges[4]["cursor"],
    }
    after = edges[-3]["cursor"]
    last = (await data(client, query, {"o": order, "first": 5, "after": after}))["agreements"]
    assert keys(last["nodes"]) == every[-2:]
    assert last["pageInfo"]["hasNextPage"] is False
    assert last["pageInfo"]["endCursor"] == edges[-1]["cursor"]
    after = edges[-1]["cursor"]
    beyond = (await data(client, query, {"o": order, "first": 5, "after": after}))["agreements"]
    assert beyond["nodes"] == []
    assert beyond["pageInfo"]["hasNextPage"] is False
    assert beyond["pageInfo"]["endCursor"] is None


async def test_first_zero_is_empty(client: httpx.AsyncClient) -> None:
    found = await data(client, "{ actors(first: 0) { totalCount nodes { key } edges { cursor } } }")
    assert found["actors"]["nodes"] == []
    assert found["actors"]["edges"] == []
    assert found["actors"]["totalCount"] == 83


async def test_default_page_size(client: httpx.AsyncClient, settings: Settings) -> None:
    found = await data(client, "{ actors { nodes { key } pageInfo { hasNextPage } } }")
    assert len(found["actors"]["nodes"]) == settings.default_page_size
    assert found["actors"]["pageInfo"]["hasNextPage"] is True


@pytest.mark.parametrize(
    ("first", "code"), [(101, "LIMIT_EXCEEDED"), (1000, "LIMIT_EXCEEDED"), (-1, "VALIDATION")]
)
async def test_page_size_limits(client: httpx.AsyncClient, first: int, code: str) -> None:
    assert await codes(
        client, "query ($n: Int) { actors(first: $n) { nodes { key } } }", {"n": first}
    ) == [code]
    nested = 'query ($n: Int) { actor(key: "mic") { agreements(first: $n) { nodes { key } } } }'
    assert await codes(client, nested, {"n": first}) == [code]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "abc",
        "!!!",
        "",
        _b64(b"not json"),
        _b64(b"[1, 2]"),
        _b64(b'{"s": "Actor|", "v": "ctpc"}'),
        _b64(b'{"s": "Actor|", "v": ["a", "b", "c"]}'),
        _b64(b'{"s": "Actor|NAME:ASC", "v": [{"d": "not-a-date"}, "ctpc"]}'),
        "x" * 5000,
    ],
)
async def test_malformed_cursors(client: httpx.AsyncClient, cursor: str) -> None:
    assert await codes(
        client, "query ($c: String) { actors(after: $c) { nodes { key } } }", {"c": cursor}
    ) == ["BAD_CURSOR"]


async def test_cursors_from_another_list_or_ordering(client: httpx.AsyncClient) -> None:
    agreements = await data(client, "{ agreements(first: 1) { pageInfo { endCursor } } }")
    foreign = agreements["agreements"]["pageInfo"]["endCursor"]
    by_name = await data(
        client, "{ actors(first: 1, orderBy: [{field: NAME}]) { pageInfo { endCursor } } }"
    )
    named = by_name["actors"]["pageInfo"]["endCursor"]
    query = (
        "query ($c: String, $o: [ActorOrder!]) { actors(after: $c, orderBy: $o) { nodes { key } } }"
    )
    assert await codes(client, query, {"c": foreign}) == ["BAD_CURSOR"]
    assert await codes(client, query, {"c": named}) == ["BAD_CURSOR"]
    assert await codes(
        client, query, {"c": named, "o": [{"field": "NAME", "direction": "DESC"}]}
    ) == ["BAD_CURSOR"]
    assert await codes(client, query, {"c": named, "o": [{"field": "KEY"}]}) == ["BAD_CURSOR"]
    found = await data(client, query, {"c": named, "o": [{"field": "NAME"}]})
    assert found["actors"]["nodes"]


INSERTED = ["aaa-test-inserted", "zzz-test-inserted"]


async def test_inserts_between_pages_neither_repeat_nor_skip(
    client: httpx.AsyncClient, driver: AsyncDriver, settings: Settings
) -> None:
    query = _page_query("actors")
    order = [{"field": "KEY", "direction": "ASC"}]
    page1 = (await data(client, query, {"o": order, "first": 5}))["actors"]
    cursor = page1["pageInfo"]["endCursor"]
    try:
        await cypher(
            driver,
            settings,
            "UNWIND $keys AS key CREATE (a:Actor:Company {key: key, kind: 'company', "
            "nameFr: key, sortName: key, sources: []})",
            keys=INSERTED,
        )
        rest: list[str] = []
        after = cursor
        while True:
            page = (await data(client, query, {"o": order, "first": 5, "after": after}))["actors"]
            rest += keys(page["nodes"])
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
    finally:
        await cypher(
            driver, settings, "MATCH (a:Actor) WHERE a.key IN $keys DETACH DELETE a", keys=INSERTED
        )
    assert not set(keys(page1["nodes"])) & set(rest)
    assert "aaa-test-inserted" not in rest
    assert rest[-1] == "zzz-test-inserted"
    assert len(keys(page1["nodes"])) + len(rest) == 83 + 1
    left = await cypher(
        driver, settings, "MATCH (a:Actor) WHERE a.key IN $keys RETURN a", keys=INSERTED
    )
    assert left == []


@pytest.mark.parametrize("with_total", [True, False])
async def test_total_count_only_when_asked(client: httpx.AsyncClient, with_total: bool) -> None:
    total = "totalCount" if with_total else ""
    body = await gql(
        client, f"{{ actors(first: 3, orderBy: [{{field: NAME}}]) {{ {total} nodes {{ key }} }} }}"
    )
    assert "errors" not in body
    statements = body["extensions"]["cypher"]["statements"]
    assert len(statements) == 1
    assert ("COUNT {" in statements[0]) is with_total
    if with_total:
        assert body["data"]["actors"]["totalCount"] == 83
    nested = await gql(
        client, f'{{ actor(key: "mic") {{ agreements(first: 1) {{ {total} nodes {{ key }} }} }} }}'
    )
    assert ("COUNT {" in nested["extensions"]["cypher"]["statements"][0]) is with_total


async def test_agreements_by_date_then_key(client: httpx.AsyncClient) -> None:
    found = await data(
        client,
        "{ agreements(first: 100, orderBy: [{field: SIGNED_ON, direction: DESC}, {field: KEY}]) "
        "{ nodes { key signedOn } } }",
    )
    nodes: list[dict[str, Any]] = found["agreements"]["nodes"]
    pairs = [(node["signedOn"], node["key"]) for node in nodes]
    assert pairs == sorted(pairs, key=lambda p: (_neg_date(p[0]), p[1]))


def _neg_date(iso: str) -> tuple[int, ...]:
    return tuple(-int(part) for part in iso.split("-"))
