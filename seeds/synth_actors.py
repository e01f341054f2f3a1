"""The synthetic graph's fixed vocabulary rows, its actors and their links (`ActorDraws`)."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import random
import re
import unicodedata
from collections.abc import Mapping
from typing import Any, Protocol

from graph.text import fold
from seeds import synth_words as words
from seeds.models import ACTOR_LABELS, ActorKind

MIN_ACTORS = 10
SOURCE_KEY = "synthetic-generator"
HUB_SHARE = 0.5  # share of party picks drawn by popularity (Zipf) rather than uniformly
ZIPF_EXPONENT = 0.8
UNCERTAIN_SHARE = 0.03
SITES = 6  # technopoles: one in each of the first Moroccan cities of the vocabulary
FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2026, 12, 31)
Kind = ActorKind
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
PARTY_NOTE = "Participation citée par une seule source."
LINK_TYPES = {"member_of": "MEMBER_OF", "subsidiary_of": "SUBSIDIARY_OF",
              "founded_by": "FOUNDED_BY", "supervised_by": "SUPERVISED_BY"}  # fmt: skip


class Sink(Protocol):
    """Where rows go: `graph.loading.Batches` (in memory) or `seeds.bulk_files.ImportWriter`."""

    def node(
        self, label: str, key: str, props: Mapping[str, Any], extra: str | None = None
    ) -> None: ...

    def rel(self, rel_type: str, source: str, target: str, props: Mapping[str, Any]) -> None: ...


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


def listed(names: list[str], conjunction: str) -> str:
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}" if len(names) > 1 else names[0]


def lower_first(label: str) -> str:
    return label[0].lower() + label[1:] if label[1:2].islower() else label


def with_prov(prov: dict[str, Any], **props: Any) -> dict[str, Any]:
    """Provenance and properties, without the unknown (None) ones."""
    return {**prov, **{name: value for name, value in props.items() if value is not None}}


class ActorDraws:
    """Draws rows in a fixed order from one seeded `random.Random`: places, actors, links."""

    def __init__(self, actors: int, seed: int, sink: Sink) -> None:
        self.rng = random.Random(seed)  # noqa: S311 (reproducible, not secret)
        self.count, self.seed, self.sink = actors, seed, sink
        # (key, nameFr, nameEn, country, region, provenance), drawn before anything else.
        self.cities = [(k, fr, en, c, r, self._prov()) for k, fr, en, c, r, _ in words.CITIES]
        self.city_weights = list(itertools.accumulate(c[5] for c in words.CITIES))
        self.capital = next(city for city in self.cities if city[0] == "rabat")
        # One technopole in each of the first Moroccan cities (no random draw).
        self.sites = {city[0]: f"technopole-{city[0]}" for city in self.cities if city[3] == "MA"}
        self.sites = dict(itertools.islice(self.sites.items(), SITES))
        self.sectors = [(k, fr, en, self._prov()) for k, fr, en in words.SECTORS]
        self.themes = [(k, fr, en, b, s, self._prov()) for k, fr, en, b, s in words.THEMES]
        self.names: dict[str, tuple[str, str]] = {}  # actor key -> short names (fr, en)
        self._record_prov: dict[str, Any] = {}  # the provenance of the record being drawn

    def _prov(self) -> dict[str, Any]:
        if self.rng.random() < UNCERTAIN_SHARE:
            note = self.rng.choice(NOTES)
            return {"sources": [SOURCE_KEY], "confidence": "uncertain", "note": note}
        return {"sources": [SOURCE_KEY], "confidence": "certain"}

    def _city(self) -> tuple[Any, ...]:
        return self.rng.choices(self.cities, cum_weights=self.city_weights)[0]

    def _day(self, first: dt.date = FIRST_DAY, last: dt.date = LAST_DAY) -> dt.date:
        return first + dt.timedelta(days=self.rng.randint(0, max(0, (last - first).days)))

    def _actors_and_places(self) -> None:
        title = f"Graphe synthétique Maillage ({self.count} acteurs, graine {self.seed})"
        props = {"title": title, "publisher": "Maillage", "language": "fr"}
        self.sink.node("Source", SOURCE_KEY, {**props, "sources": [SOURCE_KEY]})
        regions = [(k, fr, en, ar, self._prov()) for k, fr, en, ar in words.REGIONS]
        for key, fr, en, ar, prov in regions:
            self.sink.node("Region", key, with_prov(prov, nameFr=fr, nameEn=en, nameAr=ar))
        self._places()
        self._actors()
        self._links()

    def _places(self) -> None:
        sink = self.sink
        for key, fr, en, country, region, prov in self.cities:
            sink.node("City", key, with_prov(prov, nameFr=fr, nameEn=en, country=country))
            if region:
                sink.rel("IN_REGION", key, region, prov)
        for key, fr, en, *_ in self.cities:
            if key in self.sites:
                prov = {"sources": [SOURCE_KEY], "confidence": "certain"}
                names = {"nameFr": f"Technopôle de {fr}", "nameEn": f"{en} Technopole"}
                folds = {"nameFrFold": fold(names["nameFr"]), "nameEnFold": fold(names["nameEn"])}
                sink.node("Site", self.sites[key], {**prov, **names, **folds})
                sink.rel("SITE_IN", self.sites[key], key, prov)
        for key, fr, en, prov in self.sectors:
            sink.node("Sector", key, {**prov, "nameFr": fr, "nameEn": en, "synonyms": []})
        for key, fr, en, broader, synonyms, prov in self.themes:
            props = {**prov, "labelFr": fr, "labelEn": en, "synonyms": list(synonyms)}
            props.update(related=[], synonymText=" | ".join(synonyms))
            props.update(labelFrFold=fold(fr), labelEnFold=fold(en))
            sink.node("Theme", key, {**props, "synonymFolds": [fold(s) for s in synonyms]})
            for target in broader:
                sink.rel("BROADER", key, target, prov)

    def _actors(self) -> None:
        r, sink = self.rng, self.sink
        ministries = min(len(words.MINISTRIES), max(1, self.count // 1000))
        kinds = [Kind.MINISTRY] * ministries + r.choices(
            list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()), k=self.count - ministries
        )
        self.actors: list[tuple[str, Kind, str]] = []  # key, kind, nameEn
        for index, kind in enumerate(kinds):
            fr, en, ar = words.MINISTRIES[index] if kind is Kind.MINISTRY else self._name(kind)
            city = self._city() if r.random() < 0.9 else None
            if kind is Kind.MINISTRY:
                city = self.capital
            sectors = r.sample(self.sectors, r.randint(0, 2))
            where = f" based in {city[2]}" if city else ""
            sector = f", active in {sectors[0][2].lower()}" if sectors else ""
            website = f"https://www.{slug(fr).replace('-', '')[:24]}.ma"
            prov = self._prov()
            key = f"{slug(fr)[:60].rstrip('-')}-{index}"
            acronym = self._acronym(kind, fr)
            founded = r.randint(1956, 2024) if r.random() < 0.7 else None
            props = with_prov(
                prov, kind=kind.value, nameFr=fr, nameEn=en, nameAr=ar, acronym=acronym,
                description=f"{KIND_EN[kind]}{where}{sector}.", foundedYear=founded,
                website=website if r.random() < 0.4 else None, sortName=fold(fr),
                nameEnFold=fold(en), acronymFold=fold(acronym) if acronym else None,
            )  # fmt: skip
            sink.node("Actor", key, props, ACTOR_LABELS[kind])
            if city:
                sink.rel("LOCATED_IN", key, city[0], prov)
                if city[0] in self.sites and index % 5 == 0:
                    sink.rel("LOCATED_AT", key, self.sites[city[0]], prov)
            for sector_row in sectors:
                sink.rel("IN_SECTOR", key, sector_row[0], prov)
            self.actors.append((key, kind, en))
            self.names[key] = (acronym or fr, acronym or en)
        self.by_kind = {k: [key for key, kind, _ in self.actors if kind is k] for k in Kind}
        # Popularity: institutions first, then everyone else; Zipf weights over that order.
        public = [key for key, kind, _ in self.actors if kind not in (Kind.COMPANY, Kind.MINISTRY)]
        rest = self.by_kind[Kind.COMPANY]  # shuffled in place: subsidiaries' pool too
        r.shuffle(public)
        r.shuffle(rest)
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
            "de_city": _de(city[1]), "city_en": city[2],
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
        # (The draw `choice(targets[:pool])` makes, without copying the pool for each link.)
        target = targets[self.rng.randrange(max(1, len(targets) // skew))]
        if target != source:
            since = self.rng.randint(1990, 2025) if self.rng.random() < 0.5 else None
            props = with_prov(self._prov(), sinceYear=since)
            self.sink.rel(LINK_TYPES[kind], source, target, props)

    def _links(self) -> None:
        k = self.by_kind
        for key, kind, _ in self.actors:
            roll = self.rng.random()
            if kind is Kind.COMPANY and k[Kind.FEDERATION] and roll < 0.35:
                self._link(key, "member_of", k[Kind.FEDERATION], 1)
            elif kind is Kind.COMPANY and roll > 0.94:
                self._link(key, "subsidiary_of", k[Kind.COMPANY], 20)
            elif kind is Kind.TECHNICAL_CENTRE and k[Kind.NETWORK] and roll < 0.8:
                self._link(key, "member_of", k[Kind.NETWORK], 3)
            if kind in (Kind.AGENCY, Kind.TECHNICAL_CENTRE) and self.rng.random() < 0.7:
                self._link(key, "supervised_by", k[Kind.MINISTRY], 1)
            elif kind is Kind.TRAINING_INSTITUTE and self.rng.random() < 0.5:
                founders = k[Kind.FEDERATION] or k[Kind.MINISTRY]
                self._link(key, "founded_by", founders, 1)

    def _party(self, rel_type: str, actor: str, target: str, roles: tuple[str, ...]) -> None:
        uncertain = self.rng.random() < UNCERTAIN_SHARE / 2
        props = dict(self._record_prov)
        if uncertain:
            props.update(confidence="uncertain", note=PARTY_NOTE)
        props["role"] = self.rng.choice(roles)
        self.sink.rel(rel_type, actor, target, props)
