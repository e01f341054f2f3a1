"""The exported schema documents itself: every element described, names and shapes linted."""

from __future__ import annotations

import pytest
from graphql import GraphQLSchema

from schema.lint import RULES, built, coverage, description_violations, lint
from schema.root import schema_sdl


@pytest.fixture(scope="module")
def served() -> GraphQLSchema:
    return built(schema_sdl())


def test_every_element_is_described(served: GraphQLSchema) -> None:
    result = coverage(served)
    missing = "\n".join(f"  {e.kind[:-1]} {e.coordinate}" for e in result.missing)
    assert not result.missing, (
        f"{len(result.missing)} schema elements have no description:\n{missing}\n"
        f"{result.table()}\nDescribe them in schema/ (description= or a docstring), then "
        "`make schema`."
    )


@pytest.mark.parametrize("rule", sorted(RULES))
def test_lint_rule_passes(served: GraphQLSchema, rule: str) -> None:
    violations = lint(served)[rule]
    assert not violations, f"{rule}: {len(violations)} violations:\n" + "\n".join(violations)


def test_the_lint_catches_what_it_should() -> None:
    sdl = """
    "A root."
    type Query {
      "Fine."
      good(
        "Fine."
        first: Int
      ): Int
      bare(first: Int): Int
      "lower case start."
      lower: Int
      "A field."
      snake_case: Int @deprecated(reason: "")
    }
    enum Mood { happy }
    type Orphan { a: Int }
    """
    schema = built(sdl)
    found = lint(schema)
    assert "Query.bare: field has no description" in found["descriptions"]
    assert "Query.bare(first:): argument has no description" in found["descriptions"]
    assert "Query.lower: description should start with a capital" in found["descriptions"]
    assert "Mood.happy: enum value has no description" in found["descriptions"]
    assert "Query.good" not in " ".join(description_violations(schema))
    assert "Query.snake_case: field names are camelCase" in found["names"]
    assert "Mood.happy: enum values are ALL_CAPS" in found["names"]
    assert "Query.snake_case: deprecated without a reason" in found["deprecations"]
    assert "Orphan: type is not reachable from a root type" in found["usage"]
    counted = coverage(schema)
    assert counted.total["types"] == 3
    assert counted.described["types"] == 1
    assert counted.described["fields"] == 3
