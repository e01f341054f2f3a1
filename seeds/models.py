"""Typed records of the seed files; each file is a list of these (places.yaml: two lists)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Confidence = Literal["certain", "uncertain"]
# How much of a date the sources give: "month" keeps the first of the month, "year" 1 January.
DatePrecision = Literal["day", "month", "year"]


class ActorKind(StrEnum):
    MINISTRY = "ministry"
    ENGINEERING_FIRM = "engineering_firm"
    TECHNICAL_CENTRE = "technical_centre"
    NETWORK = "network"
    FEDERATION = "federation"
    COMPANY = "company"
    AGENCY = "agency"
    TRAINING_INSTITUTE = "training_institute"


ACTOR_LABELS: dict[ActorKind, str] = {
    ActorKind.MINISTRY: "Ministry",
    ActorKind.ENGINEERING_FIRM: "EngineeringFirm",
    ActorKind.TECHNICAL_CENTRE: "TechnicalCentre",
    ActorKind.NETWORK: "Network",
    ActorKind.FEDERATION: "Federation",
    ActorKind.COMPANY: "Company",
    ActorKind.AGENCY: "Agency",
    ActorKind.TRAINING_INSTITUTE: "TrainingInstitute",
}


class AgreementKind(StrEnum):
    FRAMEWORK_AGREEMENT = "framework_agreement"
    SPECIFIC_CONTRACT = "specific_contract"
    COLLABORATION_PROTOCOL = "collaboration_protocol"
    MEMORANDUM = "memorandum"
    TARGET_CONTRACT = "target_contract"
    COOPERATION_AGREEMENT = "cooperation_agreement"


class LinkType(StrEnum):
    SUBSIDIARY_OF = "subsidiary_of"
    MEMBER_OF = "member_of"
    FOUNDED_BY = "founded_by"
    SUPERVISED_BY = "supervised_by"


class ProjectStatus(StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    COMPLETED = "completed"
    UNKNOWN = "unknown"


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(Record):
    sources: list[Key] = Field(min_length=1, max_length=50)
    confidence: Confidence = "certain"
    note: Text | None = None


class Source(Record):
    key: Key
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=500)] | None = None
    title: Text
    publisher: Text | None = None
    publishedOn: dt.date | None = None
    language: Literal["fr", "en", "ar", "es"]


class Region(Sourced):
    key: Key
    nameFr: Text
    nameEn: Text
    nameAr: Text | None = None


class City(Sourced):
    key: Key
    nameFr: Text
    nameEn: Text
    country: Literal["MA", "FR", "ES"]
    region: Key | None = None


class Site(Sourced):
    """A named site inside a city: a business park, a campus, a technopole."""

    key: Key
    nameFr: Text
    nameEn: Text
    city: Key
    description: Text | None = None


class Places(Record):
    regions: list[Region]
    cities: list[City]
    sites: list[Site] = Field(default_factory=list)


class Sector(Sourced):
    key: Key
    nameFr: Text
    nameEn: Text
    synonyms: list[Text] = Field(default_factory=list, max_length=50)


class Theme(Sourced):
    key: Key
    labelFr: Text
    labelEn: Text
    labelAr: Text | None = None
    synonyms: list[Text] = Field(default_factory=list, max_length=50)
    broader: list[Key] = Field(default_factory=list, max_length=10)
    related: list[Key] = Field(default_factory=list, max_length=10)


class Actor(Sourced):
    key: Key
    kind: ActorKind
    nameFr: Text
    nameEn: Text
    nameAr: Text | None = None
    acronym: Text | None = None
    description: Text | None = None
    descriptionFr: Text | None = None
    translated: list[Translated] = Field(default_factory=list, max_length=4)
    formerNames: list[FormerName] = Field(default_factory=list, max_length=10)
    founded: int | dt.date | None = Field(default=None)
    website: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    city: Key | None = None
    sites: list[Key] = Field(default_factory=list, max_length=10)
    sectors: list[Key] = Field(default_factory=list, max_length=20)


class Link(Sourced):
    from_: Key = Field(alias="from")
    type: LinkType
    to: Key
    since: int | dt.date | None = None


class Party(Record):
    actor: Key
    role: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]{1,40}$")]
    person: Text | None = None
    """Who acted for the actor and in which public role (e.g. "Ryad Mezzour, minister")."""
    confidence: Confidence = "certain"
    note: Text | None = None


class FormerName(Record):
    """A name an actor went by before, with the years the sources give for it."""

    name: Text
    fromYear: int | None = Field(default=None, ge=1800, le=2100)
    untilYear: int | None = Field(default=None, ge=1800, le=2100)
    confidence: Confidence = "certain"
    note: Text | None = None


class Amount(Record):
    """A sum of money in millions of dirhams (MDH), with what it measures."""

    mdh: float = Field(gt=0, lt=1_000_000)
    label: Text
    confidence: Confidence = "certain"
    note: Text | None = None


Translated = Literal["nameFr", "nameEn", "description", "descriptionFr"]


class Agreement(Sourced):
    key: Key
    kind: AgreementKind
    titleFr: Text
    titleEn: Text
    signedOn: dt.date
    datePrecision: DatePrecision = "day"
    place: Key | None = None
    site: Key | None = None
    summary: Text
    summaryFr: Text | None = None
    amounts: list[Amount] = Field(default_factory=list, max_length=10)
    parent: Key | None = None
    parties: list[Party] = Field(min_length=1, max_length=100)
    themes: list[Key] = Field(default_factory=list, max_length=30)


class Project(Sourced):
    key: Key
    titleFr: Text
    titleEn: Text
    status: ProjectStatus
    startedOn: dt.date | None = None
    endedOn: dt.date | None = None
    datePrecision: DatePrecision = "day"
    agreement: Key | None = None
    site: Key | None = None
    participants: list[Party] = Field(min_length=1, max_length=100)
    themes: list[Key] = Field(default_factory=list, max_length=30)
    summary: Text
    amounts: list[Amount] = Field(default_factory=list, max_length=10)


class Competency(Sourced):
    actor: Key
    theme: Key
    evidence: Text
    since: int | dt.date | None = None
    standard: Text | None = None
    """The standard, accreditation or label the competency rests on, e.g. "ISO/IEC 17025"."""
