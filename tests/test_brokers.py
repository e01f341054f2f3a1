"""Brokers: betweenness over actors and what links them, kept computed for the whole network."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from neo4j import AsyncDriver

from graph import betweenness, brokers, centrality
from graph.keys import Role
from settings import Settings
from tests.api_helpers import codes, cypher, data
from tests.conftest import gql
from tests.curation_helpers import call, forget_curation, new_key, result
from tests.test_mutations import CREATE_ACTOR, actor_input

pytestmark = pytest.mark.usefixtures("seeded")

BROKERS = """query ($theme: String, $first: Int) { brokers(theme: $theme, first: $first) {
  exact sampledSources actors links computedAt upToDate
  ranking { rank degree betweenness betweennessError actor { key } } } }"""
# Every agreement's and project's parties, asked independently of graph/brokers.py.
GROUPS = """CALL () { MATCH (g:Agreement)<-[:PARTY_TO]-(a:Actor) RETURN g, collect(a.key) AS keys
UNION ALL MATCH (g:Project)<-[:PARTICIPATES_IN]-(a:Actor) RETURN g, collect(a.key) AS keys }
RETURN collect(keys) AS groups"""


@pytest.fixture(autouse=True)
async def no_stored_ranking(driver: AsyncDriver, settings: Settings) -> AsyncIterator[None]:
    await cypher(driver, settings, "MATCH (s:BrokerScores) DELETE s")
    yield
    await forget_curation(driver, settings)
    await cypher(driver, settings, "MATCH (s:BrokerScores) DELETE s")


def test_one_shared_item_per_pair_gives_brandes_betweenness() -> None:
    rng = random.Random(3)
    names = [f"a{i:02}" for i in range(60)]
    pairs: set[tuple[str, str]] = set()
    while len(pairs) < 120:
        a, b = sorted(rng.sample(names, 2))
        pairs.add((a, b))
    expected = {c.key: c for c in centrality.rank(sorted(pairs)).scores}
    found = betweenness.rank([list(p) for p in sorted(pairs)], keep=100)
    assert found.sampled_sources is None
    assert (found.actors, found.links) == (len(expected), len(pairs))
    for score in found.ranked:
        assert score.betweenness == pytest.approx(expected[score.key].betweenness)
        assert score.degree == expected[score.key].degree
        assert score.error == 0


def test_each_shared_item_is_a_path_of_its_own() -> None:
    # a and b share two agreements, b-c, a-d and d-c one each: a to c has three shortest
    # paths, two through b; an agreement of a, b and c puts all three one step apart.
    ranked = betweenness.rank([["a", "b"], ["a", "b"], ["b", "c"], ["a", "d"], ["d", "c"]], 10)
    scores = {s.key: s.betweenness for s in ranked.ranked}
    assert scores["b"] == pytest.approx(2 / 3)
    assert scores["d"] == pytest.approx(1 / 3)
    assert ranked.links == 4
    clique = betweenness.rank([["a", "b", "c"], ["c", "d"]], 10)
    assert {s.key: s.betweenness for s in clique.ranked} == {"c": 2.0, "a": 0, "b": 0, "d": 0}


def test_large_graphs_sample_sources_and_state_the_error() -> None:
    rng = random.Random(5)
    names = [f"n{i:03}" for i in range(300)]
    groups = [rng.sample(names, rng.choice((2, 2, 3, 4))) for _ in range(450)]
    sampled = betweenness.rank(groups, keep=300, work=60_000)
    assert sampled.sampled_sources is not None
    assert sampled.sampled_sources < 300
    assert sampled == betweenness.rank(groups, keep=300, work=60_000)  # a fixed seed
    exact = {s.key: s for s in betweenness.rank(groups, keep=300).ranked}
    assert all(s.error == 0 for s in exact.values())
    top = sampled.ranked[:20]
    assert all(s.error > 0 for s in top)
    within = [abs(s.betweenness - exact[s.key].betweenness) <= 3 * s.error for s in top]
    assert sum(within) >= 17  # about 99.7% of estimates within three standard errors


async def test_the_whole_network_ranking_is_stored_and_matches_the_graph(
    client: httpx.AsyncClient, driver: AsyncDriver, settings: Settings
) -> None:
    before = dt.datetime.now(dt.UTC)
    found = (await data(client, BROKERS, {"first": 5}))["brokers"]
    groups = (await cypher(driver, settings, GROUPS))[0]["groups"]
    expected = betweenness.rank(groups, keep=5)
    assert found["exact"]
    assert found["upToDate"]
    assert (found["actors"], found["links"]) == (expected.actors, expected.links)
    assert [b["actor"]["key"] for b in found["ranking"]] == [s.key for s in expected.ranked]
    assert found["ranking"][0]["actor"]["key"] in ("cid", "mic")
    for got, want in zip(found["ranking"], expected.ranked, strict=True):
        assert got["betweenness"] == pytest.approx(want.betweenness)
        assert got["degree"] == want.degree
    computed = dt.datetime.fromisoformat(found["computedAt"])
    assert computed >= before
    stored = await cypher(driver, settings, "MATCH (s:BrokerScores) RETURN s.computedAt AS at")
    assert stored[0]["at"].to_native() == computed
    again = (await data(client, BROKERS, {"first": 5}))["brokers"]
    assert again["computedAt"] == found["computedAt"]  # read back, not computed again


async def test_a_write_makes_the_next_read_recompute(
    client: httpx.AsyncClient, seeded: Any
) -> None:
    first = (await data(client, BROKERS, {"first": 3}))["brokers"]
    editor = await new_key(seeded, Role.EDITOR)
    result(
        await call(client, CREATE_ACTOR, {"input": actor_input("broker-test")}, editor),
        "createActor",
    )
    after = (await data(client, BROKERS, {"first": 3}))["brokers"]
    assert after["upToDate"]
    assert after["computedAt"] > first["computedAt"]


async def test_on_a_large_graph_a_write_is_caught_up_in_the_background(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, seeded: Any
) -> None:
    first = (await data(client, BROKERS, {"first": 3}))["brokers"]
    monkeypatch.setattr(brokers, "MAX_MEMBERSHIPS", 1)  # the seed graph counts as large
    editor = await new_key(seeded, Role.EDITOR)
    result(
        await call(client, CREATE_ACTOR, {"input": actor_input("broker-test")}, editor),
        "createActor",
    )
    stale = (await data(client, BROKERS, {"first": 3}))["brokers"]
    assert not stale["upToDate"]
    assert stale["computedAt"] == first["computedAt"]
    assert stale["ranking"] == first["ranking"]
    for _ in range(100):  # the recomputation takes well under a second on the seed graph
        fresh = (await data(client, BROKERS, {"first": 3}))["brokers"]
        if fresh["upToDate"]:
            break
        await asyncio.sleep(0.1)
    assert fresh["upToDate"]
    assert fresh["computedAt"] > first["computedAt"]


async def test_a_narrowed_ranking_too_large_is_refused_before_any_traversal(
    client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    variables = {"theme": "build-to-print", "first": 3}
    themed = (await data(client, BROKERS, variables))["brokers"]
    assert themed["upToDate"]
    assert themed["ranking"]
    monkeypatch.setattr(brokers, "MAX_MEMBERSHIPS", 1)
    assert await codes(client, BROKERS, variables) == ["LIMIT_EXCEEDED"]
    body = await gql(client, BROKERS, variables)
    sent = body["extensions"]["cypher"]["statements"]
    assert len(sent) == 1  # the bound alone: no membership was read
    assert "COLLECT { MATCH (a:Actor)-[:PARTY_TO]->(g)" not in sent[0]
    assert "count(r) AS parties" in sent[0]
