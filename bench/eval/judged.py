"""The judged set: questions, graded relevance from the sources, and the metrics over them.

Relevance never comes from the service: expertise grades are the needs of needs.yaml, kept for
the actors whose recorded sector, region or kind (seeds/data, from the sources) a question
restricts to; search grades are written per text.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent
SEEDS = HERE.parent.parent / "seeds" / "data"
CUTOFF = 5


@dataclass(frozen=True)
class Question:
    id: str
    lang: str
    form: str
    field: str  # "expertise" or "search"
    arguments: Mapping[str, Any]
    relevant: Mapping[str, int]
    held_out: bool = False


@dataclass
class Scored:
    question: Question
    ranked: list[str]
    error: str | None = None
    metrics: dict[str, float] = field(default_factory=dict)


def _load(name: str) -> Any:
    return yaml.safe_load((HERE / name).read_text(encoding="utf-8"))


def _actor_facts() -> dict[str, dict[str, Any]]:
    actors = yaml.safe_load((SEEDS / "actors.yaml").read_text(encoding="utf-8"))
    places = yaml.safe_load((SEEDS / "places.yaml").read_text(encoding="utf-8"))
    region_of = {city["key"]: city.get("region") for city in places["cities"]}
    return {
        actor["key"]: {
            "kind": actor["kind"],
            "sectors": set(actor.get("sectors") or ()),
            "region": region_of.get(actor.get("city") or ""),
        }
        for actor in actors
    }


def _keeps(facts: Mapping[str, Any] | None, only: Mapping[str, Any]) -> bool:
    if facts is None:
        return False
    if "sector" in only and only["sector"] not in facts["sectors"]:
        return False
    if "region" in only and only["region"] != facts["region"]:
        return False
    return "kind" not in only or facts["kind"] in only["kind"]


def _expertise(raw: Mapping[str, Any], needs: Mapping[str, Any], held_out: bool) -> Question:
    facts = _actor_facts()
    if "relevant" in raw:
        grades = dict(raw["relevant"])
    else:
        grades = {}
        for need in raw["need"]:
            for actor, grade in needs[need].items():
                grades[actor] = max(grade, grades.get(actor, 0))
        only = raw.get("only") or {}
        grades = {a: g for a, g in grades.items() if not only or _keeps(facts.get(a), only)}
    arguments = {
        key: raw[key] for key in ("theme", "question", "sector", "region", "kinds") if key in raw
    }
    return Question(raw["id"], raw["lang"], raw["form"], "expertise", arguments, grades, held_out)


def _search(raw: Mapping[str, Any], held_out: bool) -> Question:
    relevant = {str(item): int(grade) for item, grade in raw["relevant"].items()}
    arguments = {"text": raw["text"]}
    return Question(raw["id"], raw["lang"], raw["form"], "search", arguments, relevant, held_out)


def questions(held_out: bool = False) -> list[Question]:
    """The set's questions (or the held-out ones), expertise first."""
    needs = _load("needs.yaml")
    if held_out:
        raw = _load("heldout.yaml")
        expertise, search = raw["expertise"], raw["search"]
    else:
        expertise, search = _load("expertise.yaml"), _load("search.yaml")
    return [_expertise(q, needs, held_out) for q in expertise] + [
        _search(q, held_out) for q in search
    ]


# ---- metrics -----------------------------------------------------------------------------


def dcg(grades: Sequence[int]) -> float:
    return sum(float(2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(grades))


def ndcg(ranked: Sequence[str], relevant: Mapping[str, int], k: int = CUTOFF) -> float:
    ideal = dcg(sorted(relevant.values(), reverse=True)[:k])
    if ideal == 0:
        return 1.0 if not ranked else 0.0
    return dcg([relevant.get(item, 0) for item in ranked[:k]]) / ideal


def first_top(ranked: Sequence[str], relevant: Mapping[str, int]) -> int | None:
    """The 1-based rank of the first hit of the top grade, None when none is returned."""
    best = max(relevant.values(), default=0)
    return next(
        (rank + 1 for rank, item in enumerate(ranked) if relevant.get(item, 0) == best), None
    )


def score(question: Question, ranked: list[str], error: str | None = None) -> Scored:
    rank = first_top(ranked, question.relevant)
    metrics = {"ndcg@5": ndcg(ranked, question.relevant)}
    if question.field == "search":
        for k in (1, 3, 5):
            metrics[f"success@{k}"] = 1.0 if rank is not None and rank <= k else 0.0
        metrics["mrr"] = 1 / rank if rank else 0.0
    metrics["empty"] = 1.0 if not ranked and question.relevant else 0.0
    return Scored(question, ranked, error, metrics)


def overall(scored: Sequence[Scored], field: str) -> dict[str, float]:
    """Means of each metric over the questions of `field`."""
    rows = [s.metrics for s in scored if s.question.field == field]
    if not rows:
        return {}
    return {name: round(sum(r[name] for r in rows) / len(rows), 4) for name in rows[0]} | {
        "questions": len(rows)
    }
