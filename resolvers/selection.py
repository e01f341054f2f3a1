"""Turn the GraphQL selection of a root field into the neutral `Pick` tree graph/ compiles."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLIncludeDirective,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLSkipDirective,
    InlineFragmentNode,
    SelectionSetNode,
    get_named_type,
)
from graphql.execution.values import (
    VariableValues,
    get_argument_values,
    get_directive_values,
)

from errors import ValidationError
from graph.compiler import Pick

Composite = GraphQLObjectType | GraphQLInterfaceType


KEPT = 256
"""Root fields of documents without variables whose Pick is kept (least recently used dropped
first): the same document then compiles to the same statement (`graph/queries.py`)."""
_KEPT: OrderedDict[tuple[int, ...], tuple[object, Pick]] = OrderedDict()


def kept_root_pick(
    info: GraphQLResolveInfo[Any], children: tuple[Pick, ...] | None = None
) -> tuple[Pick, bool]:
    """`root_pick`, and whether it is kept: a document without variables answers alike each
    time it is sent, so its Pick is built once (the entry holds the nodes: their ids stay
    theirs)."""
    if info.variable_values:
        return root_pick(info, children), False
    key = (id(info.schema), *(id(node) for node in info.field_nodes))
    found = _KEPT.get(key)
    if found is not None:
        _KEPT.move_to_end(key)
        return found[1], True
    pick = root_pick(info)
    _KEPT[key] = ((info.schema, info.field_nodes), pick)
    if len(_KEPT) > KEPT:
        _KEPT.popitem(last=False)
    return pick, True


def root_pick(info: GraphQLResolveInfo[Any], children: tuple[Pick, ...] | None = None) -> Pick:
    """The root field being resolved, with its arguments and whole sub-selection (`children`
    when given: a sub-selection without variables is the same each time)."""
    field_def = info.parent_type.fields[info.field_name]
    variables = _variables(info)
    args = get_argument_values(field_def, info.field_nodes[0], variables)
    if children is None:
        child_type = get_named_type(field_def.type)
        sets = [node.selection_set for node in info.field_nodes if node.selection_set]
        composite = isinstance(child_type, Composite)
        children = _children(info, variables, child_type, sets) if composite else ()
    return Pick(key=str(info.path.key), field=info.field_name, args=args, children=children)


def _variables(info: GraphQLResolveInfo[Any]) -> VariableValues:
    """graphql-core's variables container: Strawberry hands resolvers the plain coerced dict."""
    values: Any = info.variable_values
    return values if isinstance(values, VariableValues) else VariableValues({}, values)


def _included(node: Any, variables: VariableValues) -> bool:
    if not node.directives:
        return True
    skip = get_directive_values(GraphQLSkipDirective, node, variables)
    if skip and skip.get("if"):
        return False
    include = get_directive_values(GraphQLIncludeDirective, node, variables)
    return not (include and not include.get("if"))


def _arguments(field_def: Any, node: FieldNode, variables: VariableValues) -> dict[str, Any]:
    """The field's coerced arguments; nothing to coerce for a field that takes none."""
    if not field_def.args:
        return {}
    return get_argument_values(field_def, node, variables)


def _collect(
    info: GraphQLResolveInfo[Any],
    variables: VariableValues,
    parent: Composite,
    selection_set: SelectionSetNode,
    out: dict[str, list[tuple[FieldNode, Composite]]],
    visited: set[str],
) -> None:
    for selection in selection_set.selections:
        if not _included(selection, variables):
            continue
        if isinstance(selection, FieldNode):
            key = selection.alias.value if selection.alias else selection.name.value
            out.setdefault(key, []).append((selection, parent))
        elif isinstance(selection, InlineFragmentNode):
            on = parent
            if selection.type_condition is not None:
                named = info.schema.get_type(selection.type_condition.name.value)
                on = named if isinstance(named, Composite) else parent
            _collect(info, variables, on, selection.selection_set, out, visited)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = info.fragments.get(name)
            if fragment is None or name in visited:
                continue
            named = info.schema.get_type(fragment.type_condition.name.value)
            on = named if isinstance(named, Composite) else parent
            _collect(info, variables, on, fragment.selection_set, out, visited | {name})


def _children(
    info: GraphQLResolveInfo[Any],
    variables: VariableValues,
    parent: Composite,
    sets: list[SelectionSetNode],
) -> tuple[Pick, ...]:
    collected: dict[str, list[tuple[FieldNode, Composite]]] = {}
    for selection_set in sets:
        _collect(info, variables, parent, selection_set, collected, set())
    picks = []
    for key, nodes in collected.items():
        names = {node.name.value for node, _ in nodes}
        if len(names) > 1:
            raise ValidationError(
                f"The response key {key!r} names different fields ({', '.join(sorted(names))}) "
                "in different fragments; give them different aliases.",
                field=key,
            )
        node, owner = nodes[0]
        name = node.name.value
        if name.startswith("__"):
            continue
        field_def = owner.fields.get(name)
        if field_def is None:
            continue
        args = _arguments(field_def, node, variables)
        if any(_arguments(other.fields[name], n, variables) != args for n, other in nodes[1:]):
            raise ValidationError(
                f"The response key {key!r} takes different arguments in different fragments; "
                "give them different aliases.",
                field=key,
            )
        child_type = get_named_type(field_def.type)
        grand = [n.selection_set for n, _ in nodes if n.selection_set]
        composite = isinstance(child_type, Composite)
        children = _children(info, variables, child_type, grand) if composite else ()
        picks.append(Pick(key=key, field=name, args=args, children=children))
    return tuple(picks)
