"""The rows of the synthetic graph: seeded, plausible, the seed's model, streamed to a sink.

Each record becomes its node and relationship rows as it is drawn (the rows the seed loader
makes of such a record), so no record outlives its step: what is kept is a few fields per
actor and per agreement that later draws refer to (names, kinds, first parties).
"""

from __future__ import annotations

import datetime as dt

from graph.loading import REL_SHAPES
from graph.text import fold
from seeds import synth_words as words
from seeds.models import AgreementKind, ProjectStatus
from seeds.synth_actors import (
    LAST_DAY,
    LINK_TYPES,
    MIN_ACTORS,
    SOURCE_KEY,
    ActorDraws,
    Sink,
    listed,
    lower_first,
    slug,
    with_prov,
)

__all__ = ["MIN_ACTORS", "NODE_COLUMNS", "REL_COLUMNS", "SOURCE_KEY", "Sink", "stream"]

Framework = tuple[str, list[str], dt.date]  # key, parties, signed on
Drawn = tuple[str, str, str | None]  # key, first party, site


class _Generator(ActorDraws):
    """Then agreements, projects and competencies, in the same seeded order."""

    def build(self) -> None:
        self._actors_and_places()
        self._agreements()
        self._projects()
        self._competencies()

    def _agreements(self) -> None:
        frameworks: list[Framework] = []
        self.agreements: list[Drawn] = []
        kinds = list(AgreementKind)
        for index in range(self.count):
            kind = AgreementKind.FRAMEWORK_AGREEMENT
            if index >= max(1, self.count // 8):
                # Specific contracts twice as often as each other kind.
                kind = self.rng.choice([*kinds[1:], AgreementKind.SPECIFIC_CONTRACT])
            specific = kind is AgreementKind.SPECIFIC_CONTRACT
            parent = self.rng.choice(frameworks) if specific else None
            if parent:
                first = self.rng.sample(parent[1], 2)
                parties = self._pick(self.rng.randint(2, 3), first)
                later = parent[2] + dt.timedelta(days=1500)
                signed = self._day(parent[2], min(LAST_DAY, later))
            else:
                parties, signed = self._pick(self.rng.randint(2, 6)), self._day()
            key = self._agreement(index, kind, parties, signed, parent[0] if parent else None)
            if kind is AgreementKind.FRAMEWORK_AGREEMENT and len(parties) > 1:
                frameworks.append((key, parties, signed))

    def _agreement(
        self,
        index: int,
        kind: AgreementKind,
        parties: list[str],
        signed: dt.date,
        parent: str | None,
    ) -> str:
        r, sink = self.rng, self.sink
        opening, opening_en = words.AGREEMENT_TITLES[kind.value]
        themes = r.sample(self.themes, r.randint(1, 3))
        sector = r.choice(self.sectors)
        short = [self.names[p] for p in parties[:2]]
        title_fr, title_en = " / ".join(s[0] for s in short), " / ".join(s[1] for s in short)
        between_fr = listed([self.names[p][0] for p in parties[:3]], "et")
        between_en = listed([self.names[p][1] for p in parties[:3]], "and")
        place = self._city() if r.random() < 0.8 else None
        prov = self._record_prov = self._prov()
        key = f"{slug(opening_en)}-{index}"
        site = self.sites.get(place[0]) if place and index % 7 == 0 else None
        title_fr = f"{opening} {title_fr} : {themes[0][1]} ({sector[1].lower()})"
        title_en = f"{opening_en} {title_en}: {themes[0][2]} ({sector[2].lower()})"
        summary = (
            f"{opening_en} between {between_en} on "
            + ", ".join(t[2].lower() for t in themes)
            + f", signed on {signed.isoformat()}."
        )
        summary_fr = (
            f"{opening} entre {between_fr} portant sur "
            + ", ".join(lower_first(t[1]) for t in themes)
            + "."
            if r.random() < 0.5
            else None
        )
        props = with_prov(
            prov, kind=kind.value, titleFr=title_fr, titleEn=title_en, signedOn=signed,
            summary=summary, summaryFr=summary_fr, titleFrFold=fold(title_fr),
            titleEnFold=fold(title_en),
        )  # fmt: skip
        sink.node("Agreement", key, props)
        for actor in parties:
            self._party("PARTY_TO", actor, key, words.AGREEMENT_ROLES)
        if parent:
            sink.rel("UNDER", key, parent, prov)
        if place:
            sink.rel("SIGNED_IN", key, place[0], prov)
        if site:
            sink.rel("SIGNED_AT", key, site, prov)
        for theme in themes:
            sink.rel("COVERS", key, theme[0], prov)
        self.agreements.append((key, parties[0], site))
        return key

    def _projects(self) -> None:
        r, sink = self.rng, self.sink
        statuses = list(ProjectStatus)
        for index in range(self.count // 2):
            themes = r.sample(self.themes, r.randint(1, 2))
            theme = themes[0]
            pattern, pattern_en = r.choice(words.PROJECT_TITLES)
            agreement = r.choice(self.agreements) if r.random() < 0.6 else None
            first = [agreement[1]] if agreement else None
            status = r.choices(statuses, weights=(15, 35, 35, 15))[0]
            started = self._day() if status is not ProjectStatus.PLANNED else None
            ended = None
            if started and status is ProjectStatus.COMPLETED:
                ended = self._day(started, started + dt.timedelta(days=1500))
            label, label_en = lower_first(theme[1]), theme[2].lower()
            prov = self._record_prov = self._prov()
            key = f"project-{slug(theme[2])}-{index}"
            title_fr, title_en = pattern.format(t=label), pattern_en.format(t=label_en)
            props = with_prov(
                prov, titleFr=title_fr, titleEn=title_en, status=status.value, startedOn=started,
                endedOn=ended, summary=f"Project on {label_en}.", titleFrFold=fold(title_fr),
                titleEnFold=fold(title_en),
            )  # fmt: skip
            sink.node("Project", key, props)
            for actor in self._pick(r.randint(1, 5), first):
                self._party("PARTICIPATES_IN", actor, key, words.PROJECT_ROLES)
            if agreement:
                sink.rel("FRAMED_BY", key, agreement[0], prov)
                if agreement[2]:
                    sink.rel("HELD_AT", key, agreement[2], prov)
            for theme in themes:
                sink.rel("ADDRESSES", key, theme[0], prov)

    def _competencies(self) -> None:
        r, sink = self.rng, self.sink
        for key, _, name_en in self.actors:
            for theme in r.sample(self.themes, r.choice((0, 1, 1, 2, 3))):
                evidence = f"{name_en} lists {theme[2].lower()} in its services."
                sink.rel("HAS_COMPETENCY", key, theme[0], {**self._prov(), "evidence": evidence})


def stream(actors: int, seed: int, sink: Sink) -> None:
    """Every row of the synthetic graph into `sink`: the same rows on every run with the same
    arguments."""
    if actors < MIN_ACTORS:
        raise ValueError(f"a synthetic graph needs at least {MIN_ACTORS} actors, not {actors}")
    _Generator(actors, seed, sink).build()


_PROV = {"sources": "string[]", "confidence": "string", "note": "string"}
# The import columns of every row the generator draws (the kept counts come on top).
NODE_COLUMNS: dict[str, dict[str, str]] = {
    "Source": {"title": "string", "publisher": "string", "language": "string",
               "sources": "string[]"},
    "Region": {**_PROV, "nameFr": "string", "nameEn": "string", "nameAr": "string"},
    "City": {**_PROV, "nameFr": "string", "nameEn": "string", "country": "string"},
    "Site": {**_PROV, "nameFr": "string", "nameEn": "string", "nameFrFold": "string",
             "nameEnFold": "string"},
    "Sector": {**_PROV, "nameFr": "string", "nameEn": "string", "synonyms": "string[]"},
    "Theme": {**_PROV, "labelFr": "string", "labelEn": "string", "synonyms": "string[]",
              "related": "string[]", "synonymText": "string", "labelFrFold": "string",
              "labelEnFold": "string", "synonymFolds": "string[]"},
    "Actor": {**_PROV, "kind": "string", "nameFr": "string", "nameEn": "string",
              "nameAr": "string", "acronym": "string", "description": "string",
              "foundedYear": "long", "website": "string", "sortName": "string",
              "nameEnFold": "string", "acronymFold": "string"},
    "Agreement": {**_PROV, "kind": "string", "titleFr": "string", "titleEn": "string",
                  "signedOn": "date", "summary": "string", "summaryFr": "string",
                  "titleFrFold": "string", "titleEnFold": "string"},
    "Project": {**_PROV, "titleFr": "string", "titleEn": "string", "status": "string",
                "startedOn": "date", "endedOn": "date", "summary": "string",
                "titleFrFold": "string", "titleEnFold": "string"},
}  # fmt: skip
REL_COLUMNS: dict[str, dict[str, str]] = {
    rel_type: {**_PROV, "sinceYear": "long"} if rel_type in LINK_TYPES.values()
    else {**_PROV, "role": "string"} if rel_type in ("PARTY_TO", "PARTICIPATES_IN")
    else {**_PROV, "evidence": "string"} if rel_type == "HAS_COMPETENCY"
    else dict(_PROV)
    for rel_type in REL_SHAPES
}  # fmt: skip
