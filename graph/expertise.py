"""Who can help on a theme: resolve the text to themes, gather the evidence, score, explain.

One statement per call. The score is Σ weight(kind) * role * recency * certainty *
narrower^distance over an actor's evidence items; docs/expertise.md documents each factor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, LiteralString

from errors import LimitExceededError
from graph import gazetteer, search
from graph.compiler import Compilation, Computed, Limits, Pick, Rel, Row, Same, Scalar, TypeSpec
from graph.db import Db
from graph.specs import ENTITIES, SOURCES_OF_NODE, SPECS

# Evidence weights: a declared competency says most, a framework agreement with many
# parties least. Agreement kinds not listed weigh AGREEMENT_DEFAULT.
WEIGHTS: dict[str, float] = {"COMPETENCY": 3.0, "PROJECT": 2.5, "SECTOR": 1.0}
AGREEMENT_WEIGHTS: dict[str, float] = {
    "collaboration_protocol": 2.0,
    "specific_contract": 2.0,
    "cooperation_agreement": 1.5,
    "target_contract": 1.5,
    "memorandum": 1.0,
    "framework_agreement": 1.0,
}
AGREEMENT_DEFAULT = 1.0
# What the party did, by its role: performs (1, also any role not listed), funds, supervises or
# opens, attends. A ministry that inaugurates a centre's R&D site counts less than the centre.
ROLE_WEIGHTS: dict[str, float] = {
    **dict.fromkeys(("funder", "sponsor"), 0.6),
    **dict.fromkeys(
        ("regulator", "approver", "inaugurator", "delegator", "parent", "patron"), 0.4
    ),
    **dict.fromkeys(
        ("attendee", "guest_sector", "venue", "supporter", "prospective_buyer", "reporter",
         "representative"),
        0.25,
    ),
}  # fmt: skip
HALF_LIFE_YEARS = 5.0  # a dated item's weight halves every five years before the reference day
UNCERTAIN = 0.5  # the source does not name the actor for sure
NARROWER = 0.8  # per BROADER step between the theme asked and the theme the item is about
THEME_CAP = 5  # themes (or sectors) a free text may resolve to

# Resolve the text to seed themes: exact key, label or synonym (folded); else full text with
# every term required; else sectors. Then widen to narrower themes, at most 5 steps down.
_RESOLVE: LiteralString = """
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

_EVIDENCE: LiteralString = """
CALL (themes, sectors) {
  UNWIND themes AS m
  WITH m.theme AS theme, m.distance AS distance
  MATCH (a:Actor)-[rel:HAS_COMPETENCY]->(theme)
  WHERE $since IS NULL
  RETURN a, 'COMPETENCY' AS kind, theme AS item, theme, distance, rel, null AS date,
         $weights.COMPETENCY AS weight
  UNION ALL
  UNWIND themes AS m
  WITH m.theme AS theme, m.distance AS distance
  MATCH (theme)<-[:COVERS]-(item:Agreement)<-[rel:PARTY_TO]-(a:Actor)
  WHERE ($asOf IS NULL OR item.signedOn <= $asOf) AND ($since IS NULL OR item.signedOn >= $since)
  RETURN a, 'AGREEMENT' AS kind, item, theme, distance, rel, item.signedOn AS date,
         coalesce($agreementWeights[item.kind], $agreementDefault) AS weight
  UNION ALL
  UNWIND themes AS m
  WITH m.theme AS theme, m.distance AS distance
  MATCH (theme)<-[:ADDRESSES]-(item:Project)<-[rel:PARTICIPATES_IN]-(a:Actor)
  WHERE ($asOf IS NULL OR item.startedOn <= $asOf)
    AND ($since IS NULL OR item.startedOn >= $since)
  RETURN a, 'PROJECT' AS kind, item, theme, distance, rel, item.startedOn AS date,
         $weights.PROJECT AS weight
  UNION ALL
  UNWIND sectors AS item
  MATCH (a:Actor)-[rel:IN_SECTOR]->(item)
  WHERE $since IS NULL
  RETURN a, 'SECTOR' AS kind, item, null AS theme, 0 AS distance, rel, null AS date,
         $weights.SECTOR AS weight
}
WITH a, kind, item, theme, distance, rel, date, weight
WHERE ($kinds IS NULL OR a.kind IN $kinds)
  AND ($regions IS NULL
       OR EXISTS { (a)-[:LOCATED_IN]->(:City)-[:IN_REGION]->(r:Region) WHERE r.key IN $regions })
  AND ($sectors IS NULL OR EXISTS { (a)-[:IN_SECTOR]->(s:Sector) WHERE s.key IN $sectors })
WITH a, kind, item, theme, distance, rel, date, weight ORDER BY distance, theme.key
WITH a, kind, item,
  head(collect({theme: theme, distance: distance, rel: rel, date: date, weight: weight})) AS best
WITH a, kind, item, best,
  CASE WHEN best.date IS NULL THEN 1.0
       ELSE 0.5 ^ (CASE WHEN best.date < $reference
                        THEN duration.inDays(best.date, $reference).days ELSE 0 END
                   / $halfLifeDays) END AS recency,
  CASE coalesce(best.rel.confidence, 'certain') WHEN 'uncertain' THEN $uncertain ELSE 1.0 END
    AS certainty
WITH a, kind, item, best, recency, certainty,
  coalesce($roleWeights[best.rel.role], 1.0) AS roleWeight
WITH a, kind, item, best, recency, certainty, roleWeight,
  round(best.weight * roleWeight * recency * certainty * $narrowerFactor ^ best.distance, 6)
    AS contribution
ORDER BY kind, item.key
WITH a, round(sum(contribution), 6) AS score,
  collect({kind: kind, item: item, best: best, recency: recency, certainty: certainty,
           roleWeight: roleWeight, contribution: contribution}) AS scored
ORDER BY score DESC, size(scored) DESC, a.key
LIMIT $first
WITH a, score, [x IN scored | {
  kind: x.kind, key: x.item.key, item: x.item, theme: x.best.theme, distance: x.best.distance,
  titleFr: coalesce(x.item.titleFr, x.item.labelFr, x.item.nameFr),
  titleEn: coalesce(x.item.titleEn, x.item.labelEn, x.item.nameEn),
  date: x.best.date, role: x.best.rel.role, statement: x.best.rel.evidence,
  sources: coalesce(x.best.rel.sources, x.item.sources, []),
  confidence: coalesce(x.best.rel.confidence, 'certain'), note: x.best.rel.note,
  weight: x.best.weight, roleWeight: x.roleWeight, recency: round(x.recency, 6),
  certainty: x.certainty,
  contribution: x.contribution
}] AS evidence
"""

_HINT: LiteralString = """
CALL (seeds, sectors) {
  WITH seeds, sectors WHERE size(seeds) = 0 AND size(sectors) = 0
  CALL db.index.fulltext.queryNodes('theme_text', $loose, {limit: $cap}) YIELD node, score
  WITH node ORDER BY score DESC, node.key
  RETURN collect(node) AS suggestions
}
WITH {matchedBy: matchedBy, seeds: seeds, sectors: sectors, suggestions: suggestions,
      searched: [m IN themes | m.theme]} AS h
"""


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


def _title(c: Compilation, bind: dict[str, str], pick: Pick) -> str:
    lang = str(pick.args.get("lang") or "fr").lower()
    v = bind["v"]
    return f"coalesce({v}.titleEn, {v}.titleFr)" if lang == "en" else f"{v}.titleFr"


def _one(label: LiteralString, slot: LiteralString) -> Rel:
    """The evidence map's node in `slot`, when it carries `label`."""
    return Rel(
        f"UNWIND [{{p}}.{slot}] AS {{v}} WITH {{v}} WHERE {{v}}:{label}",
        label,
        many=False,
        carry="WITH {v}",
    )


EVIDENCE = TypeSpec(
    {
        "kind": Scalar("{v}.kind"),
        "key": Scalar("{v}.key"),
        "title": Computed(_title),
        "date": Scalar("{v}.date", convert=_native),
        "role": Scalar("{v}.role"),
        "statement": Scalar("{v}.statement"),
        "theme": _one("Theme", "theme"),
        "distance": Scalar("{v}.distance"),
        "weight": Scalar("{v}.weight"),
        "roleWeight": Scalar("{v}.roleWeight"),
        "recency": Scalar("{v}.recency"),
        "certainty": Scalar("{v}.certainty"),
        "contribution": Scalar("{v}.contribution"),
        "confidence": Scalar("{v}.confidence"),
        "note": Scalar("{v}.note"),
        "sources": SOURCES_OF_NODE,
        "agreement": _one("Agreement", "item"),
        "project": _one("Project", "item"),
        "sector": _one("Sector", "item"),
    }
)
EXPERTISE_HIT = TypeSpec(
    {
        "actor": Same("Actor"),
        "score": Scalar("{score}"),
        "evidence": Rel(
            "UNWIND {pr} AS {v}",
            "Evidence",
            carry="WITH {v}",
            order="{v}.contribution DESC, {v}.kind, {v}.key",
        ),
    }
)


def _nodes(slot: LiteralString, label: str) -> Rel:
    return Rel(f"UNWIND {{p}}.{slot} AS {{v}}", label, carry="WITH {v}", order="{v}.key")


EXPERTISE_HINT = TypeSpec(
    {
        "matchedBy": Scalar("{v}.matchedBy"),
        "themes": _nodes("seeds", "Theme"),
        "searchedThemes": _nodes("searched", "Theme"),
        "sectors": _nodes("sectors", "Sector"),
        "suggestions": _nodes("suggestions", "Theme"),
    }
)
EXPERTISE_SPECS = {
    **SPECS,
    "Evidence": EVIDENCE,
    "ExpertiseHit": EXPERTISE_HIT,
    "ExpertiseHint": EXPERTISE_HINT,
}


def today() -> dt.date:
    """The reference day of recency when no `asOf` is given (tests pin it)."""
    return dt.datetime.now(dt.UTC).date()


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


async def _filter_params(
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


def _resolution(text: str, include_narrower: bool, keys: Sequence[str] = ()) -> dict[str, Any]:
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


async def expertise(
    db: Db,
    limits: Limits,
    text: str,
    include_narrower: bool,
    filters: Filters,
    first: int | None,
    pick: Pick,
    keys: Sequence[str] | None = None,
    sectors: Sequence[str] | None = None,
    regions: Sequence[str] | None = None,
) -> list[Row]:
    """Actors with evidence on the themes `text` (or `keys`) names, best score first; on ties
    more evidence first, then key."""
    keys = await theme_keys(db, text) if keys is None else keys
    params = _resolution(text, include_narrower, keys)
    size = search.page_size(limits, first)
    if size == 0:
        return []
    c = Compilation(EXPERTISE_SPECS, ENTITIES, limits)
    projection = c.project(
        "ExpertiseHit", pick.children, {"v": "a", "r": "evidence", "score": "score"}
    )
    # One list in one record: each record costs the driver a message to decode.
    statement = _RESOLVE + _EVIDENCE + f"RETURN collect({projection}) AS hits"
    params.update(
        c.params,
        **await _filter_params(db, filters, sectors, regions),
        first=size,
        roleWeights=ROLE_WEIGHTS,
        asOf=filters.as_of,
        reference=filters.as_of or today(),
        weights=WEIGHTS,
        agreementWeights=AGREEMENT_WEIGHTS,
        agreementDefault=AGREEMENT_DEFAULT,
        halfLifeDays=HALF_LIFE_YEARS * 365.25,
        uncertain=UNCERTAIN,
        narrowerFactor=NARROWER,
    )
    hits = await db.read_value(statement, **params)
    return [_shaped(c, "ExpertiseHit", pick.children, hit) for hit in hits or ()]


async def hint(db: Db, limits: Limits, text: str, include_narrower: bool, pick: Pick) -> Row:
    """How `text` resolves to themes (or sectors), with a message when it resolves poorly."""
    params = _resolution(text, include_narrower, await theme_keys(db, text))
    c = Compilation(EXPERTISE_SPECS, ENTITIES, limits)
    projection = c.project("ExpertiseHint", pick.children, {"v": "h"})
    statement = (
        _RESOLVE + _HINT + "RETURN h.matchedBy AS matchedBy, [t IN h.seeds | t.labelFr] AS themes, "
        "[s IN h.sectors | s.nameFr] AS sectors, "
        "[t IN h.suggestions | t.labelFr + ' (' + t.key + ')'] AS suggestions, "
        f"{projection} AS hint"
    )
    records = await db.read(statement, **params, **c.params)
    record = records[0]
    row = _shaped(c, "ExpertiseHint", pick.children, record["hint"])
    for child in pick.children:
        if child.field == "message":
            row[child.key] = message(text, record)
    return row


def _shaped(c: Compilation, spec: str, picks: Sequence[Pick], data: Any) -> Row:
    row = c.shape(spec, picks, data)
    assert row is not None
    return row


def message(text: str, resolution: Mapping[str, Any]) -> str | None:
    """A hint in words for a text that named no theme exactly; None when it did."""
    how = resolution["matchedBy"]
    if how == "WORD_FORM":
        return f'"{text}" read as the theme(s) {", ".join(resolution["themes"])}.'
    if how == "FULL_TEXT":
        return f'"{text}" names no theme exactly; closest: {", ".join(resolution["themes"])}.'
    if how == "SECTOR":
        return (
            f'"{text}" names no theme; showing the actors of the sector(s) '
            f"{', '.join(resolution['sectors'])}."
        )
    if how != "NONE":
        return None
    if resolution["suggestions"]:
        return f'No theme matches "{text}". Did you mean: {", ".join(resolution["suggestions"])}?'
    return (
        f'No theme matches "{text}". Try a theme key (e.g. decarbonisation) or a French or '
        "English label or synonym (e.g. décarbonation, upskilling, essais)."
    )
