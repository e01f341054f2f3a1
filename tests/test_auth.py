"""Who may do what: API keys, roles, anonymous reads, JWTs and the `maillage keys` command."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import httpx
import jwt
import pytest
from asgi_lifespan import LifespanManager
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from neo4j import AsyncDriver
from typer.testing import CliRunner

from app import create_app
from errors import SettingsError
from graph import keys
from graph.db import Db
from graph.keys import Role
from scripts.cli import app as cli
from settings import Settings
from tests.curation_helpers import call, codes, cypher, new_key, result

pytestmark = pytest.mark.usefixtures("curation_undone")

SECRET = "s" * 40

CREATE = """
mutation ($key: String!) {
  createActor(input: {key: $key, kind: COMPANY, nameFr: "Essai", nameEn: "Trial",
                      sources: ["article-2025-10-16"]}) {
    ... on ActorPayload { actor { key } change { who } }
    ... on MutationError { code }
  }
}
"""
READ = "{ actors(first: 1) { nodes { key } } }"


async def serve(settings: Settings, **changes: Any) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(replace(settings, **changes))
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://m") as client:
            yield client


@pytest.fixture
async def closed(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A server without anonymous reads and without a key cache."""
    async for client in serve(settings, anonymous_read=False, auth_cache_seconds=0):
        yield client


@pytest.fixture
async def with_jwt(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async for client in serve(settings, jwt_algorithm="HS256", jwt_secret=SECRET):
        yield client


async def exists(driver: AsyncDriver, settings: Settings, key: str) -> bool:
    rows = await cypher(driver, settings, "RETURN COUNT { (:Actor {key: $key}) } AS n", key=key)
    return bool(rows[0]["n"])


async def test_no_key_and_a_viewer_key_cannot_write(
    client: httpx.AsyncClient, seeded: Db, driver: AsyncDriver, settings: Settings
) -> None:
    anonymous = await call(client, CREATE, {"key": "intruder"})
    assert codes(anonymous) == ["UNAUTHENTICATED"]
    assert anonymous["data"] is None
    viewer = await call(client, CREATE, {"key": "intruder"}, await new_key(seeded, Role.VIEWER))
    assert codes(viewer) == ["FORBIDDEN"]
    assert not await exists(driver, settings, "intruder")


async def test_an_editor_writes_and_is_named_in_the_audit(
    client: httpx.AsyncClient, seeded: Db, driver: AsyncDriver, settings: Settings
) -> None:
    token = await new_key(seeded, Role.EDITOR)
    payload = result(await call(client, CREATE, {"key": "trial"}, token), "createActor")
    assert payload["actor"] == {"key": "trial"}
    rows = await cypher(
        driver, settings, "MATCH (c:Change {entityKey: 'trial'}) RETURN c.who AS who"
    )
    assert rows == [{"who": payload["change"]["who"]}]
    assert rows[0]["who"].startswith("test-editor-")


async def test_bad_credentials_are_refused_even_for_reads(
    client: httpx.AsyncClient, seeded: Db
) -> None:
    token = await new_key(seeded, Role.EDITOR)
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    for header in (f"Bearer {forged}", "Bearer mlg_nonsense", f"Basic {token}", "Bearer "):
        response = await client.post(
            "/graphql", json={"query": READ}, headers={"authorization": header}
        )
        assert [e["extensions"]["code"] for e in response.json()["errors"]] == [
            "UNAUTHENTICATED"
        ], header


async def test_anonymous_reads_can_be_turned_off(closed: httpx.AsyncClient, seeded: Db) -> None:
    assert codes(await call(closed, READ)) == ["UNAUTHENTICATED"]
    assert result(await call(closed, "{ __typename }"), "__typename") == "Query"
    viewer = await new_key(seeded, Role.VIEWER)
    assert result(await call(closed, READ, token=viewer), "actors")["nodes"]


async def test_a_revoked_key_stops_working(closed: httpx.AsyncClient, seeded: Db) -> None:
    name = "to-revoke"
    _, token = await keys.create(seeded, name, Role.VIEWER, "tests")
    assert "errors" not in await call(closed, READ, token=token)
    revoked = await keys.revoke(seeded, name, "tests")
    assert revoked.revoked_at is not None
    assert codes(await call(closed, READ, token=token)) == ["UNAUTHENTICATED"]


async def test_keys_store_only_a_hash(seeded: Db, driver: AsyncDriver, settings: Settings) -> None:
    _, token = await keys.create(seeded, "hash-only", Role.EDITOR, "tests")
    rows = await cypher(
        driver, settings, "MATCH (k:ApiKey {name: 'hash-only'}) RETURN properties(k) AS p"
    )
    stored = rows[0]["p"]
    assert token not in str(stored)
    assert token.split("_", 2)[2] not in str(stored)  # the secret (it may hold "_")
    assert len(stored["hash"]) == 64


API_KEYS = """
mutation ($name: String!, $role: Role!) {
  createApiKey(name: $name, role: $role) {
    ... on ApiKeyPayload { token apiKey { name role revokedAt } }
    ... on MutationError { code fields { path } }
  }
}
"""


async def test_admins_manage_keys_through_the_api(
    closed: httpx.AsyncClient, seeded: Db, driver: AsyncDriver, settings: Settings
) -> None:
    admin = await new_key(seeded, Role.ADMIN)
    editor = await new_key(seeded, Role.EDITOR)
    refused = await call(closed, API_KEYS, {"name": "analyst", "role": "EDITOR"}, editor)
    assert codes(refused) == ["FORBIDDEN"]

    made = result(
        await call(closed, API_KEYS, {"name": "analyst", "role": "EDITOR"}, admin), "createApiKey"
    )
    assert made["apiKey"] == {"name": "analyst", "role": "EDITOR", "revokedAt": None}
    written = result(
        await call(closed, CREATE, {"key": "by-analyst"}, made["token"]), "createActor"
    )
    assert written["change"]["who"] == "analyst"

    again = await call(closed, API_KEYS, {"name": "analyst", "role": "VIEWER"}, admin)
    assert result(again, "createApiKey")["code"] == "CONFLICT"
    listed = result(await call(closed, "{ apiKeys { name role } }", token=admin), "apiKeys")
    assert {"name": "analyst", "role": "EDITOR"} in listed
    assert codes(await call(closed, "{ apiKeys { name } }", token=editor)) == ["FORBIDDEN"]

    revoke = 'mutation { revokeApiKey(name: "analyst") { ... on ApiKeyPayload { token } } }'
    assert result(await call(closed, revoke, token=admin), "revokeApiKey") == {"token": None}
    assert codes(await call(closed, READ, token=made["token"])) == ["UNAUTHENTICATED"]


def _jwt(claims: dict[str, Any], key: Any = SECRET, algorithm: str = "HS256") -> str:
    exp = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)
    return jwt.encode({"exp": exp, **claims}, key, algorithm=algorithm)


async def test_a_jwt_from_an_identity_provider_is_accepted(
    with_jwt: httpx.AsyncClient, driver: AsyncDriver, settings: Settings
) -> None:
    token = _jwt({"sub": "alice", "role": "editor"})
    payload = result(await call(with_jwt, CREATE, {"key": "by-alice"}, token), "createActor")
    assert payload["change"]["who"] == "jwt:alice"
    expired = _jwt({"sub": "alice", "role": "editor", "exp": 1})
    forged = _jwt({"sub": "alice", "role": "editor"}, key="x" * 40)
    no_role = _jwt({"sub": "alice"})
    for bad in (expired, forged, no_role):
        assert codes(await call(with_jwt, CREATE, {"key": "nope"}, bad)) == ["UNAUTHENTICATED"]
    viewer = _jwt({"sub": "bob", "role": "viewer"})
    assert codes(await call(with_jwt, CREATE, {"key": "nope"}, viewer)) == ["FORBIDDEN"]
    assert not await exists(driver, settings, "nope")


async def test_rs256_tokens_are_checked_with_the_public_key(settings: Settings) -> None:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    async for client in serve(
        settings, jwt_algorithm="RS256", jwt_public_key=public.decode(), jwt_audience="maillage"
    ):
        good = _jwt({"sub": "c", "role": "viewer", "aud": "maillage"}, private, "RS256")
        assert "errors" not in await call(client, READ, token=good)
        other = _jwt({"sub": "c", "role": "viewer", "aud": "other"}, private, "RS256")
        assert codes(await call(client, READ, token=other)) == ["UNAUTHENTICATED"]
        hs = _jwt({"sub": "c", "role": "viewer", "aud": "maillage"})
        assert codes(await call(client, READ, token=hs)) == ["UNAUTHENTICATED"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MAILLAGE_JWT_ALGORITHM": "HS256"}, "MAILLAGE_JWT_SECRET"),
        ({"MAILLAGE_JWT_SECRET": "short"}, "32\\+ chars"),
        ({"MAILLAGE_JWT_ALGORITHM": "RS256"}, "MAILLAGE_JWT_PUBLIC_KEY"),
        ({"MAILLAGE_JWT_ALGORITHM": "none", "MAILLAGE_JWT_SECRET": SECRET}, "must be one of"),
        ({"MAILLAGE_JWT_PUBLIC_KEY": "/no/such.pem"}, "readable PEM"),
        ({"MAILLAGE_ANONYMOUS_READ": "perhaps"}, "not a boolean"),
    ],
)
def test_bad_auth_settings_are_refused(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(env)


def test_auth_defaults() -> None:
    settings = Settings.from_env({})
    assert settings.anonymous_read is True
    assert settings.jwt_algorithm is None
    assert "s" * 40 not in repr(Settings.from_env({"MAILLAGE_JWT_SECRET": SECRET}))


def test_the_keys_command_creates_lists_and_revokes(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEO4J_URI", settings.uri)
    monkeypatch.setenv("NEO4J_PASSWORD", settings.password())
    monkeypatch.setenv("NEO4J_DATABASE", settings.neo4j_database)
    runner = CliRunner()
    made = runner.invoke(cli, ["keys", "create", "--name", "cli-analyst", "--role", "editor"])
    assert made.exit_code == 0, made.output
    token = made.stdout.strip().splitlines()[-1]
    assert token.startswith("mlg_")
    listed = runner.invoke(cli, ["keys", "list"])
    assert "cli-analyst" in listed.stdout
    assert token not in listed.stdout
    assert runner.invoke(cli, ["keys", "revoke", "cli-analyst"]).exit_code == 0
    twice = runner.invoke(cli, ["keys", "revoke", "cli-analyst"])
    assert twice.exit_code == 1
    assert "No active key" in twice.stderr
    bad = runner.invoke(cli, ["keys", "create", "--name", "x", "--role", "owner"])
    assert bad.exit_code == 2
