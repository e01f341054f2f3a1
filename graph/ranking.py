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
    return float(Decimal(repr(value)).quantize(_MICRO, rounding=ROUND_HALF_UP))


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


def rank(
    rows: Iterable[Sequence[Any]], weights: Weights, reference: dt.date, first: int
) -> list[dict[str, Any]]:
    """The `first` best actors, each `{actor, score, evidence}` with its evidence scored, best
    score first (then more evidence, then key). A row is one item of one actor, with the best
    theme it reached: actor id, actor key, relationship type, item id, item key, item kind,
    theme id, distance, date, role, confidence, statement, note, sources."""
    by_actor: dict[str, list[dict[str, Any]]] = defaultdict(list)
    keys: dict[str, str] = {}
    for row in rows:
        actor, actor_key, rel_type, item, item_key, item_kind, theme, distance, date, *rel = row
        role, confidence, statement, note, sources = rel
        kind = KINDS[rel_type]
        if kind == "SECTOR":
            theme = None  # the sector is the item
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
        by_actor[actor].append(
            {
                "kind": kind, "key": item_key, "itemId": item, "themeId": theme,
                "distance": distance, "date": date, "role": role, "statement": statement,
                "sources": sources, "confidence": confidence or "certain", "note": note,
                "weight": weight, "roleWeight": role_weight, "recency": round6(recency),
                "certainty": certainty, "strength": strength,
            }
        )  # fmt: skip
    hits: list[tuple[float, int, str, dict[str, Any]]] = []
    for actor, items in by_actor.items():
        items.sort(key=lambda x: (-x["strength"], x["kind"], x["key"]))
        total = 0.0
        for i, x in enumerate(items):
            x["saturation"] = round6(weights.saturation**i)
            x["contribution"] = round6(x.pop("strength") * weights.saturation**i)
            total += x["contribution"]
        score = round6(total)
        entry = {"actor": actor, "score": score, "evidence": items}
        hits.append((-score, -len(items), keys[actor], entry))
    hits.sort(key=lambda h: h[:3])
    return [hit for *_, hit in hits[:first]]
