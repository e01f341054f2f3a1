"""The arguments of curation writes, and how a refused write answers (`MutationError`)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import strawberry

from errors import ClientError
from schema.enums import ActorKind, AgreementKind, Confidence, describe_values

KEYS = "Key (a slug: a-z, 0-9 and single hyphens, at most 80 characters)"
SOURCES = "Keys of the sources that state this (1 to 50)."
TEXT = "at most 2000 characters, trimmed"
CONFIDENCE = "CERTAIN (the default), or UNCERTAIN with a note saying why."
NOTE = f"The doubt or how a value was inferred, in English; {TEXT}."
ROLE = "lower-case snake case, 2 to 41 characters"


@strawberry.enum(description="Why a write was refused.")
class MutationErrorCode(StrEnum):
    VALIDATION = "VALIDATION"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"


describe_values(MutationErrorCode, {
    "VALIDATION": "An argument is malformed or out of range; `fields` gives each path.",
    "NOT_FOUND": "A key names nothing in the graph; `fields` names the arguments.",
    "CONFLICT": "The key exists already, or a delete would leave links behind.",
})  # fmt: skip


@strawberry.type(description="One bad field: its path in the arguments and what is wrong.")
class FieldError:
    path: str = strawberry.field(
        description="Dotted path of the argument, e.g. input.parties.0.actor."
    )
    message: str = strawberry.field(description="What is wrong with it, in English.")


@strawberry.type(description="A refused write: nothing was written.")
class MutationError:
    code: MutationErrorCode = strawberry.field(description="Why: a stable code to branch on.")
    message: str = strawberry.field(description="What went wrong, in English, for people.")
    fields: list[FieldError] = strawberry.field(
        description="Each argument at fault; empty when the error is not about one."
    )

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


describe_values(LinkType, {
    "SUBSIDIARY_OF": "`from` is a subsidiary (filiale) of `to`.",
    "MEMBER_OF": "`from` is a member of the network or federation `to`.",
    "FOUNDED_BY": "`from` was founded by `to`.",
    "SUPERVISED_BY": "`from` is under the supervision (tutelle) of `to`.",
})  # fmt: skip


@strawberry.input(description="A new actor. Text is trimmed and at most 2000 characters.")
class ActorInput:
    key: str = strawberry.field(description=KEYS)
    kind: ActorKind = strawberry.field(description="What kind of actor.")
    name_fr: str = strawberry.field(description="French name.")
    name_en: str = strawberry.field(description="English name.")
    name_ar: str | None = strawberry.field(default=None, description="Arabic name.")
    acronym: str | None = strawberry.field(default=None, description="Acronym (sigle).")
    description: str | None = strawberry.field(
        default=None, description="What the actor does, in English."
    )
    founded: int | None = strawberry.field(default=None, description="Founding year.")
    website: str | None = strawberry.field(
        default=None, description="Official website (http or https URL)."
    )
    city: str | None = strawberry.field(default=None, description="Key of a city.")
    sectors: list[str] = strawberry.field(default_factory=list, description="Keys of sectors.")
    sources: list[str] = strawberry.field(description=SOURCES)
    confidence: Confidence = strawberry.field(default=Confidence.CERTAIN, description=CONFIDENCE)
    note: str | None = strawberry.field(default=None, description=NOTE)


@strawberry.input(
    description="Changes to an actor: omitted fields stay, null clears an optional field. "
    "`sources` state the new values and are added to the actor's sources."
)
class ActorPatch:
    kind: ActorKind | None = strawberry.field(default=strawberry.UNSET, description="New kind.")
    name_fr: str | None = strawberry.field(default=strawberry.UNSET, description="New French name.")
    name_en: str | None = strawberry.field(
        default=strawberry.UNSET, description="New English name."
    )
    name_ar: str | None = strawberry.field(
        default=strawberry.UNSET, description="New Arabic name; null clears it."
    )
    acronym: str | None = strawberry.field(
        default=strawberry.UNSET, description="New acronym; null clears it."
    )
    description: str | None = strawberry.field(
        default=strawberry.UNSET, description="New description, in English; null clears it."
    )
    founded: int | None = strawberry.field(
        default=strawberry.UNSET, description="New founding year; null clears it."
    )
    website: str | None = strawberry.field(
        default=strawberry.UNSET, description="New website (http or https URL); null clears it."
    )
    city: str | None = strawberry.field(
        default=strawberry.UNSET, description="Key of the new city; null clears it."
    )
    sectors: list[str] | None = strawberry.field(
        default=strawberry.UNSET, description="Keys of the sectors, replacing the old ones."
    )
    confidence: Confidence | None = strawberry.field(
        default=strawberry.UNSET, description="New confidence."
    )
    note: str | None = strawberry.field(
        default=strawberry.UNSET, description="New note, in English; null clears it."
    )
    sources: list[str] = strawberry.field(description=SOURCES)


@strawberry.input(description="An actor's part in an agreement.")
class PartyInput:
    actor: str = strawberry.field(description="Key of the actor.")
    role: str = strawberry.field(
        description=f"Role, {ROLE}: signatory, contracting_party, partner, funder ..."
    )
    confidence: Confidence = strawberry.field(default=Confidence.CERTAIN, description=CONFIDENCE)
    note: str | None = strawberry.field(default=None, description=NOTE)


@strawberry.input(description="A signed agreement with its parties, framework and themes.")
class AgreementInput:
    key: str = strawberry.field(description=KEYS)
    kind: AgreementKind = strawberry.field(description="What kind of agreement.")
    title_fr: str = strawberry.field(description="French title.")
    title_en: str = strawberry.field(description="English title.")
    signed_on: dt.date = strawberry.field(description="Signing date (ISO 8601, YYYY-MM-DD).")
    summary: str = strawberry.field(description=f"What it is about, in English; {TEXT}.")
    summary_fr: str | None = strawberry.field(
        default=None, description=f"The summary in French; {TEXT}."
    )
    place: str | None = strawberry.field(default=None, description="Key of the city.")
    parent: str | None = strawberry.field(
        default=None, description="Key of the framework agreement it falls under."
    )
    parties: list[PartyInput] = strawberry.field(
        description="Its parties: 1 to 100, an actor at most once."
    )
    themes: list[str] = strawberry.field(
        default_factory=list, description="Keys of the themes it covers (at most 30)."
    )
    sources: list[str] = strawberry.field(description=SOURCES)
    confidence: Confidence = strawberry.field(default=Confidence.CERTAIN, description=CONFIDENCE)
    note: str | None = strawberry.field(default=None, description=NOTE)


@strawberry.input(description="An actor taking part in a project.")
class ParticipationInput:
    actor: str = strawberry.field(description="Key of the actor.")
    project: str = strawberry.field(description="Key of the project.")
    role: str = strawberry.field(description=f"Role, {ROLE}: participant, trainer, funder ...")
    sources: list[str] = strawberry.field(description=SOURCES)
    confidence: Confidence = strawberry.field(default=Confidence.CERTAIN, description=CONFIDENCE)
    note: str | None = strawberry.field(default=None, description=NOTE)


@strawberry.input(description="A competency of an actor on a theme, with its evidence.")
class CompetencyInput:
    actor: str = strawberry.field(description="Key of the actor.")
    theme: str = strawberry.field(description="Key of the theme.")
    evidence: str = strawberry.field(description=f"What shows the competency, in English; {TEXT}.")
    sources: list[str] = strawberry.field(description=SOURCES)
    confidence: Confidence = strawberry.field(default=Confidence.CERTAIN, description=CONFIDENCE)
    note: str | None = strawberry.field(default=None, description=NOTE)


@strawberry.input(description="A link between two actors: `from` is a subsidiary of `to` ...")
class LinkInput:
    from_: str = strawberry.field(name="from", description="Key of the actor the link starts at.")
    type: LinkType = strawberry.field(description="What the link says.")
    to: str = strawberry.field(description="Key of the actor the link points to.")
    since: int | None = strawberry.field(default=None, description="Year the link began.")
    sources: list[str] = strawberry.field(description=SOURCES)
    confidence: Confidence = strawberry.field(default=Confidence.CERTAIN, description=CONFIDENCE)
    note: str | None = strawberry.field(default=None, description=NOTE)


@strawberry.input(description="A source: a page, article or document that states facts.")
class SourceInput:
    key: str = strawberry.field(description=KEYS)
    title: str = strawberry.field(description="Title, in the source's own language.")
    language: str = strawberry.field(description="Language of the source: fr, en, ar or es.")
    url: str | None = strawberry.field(
        default=None, description="Web address (http or https URL, at most 500 characters)."
    )
    publisher: str | None = strawberry.field(default=None, description="Who published it.")
    published_on: dt.date | None = strawberry.field(
        default=None, description="Publication date (ISO 8601, YYYY-MM-DD)."
    )
