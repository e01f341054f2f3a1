"""The example operations of docs/examples/ (the IDE's and the README's) run on the seed graph."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from graph.db import Db
from scripts import examples
from tests.api_helpers import data

EXAMPLES = examples.load()


def test_every_kind_of_user_has_examples() -> None:
    assert {example.audience for example in EXAMPLES} == set(examples.AUDIENCES)
    assert len({example.slug for example in EXAMPLES}) == len(EXAMPLES)


def test_readme_shows_the_examples_as_they_are() -> None:
    readme = examples.README.read_text(encoding="utf-8")
    assert examples.current_readme(readme, EXAMPLES) == readme, (
        "README.md's examples differ from docs/examples/: run `make examples` and commit it"
    )
    for example in EXAMPLES:
        assert example.document in readme, example.slug


def _filled(value: Any) -> bool:
    """Non-null, and for a list or a connection, not empty."""
    if isinstance(value, list):
        return bool(value)
    if isinstance(value, dict) and ("edges" in value or "nodes" in value):
        return bool(value.get("edges") or value.get("nodes"))
    return value is not None


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda example: example.slug)
async def test_example_answers_on_the_seed_graph(
    client: httpx.AsyncClient, seeded: Db, example: examples.Example
) -> None:
    found = await data(client, example.text, example.variables)
    empty = [field for field, value in found.items() if not _filled(value)]
    assert not empty, f"{example.slug}: nothing for {empty}"


async def test_the_policy_example_reaches_capgemini_through_its_moroccan_branch(
    client: httpx.AsyncClient, seeded: Db
) -> None:
    example = next(example for example in EXAMPLES if example.slug.endswith("ctpc-partners"))
    found = await data(client, example.text, example.variables)
    partners = {partner["actor"]["key"] for partner in found["actor"]["partners"]}
    assert "capgemini-engineering-maroc" in partners
    chain = [actor["key"] for actor in found["paths"][0]["actors"]]
    assert chain[0] == "ctpc"
    assert chain[-1] == "capgemini"


async def test_the_web_example_pages_with_its_cursor(client: httpx.AsyncClient, seeded: Db) -> None:
    example = next(example for example in EXAMPLES if example.slug.endswith("centres-page"))
    first = (await data(client, example.text, example.variables))["actors"]
    assert first["edges"]
    if first["pageInfo"]["hasNextPage"]:
        after = {"after": first["pageInfo"]["endCursor"]}
        second = (await data(client, example.text, after))["actors"]
        seen = {edge["node"]["key"] for edge in first["edges"]}
        assert seen.isdisjoint(edge["node"]["key"] for edge in second["edges"])
