"""Fixtures: a real Neo4j test instance (own ports and data folder), the app, a client."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from neo4j import AsyncDriver

from app import create_app
from graph import expertise, migrations
from graph.db import Db, open_driver, verify
from graph.keys import Role
from scripts import neo4j_server
from seeds import loader
from settings import Settings
from tests.curation_helpers import forget_curation, new_key

# Recency decays with the reference day: the tests pin it, so a score is the same any day.
REFERENCE_DAY = dt.date(2026, 6, 1)
STARTED = time.time()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The GraphQL-over-HTTP audit's counts, when tests/test_graphql_http.py ran."""
    report = Path(__file__).resolve().parent.parent / "test-artifacts" / "graphql-http-audit.json"
    if report.is_file() and report.stat().st_mtime >= STARTED:
        levels = json.loads(report.read_text(encoding="utf-8"))["levels"]
        counts = ", ".join(
            f"{name} {level['passed']}/{level['total']}" for name, level in levels.items()
        )
        terminalreporter.write_line(f"graphql-http audit: {counts}")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--production-timeouts",
        action="store_true",
        help="fault tests with the default timeouts and 20 s / 45 s freezes (make chaos)",
    )


@pytest.fixture(autouse=True)
def _pinned_reference_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(expertise, "today", lambda: REFERENCE_DAY)


def _test_settings() -> Settings:
    settings = Settings.from_env()
    if settings.provisioned and "NEO4J_INSTANCE" not in os.environ:
        settings = settings.with_instance("test")
    return replace(settings, debug_cypher=True)


@pytest.fixture(scope="session")
def settings() -> Settings:
    settings = _test_settings()
    if settings.provisioned:
        neo4j_server.start(settings)
    return settings


@pytest.fixture(scope="session")
async def driver(settings: Settings) -> AsyncIterator[AsyncDriver]:
    driver = open_driver(settings)
    await verify(driver, settings)
    await _claim_database(driver, settings)
    yield driver
    await driver.close()


async def _claim_database(driver: AsyncDriver, settings: Settings) -> None:
    """Refuse a populated database that these tests did not create."""
    records, _, _ = await driver.execute_query(
        "MATCH (n) WITH count(n) AS nodes "
        "OPTIONAL MATCH (m:MaillageTestDatabase) RETURN nodes, count(m) AS marked",
        database_=settings.neo4j_database,
    )
    nodes, marked = records[0]["nodes"], records[0]["marked"]
    if nodes and not marked:
        pytest.exit(
            f"The test database at {settings.uri} holds {nodes} nodes the tests did not "
            "create; refusing to touch it. Point the tests at an empty database.",
            returncode=2,
        )
    await driver.execute_query(
        "MERGE (:MaillageTestDatabase {key: 'marker'})", database_=settings.neo4j_database
    )


@pytest.fixture
def db(driver: AsyncDriver, settings: Settings) -> Db:
    return Db(driver, settings.neo4j_database, settings.query_timeout)


@pytest.fixture(scope="session")
async def seeded(driver: AsyncDriver, settings: Settings) -> Db:
    """The seed graph, loaded once per session (a load that repeats changes nothing)."""
    db = Db(driver, settings.neo4j_database, 300.0)
    await migrations.apply(db)
    await loader.load(db)
    return db


@pytest.fixture
async def empty_db(seeded: Db) -> AsyncIterator[Db]:
    """The test database emptied (its marker aside) for a test that loads its own data;
    the seed graph is back afterwards, as `seeded` promised the other tests."""
    await seeded.write("MATCH (n) WHERE NOT n:MaillageTestDatabase DETACH DELETE n")
    try:
        yield seeded
    finally:
        await seeded.write("MATCH (n) WHERE NOT n:MaillageTestDatabase DETACH DELETE n")
        await seeded.write("MERGE (:MaillageTestDatabase {key: 'marker'})")
        await loader.load(seeded)


@pytest.fixture
async def client(settings: Settings, driver: AsyncDriver) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings)
    async with LifespanManager(app) as manager:
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://maillage") as client:
            yield client


async def gql(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None
) -> dict[str, Any]:
    """POST a GraphQL operation and return the decoded body."""
    response = await client.post("/graphql", json={"query": query, "variables": variables or {}})
    assert response.status_code in (200, 400), response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
async def curation_undone(
    seeded: Db, driver: AsyncDriver, settings: Settings
) -> AsyncIterator[None]:
    """After the test, every curated write it made is undone: the next test sees the seed graph."""
    yield
    await forget_curation(driver, settings)


@pytest.fixture
async def editor(seeded: Db) -> str:
    """A new API key with the editor role."""
    return await new_key(seeded, Role.EDITOR)
