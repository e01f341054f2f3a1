"""Curation writes: each needs an editor, names its sources, is atomic and audited.

Every mutation returns a union: its payload, or a `MutationError` whose `code` is VALIDATION
(with the field paths), NOT_FOUND (with the fields naming unknown keys) or CONFLICT. A missing
or refused credential is a top-level error with code UNAUTHENTICATED or FORBIDDEN.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

import strawberry

from errors import ConflictError, NotFoundError, ValidationError
from graph.curation import Outcome
from resolvers import curation, reads
from schema.audit import Change
from schema.context import Info
from schema.curation import (
    SOURCES,
    ActorInput,
    ActorPatch,
    AgreementInput,
    CompetencyInput,
    LinkInput,
    MutationError,
    ParticipationInput,
    SourceInput,
)
from schema.permissions import CanEdit
from schema.types import Actor, Agreement, Project, Source, Theme

P = TypeVar("P")

CHANGE = "The audit record of this write; null when nothing changed."
RESULT = "The payload of the write, or a MutationError (VALIDATION, NOT_FOUND, CONFLICT)."
REPLAYED = "True when answered from an earlier request with the same idempotency key."

COMMENT = "Why this change is made; kept in the audit trail."
IDEMPOTENCY = (
    "Any 8-200 visible ASCII characters; a retried request with the same key and arguments "
    "returns the first result instead of writing twice."
)


@strawberry.type(description="An actor written, with its audit record.")
class ActorPayload:
    key: strawberry.Private[str]
    change: Change | None = strawberry.field(description=CHANGE)
    replayed: bool = strawberry.field(description=REPLAYED)

    @strawberry.field(description="The actor, as it now stands.")
    async def actor(self, info: Info) -> Actor | None:
        return await reads.one(info, "Actor", self.key)


@strawberry.type(description="An actor deleted, with its audit record.")
class DeleteActorPayload:
    key: str = strawberry.field(description="Key of the deleted actor.")
    change: Change | None = strawberry.field(description=CHANGE)
    replayed: bool = strawberry.field(description=REPLAYED)


@strawberry.type(description="An agreement recorded, with its audit record.")
class AgreementPayload:
    key: strawberry.Private[str]
    change: Change | None = strawberry.field(description=CHANGE)
    replayed: bool = strawberry.field(description=REPLAYED)

    @strawberry.field(description="The agreement, as it now stands.")
    async def agreement(self, info: Info) -> Agreement | None:
        return await reads.one(info, "Agreement", self.key)


@strawberry.type(description="A source added, with its audit record.")
class SourcePayload:
    key: strawberry.Private[str]
    change: Change | None = strawberry.field(description=CHANGE)
    replayed: bool = strawberry.field(description=REPLAYED)

    @strawberry.field(description="The source, as it now stands.")
    async def source(self, info: Info) -> Source | None:
        return await reads.one(info, "Source", self.key)


def _ends(key: str) -> tuple[str, str]:
    """(start, end) keys of a relationship's audit key, e.g. ctpc/member_of/rectim."""
    parts = key.split("/")
    return parts[0], parts[-1]


@strawberry.type(description="A participation added, with its audit record.")
class ParticipationPayload:
    key: strawberry.Private[str]
    change: Change | None = strawberry.field(description=CHANGE)
    replayed: bool = strawberry.field(description=REPLAYED)

    @strawberry.field(description="The actor, as it now stands.")
    async def actor(self, info: Info) -> Actor | None:
        return await reads.one(info, "Actor", _ends(self.key)[0])

    @strawberry.field(description="The project.")
    async def project(self, info: Info) -> Project | None:
        return await reads.one(info, "Project", _ends(self.key)[1])


@strawberry.type(description="A competency recorded, with its audit record.")
class CompetencyPayload:
    key: strawberry.Private[str]
    change: Change | None = strawberry.field(description=CHANGE)
    replayed: bool = strawberry.field(description=REPLAYED)

    @strawberry.field(description="The actor, as it now stands.")
    async def actor(self, info: Info) -> Actor | None:
        return await reads.one(info, "Actor", _ends(self.key)[0])

    @strawberry.field(description="The theme.")
    async def theme(self, info: Info) -> Theme | None:
        return await reads.one(info, "Theme", _ends(self.key)[1])


@strawberry.type(description="A link between two actors recorded, with its audit record.")
class LinkPayload:
    key: strawberry.Private[str]
    change: Change | None = strawberry.field(description=CHANGE)
    replayed: bool = strawberry.field(description=REPLAYED)

    @strawberry.field(name="from", description="The actor the link starts at.")
    async def from_(self, info: Info) -> Actor | None:
        return await reads.one(info, "Actor", _ends(self.key)[0])

    @strawberry.field(description="The actor the link points to.")
    async def to(self, info: Info) -> Actor | None:
        return await reads.one(info, "Actor", _ends(self.key)[1])


def _change(outcome: Outcome) -> Change | None:
    return Change.of(outcome.change) if outcome.change is not None else None


def _payload(cls: Callable[..., P]) -> Callable[[Outcome], P]:
    def build(outcome: Outcome) -> P:
        return cls(key=outcome.key, change=_change(outcome), replayed=outcome.replayed)

    return build


async def _result(call: Awaitable[Outcome], payload: Callable[[Outcome], P]) -> P | MutationError:
    try:
        return payload(await call)
    except (ValidationError, NotFoundError, ConflictError) as error:
        return MutationError.of(error)


ActorResult = Annotated[
    ActorPayload | MutationError, strawberry.union("ActorResult", description=RESULT)
]
DeleteActorResult = Annotated[
    DeleteActorPayload | MutationError, strawberry.union("DeleteActorResult", description=RESULT)
]
AgreementResult = Annotated[
    AgreementPayload | MutationError, strawberry.union("AgreementResult", description=RESULT)
]
SourceResult = Annotated[
    SourcePayload | MutationError, strawberry.union("SourceResult", description=RESULT)
]
ParticipationResult = Annotated[
    ParticipationPayload | MutationError,
    strawberry.union("ParticipationResult", description=RESULT),
]
CompetencyResult = Annotated[
    CompetencyPayload | MutationError, strawberry.union("CompetencyResult", description=RESULT)
]
LinkResult = Annotated[
    LinkPayload | MutationError, strawberry.union("LinkResult", description=RESULT)
]

Comment = Annotated[str | None, strawberry.argument(description=COMMENT)]
IdempotencyKey = Annotated[str | None, strawberry.argument(description=IDEMPOTENCY)]


@strawberry.type
class CurationMutation:
    @strawberry.mutation(permission_classes=[CanEdit], description="Create an actor.")
    async def create_actor(
        self,
        info: Info,
        input: Annotated[ActorInput, strawberry.argument(description="The new actor.")],
        comment: Comment = None,
        idempotency_key: IdempotencyKey = None,
    ) -> ActorResult:
        call = curation.create(info, "actors", input, comment, idempotency_key)
        return await _result(call, _payload(ActorPayload))

    @strawberry.mutation(permission_classes=[CanEdit], description="Change fields of an actor.")
    async def update_actor(
        self,
        info: Info,
        key: Annotated[str, strawberry.argument(description="Key of the actor to change.")],
        input: Annotated[ActorPatch, strawberry.argument(description="The changes.")],
        comment: Comment = None,
        idempotency_key: IdempotencyKey = None,
    ) -> ActorResult:
        call = curation.update_actor(info, key, input, comment, idempotency_key)
        return await _result(call, _payload(ActorPayload))

    @strawberry.mutation(
        permission_classes=[CanEdit],
        description="Delete an actor; refused (CONFLICT) while it has links to agreements, "
        "projects, themes or actors, unless `detach` is true.",
    )
    async def delete_actor(
        self,
        info: Info,
        key: Annotated[str, strawberry.argument(description="Key of the actor to delete.")],
        sources: Annotated[list[str], strawberry.argument(description=SOURCES)],
        detach: Annotated[
            bool,
            strawberry.argument(
                description="Also delete its relationships; false (the default) refuses with "
                "CONFLICT while any remain."
            ),
        ] = False,
        comment: Comment = None,
        idempotency_key: IdempotencyKey = None,
    ) -> DeleteActorResult:
        call = curation.delete_actor(info, key, detach, sources, comment, idempotency_key)
        return await _result(call, _payload(DeleteActorPayload))

    @strawberry.mutation(
        permission_classes=[CanEdit],
        description="Record an agreement with its parties, framework parent and themes, and "
        "any new sources it cites.",
    )
    async def record_agreement(
        self,
        info: Info,
        input: Annotated[AgreementInput, strawberry.argument(description="The agreement.")],
        new_sources: Annotated[
            list[SourceInput] | None,
            strawberry.argument(
                description="Sources to add with it (at most 10), cited by the agreement: "
                "the agreement and these sources are written together or not at all."
            ),
        ] = None,
        comment: Comment = None,
        idempotency_key: IdempotencyKey = None,
    ) -> AgreementResult:
        call = curation.record_agreement(info, input, new_sources or [], comment, idempotency_key)
        return await _result(call, _payload(AgreementPayload))

    @strawberry.mutation(permission_classes=[CanEdit], description="An actor joins a project.")
    async def add_participation(
        self,
        info: Info,
        input: Annotated[ParticipationInput, strawberry.argument(description="The participation.")],
        comment: Comment = None,
        idempotency_key: IdempotencyKey = None,
    ) -> ParticipationResult:
        call = curation.create(info, "participations", input, comment, idempotency_key)
        return await _result(call, _payload(ParticipationPayload))

    @strawberry.mutation(permission_classes=[CanEdit], description="Record a competency.")
    async def add_competency(
        self,
        info: Info,
        input: Annotated[CompetencyInput, strawberry.argument(description="The competency.")],
        comment: Comment = None,
        idempotency_key: IdempotencyKey = None,
    ) -> CompetencyResult:
        call = curation.create(info, "competencies", input, comment, idempotency_key)
        return await _result(call, _payload(CompetencyPayload))

    @strawberry.mutation(
        permission_classes=[CanEdit],
        description="Link two actors: subsidiary of, member of, founded by, supervised by.",
    )
    async def link_actors(
        self,
        info: Info,
        input: Annotated[LinkInput, strawberry.argument(description="The link.")],
        comment: Comment = None,
        idempotency_key: IdempotencyKey = None,
    ) -> LinkResult:
        call = curation.create(info, "links", input, comment, idempotency_key)
        return await _result(call, _payload(LinkPayload))

    @strawberry.mutation(permission_classes=[CanEdit], description="Add a source.")
    async def add_source(
        self,
        info: Info,
        input: Annotated[SourceInput, strawberry.argument(description="The source.")],
        comment: Comment = None,
        idempotency_key: IdempotencyKey = None,
    ) -> SourceResult:
        call = curation.create(info, "sources", input, comment, idempotency_key)
        return await _result(call, _payload(SourcePayload))
