"""Query cost: an upper estimate of the rows an operation may touch, checked before it runs.

cost = Σ over selected fields of the product of the list sizes above them, where a field with
a `first` argument counts `first` (its default page size when omitted), any other list counts
LIST_ESTIMATE, and the `edges`/`nodes` of a connection count once (their size is the
connection's `first`). Over the caller's budget, the operation is refused with the measured
cost and the limit, before any database work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    NamedTypeNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)
from strawberry.extensions import SchemaExtension

LIST_ESTIMATE = 10


@dataclass(frozen=True)
class CostModel:
    default_page: int
    max_page: int


def _is_list(field: GraphQLField) -> bool:
    kind = field.type
    if isinstance(kind, GraphQLNonNull):
        kind = kind.of_type
    return isinstance(kind, GraphQLList)


def _fanout(
    field: GraphQLField,
    node: FieldNode,
    parent_name: str,
    variables: Mapping[str, Any],
    model: CostModel,
) -> int:
    if "first" in field.args:
        for argument in node.arguments or ():
            if argument.name.value != "first":
                continue
            value: Any = None
            if isinstance(argument.value, IntValueNode):
                value = int(argument.value.value)
            elif isinstance(argument.value, VariableNode):
                value = variables.get(argument.value.name.value)
            if isinstance(value, int) and value >= 0:
                return min(value, model.max_page)
        return model.default_page
    if _is_list(field) and not parent_name.endswith("Connection"):
        return LIST_ESTIMATE
    return 1


def estimate(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any],
    model: CostModel,
) -> int:
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [
        o
        for o in operations
        if operation_name is None or (o.name and o.name.value == operation_name)
    ]
    total = 0
    for operation in chosen[:1]:
        root = schema.get_root_type(operation.operation)
        if root is not None:
            total += _cost(
                schema, root, operation.selection_set, 1, fragments, variables, model, frozenset()
            )
    return total


def _fields(
    schema: GraphQLSchema,
    parent: GraphQLObjectType | GraphQLInterfaceType,
    selection_set: SelectionSetNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    visited: frozenset[str],
) -> Iterator[tuple[FieldNode, GraphQLObjectType | GraphQLInterfaceType]]:
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            yield selection, parent
            continue
        if isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is None or name in visited:
                continue  # unknown fragments and cycles are reported by validation
            condition: NamedTypeNode | None = fragment.type_condition
            inner, visited = fragment.selection_set, visited | {name}
        elif isinstance(selection, InlineFragmentNode):
            condition, inner = selection.type_condition, selection.selection_set
        else:
            continue
        on = schema.get_type(condition.name.value) if condition is not None else parent
        if isinstance(on, GraphQLObjectType | GraphQLInterfaceType):
            yield from _fields(schema, on, inner, fragments, visited)


def _cost(
    schema: GraphQLSchema,
    parent: GraphQLObjectType | GraphQLInterfaceType,
    selection_set: SelectionSetNode,
    multiplier: int,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
    model: CostModel,
    visited: frozenset[str],
) -> int:
    total = 0
    for node, owner in _fields(schema, parent, selection_set, fragments, visited):
        field = owner.fields.get(node.name.value)
        if field is None:
            continue
        total += multiplier
        child = get_named_type(field.type)
        if node.selection_set is not None and isinstance(
            child, GraphQLObjectType | GraphQLInterfaceType
        ):
            fanout = _fanout(field, node, owner.name, variables, model)
            total += _cost(
                schema,
                child,
                node.selection_set,
                multiplier * fanout,
                fragments,
                variables,
                model,
                visited,
            )
    return total


class CostLimit(SchemaExtension):
    """Refuses operations whose estimated cost exceeds the caller's budget."""

    def __init__(self, *, model: CostModel, budget: Callable[[Any], int]) -> None:
        self.model = model
        self.budget = budget

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.pre_execution_errors is None:
            cost = estimate(
                context.schema._schema,
                document,
                context.operation_name,
                context.variables or {},
                self.model,
            )
            limit = self.budget(context.context)
            if cost > limit:
                context.pre_execution_errors = [
                    GraphQLError(
                        f"The query's estimated cost is {cost}; the limit is {limit}. Ask for "
                        "smaller pages (first) or fewer nested lists.",
                        extensions={"code": "LIMIT_EXCEEDED", "cost": cost, "limit": limit},
                    )
                ]
        yield
