"""The object types of the graph. Values come from compiled rows (see `schema/rows.py`)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, NoReturn

import strawberry

from graph.compiler import Row
from schema.enums import ActorKind, AgreementKind, Confidence, Lang, ProjectStatus
from schema.inputs import AgreementOrder, AgreementWhere

ID = "Global id (Relay): opaque and stable; `node(id:)` fetches the object by it."
KEY = "Stable key, unique across the graph (lower case, hyphens), e.g. ctpc."
SOURCES = "Sources stating this fact (at least one)."
CONFIDENCE = "CERTAIN, or UNCERTAIN when the sources leave a doubt (the note says why)."
NOTE = "Free text in English: the doubt, the quote that settles it, how a value was inferred."
ROLE = "Role in lower-case snake case, e.g. signatory, contracting_party, partner, funder."
LIST = "At most MAILLAGE_MAX_PAGE_SIZE (default 100) items"
LANG = "Language of the text; a missing translation falls back to French."
FIRST = (
    "Page size: items after `after`, default MAILLAGE_DEFAULT_PAGE_SIZE (20), at most "
    "MAILLAGE_MAX_PAGE_SIZE (100; more: LIMIT_EXCEEDED; negative: VALIDATION)."
)
AFTER = (
    "Cursor: items after the edge with this `cursor` (`pageInfo.endCursor`); only valid with "
    "the same field and `orderBy`, else BAD_CURSOR."
)
ORDER_BY = "Sort keys, most significant first (at most 5, else LIMIT_EXCEEDED); ties by key."
CURSOR = "Opaque cursor of this edge; pass it as `after` to read on."
NODES = "The page's items, without cursors."
EDGES = "The page's items with their cursors."
PAGE_INFO = "Whether more pages follow, and the cursors of the page's ends."
TOTAL = "Number of items matching `where` across all pages; computed only when asked."
Lang_ = Annotated[Lang, strawberry.argument(description=LANG)]


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
    id: strawberry.ID = strawberry.field(description=ID)


@strawberry.type(
    description="A source (article, report, official page) that states facts of the graph."
)
class Source(Node):
    id: strawberry.ID = strawberry.field(description=ID)
    key: str = strawberry.field(description=KEY)
    url: str | None = strawberry.field(description="Web address (absolute http or https URL).")
    title: str = strawberry.field(description="Title, in the source's own language.")
    publisher: str | None = strawberry.field(description="Who published it, e.g. a newspaper.")
    published_on: dt.date | None = strawberry.field(
        description="Publication date (ISO 8601, YYYY-MM-DD), when the source prints it."
    )
    language: str = strawberry.field(description="Language of the source: fr, en, ar or es.")
    is_type_of = _is("Source")


@strawberry.type(description="A name in each language.")
class Names:
    fr: str = strawberry.field(description="French name (always present).")
    en: str | None = strawberry.field(description="English name, when known.")
    ar: str | None = strawberry.field(description="Arabic name, when known.")


@strawberry.type(description="A title in each language.")
class Titles:
    fr: str = strawberry.field(description="French title (always present).")
    en: str | None = strawberry.field(description="English title, when known.")


@strawberry.type(description="A theme's label in each language.")
class Labels:
    fr: str = strawberry.field(description="French label (always present).")
    en: str | None = strawberry.field(description="English label, when known.")
    ar: str | None = strawberry.field(description="Arabic label, when known.")


@strawberry.type(description="A Moroccan region (or none abroad).")
class Region(Node):
    id: strawberry.ID = strawberry.field(description=ID)
    key: str = strawberry.field(description=KEY)
    is_type_of = _is("Region")

    @strawberry.field(description="Name in the language asked, French by default.")
    def name(self, lang: Lang_ = Lang.FR) -> str:
        compiled()


@strawberry.type(description="A city or town where actors sit and agreements are signed.")
class City(Node):
    id: strawberry.ID = strawberry.field(description=ID)
    key: str = strawberry.field(description=KEY)
    country: str = strawberry.field(description="Country code (ISO 3166-1 alpha-2), e.g. MA.")
    region: Region | None = strawberry.field(description="Its Moroccan region; null abroad.")
    is_type_of = _is("City")

    @strawberry.field(description="Name in the language asked, French by default.")
    def name(self, lang: Lang_ = Lang.FR) -> str:
        compiled()


@strawberry.type(description="A named site inside a city: a business park, a campus, a technopole.")
class Site(Node):
    id: strawberry.ID = strawberry.field(description=ID)
    key: str = strawberry.field(description=KEY)
    description: str | None = strawberry.field(description="What the site is, in English.")
    city: City | None = strawberry.field(description="The city the site is in.")
    actors: list[Actor] = strawberry.field(description="Actors located at the site.")
    sources: list[Source] = strawberry.field(description=SOURCES)
    confidence: Confidence = strawberry.field(description=CONFIDENCE)
    note: str | None = strawberry.field(description=NOTE)
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
    id: strawberry.ID = strawberry.field(description=ID)
    key: str = strawberry.field(description=KEY)
    actors: list[Actor] = strawberry.field(
        description=f"Actors in this sector, by French name; {LIST}."
    )
    is_type_of = _is("Sector")

    @strawberry.field(description="Name in the language asked, French by default.")
    def name(self, lang: Lang_ = Lang.FR) -> str:
        compiled()


@strawberry.type(description="A theme or competency of the taxonomy.")
class Theme(Node):
    id: strawberry.ID = strawberry.field(description=ID)
    key: str = strawberry.field(description=KEY)
    labels: Labels = strawberry.field(description="The label in each language.")
    synonyms: list[str] = strawberry.field(
        description="Other names of the theme, in any language; matched by label filters."
    )
    broader: list[Theme] = strawberry.field(description="Themes this one narrows (parents).")
    narrower: list[Theme] = strawberry.field(description="Themes narrowing this one (children).")
    actors: list[Actor] = strawberry.field(
        description="Actors with this competency or party to work on it (agreements, projects), "
        f"by French name; {LIST}."
    )
    sources: list[Source] = strawberry.field(description=SOURCES)
    confidence: Confidence = strawberry.field(description=CONFIDENCE)
    note: str | None = strawberry.field(description=NOTE)
    is_type_of = _is("Theme")

    @strawberry.field(description="Label in the language asked, French by default.")
    def label(self, lang: Lang_ = Lang.FR) -> str:
        compiled()


@strawberry.type(description="An actor's role in an agreement or project.")
class Party:
    actor: Actor = strawberry.field(description="The party.")
    role: str = strawberry.field(description=ROLE)
    person: str | None = strawberry.field(
        description="Who acted for the actor, with the public role they held then."
    )
    sources: list[Source] = strawberry.field(description=SOURCES)
    confidence: Confidence = strawberry.field(description=CONFIDENCE)
    note: str | None = strawberry.field(description=NOTE)


@strawberry.type(description="A competency of an actor, with its evidence.")
class Competency:
    theme: Theme = strawberry.field(description="The theme the actor is competent in.")
    evidence: str = strawberry.field(description="What shows it, in English.")
    since: int | None = strawberry.field(
        description="Year from which the sources state it (accreditations, labels)."
    )
    standard: str | None = strawberry.field(
        description="The standard, accreditation or delegated label it rests on."
    )
    sources: list[Source] = strawberry.field(description=SOURCES)
    confidence: Confidence = strawberry.field(description=CONFIDENCE)
    note: str | None = strawberry.field(description=NOTE)


@strawberry.type(description="Ownership, membership, founding or supervision between actors.")
class ActorLink:
    actor: Actor = strawberry.field(description="The actor at the other end.")
    type: str = strawberry.field(
        description="One of subsidiary_of, member_of, founded_by, supervised_by."
    )
    outgoing: bool = strawberry.field(
        description="True when this actor is the subject (this actor is a subsidiary of ...)."
    )
    since: int | None = strawberry.field(description="Year the link began, when known.")
    sources: list[Source] = strawberry.field(description=SOURCES)
    confidence: Confidence = strawberry.field(description=CONFIDENCE)
    note: str | None = strawberry.field(description=NOTE)


@strawberry.type(description="Another actor sharing agreements or projects, with the evidence.")
class Partnership:
    actor: Actor = strawberry.field(description="The partner.")
    strength: int = strawberry.field(description="Number of shared agreements and projects.")
    since: dt.date | None = strawberry.field(
        description="Date of the earliest shared item (signing or start; ISO 8601)."
    )
    agreements: list[Agreement] = strawberry.field(description="The shared agreements.")
    projects: list[Project] = strawberry.field(description="The shared projects.")


@strawberry.type(description="An actor's part in a project.")
class Participation:
    project: Project = strawberry.field(description="The project.")
    role: str = strawberry.field(description=ROLE)
    person: str | None = strawberry.field(
        description="Who acted for the actor, with the public role they held then."
    )
    sources: list[Source] = strawberry.field(description=SOURCES)
    confidence: Confidence = strawberry.field(description=CONFIDENCE)
    note: str | None = strawberry.field(description=NOTE)


@strawberry.type(description="Where a page stands in its connection (Relay cursor spec).")
class PageInfo:
    has_next_page: bool = strawberry.field(description="True when more items follow this page.")
    has_previous_page: bool = strawberry.field(
        description="True when the page was read with `after` (items precede it)."
    )
    start_cursor: str | None = strawberry.field(
        description="Cursor of the first item; null on an empty page."
    )
    end_cursor: str | None = strawberry.field(
        description="Cursor of the last item, to pass as `after`; null on an empty page."
    )


@strawberry.interface(description="A ministry, firm, technical centre, federation, company ...")
class Actor(Node):
    id: strawberry.ID = strawberry.field(description=ID)
    key: str = strawberry.field(description=KEY)
    names: Names = strawberry.field(description="The name in each language.")
    acronym: str | None = strawberry.field(description="Acronym (sigle), e.g. CTPC.")
    kind: ActorKind = strawberry.field(description="What kind of actor; also its concrete type.")
    translated: list[str] = strawberry.field(
        description="Fields written as this project's translation (nameFr, nameEn, "
        "description, descriptionFr) rather than in a form the sources print."
    )
    former_names: list[FormerName] = strawberry.field(
        description="Names it went by before, oldest first as the sources list them."
    )
    founded: int | None = strawberry.field(description="Founding year (e.g. 2006), when known.")
    website: str | None = strawberry.field(description="Official website (absolute URL).")
    city: City | None = strawberry.field(description="City of its seat.")
    sites: list[Site] = strawberry.field(description="Named sites where it is located.")
    region: Region | None = strawberry.field(description="Region of its seat's city.")
    sectors: list[Sector] = strawberry.field(description=f"Its industrial sectors; {LIST}.")
    parent: Actor | None = strawberry.field(description="The group it is a subsidiary of.")
    subsidiaries: list[Actor] = strawberry.field(description=f"Its subsidiaries; {LIST}.")
    member_of: list[Actor] = strawberry.field(
        description=f"Networks and federations it belongs to; {LIST}."
    )
    members: list[Actor] = strawberry.field(description=f"Its members; {LIST}.")
    founded_by: list[Actor] = strawberry.field(description=f"Actors that founded it; {LIST}.")
    founder_of: list[Actor] = strawberry.field(description=f"Actors it founded; {LIST}.")
    supervised_by: list[Actor] = strawberry.field(
        description=f"Its supervising authorities (tutelle); {LIST}."
    )
    supervises: list[Actor] = strawberry.field(description=f"Bodies under its supervision; {LIST}.")
    links: list[ActorLink] = strawberry.field(
        description=f"All four kinds of link above, both ways, with provenance; by type, then "
        f"key; {LIST}."
    )
    competencies: list[Competency] = strawberry.field(
        description=f"Its declared competencies, with evidence; {LIST}."
    )
    projects: list[Participation] = strawberry.field(
        description=f"Projects it takes part in, latest start first; {LIST}."
    )
    sources: list[Source] = strawberry.field(description=SOURCES)
    confidence: Confidence = strawberry.field(description=CONFIDENCE)
    note: str | None = strawberry.field(description=NOTE)

    @strawberry.field(description="Name in the language asked, French by default.")
    def name(self, lang: Lang_ = Lang.FR) -> str:
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

    @strawberry.field(description="Agreements this actor is party to, by key unless ordered.")
    def agreements(
        self,
        where: Annotated[
            AgreementWhere | None, strawberry.argument(description="Only these agreements.")
        ] = None,
        order_by: Annotated[
            list[AgreementOrder] | None, strawberry.argument(description=ORDER_BY)
        ] = None,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = None,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> AgreementConnection:
        compiled()

    @strawberry.field(
        description="Actors sharing agreements or projects, strongest first, then by key."
    )
    def partners(
        self,
        first: Annotated[
            int | None,
            strawberry.argument(
                description="How many partners: default and maximum MAILLAGE_MAX_PAGE_SIZE "
                "(100; more: LIMIT_EXCEEDED)."
            ),
        ] = None,
        as_of: Annotated[
            dt.date | None,
            strawberry.argument(
                description="Partners as of this date (ISO 8601): items signed or started by "
                "then, partners founded by then. Default: no date limit."
            ),
        ] = None,
    ) -> list[Partnership]:
        compiled()


@strawberry.type(description="An actor of kind MINISTRY (ministère).")
class Ministry(Actor):
    is_type_of = _is("ministry")


@strawberry.type(description="An actor of kind ENGINEERING_FIRM (bureau d'études).")
class EngineeringFirm(Actor):
    is_type_of = _is("engineering_firm")


@strawberry.type(description="An actor of kind TECHNICAL_CENTRE (centre technique).")
class TechnicalCentre(Actor):
    is_type_of = _is("technical_centre")


@strawberry.type(description="An actor of kind NETWORK (réseau).")
class Network(Actor):
    is_type_of = _is("network")


@strawberry.type(description="An actor of kind FEDERATION (fédération).")
class Federation(Actor):
    is_type_of = _is("federation")


@strawberry.type(description="An actor of kind COMPANY (entreprise).")
class Company(Actor):
    is_type_of = _is("company")


@strawberry.type(description="An actor of kind AGENCY (agence).")
class Agency(Actor):
    is_type_of = _is("agency")


@strawberry.type(description="An actor of kind TRAINING_INSTITUTE (établissement de formation).")
class TrainingInstitute(Actor):
    is_type_of = _is("training_institute")


ACTOR_TYPES = (
    Ministry, EngineeringFirm, TechnicalCentre, Network, Federation, Company, Agency,
    TrainingInstitute,
)  # fmt: skip


@strawberry.type(description="A signed agreement: framework, specific contract, protocol ...")
class Agreement(Node):
    id: strawberry.ID = strawberry.field(description=ID)
    key: str = strawberry.field(description=KEY)
    titles: Titles = strawberry.field(description="The title in each language.")
    kind: AgreementKind = strawberry.field(description="What kind of agreement.")
    signed_on: dt.date = strawberry.field(description="Signing date (ISO 8601, YYYY-MM-DD).")
    date_precision: str = strawberry.field(
        description="How much of the date the sources give: day, month (signedOn is then "
        "the 1st) or year (1 January)."
    )
    amounts: list[Amount] = strawberry.field(description="Sums stated for it, in MDH.")
    place: City | None = strawberry.field(description="City where it was signed, when known.")
    site: Site | None = strawberry.field(description="The named site where it was signed.")
    parties: list[Party] = strawberry.field(
        description=f"Parties with their role, by French name; {LIST}."
    )
    parent: Agreement | None = strawberry.field(
        description="The framework agreement (convention-cadre) it applies."
    )
    contracts: list[Agreement] = strawberry.field(
        description=f"Agreements under this one, oldest first; {LIST}."
    )
    themes: list[Theme] = strawberry.field(description=f"Themes it covers; {LIST}.")
    projects: list[Project] = strawberry.field(description=f"Projects it frames; {LIST}.")
    sources: list[Source] = strawberry.field(description=SOURCES)
    confidence: Confidence = strawberry.field(description=CONFIDENCE)
    note: str | None = strawberry.field(description=NOTE)
    is_type_of = _is("Agreement")

    @strawberry.field(description="Title in the language asked, French by default.")
    def title(self, lang: Lang_ = Lang.FR) -> str:
        compiled()

    @strawberry.field(
        description="What it is about: in English by default (as stored); FR gives the French "
        "summary where one exists, else the English one; AR gives the English one."
    )
    def summary(
        self,
        lang: Annotated[
            Lang, strawberry.argument(description="Language asked; English by default.")
        ] = Lang.EN,
    ) -> str:
        compiled()


@strawberry.type(description="A project or programme, e.g. a training.")
class Project(Node):
    id: strawberry.ID = strawberry.field(description=ID)
    key: str = strawberry.field(description=KEY)
    titles: Titles = strawberry.field(description="The title in each language.")
    status: ProjectStatus = strawberry.field(description="Where it stands.")
    started_on: dt.date | None = strawberry.field(
        description="Start date (ISO 8601, YYYY-MM-DD), when known."
    )
    ended_on: dt.date | None = strawberry.field(
        description="End date (ISO 8601, YYYY-MM-DD), when known."
    )
    date_precision: str = strawberry.field(
        description="How much of the dates the sources give: day, month (the 1st) or year "
        "(1 January)."
    )
    amounts: list[Amount] = strawberry.field(description="Sums stated for it, in MDH.")
    site: Site | None = strawberry.field(description="The named site where it took place.")
    summary: str = strawberry.field(description="What it is about, in English.")
    agreement: Agreement | None = strawberry.field(description="The agreement framing it.")
    participants: list[Party] = strawberry.field(
        description=f"Participants with their role, by French name; {LIST}."
    )
    themes: list[Theme] = strawberry.field(description=f"Themes it addresses; {LIST}.")
    sources: list[Source] = strawberry.field(description=SOURCES)
    confidence: Confidence = strawberry.field(description=CONFIDENCE)
    note: str | None = strawberry.field(description=NOTE)
    is_type_of = _is("Project")

    @strawberry.field(description="Title in the language asked, French by default.")
    def title(self, lang: Lang_ = Lang.FR) -> str:
        compiled()


@strawberry.type(description="One actor of a page, with its cursor.")
class ActorEdge:
    cursor: str = strawberry.field(description=CURSOR)
    node: Actor = strawberry.field(description="The actor.")


@strawberry.type(description="A page of actors (Relay connection).")
class ActorConnection:
    edges: list[ActorEdge] = strawberry.field(description=EDGES)
    nodes: list[Actor] = strawberry.field(description=NODES)
    page_info: PageInfo = strawberry.field(description=PAGE_INFO)
    total_count: int = strawberry.field(description=TOTAL)


@strawberry.type(description="One agreement of a page, with its cursor.")
class AgreementEdge:
    cursor: str = strawberry.field(description=CURSOR)
    node: Agreement = strawberry.field(description="The agreement.")


@strawberry.type(description="A page of agreements (Relay connection).")
class AgreementConnection:
    edges: list[AgreementEdge] = strawberry.field(description=EDGES)
    nodes: list[Agreement] = strawberry.field(description=NODES)
    page_info: PageInfo = strawberry.field(description=PAGE_INFO)
    total_count: int = strawberry.field(description=TOTAL)


@strawberry.type(description="One project of a page, with its cursor.")
class ProjectEdge:
    cursor: str = strawberry.field(description=CURSOR)
    node: Project = strawberry.field(description="The project.")


@strawberry.type(description="A page of projects (Relay connection).")
class ProjectConnection:
    edges: list[ProjectEdge] = strawberry.field(description=EDGES)
    nodes: list[Project] = strawberry.field(description=NODES)
    page_info: PageInfo = strawberry.field(description=PAGE_INFO)
    total_count: int = strawberry.field(description=TOTAL)


@strawberry.type(description="One theme of a page, with its cursor.")
class ThemeEdge:
    cursor: str = strawberry.field(description=CURSOR)
    node: Theme = strawberry.field(description="The theme.")


@strawberry.type(description="A page of themes (Relay connection).")
class ThemeConnection:
    edges: list[ThemeEdge] = strawberry.field(description=EDGES)
    nodes: list[Theme] = strawberry.field(description=NODES)
    page_info: PageInfo = strawberry.field(description=PAGE_INFO)
    total_count: int = strawberry.field(description=TOTAL)
