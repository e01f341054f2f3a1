"""The expertise score, computed from the evidence rows Neo4j gathers (graph/expertise.py).

Σ weight(kind) * role * recency * certainty * narrower^distance * saturation^rank over an
actor's items; docs/expertise.md documents each factor. Rounded as Cypher's `round(x, 6)`
does (half up, from the shortest decimal form of the float), so scores read the same as when
Neo4j computed them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

_MICRO = Decimal("0.000001")
KINDS = {
    "HAS_COMPETENCY": "COMPETENCY",
    "PARTY_TO": "AGREEMENT",
    "PARTICIPATES_IN": "PROJECT",
    "IN_SECTOR": "SECTOR",
}
"""The evidence kind of each relationship from the actor."""


@dataclass(frozen=True)
class Weights:
    """The score's factors: graph/expertise.py holds their values."""

    kinds: Mapping[str, float]
    agreements: Mapping[str, float]
    agreement_default: float
    roles: Mapping[str, float]
    half_life_days: float
    uncertain: float
    narrower: float
    saturation: float

    def of(self, kind: str, item_kind: Any) -> float:
        if kind == "AGREEMENT":
            return self.agreements.get(item_kind, self.agreement_default)
        return self.kinds[kind]


def round6(value: float) -> float:
    text = repr(value)
    if "e" in text or text.partition(".")[2][6:] == "5":
        # A tie in the shortest decimal form (or a tiny value): half up, as Cypher does.
        return float(Decimal(text).quantize(_MICRO, rounding=ROUND_HALF_UP))
    # Elsewhere the float's exact value and its shortest form round alike.
    return round(value, 6)


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


def rank(
    rows: Iterable[Sequence[Any]], weights: Weights, reference: dt.date, first: int
) -> list[dict[str, Any]]:
    """The `first` best actors, each `{actor, score, evidence}` with its evidence scored, best
    score first (then more evidence, then key). A row is one item of one actor, with the best
    theme it reached: actor id, actor key, relationship type, item id, item key, item kind,
    theme id, distance, date, role, confidence, statement, note, sources."""
    by_actor: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    keys: dict[str, str] = {}
    for row in rows:
        actor, actor_key, rel_type, _, item_key, item_kind, _, distance, date, role, confidence = (
            row[:11]
        )
        kind = KINDS[rel_type]
        day = _native(date)
        recency = 1.0
        if day is not None:
            days = (reference - day).days if day < reference else 0
            recency = 0.5 ** (days / weights.half_life_days)
        certainty = weights.uncertain if confidence == "uncertain" else 1.0
        role_weight = weights.roles.get(role, 1.0) if role is not None else 1.0
        weight = weights.of(kind, item_kind)
        strength = weight * role_weight * recency * certainty * weights.narrower**distance
        keys[actor] = actor_key
        by_actor[actor].append((strength, kind, item_key, row, weight, role_weight, recency))
    ranked: list[tuple[float, int, str, str, list[tuple[Any, ...]], list[float]]] = []
    for actor, items in by_actor.items():
        items.sort(key=lambda x: (-x[0], x[1], x[2]))
        contributions = [round6(x[0] * weights.saturation**i) for i, x in enumerate(items)]
        total = 0.0
        for contribution in contributions:
            total += contribution
        ranked.append((-round6(total), -len(items), keys[actor], actor, items, contributions))
    ranked.sort(key=lambda h: h[:3])
    return [_hit(weights, *hit) for hit in ranked[:first]]


def _hit(
    weights: Weights,
    score: float,
    _size: int,
    _key: str,
    actor: str,
    items: list[tuple[Any, ...]],
    contributions: list[float],
) -> dict[str, Any]:
    evidence = []
    for i, (_, kind, key, row, weight, role_weight, recency) in enumerate(items):
        _, _, _, item, _, _, theme, distance, date, role, confidence, statement, note, sources = row
        evidence.append(
            {
                "kind": kind, "key": key, "itemId": item,
                "themeId": None if kind == "SECTOR" else theme,  # a sector is its own item
                "distance": distance, "date": date, "role": role, "statement": statement,
                "sources": sources, "confidence": confidence or "certain", "note": note,
                "weight": weight, "roleWeight": role_weight, "recency": round6(recency),
                "certainty": weights.uncertain if confidence == "uncertain" else 1.0,
                "saturation": round6(weights.saturation**i), "contribution": contributions[i],
            }
        )  # fmt: skip
    return {"actor": actor, "score": -score, "evidence": evidence}
