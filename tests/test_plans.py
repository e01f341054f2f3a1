"""A neighbourhood walked level by level and the same walk as one statement (sent once it has
run in the background) give the same answer, field for field."""

from __future__ import annotations

import itertools
from typing import Any

import httpx
import pytest

from graph.plans import PLANS
from tests.conftest import gql

pytestmark = pytest.mark.usefixtures("seeded")

QUERY = """query ($key: String!, $depth: Int, $asOf: Date, $via: [LinkKind!], $limit: Int) {
  neighbourhood(key: $key, depth: $depth, asOf: $asOf, via: $via, limit: $limit) {
    truncated nodes { key name depth entity { key } }
    edges { source target kind strength items { kind key date relation } }
  }
}"""
NODES_ONLY = """query ($key: String!, $depth: Int, $asOf: Date, $limit: Int) {
  neighbourhood(key: $key, depth: $depth, asOf: $asOf, limit: $limit) { nodes { key depth } }
}"""


async def both(client: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> None:
    PLANS.forget()
    walked = await gql(client, query, variables)
    await PLANS.settled()
    once = await gql(client, query, variables)
    assert walked["extensions"]["cypher"]["roundTrips"] >= 2
    assert once["extensions"]["cypher"]["roundTrips"] == 1
    assert once.get("errors") == walked.get("errors")
    assert once.get("data") == walked.get("data")


@pytest.mark.parametrize(
    ("key", "depth", "as_of", "limit"),
    [
        *itertools.product(("cid", "ctpc"), (1, 2, 3), (None, "2024-01-01"), (100,)),
        ("mic", 2, None, 7),  # cut by the limit
    ],
)
async def test_both_walks_answer_alike(
    client: httpx.AsyncClient, key: str, depth: int, as_of: str | None, limit: int
) -> None:
    variables = {"key": key, "depth": depth, "asOf": as_of, "limit": limit}
    await both(client, QUERY, variables)
    await both(client, NODES_ONLY, variables)


async def test_both_walks_answer_alike_by_link_kind(client: httpx.AsyncClient) -> None:
    await both(client, QUERY, {"key": "cid", "depth": 2, "via": ["AGREEMENT"]})
    await both(client, QUERY, {"key": "cid", "depth": 3, "via": ["PROJECT", "MEMBERSHIP"]})


async def test_an_actor_out_of_scope_or_unknown_alike(client: httpx.AsyncClient) -> None:
    # Before its founding year the centre is out of scope: nothing; an unknown key: an error.
    await both(client, QUERY, {"key": "cid", "depth": 1, "asOf": "1950-01-01"})
    await both(client, NODES_ONLY, {"key": "nobody-has-this-key", "depth": 2})
