"""Hostile requests, one table: each gets its 4xx or GraphQL error, quickly, and never a 500."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field, replace
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from app import create_app
from schema.persisted import sha256_hex
from settings import Settings

QUICK = 1.0
"""Seconds a refusal may take (they are measured in milliseconds; CI machines vary)."""


@dataclass(frozen=True)
class Hostile:
    name: str
    status: int
    code: str | None = None
    method: str = "POST"
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)


def graphql(query: str, variables: dict[str, Any] | None = None, **extra: Any) -> bytes:
    return json.dumps({"query": query, "variables": variables or {}, **extra}).encode()


JSON = {"content-type": "application/json"}


def nest(levels: int) -> str:
    return (
        '{ actor(key: "ctpc") { '
        + "partners { actor { " * levels
        + "key"
        + " } }" * levels
        + " } }"
    )


def fragment_bomb(levels: int, width: int) -> str:
    """Each fragment spreads the next `width` times: width^levels fields, in a few hundred bytes."""
    spreads = [
        f"fragment F{i} on Actor {{ {' '.join([f'...F{i + 1}'] * width)} }}" for i in range(levels)
    ]
    last = f"fragment F{levels} on Actor {{ key name }}"
    return '{ actor(key: "ctpc") { ...F0 } } ' + " ".join(spreads) + " " + last


def alias_bomb(count: int) -> str:
    return "{ " + " ".join(f"a{i}: meta {{ version }}" for i in range(count)) + " }"


def cost_bomb() -> str:
    return """{ actors(first: 100) { nodes { agreements(first: 100) { nodes {
      parties { actor { partners(first: 100) { actor { key } } } } } } } } }"""


CASES = [
    Hostile("deep nesting", 200, "LIMIT_EXCEEDED", body=graphql(nest(12)), headers=JSON),
    Hostile("alias bomb", 200, "LIMIT_EXCEEDED", body=graphql(alias_bomb(500)), headers=JSON),
    Hostile(
        "alias bomb through fragments",
        200,
        "LIMIT_EXCEEDED",
        body=graphql(
            '{ actor(key: "ctpc") { ...A } } fragment A on Actor { '
            + " ".join(f"x{i}: key" for i in range(10))
            + " } "
        ).replace(b"...A }", b"...A ...A ...A ...A }"),
        headers=JSON,
    ),
    Hostile(
        "fragment explosion",
        200,
        "LIMIT_EXCEEDED",
        body=graphql(fragment_bomb(12, 8)),
        headers=JSON,
    ),
    Hostile(
        "fragment cycle",
        200,
        "GRAPHQL_VALIDATION",
        body=graphql(
            '{ actor(key: "ctpc") { ...A } } fragment A on Actor { key ...B } '
            "fragment B on Actor { name ...A }"
        ),
        headers=JSON,
    ),
    Hostile(
        "introspection nesting",
        200,
        "LIMIT_EXCEEDED",
        body=graphql(
            "{ __schema { types { " + "fields { type { " * 10 + "name" + " } }" * 10 + " } } }"
        ),
        headers=JSON,
    ),
    Hostile("cost bomb", 200, "LIMIT_EXCEEDED", body=graphql(cost_bomb()), headers=JSON),
    Hostile(
        "huge first",
        200,
        "LIMIT_EXCEEDED",
        body=graphql("{ actors(first: 1000000) { nodes { key } } }"),
        headers=JSON,
    ),
    Hostile(
        "first beyond Int",
        200,
        "GRAPHQL_VALIDATION",
        body=graphql("{ actors(first: 99999999999) { nodes { key } } }"),
        headers=JSON,
    ),
    Hostile(
        "negative first",
        200,
        "VALIDATION",
        body=graphql("{ actors(first: -5) { nodes { key } } }"),
        headers=JSON,
    ),
    Hostile(
        "too many tokens",
        200,
        "LIMIT_EXCEEDED",
        body=graphql("{ meta { " + "version " * 3000 + "} }"),
        headers=JSON,
    ),
    Hostile(
        "oversized string",
        200,
        "LIMIT_EXCEEDED",
        body=graphql("query ($t: String!) { search(text: $t) { score } }", {"t": "x" * 60_000}),
        headers=JSON,
    ),
    Hostile(
        "oversized string over the body cap",
        413,
        "TOO_LARGE",
        body=graphql("query ($k: String!) { actor(key: $k) { key } }", {"k": "k" * 150_000}),
        headers=JSON,
    ),
    Hostile(
        "huge body", 413, "TOO_LARGE", body=b'{"query": "' + b" " * 200_000 + b'"}', headers=JSON
    ),
    Hostile(
        "batch",
        400,
        "BAD_REQUEST",
        body=json.dumps([{"query": "{ meta { version } }"}] * 50).encode(),
        headers=JSON,
    ),
    Hostile(
        "mutation over GET",
        405,
        "METHOD_NOT_ALLOWED",
        method="GET",
        params={"query": 'mutation { revokeApiKey(name: "x") { __typename } }'},
        headers={"accept": "application/json"},
    ),
    Hostile(
        "text/plain POST (no CORS pre-flight)",
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        body=graphql("{ meta { version } }"),
        headers={"content-type": "text/plain"},
    ),
    Hostile(
        "form POST",
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        body=b"query=%7B+meta+%7B+version+%7D+%7D",
        headers={"content-type": "application/x-www-form-urlencoded"},
    ),
    Hostile(
        "multipart POST",
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        body=b"--b\r\n\r\nx\r\n--b--\r\n",
        headers={"content-type": "multipart/form-data; boundary=b"},
    ),
    Hostile("no content type", 415, "UNSUPPORTED_MEDIA_TYPE", body=graphql("{ meta { version } }")),
    Hostile("broken JSON", 400, body=b'{"query": "{ meta', headers=JSON),
    Hostile("query not a string", 400, body=b'{"query": {"a": 1}}', headers=JSON),
    Hostile(
        "unknown persisted hash",
        200,
        "PERSISTED_QUERY_NOT_FOUND",
        body=json.dumps(
            {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": sha256_hex("nope")}}}
        ).encode(),
        headers=JSON,
    ),
    Hostile("PUT", 405, method="PUT", body=graphql("{ meta { version } }"), headers=JSON),
    Hostile(
        "bad credential",
        200,
        "UNAUTHENTICATED",
        body=graphql("{ meta { version } }"),
        headers={**JSON, "authorization": "Bearer mlg_000000000000_" + "A" * 43},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
async def test_hostile_request_is_refused_quickly(client: httpx.AsyncClient, case: Hostile) -> None:
    started = time.perf_counter()
    response = await client.request(
        case.method, "/graphql", content=case.body, headers=case.headers, params=case.params
    )
    elapsed = time.perf_counter() - started
    assert response.status_code == case.status, response.text[:500]
    assert elapsed < QUICK, f"{case.name} took {elapsed:.3f}s"
    if case.code is not None:
        errors = response.json()["errors"]
        assert errors[0]["extensions"]["code"] == case.code, errors
    if response.headers.get("content-type", "").startswith("application/json"):
        body = response.json()
        codes = [e.get("extensions", {}).get("code") for e in (body.get("errors") or [])]
        assert "INTERNAL" not in codes


async def test_a_streamed_body_over_the_cap_is_413(client: httpx.AsyncClient) -> None:
    async def chunks() -> Any:
        yield b'{"query": "'
        for _ in range(30):
            yield b" " * 10_000
        yield b'"}'

    response = await client.post("/graphql", content=chunks(), headers=JSON)
    assert response.status_code == 413


async def test_a_query_string_over_the_cap_is_414(settings: Settings) -> None:
    app = create_app(replace(settings, max_body_bytes=2048))
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://m") as client:
            query = "{ meta { version } }" + " " * 5000
            response = await client.get("/graphql", params={"query": query})
    assert response.status_code == 414
