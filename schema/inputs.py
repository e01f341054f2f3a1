"""Filter and ordering inputs (`where`, `orderBy`)."""

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


@strawberry.input(description="Compare a text; INSENSITIVE ignores case and accents.")
class StringFilter:
    equals: str | None = None
    in_: list[str] | None = strawberry.field(default=None, name="in")
    contains: str | None = None
    starts_with: str | None = None
    mode: MatchMode = MatchMode.EXACT


@strawberry.input(description="Match an entity by its key.")
class KeyFilter:
    equals: str | None = None
    in_: list[str] | None = strawberry.field(default=None, name="in")


@strawberry.input
class IntFilter:
    equals: int | None = None
    gt: int | None = None
    gte: int | None = None
    lt: int | None = None
    lte: int | None = None


@strawberry.input
class DateFilter:
    equals: dt.date | None = None
    gt: dt.date | None = None
    gte: dt.date | None = None
    lt: dt.date | None = None
    lte: dt.date | None = None


@strawberry.input
class ActorKindFilter:
    equals: ActorKind | None = None
    in_: list[ActorKind] | None = strawberry.field(default=None, name="in")


@strawberry.input
class AgreementKindFilter:
    equals: AgreementKind | None = None
    in_: list[AgreementKind] | None = strawberry.field(default=None, name="in")


@strawberry.input
class ProjectStatusFilter:
    equals: ProjectStatus | None = None
    in_: list[ProjectStatus] | None = strawberry.field(default=None, name="in")


@strawberry.input(description="Actors: combine with AND, OR, NOT; relations with some/none/all.")
class ActorWhere:
    and_: list[ActorWhere] | None = strawberry.field(default=None, name="AND")
    or_: list[ActorWhere] | None = strawberry.field(default=None, name="OR")
    not_: ActorWhere | None = strawberry.field(default=None, name="NOT")
    key: StringFilter | None = None
    name: StringFilter | None = strawberry.field(
        default=None, description="French or English name."
    )
    acronym: StringFilter | None = None
    kind: ActorKindFilter | None = None
    founded: IntFilter | None = strawberry.field(default=None, description="Founding year.")
    city: KeyFilter | None = None
    region: KeyFilter | None = None
    sector: KeyFilter | None = None
    confidence: Confidence | None = None
    agreements: AgreementRelation | None = None
    projects: ProjectRelation | None = None
    competencies: ThemeRelation | None = None


@strawberry.input(description="Agreements: combine with AND, OR, NOT.")
class AgreementWhere:
    and_: list[AgreementWhere] | None = strawberry.field(default=None, name="AND")
    or_: list[AgreementWhere] | None = strawberry.field(default=None, name="OR")
    not_: AgreementWhere | None = strawberry.field(default=None, name="NOT")
    key: StringFilter | None = None
    title: StringFilter | None = None
    kind: AgreementKindFilter | None = None
    signed_on: DateFilter | None = None
    place: KeyFilter | None = strawberry.field(default=None, description="City key.")
    parent: KeyFilter | None = strawberry.field(
        default=None, description="Framework agreement key."
    )
    confidence: Confidence | None = None
    parties: ActorRelation | None = None
    themes: ThemeRelation | None = None


@strawberry.input(description="Projects: combine with AND, OR, NOT.")
class ProjectWhere:
    and_: list[ProjectWhere] | None = strawberry.field(default=None, name="AND")
    or_: list[ProjectWhere] | None = strawberry.field(default=None, name="OR")
    not_: ProjectWhere | None = strawberry.field(default=None, name="NOT")
    key: StringFilter | None = None
    title: StringFilter | None = None
    status: ProjectStatusFilter | None = None
    started_on: DateFilter | None = None
    agreement: KeyFilter | None = None
    confidence: Confidence | None = None
    participants: ActorRelation | None = None
    themes: ThemeRelation | None = None


@strawberry.input(description="Themes: label matches French, English labels and synonyms.")
class ThemeWhere:
    and_: list[ThemeWhere] | None = strawberry.field(default=None, name="AND")
    or_: list[ThemeWhere] | None = strawberry.field(default=None, name="OR")
    not_: ThemeWhere | None = strawberry.field(default=None, name="NOT")
    key: StringFilter | None = None
    label: StringFilter | None = None
    under: KeyFilter | None = strawberry.field(
        default=None, description="The theme itself or any narrower theme of these keys."
    )
    confidence: Confidence | None = None


@strawberry.input(description="At least one (some), no (none) or every (all) related actor.")
class ActorRelation:
    some: ActorWhere | None = None
    none: ActorWhere | None = None
    all: ActorWhere | None = None


@strawberry.input
class AgreementRelation:
    some: AgreementWhere | None = None
    none: AgreementWhere | None = None
    all: AgreementWhere | None = None


@strawberry.input
class ProjectRelation:
    some: ProjectWhere | None = None
    none: ProjectWhere | None = None
    all: ProjectWhere | None = None


@strawberry.input
class ThemeRelation:
    some: ThemeWhere | None = None
    none: ThemeWhere | None = None
    all: ThemeWhere | None = None


@strawberry.input
class ActorOrder:
    field: ActorSortField
    direction: SortDirection = SortDirection.ASC


@strawberry.input
class AgreementOrder:
    field: AgreementSortField
    direction: SortDirection = SortDirection.ASC


@strawberry.input
class ProjectOrder:
    field: ProjectSortField
    direction: SortDirection = SortDirection.ASC


@strawberry.input
class ThemeOrder:
    field: ThemeSortField
    direction: SortDirection = SortDirection.ASC
