"""The expertise finder: full-text `search`, ranked `expertise` by theme, and its hint."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

import strawberry

from resolvers import expertise
from schema.context import Info
from schema.enums import ActorKind, Confidence, Lang, describe_values
from schema.types import (
    Actor,
    Agreement,
    Lang_,
    Node,
    Project,
    Sector,
    Source,
    Theme,
    compiled,
)


@strawberry.enum(description="What a search hit is.")
class SearchKind(StrEnum):
    ACTOR = "actor"
    AGREEMENT = "agreement"
    PROJECT = "project"
    THEME = "theme"
    SECTOR = "sector"


describe_values(SearchKind, {
    "ACTOR": "An actor (names, acronym, description).",
    "AGREEMENT": "An agreement (titles, summaries).",
    "PROJECT": "A project (titles, summary).",
    "THEME": "A theme (labels, synonyms).",
    "SECTOR": "A sector (names).",
})  # fmt: skip


@strawberry.enum(description="What an evidence item is.")
class EvidenceKind(StrEnum):
    COMPETENCY = "COMPETENCY"
    AGREEMENT = "AGREEMENT"
    PROJECT = "PROJECT"
    SECTOR = "SECTOR"


describe_values(EvidenceKind, {
    "COMPETENCY": "A declared competency on the theme (weight 3).",
    "AGREEMENT": "Party to an agreement covering the theme (weight by agreement kind).",
    "PROJECT": "Participant in a project addressing the theme (weight 2.5).",
    "SECTOR": "In a sector the text names, when no theme matched (weight 1).",
})  # fmt: skip


@strawberry.enum(description="How the theme text was resolved.")
class ThemeMatch(StrEnum):
    KEY = "KEY"
    LABEL = "LABEL"
    SYNONYM = "SYNONYM"
    FULL_TEXT = "FULL_TEXT"
    SECTOR = "SECTOR"
    WORD_FORM = "WORD_FORM"
    NONE = "NONE"


describe_values(ThemeMatch, {
    "KEY": "The text is a theme's key.",
    "LABEL": "The text is a theme's French or English label (case and accents ignored).",
    "SYNONYM": "The text is one of a theme's synonyms.",
    "FULL_TEXT": "No exact match; themes found by full-text search (all words, typos allowed).",
    "SECTOR": "No theme matched; sectors found by full-text search are used.",
    "WORD_FORM": "The text's words are other forms of a theme's label or synonym words "
    "(plural, French or English stem), or name themes among other words; a typo is "
    "`FULL_TEXT`.",
    "NONE": "Nothing matched; see `suggestions` and `message`.",
})  # fmt: skip


@strawberry.type(description="An indexed field of a hit holding a word of the query.")
class MatchedField:
    field: str = strawberry.field(
        description="The indexed field's name: nameFr, acronym, synonyms, titleEn, summary ..."
    )
    value: str = strawberry.field(description="The field's text, shortened around the match.")


@strawberry.type(description="One full-text hit.")
class SearchHit:
    kind: SearchKind = strawberry.field(description="What the hit is.")
    score: float = strawberry.field(description="Lucene relevance; higher is better.")
    exact: bool = strawberry.field(
        description="The whole text is its acronym, name, title, label, synonym or key; "
        "exact hits come first."
    )
    node: Node = strawberry.field(
        description="The object found: an Actor, Agreement, Project, Theme or Sector."
    )
    matched: list[MatchedField] = strawberry.field(
        description="Which fields matched, most telling first (may be empty for phrase-only)."
    )


@strawberry.type(description="One reason an actor can help: a fact, its date and its sources.")
class Evidence:
    kind: EvidenceKind = strawberry.field(description="What kind of fact.")
    key: str = strawberry.field(description="The agreement, project, theme or sector key.")
    date: dt.date | None = strawberry.field(
        description="Signing (agreement) or start (project) date; null when undated."
    )
    role: str | None = strawberry.field(description="The actor's role in the agreement/project.")
    statement: str | None = strawberry.field(description="A competency's evidence text.")
    theme: Theme | None = strawberry.field(description="The theme it is about (null: sector).")
    distance: int = strawberry.field(description="BROADER steps below the theme asked (0: it).")
    weight: float = strawberry.field(description="The weight of this kind of evidence.")
    role_weight: float = strawberry.field(
        description="What the actor did: 1 performs (any role not listed), 0.6 funds or "
        "sponsors, 0.4 supervises, approves, regulates, inaugurates or patronises, 0.25 attends."
    )
    recency: float = strawberry.field(description="0.5^(age / 5 years); 1 when undated.")
    certainty: float = strawberry.field(description="0.5 when the source is uncertain, else 1.")
    saturation: float = strawberry.field(
        description="0.6^(n - 1) for the actor's n-th strongest item: its first item counts "
        "whole, each next one 0.6 times the one before, so many lesser items do not outweigh "
        "the work itself."
    )
    contribution: float = strawberry.field(
        description="Its part of the score: weight * roleWeight * recency * certainty * "
        "0.7^distance * saturation."
    )
    confidence: Confidence = strawberry.field(description="The fact's confidence.")
    note: str | None = strawberry.field(description="The fact's note, in English.")
    sources: list[Source] = strawberry.field(description="Sources stating the fact.")
    agreement: Agreement | None = strawberry.field(description="The agreement (AGREEMENT only).")
    project: Project | None = strawberry.field(description="The project (PROJECT only).")
    sector: Sector | None = strawberry.field(description="The sector (SECTOR only).")

    @strawberry.field(description="Title of the agreement or project, theme label, sector name.")
    def title(self, lang: Lang_ = Lang.FR) -> str:
        compiled()


@strawberry.type(description="An actor who can help on the theme, with the evidence.")
class ExpertiseHit:
    actor: Actor = strawberry.field(description="The actor.")
    score: float = strawberry.field(
        description="Σ contribution of all its evidence; on equal scores more evidence first."
    )

    @strawberry.field(description="Evidence items, largest contribution first.")
    def evidence(
        self,
        first: Annotated[
            int | None,
            strawberry.argument(
                description="How many items: default and maximum MAILLAGE_MAX_PAGE_SIZE (100; "
                "more: LIMIT_EXCEEDED)."
            ),
        ] = None,
    ) -> list[Evidence]:
        compiled()


@strawberry.type(description="How a theme text resolves; ask it alongside `expertise`.")
class ExpertiseHint:
    matched_by: ThemeMatch = strawberry.field(description="How the text was resolved.")
    themes: list[Theme] = strawberry.field(description="The themes the text names.")
    searched_themes: list[Theme] = strawberry.field(
        description="Those themes and, with includeNarrower, their narrower themes."
    )
    sectors: list[Sector] = strawberry.field(description="Sectors used when no theme matched.")
    suggestions: list[Theme] = strawberry.field(description="Near themes when nothing matched.")
    message: str | None = strawberry.field(description="A hint in words; null on a clean match.")


@strawberry.enum(description="A part of a question the reader understood.")
class QuestionPart(StrEnum):
    THEME = "THEME"
    SECTOR = "SECTOR"
    REGION = "REGION"
    KIND = "KIND"
    SINCE = "SINCE"


describe_values(QuestionPart, {
    "THEME": "A theme of the taxonomy (label, synonym, other word form).",
    "SECTOR": "A sector: only its actors (alone: the sector's actors).",
    "REGION": "A region, or a city standing for its region: only actors located there.",
    "KIND": "An actor kind (centre technique, federation, ministry ...): only those actors.",
    "SINCE": "A year after depuis / since / after / à partir de: only evidence dated from it.",
})  # fmt: skip


@strawberry.type(description="One understood part of a question, with the words it came from.")
class UnderstoodPart:
    part: QuestionPart = strawberry.field(description="What the words were read as.")
    key: str = strawberry.field(description="The theme, sector, region or kind key, or the year.")
    label: str = strawberry.field(description="Its label (the first day, for SINCE).")
    words: str = strawberry.field(description="The words of the question it came from, folded.")
    how: str = strawberry.field(description="How the words matched: exact, word form or typo.")


@strawberry.type(description="A part of a question that names several things: which one?")
class Clarification:
    part: QuestionPart = strawberry.field(description="What kind of part is ambiguous.")
    words: str = strawberry.field(description="The words that are ambiguous.")
    options: list[UnderstoodPart] = strawberry.field(
        description="What they could be, each a part to ask with instead (expertise's "
        "`sector` or `region` takes its key)."
    )


@strawberry.type(description="The answer to a question in words: how it was read, and the hits.")
class Answer:
    understood: list[UnderstoodPart] = strawberry.field(
        description="The parts understood, in the order of the question; remove one by asking "
        "again without its words."
    )
    clarifications: list[Clarification] = strawberry.field(
        description="Parts that name several sectors or regions; they do not filter until "
        "the question names one."
    )
    message: str | None = strawberry.field(
        description="A question back when something is ambiguous or nothing was understood."
    )
    hits: list[ExpertiseHit] = strawberry.field(
        description="As `expertise` with the understood themes and filters."
    )


THEME_TEXT = (
    "A theme key, label or synonym in any language, or free words; at most 200 characters and "
    "16 words (else LIMIT_EXCEEDED), at least one letter or digit (else VALIDATION)."
)
NARROWER = (
    "Also count narrower themes (up to 5 steps down; each step weighs 0.7 times the one above); "
    "default true."
)
SEARCH_FIRST = (
    "How many hits: default MAILLAGE_DEFAULT_PAGE_SIZE (20), at most MAILLAGE_MAX_PAGE_SIZE "
    "(100; more: LIMIT_EXCEEDED; negative: VALIDATION)."
)


@strawberry.type
class ExpertiseQuery:
    @strawberry.field(
        description="Full text over actors, agreements, projects, themes and sectors: case- "
        "and accent-insensitive, French or English, one typo tolerated per word of 4+ letters."
    )
    async def search(
        self,
        info: Info,
        text: Annotated[
            str,
            strawberry.argument(
                description="Words to find; at most 200 characters and 16 words (else "
                "LIMIT_EXCEEDED), at least one letter or digit (else VALIDATION)."
            ),
        ],
        kinds: Annotated[
            list[SearchKind] | None,
            strawberry.argument(description="Only these kinds of hit; all when null."),
        ] = None,
        first: Annotated[int | None, strawberry.argument(description=SEARCH_FIRST)] = None,
    ) -> list[SearchHit]:
        return await expertise.search(info, text, kinds, first)

    @strawberry.field(
        description="Actors who can help on a theme (key, label or synonym in any language), "
        "ranked by documented evidence scores; [] when nothing matches (see expertiseHint)."
    )
    async def expertise(
        self,
        info: Info,
        theme: Annotated[str, strawberry.argument(description=THEME_TEXT)],
        include_narrower: Annotated[bool | None, strawberry.argument(description=NARROWER)] = True,
        region: Annotated[
            str | None,
            strawberry.argument(
                description="Only actors in this region: key, French or English name, or a "
                "city (case, accents and one typo ignored); naming none: VALIDATION with the "
                "nearest regions."
            ),
        ] = None,
        sector: Annotated[
            str | None,
            strawberry.argument(
                description="Only actors in this sector: key, name or synonym in French or "
                "English (plasturgie, plastics, automobile ...; case, accents, word forms and one "
                "typo ignored); naming none: VALIDATION with the nearest sectors."
            ),
        ] = None,
        kinds: Annotated[
            list[ActorKind] | None,
            strawberry.argument(description="Only actors of these kinds; all when null."),
        ] = None,
        kind_names: Annotated[
            list[str] | None,
            strawberry.argument(
                description="Also actor kinds by name, French or English (centre technique, "
                "technical centres, fédération, ministry, école ...); at most 8 (else "
                "LIMIT_EXCEEDED); a name naming no kind: VALIDATION with the nearest."
            ),
        ] = None,
        since: Annotated[
            dt.date | None,
            strawberry.argument(
                description="Only agreements signed and projects started on or after this date "
                "(undated evidence and competencies are then left out)."
            ),
        ] = None,
        as_of: Annotated[
            dt.date | None,
            strawberry.argument(
                description="Score as of this date (ISO 8601): later agreements and projects are "
                "left out and recency is measured from it. Default: today."
            ),
        ] = None,
        first: Annotated[int | None, strawberry.argument(description=SEARCH_FIRST)] = None,
    ) -> list[ExpertiseHit]:
        return await expertise.expertise(
            info,
            theme,
            include_narrower is not False,
            expertise.Filters(region, sector, kinds, as_of, kind_names, since),
            first,
        )

    @strawberry.field(
        description="A planner's question in French or English (qui peut aider sur la "
        "décarbonation dans la plasturgie ?): read into themes, sector, region, actor kind and "
        "date from the taxonomy's words, answered as `expertise`, with how it was read."
    )
    async def ask(
        self,
        info: Info,
        question: Annotated[
            str,
            strawberry.argument(
                description="The question; at most 200 characters and 16 words (else "
                "LIMIT_EXCEEDED), at least one letter or digit (else VALIDATION)."
            ),
        ],
        first: Annotated[int | None, strawberry.argument(description=SEARCH_FIRST)] = None,
    ) -> Answer:
        return await expertise.ask(info, question, first)

    @strawberry.field(description="How `theme` resolves, and a hint when it names no theme.")
    async def expertise_hint(
        self,
        info: Info,
        theme: Annotated[str, strawberry.argument(description=THEME_TEXT)],
        include_narrower: Annotated[bool | None, strawberry.argument(description=NARROWER)] = True,
    ) -> ExpertiseHint:
        return await expertise.hint(info, theme, include_narrower is not False)
