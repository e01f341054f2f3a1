"""`meta`: what this service and its database are."""

from __future__ import annotations

import strawberry


@strawberry.type(description="The service and the graph database behind it.")
class Meta:
    version: str = strawberry.field(description="Maillage's version.")
    neo4j_version: str = strawberry.field(description="The Neo4j server's version.")
    neo4j_edition: str = strawberry.field(description="community or enterprise.")
