"""Who is calling: the `Authorization: Bearer` API key or JWT of a request, checked and cached."""

from __future__ import annotations

import hashlib
import time

import jwt

from errors import ClientError, UnauthenticatedError
from graph import keys
from graph.db import Db
from graph.keys import Principal, Role
from settings import Settings

_CACHE_SIZE = 1024


class Authenticator:
    """One per app: verifies credentials, remembering API keys for `auth_cache_seconds`."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._cache: dict[str, tuple[float, Principal | None]] = {}

    async def authenticate(
        self, header: str | None, db: Db
    ) -> tuple[Principal | None, ClientError | None]:
        """(caller, None), (None, None) when anonymous, or (None, why the credential failed)."""
        if not header:
            return None, None
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return None, UnauthenticatedError(
                "The Authorization header must be `Bearer <API key or token>`."
            )
        try:
            if keys.looks_like_key(token):
                principal = await self._api_key(token, db)
                if principal is None:
                    raise UnauthenticatedError("The API key is unknown or revoked.")
                return principal, None
            return self._jwt(token), None
        except ClientError as exc:
            return None, exc

    async def _api_key(self, token: str, db: Db) -> Principal | None:
        digest = hashlib.sha256(token.encode()).hexdigest()
        now = time.monotonic()
        cached = self._cache.get(digest)
        if cached is not None and cached[0] > now:
            return cached[1]
        principal = await keys.principal(db, token)
        if self.settings.auth_cache_seconds > 0:
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            self._cache[digest] = (now + self.settings.auth_cache_seconds, principal)
        return principal

    def _jwt(self, token: str) -> Principal:
        settings = self.settings
        verifier = settings.jwt_secret if settings.jwt_algorithm == "HS256" else None
        verifier = verifier or settings.jwt_public_key
        if settings.jwt_algorithm is None or verifier is None:
            raise UnauthenticatedError(
                "The credential is not a Maillage API key (mlg_...), and this server accepts no "
                "JWTs (MAILLAGE_JWT_ALGORITHM is unset)."
            )
        try:
            claims = jwt.decode(
                token,
                verifier,
                algorithms=[settings.jwt_algorithm],
                audience=settings.jwt_audience,
                options={"require": ["exp", "sub"], "verify_aud": bool(settings.jwt_audience)},
            )
        except jwt.InvalidTokenError as exc:
            raise UnauthenticatedError(f"The token was refused: {exc}.") from None
        try:
            role = Role(str(claims.get("role", "")))
        except ValueError:
            raise UnauthenticatedError(
                f"The token's `role` claim must be one of: {', '.join(Role)}."
            ) from None
        return Principal(name=f"jwt:{claims['sub']}", role=role, method="jwt")
