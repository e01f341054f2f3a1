"""API keys in the API: admins list, create and revoke them (the CLI does the same)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

import strawberry

from errors import ConflictError, NotFoundError, ValidationError
from graph import keys
from resolvers import curation
from schema.context import Info
from schema.curation import MutationError
from schema.enums import describe_values
from schema.permissions import CanAdmin


@strawberry.enum(
    description="What an API key may do: VIEWER reads, EDITOR also writes, ADMIN also manages keys."
)
class Role(StrEnum):
    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"


describe_values(Role, {
    "VIEWER": "Reads the graph.",
    "EDITOR": "Reads, and writes data through the curation mutations.",
    "ADMIN": "Everything an editor does, and manages API keys.",
})  # fmt: skip


@strawberry.type(description="An API key as stored: never the key itself, only its hash.")
class ApiKey:
    name: str = strawberry.field(description="Its unique name, chosen at creation.")
    role: Role = strawberry.field(description="What it may do.")
    created_at: dt.datetime = strawberry.field(description="When it was created (ISO 8601, UTC).")
    revoked_at: dt.datetime | None = strawberry.field(
        description="When it was revoked (ISO 8601, UTC); null while it works."
    )

    @classmethod
    def of(cls, key: keys.ApiKey) -> ApiKey:
        return cls(
            name=key.name,
            role=Role(key.role.value),
            created_at=key.created_at,
            revoked_at=key.revoked_at,
        )


@strawberry.type(description="An API key created or revoked.")
class ApiKeyPayload:
    api_key: ApiKey = strawberry.field(description="The key as stored.")
    token: str | None = strawberry.field(
        description="The key to send as `Authorization: Bearer <token>`; shown only once."
    )


ApiKeyResult = Annotated[
    ApiKeyPayload | MutationError,
    strawberry.union(
        "ApiKeyResult", description="The key, or a MutationError (VALIDATION, NOT_FOUND, CONFLICT)."
    ),
]


@strawberry.type(description="Who is calling: the holder of the credential sent, and its role.")
class Caller:
    name: str = strawberry.field(description="The name the audit trail records for this caller.")
    role: Role = strawberry.field(description="What the caller may do.")


@strawberry.type
class KeyQuery:
    @strawberry.field(
        description="The caller of this request; null when no credential is sent. "
        "A refused credential is UNAUTHENTICATED."
    )
    def me(self, info: Info) -> Caller | None:
        principal = info.context.principal
        if principal is None:
            return None
        return Caller(name=principal.name, role=Role(principal.role.value))

    @strawberry.field(permission_classes=[CanAdmin], description="Every API key (admin).")
    async def api_keys(self, info: Info) -> list[ApiKey]:
        return [ApiKey.of(key) for key in await curation.api_keys(info)]


@strawberry.type
class KeyMutation:
    @strawberry.mutation(
        permission_classes=[CanAdmin], description="Create an API key (admin); names are unique."
    )
    async def create_api_key(
        self,
        info: Info,
        name: Annotated[
            str,
            strawberry.argument(
                description="1 to 80 letters, digits, spaces or . _ @ -, starting with a letter "
                "or digit; a name in use: CONFLICT."
            ),
        ],
        role: Annotated[Role, strawberry.argument(description="What the key may do.")],
    ) -> ApiKeyResult:
        try:
            key, token = await curation.create_api_key(info, name, keys.Role(role.value))
        except (ValidationError, ConflictError) as error:
            return MutationError.of(error)
        return ApiKeyPayload(api_key=ApiKey.of(key), token=token)

    @strawberry.mutation(
        permission_classes=[CanAdmin],
        description="Revoke an API key (admin); it stops working within the auth cache time.",
    )
    async def revoke_api_key(
        self,
        info: Info,
        name: Annotated[
            str, strawberry.argument(description="Name of the key; unknown: NOT_FOUND.")
        ],
    ) -> ApiKeyResult:
        try:
            key = await curation.revoke_api_key(info, name)
        except NotFoundError as error:
            return MutationError.of(error)
        return ApiKeyPayload(api_key=ApiKey.of(key), token=None)
