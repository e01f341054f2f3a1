"""The judged question set as a quality gate: its figures on the seed graph stay at or above
the floor reached (bench/eval/README.md). A figure, not a timing."""

from __future__ import annotations

import httpx
import pytest

from bench.eval import judged
from bench.eval.run import evaluate
from graph.db import Db

# The figures reached when the gate was last raised (bench/results/eval-after-24.json),
# rounded down.
FLOOR = {
    "expertise": {"ndcg@5": 0.90, "empty": 0.0},
    "search": {"success@3": 0.97, "mrr": 0.92},
}


async def test_the_judged_set_stays_above_its_floor(seeded: Db, client: httpx.AsyncClient) -> None:
    scored = await evaluate(client, second_chance=True)
    expertise = judged.overall(scored, "expertise")
    search = judged.overall(scored, "search")
    assert expertise["questions"] >= 40
    assert search["questions"] >= 40
    assert expertise["ndcg@5"] >= FLOOR["expertise"]["ndcg@5"], expertise
    assert expertise["empty"] <= FLOOR["expertise"]["empty"], [
        s.question.id for s in scored if s.metrics["empty"]
    ]
    assert search["success@3"] >= FLOOR["search"]["success@3"], search
    assert search["mrr"] >= FLOOR["search"]["mrr"], search


def test_metrics_score_what_they_should() -> None:
    relevant = {"a": 3, "b": 2, "c": 1}
    assert judged.ndcg(["a", "b", "c"], relevant) == pytest.approx(1.0)
    assert judged.ndcg(["c", "b", "a"], relevant) < 1.0
    assert judged.ndcg([], relevant) == 0.0
    assert judged.first_top(["x", "b", "a"], relevant) == 3
    assert judged.first_top(["x"], relevant) is None
