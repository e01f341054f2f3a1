"""What a planner's words name: the theme text's resolution (key, label, synonym, other word
forms, full text, sectors) and the filters by name (region, city, sector, kinds), read with the
gazetteer. A name that names nothing is a VALIDATION error listing the nearest values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, LiteralString

from errors import LimitExceededError
from graph import gazetteer, search
from graph.db import Db

THEME_CAP = 5  # themes (or sectors) a free text may resolve to

# Resolve the text to seed themes: exact key, label or synonym (folded); else full text with
# every term required; else sectors. Then widen to narrower themes, at most 5 steps down.
RESOLVE: LiteralString = """
CALL () {
  MATCH (t:Theme)
  WHERE t.key = $themeKey OR t.key IN $themeKeys OR t.labelFrFold = $folded
     OR t.labelEnFold = $folded OR $folded IN t.synonymFolds
  WITH t ORDER BY t.key
  RETURN collect(t) AS exact
}
CALL (exact) {
  WITH exact WHERE size(exact) = 0
  CALL db.index.fulltext.queryNodes('theme_text', $lucene, {limit: $cap}) YIELD node, score
  WITH node ORDER BY score DESC, node.key
  RETURN collect(node) AS fuzzy
}
WITH exact, fuzzy, exact + fuzzy AS seeds
CALL (seeds) {
  WITH seeds WHERE size(seeds) = 0
  CALL db.index.fulltext.queryNodes('sector_text', $lucene, {limit: $cap}) YIELD node, score
  WITH node ORDER BY score DESC, node.key
  RETURN collect(node) AS sectors
}
CALL (seeds) {
  UNWIND seeds AS seed
  CALL (seed) {
    MATCH path = (t:Theme)-[:BROADER*0..5]->(seed)
    WHERE $narrower OR length(path) = 0
    RETURN t, length(path) AS distance
    UNION
    MATCH (t:Theme) WHERE t.key IN coalesce(seed.related, [])
    RETURN t, 1 AS distance
  }
  WITH t, min(distance) AS distance
  ORDER BY distance, t.key
  RETURN collect({theme: t, distance: distance}) AS themes
}
WITH exact, fuzzy, seeds, sectors, themes,
  CASE
    WHEN $how IS NOT NULL AND size(exact) > 0 THEN $how
    WHEN any(t IN exact WHERE t.key = $themeKey) THEN 'KEY'
    WHEN any(t IN exact WHERE t.labelFrFold = $folded OR t.labelEnFold = $folded) THEN 'LABEL'
    WHEN size(exact) > 0 THEN 'SYNONYM'
    WHEN size(fuzzy) > 0 THEN 'FULL_TEXT'
    WHEN size(sectors) > 0 THEN 'SECTOR'
    ELSE 'NONE'
  END AS matchedBy
"""


@dataclass(frozen=True)
class Filters:
    """Filters as typed: a region, city or sector by name, kinds by enum or by name."""

    region: str | None = None
    sector: str | None = None
    kinds: Sequence[str] | None = None
    as_of: dt.date | None = None
    kind_names: Sequence[str] | None = None
    since: dt.date | None = None


MAX_KIND_NAMES = 8


async def filter_params(
    db: Db,
    filters: Filters,
    sectors: Sequence[str] | None = None,
    regions: Sequence[str] | None = None,
) -> dict[str, Any]:
    """The filters' keys; a name that names nothing is a VALIDATION error with the nearest."""
    names = list(filters.kind_names or ())
    if len(names) > MAX_KIND_NAMES:
        raise LimitExceededError(
            f"`kindNames` has {len(names)} names; at most {MAX_KIND_NAMES}.", field="kindNames"
        )
    g = await gazetteer.get(db) if (filters.region or filters.sector or names) else None
    kinds = list(filters.kinds or ())
    if g is not None:
        kinds += [key for name in names for key in g.resolve("kind", name, "kindNames")]
    if g and filters.region:
        regions = g.resolve("region", filters.region, "region")
    if g and filters.sector:
        sectors = g.resolve("sector", filters.sector, "sector")
    return {
        "kinds": kinds or None,
        "regions": list(regions) if regions else None,
        "sectors": list(sectors) if sectors else None,
        "since": filters.since,
    }


async def theme_keys(db: Db, text: str) -> list[str]:
    """Themes `text` names in other word forms or in its parts; [] when it names one exactly
    or a typo away (the statement's own resolution then says KEY, LABEL, SYNONYM or
    FULL_TEXT)."""
    g = await gazetteer.get(db)
    whole = g.named("theme", text)
    if whole is not None and whole.how in ("exact", "typo"):
        return []
    if whole is not None:
        return [entry.key for entry in whole.entries]
    return [e.key for part in g.parts(text) if part.kind == "theme" for e in part.entries]


def params(text: str, include_narrower: bool, keys: Sequence[str] = ()) -> dict[str, Any]:
    found = search.terms(text, "theme")
    return {
        "themeKeys": list(keys)[:THEME_CAP],
        "how": "WORD_FORM" if keys else None,
        "themeKey": search.slug(text),
        "folded": search.normalise(text),
        "lucene": search.all_terms(text, found),
        "loose": search.loose_terms(found),
        "cap": THEME_CAP,
        "narrower": include_narrower,
    }
