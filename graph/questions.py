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
    options: tuple[Part, ...]  # each a part the question could have meant


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
    for found in g.parts(question):
        parts += [
            Part(PARTS[found.kind], e.key, e.label, found.words, found.how) for e in found.entries
        ]
    for kind in ("SECTOR", "REGION"):
        # Two sectors (or regions) named, by one phrase or by two: neither filters until the
        # question names one; the answer asks which.
        named = [p for p in parts if p.part == kind]
        if len({p.key for p in named}) > 1:
            options = tuple({p.key: p for p in named}.values())
            words = " / ".join(dict.fromkeys(p.words for p in named))
            asks.append(Clarification(kind, words, options))
            parts = [p for p in parts if p.part != kind]
    keys = {kind: [p.key for p in parts if p.part == kind] for kind in PARTS.values()}
    since = None
    date = _SINCE.search(search.normalise(question))
    if date:
        since = dt.date(int(date.group(2)), 1, 1)
        parts.append(Part("SINCE", date.group(2), since.isoformat(), date.group(0), "exact"))
    return Reading(
        tuple(parts),
        tuple(asks),
        tuple(dict.fromkeys(keys["THEME"])),
        tuple(dict.fromkeys(keys["SECTOR"])) or None,
        tuple(dict.fromkeys(keys["REGION"])) or None,
        tuple(dict.fromkeys(keys["KIND"])) or None,
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
            answer[child.key] = [_clarification(child, c) for c in reading.clarifications]
        elif child.field == "message":
            answer[child.key] = message
    return answer


def _clarification(pick: Pick, c: Clarification) -> Row:
    row = _plain(pick, vars(c))
    for child in pick.children:
        if child.field == "options":
            row[child.key] = [_plain(child, vars(p)) for p in c.options]
    return row


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
            f'"{c.words}" could be: {", ".join(f"{p.label} ({p.key})" for p in c.options)}; '
            "which one?"
            for c in reading.clarifications
        )
    if not reading.themes and not reading.sectors:
        return "No theme or sector understood; name a theme (e.g. décarbonation, training)."
    return None
