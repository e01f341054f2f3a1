"""The arguments of curation writes, and how a refused write answers (`MutationError`)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import strawberry

from errors import ClientError
from schema.enums import ActorKind, AgreementKind, Confidence

KEYS = "Key (a slug: a-z, 0-9 and single hyphens)"
SOURCES = "Keys of the sources that state this (at least one)."


@strawberry.enum(description="Why a write was refused.")
class MutationErrorCode(StrEnum):
    VALIDATION = "VALIDATION"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"


@strawberry.type(description="One bad field: its path in the arguments and what is wrong.")
class FieldError:
    path: str
    message: str


@strawberry.type(description="A refused write: nothing was written.")
class MutationError:
    code: MutationErrorCode
    message: str
    fields: list[FieldError]

    @classmethod
    def of(cls, error: ClientError) -> MutationError:
        problems = list(error.problems)
        if not problems and error.field is not None:
            problems = [(error.field, str(error))]
        return cls(
            code=MutationErrorCode(error.code),
            message=str(error),
            fields=[FieldError(path=path, message=text) for path, text in problems],
        )


@strawberry.enum(description="How two actors are linked (from → to).")
class LinkType(StrEnum):
    SUBSIDIARY_OF = "subsidiary_of"
    MEMBER_OF = "member_of"
    FOUNDED_BY = "founded_by"
    SUPERVISED_BY = "supervised_by"


@strawberry.input(description="A new actor. Text is trimmed and at most 2000 characters.")
class ActorInput:
    key: str = strawberry.field(description=KEYS)
    kind: ActorKind
    name_fr: str
    name_en: str
    name_ar: str | None = None
    acronym: str | None = None
    description: str | None = None
    founded: int | None = strawberry.field(default=None, description="Founding year.")
    website: str | None = None
    city: str | None = strawberry.field(default=None, description="Key of a city.")
    sectors: list[str] = strawberry.field(default_factory=list, description="Keys of sectors.")
    sources: list[str] = strawberry.field(description=SOURCES)
    confidence: Confidence = Confidence.CERTAIN
    note: str | None = None


@strawberry.input(
    description="Changes to an actor: omitted fields stay, null clears an optional field. "
    "`sources` state the new values and are added to the actor's sources."
)
class ActorPatch:
    kind: ActorKind | None = strawberry.UNSET
    name_fr: str | None = strawberry.UNSET
    name_en: str | None = strawberry.UNSET
    name_ar: str | None = strawberry.UNSET
    acronym: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    founded: int | None = strawberry.UNSET
    website: str | None = strawberry.UNSET
    city: str | None = strawberry.UNSET
    sectors: list[str] | None = strawberry.UNSET
    confidence: Confidence | None = strawberry.UNSET
    note: str | None = strawberry.UNSET
    sources: list[str] = strawberry.field(description=SOURCES)


@strawberry.input(description="An actor's part in an agreement.")
class PartyInput:
    actor: str = strawberry.field(description="Key of the actor.")
    role: str = strawberry.field(description="signatory, contracting_party, partner, funder ...")
    confidence: Confidence = Confidence.CERTAIN
    note: str | None = None


@strawberry.input(description="A signed agreement with its parties, framework and themes.")
class AgreementInput:
    key: str = strawberry.field(description=KEYS)
    kind: AgreementKind
    title_fr: str
    title_en: str
    signed_on: dt.date
    summary: str
    summary_fr: str | None = None
    place: str | None = strawberry.field(default=None, description="Key of the city.")
    parent: str | None = strawberry.field(
        default=None, description="Key of the framework agreement it falls under."
    )
    parties: list[PartyInput]
    themes: list[str] = strawberry.field(default_factory=list, description="Keys of themes.")
    sources: list[str] = strawberry.field(description=SOURCES)
    confidence: Confidence = Confidence.CERTAIN
    note: str | None = None


@strawberry.input(description="An actor taking part in a project.")
class ParticipationInput:
    actor: str
    project: str
    role: str = strawberry.field(description="participant, trainer, funder ...")
    sources: list[str] = strawberry.field(description=SOURCES)
    confidence: Confidence = Confidence.CERTAIN
    note: str | None = None


@strawberry.input(description="A competency of an actor on a theme, with its evidence.")
class CompetencyInput:
    actor: str
    theme: str
    evidence: str
    sources: list[str] = strawberry.field(description=SOURCES)
    confidence: Confidence = Confidence.CERTAIN
    note: str | None = None


@strawberry.input(description="A link between two actors: `from` is a subsidiary of `to` ...")
class LinkInput:
    from_: str = strawberry.field(name="from")
    type: LinkType
    to: str
    since: int | None = strawberry.field(default=None, description="Year the link began.")
    sources: list[str] = strawberry.field(description=SOURCES)
    confidence: Confidence = Confidence.CERTAIN
    note: str | None = None


@strawberry.input(description="A source: a page, article or document that states facts.")
class SourceInput:
    key: str = strawberry.field(description=KEYS)
    title: str
    language: str = strawberry.field(description="fr, en, ar or es.")
    url: str | None = None
    publisher: str | None = None
    published_on: dt.date | None = None
