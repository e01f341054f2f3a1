"""Full-text search over actors, agreements, projects, themes and sectors, in one round trip.

User text never reaches Lucene as syntax: it is folded, split into word terms, each term
escaped, and the Lucene query is assembled here from those terms (see docs/expertise.md).
"""

from __future__ import annotations

import re
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, LiteralString

from errors import LimitExceededError, ValidationError
from graph.compiler import Compilation, Limits, Pick, Row
from graph.db import Db
from graph.specs import ENTITIES, SPECS
from graph.text import fold

MAX_TEXT = 200
MAX_TERMS = 16
FUZZY_MIN = 4  # shorter terms are matched exactly: one edit away from "iso" is noise

_LUCENE_SPECIAL = frozenset('+-&|!(){}[]^"~*?:\\/')
_WORD = re.compile(r"\w+")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})
# French elisions glue the article to the word in the index ("d'ingénierie" is one token).
_ELISIONS = ("l'", "d'")
_VOWELS = frozenset("aeiouyh")
STOPWORDS = frozenset(
    ("a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it",
     "of", "on", "or", "the", "to", "with",
     "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "par", "pour",
     "sur", "un", "une")
)  # fmt: skip

# kind -> (index, node label in the compiled specs): a closed vocabulary, never user text.
KINDS: dict[LiteralString, tuple[LiteralString, str]] = {
    "actor": ("actor_text", "Actor"),
    "agreement": ("agreement_text", "Agreement"),
    "project": ("project_text", "Project"),
    "theme": ("theme_text", "Theme"),
    "sector": ("sector_text", "Sector"),
}


def _branch(kind: LiteralString) -> LiteralString:
    index, _ = KINDS[kind]
    return (
        "CALL db.index.fulltext.queryNodes('" + index + "', $" + kind + "Query, "
        "{limit: $first}) YIELD node, score RETURN node, score, '" + kind + "' AS kind"
    )


_BRANCHES: dict[str, LiteralString] = {kind: _branch(kind) for kind in KINDS}
# The indexed fields of each kind, in the order `matched` reports them.
FIELDS: dict[str, tuple[str, ...]] = {
    "actor": (
        "acronym",
        "nameFr",
        "nameEn",
        "nameAr",
        "formerNames",
        "key",
        "description",
        "descriptionFr",
    ),
    "agreement": ("titleFr", "titleEn", "key", "summaryFr", "summary"),
    "project": ("titleFr", "titleEn", "key", "summary"),
    "theme": ("labelFr", "labelEn", "labelAr", "synonyms", "key"),
    "sector": ("nameFr", "nameEn", "key"),
}
# Terms found in names, titles and labels count more than in descriptions and summaries.
BOOSTS: dict[str, tuple[tuple[str, int], ...]] = {
    "actor": (("acronym", 4), ("nameFr", 2), ("nameEn", 2), ("formerNameText", 2)),
    "agreement": (("titleFr", 2), ("titleEn", 2)),
    "project": (("titleFr", 2), ("titleEn", 2)),
    "theme": (("labelFr", 2), ("labelEn", 2), ("synonymText", 2)),
    "sector": (),
}
_ALL_FIELDS: LiteralString = (
    "node {.acronym, .nameFr, .nameEn, .nameAr, .formerNames, .description, .descriptionFr, "
    ".titleFr, .titleEn, .summary, .summaryFr, .labelFr, .labelEn, .labelAr, .synonyms, .key}"
)
# A hit whose acronym, name (or former name), title, label, synonym or key is the whole text
# comes first.
_EXACT: LiteralString = (
    "($key = node.key OR $folded IN [x IN [node.acronymFold, node.sortName, node.nameEnFold, "
    "node.titleFrFold, node.titleEnFold, node.labelFrFold, node.labelEnFold] "
    "WHERE x IS NOT NULL] + coalesce(node.synonymFolds, []) + coalesce(node.formerNameFolds, []))"
)
_SNIPPET = 60


@dataclass(frozen=True)
class Match:
    """A field of a hit that holds one of the query's terms, with the text that matched."""

    field: str
    value: str


# ---- terms and Lucene queries ---------------------------------------------------------------


def normalise(text: str) -> str:
    return fold(text).translate(_LIGATURES)


def slug(text: str) -> str:
    """A key-shaped form of user text: "Rabat-Salé-Kénitra" -> "rabat-sale-kenitra"."""
    return re.sub(r"[^a-z0-9]+", "-", normalise(text)).strip("-")


def words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


def terms(text: str, field: str = "text") -> list[str]:
    """The distinct word terms of user text; stop words go unless nothing else is left."""
    if len(text) > MAX_TEXT:
        raise LimitExceededError(
            f"`{field}` has {len(text)} characters; at most {MAX_TEXT}.", field=field
        )
    found = [word for word in dict.fromkeys(words(text)) if word.strip("_")]
    if not found:
        raise ValidationError(f"`{field}` needs at least one letter or digit.", field=field)
    significant = [term for term in found if term not in STOPWORDS] or found
    if len(significant) > MAX_TERMS:
        raise LimitExceededError(
            f"`{field}` has {len(significant)} words; at most {MAX_TERMS}.", field=field
        )
    return significant


def escape(term: str) -> str:
    """Backslash every Lucene operator character, so a term is only ever a term."""
    return "".join("\\" + char if char in _LUCENE_SPECIAL else char for char in term)


def _alternatives(
    term: str, edits: int, known: bool = False, typos: Sequence[str] = ()
) -> list[str]:
    forms = [escape(term)]
    if edits and len(term) >= FUZZY_MIN and not term.isdigit():
        # A known word is not looked for one edit away; it scores as it did when it also
        # matched as its own one-edit neighbour. A typo whose neighbours the indexed names
        # hold is looked for as those words.
        if known:
            forms = [f"{escape(term)}^2"]
        elif typos:
            forms += [escape(word) for word in typos]
        else:
            forms.append(f"{escape(term)}~{edits}")
    if term[0] in _VOWELS:
        forms.extend(escape(elision + term) for elision in _ELISIONS)
    return forms


def _clause(
    term: str,
    edits: int = 1,
    forms: Sequence[str] = (),
    known: bool = False,
    typos: Sequence[str] = (),
) -> str:
    """A term, its typos and elisions, and its other forms (which score half; for a known
    term, those one edit away score 1.5, as when they also matched as its typos)."""
    other = [f"{escape(form)}^{1.5 if known and near(term, form) else 0.5}" for form in forms]
    return "(" + " OR ".join(_alternatives(term, edits, known, typos) + other) + ")"


def _phrase(text: str) -> str:
    tokens = words(text)
    if len(tokens) < 2:
        return ""
    return ' "' + " ".join(escape(token) for token in tokens) + '"^2'


def any_terms(
    text: str,
    found: Sequence[str],
    kind: str | None = None,
    forms: Mapping[str, Sequence[str]] | None = None,
    known: Container[str] = (),
    typos: Mapping[str, Sequence[str]] | None = None,
) -> str:
    """Items holding any term (or a term one edit away, or another form of it); the exact
    phrase scores double, and so do terms in the kind's names, titles or labels. A `known`
    term (a word of the indexed names, or one with other forms there) is not looked for one
    edit away: Lucene's edit automaton is the costly part of a query, and a word the index
    holds is no typo, and a term with `typos` (the indexed names' words one edit from it) is
    looked for as those words."""
    forms = forms or {}
    typos = typos or {}
    clauses = " ".join(
        _clause(term, 1, forms.get(term, ()), term in known, typos.get(term, ())) for term in found
    )
    boosts = "".join(f" {field}:({clauses})^{boost}" for field, boost in BOOSTS.get(kind or "", ()))
    return clauses + _phrase(text) + boosts


def all_terms(text: str, found: Sequence[str]) -> str:
    """Items holding every term, each exactly or one edit away."""
    return " ".join("+" + _clause(term) for term in found) + _phrase(text)


def loose_terms(found: Sequence[str]) -> str:
    """Suggestions: any term two edits away or as a word's beginning."""
    clauses = []
    for term in found:
        forms = _alternatives(term, 2)
        if len(term) >= 3:
            forms.append(escape(term) + "*")
        clauses.append("(" + " OR ".join(forms) + ")")
    return " ".join(clauses)


# ---- which field matched ----------------------------------------------------------------


def near(term: str, token: str) -> bool:
    """Equal, or (terms of FUZZY_MIN letters or more) one edit apart, as Lucene's `~1`."""
    if term == token:
        return True
    if len(term) < FUZZY_MIN or term.isdigit() or abs(len(term) - len(token)) > 1:
        return False
    if len(term) == len(token):
        diff = [i for i, (a, b) in enumerate(zip(term, token, strict=True)) if a != b]
        if len(diff) == 1:
            return True
        first, second = diff[0], diff[-1]
        return (
            len(diff) == 2
            and second == first + 1
            and term[first] == token[second]
            and term[second] == token[first]
        )
    short, long = (term, token) if len(term) < len(token) else (token, term)
    index = next((i for i, (a, b) in enumerate(zip(short, long, strict=False)) if a != b), None)
    index = len(short) if index is None else index
    return short[index:] == long[index + 1 :]


def _snippet(value: str, found: Sequence[str]) -> str:
    if len(value) <= 2 * _SNIPPET:
        return value
    folded = _folded(value)
    wanted = _terms_of(tuple(found))
    starts = [m.start() for m in _WORD.finditer(folded) if wanted.hit(m.group())]
    start = max(0, (starts[0] if starts else 0) - _SNIPPET // 2)
    end = min(len(value), start + 2 * _SNIPPET)
    return ("…" if start else "") + value[start:end].strip() + ("…" if end < len(value) else "")


def matched(kind: str, fields: Mapping[str, Any], found: Sequence[str]) -> list[Match]:
    """The indexed fields of a hit that contain a query term, with their (shortened) text."""
    out = []
    wanted = _terms_of(tuple(found))
    for name in FIELDS[kind]:
        value = fields.get(name)
        values = value if isinstance(value, list) else [value] if value else []
        for text in values:
            if any(wanted.hit(token) for token in _tokens(text)):
                out.append(Match(name, _snippet(text, found)))
    return out


class _Terms:
    """Query terms, by length: a token is compared only with the terms one edit could make
    it (the same length or one apart), not with every term."""

    def __init__(self, found: Sequence[str]) -> None:
        self.exact = frozenset(found)
        self.by_length: dict[int, list[str]] = {}
        for term in self.exact:
            if len(term) >= FUZZY_MIN and not term.isdigit():
                self.by_length.setdefault(len(term), []).append(term)

        self.seen: dict[str, bool] = {}

    def hit(self, token: str) -> bool:
        if token in self.exact:
            return True
        known = self.seen.get(token)
        if known is None:
            size = len(token)
            known = any(
                near(term, token)
                for length in (size - 1, size, size + 1)
                for term in self.by_length.get(length, ())
            )
            if len(self.seen) < _SEEN:
                self.seen[token] = known
        return known


_SEEN = 20_000  # tokens remembered per set of terms


@lru_cache(maxsize=256)
def _terms_of(found: tuple[str, ...]) -> _Terms:
    """The same terms come back hit after hit, and query after query."""
    return _Terms(found)


@lru_cache(maxsize=8192)
def _folded(text: str) -> str:
    """An indexed text folded (the same long descriptions come back hit after hit)."""
    return normalise(text)


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[str, ...]:
    """The distinct words of an indexed text (the same texts come back hit after hit)."""
    return tuple(dict.fromkeys(_WORD.findall(_folded(text))))


# ---- the search -----------------------------------------------------------------------------


def page_size(limits: Limits, first: int | None, field: str = "first") -> int:
    if first is None:
        return limits.default_page
    if first < 0:
        raise ValidationError("`first` must be zero or more.", field=field)
    if first > limits.max_page:
        raise LimitExceededError(
            f"`first` is {first}; the largest page is {limits.max_page}.", field=field
        )
    return first


async def search(
    db: Db,
    limits: Limits,
    text: str,
    kinds: Sequence[str] | None,
    first: int | None,
    pick: Pick,
) -> list[Row]:
    """The best `first` hits across the kinds asked (all by default), best score first."""
    found = terms(text)
    size = page_size(limits, first)
    wanted = [kind for kind in KINDS if kinds is None or kind in kinds]
    if not wanted or size == 0:
        return []
    c = Compilation(SPECS, ENTITIES, limits)
    node_picks = [child for child in pick.children if child.field == "node"]
    rows = []
    for node_pick in node_picks:
        cases = " ".join(
            f"WHEN '{kind}' THEN {c.project(KINDS[kind][1], node_pick.children, {'v': 'node'})}"
            for kind in wanted
        )
        rows.append(f"{c.name(node_pick)}: CASE kind {cases} END")
    union = " UNION ALL ".join(_BRANCHES[kind] for kind in wanted)
    # The indexed texts are long (descriptions, summaries): read only to say what matched.
    fields = _ALL_FIELDS if any(child.field == "matched" for child in pick.children) else "null"
    statement = (
        f"CALL () {{ {union} }} "
        f"WITH node, score, kind, {_EXACT} AS exact "
        "ORDER BY exact DESC, score DESC, kind, node.key LIMIT $first "
        # One list in one record: each record costs the driver a message to decode.
        f"RETURN collect({{kind: kind, score: score, exact: exact, fields: {fields}, "
        f"row: {{{', '.join(rows)}}}}}) AS hits"
    )
    from graph import gazetteer  # the gazetteer reads this module's words and terms

    vocabulary = await gazetteer.get(db)
    forms = {term: vocabulary.expand(term) for term in found}
    known = {term for term in found if forms[term] or vocabulary.knows(term)}
    typos = {term: vocabulary.neighbours.of(term) for term in found if term not in known}
    queries = {f"{kind}Query": any_terms(text, found, kind, forms, known, typos) for kind in wanted}
    params = {**c.params, **queries, "first": size, "folded": normalise(text), "key": slug(text)}
    hits = await db.read_value(statement, **params)
    return [_hit(c, pick, hit, found, forms) for hit in hits or ()]


def _hit(
    c: Compilation,
    pick: Pick,
    record: Mapping[str, Any],
    found: Sequence[str],
    forms: Mapping[str, Sequence[str]],
) -> Row:
    kind = record["kind"]
    hit = Row()
    for child in pick.children:
        if child.field == "kind":
            hit[child.key] = kind
        elif child.field == "score":
            hit[child.key] = record["score"]
        elif child.field == "exact":
            hit[child.key] = record["exact"]
        elif child.field == "matched":
            terms = [*found, *(form for more in forms.values() for form in more)]
            hit[child.key] = matched(kind, record["fields"], terms)
        elif child.field == "node":
            value = record["row"][c.name(child)]
            hit[child.key] = c.shape(KINDS[kind][1], child.children, value)
    return hit
