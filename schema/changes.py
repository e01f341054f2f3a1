"""Changes between the released schema (`schema/released.graphql`) and the served one.

A breaking change must be announced in `docs/api-changelog.md` under "Unreleased" by its schema
coordinate in backticks (`Actor.names`, `Query.actors(first:)`); a removed field, argument, input
field or enum value must also have been released with `@deprecated(reason:)` first. A dangerous
change (an enum value or an optional argument added, a default changed) is listed there too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from graphql import (
    BreakingChangeType,
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    find_breaking_changes,
    find_dangerous_changes,
)

ROOT = Path(__file__).resolve().parent.parent
RELEASED = ROOT / "schema" / "released.graphql"
CHANGELOG = ROOT / "docs" / "api-changelog.md"

# A schema coordinate as graphql-core writes it: Type, Type.field, Type.field(arg:), @dir(arg:).
COORDINATE = re.compile(r"@?[_A-Za-z]\w*(?:\.[_A-Za-z]\w*)?(?:\([_A-Za-z]\w*:\))?")
PREFIXES = ("Field ", "Argument ", "Enum value ", "A required argument ", "A required field ",
            "An optional argument ", "Standard scalar ", "Directive ")  # fmt: skip
REMOVALS = {
    BreakingChangeType.FIELD_REMOVED,
    BreakingChangeType.ARG_REMOVED,
    BreakingChangeType.VALUE_REMOVED_FROM_ENUM,
}


@dataclass(frozen=True)
class Change:
    kind: str
    coordinate: str
    description: str
    breaking: bool


def coordinate_of(description: str) -> str:
    """The schema coordinate a graphql-core change description is about."""
    text = description
    for prefix in PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix) :]
            break
    # "X was removed from union type U", "T no longer implements interface I": the owner.
    union = re.search(r"union type (\w+)", text)
    if union:
        return union.group(1)
    match = COORDINATE.match(text)
    return match.group(0) if match else description


def changes(released: GraphQLSchema, served: GraphQLSchema) -> list[Change]:
    found = [
        Change(c.type.name, coordinate_of(c.description), c.description, True)
        for c in find_breaking_changes(released, served)
    ]
    found += [
        Change(c.type.name, coordinate_of(c.description), c.description, False)
        for c in find_dangerous_changes(released, served)
    ]
    return found


def unreleased_coordinates(changelog: str) -> set[str]:
    """Coordinates in backticks under the changelog's "## Unreleased" heading."""
    section = re.search(r"^## Unreleased\s*$(.*?)(?=^## |\Z)", changelog, re.M | re.S)
    if section is None:
        return set()
    return set(re.findall(r"`([^`]+)`", section.group(1)))


def was_deprecated(released: GraphQLSchema, coordinate: str) -> bool:
    """Whether the released schema marked this field, argument or enum value deprecated."""
    match = re.fullmatch(r"(\w+)\.(\w+)(?:\((\w+):\))?", coordinate)
    if match is None:
        return False
    type_name, member, arg = match.groups()
    owner = released.type_map.get(type_name)
    target: object = None
    if isinstance(owner, GraphQLObjectType | GraphQLInterfaceType):
        field = owner.fields.get(member)
        target = field.args.get(arg) if field is not None and arg is not None else field
    elif isinstance(owner, GraphQLInputObjectType):
        target = owner.fields.get(member)
    elif isinstance(owner, GraphQLEnumType):
        target = owner.values.get(member)
    return getattr(target, "deprecation_reason", None) is not None


def unannounced(released: GraphQLSchema, served: GraphQLSchema, changelog: str) -> list[str]:
    """Every change that reaches clients without its announcement, one line each."""
    announced = unreleased_coordinates(changelog)
    problems = []
    for change in changes(released, served):
        label = "breaking" if change.breaking else "dangerous"
        if change.coordinate not in announced:
            problems.append(
                f"{label} change not in the changelog's Unreleased section "
                f"(`{change.coordinate}`): {change.description}"
            )
        elif (
            change.breaking
            and change.kind in {t.name for t in REMOVALS}
            and not was_deprecated(released, change.coordinate)
        ):
            problems.append(
                f"`{change.coordinate}` removed without a release that deprecated it: "
                f"{change.description}"
            )
    return problems
