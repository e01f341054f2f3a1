"""Limits checked before an operation runs: tokens, depth, aliases, then its estimated cost.

The document is measured first (linear time: each fragment is measured once), then validated,
then costed; an operation over a limit is refused with the measured value and the limit,
before any resolver or database work.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_operation_ast,
    validate,
)
from graphql.execution.values import get_variable_values
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import SchemaExtension

from graph.keys import Role
from schema.context import Context
from schema.core import core_schema
from schema.cost import CostModel, estimate
from settings import Settings

INTROSPECTION_DEPTH = 16
"""Depth allowed under `__schema`/`__type`: the standard introspection query needs 14."""

_TOO_MANY_TOKENS = re.compile(r"Document contains more than (\d+) tokens")
_SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")
_INTROSPECTION_ROOTS = frozenset({"__schema", "__type"})
_PLUMBING = frozenset({"edges", "node", "nodes"})
"""Below the root, a connection's edges/node/nodes add a level of JSON but no traversal."""


@dataclass(frozen=True)
class Measure:
    """Field levels outside and inside introspection, and aliases counted per use."""

    depth: int = 0
    introspection_depth: int = 0
    aliases: int = 0

    def merge(self, other: Measure) -> Measure:
        return Measure(
            max(self.depth, other.depth),
            max(self.introspection_depth, other.introspection_depth),
            self.aliases + other.aliases,
        )


def measure(document: DocumentNode) -> Measure:
    """The largest depth and the total aliases over every operation of `document`.

    Depth counts levels below the root fields, as Strawberry's QueryDepthLimiter does
    (`{ actor { key } }` is 1), except that connection plumbing does not count.
    """
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    walker = _Measurer(fragments)
    total = Measure()
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            total = total.merge(walker.selection_set(definition.selection_set, root=True))
    return Measure(max(total.depth - 1, 0), max(total.introspection_depth - 1, 0), total.aliases)


@dataclass
class _Measurer:
    fragments: Mapping[str, FragmentDefinitionNode]
    memo: dict[str, Measure] = field(default_factory=dict)
    active: set[str] = field(default_factory=set)

    def selection_set(self, selection_set: SelectionSetNode, root: bool = False) -> Measure:
        total = Measure()
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total = total.merge(self._field(selection, root))
            elif isinstance(selection, InlineFragmentNode):
                total = total.merge(self.selection_set(selection.selection_set))
            elif isinstance(selection, FragmentSpreadNode):
                total = total.merge(self._fragment(selection.name.value))
        return total

    def _field(self, node: FieldNode, root: bool) -> Measure:
        inner = self.selection_set(node.selection_set) if node.selection_set else Measure()
        aliases = inner.aliases + (1 if node.alias else 0)
        if node.name.value in _INTROSPECTION_ROOTS:
            deepest = max(inner.depth, inner.introspection_depth)
            return Measure(0, 1 + deepest, aliases)
        level = 0 if node.name.value in _PLUMBING and not root else 1
        nested = level + inner.introspection_depth if inner.introspection_depth else 0
        return Measure(level + inner.depth, nested, aliases)

    def _fragment(self, name: str) -> Measure:
        if name in self.memo:
            return self.memo[name]
        fragment = self.fragments.get(name)
        if fragment is None or name in self.active:
            return Measure()  # unknown fragments and cycles are reported by validation
        self.active.add(name)
        found = self.selection_set(fragment.selection_set)
        self.active.discard(name)
        self.memo[name] = found
        return found


_MEASURES = {
    "tokens": "number of tokens",
    "depth": "depth",
    "aliases": "number of aliases",
    "cost": "estimated cost",
}


def refusal(measured: str, value: int, limit: int, advice: str) -> GraphQLError:
    """LIMIT_EXCEEDED with what was measured, its value and the limit."""
    # Parsing stops at the first token over the limit, so tokens are known only to be more.
    shown = f"more than {limit}" if measured == "tokens" else str(value)
    return GraphQLError(
        f"The operation's {_MEASURES[measured]} is {shown}; the limit is {limit}. {advice}",
        extensions={"code": "LIMIT_EXCEEDED", "measure": measured, "value": value, "limit": limit},
    )


class Accepted:
    """Documents already parsed and found within the shape limits and valid, by query text.

    Parsing and validating take most of a small operation's time; neither depends on anything
    but the text, the schema and the settings, so a text seen before skips both. Only accepted
    documents are kept (a refused one is checked again and reported as before), at most
    `size`, the least recently used going first.
    """

    def __init__(self, size: int = 1000) -> None:
        self.size = size
        self._documents: OrderedDict[str, DocumentNode] = OrderedDict()

    def get(self, text: str) -> DocumentNode | None:
        document = self._documents.get(text)
        if document is not None:
            self._documents.move_to_end(text)
        return document

    def add(self, text: str, document: DocumentNode) -> None:
        self._documents[text] = document
        self._documents.move_to_end(text)
        while len(self._documents) > self.size:
            self._documents.popitem(last=False)


class _Reading(dict[str, Any]):
    """Variables that remember which of them were read."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        super().__init__(values)
        self.names: set[str] = set()

    def get(self, name: str, default: Any = None) -> Any:
        self.names.add(name)
        return super().get(name, default)


class Costs:
    """Estimated costs by document text, operation and the values of the variables the
    estimate read (page sizes, depths): the same document sent again with other keys or filter
    values is not walked again. The estimate depends on nothing else (the schema and the cost
    model are the app's). At most `size` entries of each kind, least recently used first."""

    def __init__(self, size: int = 1000) -> None:
        self.size = size
        self._reads: OrderedDict[tuple[str, str | None], tuple[str, ...]] = OrderedDict()
        self._costs: OrderedDict[Hashable, int] = OrderedDict()

    def cost(
        self,
        text: str,
        operation: str | None,
        variables: Mapping[str, Any],
        estimate_: Callable[[Mapping[str, Any]], int],
    ) -> int:
        names = self._reads.get((text, operation))
        if names is not None:
            key = (text, operation, tuple(repr(variables.get(n)) for n in names))
            found = self._costs.get(key)
            if found is not None:
                self._costs.move_to_end(key)
                return found
        reading = _Reading(variables)
        cost = estimate_(reading)
        names = tuple(sorted(reading.names))
        _keep(self._reads, (text, operation), names, self.size)
        key = (text, operation, tuple(repr(variables.get(n)) for n in names))
        _keep(self._costs, key, cost, self.size)
        return cost


def _keep(kept: OrderedDict[Any, Any], key: Hashable, value: Any, size: int) -> None:
    kept[key] = value
    kept.move_to_end(key)
    while len(kept) > size:
        kept.popitem(last=False)


def budget(settings: Settings, context: object) -> int:
    """The caller's cost budget: editors and admins get the trusted one."""
    principal = context.principal if isinstance(context, Context) else None
    if principal is not None and principal.role.allows(Role.EDITOR):
        return settings.max_cost_trusted
    return settings.max_cost


class QueryLimits(SchemaExtension):
    """Tokens at parse time; depth, aliases, validation and cost before execution."""

    def __init__(
        self, settings: Settings, accepted: Accepted | None = None, costs: Costs | None = None
    ) -> None:
        self.settings = settings
        self.model = CostModel(settings.default_page_size, settings.max_page_size)
        self.accepted = accepted if accepted is not None else Accepted()
        self.costs = costs if costs is not None else Costs()
        self._known = False

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        text = context.query
        document = self.accepted.get(text) if text else None
        if document is not None:
            context.graphql_document = document
            self._known = True
        yield

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        context.parse_options["max_tokens"] = self.settings.max_tokens
        if not self.settings.introspection:
            context.validation_rules = (*context.validation_rules, NoSchemaIntrospectionCustomRule)
        yield
        result = context.result
        if result is not None and result.errors:
            result.errors = [self._reword(error) for error in result.errors]

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.pre_execution_errors is None:
            errors = [] if self._known else self._shape(document)
            if not errors and not self._known:
                errors = validate(core_schema(context.schema), document, context.validation_rules)
                if not errors and context.query:
                    self.accepted.add(context.query, document)
            if not errors:
                errors = self._cost(document)
            # Set (even when empty) so Strawberry does not validate the document a second time.
            context.pre_execution_errors = errors
        yield

    def budget(self, context: object) -> int:
        return budget(self.settings, context)

    def _shape(self, document: DocumentNode) -> list[GraphQLError]:
        found = measure(document)
        settings = self.settings
        if found.depth > settings.max_depth:
            advice = "Ask for fewer nested levels."
            return [refusal("depth", found.depth, settings.max_depth, advice)]
        introspection_limit = max(settings.max_depth, INTROSPECTION_DEPTH)
        if found.introspection_depth > introspection_limit:
            advice = "Introspection nests no deeper than the standard query."
            return [refusal("depth", found.introspection_depth, introspection_limit, advice)]
        if found.aliases > settings.max_aliases:
            advice = "Use fewer aliases (each spread of a fragment counts its aliases again)."
            return [refusal("aliases", found.aliases, settings.max_aliases, advice)]
        return []

    def _cost(self, document: DocumentNode) -> list[GraphQLError]:
        context = self.execution_context
        schema = core_schema(context.schema)
        variables: Mapping[str, Any] = context.variables or {}
        operation = get_operation_ast(document, context.operation_name)
        if operation is not None and operation.variable_definitions and isinstance(variables, dict):
            coerced = get_variable_values(schema, operation.variable_definitions, variables)
            if isinstance(coerced, list):
                return []  # execution reports the bad values before any resolver runs
            variables = coerced.coerced  # with the operation's defaults, as execution sees them
        name = context.operation_name

        def estimate_(values: Mapping[str, Any]) -> int:
            return estimate(schema, document, name, values, self.model)

        if self._known and context.query:  # an accepted text: this document, parsed once
            cost = self.costs.cost(context.query, name, variables, estimate_)
        else:
            cost = estimate_(variables)
        limit = self.budget(context.context)
        if cost > limit:
            advice = "Ask for smaller pages (first) or fewer nested lists."
            return [refusal("cost", cost, limit, advice)]
        return []

    def _reword(self, error: GraphQLError) -> GraphQLError:
        """A token overflow is a limit, not a syntax error; suggestions go when schema is hidden."""
        if error.original_error is not None:
            return error
        tokens = _TOO_MANY_TOKENS.search(error.message)
        if tokens:
            limit = int(tokens.group(1))
            return refusal(
                "tokens", limit + 1, limit, "Send a shorter document (parsing stops there)."
            )
        if not self.settings.introspection and "Did you mean" in error.message:
            error.message = _SUGGESTION.sub("", error.message)
        return error
