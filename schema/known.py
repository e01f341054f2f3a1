"""Known documents: what the known lane (`lane.py`) needs to answer an operation that was
accepted before (parsed, within the shape limits, valid) without Strawberry's execution.

An operation is for the lane when its root selection is `__typename`s and at most one root read
by key or root connection whose whole answer its statement writes as JSON text (the outline,
`Out`, is not None), with no directive anywhere (what is selected then never depends on a
variable). Everything else is remembered as not for the lane and goes through Strawberry.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DirectiveNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLField,
    GraphQLNonNull,
    GraphQLResolveInfo,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    VariableNode,
    Visitor,
    get_operation_ast,
    visit,
)
from graphql.execution.collect_fields import collect_fields

from graph.compiler import Pick
from graph.response import Out
from resolvers.reads import CONNECTIONS
from resolvers.selection import root_pick
from schema.cost import CostModel
from schema.fastpath import CompiledCompletion
from schema.limits import Accepted, Costs
from schema.persisted import PersistedQueries

BY_KEY = {"actor": "Actor", "agreement": "Agreement", "project": "Project", "theme": "Theme"}
"""Root reads by key the lane answers, and their entity; the connections are `CONNECTIONS`."""
SIZE = 1000
"""Operations remembered (for the lane or not), least recently used dropped first."""


@dataclass(frozen=True)
class Checks:
    """What Strawberry's extensions hold between requests, shared with the known lane: the
    persisted-query registry, the accepted documents and the kept costs."""

    registry: PersistedQueries
    accepted: Accepted
    costs: Costs
    model: CostModel


@dataclass(frozen=True)
class RootRead:
    """The operation's one root read: its response key, field and what its statement writes."""

    key: str
    name: str
    definition: GraphQLField
    nodes: list[FieldNode]
    entity: str | None
    """The entity of a read by key; None for a connection."""
    out: Out
    fixed: bool
    """Its sub-selection names no variable: its Picks are the same each time."""
    kept: list[tuple[Pick, ...]] = field(default_factory=list)

    def children(self, info: GraphQLResolveInfo[Any]) -> tuple[Pick, ...] | None:
        """The sub-selection's Picks, built once when `fixed`; None when they are not."""
        if not self.fixed:
            return None
        if not self.kept:
            self.kept.append(root_pick(info).children)
        return self.kept[0]


@dataclass(frozen=True)
class Known:
    """An operation the lane answers: root keys in the response's order, the read among them."""

    document: DocumentNode
    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDefinitionNode]
    keys: tuple[str, ...]
    read: RootRead | None


class KnownDocuments:
    """Operations by (document text, operation name): a `Known`, or None when not for the lane."""

    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self._kept: OrderedDict[tuple[str, str | None], Known | None] = OrderedDict()

    def get(self, text: str, name: str | None) -> tuple[bool, Known | None]:
        """Whether the operation was looked at before, and what was found."""
        key = (text, name)
        if key not in self._kept:
            return False, None
        self._kept.move_to_end(key)
        return True, self._kept[key]

    def add(self, text: str, name: str | None, known: Known | None) -> None:
        self._kept[(text, name)] = known
        self._kept.move_to_end((text, name))
        while len(self._kept) > self.size:
            self._kept.popitem(last=False)


class NotNow(Exception):
    """This request's variables do not coerce: nothing is learnt about the operation."""


def analyse(
    schema: GraphQLSchema, document: DocumentNode, name: str | None, variables: dict[str, Any]
) -> Known | None:
    """The operation as the lane answers it, or None; raises `NotNow` for bad variables."""
    operation = get_operation_ast(document, name)
    query = schema.query_type
    if operation is None or operation.operation != OperationType.QUERY or query is None:
        return None
    if _directed(document):
        return None
    executor = CompiledCompletion.build(
        schema, document, raw_variable_values=variables, operation_name=name
    )
    if isinstance(executor, list):
        raise NotNow
    assert isinstance(executor, CompiledCompletion)
    grouped, _, forbidden = collect_fields(
        schema, executor.fragments, executor.variable_values, query, operation
    )
    if forbidden:
        return None
    read: RootRead | None = None
    for key, details in grouped.items():
        field_name = details[0].node.name.value
        if field_name == "__typename":
            continue
        entity = BY_KEY.get(field_name)
        if read is not None or (entity is None and field_name not in CONNECTIONS):
            return None
        definition = query.fields[field_name]
        out = executor.outline(definition.type, details)
        if out is None or (entity is None) != isinstance(definition.type, GraphQLNonNull):
            return None
        nodes = [detail.node for detail in details]
        read = RootRead(key, field_name, definition, nodes, entity, out, _fixed(document, nodes))
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    return Known(document, operation, fragments, tuple(grouped), read)


def _fixed(document: DocumentNode, nodes: list[FieldNode]) -> bool:
    """No variable below the root field (its own arguments aside), nor in a fragment."""
    finder = _Variables()
    for node in nodes:
        if node.selection_set is not None:
            visit(node.selection_set, finder)
    for definition in document.definitions:
        if isinstance(definition, FragmentDefinitionNode):
            visit(definition, finder)
    return not finder.found


class _Variables(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def enter_variable(self, node: VariableNode, *_: Any) -> Any:
        self.found = True
        return self.BREAK


class _Directives(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def enter_directive(self, node: DirectiveNode, *_: Any) -> Any:
        self.found = True
        return self.BREAK


def _directed(document: DocumentNode) -> bool:
    finder = _Directives()
    visit(document, finder)
    return finder.found
