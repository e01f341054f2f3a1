"""The taxonomy as a gazetteer: themes, sectors, regions, cities and actor kinds by the words a
planner uses (labels, synonyms, acronyms, French or English, other word forms), and the
vocabulary of the indexes, so that a search term also finds its other forms.

Read from the graph in one statement at start-up, refreshed in the background every
REFRESH_SECONDS, and taught the words of each curated write of this process before the write
answers; deterministic.
"""

from __future__ import annotations

import asyncio
import difflib
import logging
import time
import weakref
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, LiteralString, NamedTuple

from neo4j import AsyncDriver

from errors import ValidationError
from graph import phrases, stems, typos
from graph.db import Db
from graph.search import STOPWORDS, slug, words

log = logging.getLogger("maillage.gazetteer")

REFRESH_SECONDS = 300.0  # a new label or synonym is understood within five minutes
EXPANSIONS = 8  # other forms of one search term, at most
EXPANDED_KEPT = 10_000  # search terms whose forms are kept, per gazetteer
SUGGESTIONS = 5
WRITE_WAIT = 0.5  # seconds a write's answer waits for the words it wrote to be learnt


_LOAD: LiteralString = """
CALL () { MATCH (t:Theme) RETURN collect({key: t.key, labels: [t.labelFr, t.labelEn],
  synonyms: coalesce(t.synonyms, [])}) AS themes }
CALL () { MATCH (s:Sector) RETURN collect({key: s.key, labels: [s.nameFr, s.nameEn],
  synonyms: coalesce(s.synonyms, [])}) AS sectors }
CALL () { MATCH (r:Region) RETURN collect({key: r.key, labels: [r.nameFr, r.nameEn],
  synonyms: []}) AS regions }
CALL () { MATCH (c:City)-[:IN_REGION]->(r:Region) RETURN collect({key: r.key,
  labels: [c.nameFr, c.nameEn], synonyms: [], city: c.key}) AS cities }
CALL () {
  MATCH (n) WHERE n:Actor OR n:Agreement OR n:Project
  UNWIND [n.nameFr, n.nameEn, n.acronym, n.formerNameText, n.titleFr, n.titleEn] AS text
  WITH text WHERE text IS NOT NULL
  RETURN collect(DISTINCT text) AS texts
}
RETURN themes, sectors, regions, cities, texts
"""
# The words of the actors, agreements and projects a write touched.
_WORDS_OF: LiteralString = """
CALL () {
  MATCH (n:Actor) WHERE n.key IN $keys RETURN n
  UNION MATCH (n:Agreement) WHERE n.key IN $keys RETURN n
  UNION MATCH (n:Project) WHERE n.key IN $keys RETURN n
}
UNWIND [n.nameFr, n.nameEn, n.acronym, n.formerNameText, n.titleFr, n.titleEn] AS text
WITH text WHERE text IS NOT NULL
RETURN collect(DISTINCT text) AS texts
"""


@dataclass(frozen=True)
class Entry:
    """One thing a planner can name: its kind (theme, sector, region, kind), key and label."""

    kind: str
    key: str
    label: str
    phrases: tuple[tuple[str, ...], ...]  # folded word sequences that name it


@dataclass(frozen=True)
class Found:
    """A part of a text that names entries, with the words it came from."""

    kind: str
    entries: tuple[Entry, ...]
    words: str
    how: str  # "exact", "word form" or "typo"


@dataclass
class Gazetteer:
    entries: list[Entry]
    vocabulary: set[str]
    by_phrase: dict[tuple[str, ...], list[Entry]] = field(default_factory=dict)
    forms: stems.Forms = field(init=False)
    neighbours: typos.Neighbours = field(init=False)
    _expanded: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.forms = stems.Forms(self.vocabulary)
        self.neighbours = typos.Neighbours(self.vocabulary)
        index: dict[tuple[str, ...], list[Entry]] = defaultdict(list)
        for entry in self.entries:
            for phrase in entry.phrases:
                if entry not in index[phrase]:
                    index[phrase].append(entry)
        self.by_phrase = dict(index)

    # ---- whole texts (filters) ----------------------------------------------------------

    def named(self, kind: str, text: str) -> Found | None:
        """The entries of `kind` that `text` names as a whole: exactly, by key, in other word
        forms, or one typo away."""
        phrase = tuple(words(text))
        exact = [e for e in self.by_phrase.get(phrase, ()) if e.kind == kind]
        exact += [e for e in self.entries if e.kind == kind and e.key == slug(text)]
        if exact:
            return Found(kind, tuple(dict.fromkeys(exact)), text, "exact")
        for how, match in (
            ("typo", phrases.misspelt),
            ("word form", phrases.same_forms),
            ("typo", phrases.one_typo),
        ):
            found = [
                e
                for e in self.entries
                if e.kind == kind and any(match(phrase, p) for p in e.phrases)
            ]
            if found:
                return Found(kind, tuple(dict.fromkeys(found)), text, how)
        return None

    def nearest(self, kind: str, text: str) -> list[str]:
        labels = {e.label: e for e in self.entries if e.kind == kind}
        close = difflib.get_close_matches(text, list(labels), n=SUGGESTIONS, cutoff=0.3)
        return close or sorted(labels)[:SUGGESTIONS]

    def resolve(self, kind: str, text: str, argument: str) -> list[str]:
        """The keys `text` names, or a VALIDATION error listing the nearest values."""
        found = self.named(kind, text)
        if found is None:
            options = ", ".join(self.nearest(kind, text))
            raise ValidationError(
                f'`{argument}`: "{text}" names no {kind.replace("_", " ")}. Nearest: {options}.',
                field=argument,
            )
        return list(dict.fromkeys(entry.key for entry in found.entries))

    # ---- parts of a sentence ------------------------------------------------------------

    def parts(self, text: str, longest: int = 6) -> list[Found]:
        """The named parts of a sentence, longest phrase first, left to right; a word belongs
        to one part."""
        tokens = words(text)
        out, i = [], 0
        while i < len(tokens):
            for n in range(min(longest, len(tokens) - i), 0, -1):
                phrase = tuple(tokens[i : i + n])
                if all(token in STOPWORDS for token in phrase):
                    continue
                found = self._phrase(phrase)
                if found:
                    out.extend(found)
                    i += n
                    break
            else:
                i += 1
        return out

    def _phrase(self, phrase: tuple[str, ...]) -> list[Found]:
        shown = " ".join(phrase)
        exact = self.by_phrase.get(phrase)
        how = "exact"
        if not exact and (len(phrase) > 1 or len(phrase[0]) >= stems.WORD_MIN):
            exact = [
                e for e in self.entries if any(phrases.same_forms(phrase, p) for p in e.phrases)
            ]
            how = "word form"
        by_kind: dict[str, list[Entry]] = defaultdict(list)
        for entry in exact or ():
            if entry not in by_kind[entry.kind]:
                by_kind[entry.kind].append(entry)
        return [Found(kind, tuple(found), shown, how) for kind, found in by_kind.items()]

    def learn(self, texts: Iterable[str]) -> None:
        """Add the words of written names and titles (no await: readers see all or none)."""
        new = {w for text in texts for w in words(text) if w.isalpha() and len(w) > 2}
        new -= self.vocabulary
        if new:
            self.vocabulary |= new
            self.forms.add(new)
            self.neighbours.add(new)
            self._expanded.clear()

    # ---- search terms ---------------------------------------------------------------------

    def knows(self, term: str) -> bool:
        """`term` is a word of the indexed names, titles, labels or synonyms."""
        return term in self.vocabulary

    def expand(self, term: str) -> list[str]:
        """Other forms of a search term in the indexed texts, and the one-word synonyms of a
        sector or theme the term names (plastique -> plasturgie)."""
        if len(term) < stems.WORD_MIN or term.isdigit():
            return []
        if term in self._expanded:
            return self._expanded[term]
        forms = self.forms.of(term)
        related = [
            word
            for entry in self.entries
            if entry.kind in ("sector", "theme") and (term,) in entry.phrases
            for phrase in entry.phrases
            if len(phrase) == 1 and (word := phrase[0]) != term and word not in STOPWORDS
        ]
        expanded = list(dict.fromkeys(forms + related))[:EXPANSIONS]
        if len(self._expanded) < EXPANDED_KEPT:
            self._expanded[term] = expanded
        return expanded


def _entry(kind: str, raw: dict[str, Any]) -> Entry:
    texts = [t for t in [*raw["labels"], *raw["synonyms"]] if t]
    phrases = tuple(dict.fromkeys(tuple(words(t)) for t in texts if words(t)))
    label = raw["labels"][0] or raw["key"]
    return Entry(kind, raw["key"], label, (*phrases, (raw["key"],)))


def build(rows: dict[str, Any]) -> Gazetteer:
    entries = [
        _entry(kind.rstrip("s"), raw) for kind in ("themes", "sectors") for raw in rows[kind]
    ]
    entries += [_entry("region", raw) for raw in rows["regions"]]
    entries += [
        Entry(
            "region",
            raw["key"],
            raw["labels"][0],
            tuple({tuple(words(t)) for t in raw["labels"] if t}),
        )
        for raw in rows["cities"]
    ]
    entries += [
        Entry("kind", kind, kind.replace("_", " "), tuple(tuple(words(p)) for p in said))
        for kind, said in phrases.KIND_WORDS.items()
    ]
    vocabulary = {w for text in _texts(rows) for w in words(text) if w.isalpha() and len(w) > 2}
    return Gazetteer(entries, vocabulary)


def _texts(rows: dict[str, Any]) -> Iterable[str]:
    yield from rows["texts"]
    for kind in ("themes", "sectors"):
        for raw in rows[kind]:
            yield from (t for t in [*raw["labels"], *raw["synonyms"]] if t)


# Per driver, then per database. A driver's gazetteers go with the driver: a process that opens
# drivers one after another (tests, a reconnecting client) keeps no graph words of closed ones,
# and a new driver never finds the words of an old one that had its id.
_cache: weakref.WeakKeyDictionary[AsyncDriver, dict[str, tuple[float, Gazetteer]]] = (
    weakref.WeakKeyDictionary()
)
_refreshing: dict[tuple[int, str], asyncio.Task[Gazetteer]] = {}  # each task holds its driver
_learning: set[asyncio.Task[Gazetteer]] = set()  # a write's own reads still running
STALE = float("-inf")  # the read time of a gazetteer a write has outdated


class _Key(NamedTuple):
    driver: AsyncDriver
    database: str

    @property
    def running(self) -> tuple[int, str]:
        return (id(self.driver), self.database)


def _key(db: Db) -> _Key:
    return _Key(db.driver, db.database)


def _cached(key: _Key) -> tuple[float, Gazetteer] | None:
    return _cache.get(key.driver, {}).get(key.database)


def _store(key: _Key, value: tuple[float, Gazetteer]) -> None:
    _cache.setdefault(key.driver, {})[key.database] = value


def read_times() -> dict[tuple[int, str], float]:
    """When each kept gazetteer was read (STALE once a write outdated it), by driver and
    database."""
    return {(id(d), name): kept[0] for d, per in list(_cache.items()) for name, kept in per.items()}


def cached_drivers() -> int:
    """How many drivers have gazetteers kept (those not yet collected)."""
    return len(_cache)


async def get(db: Db) -> Gazetteer:
    """The gazetteer of `db`'s graph. Read once (at start-up, by the warm-up), then refreshed in
    the background when older than REFRESH_SECONDS or outdated by a write whose own refresh
    failed: a warm request never waits for it and its round trips do not count the read."""
    key = _key(db)
    cached = _cached(key)
    if cached is None:
        return await _read(db, key)
    if time.monotonic() - cached[0] >= REFRESH_SECONDS and key.running not in _refreshing:
        # A Db of its own: the refresh is no statement of the request that noticed it.
        own = Db(db.driver, db.database, db.timeout)
        task = asyncio.create_task(_read(own, key))
        _refreshing[key.running] = task
        task.add_done_callback(lambda done: _settled(key, done))
    return cached[1]


async def changed(db: Db, written: Sequence[tuple[str, str]]) -> None:
    """After a write of this process, before it answers, so that the next request names what
    it wrote: the words of the actors, agreements and projects written are added (one small
    read), the taxonomy is read again when a theme or sector was written. Readers meanwhile
    keep the words they have. The write waits WRITE_WAIT seconds at most: a slower read (a
    database that stopped answering after the commit) goes on in the background, and when it
    fails the next request refreshes the words in the background. A removed name's words stay
    until the next full read (they find nothing)."""
    key = _key(db)
    cached = _cached(key)
    if cached is None:
        return  # never read: the next request reads it
    own = Db(db.driver, db.database, db.timeout)
    named = [k for entity, k in written if entity in ("Actor", "Agreement", "Project")]
    if any(entity in ("Theme", "Sector") for entity, _ in written):
        task = asyncio.create_task(_read(own, key))
    elif named:
        task = asyncio.create_task(_learn(own, cached[1], named))
    else:
        return
    _learning.add(task)
    task.add_done_callback(lambda done: _learnt(key, cached, done))
    await asyncio.wait({task}, timeout=WRITE_WAIT)


async def _learn(db: Db, gazetteer: Gazetteer, keys: list[str]) -> Gazetteer:
    gazetteer.learn(await db.read_value(_WORDS_OF, keys=keys) or ())
    return gazetteer


def _learnt(key: _Key, cached: tuple[float, Gazetteer], task: asyncio.Task[Gazetteer]) -> None:
    _learning.discard(task)
    if not task.cancelled() and task.exception() is None:
        return
    # The write succeeded; its words follow on the next request's background refresh.
    log.info(
        "the gazetteer was not refreshed after a write: %s",
        task.exception() if not task.cancelled() else "cancelled",
    )
    current = _cached(key) or cached
    _store(key, (STALE, current[1]))


async def _read(db: Db, key: _Key) -> Gazetteer:
    started = time.monotonic()
    rows = await db.read_row(_LOAD)
    # Built in a worker thread: the words of a large graph take a while to fold and index.
    gazetteer = await asyncio.to_thread(
        build, rows or {"themes": [], "sectors": [], "regions": [], "cities": [], "texts": []}
    )
    # Reads may overlap (a write's, the periodic one): the one that started last wins.
    cached = _cached(key)
    if cached is None or cached[0] <= started:
        _store(key, (started, gazetteer))
    return gazetteer


def _settled(key: _Key, task: asyncio.Task[Gazetteer]) -> None:
    _refreshing.pop(key.running, None)
    if not task.cancelled() and task.exception() is not None:
        log.info("the gazetteer was not refreshed: %s", task.exception())


def forget() -> None:
    """Drop the cached gazetteers (after a load or a change to the taxonomy)."""
    _cache.clear()
