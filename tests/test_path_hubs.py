"""The path search around hubs: met there, never widened through, and flagged in the answer."""

from __future__ import annotations

import random
from typing import Any

import httpx
import pytest
from neo4j import AsyncDriver

from graph import path_search
from graph.db import Db
from seeds import synth
from settings import Settings
from tests.api_helpers import cypher, data, keys
from tests.conftest import gql

pytestmark = pytest.mark.usefixtures("seeded")

PATHS = """query ($from: String!, $to: String!, $maxHops: Int, $asOf: Date) {
  paths(from: $from, to: $to, maxHops: $maxHops, asOf: $asOf, first: 20) {
    length throughHub actors { key } steps { items { key } } } }"""
MEMBERSHIPS = """UNWIND $keys AS k MATCH (a:Actor {key: k})
RETURN k AS key, COUNT { (a)-[:PARTY_TO|PARTICIPATES_IN]->() } AS n"""


async def memberships(driver: AsyncDriver, settings: Settings, found: list[str]) -> dict[str, int]:
    rows = await cypher(driver, settings, MEMBERSHIPS, keys=found)
    return {row["key"]: int(row["n"]) for row in rows}


async def test_paths_through_a_hub_actor_are_flagged_and_come_last(
    client: httpx.AsyncClient,
    driver: AsyncDriver,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    variables = {"from": "ctpc", "to": "capgemini", "asOf": "2025-10-15"}
    plain = (await data(client, PATHS, variables))["paths"]
    assert not any(p["throughHub"] for p in plain)  # the seed graph has no hub at 300
    held = await memberships(driver, settings, ["mic"])
    monkeypatch.setattr(path_search, "HUB_MEMBERSHIPS", held["mic"] - 1)  # the ministry is one
    found = (await data(client, PATHS, variables))["paths"]
    assert ["ctpc", "mic", "capgemini-engineering-maroc", "capgemini"] in [
        keys(p["actors"]) for p in found
    ]
    assert {p["length"] for p in found} == {3}
    inside = {k for p in found for k in keys(p["actors"])[1:-1]}
    counts = await memberships(driver, settings, sorted(inside))
    for path in found:
        hubs = [k for k in keys(path["actors"])[1:-1] if counts[k] > held["mic"] - 1]
        assert path["throughHub"] == bool(hubs)
    flags = [p["throughHub"] for p in found]
    assert flags == sorted(flags)  # specific paths first


async def test_a_hub_as_an_end_is_searched_from(
    client: httpx.AsyncClient,
    driver: AsyncDriver,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    held = await memberships(driver, settings, ["mic"])
    monkeypatch.setattr(path_search, "HUB_MEMBERSHIPS", held["mic"] - 1)
    found = (await data(client, PATHS, {"from": "mic", "to": "capgemini"}))["paths"]
    assert found
    assert all(keys(p["actors"])[0] == "mic" for p in found)
    assert not any(p["throughHub"] for p in found)  # an end is not "on the way"


async def test_ordinary_pairs_at_six_hops_on_ten_thousand_actors(
    empty_db: Db, client: httpx.AsyncClient
) -> None:
    await synth.write(empty_db, synth.generate(10_000, 1))
    rows = await empty_db.read(
        "MATCH (a:Actor) WHERE a.kind = 'company' "
        "AND COUNT { (a)-[:PARTY_TO|PARTICIPATES_IN]->() } >= 2 "
        "RETURN a.key AS key ORDER BY a.key"
    )
    ordinary = [str(r["key"]) for r in rows]
    rng = random.Random(20)
    texts: set[str] = set()
    lengths: list[int] = []
    for _ in range(15):
        a, b = rng.sample(ordinary, 2)
        body: dict[str, Any] = await gql(client, PATHS, {"from": a, "to": b, "maxHops": 6})
        assert "errors" not in body, (a, b, body["errors"])  # no visits cap, no scan cap
        sent = body["extensions"]["cypher"]["statements"]
        assert len(sent) <= 7  # one per level searched, one for the steps
        texts.update(sent)
        lengths += [p["length"] for p in body["data"]["paths"][:1]]
    assert len(texts) == 2  # one level text and one steps text, whatever the graph's size
    assert len(lengths) >= 10  # most ordinary pairs are linked within six steps
