"""`extensions.cypher`: the round trips an operation cost, when MAILLAGE_DEBUG_CYPHER is on."""

from __future__ import annotations

from typing import Any

from strawberry.extensions import SchemaExtension


def trace(context: Any) -> dict[str, Any]:
    """The operation's `extensions` entry for its context's round trips; empty when off."""
    if context is None or not context.settings.debug_cypher:
        return {}
    calls = context.db.calls
    return {
        "cypher": {
            "roundTrips": len(calls),
            "milliseconds": round(sum(call.milliseconds for call in calls), 3),
            "statements": [call.statement for call in calls],
        }
    }


class CypherTrace(SchemaExtension):
    def get_results(self) -> dict[str, Any]:
        return trace(self.execution_context.context)
