"""Typed records of the seed files; each file is a list of these (places.yaml: two lists)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
Confidence = Literal["certain", "uncertain"]


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


class Places(Record):
    regions: list[Region]
    cities: list[City]


class Sector(Sourced):
    key: Key
    nameFr: Text
    nameEn: Text


class Theme(Sourced):
    key: Key
    labelFr: Text
    labelEn: Text
    labelAr: Text | None = None
    synonyms: list[Text] = Field(default_factory=list, max_length=50)
    broader: list[Key] = Field(default_factory=list, max_length=10)


class Actor(Sourced):
    key: Key
    kind: ActorKind
    nameFr: Text
    nameEn: Text
    nameAr: Text | None = None
    acronym: Text | None = None
    description: Text | None = None
    founded: int | dt.date | None = Field(default=None)
    website: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    city: Key | None = None
    sectors: list[Key] = Field(default_factory=list, max_length=20)


class Link(Sourced):
    from_: Key = Field(alias="from")
    type: LinkType
    to: Key
    since: int | dt.date | None = None


class Party(Record):
    actor: Key
    role: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]{1,40}$")]
    confidence: Confidence = "certain"
    note: Text | None = None


class Agreement(Sourced):
    key: Key
    kind: AgreementKind
    titleFr: Text
    titleEn: Text
    signedOn: dt.date
    place: Key | None = None
    summary: Text
    summaryFr: Text | None = None
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
    agreement: Key | None = None
    participants: list[Party] = Field(min_length=1, max_length=100)
    themes: list[Key] = Field(default_factory=list, max_length=30)
    summary: Text


class Competency(Sourced):
    actor: Key
    theme: Key
    evidence: Text
