"""The audit trail: one (:Change) per change, written in the transaction that makes it."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, LiteralString

import orjson
from neo4j import AsyncManagedTransaction

from errors import BadCursorError
from graph import cursor
from graph.db import Db


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


@dataclass(frozen=True)
class Change:
    """Who changed what, when and why: `before`/`after` hold the fields that changed."""

    id: str
    at: dt.datetime
    who: str
    action: Action
    entity: str
    entity_key: str
    keys: tuple[str, ...]
    fields: tuple[str, ...]
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None
    comment: str | None
    sources: tuple[str, ...]

    @classmethod
    def new(
        cls,
        *,
        who: str,
        action: Action,
        entity: str,
        entity_key: str,
        before: Mapping[str, Any] | None = None,
        after: Mapping[str, Any] | None = None,
        keys: Sequence[str] = (),
        comment: str | None = None,
        sources: Sequence[str] = (),
        at: dt.datetime | None = None,
    ) -> Change:
        fields = sorted({*(before or {}), *(after or {})})
        return cls(
            id=uuid.uuid4().hex,
            at=at or dt.datetime.now(dt.UTC),
            who=who,
            action=action,
            entity=entity,
            entity_key=entity_key,
            keys=tuple(dict.fromkeys([entity_key, *keys])),
            fields=tuple(fields),
            before=before,
            after=after,
            comment=comment,
            sources=tuple(sources),
        )

    def row(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at,
            "who": self.who,
            "action": self.action.value,
            "entity": self.entity,
            "entityKey": self.entity_key,
            "keys": list(self.keys),
            "fields": list(self.fields),
            "before": _json(self.before),
            "after": _json(self.after),
            "comment": self.comment,
            "sources": list(self.sources),
        }


def _json(value: Mapping[str, Any] | None) -> str | None:
    return None if value is None else orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def _change(row: Mapping[str, Any]) -> Change:
    return Change(
        id=row["id"],
        at=row["at"].to_native(),
        who=row["who"],
        action=Action(row["action"]),
        entity=row["entity"],
        entity_key=row["entityKey"],
        keys=tuple(row["keys"]),
        fields=tuple(row["fields"]),
        before=orjson.loads(row["before"]) if row.get("before") else None,
        after=orjson.loads(row["after"]) if row.get("after") else None,
        comment=row.get("comment"),
        sources=tuple(row.get("sources") or ()),
    )


_CREATE: LiteralString = (
    "UNWIND $changes AS c CREATE (n:Change) SET n = c "
    "FOREACH (_ IN CASE WHEN c.comment IS NULL THEN [] ELSE [1] END | SET n.comment = c.comment)"
)


async def record(tx: AsyncManagedTransaction, *changes: Change) -> None:
    """Write `changes` inside the caller's transaction, so they commit with the change."""
    if changes:
        await (await tx.run(_CREATE, changes=[change.row() for change in changes])).consume()


_FIELDS: LiteralString = (
    "c {.id, .at, .who, .action, .entity, .entityKey, .keys, .fields, .before, .after, "
    ".comment, .sources}"
)
_FILTER: LiteralString = (
    "MATCH (c:Change) WHERE ($since IS NULL OR c.at >= $since) "
    "AND ($key IS NULL OR c.entityKey = $key OR $key IN c.keys) "
)
_OLDEST_FIRST: LiteralString = (
    _FILTER + "AND ($at IS NULL OR c.at > $at OR (c.at = $at AND c.id > $id)) "
    "RETURN " + _FIELDS + " AS change ORDER BY c.at, c.id LIMIT $limit"
)
_NEWEST_FIRST: LiteralString = (
    _FILTER + "AND ($at IS NULL OR c.at < $at OR (c.at = $at AND c.id < $id)) "
    "RETURN " + _FIELDS + " AS change ORDER BY c.at DESC, c.id DESC LIMIT $limit"
)


@dataclass(frozen=True)
class ChangePage:
    changes: list[Change]
    cursors: list[str]
    has_next: bool


def _scope(newest_first: bool) -> str:
    return "changes:desc" if newest_first else "changes:asc"


def change_cursor(change: Change, newest_first: bool) -> str:
    return cursor.encode(_scope(newest_first), [change.at.isoformat(), change.id])


async def page(
    db: Db,
    *,
    first: int,
    after: str | None = None,
    since: dt.datetime | None = None,
    entity_key: str | None = None,
    newest_first: bool = False,
) -> ChangePage:
    """Changes in time order (keyset-paginated on (at, id)): one round trip."""
    at: dt.datetime | None = None
    change_id: str | None = None
    if after is not None:
        raw_at, raw_id = cursor.decode(after, _scope(newest_first), 2)
        try:
            at, change_id = dt.datetime.fromisoformat(str(raw_at)), str(raw_id)
        except ValueError:
            raise BadCursorError("The cursor is malformed.", field="after") from None
    statement = _NEWEST_FIRST if newest_first else _OLDEST_FIRST
    rows = await db.read(
        statement, since=since, key=entity_key, at=at, id=change_id, limit=first + 1
    )
    changes = [_change(row["change"]) for row in rows[:first]]
    return ChangePage(
        changes=changes,
        cursors=[change_cursor(change, newest_first) for change in changes],
        has_next=len(rows) > first,
    )


async def by_id(tx: AsyncManagedTransaction, change_id: str) -> Change | None:
    result = await tx.run(
        "MATCH (c:Change {id: $id}) RETURN " + _FIELDS + " AS change", id=change_id
    )
    record_ = await result.single()
    return None if record_ is None else _change(record_["change"])
