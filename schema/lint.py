"""Rules over the exported schema: every element described, names and Relay shapes as clients
expect them. `maillage schema-lint` prints the coverage and the violations."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    build_schema,
    get_named_type,
    is_introspection_type,
    is_specified_scalar_type,
    print_schema,
)

KINDS = ("types", "fields", "arguments", "input fields", "enum values")
CAMEL = re.compile(r"^[a-z][A-Za-z0-9]*$")
PASCAL = re.compile(r"^[A-Z][A-Za-z0-9]*$")
ALL_CAPS = re.compile(r"^[A-Z][A-Z0-9_]*$")
# The logical combinators of `where` inputs are spelt in capitals, as filter dialects do.
COMBINATORS = frozenset({"AND", "OR", "NOT"})


@dataclass(frozen=True)
class Element:
    """One describable element: its kind, schema coordinate and description."""

    kind: str
    coordinate: str
    description: str | None


@dataclass
class Coverage:
    described: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    missing: list[Element] = field(default_factory=list)

    def table(self) -> str:
        lines = ["| element | described |", "|---|---:|"]
        for kind in KINDS:
            done, total = self.described[kind], self.total[kind]
            share = 100 * done // total if total else 100
            lines.append(f"| {kind} | {done} / {total} ({share} %) |")
        return "\n".join(lines)


def own_types(schema: GraphQLSchema) -> list[GraphQLNamedType]:
    """The schema's named types, without introspection types and the specified scalars."""
    return [
        t
        for name, t in sorted(schema.type_map.items())
        if not is_introspection_type(t) and not is_specified_scalar_type(t)
    ]


def elements(schema: GraphQLSchema) -> Iterator[Element]:
    for t in own_types(schema):
        yield Element("types", t.name, t.description)
        if isinstance(t, GraphQLObjectType | GraphQLInterfaceType):
            for fname, f in t.fields.items():
                yield Element("fields", f"{t.name}.{fname}", f.description)
                for aname, a in f.args.items():
                    yield Element("arguments", f"{t.name}.{fname}({aname}:)", a.description)
        elif isinstance(t, GraphQLInputObjectType):
            for fname, f in t.fields.items():
                yield Element("input fields", f"{t.name}.{fname}", f.description)
        elif isinstance(t, GraphQLEnumType):
            for vname, v in t.values.items():
                yield Element("enum values", f"{t.name}.{vname}", v.description)


def coverage(schema: GraphQLSchema) -> Coverage:
    result = Coverage()
    for element in elements(schema):
        result.total[element.kind] += 1
        if element.description and element.description.strip():
            result.described[element.kind] += 1
        else:
            result.missing.append(element)
    return result


def description_violations(schema: GraphQLSchema) -> list[str]:
    """Descriptions present, and written as sentences: a capital first, no stray spaces."""
    found = []
    for e in elements(schema):
        text = (e.description or "").strip()
        if not text:
            found.append(f"{e.coordinate}: {e.kind[:-1]} has no description")
        elif not (text[0].isupper() or text[0].isdigit() or text[0] in "`\"'("):
            found.append(f"{e.coordinate}: description should start with a capital")
        elif text != e.description:
            found.append(f"{e.coordinate}: description has leading or trailing space")
    return found


def naming_violations(schema: GraphQLSchema) -> list[str]:
    found = []
    for t in own_types(schema):
        if not PASCAL.match(t.name):
            found.append(f"{t.name}: type names are PascalCase")
        if isinstance(t, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            for fname, f in t.fields.items():
                if not CAMEL.match(fname) and fname not in COMBINATORS:
                    found.append(f"{t.name}.{fname}: field names are camelCase")
                for aname in getattr(f, "args", {}):
                    if not CAMEL.match(aname):
                        found.append(f"{t.name}.{fname}({aname}:): argument names are camelCase")
        if isinstance(t, GraphQLEnumType):
            found += [
                f"{t.name}.{v}: enum values are ALL_CAPS" for v in t.values if not ALL_CAPS.match(v)
            ]
    return found


def deprecation_violations(schema: GraphQLSchema) -> list[str]:
    """A deprecation says what to use instead (`@deprecated(reason:)` with a reason)."""
    found = []
    for t in own_types(schema):
        members: list[tuple[str, object]] = []
        if isinstance(t, GraphQLObjectType | GraphQLInterfaceType):
            for fname, f in t.fields.items():
                members.append((f"{t.name}.{fname}", f))
                members += [(f"{t.name}.{fname}({a}:)", arg) for a, arg in f.args.items()]
        elif isinstance(t, GraphQLInputObjectType):
            members += [(f"{t.name}.{n}", f) for n, f in t.fields.items()]
        elif isinstance(t, GraphQLEnumType):
            members += [(f"{t.name}.{n}", v) for n, v in t.values.items()]
        for coordinate, member in members:
            reason = getattr(member, "deprecation_reason", None)
            if reason is not None and not reason.strip():
                found.append(f"{coordinate}: deprecated without a reason")
    return found


def usage_violations(schema: GraphQLSchema) -> list[str]:
    """Every type is reachable from a root or implements a reachable interface."""
    used: set[str] = set()
    roots = [schema.query_type, schema.mutation_type, schema.subscription_type]
    pending: list[GraphQLNamedType] = [r for r in roots if r is not None]
    while pending:
        t = pending.pop()
        if t.name in used:
            continue
        used.add(t.name)
        reached: list[GraphQLNamedType] = []
        if isinstance(t, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            for f in t.fields.values():
                reached.append(get_named_type(f.type))
                reached += [get_named_type(a.type) for a in getattr(f, "args", {}).values()]
        if isinstance(t, GraphQLInterfaceType | GraphQLUnionType):
            reached += schema.get_possible_types(t)
        pending += reached
    return [f"{t.name}: type is not reachable from a root type" for t in own_types(schema)
            if t.name not in used]  # fmt: skip


def relay_violations(schema: GraphQLSchema) -> list[str]:
    """Connections follow the Relay cursor spec: edges with cursor and node, a PageInfo."""
    found = []
    page_info = schema.type_map.get("PageInfo")
    if isinstance(page_info, GraphQLObjectType):
        for name in ("hasNextPage", "hasPreviousPage", "startCursor", "endCursor"):
            if name not in page_info.fields:
                found.append(f"PageInfo.{name}: required by the Relay cursor spec")
    for t in own_types(schema):
        if not (isinstance(t, GraphQLObjectType) and t.name.endswith("Connection")):
            continue
        edges = t.fields.get("edges")
        if "pageInfo" not in t.fields:
            found.append(f"{t.name}.pageInfo: a connection has pageInfo")
        if edges is None:
            found.append(f"{t.name}.edges: a connection has edges")
            continue
        edge = get_named_type(edges.type)
        if not isinstance(edge, GraphQLObjectType) or not {"cursor", "node"} <= set(edge.fields):
            found.append(f"{edge.name}: an edge has cursor and node")
    return found


RULES = {
    "descriptions": description_violations,
    "names": naming_violations,
    "deprecations": deprecation_violations,
    "usage": usage_violations,
    "relay": relay_violations,
}


def lint(schema: GraphQLSchema) -> dict[str, list[str]]:
    return {name: rule(schema) for name, rule in RULES.items()}


def built(sdl: str) -> GraphQLSchema:
    return build_schema(sdl)


def bare_sdl(sdl: str) -> str:
    """The SDL without descriptions: one line per field, as signatures are compared."""
    schema = build_schema(sdl)
    for t in own_types(schema):
        t.description = None
        if isinstance(t, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            for f in t.fields.values():
                f.description = None
                for a in getattr(f, "args", {}).values():
                    a.description = None
        elif isinstance(t, GraphQLEnumType):
            for v in t.values.values():
                v.description = None
    return print_schema(schema)
