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
from schema.permissions import CanAdmin


@strawberry.enum(description="viewer reads; editor also writes data; admin also manages keys.")
class Role(StrEnum):
    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"


@strawberry.type(description="An API key as stored: never the key itself, only its hash.")
class ApiKey:
    name: str
    role: Role
    created_at: dt.datetime
    revoked_at: dt.datetime | None

    @classmethod
    def of(cls, key: keys.ApiKey) -> ApiKey:
        return cls(
            name=key.name,
            role=Role(key.role.value),
            created_at=key.created_at,
            revoked_at=key.revoked_at,
        )


@strawberry.type
class ApiKeyPayload:
    api_key: ApiKey
    token: str | None = strawberry.field(
        description="The key to send as `Authorization: Bearer <token>`; shown only once."
    )


ApiKeyResult = Annotated[ApiKeyPayload | MutationError, strawberry.union("ApiKeyResult")]


@strawberry.type
class KeyQuery:
    @strawberry.field(permission_classes=[CanAdmin], description="Every API key (admin).")
    async def api_keys(self, info: Info) -> list[ApiKey]:
        return [ApiKey.of(key) for key in await curation.api_keys(info)]


@strawberry.type
class KeyMutation:
    @strawberry.mutation(
        permission_classes=[CanAdmin], description="Create an API key (admin); names are unique."
    )
    async def create_api_key(self, info: Info, name: str, role: Role) -> ApiKeyResult:
        try:
            key, token = await curation.create_api_key(info, name, keys.Role(role.value))
        except (ValidationError, ConflictError) as error:
            return MutationError.of(error)
        return ApiKeyPayload(api_key=ApiKey.of(key), token=token)

    @strawberry.mutation(
        permission_classes=[CanAdmin],
        description="Revoke an API key (admin); it stops working within the auth cache time.",
    )
    async def revoke_api_key(self, info: Info, name: str) -> ApiKeyResult:
        try:
            key = await curation.revoke_api_key(info, name)
        except NotFoundError as error:
            return MutationError.of(error)
        return ApiKeyPayload(api_key=ApiKey.of(key), token=None)
