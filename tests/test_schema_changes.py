"""No change reaches clients unannounced: the served schema against the released one."""

from __future__ import annotations

import re

from graphql import GraphQLSchema

from schema.changes import CHANGELOG, RELEASED, changes, coordinate_of, unannounced
from schema.lint import bare_sdl, built
from schema.root import schema_sdl


def released() -> GraphQLSchema:
    return built(RELEASED.read_text(encoding="utf-8"))


def test_served_schema_changes_are_announced() -> None:
    problems = unannounced(released(), built(schema_sdl()), CHANGELOG.read_text("utf-8"))
    assert not problems, (
        "schema changes not announced in docs/api-changelog.md (see its 'How a change is "
        "announced'):\n" + "\n".join(problems)
    )


def test_a_rename_is_caught_until_deprecated_and_announced() -> None:
    sdl = schema_sdl()
    renamed = built(re.sub(r"^  names: Names!$", "  labels: Names!", sdl, flags=re.M))
    problems = unannounced(released(), renamed, "## Unreleased\n")
    assert any("`Actor.names`" in p and "breaking" in p for p in problems), problems
    # Announced but never deprecated in a release: still refused.
    every = sorted({c.coordinate for c in changes(released(), renamed)})
    assert "Actor.names" in every
    announced = "## Unreleased\n" + "".join(f"- `{c}`\n" for c in every)
    problems = unannounced(released(), renamed, announced)
    assert problems
    assert all("without a release that deprecated it" in p for p in problems), problems
    # Released deprecated, then removed and announced: accepted.
    marked = '  names: Names! @deprecated(reason: "Use labels.")'
    deprecated = built(
        re.sub(r"^  names: Names!$", marked, RELEASED.read_text("utf-8"), flags=re.M)
    )
    every = sorted({c.coordinate for c in changes(deprecated, renamed)})
    announced = "## Unreleased\n" + "".join(f"- `{c}`\n" for c in every)
    assert unannounced(deprecated, renamed, announced) == []


def test_a_narrowed_argument_and_a_new_enum_value_are_listed() -> None:
    sdl = bare_sdl(schema_sdl())
    narrowed = re.sub(r"^  actor\(key: String!\)", "  actor(key: ID!)", sdl, flags=re.M)
    grown = re.sub(r"^enum Confidence \{$", "enum Confidence {\n  DISPUTED", narrowed, flags=re.M)
    found = {(c.coordinate, c.breaking) for c in changes(released(), built(grown))}
    assert ("Query.actor(key:)", True) in found
    assert ("Confidence.DISPUTED", False) in found


def test_coordinates_of_graphql_core_descriptions() -> None:
    assert coordinate_of("Field Actor.names was removed.") == "Actor.names"
    assert coordinate_of("Argument Query.actors(first:) was removed.") == "Query.actors(first:)"
    assert coordinate_of("Enum value Confidence.CERTAIN was removed.") == "Confidence.CERTAIN"
    assert coordinate_of("Theme was removed.") == "Theme"
    assert coordinate_of("Region was removed from union type Node.") == "Node"
