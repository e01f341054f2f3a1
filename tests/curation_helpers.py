"""Helpers of the curation tests: API keys, authenticated calls, and a clean graph afterwards."""

from __future__ import annotations

import uuid
from typing import Any, LiteralString

import httpx
from neo4j import AsyncDriver

from graph import counts, keys
from graph.db import Db
from graph.keys import Role
from settings import Settings


async def new_key(db: Db, role: Role) -> str:
    """A fresh key of `role` (its name is unique, as names are never reused)."""
    _, token = await keys.create(db, f"test-{role}-{uuid.uuid4().hex[:8]}", role, "tests")
    return token


async def call(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any] | None = None,
    token: str | None = None,
) -> dict[str, Any]:
    """POST an operation, with `Authorization: Bearer <token>` when a token is given."""
    headers = {"authorization": f"Bearer {token}"} if token else {}
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
    )
    assert response.status_code in (200, 400), response.text
    body: dict[str, Any] = response.json()
    return body


def result(body: dict[str, Any], field: str) -> Any:
    """The value of root field `field` of an operation without top-level errors."""
    assert "errors" not in body, body["errors"]
    return body["data"][field]


def codes(body: dict[str, Any]) -> list[str]:
    assert body.get("errors"), body
    return [str(error["extensions"]["code"]) for error in body["errors"]]


async def cypher(
    driver: AsyncDriver, settings: Settings, statement: LiteralString, **params: Any
) -> list[dict[str, Any]]:
    records, _, _ = await driver.execute_query(statement, params, database_=settings.neo4j_database)
    return [record.data() for record in records]


async def forget_curation(driver: AsyncDriver, settings: Settings) -> None:
    """Remove every curated item, change, idempotency record and key, and the kept broker
    ranking: the seed graph remains."""
    for statement in (
        "MATCH ()-[r]->() WHERE r.dataset = 'curated' DELETE r",
        "MATCH (n) WHERE n.dataset = 'curated' DETACH DELETE n",
        "MATCH (n) WHERE n:Change OR n:IdempotencyKey OR n:ApiKey OR n:BrokerScores "
        "DETACH DELETE n",
    ):
        await driver.execute_query(statement, database_=settings.neo4j_database)
    # Deleted behind the write path's back: the kept counts are recounted.
    await counts.everything(Db(driver, settings.neo4j_database, settings.query_timeout))
