"""The expertise finder: full-text `search`, ranked `expertise` by theme, and its hint."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import strawberry

from resolvers import expertise
from schema.context import Info
from schema.enums import ActorKind, Confidence, Lang
from schema.types import Actor, Agreement, Node, Project, Sector, Source, Theme, compiled


@strawberry.enum(description="What a search hit is.")
class SearchKind(StrEnum):
    ACTOR = "actor"
    AGREEMENT = "agreement"
    PROJECT = "project"
    THEME = "theme"
    SECTOR = "sector"


@strawberry.enum(description="What an evidence item is.")
class EvidenceKind(StrEnum):
    COMPETENCY = "COMPETENCY"
    AGREEMENT = "AGREEMENT"
    PROJECT = "PROJECT"
    SECTOR = "SECTOR"


@strawberry.enum(description="How the theme text was resolved.")
class ThemeMatch(StrEnum):
    KEY = "KEY"
    LABEL = "LABEL"
    SYNONYM = "SYNONYM"
    FULL_TEXT = "FULL_TEXT"
    SECTOR = "SECTOR"
    NONE = "NONE"


@strawberry.type(description="An indexed field of a hit holding a word of the query.")
class MatchedField:
    field: str = strawberry.field(description="nameFr, acronym, synonyms, titleEn, summary ...")
    value: str = strawberry.field(description="The field's text, shortened around the match.")


@strawberry.type(description="One full-text hit.")
class SearchHit:
    kind: SearchKind
    score: float = strawberry.field(description="Lucene relevance; higher is better.")
    exact: bool = strawberry.field(
        description="The whole text is its acronym, name, title, label, synonym or key; "
        "exact hits come first."
    )
    node: Node
    matched: list[MatchedField] = strawberry.field(
        description="Which fields matched, most telling first (may be empty for phrase-only)."
    )


@strawberry.type(description="One reason an actor can help: a fact, its date and its sources.")
class Evidence:
    kind: EvidenceKind
    key: str = strawberry.field(description="The agreement, project, theme or sector key.")
    date: dt.date | None = strawberry.field(
        description="Signing (agreement) or start (project) date; null when undated."
    )
    role: str | None = strawberry.field(description="The actor's role in the agreement/project.")
    statement: str | None = strawberry.field(description="A competency's evidence text.")
    theme: Theme | None = strawberry.field(description="The theme it is about (null: sector).")
    distance: int = strawberry.field(description="BROADER steps below the theme asked (0: it).")
    weight: float = strawberry.field(description="The weight of this kind of evidence.")
    recency: float = strawberry.field(description="0.5^(age / 5 years); 1 when undated.")
    certainty: float = strawberry.field(description="0.5 when the source is uncertain, else 1.")
    contribution: float = strawberry.field(
        description="weight * recency * certainty * 0.8^distance: its part of the score."
    )
    confidence: Confidence
    note: str | None
    sources: list[Source]
    agreement: Agreement | None
    project: Project | None
    sector: Sector | None

    @strawberry.field(description="Title of the agreement or project, theme label, sector name.")
    def title(self, lang: Lang = Lang.FR) -> str:
        compiled()


@strawberry.type(description="An actor who can help on the theme, with the evidence.")
class ExpertiseHit:
    actor: Actor
    score: float = strawberry.field(description="Σ contribution of all its evidence.")

    @strawberry.field(description="Evidence items, largest contribution first.")
    def evidence(self, first: int | None = None) -> list[Evidence]:
        compiled()


@strawberry.type(description="How a theme text resolves; ask it alongside `expertise`.")
class ExpertiseHint:
    matched_by: ThemeMatch
    themes: list[Theme] = strawberry.field(description="The themes the text names.")
    searched_themes: list[Theme] = strawberry.field(
        description="Those themes and, with includeNarrower, their narrower themes."
    )
    sectors: list[Sector] = strawberry.field(description="Sectors used when no theme matched.")
    suggestions: list[Theme] = strawberry.field(description="Near themes when nothing matched.")
    message: str | None = strawberry.field(description="A hint in words; null on a clean match.")


@strawberry.type
class ExpertiseQuery:
    @strawberry.field(
        description="Full text over actors, agreements, projects, themes and sectors: case- "
        "and accent-insensitive, French or English, one typo tolerated per word of 4+ letters."
    )
    async def search(
        self,
        info: Info,
        text: str,
        kinds: list[SearchKind] | None = None,
        first: int | None = None,
    ) -> list[SearchHit]:
        return await expertise.search(info, text, kinds, first)

    @strawberry.field(
        description="Actors who can help on a theme (key, label or synonym in any language), "
        "ranked by documented evidence scores; [] when nothing matches (see expertiseHint)."
    )
    async def expertise(
        self,
        info: Info,
        theme: str,
        include_narrower: bool | None = True,
        region: str | None = None,
        sector: str | None = None,
        kinds: list[ActorKind] | None = None,
        as_of: dt.date | None = None,
        first: int | None = None,
    ) -> list[ExpertiseHit]:
        return await expertise.expertise(
            info, theme, include_narrower is not False, region, sector, kinds, as_of, first
        )

    @strawberry.field(description="How `theme` resolves, and a hint when it names no theme.")
    async def expertise_hint(
        self, info: Info, theme: str, include_narrower: bool | None = True
    ) -> ExpertiseHint:
        return await expertise.hint(info, theme, include_narrower is not False)
