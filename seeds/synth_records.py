"""The records of the synthetic graph: seeded, plausible, and valid for the seed's model."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import random
import re
import unicodedata
from typing import Any

from seeds import models
from seeds import synth_words as words
from seeds.reader import SeedData

MIN_ACTORS = 10
SOURCE_KEY = "synthetic-generator"
HUB_SHARE = 0.5  # share of party picks drawn by popularity (Zipf) rather than uniformly
ZIPF_EXPONENT = 0.8
UNCERTAIN_SHARE = 0.03
SITES = 6  # technopoles: one in each of the first Moroccan cities of the vocabulary
FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2026, 12, 31)
Kind = models.ActorKind
KIND_WEIGHTS = {
    Kind.COMPANY: 800, Kind.ENGINEERING_FIRM: 60, Kind.TRAINING_INSTITUTE: 50,
    Kind.FEDERATION: 30, Kind.AGENCY: 20, Kind.TECHNICAL_CENTRE: 20, Kind.NETWORK: 8,
}  # fmt: skip
KIND_EN = {
    Kind.MINISTRY: "Ministry", Kind.COMPANY: "Company", Kind.ENGINEERING_FIRM: "Engineering firm",
    Kind.TRAINING_INSTITUTE: "Training institute", Kind.FEDERATION: "Professional federation",
    Kind.AGENCY: "Public agency", Kind.TECHNICAL_CENTRE: "Industrial technical centre",
    Kind.NETWORK: "Network",
}  # fmt: skip
NOTES = (
    "Date approximative, à confirmer.",
    "Source unique, non recoupée.",
    "Attribution incertaine : homonymie possible.",
)


_WORD = re.compile(r"[A-Za-z0-9]+")


@functools.lru_cache(maxsize=4096)  # titles and themes repeat; each actor's name is slugged twice
def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode()
    return "-".join(_WORD.findall(plain))


def slug_words(name: str) -> list[str]:
    """The words of a name without accents or apostrophes, case kept: for acronyms."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return plain.replace("'", " ").replace("-", " ").split()


def _de(name: str) -> str:
    """French 'de' with elision: d'Agadir, de Kénitra."""
    return f"d'{name}" if name[0] in "AEÉÈIÎOUY" else f"de {name}"


def _listed(names: list[str], conjunction: str) -> str:
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}" if len(names) > 1 else names[0]


def _lower_first(label: str) -> str:
    return label[0].lower() + label[1:] if label[1:2].islower() else label


class _Generator:
    """Draws every record, in a fixed order, from one seeded `random.Random`."""

    def __init__(self, actors: int, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 (reproducible, not secret)
        self.count = actors
        self.seed = seed
        self.data = SeedData()
        self.cities = [
            models.City(**self._prov(), key=k, nameFr=fr, nameEn=en, country=c, region=r or None)
            for k, fr, en, c, r, _ in words.CITIES
        ]
        self.city_weights = list(itertools.accumulate(c[5] for c in words.CITIES))
        self.capital = next(city for city in self.cities if city.key == "rabat")
        # One technopole in each of the first Moroccan cities (no random draw: the rest of the
        # graph stays what the seed gives); actors, agreements and projects there use it.
        self.sites = {
            city.key: models.Site(
                sources=[SOURCE_KEY],
                key=f"technopole-{city.key}",
                nameFr=f"Technopôle de {city.nameFr}",
                nameEn=f"{city.nameEn} Technopole",
                city=city.key,
            )
            for city in [c for c in self.cities if c.country == "MA"][:SITES]
        }
        self.sectors = [
            models.Sector(**self._prov(), key=k, nameFr=fr, nameEn=en)
            for k, fr, en in words.SECTORS
        ]
        self.themes = [
            models.Theme(
                **self._prov(), key=k, labelFr=fr, labelEn=en, broader=list(b), synonyms=list(s)
            )
            for k, fr, en, b, s in words.THEMES
        ]
        self.names: dict[str, tuple[str, str]] = {}

    def _prov(self) -> dict[str, Any]:
        if self.rng.random() < UNCERTAIN_SHARE:
            return {
                "sources": [SOURCE_KEY],
                "confidence": "uncertain",
                "note": self.rng.choice(NOTES),
            }
        return {"sources": [SOURCE_KEY]}

    def _city(self) -> models.City:
        return self.rng.choices(self.cities, cum_weights=self.city_weights)[0]

    def _day(self, first: dt.date = FIRST_DAY, last: dt.date = LAST_DAY) -> dt.date:
        return first + dt.timedelta(days=self.rng.randint(0, max(0, (last - first).days)))

    def build(self) -> SeedData:
        d = self.data
        d.sources = [
            models.Source(
                key=SOURCE_KEY,
                publisher="Maillage",
                language="fr",
                title=f"Graphe synthétique Maillage ({self.count} acteurs, graine {self.seed})",
            )
        ]
        d.regions = [
            models.Region(**self._prov(), key=k, nameFr=fr, nameEn=en, nameAr=ar)
            for k, fr, en, ar in words.REGIONS
        ]
        d.cities, d.sectors, d.themes = self.cities, self.sectors, self.themes
        d.sites = list(self.sites.values())
        self._actors()
        self._links()
        self._agreements()
        self._projects()
        self._competencies()
        return d

    def _actors(self) -> None:
        ministries = min(len(words.MINISTRIES), max(1, self.count // 1000))
        kinds = [Kind.MINISTRY] * ministries + self.rng.choices(
            list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()), k=self.count - ministries
        )
        for index, kind in enumerate(kinds):
            fr, en, ar = words.MINISTRIES[index] if kind is Kind.MINISTRY else self._name(kind)
            city = self._city() if self.rng.random() < 0.9 else None
            if kind is Kind.MINISTRY:
                city = self.capital
            sectors = self.rng.sample(self.sectors, self.rng.randint(0, 2))
            where = f" based in {city.nameEn}" if city else ""
            sector = f", active in {sectors[0].nameEn.lower()}" if sectors else ""
            website = f"https://www.{slug(fr).replace('-', '')[:24]}.ma"
            actor = models.Actor(
                **self._prov(),
                key=f"{slug(fr)[:60].rstrip('-')}-{index}",
                kind=kind,
                nameFr=fr,
                nameEn=en,
                nameAr=ar,
                acronym=self._acronym(kind, fr),
                description=f"{KIND_EN[kind]}{where}{sector}.",
                founded=self.rng.randint(1956, 2024) if self.rng.random() < 0.7 else None,
                website=website if self.rng.random() < 0.4 else None,
                city=city.key if city else None,
                sites=[self.sites[city.key].key]
                if city and city.key in self.sites and index % 5 == 0
                else [],
                sectors=[s.key for s in sectors],
            )
            self.data.actors.append(actor)
            self.names[actor.key] = (actor.acronym or fr, actor.acronym or en)
        self.by_kind = {k: [a.key for a in self.data.actors if a.kind is k] for k in Kind}
        # Popularity: institutions first, then everyone else; Zipf weights over that order.
        public = [a.key for a in self.data.actors if a.kind not in (Kind.COMPANY, Kind.MINISTRY)]
        rest = self.by_kind[Kind.COMPANY]
        self.rng.shuffle(public)
        self.rng.shuffle(rest)
        self.ranked = self.by_kind[Kind.MINISTRY] + public + rest
        self.popularity = list(
            itertools.accumulate(1 / (rank + 1) ** ZIPF_EXPONENT for rank in range(self.count))
        )

    def _name(self, kind: Kind) -> tuple[str, str, None]:
        r = self.rng
        brand, surname = r.choice(words.BRANDS), r.choice(words.SURNAMES)
        (adj, adj_en), (act, act_en) = r.choice(words.ADJECTIVES), r.choice(words.ACTIVITIES)
        dom, dom_en = r.choice(words.DOMAINS)
        city = self._city()
        fr, en = r.choice(words.NAME_TEMPLATES[kind.value])
        fields = {
            "brand": brand, "surname": surname, "adj": adj, "adj_en": adj_en,
            "act": act, "act_en": act_en, "de_act": _de(act), "dom": dom, "dom_en": dom_en,
            "de_city": _de(city.nameFr), "city_en": city.nameEn,
        }  # fmt: skip
        fr, en = fr.format(**fields), en.format(**fields)
        if kind is Kind.COMPANY and r.random() < 0.5:
            form = r.choice((" SA", " SARL"))
            fr, en = fr + form, en + form
        return fr, en, None

    def _acronym(self, kind: Kind, name: str) -> str | None:
        if kind in (Kind.COMPANY, Kind.ENGINEERING_FIRM) and self.rng.random() < 0.8:
            return None
        initials = [w[0] for w in slug_words(name) if w[0].isupper()]
        return "".join(initials) if len(initials) > 1 else None

    def _pick(self, count: int, first: list[str] | None = None) -> list[str]:
        """Distinct actors: half by popularity (a few hubs), half uniformly."""
        chosen = dict.fromkeys(first or [])
        count = min(count, self.count)
        while len(chosen) < count:
            if self.rng.random() < HUB_SHARE:
                key = self.rng.choices(self.ranked, cum_weights=self.popularity)[0]
            else:
                key = self.rng.choice(self.ranked)
            chosen[key] = None
        return list(chosen)

    def _link(self, source: str, kind: str, targets: list[str], skew: int) -> None:
        # A small pool of targets, so a few of them collect many members or subsidiaries.
        pool = targets[: max(1, len(targets) // skew)]
        target = self.rng.choice(pool)
        if target != source:
            since = self.rng.randint(1990, 2025) if self.rng.random() < 0.5 else None
            record = {"from": source, "type": kind, "to": target, "since": since}
            self.data.links.append(models.Link.model_validate({**record, **self._prov()}))

    def _links(self) -> None:
        k = self.by_kind
        for actor in self.data.actors:
            key, roll = actor.key, self.rng.random()
            if actor.kind is Kind.COMPANY and k[Kind.FEDERATION] and roll < 0.35:
                self._link(key, "member_of", k[Kind.FEDERATION], 1)
            elif actor.kind is Kind.COMPANY and roll > 0.94:
                self._link(key, "subsidiary_of", k[Kind.COMPANY], 20)
            elif actor.kind is Kind.TECHNICAL_CENTRE and k[Kind.NETWORK] and roll < 0.8:
                self._link(key, "member_of", k[Kind.NETWORK], 3)
            if actor.kind in (Kind.AGENCY, Kind.TECHNICAL_CENTRE) and self.rng.random() < 0.7:
                self._link(key, "supervised_by", k[Kind.MINISTRY], 1)
            elif actor.kind is Kind.TRAINING_INSTITUTE and self.rng.random() < 0.5:
                founders = k[Kind.FEDERATION] or k[Kind.MINISTRY]
                self._link(key, "founded_by", founders, 1)

    def _agreements(self) -> None:
        frameworks: list[models.Agreement] = []
        kinds = list(models.AgreementKind)
        for index in range(self.count):
            kind = models.AgreementKind.FRAMEWORK_AGREEMENT
            if index >= max(1, self.count // 8):
                # Specific contracts twice as often as each other kind.
                kind = self.rng.choice([*kinds[1:], models.AgreementKind.SPECIFIC_CONTRACT])
            specific = kind is models.AgreementKind.SPECIFIC_CONTRACT
            parent = self.rng.choice(frameworks) if specific else None
            if parent:
                first = self.rng.sample([p.actor for p in parent.parties], 2)
                parties = self._pick(self.rng.randint(2, 3), first)
                later = parent.signedOn + dt.timedelta(days=1500)
                signed = self._day(parent.signedOn, min(LAST_DAY, later))
            else:
                parties, signed = self._pick(self.rng.randint(2, 6)), self._day()
            agreement = self._agreement(index, kind, parties, signed, parent)
            self.data.agreements.append(agreement)
            if kind is models.AgreementKind.FRAMEWORK_AGREEMENT and len(parties) > 1:
                frameworks.append(agreement)

    def _agreement(
        self,
        index: int,
        kind: models.AgreementKind,
        parties: list[str],
        signed: dt.date,
        parent: models.Agreement | None,
    ) -> models.Agreement:
        opening, opening_en = words.AGREEMENT_TITLES[kind.value]
        themes = self.rng.sample(self.themes, self.rng.randint(1, 3))
        sector = self.rng.choice(self.sectors)
        short = [self.names[p] for p in parties[:2]]
        title_fr, title_en = " / ".join(s[0] for s in short), " / ".join(s[1] for s in short)
        between_fr = _listed([self.names[p][0] for p in parties[:3]], "et")
        between_en = _listed([self.names[p][1] for p in parties[:3]], "and")
        place = self._city() if self.rng.random() < 0.8 else None
        return models.Agreement(
            **self._prov(),
            key=f"{slug(opening_en)}-{index}",
            kind=kind,
            titleFr=f"{opening} {title_fr} : {themes[0].labelFr} ({sector.nameFr.lower()})",
            titleEn=f"{opening_en} {title_en}: {themes[0].labelEn} ({sector.nameEn.lower()})",
            signedOn=signed,
            place=place.key if place else None,
            site=self.sites[place.key].key
            if place and place.key in self.sites and index % 7 == 0
            else None,
            summary=f"{opening_en} between {between_en} on "
            + ", ".join(t.labelEn.lower() for t in themes)
            + f", signed on {signed.isoformat()}.",
            summaryFr=f"{opening} entre {between_fr} portant sur "
            + ", ".join(_lower_first(t.labelFr) for t in themes)
            + "."
            if self.rng.random() < 0.5
            else None,
            parent=parent.key if parent else None,
            themes=[t.key for t in themes],
            parties=[self._party(actor, words.AGREEMENT_ROLES) for actor in parties],
        )

    def _party(self, actor: str, roles: tuple[str, ...]) -> models.Party:
        uncertain = self.rng.random() < UNCERTAIN_SHARE / 2
        return models.Party(
            actor=actor,
            role=self.rng.choice(roles),
            confidence="uncertain" if uncertain else "certain",
            note="Participation citée par une seule source." if uncertain else None,
        )

    def _projects(self) -> None:
        statuses = list(models.ProjectStatus)
        for index in range(self.count // 2):
            themes = self.rng.sample(self.themes, self.rng.randint(1, 2))
            theme = themes[0]
            pattern, pattern_en = self.rng.choice(words.PROJECT_TITLES)
            agreement = self.rng.choice(self.data.agreements) if self.rng.random() < 0.6 else None
            first = [agreement.parties[0].actor] if agreement else None
            status = self.rng.choices(statuses, weights=(15, 35, 35, 15))[0]
            started = self._day() if status is not models.ProjectStatus.PLANNED else None
            ended = None
            if started and status is models.ProjectStatus.COMPLETED:
                ended = self._day(started, started + dt.timedelta(days=1500))
            label, label_en = _lower_first(theme.labelFr), theme.labelEn.lower()
            self.data.projects.append(
                models.Project(
                    **self._prov(),
                    key=f"project-{slug(theme.labelEn)}-{index}",
                    titleFr=pattern.format(t=label),
                    titleEn=pattern_en.format(t=label_en),
                    status=status,
                    startedOn=started,
                    endedOn=ended,
                    agreement=agreement.key if agreement else None,
                    site=agreement.site if agreement else None,
                    participants=[
                        self._party(a, words.PROJECT_ROLES)
                        for a in self._pick(self.rng.randint(1, 5), first)
                    ],
                    themes=[t.key for t in themes],
                    summary=f"Project on {label_en}.",
                )
            )

    def _competencies(self) -> None:
        for actor in self.data.actors:
            for theme in self.rng.sample(self.themes, self.rng.choice((0, 1, 1, 2, 3))):
                self.data.competencies.append(
                    models.Competency(
                        **self._prov(),
                        actor=actor.key,
                        theme=theme.key,
                        evidence=f"{actor.nameEn} lists {theme.labelEn.lower()} in its services.",
                    )
                )


def records(actors: int, seed: int) -> SeedData:
    """The synthetic records: the same on every run with the same arguments."""
    if actors < MIN_ACTORS:
        raise ValueError(f"a synthetic graph needs at least {MIN_ACTORS} actors, not {actors}")
    return _Generator(actors, seed).build()
