"""Fuzzing from the live schema: generated operations never get a 500 or an unmasked error,
and Cypher-injection strings in every string argument are only ever data."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Any

import graphql
import httpx
import pytest
from asgi_lifespan import LifespanManager
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema
from neo4j import AsyncDriver

from app import create_app
from graph.db import Db
from settings import Settings
from tests.curation_helpers import cypher

CASES = 500
KNOWN_CODES = frozenset(
    {
        "BAD_REQUEST", "BAD_CURSOR", "CONFLICT", "DATABASE_UNAVAILABLE", "FORBIDDEN",
        "GRAPHQL_VALIDATION", "LIMIT_EXCEEDED", "NOT_FOUND", "TIMEOUT", "UNAUTHENTICATED",
        "VALIDATION",
    }
)  # fmt: skip
INJECTIONS = (
    "' OR 1=1 //",
    '" OR true RETURN n //',
    "x'}) MATCH (n) DETACH DELETE n //",
    'x"}) MATCH (n) DETACH DELETE n //',
    "`) DETACH DELETE n //",
    "ctpc' WITH 1 AS x CALL db.labels() YIELD label RETURN label //",
    "') RETURN 1 UNION MATCH (n) RETURN n //",
    "$key",
    "{key: 'ctpc'}",
    "\\' OR \\'1\\'=\\'1",
    "MERGE (:Pwned)",
    "CREATE (:Pwned {at: datetime()})",
    "*/ MATCH (n) SET n.pwned = true /*",
    "ctpc\u0000",
    "\u202e\u0000\ufffd",
    "a" * 5000,
    "",
)
STRINGS = st.one_of(st.sampled_from(INJECTIONS), st.text(max_size=40))


def _node(value: str) -> graphql.ValueNode:
    return graphql.StringValueNode(value=value)


SCALARS = {
    "String": STRINGS.map(_node),
    "ID": STRINGS.map(_node),
    # Small pages keep 500 cases fast; huge and negative ones are the hostile table's job.
    "Int": st.integers(min_value=-2, max_value=12).map(
        lambda n: graphql.IntValueNode(value=str(n))
    ),
    "Date": st.sampled_from(["2025-10-16", "1900-01-01", "2025-02-30", "x"]).map(_node),
    "DateTime": st.sampled_from(["2025-10-16T10:00:00Z", "yesterday"]).map(_node),
    "JSON": STRINGS.map(_node),
}


@pytest.fixture
async def fuzz_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    # A small cost budget keeps generated operations cheap for the database.
    app = create_app(replace(settings, rate_limit=0, max_cost=20_000, debug_cypher=False))
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://fuzz") as client:
            yield client


async def live_schema(client: httpx.AsyncClient) -> graphql.GraphQLSchema:
    response = await client.post("/graphql", json={"query": graphql.get_introspection_query()})
    return graphql.build_client_schema(response.json()["data"])


def generated(schema: graphql.GraphQLSchema, count: int) -> list[str]:
    found: list[str] = []

    @hypothesis_settings(
        max_examples=count,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(from_schema(schema, custom_scalars=SCALARS))
    def collect(operation: str) -> None:
        found.append(operation)

    collect()
    return found


async def graph_size(driver: AsyncDriver, settings: Settings) -> tuple[int, int]:
    rows = await cypher(
        driver,
        settings,
        "MATCH (n) WITH count(n) AS nodes "
        "RETURN nodes, COUNT { ()-[]->() } AS links, COUNT { (:Pwned) } AS pwned",
    )
    assert rows[0]["pwned"] == 0
    return int(rows[0]["nodes"]), int(rows[0]["links"])


def assert_clean(operation: str, response: httpx.Response) -> None:
    assert response.status_code < 500, (operation, response.text[:500])
    if response.status_code != 200:
        return
    for error in response.json().get("errors") or []:
        code = error.get("extensions", {}).get("code")
        assert code in KNOWN_CODES, (operation, error)
        assert "Traceback" not in error["message"], (operation, error)
        assert "Neo" not in error["message"], (operation, error)


async def test_generated_operations_never_fail_the_server(
    fuzz_client: httpx.AsyncClient, seeded: Db, driver: AsyncDriver, settings: Settings
) -> None:
    schema = await live_schema(fuzz_client)
    before = await graph_size(driver, settings)
    operations = generated(schema, CASES)
    assert len(operations) == CASES
    for operation in operations:
        assert_clean(operation, await fuzz_client.post("/graphql", json={"query": operation}))
    assert await graph_size(driver, settings) == before


def string_arguments(schema: graphql.GraphQLSchema) -> list[tuple[str, str]]:
    """(root field, argument) for every String or ID argument of every root query field."""
    query = schema.query_type
    assert query is not None
    found = []
    for name, definition in query.fields.items():
        for argument, spec in definition.args.items():
            named = graphql.get_named_type(spec.type)
            if getattr(named, "name", None) in ("String", "ID"):
                found.append((name, argument))
    return found


FILLERS = {
    "String": '"ctpc"',
    "ID": '"ctpc"',
    "Boolean": "true",
    "Int": "1",
    "Float": "1.0",
    "Date": '"2025-01-01"',
    "DateTime": '"2025-01-01T00:00:00Z"',
}


def probe(schema: graphql.GraphQLSchema, field: str, argument: str) -> tuple[str, dict[str, Any]]:
    """An operation putting `$s` in `field(argument:)`, other required arguments filled."""
    query = schema.query_type
    assert query is not None
    definition = query.fields[field]
    values = []
    for name, spec in definition.args.items():
        named = graphql.get_named_type(spec.type)
        if name == argument:
            is_list = isinstance(graphql.get_nullable_type(spec.type), graphql.GraphQLList)
            values.append(f"{name}: {'[$s]' if is_list else '$s'}")
        elif isinstance(spec.type, graphql.GraphQLNonNull):
            if isinstance(named, graphql.GraphQLEnumType):
                values.append(f"{name}: {next(iter(named.values))}")
            else:
                values.append(f"{name}: {FILLERS[named.name]}")
    returned = graphql.get_named_type(definition.type)
    selection = "" if isinstance(returned, graphql.GraphQLScalarType) else " { __typename }"
    kind = graphql.get_named_type(definition.args[argument].type)
    text = f"query ($s: {kind}!) {{ {field}({', '.join(values)}){selection} }}"
    return text, {}


async def test_injection_strings_are_data_in_every_string_argument(
    fuzz_client: httpx.AsyncClient, seeded: Db, driver: AsyncDriver, settings: Settings
) -> None:
    schema = await live_schema(fuzz_client)
    before = await graph_size(driver, settings)
    targets = string_arguments(schema)
    assert len(targets) >= 10
    for field, argument in targets:
        text, _ = probe(schema, field, argument)
        for injection in INJECTIONS:
            response = await fuzz_client.post(
                "/graphql", json={"query": text, "variables": {"s": injection}}
            )
            assert_clean(text, response)
            errors = response.json().get("errors") or []
            assert all(e["extensions"]["code"] != "GRAPHQL_VALIDATION" for e in errors), (
                text,
                errors,
            )
    assert await graph_size(driver, settings) == before
