"""Who can help on a theme: gather the evidence on the themes the text resolves to (see
graph/resolution.py), score, explain.

Two statements per call: the evidence gathered (a fixed text), then the best actors' selection;
graph/ranking.py computes the score in between from the weights below. docs/expertise.md
documents each factor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, LiteralString

from graph import ranking, resolution, search
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
NARROWER = 0.7  # per BROADER step between the theme asked and the theme the item is about
# An actor's items, strongest first, count 1, 0.6, 0.36 ...: many lesser items (a ministry's
# signatures and patronages) do not outweigh the work of an actor that does it.
SATURATION = 0.6
# Every item of every actor on the themes (or sectors) resolved, with the best theme it
# reached; graph/ranking.py scores them. One pattern for the four kinds of evidence (a
# competency or a sector is the item itself, an agreement or a project one step from the
# theme): the text does not depend on the selection, and plans in about half the time of one
# UNION branch per kind.
_GATHER: LiteralString = """
UNWIND themes + [s IN sectors | {theme: s, distance: 0}] AS m
WITH m.theme AS theme, m.distance AS distance
MATCH (theme)<-[:COVERS|ADDRESSES*0..1]-(item)
      <-[rel:HAS_COMPETENCY|PARTY_TO|PARTICIPATES_IN|IN_SECTOR]-(a:Actor)
WITH a, type(rel) AS kind, item, theme, distance, rel,
  CASE type(rel) WHEN 'PARTY_TO' THEN item.signedOn WHEN 'PARTICIPATES_IN' THEN item.startedOn
  END AS date
WHERE (kind IN ['HAS_COMPETENCY', 'IN_SECTOR'] OR $asOf IS NULL OR date <= $asOf)
  AND ($since IS NULL OR date >= $since)
  AND ($kinds IS NULL OR a.kind IN $kinds)
  AND ($regions IS NULL
       OR EXISTS { (a)-[:LOCATED_IN]->(:City)-[:IN_REGION]->(r:Region) WHERE r.key IN $regions })
  AND ($sectors IS NULL OR EXISTS { (a)-[:IN_SECTOR]->(s:Sector) WHERE s.key IN $sectors })
WITH a, kind, item, theme, distance, rel, date ORDER BY distance, theme.key
WITH a, kind, item, head(collect([theme, distance, rel, date])) AS b
RETURN collect([elementId(a), a.key, kind, elementId(item), item.key, item.kind,
  elementId(b[0]), b[1], b[3], b[2].role, b[2].confidence, b[2].evidence, b[2].note,
  b[2].sources]) AS rows
"""

# The best actors ranked, their nodes and their items' nodes back for the selection.
_HITS: LiteralString = """
UNWIND $hits AS hit
MATCH (a:Actor) WHERE elementId(a) = hit.actor
CALL (hit) {
  UNWIND hit.evidence AS x
  MATCH (item) WHERE elementId(item) = x.itemId
  OPTIONAL MATCH (theme:Theme) WHERE elementId(theme) = x.themeId
  RETURN collect(x {.*, item: item, theme: theme,
    titleFr: coalesce(item.titleFr, item.labelFr, item.nameFr),
    titleEn: coalesce(item.titleEn, item.labelEn, item.nameEn),
    sources: coalesce(x.sources, item.sources, [])}) AS evidence
}
WITH a, hit.score AS score, evidence ORDER BY hit.rank
"""

SCORE = ranking.Weights(
    WEIGHTS,
    AGREEMENT_WEIGHTS,
    AGREEMENT_DEFAULT,
    ROLE_WEIGHTS,
    HALF_LIFE_YEARS * 365.25,
    UNCERTAIN,
    NARROWER,
    SATURATION,
)

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
        "saturation": Scalar("{v}.saturation"),
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


async def expertise(
    db: Db,
    limits: Limits,
    text: str,
    include_narrower: bool,
    filters: resolution.Filters,
    first: int | None,
    pick: Pick,
    keys: Sequence[str] | None = None,
    sectors: Sequence[str] | None = None,
    regions: Sequence[str] | None = None,
) -> list[Row]:
    """Actors with evidence on the themes `text` (or `keys`) names, best score first; on ties
    more evidence first, then key."""
    keys = await resolution.theme_keys(db, text) if keys is None else keys
    params = resolution.params(text, include_narrower, keys)
    size = search.page_size(limits, first)
    if size == 0:
        return []
    params.update(
        **await resolution.filter_params(db, filters, sectors, regions),
        asOf=filters.as_of,
    )
    # Two round trips: the gathering's text is fixed (planned once, at start-up), the
    # selection's statement is small; the score is computed here in between.
    rows = await db.read_value(resolution.RESOLVE + _GATHER, **params)
    ranked = ranking.rank(rows or (), SCORE, filters.as_of or today(), size)
    if not ranked:
        return []
    for i, hit in enumerate(ranked):
        hit["rank"] = i
    c = Compilation(EXPERTISE_SPECS, ENTITIES, limits)
    projection = c.project(
        "ExpertiseHit", pick.children, {"v": "a", "r": "evidence", "score": "score"}
    )
    # One list in one record: each record costs the driver a message to decode.
    statement = _HITS + f"RETURN collect({projection}) AS hits"
    hits = await db.read_value(statement, hits=ranked, **c.params)
    return [_shaped(c, "ExpertiseHit", pick.children, hit) for hit in hits or ()]


async def hint(db: Db, limits: Limits, text: str, include_narrower: bool, pick: Pick) -> Row:
    """How `text` resolves to themes (or sectors), with a message when it resolves poorly."""
    params = resolution.params(text, include_narrower, await resolution.theme_keys(db, text))
    c = Compilation(EXPERTISE_SPECS, ENTITIES, limits)
    projection = c.project("ExpertiseHint", pick.children, {"v": "h"})
    statement = (
        resolution.RESOLVE
        + _HINT
        + "RETURN h.matchedBy AS matchedBy, [t IN h.seeds | t.labelFr] AS themes, "
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


def message(text: str, resolved: Mapping[str, Any]) -> str | None:
    """A hint in words for a text that named no theme exactly; None when it did."""
    how = resolved["matchedBy"]
    if how == "WORD_FORM":
        return f'"{text}" read as the theme(s) {", ".join(resolved["themes"])}.'
    if how == "FULL_TEXT":
        return f'"{text}" names no theme exactly; closest: {", ".join(resolved["themes"])}.'
    if how == "SECTOR":
        return (
            f'"{text}" names no theme; showing the actors of the sector(s) '
            f"{', '.join(resolved['sectors'])}."
        )
    if how != "NONE":
        return None
    if resolved["suggestions"]:
        return f'No theme matches "{text}". Did you mean: {", ".join(resolved["suggestions"])}?'
    return (
        f'No theme matches "{text}". Try a theme key (e.g. decarbonisation) or a French or '
        "English label or synonym (e.g. décarbonation, upskilling, essais)."
    )
