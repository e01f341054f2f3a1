"""Limits before execution (depth, aliases, tokens, cost per role), persisted queries,
production mode, timeouts and settings: each against the real app and Neo4j."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from graphql import parse

from app import create_app
from errors import QueryTimeoutError, SettingsError
from graph.db import Db
from graph.keys import Role
from schema import persisted
from schema.cost import CostModel, estimate
from schema.limits import Accepted, Costs, measure
from schema.persisted import PersistedQueries, PersistedQueryError, load_allowlist, sha256_hex
from schema.root import build_schema
from settings import Settings
from tests.curation_helpers import forget_curation, new_key

MODEL = CostModel(default_page=20, max_page=100)
SCHEMA = build_schema()._schema


async def post(client: httpx.AsyncClient, body: Any, **headers: str) -> httpx.Response:
    return await client.post("/graphql", json=body, headers=headers)


def error_of(response: httpx.Response) -> dict[str, Any]:
    errors = response.json()["errors"]
    assert len(errors) == 1, errors
    error: dict[str, Any] = errors[0]
    return error


@asynccontextmanager
async def app_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    async with LifespanManager(create_app(settings)) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://m") as client:
            yield client


# -- measures -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "depth"),
    [
        ("{ meta { version } }", 1),
        ('{ actor(key: "x") { key } }', 1),
        ("{ actors { edges { node { key } } } }", 1),
        ("{ actors { nodes { city { region { name } } } } }", 3),
        ("{ a { ...F } } fragment F on T { b { c } }", 2),
    ],
)
def test_depth_counts_levels_below_the_root_but_not_connection_plumbing(
    query: str, depth: int
) -> None:
    assert measure(parse(query)).depth == depth


def test_aliases_count_once_per_spread_of_a_fragment() -> None:
    document = parse("{ a: x { ...F } b: x { ...F } } fragment F on T { c: y d: y }")
    assert measure(document).aliases == 6


def test_fragment_chains_are_measured_once_each() -> None:
    # 30 levels of ten spreads each: 10^30 paths if walked naively.
    levels = [f"fragment F{i} on T {{ {' '.join([f'...F{i + 1}'] * 10)} }}" for i in range(30)]
    document = parse("{ x { ...F0 } } " + " ".join(levels) + " fragment F30 on T { k: y }")
    started = time.perf_counter()
    found = measure(document)
    assert found.aliases == 10**30
    assert time.perf_counter() - started < 0.1


def test_fragment_cycles_end() -> None:
    document = parse("{ x { ...A } } fragment A on T { y { ...B } } fragment B on T { ...A }")
    assert measure(document).depth == 1


def cost_of(query: str, variables: dict[str, Any] | None = None) -> int:
    return estimate(SCHEMA, parse(query), None, variables or {}, MODEL)


def test_cost_multiplies_fields_by_requested_pages() -> None:
    assert cost_of("{ meta { version } }") == 2
    # actors + 10 * (nodes + key): the connection's nodes are the page, counted once.
    assert cost_of("{ actors(first: 10) { nodes { key } } }") == 21
    assert cost_of("query ($n: Int) { actors(first: $n) { nodes { key } } }", {"n": 10}) == 21
    assert cost_of("{ actors { nodes { key } } }") == 1 + 20 * 2  # the default page
    assert cost_of("{ actors(first: 100000) { nodes { key } } }") == 1 + 100 * 2  # capped


def test_cost_counts_unpaged_lists_and_network_hops() -> None:
    assert cost_of('{ actor(key: "x") { sectors { key } } }') == 1 + (1 + 2 * 1)
    one = cost_of('{ neighbourhood(key: "x", depth: 1, limit: 10) { nodes { key } } }')
    three = cost_of('{ neighbourhood(key: "x", depth: 3, limit: 10) { nodes { key } } }')
    assert three - 1 == 3 * (one - 1)


def test_cost_of_a_fragment_equals_its_inline_text() -> None:
    inline = cost_of("{ actors(first: 5) { nodes { key sectors { key } } } }")
    spread = cost_of(
        "{ actors(first: 5) { nodes { ...A } } } fragment A on Actor { key sectors { key } }"
    )
    assert inline == spread


# -- refusals through the app -------------------------------------------------------------

HEAVY = """{ actors(first: 100) { nodes { agreements(first: 100) { nodes {
  parties { actor { agreements(first: 100) { nodes { key } } } } } } } } }"""


async def test_over_budget_is_refused_with_value_and_limit(client: httpx.AsyncClient) -> None:
    started = time.perf_counter()
    response = await post(client, {"query": HEAVY})
    error = error_of(response)
    assert error["extensions"]["code"] == "LIMIT_EXCEEDED"
    assert error["extensions"]["measure"] == "cost"
    assert error["extensions"]["value"] == cost_of(HEAVY)
    assert error["extensions"]["limit"] == 500_000
    assert f"is {cost_of(HEAVY)}; the limit is 500000" in error["message"]
    assert response.json()["extensions"]["cypher"]["roundTrips"] == 0
    assert time.perf_counter() - started < 1.0


async def test_trusted_roles_get_the_larger_budget(settings: Settings, seeded: Db) -> None:
    query = "{ actors(first: 50) { nodes { key agreements(first: 50) { nodes { key } } } } }"
    small = replace(settings, max_cost=1000, max_cost_trusted=20_000)
    viewer = await new_key(seeded, Role.VIEWER)
    editor = await new_key(seeded, Role.EDITOR)
    try:
        async with app_client(small) as client:
            for token, allowed in ((None, False), (viewer, False), (editor, True)):
                headers = {"authorization": f"Bearer {token}"} if token else {}
                body = (await post(client, {"query": query}, **headers)).json()
                assert ("errors" not in body) is allowed, body
                if not allowed:
                    assert body["errors"][0]["extensions"]["limit"] == 1000
    finally:
        await forget_curation(seeded.driver, settings)


@pytest.mark.parametrize(
    ("query", "measured"),
    [
        ("{ meta { version } }".replace("version", "version " * 2100), "tokens"),
        ("{ " + " ".join(f"a{i}: meta {{ version }}" for i in range(31)) + " }", "aliases"),
        (
            '{ actor(key: "ctpc") { ' + "partners { actor { " * 6 + "key" + " } }" * 6 + " } }",
            "depth",
        ),
    ],
)
async def test_shape_limits(client: httpx.AsyncClient, query: str, measured: str) -> None:
    error = error_of(await post(client, {"query": query}))
    assert error["extensions"]["code"] == "LIMIT_EXCEEDED"
    assert error["extensions"]["measure"] == measured
    assert error["extensions"]["value"] > error["extensions"]["limit"]


async def test_introspection_gets_its_own_depth(client: httpx.AsyncClient) -> None:
    from graphql import get_introspection_query

    body = (await post(client, {"query": get_introspection_query()})).json()
    assert "errors" not in body
    deep = "{ __schema { types { " + "fields { type { " * 8 + "name" + " } }" * 8 + " } } }"
    error = error_of(await post(client, {"query": deep}))
    assert error["extensions"]["measure"] == "depth"


# -- accepted documents ---------------------------------------------------------------------

PAGE = (
    "query ($n: Int) { actors(first: $n) { nodes { agreements(first: 100) { nodes { key } } } } }"
)


async def test_an_accepted_document_is_still_costed_with_each_request_s_variables(
    settings: Settings,
) -> None:
    """Parsing and validation are skipped for a text seen before; the cost never is."""
    small = replace(settings, max_cost=1000)
    async with app_client(small) as client:
        assert "errors" not in (await post(client, {"query": PAGE, "variables": {"n": 2}})).json()
        error = error_of(await post(client, {"query": PAGE, "variables": {"n": 100}}))
        assert error["extensions"]["measure"] == "cost"
        assert error["extensions"]["value"] > 1000
        # A value of the wrong type is reported as such, not costed with a default page.
        error = error_of(await post(client, {"query": PAGE, "variables": {"n": "two"}}))
        assert "Int cannot represent" in error["message"]
        assert "errors" not in (await post(client, {"query": PAGE, "variables": {"n": 1}})).json()


async def test_a_kept_cost_answers_alike_for_each_page_size(settings: Settings) -> None:
    """Costs are kept by the page sizes they read: a size costed before is refused or
    accepted again as the first time, whichever came first."""
    small = replace(settings, max_cost=1000)
    async with app_client(small) as client:
        for n, allowed in ((2, True), (100, False), (2, True), (100, False), (3, True)):
            body = (await post(client, {"query": PAGE, "variables": {"n": n}})).json()
            assert ("errors" not in body) is allowed, (n, body)


def test_costs_are_kept_by_the_variables_the_estimate_reads() -> None:
    costs = Costs(size=4)
    walked: list[dict[str, Any]] = []

    def estimate(values: Any) -> int:
        walked.append(dict(values))
        return int(10 * values.get("n"))

    assert costs.cost("q", None, {"n": 2, "key": "a"}, estimate) == 20
    assert costs.cost("q", None, {"n": 2, "key": "b"}, estimate) == 20  # `key` is not read
    assert len(walked) == 1
    assert costs.cost("q", None, {"n": 3, "key": "b"}, estimate) == 30
    assert costs.cost("q", "Other", {"n": 2}, estimate) == 20
    assert len(walked) == 3
    for n in range(4, 9):  # past the bound, the least recently used go first
        costs.cost("q", None, {"n": n}, estimate)
    costs.cost("q", None, {"n": 2}, estimate)
    assert len(walked) == 9


async def test_a_refused_document_is_refused_again(client: httpx.AsyncClient) -> None:
    """Only valid documents are remembered: a second try meets the same checks."""
    deep = '{ actor(key: "ctpc") { ' + "partners { actor { " * 6 + "key" + " } }" * 6 + " } }"
    invalid = '{ actor(key: "ctpc") { nosuchfield } }'
    for _ in range(2):
        assert error_of(await post(client, {"query": deep}))["extensions"]["measure"] == "depth"
        assert "nosuchfield" in error_of(await post(client, {"query": invalid}))["message"]


def test_accepted_documents_are_bounded_least_recently_used_first() -> None:
    accepted = Accepted(size=2)
    documents = {text: parse(text) for text in ("{ a }", "{ b }", "{ c }")}
    accepted.add("{ a }", documents["{ a }"])
    accepted.add("{ b }", documents["{ b }"])
    assert accepted.get("{ a }") is documents["{ a }"]  # a is now the most recent
    accepted.add("{ c }", documents["{ c }"])
    assert accepted.get("{ b }") is None
    assert accepted.get("{ a }") is documents["{ a }"]
    assert accepted.get("{ c }") is documents["{ c }"]


# -- persisted queries ----------------------------------------------------------------------

META = "{ meta { version } }"


def apq(digest: str, query: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}}}
    if query is not None:
        body["query"] = query
    return body


async def test_apq_round_trip(client: httpx.AsyncClient) -> None:
    digest = sha256_hex(META)
    missing = error_of(await post(client, apq(digest)))
    assert (missing["message"], missing["extensions"]["code"]) == (
        "PersistedQueryNotFound",
        "PERSISTED_QUERY_NOT_FOUND",
    )
    registered = (await post(client, apq(digest, META))).json()
    assert registered["data"]["meta"]["version"]
    by_hash = (await post(client, apq(digest))).json()
    assert by_hash["data"] == registered["data"]
    by_get = await client.get(
        "/graphql",
        params={"extensions": json.dumps(apq(digest)["extensions"])},
        headers={"accept": "application/json"},
    )
    assert by_get.json()["data"] == registered["data"]
    wrong = error_of(await post(client, apq("0" * 64, META)))
    assert wrong["extensions"]["code"] == "BAD_REQUEST"


async def test_apq_off_refuses_hashes(settings: Settings) -> None:
    async with app_client(replace(settings, persisted_queries="off")) as client:
        error = error_of(await post(client, apq(sha256_hex(META))))
        assert error["extensions"]["code"] == "PERSISTED_QUERY_NOT_SUPPORTED"
        assert "data" in (await post(client, apq(sha256_hex(META), META))).json()


async def test_allowlist_runs_only_listed_operations(settings: Settings, tmp_path: Path) -> None:
    listed = tmp_path / "allowlist.json"
    document = tmp_path / "meta.graphql"
    document.write_text(META, encoding="utf-8")
    digest = persisted.add_to_allowlist(listed, document)
    strict = replace(settings, persisted_queries="allowlist", allowlist_file=listed)
    async with app_client(strict) as client:
        assert (await post(client, apq(digest))).json()["data"]["meta"]
        assert (await post(client, {"query": META})).json()["data"]["meta"]
        other = "{ meta { neo4jVersion } }"
        error = error_of(await post(client, {"query": other}))
        assert error["extensions"]["code"] == "OPERATION_NOT_ALLOWED"
        error = error_of(await post(client, apq(sha256_hex(other), other)))
        assert error["extensions"]["code"] == "OPERATION_NOT_ALLOWED"


def test_a_bad_allowlist_stops_start_up(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"0" * 64: META}), encoding="utf-8")
    with pytest.raises(SettingsError, match="not the SHA-256 of its query"):
        load_allowlist(bad)


def test_the_apq_registry_forgets_the_least_recently_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(persisted, "APQ_MAX_ENTRIES", 2)
    registry = PersistedQueries("apq")
    texts = ["{ a }", "{ b }", "{ c }"]
    for text in texts[:2]:
        registry.resolve(text, apq(sha256_hex(text))["extensions"])
    registry.resolve(None, apq(sha256_hex(texts[0]))["extensions"])  # a is used again
    registry.resolve(texts[2], apq(sha256_hex(texts[2]))["extensions"])
    assert registry.resolve(None, apq(sha256_hex(texts[0]))["extensions"]) == texts[0]
    with pytest.raises(PersistedQueryError, match="PersistedQueryNotFound"):
        registry.resolve(None, apq(sha256_hex(texts[1]))["extensions"])


# -- production mode, batching, timeouts ----------------------------------------------------


async def test_production_hides_the_schema(settings: Settings) -> None:
    production = Settings.from_env({"MAILLAGE_ENV": "production"})
    assert not production.introspection
    assert not production.graphiql
    assert production.log_format == "json"
    hidden = replace(settings, env="production", introspection=False, graphiql=False)
    async with app_client(hidden) as client:
        response = await post(client, {"query": "{ __schema { types { name } } }"})
        assert "introspection has been disabled" in response.json()["errors"][0]["message"]
        assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION"
        typo = error_of(await post(client, {"query": "{ meta { versio } }"}))
        assert "Did you mean" not in typo["message"]
        page = await client.get("/graphql", headers={"accept": "text/html"})
        assert page.status_code == 404


async def test_batching_is_off_unless_capped(settings: Settings) -> None:
    batch = [{"query": META}] * 3
    async with app_client(settings) as client:
        assert (await post(client, batch)).status_code == 400
    async with app_client(replace(settings, max_batch=2)) as client:
        assert (await post(client, batch[:2])).status_code == 200
        assert len((await post(client, batch[:2])).json()) == 2
        assert (await post(client, batch)).status_code == 400


SLOW = "UNWIND range(1, 2000000000) AS x RETURN count(x) AS n"


async def test_every_transaction_has_a_timeout(seeded: Db) -> None:
    db = Db(seeded.driver, seeded.database, 0.5)
    started = time.perf_counter()
    with pytest.raises(QueryTimeoutError):
        await db.read(SLOW)

    async def slow_write(tx: Any) -> Any:
        result = await tx.run(SLOW)
        return await result.single()

    with pytest.raises(QueryTimeoutError):
        await db.write_tx(slow_write)
    assert time.perf_counter() - started < 10


async def test_a_request_past_its_deadline_is_504(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    from dataclasses import replace

    from metrics import Metrics
    from middleware import Edge, Message, Receive, Scope, Send

    async def stalls(scope: Scope, receive: Receive, send: Send) -> None:
        import asyncio

        await asyncio.sleep(10)

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    started = time.perf_counter()
    with caplog.at_level(logging.WARNING, logger="maillage.http"):
        edge = Edge(stalls, replace(settings, request_timeout=0.2), Metrics())
        scope = {"type": "http", "method": "GET", "path": "/graphql", "headers": []}
        await edge(scope, receive, send)
    assert time.perf_counter() - started < 1
    assert sent[0]["status"] == 504
    assert json.loads(sent[1]["body"])["errors"][0]["extensions"]["code"] == "TIMEOUT"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MAILLAGE_REQUEST_TIMEOUT": "5", "MAILLAGE_QUERY_TIMEOUT": "10"}, "must exceed"),
        ({"MAILLAGE_CORS_ORIGINS": "evil.example"}, "is not an origin"),
        ({"MAILLAGE_PERSISTED_QUERIES": "allowlist"}, "needs MAILLAGE_ALLOWLIST_FILE"),
        ({"MAILLAGE_MAX_COST": "10", "MAILLAGE_MAX_COST_TRUSTED": "5"}, "must not be below"),
        ({"MAILLAGE_LOG_FORMAT": "xml"}, "must be one of"),
        ({"MAILLAGE_MAX_DEPTH": "0"}, "out of range"),
    ],
)
def test_bad_limit_settings_are_refused(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(env)


def test_limit_defaults_are_safe() -> None:
    defaults = Settings.from_env({})
    assert (defaults.max_depth, defaults.max_batch, defaults.cors_origins) == (10, 0, ())
    assert defaults.request_timeout > defaults.query_timeout
    assert defaults.rate_limit > 0
    assert defaults.max_body_bytes <= 1 << 20
