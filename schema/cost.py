"""Query cost: an upper estimate of the rows an operation may touch, checked before it runs.

cost = Σ over selected fields of the product of the list sizes above them, where a field with
a `first` (or `limit`) argument counts that page size (its default page size when omitted),
any other list counts LIST_ESTIMATE, and the lists directly inside a paged object (the
`edges`/`nodes` of a connection, the `nodes` of a neighbourhood) count once: their size is
the page. A field that walks the network (`depth`, `maxHops`) multiplies what it selects by
that number of hops. Introspection costs nothing. Each fragment is costed once and reused,
so chains of fragments cannot make the estimate slow.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    IntValueNode,
    NamedTypeNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
)

LIST_ESTIMATE = 2
"""A list without a page size: most are short (parties, sectors, themes of one item), and the
compiler cuts every one at MAILLAGE_MAX_PAGE_SIZE."""
PAGE_ARGUMENTS = ("first", "limit")
HOP_ARGUMENTS = ("depth", "maxHops")

Composite = GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType


@dataclass(frozen=True)
class CostModel:
    default_page: int
    max_page: int


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
    walker = _Walker(schema, fragments, variables, model)
    total = 0
    for operation in chosen[:1]:
        root = schema.get_root_type(operation.operation)
        if root is not None:
            total += walker.cost(root, operation.selection_set)
    return total


def _is_list(definition: GraphQLField) -> bool:
    kind = definition.type
    if isinstance(kind, GraphQLNonNull):
        kind = kind.of_type
    return isinstance(kind, GraphQLList)


@dataclass
class _Walker:
    """Costs selection sets with a multiplier of 1 (cost is linear in the multiplier)."""

    schema: GraphQLSchema
    fragments: Mapping[str, FragmentDefinitionNode]
    variables: Mapping[str, Any]
    model: CostModel
    memo: dict[tuple[str, bool], int] = field(default_factory=dict)
    active: set[str] = field(default_factory=set)

    def cost(self, parent: Composite, selection_set: SelectionSetNode, paged: bool = False) -> int:
        """`paged`: `parent` is a page already sized by its field's `first`/`limit`."""
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self._field(parent, selection, paged)
            elif isinstance(selection, InlineFragmentNode):
                on = self._type(selection.type_condition, parent)
                if on is not None:
                    total += self.cost(on, selection.selection_set, paged)
            elif isinstance(selection, FragmentSpreadNode):
                total += self._fragment(selection.name.value, paged)
        return total

    def _fragment(self, name: str, paged: bool) -> int:
        if (name, paged) in self.memo:
            return self.memo[name, paged]
        fragment = self.fragments.get(name)
        if fragment is None or name in self.active:
            return 0  # unknown fragments and cycles are reported by validation
        self.active.add(name)
        on = self._type(fragment.type_condition, None)
        cost = self.cost(on, fragment.selection_set, paged) if on is not None else 0
        self.active.discard(name)
        self.memo[name, paged] = cost
        return cost

    def _type(self, condition: NamedTypeNode | None, parent: Composite | None) -> Composite | None:
        on = self.schema.get_type(condition.name.value) if condition is not None else parent
        return on if isinstance(on, Composite) else None

    def _field(self, parent: Composite, node: FieldNode, paged: bool) -> int:
        fields = parent.fields if not isinstance(parent, GraphQLUnionType) else {}
        definition = fields.get(node.name.value)
        if definition is None:
            return 0  # introspection (and unknown fields, which validation reports)
        child = get_named_type(definition.type)
        if node.selection_set is None or not isinstance(child, Composite):
            return 1
        page = self._page(definition, node)
        if page is not None:
            fanout = page
        else:
            fanout = LIST_ESTIMATE if _is_list(definition) and not paged else 1
        fanout *= self._hops(definition, node)
        inner_paged = page is not None and not _is_list(definition)
        return 1 + fanout * self.cost(child, node.selection_set, inner_paged)

    def _page(self, definition: GraphQLField, node: FieldNode) -> int | None:
        for name in PAGE_ARGUMENTS:
            if name in definition.args:
                value = self._argument(definition, node, name)
                if value is None:
                    return self.model.default_page
                return min(max(value, 0), self.model.max_page)
        return None

    def _hops(self, definition: GraphQLField, node: FieldNode) -> int:
        for name in HOP_ARGUMENTS:
            if name in definition.args:
                value = self._argument(definition, node, name)
                return max(value or 1, 1)
        return 1

    def _argument(self, definition: GraphQLField, node: FieldNode, name: str) -> int | None:
        """An integer argument as sent (literal or variable), else its schema default."""
        value: Any = definition.args[name].default_value
        for argument in node.arguments or ():
            if argument.name.value != name:
                continue
            if isinstance(argument.value, IntValueNode):
                value = int(argument.value.value)
            elif isinstance(argument.value, VariableNode):
                value = self.variables.get(argument.value.name.value)
        return value if isinstance(value, int) and not isinstance(value, bool) else None
