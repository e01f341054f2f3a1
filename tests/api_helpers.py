"""Shared helpers of the API tests: run an operation, read its data, codes and Cypher trace."""

from __future__ import annotations

import base64
from typing import Any, LiteralString

import httpx
from neo4j import AsyncDriver

from settings import Settings
from tests.conftest import gql

CTIS = frozenset(
    {"ctpc", "cetemco", "cerimme", "cetiev", "cetia", "ctth", "cmtc", "ctiba", "ceric"}
)
FRAMEWORK = "framework-2025-10-16"
PROTOCOL = "protocol-ctpc-cid-capgemini-2025"


async def data(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The `data` of an operation that must succeed."""
    body = await gql(client, query, variables)
    assert "errors" not in body, body["errors"]
    result: dict[str, Any] = body["data"]
    return result


async def codes(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None
) -> list[str]:
    """The `extensions.code` of each error of an operation that must fail."""
    body = await gql(client, query, variables)
    assert body.get("errors"), body
    return [str(error["extensions"]["code"]) for error in body["errors"]]


def keys(items: list[dict[str, Any]]) -> list[str]:
    return [str(item["key"]) for item in items]


def global_id(label: str, key: str) -> str:
    """The Relay id the API gives a node (base64url of `label:key`)."""
    return base64.urlsafe_b64encode(f"{label}:{key}".encode()).decode("ascii").rstrip("=")


async def cypher(
    driver: AsyncDriver, settings: Settings, statement: LiteralString, **params: Any
) -> list[dict[str, Any]]:
    """Ask Neo4j directly, to check the API against the graph."""
    records, _, _ = await driver.execute_query(statement, params, database_=settings.neo4j_database)
    return [record.data() for record in records]


ACTOR_KEYS = "query ($where: ActorWhere) { actors(first: 100, where: $where) { nodes { key } } }"


async def actor_keys(client: httpx.AsyncClient, where: dict[str, Any]) -> set[str]:
    found = await data(client, ACTOR_KEYS, {"where": where})
    return set(keys(found["actors"]["nodes"]))
