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

COMMENT = "Why this change is made; kept in the audit trail."
IDEMPOTENCY = (
    "Any 8-200 visible ASCII characters; a retried request with the same key and arguments "
    "returns the first result instead of writing twice."
)


@strawberry.type
class ActorPayload:
    key: strawberry.Private[str]
    change: Change | None = strawberry.field(description="Null when nothing changed.")
    replayed: bool = strawberry.field(description="True when answered from an idempotency key.")

    @strawberry.field
    async def actor(self, info: Info) -> Actor | None:
        return await reads.one(info, "Actor", self.key)


@strawberry.type
class DeleteActorPayload:
    key: str
    change: Change | None
    replayed: bool


@strawberry.type
class AgreementPayload:
    key: strawberry.Private[str]
    change: Change | None
    replayed: bool

    @strawberry.field
    async def agreement(self, info: Info) -> Agreement | None:
        return await reads.one(info, "Agreement", self.key)


@strawberry.type
class SourcePayload:
    key: strawberry.Private[str]
    change: Change | None
    replayed: bool

    @strawberry.field
    async def source(self, info: Info) -> Source | None:
        return await reads.one(info, "Source", self.key)


def _ends(key: str) -> tuple[str, str]:
    """(start, end) keys of a relationship's audit key, e.g. ctpc/member_of/rectim."""
    parts = key.split("/")
    return parts[0], parts[-1]


@strawberry.type
class ParticipationPayload:
    key: strawberry.Private[str]
    change: Change | None
    replayed: bool

    @strawberry.field
    async def actor(self, info: Info) -> Actor | None:
        return await reads.one(info, "Actor", _ends(self.key)[0])

    @strawberry.field
    async def project(self, info: Info) -> Project | None:
        return await reads.one(info, "Project", _ends(self.key)[1])


@strawberry.type
class CompetencyPayload:
    key: strawberry.Private[str]
    change: Change | None
    replayed: bool

    @strawberry.field
    async def actor(self, info: Info) -> Actor | None:
        return await reads.one(info, "Actor", _ends(self.key)[0])

    @strawberry.field
    async def theme(self, info: Info) -> Theme | None:
        return await reads.one(info, "Theme", _ends(self.key)[1])


@strawberry.type
class LinkPayload:
    key: strawberry.Private[str]
    change: Change | None
    replayed: bool

    @strawberry.field(name="from")
    async def from_(self, info: Info) -> Actor | None:
        return await reads.one(info, "Actor", _ends(self.key)[0])

    @strawberry.field
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


ActorResult = Annotated[ActorPayload | MutationError, strawberry.union("ActorResult")]
DeleteActorResult = Annotated[
    DeleteActorPayload | MutationError, strawberry.union("DeleteActorResult")
]
AgreementResult = Annotated[AgreementPayload | MutationError, strawberry.union("AgreementResult")]
SourceResult = Annotated[SourcePayload | MutationError, strawberry.union("SourceResult")]
ParticipationResult = Annotated[
    ParticipationPayload | MutationError, strawberry.union("ParticipationResult")
]
CompetencyResult = Annotated[
    CompetencyPayload | MutationError, strawberry.union("CompetencyResult")
]
LinkResult = Annotated[LinkPayload | MutationError, strawberry.union("LinkResult")]

Comment = Annotated[str | None, strawberry.argument(description=COMMENT)]
IdempotencyKey = Annotated[str | None, strawberry.argument(description=IDEMPOTENCY)]


@strawberry.type
class CurationMutation:
    @strawberry.mutation(permission_classes=[CanEdit], description="Create an actor.")
    async def create_actor(
        self,
        info: Info,
        input: ActorInput,
        comment: Comment = None,
        idempotency_key: IdempotencyKey = None,
    ) -> ActorResult:
        call = curation.create(info, "actors", input, comment, idempotency_key)
        return await _result(call, _payload(ActorPayload))

    @strawberry.mutation(permission_classes=[CanEdit], description="Change fields of an actor.")
    async def update_actor(
        self,
        info: Info,
        key: str,
        input: ActorPatch,
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
        key: str,
        sources: Annotated[list[str], strawberry.argument(description=SOURCES)],
        detach: bool = False,
        comment: Comment = None,
        idempotency_key: IdempotencyKey = None,
    ) -> DeleteActorResult:
        call = curation.delete_actor(info, key, detach, sources, comment, idempotency_key)
        return await _result(call, _payload(DeleteActorPayload))

    @strawberry.mutation(
        permission_classes=[CanEdit],
        description="Record an agreement with its parties, framework parent and themes.",
    )
    async def record_agreement(
        self,
        info: Info,
        input: AgreementInput,
        comment: Comment = None,
        idempotency_key: IdempotencyKey = None,
    ) -> AgreementResult:
        call = curation.create(info, "agreements", input, comment, idempotency_key)
        return await _result(call, _payload(AgreementPayload))

    @strawberry.mutation(permission_classes=[CanEdit], description="An actor joins a project.")
    async def add_participation(
        self,
        info: Info,
        input: ParticipationInput,
        comment: Comment = None,
        idempotency_key: IdempotencyKey = None,
    ) -> ParticipationResult:
        call = curation.create(info, "participations", input, comment, idempotency_key)
        return await _result(call, _payload(ParticipationPayload))

    @strawberry.mutation(permission_classes=[CanEdit], description="Record a competency.")
    async def add_competency(
        self,
        info: Info,
        input: CompetencyInput,
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
        input: LinkInput,
        comment: Comment = None,
        idempotency_key: IdempotencyKey = None,
    ) -> LinkResult:
        call = curation.create(info, "links", input, comment, idempotency_key)
        return await _result(call, _payload(LinkPayload))

    @strawberry.mutation(permission_classes=[CanEdit], description="Add a source.")
    async def add_source(
        self,
        info: Info,
        input: SourceInput,
        comment: Comment = None,
        idempotency_key: IdempotencyKey = None,
    ) -> SourceResult:
        call = curation.create(info, "sources", input, comment, idempotency_key)
        return await _result(call, _payload(SourcePayload))
