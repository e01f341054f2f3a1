"""Filter and ordering inputs (`where`, `orderBy`).

Limits checked by `graph/filters.py`: a text value is at most 200 characters (VALIDATION), an
`in` list at most MAILLAGE_MAX_PAGE_SIZE values and a `where` nested at most 6 levels deep
(LIMIT_EXCEEDED).
"""

from __future__ import annotations

import datetime as dt

import strawberry

from schema.enums import (
    ActorKind,
    ActorSortField,
    AgreementKind,
    AgreementSortField,
    Confidence,
    MatchMode,
    ProjectSortField,
    ProjectStatus,
    SortDirection,
    ThemeSortField,
)

IN_LIMIT = "at most MAILLAGE_MAX_PAGE_SIZE (default 100) values, else LIMIT_EXCEEDED"
AND = "All of these conditions (and with the other fields)."
OR = "At least one of these conditions."
NOT = "The opposite of this condition."
SOME = "At least one related item matches."
NONE = "No related item matches."
ALL = "Every related item matches (true when there is none)."
DIRECTION = "ASC (the default) or DESC."


@strawberry.input(
    description="Compare a text; every operator given must hold. INSENSITIVE ignores case and "
    "accents. A value is at most 200 characters, else VALIDATION."
)
class StringFilter:
    equals: str | None = strawberry.field(default=None, description="Exactly this text.")
    in_: list[str] | None = strawberry.field(
        default=None, name="in", description=f"Any of these texts; {IN_LIMIT}."
    )
    contains: str | None = strawberry.field(default=None, description="Contains this text.")
    starts_with: str | None = strawberry.field(default=None, description="Starts with this text.")
    mode: MatchMode = strawberry.field(
        default=MatchMode.EXACT,
        description="EXACT (the default) or INSENSITIVE to case and accents.",
    )


@strawberry.input(description="Match an entity by its key.")
class KeyFilter:
    equals: str | None = strawberry.field(default=None, description="This key, compared exactly.")
    in_: list[str] | None = strawberry.field(
        default=None, name="in", description=f"Any of these keys; {IN_LIMIT}."
    )


@strawberry.input(description="Compare a whole number; every operator given must hold.")
class IntFilter:
    equals: int | None = strawberry.field(default=None, description="Equal to.")
    gt: int | None = strawberry.field(default=None, description="Greater than.")
    gte: int | None = strawberry.field(default=None, description="Greater than or equal to.")
    lt: int | None = strawberry.field(default=None, description="Less than.")
    lte: int | None = strawberry.field(default=None, description="Less than or equal to.")


@strawberry.input(
    description="Compare a date (ISO 8601, YYYY-MM-DD); every operator given must hold. An "
    "item without the date matches none."
)
class DateFilter:
    equals: dt.date | None = strawberry.field(default=None, description="On this day.")
    gt: dt.date | None = strawberry.field(default=None, description="After this day.")
    gte: dt.date | None = strawberry.field(default=None, description="On or after this day.")
    lt: dt.date | None = strawberry.field(default=None, description="Before this day.")
    lte: dt.date | None = strawberry.field(default=None, description="On or before this day.")


@strawberry.input(description="Match the actor kind; both operators given must hold.")
class ActorKindFilter:
    equals: ActorKind | None = strawberry.field(default=None, description="This actor kind.")
    in_: list[ActorKind] | None = strawberry.field(
        default=None, name="in", description=f"Any of these; {IN_LIMIT}."
    )


@strawberry.input(description="Match the agreement kind; both operators given must hold.")
class AgreementKindFilter:
    equals: AgreementKind | None = strawberry.field(
        default=None, description="This agreement kind."
    )
    in_: list[AgreementKind] | None = strawberry.field(
        default=None, name="in", description=f"Any of these; {IN_LIMIT}."
    )


@strawberry.input(description="Match the project status; both operators given must hold.")
class ProjectStatusFilter:
    equals: ProjectStatus | None = strawberry.field(
        default=None, description="This project status."
    )
    in_: list[ProjectStatus] | None = strawberry.field(
        default=None, name="in", description=f"Any of these; {IN_LIMIT}."
    )


@strawberry.input(description="Actors: combine with AND, OR, NOT; relations with some/none/all.")
class ActorWhere:
    and_: list[ActorWhere] | None = strawberry.field(default=None, name="AND", description=AND)
    or_: list[ActorWhere] | None = strawberry.field(default=None, name="OR", description=OR)
    not_: ActorWhere | None = strawberry.field(default=None, name="NOT", description=NOT)
    key: StringFilter | None = strawberry.field(default=None, description="The key.")
    name: StringFilter | None = strawberry.field(
        default=None, description="French or English name (either matches)."
    )
    acronym: StringFilter | None = strawberry.field(
        default=None, description="The acronym (sigle); actors without one never match."
    )
    kind: ActorKindFilter | None = strawberry.field(default=None, description="The kind.")
    founded: IntFilter | None = strawberry.field(
        default=None, description="Founding year; actors without one never match."
    )
    city: KeyFilter | None = strawberry.field(
        default=None, description="City key, e.g. casablanca."
    )
    region: KeyFilter | None = strawberry.field(
        default=None, description="Region key (through the actor's city)."
    )
    sector: KeyFilter | None = strawberry.field(
        default=None, description="Key of one of its sectors (filières)."
    )
    confidence: Confidence | None = strawberry.field(
        default=None, description="The actor's own confidence."
    )
    agreements: AgreementRelation | None = strawberry.field(
        default=None, description="The agreements it is party to."
    )
    projects: ProjectRelation | None = strawberry.field(
        default=None, description="The projects it takes part in."
    )
    competencies: ThemeRelation | None = strawberry.field(
        default=None, description="The themes of its declared competencies."
    )


@strawberry.input(description="Agreements: combine with AND, OR, NOT.")
class AgreementWhere:
    and_: list[AgreementWhere] | None = strawberry.field(default=None, name="AND", description=AND)
    or_: list[AgreementWhere] | None = strawberry.field(default=None, name="OR", description=OR)
    not_: AgreementWhere | None = strawberry.field(default=None, name="NOT", description=NOT)
    key: StringFilter | None = strawberry.field(default=None, description="The key.")
    title: StringFilter | None = strawberry.field(
        default=None, description="French or English title (either matches)."
    )
    kind: AgreementKindFilter | None = strawberry.field(default=None, description="The kind.")
    signed_on: DateFilter | None = strawberry.field(default=None, description="Signing date.")
    place: KeyFilter | None = strawberry.field(default=None, description="City key.")
    parent: KeyFilter | None = strawberry.field(
        default=None, description="Framework agreement key."
    )
    confidence: Confidence | None = strawberry.field(
        default=None, description="The agreement's own confidence."
    )
    parties: ActorRelation | None = strawberry.field(default=None, description="Its parties.")
    themes: ThemeRelation | None = strawberry.field(
        default=None, description="The themes it covers."
    )


@strawberry.input(description="Projects: combine with AND, OR, NOT.")
class ProjectWhere:
    and_: list[ProjectWhere] | None = strawberry.field(default=None, name="AND", description=AND)
    or_: list[ProjectWhere] | None = strawberry.field(default=None, name="OR", description=OR)
    not_: ProjectWhere | None = strawberry.field(default=None, name="NOT", description=NOT)
    key: StringFilter | None = strawberry.field(default=None, description="The key.")
    title: StringFilter | None = strawberry.field(
        default=None, description="French or English title (either matches)."
    )
    status: ProjectStatusFilter | None = strawberry.field(default=None, description="The status.")
    started_on: DateFilter | None = strawberry.field(default=None, description="Start date.")
    agreement: KeyFilter | None = strawberry.field(
        default=None, description="Key of the agreement framing it."
    )
    confidence: Confidence | None = strawberry.field(
        default=None, description="The project's own confidence."
    )
    participants: ActorRelation | None = strawberry.field(
        default=None, description="Its participants."
    )
    themes: ThemeRelation | None = strawberry.field(
        default=None, description="The themes it addresses."
    )


@strawberry.input(description="Themes: label matches French, English labels and synonyms.")
class ThemeWhere:
    and_: list[ThemeWhere] | None = strawberry.field(default=None, name="AND", description=AND)
    or_: list[ThemeWhere] | None = strawberry.field(default=None, name="OR", description=OR)
    not_: ThemeWhere | None = strawberry.field(default=None, name="NOT", description=NOT)
    key: StringFilter | None = strawberry.field(default=None, description="The key.")
    label: StringFilter | None = strawberry.field(
        default=None, description="French or English label, or a synonym."
    )
    under: KeyFilter | None = strawberry.field(
        default=None, description="The theme itself or any narrower theme of these keys."
    )
    confidence: Confidence | None = strawberry.field(
        default=None, description="The theme's own confidence."
    )


@strawberry.input(
    description="At least one (some), no (none) or every (all) related actor matches; "
    "each one given must hold."
)
class ActorRelation:
    some: ActorWhere | None = strawberry.field(default=None, description=SOME)
    none: ActorWhere | None = strawberry.field(default=None, description=NONE)
    all: ActorWhere | None = strawberry.field(default=None, description=ALL)


@strawberry.input(
    description="At least one (some), no (none) or every (all) related agreement matches; "
    "each one given must hold."
)
class AgreementRelation:
    some: AgreementWhere | None = strawberry.field(default=None, description=SOME)
    none: AgreementWhere | None = strawberry.field(default=None, description=NONE)
    all: AgreementWhere | None = strawberry.field(default=None, description=ALL)


@strawberry.input(
    description="At least one (some), no (none) or every (all) related project matches; "
    "each one given must hold."
)
class ProjectRelation:
    some: ProjectWhere | None = strawberry.field(default=None, description=SOME)
    none: ProjectWhere | None = strawberry.field(default=None, description=NONE)
    all: ProjectWhere | None = strawberry.field(default=None, description=ALL)


@strawberry.input(
    description="At least one (some), no (none) or every (all) related theme matches; "
    "each one given must hold."
)
class ThemeRelation:
    some: ThemeWhere | None = strawberry.field(default=None, description=SOME)
    none: ThemeWhere | None = strawberry.field(default=None, description=NONE)
    all: ThemeWhere | None = strawberry.field(default=None, description=ALL)


@strawberry.input(
    description="One sort key of `orderBy`; at most 5 keys, ties broken by key ascending."
)
class ActorOrder:
    field: ActorSortField = strawberry.field(description="What to sort by.")
    direction: SortDirection = strawberry.field(default=SortDirection.ASC, description=DIRECTION)


@strawberry.input(
    description="One sort key of `orderBy`; at most 5 keys, ties broken by key ascending."
)
class AgreementOrder:
    field: AgreementSortField = strawberry.field(description="What to sort by.")
    direction: SortDirection = strawberry.field(default=SortDirection.ASC, description=DIRECTION)


@strawberry.input(
    description="One sort key of `orderBy`; at most 5 keys, ties broken by key ascending."
)
class ProjectOrder:
    field: ProjectSortField = strawberry.field(description="What to sort by.")
    direction: SortDirection = strawberry.field(default=SortDirection.ASC, description=DIRECTION)


@strawberry.input(
    description="One sort key of `orderBy`; at most 5 keys, ties broken by key ascending."
)
class ThemeOrder:
    field: ThemeSortField = strawberry.field(description="What to sort by.")
    direction: SortDirection = strawberry.field(default=SortDirection.ASC, description=DIRECTION)
