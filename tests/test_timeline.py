"""The timeline across its variants (scope, theme, window, order, page): each answer holds
exactly the dated agreements and projects a plain reading of the graph finds, in order."""

from __future__ import annotations

import itertools
from typing import Any

import httpx
import pytest
from neo4j import AsyncDriver

from settings import Settings
from tests.api_helpers import cypher, data, keys

pytestmark = pytest.mark.usefixtures("seeded")

TIMELINE = """query ($actor: String, $theme: String, $from: Date, $to: Date, $first: Int,
  $order: SortDirection) { timeline(actor: $actor, theme: $theme, from: $from, to: $to,
  first: $first, order: $order) { events { kind key date dateInferred parties { key } }
  truncated } }"""

# Every item with the date the timeline gives it (a project without a start: its earliest
# framing agreement's signing), its parties and the themes it is about, broader ones included.
ITEMS = """
MATCH (i) WHERE i:Agreement OR i:Project
OPTIONAL MATCH (i)-[:FRAMED_BY]->(f:Agreement)
WITH i, min(f.signedOn) AS framed
RETURN i.key AS key, CASE WHEN i:Agreement THEN 'AGREEMENT' ELSE 'PROJECT' END AS kind,
  CASE WHEN i:Agreement THEN i.signedOn ELSE coalesce(i.startedOn, framed) END AS date,
  [(i)<-[:PARTY_TO|PARTICIPATES_IN]-(a:Actor) | a.key] AS parties,
  [(i)-[:COVERS|ADDRESSES]->(:Theme)-[:BROADER*0..6]->(t:Theme) | t.key] AS themes
"""


async def test_every_variant_lists_what_the_graph_holds(
    client: httpx.AsyncClient, driver: AsyncDriver, settings: Settings
) -> None:
    items = await cypher(driver, settings, ITEMS)
    checked = 0
    for actor, theme, (start, end), order in itertools.product(
        (None, "cid", "ctpc"),
        (None, "industrial-engineering", "decarbonisation"),
        ((None, None), ("2015-01-01", None), ("2010-01-01", "2022-06-30")),
        ("ASC", "DESC"),
    ):
        variables: dict[str, Any] = {"actor": actor, "theme": theme, "from": start, "to": end,
                                     "order": order, "first": 100}  # fmt: skip
        found = (await data(client, TIMELINE, variables))["timeline"]
        expected = {
            (i["kind"], i["key"])
            for i in items
            if (i["date"] is not None or i["kind"] == "AGREEMENT")
            and (actor is None or actor in i["parties"])
            and (theme is None or theme in i["themes"])
            and (start is None or (i["date"] is not None and str(i["date"]) >= start))
            and (end is None or (i["date"] is not None and str(i["date"]) <= end))
        }
        events = found["events"]
        assert {(e["kind"], e["key"]) for e in events} == expected
        dated = [(e["date"], e["key"]) for e in events if e["date"] is not None]
        for (day, key), (next_day, next_key) in itertools.pairwise(dated):
            later = next_day > day if order == "ASC" else next_day < day
            assert later or (next_day == day and next_key > key)
        assert all(e["kind"] == "PROJECT" for e in events if e["dateInferred"])
        assert actor is None or all(actor in keys(e["parties"]) for e in events)
        if len(events) > 2:
            page = (await data(client, TIMELINE, {**variables, "first": 2}))["timeline"]
            assert page["truncated"]
            assert page["events"] == events[:2]
        checked += len(events)
    assert checked > 100
