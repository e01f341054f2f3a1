"""`extensions.cypher`: the round trips an operation cost, when MAILLAGE_DEBUG_CYPHER is on."""

from __future__ import annotations

from typing import Any

from strawberry.extensions import SchemaExtension


class CypherTrace(SchemaExtension):
    def get_results(self) -> dict[str, Any]:
        context = self.execution_context.context
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
