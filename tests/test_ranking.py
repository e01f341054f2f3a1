"""The expertise score computed in Python from the gathered evidence: each figure follows from
the others as docs/expertise.md says, the order is the promised one, and every variant of the
read gathers its evidence with one statement text."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import httpx
import pytest

from graph import ranking
from graph.expertise import NARROWER, SATURATION, SCORE
from tests.conftest import gql

pytestmark = pytest.mark.usefixtures("seeded")

FULL = """query ($theme: String!, $n: Boolean, $asOf: Date, $since: Date,
                 $kinds: [ActorKind!], $first: Int) {
  expertise(theme: $theme, includeNarrower: $n, asOf: $asOf, since: $since, kinds: $kinds,
            first: $first) {
    score actor { key }
    evidence { kind key distance weight roleWeight recency certainty saturation contribution
               date theme { key } } } }"""
THEMES = ("decarbonisation", "industrie 4.0", "essais", "formation", "numérique", "plasturgie")


def test_rounding_follows_cypher_half_up() -> None:
    # Python's round() gives 0.000002 (half to even) and 1e-06 for these; Cypher half up.
    assert ranking.round6(0.0000025) == 0.000003
    assert ranking.round6(0.0000015) == 0.000002
    assert ranking.round6(2.1) == 2.1
    assert ranking.round6(0.6**3) == 0.216


def test_rank_orders_ties_by_evidence_then_key() -> None:
    day = dt.date(2026, 6, 1)

    def row(actor: str, item: str, rel: str = "HAS_COMPETENCY") -> list[Any]:
        return [actor, actor, rel, item, item, None, item, 0, None, None, None, None, None, None]

    rows = [
        row("b", "t1"),
        row("a", "t1"),
        row("c", "t1"),
        row("c", "t2"),
        row("d", "s", "IN_SECTOR"),
    ]
    ranked = ranking.rank(rows, SCORE, day, 10)
    assert [h["actor"] for h in ranked] == ["c", "a", "b", "d"]
    assert ranked[0]["evidence"][1]["saturation"] == ranking.round6(SATURATION)
    assert ranked[-1]["evidence"][0]["themeId"] is None  # a sector is its own item
    assert len(ranking.rank(rows, SCORE, day, 2)) == 2


async def test_scores_follow_from_their_evidence(client: httpx.AsyncClient) -> None:
    checked = 0
    for theme, narrower, as_of in itertools.product(THEMES, (True, False), (None, "2021-01-01")):
        variables = {"theme": theme, "n": narrower, "asOf": as_of, "first": 20}
        body = await gql(client, FULL, variables)
        assert "errors" not in body, body["errors"]
        hits = body["data"]["expertise"]
        scores = [(-h["score"], -len(h["evidence"]), h["actor"]["key"]) for h in hits]
        assert scores == sorted(scores)
        for hit in hits:
            evidence = hit["evidence"]
            assert hit["score"] == pytest.approx(sum(e["contribution"] for e in evidence), abs=2e-6)
            for i, e in enumerate(evidence):
                assert e["saturation"] == pytest.approx(SATURATION**i, abs=1e-6)
                strength = e["weight"] * e["roleWeight"] * e["recency"] * e["certainty"]
                expected = strength * NARROWER ** e["distance"] * SATURATION**i
                assert e["contribution"] == pytest.approx(expected, abs=2e-5)
                assert (e["theme"] is None) == (e["kind"] == "SECTOR")
                if as_of is not None and e["date"] is not None:
                    assert e["date"] <= as_of
            contributions = [e["contribution"] for e in evidence]
            assert contributions == sorted(contributions, reverse=True)
            checked += len(evidence)
    assert checked > 100


async def test_every_variant_gathers_with_one_text(client: httpx.AsyncClient) -> None:
    gathered: set[str] = set()
    for theme, narrower, as_of, since, kinds in itertools.product(
        THEMES[:3], (True, False), (None, "2021-01-01"), (None, "2018-01-01"),
        (None, ["TECHNICAL_CENTRE", "COMPANY"]),
    ):  # fmt: skip
        variables = {"theme": theme, "n": narrower, "asOf": as_of, "since": since,
                     "kinds": kinds, "first": 5}  # fmt: skip
        body = await gql(client, FULL, variables)
        assert "errors" not in body, body["errors"]
        sent = body["extensions"]["cypher"]["statements"]
        gathered.update(text for text in sent if "rows" in text)
    assert len(gathered) == 1
