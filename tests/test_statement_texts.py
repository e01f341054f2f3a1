"""Few distinct statement texts: Neo4j plans each text once, so a family of variants of one
read (hop counts, depths, dates, link kinds, selection order and aliases) must share texts."""

from __future__ import annotations

import itertools
import random
from typing import Any

import httpx
import pytest

from graph.plans import PLANS
from tests.conftest import gql

pytestmark = pytest.mark.usefixtures("seeded")

PATHS = """query ($from: String!, $to: String!, $hops: Int, $asOf: Date, $via: [LinkKind!]) {
  paths(from: $from, to: $to, maxHops: $hops, asOf: $asOf, via: $via) {
    length actors { key name } steps { from { key } to { key } kinds items { kind key date } }
  }
}"""
NEIGHBOURHOOD = """query ($key: String!, $depth: Int, $asOf: Date, $via: [LinkKind!], $limit: Int) {
  neighbourhood(key: $key, depth: $depth, asOf: $asOf, via: $via, limit: $limit) {
    nodes { key name depth } edges { source target kind strength } truncated
  }
}"""
VIAS = (None, ["AGREEMENT"], ["AGREEMENT", "PROJECT", "OWNERSHIP"])


async def texts(client: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> list[str]:
    body = await gql(client, query, variables)
    assert "errors" not in body, body["errors"]
    return list(body["extensions"]["cypher"]["statements"])


async def test_every_paths_variant_shares_four_texts(client: httpx.AsyncClient) -> None:
    seen: set[str] = set()
    sent = 0
    for hops, as_of, via in itertools.product(range(1, 7), (None, "2024-01-01"), VIAS):
        for ends in (("ctpc", "capgemini"), ("cid", "fmp"), ("capgemini", "ctpc")):
            variables = {"from": ends[0], "to": ends[1], "hops": hops, "asOf": as_of, "via": via}
            found = await texts(client, PATHS, variables)
            assert 1 <= len(found) <= hops + 1  # one per level searched, one for the steps
            seen.update(found)
            sent += len(found)
    # 108 reads, 250+ round trips: one level text and one steps text, with or without asOf.
    assert sent > 200
    assert len(seen) == 4


NEIGHBOURHOOD_VARIANTS: list[dict[str, Any]] = [
    {"key": "cid", "depth": depth, "asOf": as_of, "via": via, "limit": limit}
    for depth, as_of, via, limit in itertools.product(
        (1, 2, 3), (None, "2020-06-30"), VIAS, (5, 100)
    )
]


async def test_every_neighbourhood_variant_shares_four_texts(client: httpx.AsyncClient) -> None:
    """Walked level by level (before the one-statement walk has run in the background)."""
    seen: set[str] = set()
    for variables in NEIGHBOURHOOD_VARIANTS:
        PLANS.forget()
        found = await texts(client, NEIGHBOURHOOD, variables)
        assert len(found) <= variables["depth"] + 1  # one per level, one for the actors kept
        seen.update(found)
    assert len(seen) == 4


async def test_one_statement_walks_share_a_text_per_depth_and_filter(
    client: httpx.AsyncClient,
) -> None:
    """Once planned, one statement a read: its text depends on the depth and on whether
    `asOf` is set, never on the link kinds or the limit."""
    seen: set[str] = set()
    for variables in NEIGHBOURHOOD_VARIANTS:
        await texts(client, NEIGHBOURHOOD, variables)
        await PLANS.settled()
        found = await texts(client, NEIGHBOURHOOD, variables)
        assert len(found) == 1
        seen.update(found)
    assert len(seen) == 3 * 2


async def test_a_selection_in_another_order_or_under_aliases_shares_its_text(
    client: httpx.AsyncClient,
) -> None:
    one = '{ neighbourhood(key: "cid") { nodes { key depth } edges { source target } } }'
    other = '{ n: neighbourhood(key: "cid") { e: edges { target source } m: nodes { depth key } } }'
    PLANS.forget()
    walked = await texts(client, one, {})
    PLANS.forget()
    assert await texts(client, other, {}) == walked
    await PLANS.settled()
    assert len(await texts(client, one, {})) == 1
    assert await texts(client, one, {}) == await texts(client, other, {})


CONNECTION_PARTS = [
    "totalCount",
    "pageInfo { hasNextPage hasPreviousPage }",
    "nodes { %s }",
]
ACTOR_FIELDS = [
    "key",
    "name",
    "kind",
    "founded",
    "acronym",
    "city { key name }",
    "sectors { key name }",
    "agreements(first: 2) { totalCount nodes { key title signedOn } }",
]


def _aliased(fields: list[str], rng: random.Random, prefix: str) -> tuple[str, list[str]]:
    """`fields` each under an alias (or none), and the response keys in order."""
    written, keys = [], []
    for index, field in enumerate(fields):
        name = field.split("(")[0].split(" ")[0]
        key = f"{prefix}{index}" if rng.random() < 0.5 else name
        written.append(f"{key}: {field}" if key != name else field)
        keys.append(key)
    return " ".join(written), keys


async def test_a_connection_selection_shuffled_sends_one_text(client: httpx.AsyncClient) -> None:
    """A new selection is answered from its maps statement (`graph/queries.py`), whose text
    does not follow the selection's order or aliases; the response does."""
    rng = random.Random(16)
    seen: set[str] = set()
    answers: list[list[Any]] = []
    for _ in range(12):
        fields = rng.sample(ACTOR_FIELDS, len(ACTOR_FIELDS))
        node_text, node_keys = _aliased(fields, rng, "f")
        parts = rng.sample(CONNECTION_PARTS, len(CONNECTION_PARTS))
        conn_text, conn_keys = _aliased([p % node_text if "%" in p else p for p in parts], rng, "c")
        query = f"{{ page: actors(first: 4, orderBy: [{{field: NAME}}]) {{ {conn_text} }} }}"
        PLANS.forget()
        body = await gql(client, query)
        assert "errors" not in body, body["errors"]
        seen.update(body["extensions"]["cypher"]["statements"])
        page = body["data"]["page"]
        assert list(page) == conn_keys
        nodes = page[conn_keys[parts.index("nodes { %s }")]]
        assert all(list(node) == node_keys for node in nodes)
        # The same values, whatever the order and keys.
        by_field = [sorted(zip(fields, node.values(), strict=True)) for node in nodes]
        answers.append([repr(item) for item in by_field])
    assert len(seen) == 1
    assert all(answer == answers[0] for answer in answers)
