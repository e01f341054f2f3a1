"""API keys and roles: who a caller is. Only a SHA-256 hash of each key's secret is stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from neo4j import AsyncManagedTransaction
from neo4j.exceptions import ConstraintError

from errors import ConflictError, NotFoundError, ValidationError
from graph import audit
from graph.db import Db

PREFIX = "mlg"
_TOKEN = re.compile(r"^mlg_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._@-]{0,79}$")


class Role(StrEnum):
    """What a caller may do; each role includes the ones before it."""

    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"

    def allows(self, needed: Role) -> bool:
        order = list(Role)
        return order.index(self) >= order.index(needed)


@dataclass(frozen=True)
class Principal:
    """An authenticated caller: the name the audit trail records, and its role."""

    name: str
    role: Role
    method: str = "key"


@dataclass(frozen=True)
class ApiKey:
    """What is stored about a key (never the key itself)."""

    id: str
    name: str
    role: Role
    created_at: dt.datetime
    revoked_at: dt.datetime | None


def check_name(name: str) -> str:
    name = name.strip()
    if not _NAME.match(name):
        raise ValidationError(
            "A key name is 1-80 letters, digits, spaces or . _ @ - and starts with a letter "
            "or digit.",
            field="name",
        )
    return name


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def _key(row: dict[str, Any]) -> ApiKey:
    revoked = row.get("revokedAt")
    return ApiKey(
        id=row["id"],
        name=row["name"],
        role=Role(row["role"]),
        created_at=row["createdAt"].to_native(),
        revoked_at=revoked.to_native() if revoked is not None else None,
    )


_RETURN = "RETURN k {.id, .name, .role, .createdAt, .revokedAt} AS key"


async def create(db: Db, name: str, role: Role, who: str) -> tuple[ApiKey, str]:
    """A new key for `name`; returns it with the token, which is shown once and never stored."""
    name = check_name(name)
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    now = dt.datetime.now(dt.UTC)

    async def work(tx: AsyncManagedTransaction) -> ApiKey:
        result = await tx.run(
            "CREATE (k:ApiKey {id: $id, name: $name, role: $role, hash: $hash, createdAt: $at}) "
            + _RETURN,
            id=key_id,
            name=name,
            role=role.value,
            hash=_hash(secret),
            at=now,
        )
        created = _key((await result.single(strict=True))["key"])
        await audit.record(
            tx,
            audit.Change.new(
                who=who,
                action=audit.Action.CREATE,
                entity="ApiKey",
                entity_key=name,
                after={"name": name, "role": role.value},
                at=now,
            ),
        )
        return created

    try:
        created = await db.write_tx(work)
    except ConstraintError:
        raise ConflictError(
            f"A key named {name!r} exists (names are never reused).", field="name"
        ) from None
    return created, f"{PREFIX}_{key_id}_{secret}"


async def listing(db: Db) -> list[ApiKey]:
    rows = await db.read("MATCH (k:ApiKey) " + _RETURN + " ORDER BY k.createdAt, k.name")
    return [_key(row["key"]) for row in rows]


async def revoke(db: Db, name: str, who: str) -> ApiKey:
    """Revoke the active key called `name`; it stops working (at most a cache period later)."""
    now = dt.datetime.now(dt.UTC)

    async def work(tx: AsyncManagedTransaction) -> ApiKey:
        result = await tx.run(
            "MATCH (k:ApiKey {name: $name}) WHERE k.revokedAt IS NULL "
            "SET k.revokedAt = $at " + _RETURN,
            name=name,
            at=now,
        )
        record = await result.single()
        if record is None:
            raise NotFoundError(f"No active key is named {name!r}.", field="name")
        await audit.record(
            tx,
            audit.Change.new(
                who=who,
                action=audit.Action.DELETE,
                entity="ApiKey",
                entity_key=name,
                before={"name": name, "role": record["key"]["role"]},
                at=now,
            ),
        )
        return _key(record["key"])

    return await db.write_tx(work)


def looks_like_key(token: str) -> bool:
    return token.startswith(PREFIX + "_")


async def principal(db: Db, token: str) -> Principal | None:
    """The caller a key stands for, or None when it is malformed, unknown or revoked."""
    match = _TOKEN.match(token)
    if match is None:
        return None
    key_id, secret = match.groups()
    rows = await db.read(
        "MATCH (k:ApiKey {id: $id}) WHERE k.revokedAt IS NULL RETURN k.name AS name, "
        "k.role AS role, k.hash AS hash",
        id=key_id,
    )
    if not rows or not hmac.compare_digest(rows[0]["hash"], _hash(secret)):
        return None
    return Principal(name=rows[0]["name"], role=Role(rows[0]["role"]))
