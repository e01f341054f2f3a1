"""A planner's question as a sentence: read into theme(s), sector, region, actor kind and date
with the gazetteer, then answered by `expertise`; every part says the words it came from."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from graph import expertise, gazetteer, resolution, search
from graph.compiler import Limits, Pick, Row
from graph.db import Db

_SINCE = re.compile(r"\b(depuis|since|after|apres|a partir de|from)\s+((?:19|20)\d\d)\b")
PARTS = {"theme": "THEME", "sector": "SECTOR", "region": "REGION", "kind": "KIND"}


@dataclass(frozen=True)
class Part:
    part: str
    key: str
    label: str
    words: str
    how: str


@dataclass(frozen=True)
class Clarification:
    part: str
    words: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class Reading:
    parts: tuple[Part, ...]
    clarifications: tuple[Clarification, ...]
    themes: tuple[str, ...]
    sectors: tuple[str, ...] | None
    regions: tuple[str, ...] | None
    kinds: tuple[str, ...] | None
    since: dt.date | None


def read(g: gazetteer.Gazetteer, question: str) -> Reading:
    """What the question names; a sector or region named twice differently is asked back."""
    search.terms(question, "question")  # the length and word limits of any text
    parts: list[Part] = []
    asks: list[Clarification] = []
    keys: dict[str, list[str]] = {kind: [] for kind in PARTS}
    for found in g.parts(question):
        entries = found.entries
        if found.kind in ("sector", "region") and len(entries) > 1:
            labels = tuple(f"{e.label} ({e.key})" for e in entries)
            asks.append(Clarification(PARTS[found.kind], found.words, labels))
            continue
        for e in entries:
            parts.append(Part(PARTS[found.kind], e.key, e.label, found.words, found.how))
            keys[found.kind].append(e.key)
    for kind in ("sector", "region"):
        named = list(dict.fromkeys(keys[kind]))
        if len(named) > 1:
            labels = tuple(p.label + f" ({p.key})" for p in parts if p.key in named)
            asks.append(Clarification(PARTS[kind], " / ".join(labels), labels))
            keys[kind] = []
    since = None
    date = _SINCE.search(search.normalise(question))
    if date:
        since = dt.date(int(date.group(2)), 1, 1)
        parts.append(Part("SINCE", date.group(2), since.isoformat(), date.group(0), "exact"))
    return Reading(
        tuple(parts),
        tuple(asks),
        tuple(dict.fromkeys(keys["theme"])),
        tuple(keys["sector"]) or None,
        tuple(keys["region"]) or None,
        tuple(dict.fromkeys(keys["kind"])) or None,
        since,
    )


def _plain(pick: Pick, values: dict[str, Any]) -> Row:
    return Row({child.key: values.get(child.field) for child in pick.children})


async def ask(db: Db, limits: Limits, question: str, first: int | None, pick: Pick) -> Row:
    """The hits of the question as read, and how it was read."""
    g = await gazetteer.get(db)
    reading = read(g, question)
    hits: list[Row] = []
    answer = Row()
    for child in pick.children:
        if child.field == "hits":
            hits = await _hits(db, limits, reading, first, child)
            answer[child.key] = hits
    message = _message(reading)
    for child in pick.children:
        if child.field == "understood":
            answer[child.key] = [_plain(child, vars(p)) for p in reading.parts]
        elif child.field == "clarifications":
            answer[child.key] = [
                _plain(child, {**vars(c), "options": list(c.options)})
                for c in reading.clarifications
            ]
        elif child.field == "message":
            answer[child.key] = message
    return answer


async def _hits(
    db: Db, limits: Limits, reading: Reading, first: int | None, pick: Pick
) -> list[Row]:
    filters = resolution.Filters(kinds=reading.kinds, since=reading.since)
    sectors, regions = reading.sectors, reading.regions
    if reading.themes:
        text, keys = reading.themes[0], list(reading.themes)
    elif sectors:  # no theme: the actors of the sector named
        text, keys, sectors = sectors[0], [], None
    else:
        return []
    return await expertise.expertise(
        db, limits, text, True, filters, first, pick, keys, sectors, regions
    )


def _message(reading: Reading) -> str | None:
    if reading.clarifications:
        return " ".join(
            f'"{c.words}" could be: {", ".join(c.options)}; which one?'
            for c in reading.clarifications
        )
    if not reading.themes and not reading.sectors:
        return "No theme or sector understood; name a theme (e.g. décarbonation, training)."
    return None
