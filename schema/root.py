"""The root Query and Mutation types, merged from each room's root fields, and the schema."""

from __future__ import annotations

import strawberry
from strawberry.tools import merge_types

from schema.audit import AuditQuery
from schema.errors import ErrorPolicy
from schema.expertise import ExpertiseQuery
from schema.keys import KeyMutation, KeyQuery
from schema.mutations import CurationMutation
from schema.network import NetworkQuery
from schema.permissions import ReadGate
from schema.reads import ReadQuery
from schema.rows import RowFields
from schema.trace import CypherTrace
from schema.types import ACTOR_TYPES

ROOTS: tuple[type, ...] = (ReadQuery, ExpertiseQuery, NetworkQuery, AuditQuery, KeyQuery)
MUTATION_ROOTS: tuple[type, ...] = (CurationMutation, KeyMutation)

Query = merge_types("Query", ROOTS)
Mutation = merge_types("Mutation", MUTATION_ROOTS)


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        types=list(ACTOR_TYPES),
        extensions=[ErrorPolicy, CypherTrace, RowFields, ReadGate],
    )


def schema_sdl() -> str:
    """The schema in SDL, as committed in `schema.graphql`."""
    return str(build_schema()) + "\n"
