"""The bench compares like with like: the peer's depth-2 neighbourhood statement, built from
Maillage's own walk, gives the actors Maillage's `neighbourhood` gives, in the same order."""

from __future__ import annotations

import re

import httpx
import pytest
from neo4j import AsyncDriver

from bench import queries
from settings import Settings
from tests.api_helpers import cypher, data, keys

pytestmark = pytest.mark.usefixtures("seeded")


def test_the_peer_statement_keeps_only_the_fields_arguments_as_parameters() -> None:
    assert set(re.findall(r"\$\w+", queries.peer_neighbourhood())) == {"$key", "$limit"}


@pytest.mark.parametrize("centre", ["cid", "ctpc", "mic"])
async def test_the_peer_statement_answers_as_maillage_does(
    client: httpx.AsyncClient, driver: AsyncDriver, settings: Settings, centre: str
) -> None:
    for limit in (3, 100):
        found = await data(
            client,
            "query ($key: String!, $limit: Int) { neighbourhood(key: $key, depth: 2, "
            "limit: $limit) { nodes { key } } }",
            {"key": centre, "limit": limit},
        )
        ours = keys(found["neighbourhood"]["nodes"])
        rows = await cypher(driver, settings, queries.peer_neighbourhood(), key=centre, limit=limit)
        theirs = [row["a"]["key"] for row in rows]
        assert len(ours) > 1
        assert theirs == ours
        assert queries.answer("Q5", found) == ours
