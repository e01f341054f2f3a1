"""The object types of the graph. Values come from compiled rows (see `schema/rows.py`)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, NoReturn

import strawberry

from graph.compiler import Row
from schema.enums import ActorKind, AgreementKind, Confidence, Lang, ProjectStatus
from schema.inputs import AgreementOrder, AgreementWhere


def compiled() -> NoReturn:
    """Fields are read from the compiled row by `RowFields`; this body never runs."""
    raise RuntimeError("served from the compiled query")


def _is(kind: str) -> Any:
    def is_type_of(cls: type, obj: Any, info: Any) -> bool:
        return isinstance(obj, Row) and obj.kind == kind

    is_type_of.kind = kind  # type: ignore[attr-defined]  # read by schema/fastpath.py
    return classmethod(is_type_of)


@strawberry.interface(description="An object with a global id (Relay).")
class Node:
    id: strawberry.ID


@strawberry.type(description="A source that states facts of the graph.")
class Source(Node):
    key: str
    url: str | None
    title: str
    publisher: str | None
    published_on: dt.date | None
    language: str
    is_type_of = _is("Source")


@strawberry.type(description="A name in each language.")
class Names:
    fr: str
    en: str | None
    ar: str | None


@strawberry.type
class Titles:
    fr: str
    en: str | None


@strawberry.type
class Labels:
    fr: str
    en: str | None
    ar: str | None


@strawberry.type(description="A Moroccan region (or none abroad).")
class Region(Node):
    key: str
    is_type_of = _is("Region")

    @strawberry.field
    def name(self, lang: Lang = Lang.FR) -> str:
        compiled()


@strawberry.type
class City(Node):
    key: str
    country: str
    region: Region | None
    is_type_of = _is("City")

    @strawberry.field
    def name(self, lang: Lang = Lang.FR) -> str:
        compiled()


@strawberry.type(description="A named site inside a city: a business park, a campus, a technopole.")
class Site(Node):
    key: str
    description: str | None = strawberry.field(description="What the site is, in English.")
    city: City | None = strawberry.field(description="The city the site is in.")
    actors: list[Actor] = strawberry.field(description="Actors located at the site.")
    sources: list[Source] = strawberry.field(description="Sources that state the site.")
    confidence: Confidence = strawberry.field(description="How sure the sources are.")
    note: str | None = strawberry.field(description="Why a fact is uncertain, or a caveat.")
    is_type_of = _is("Site")

    @strawberry.field(description="Name in the language asked, French by default.")
    def name(
        self,
        lang: Annotated[Lang, strawberry.argument(description="Language of the name.")] = Lang.FR,
    ) -> str:
        compiled()


@strawberry.type(description="A name an actor went by before, with its period.")
class FormerName:
    name: str = strawberry.field(description="The former name, as the sources print it.")
    period: str | None = strawberry.field(
        description='Years the sources give for it: "1995", "2019-2021", "-2017" (until), '
        '"2010-" (from); null when they give none.'
    )
    from_year: int | None = strawberry.field(description="First year of the period, if given.")
    until_year: int | None = strawberry.field(description="Last year of the period, if given.")
    confidence: Confidence = strawberry.field(description="How sure the sources are.")
    note: str | None = strawberry.field(description="Where the name and period come from.")


@strawberry.type(description="A sum of money stated for an agreement or project.")
class Amount:
    mdh: float = strawberry.field(description="Millions of Moroccan dirhams (MDH).")
    label: str = strawberry.field(description="What the sum measures (budget, cost, share).")
    confidence: Confidence = strawberry.field(
        description="Uncertain when sources disagree; each side is then its own amount."
    )
    note: str | None = strawberry.field(description="The disagreement or a caveat.")


@strawberry.type(description="An industrial sector (filière).")
class Sector(Node):
    key: str
    actors: list[Actor]
    is_type_of = _is("Sector")

    @strawberry.field
    def name(self, lang: Lang = Lang.FR) -> str:
        compiled()


@strawberry.type(description="A theme or competency of the taxonomy.")
class Theme(Node):
    key: str
    labels: Labels
    synonyms: list[str]
    broader: list[Theme]
    narrower: list[Theme]
    actors: list[Actor] = strawberry.field(
        description="Actors with this competency or party to work on it (agreements, projects)."
    )
    sources: list[Source]
    confidence: Confidence
    note: str | None
    is_type_of = _is("Theme")

    @strawberry.field
    def label(self, lang: Lang = Lang.FR) -> str:
        compiled()


@strawberry.type(description="An actor's role in an agreement or project.")
class Party:
    actor: Actor
    role: str
    person: str | None = strawberry.field(
        description="Who acted for the actor, with the public role they held then."
    )
    sources: list[Source]
    confidence: Confidence
    note: str | None


@strawberry.type(description="A competency of an actor, with its evidence.")
class Competency:
    theme: Theme
    evidence: str
    since: int | None = strawberry.field(
        description="Year from which the sources state it (accreditations, labels)."
    )
    standard: str | None = strawberry.field(
        description="The standard, accreditation or delegated label it rests on."
    )
    sources: list[Source]
    confidence: Confidence
    note: str | None


@strawberry.type(description="Ownership, membership, founding or supervision between actors.")
class ActorLink:
    actor: Actor
    type: str = strawberry.field(
        description="subsidiary_of, member_of, founded_by or supervised_by."
    )
    outgoing: bool = strawberry.field(
        description="True when this actor is the subject (this actor is a subsidiary of ...)."
    )
    since: int | None
    sources: list[Source]
    confidence: Confidence
    note: str | None


@strawberry.type(description="Another actor sharing agreements or projects, with the evidence.")
class Partnership:
    actor: Actor
    strength: int = strawberry.field(description="Number of shared agreements and projects.")
    since: dt.date | None = strawberry.field(description="Date of the earliest shared item.")
    agreements: list[Agreement]
    projects: list[Project]


@strawberry.type
class Participation:
    project: Project
    role: str
    person: str | None = strawberry.field(
        description="Who acted for the actor, with the public role they held then."
    )
    sources: list[Source]
    confidence: Confidence
    note: str | None


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.interface(description="A ministry, firm, technical centre, federation, company ...")
class Actor(Node):
    key: str
    names: Names
    acronym: str | None
    kind: ActorKind
    translated: list[str] = strawberry.field(
        description="Fields written as this project's translation (nameFr, nameEn, "
        "description, descriptionFr) rather than in a form the sources print."
    )
    former_names: list[FormerName] = strawberry.field(
        description="Names it went by before, oldest first as the sources list them."
    )
    founded: int | None = strawberry.field(description="Founding year.")
    website: str | None
    city: City | None
    sites: list[Site] = strawberry.field(description="Named sites where it is located.")
    region: Region | None
    sectors: list[Sector]
    parent: Actor | None = strawberry.field(description="The group it is a subsidiary of.")
    subsidiaries: list[Actor]
    member_of: list[Actor]
    members: list[Actor]
    founded_by: list[Actor]
    founder_of: list[Actor]
    supervised_by: list[Actor]
    supervises: list[Actor]
    links: list[ActorLink]
    competencies: list[Competency]
    projects: list[Participation]
    sources: list[Source]
    confidence: Confidence
    note: str | None

    @strawberry.field(description="Name in the language asked, French by default.")
    def name(self, lang: Lang = Lang.FR) -> str:
        compiled()

    @strawberry.field(
        description="Description in the language asked, English by default; French falls "
        "back to English where no French text is written."
    )
    def description(
        self,
        lang: Annotated[
            Lang, strawberry.argument(description="Language of the description.")
        ] = Lang.EN,
    ) -> str | None:
        compiled()

    @strawberry.field(description="Agreements this actor is party to.")
    def agreements(
        self,
        where: AgreementWhere | None = None,
        order_by: list[AgreementOrder] | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> AgreementConnection:
        compiled()

    @strawberry.field(description="Actors sharing agreements or projects, strongest first.")
    def partners(
        self,
        first: int | None = None,
        as_of: Annotated[
            dt.date | None, strawberry.argument(description="Partners as of this date.")
        ] = None,
    ) -> list[Partnership]:
        compiled()


@strawberry.type
class Ministry(Actor):
    is_type_of = _is("ministry")


@strawberry.type
class EngineeringFirm(Actor):
    is_type_of = _is("engineering_firm")


@strawberry.type
class TechnicalCentre(Actor):
    is_type_of = _is("technical_centre")


@strawberry.type
class Network(Actor):
    is_type_of = _is("network")


@strawberry.type
class Federation(Actor):
    is_type_of = _is("federation")


@strawberry.type
class Company(Actor):
    is_type_of = _is("company")


@strawberry.type
class Agency(Actor):
    is_type_of = _is("agency")


@strawberry.type
class TrainingInstitute(Actor):
    is_type_of = _is("training_institute")


ACTOR_TYPES = (
    Ministry, EngineeringFirm, TechnicalCentre, Network, Federation, Company, Agency,
    TrainingInstitute,
)  # fmt: skip


@strawberry.type(description="A signed agreement: framework, specific contract, protocol ...")
class Agreement(Node):
    key: str
    titles: Titles
    kind: AgreementKind
    signed_on: dt.date
    date_precision: str = strawberry.field(
        description="How much of the date the sources give: day, month (signedOn is then "
        "the 1st) or year (1 January)."
    )
    amounts: list[Amount] = strawberry.field(description="Sums stated for it, in MDH.")
    place: City | None
    site: Site | None = strawberry.field(description="The named site where it was signed.")
    parties: list[Party]
    parent: Agreement | None = strawberry.field(description="The framework agreement.")
    contracts: list[Agreement] = strawberry.field(description="Agreements under this one.")
    themes: list[Theme]
    projects: list[Project]
    sources: list[Source]
    confidence: Confidence
    note: str | None
    is_type_of = _is("Agreement")

    @strawberry.field
    def title(self, lang: Lang = Lang.FR) -> str:
        compiled()

    @strawberry.field
    def summary(self, lang: Lang = Lang.EN) -> str:
        compiled()


@strawberry.type(description="A project or programme, e.g. a training.")
class Project(Node):
    key: str
    titles: Titles
    status: ProjectStatus
    started_on: dt.date | None
    ended_on: dt.date | None
    date_precision: str = strawberry.field(
        description="How much of the dates the sources give: day, month (the 1st) or year "
        "(1 January)."
    )
    amounts: list[Amount] = strawberry.field(description="Sums stated for it, in MDH.")
    site: Site | None = strawberry.field(description="The named site where it took place.")
    summary: str
    agreement: Agreement | None = strawberry.field(description="The agreement framing it.")
    participants: list[Party]
    themes: list[Theme]
    sources: list[Source]
    confidence: Confidence
    note: str | None
    is_type_of = _is("Project")

    @strawberry.field
    def title(self, lang: Lang = Lang.FR) -> str:
        compiled()


@strawberry.type
class ActorEdge:
    cursor: str
    node: Actor


@strawberry.type
class ActorConnection:
    edges: list[ActorEdge]
    nodes: list[Actor]
    page_info: PageInfo
    total_count: int = strawberry.field(description="Computed only when asked.")


@strawberry.type
class AgreementEdge:
    cursor: str
    node: Agreement


@strawberry.type
class AgreementConnection:
    edges: list[AgreementEdge]
    nodes: list[Agreement]
    page_info: PageInfo
    total_count: int


@strawberry.type
class ProjectEdge:
    cursor: str
    node: Project


@strawberry.type
class ProjectConnection:
    edges: list[ProjectEdge]
    nodes: list[Project]
    page_info: PageInfo
    total_count: int


@strawberry.type
class ThemeEdge:
    cursor: str
    node: Theme


@strawberry.type
class ThemeConnection:
    edges: list[ThemeEdge]
    nodes: list[Theme]
    page_info: PageInfo
    total_count: int
