"""The audit trail in the API: every change, who made it, when, what and why."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

import strawberry
from strawberry.scalars import JSON

from graph import audit
from resolvers import curation
from schema.context import Info
from schema.enums import describe_values
from schema.types import CURSOR, EDGES, FIRST, NODES, PAGE_INFO, PageInfo


@strawberry.enum(description="What a change did to its entity.")
class ChangeAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


describe_values(ChangeAction, {
    "CREATE": "The entity was created.",
    "UPDATE": "Some of its fields or relationships changed.",
    "DELETE": "The entity was deleted.",
})  # fmt: skip


@strawberry.type(description="One recorded change: who, when, what (fields before/after), why.")
class Change:
    id: strawberry.ID = strawberry.field(description="Id of the change (opaque, unique).")
    at: dt.datetime = strawberry.field(description="When it was made (ISO 8601, UTC).")
    who: str = strawberry.field(description="The API key's name (or jwt:<subject>, cli:<user>).")
    action: ChangeAction = strawberry.field(description="What it did.")
    entity: str = strawberry.field(
        description="Actor, Agreement, Project, Theme, Source, ActorLink, Competency, "
        "Participation or ApiKey."
    )
    entity_key: str = strawberry.field(
        description="The entity's key; relationships use from/to keys, e.g. ctpc/certification."
    )
    keys: list[str] = strawberry.field(description="Every key the change touched.")
    fields: list[str] = strawberry.field(description="The fields (and relationships) changed.")
    before: JSON | None = strawberry.field(description="Those fields before (null on create).")
    after: JSON | None = strawberry.field(description="Those fields after (null on delete).")
    comment: str | None = strawberry.field(description="Why it was made, as the writer said.")
    sources: list[str] = strawberry.field(description="Keys of the sources the change cites.")

    @classmethod
    def of(cls, change: audit.Change) -> Change:
        return cls(
            id=strawberry.ID(change.id),
            at=change.at,
            who=change.who,
            action=ChangeAction(change.action.value),
            entity=change.entity,
            entity_key=change.entity_key,
            keys=list(change.keys),
            fields=list(change.fields),
            before=JSON(dict(change.before)) if change.before is not None else None,
            after=JSON(dict(change.after)) if change.after is not None else None,
            comment=change.comment,
            sources=list(change.sources),
        )


@strawberry.type(description="One change of a page, with its cursor.")
class ChangeEdge:
    cursor: str = strawberry.field(description=CURSOR)
    node: Change = strawberry.field(description="The change.")


@strawberry.type(description="A page of the audit trail (Relay connection).")
class ChangeConnection:
    edges: list[ChangeEdge] = strawberry.field(description=EDGES)
    nodes: list[Change] = strawberry.field(description=NODES)
    page_info: PageInfo = strawberry.field(description=PAGE_INFO)


@strawberry.type
class AuditQuery:
    @strawberry.field(
        description="The audit trail, oldest first (or newest first), keyset-paginated: "
        "one round trip."
    )
    async def changes(
        self,
        info: Info,
        since: Annotated[
            dt.datetime | None,
            strawberry.argument(
                description="Only changes at or after this instant (ISO 8601; UTC when no offset)."
            ),
        ] = None,
        entity_key: Annotated[
            str | None,
            strawberry.argument(
                description="Only changes of this entity or touching this key (at most 200 "
                "characters, else VALIDATION)."
            ),
        ] = None,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = None,
        after: Annotated[
            str | None,
            strawberry.argument(
                description="Cursor: changes after the edge with this `cursor`; a malformed "
                "one: BAD_CURSOR."
            ),
        ] = None,
        newest_first: Annotated[
            bool,
            strawberry.argument(description="Newest first; false (the default): oldest first."),
        ] = False,
    ) -> ChangeConnection:
        page = await curation.changes(info, since, entity_key, first, after, newest_first)
        nodes = [Change.of(change) for change in page.changes]
        return ChangeConnection(
            edges=[ChangeEdge(cursor=c, node=n) for c, n in zip(page.cursors, nodes, strict=True)],
            nodes=nodes,
            page_info=PageInfo(
                has_next_page=page.has_next,
                has_previous_page=after is not None,
                start_cursor=page.cursors[0] if page.cursors else None,
                end_cursor=page.cursors[-1] if page.cursors else None,
            ),
        )
