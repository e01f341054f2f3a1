"""Curation resolvers: validate with the seed models, then one `graph.curation` call each."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from enum import Enum
from typing import Annotated, Any

import orjson
from pydantic import Field, StringConstraints, TypeAdapter
from strawberry.types.unset import UnsetType

from errors import FieldProblem, LimitExceededError, ValidationError
from graph import audit, curation, keys
from graph.audit import ChangePage
from graph.curation import Outcome
from graph.diffs import Idempotency, Meta, NodeState, Ref, Write
from graph.keys import ApiKey, Role
from schema.context import Info
from seeds import models
from seeds.curation import (
    KINDS,
    actor_fields,
    actor_write,
    check,
    invalid,
    problems_of,
    validate,
)

KEY = TypeAdapter(models.Key)
SOURCES = TypeAdapter(Annotated[list[models.Key], Field(min_length=1, max_length=50)])
COMMENT = TypeAdapter(models.Text | None)
IDEMPOTENCY_KEY = TypeAdapter(
    Annotated[str, StringConstraints(pattern=r"^[\x21-\x7e]{8,200}$")] | None
)
MAX_NEW_SOURCES = 10
_CAMEL = re.compile(r"_([a-z])")


def record_of(value: Any) -> Any:
    """A GraphQL input as the seed models spell it: camelCase names, plain values, no UNSET."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            _CAMEL.sub(lambda m: m.group(1).upper(), item.name.rstrip("_")): record_of(
                getattr(value, item.name)
            )
            for item in dataclasses.fields(value)
            if not isinstance(getattr(value, item.name), UnsetType)
        }
    if isinstance(value, list):
        return [record_of(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    return value


def _meta(
    info: Info,
    operation: str,
    request: Mapping[str, Any],
    comment: str | None,
    idempotency_key: str | None,
    sources: tuple[str, ...] = (),
) -> Meta:
    principal = info.context.principal
    assert principal is not None, "mutations are guarded by CanEdit"
    key = check(IDEMPOTENCY_KEY, idempotency_key, "idempotencyKey")
    digest = hashlib.sha256(
        orjson.dumps([operation, request], option=orjson.OPT_SORT_KEYS, default=str)
    ).hexdigest()
    return Meta(
        who=principal.name,
        comment=check(COMMENT, comment, "comment"),
        sources=sources,
        idempotency=Idempotency(key, digest) if key else None,
    )


async def create(
    info: Info, kind: str, value: Any, comment: str | None, idempotency_key: str | None
) -> Outcome:
    """Validate `value` as a record of `kind` and create it (CONFLICT when it exists)."""
    spec = KINDS[kind]
    data = record_of(value)
    record = validate(spec.model, data, "input")
    meta = _meta(info, kind, data, comment, idempotency_key)
    return await curation.create(info.context.db, spec.write(record, "input"), meta)


async def record_agreement(
    info: Info,
    value: Any,
    new_sources: list[Any],
    comment: str | None,
    idempotency_key: str | None,
) -> Outcome:
    """The agreement and the new sources it cites, created together or not at all."""
    if len(new_sources) > MAX_NEW_SOURCES:
        raise ValidationError(
            f"At most {MAX_NEW_SOURCES} new sources per agreement.", field="newSources"
        )
    spec, source_spec = KINDS["agreements"], KINDS["sources"]
    drafts = [record_of(source) for source in new_sources]
    problems: list[FieldProblem] = []
    records: list[Any] = []
    for i, draft in enumerate(drafts):
        found, wrong = problems_of(source_spec.model, draft)
        records.append(found)
        problems += [(f"newSources.{i}.{path}", text) for path, text in wrong]
    data = record_of(value)
    # A new source's key is cited even when the source itself is refused: its own fields are
    # then what is wrong, not the agreement's list of sources.
    keys = [draft.get("key") for draft in drafts]
    cited = [*data.get("sources", []), *(key for key in keys if isinstance(key, str) and key)]
    data["sources"] = list(dict.fromkeys(cited))
    record, wrong = problems_of(spec.model, data)
    problems += [(f"input.{path}", text) for path, text in wrong]
    if problems:
        raise invalid(problems, "")
    request = {"input": data, "newSources": drafts}
    meta = _meta(info, "recordAgreement", request, comment, idempotency_key)
    first = [source_spec.write(r, f"newSources.{i}") for i, r in enumerate(records)]
    return await curation.create(info.context.db, spec.write(record, "input"), meta, first)


async def update_actor(
    info: Info, key: str, patch: Any, comment: str | None, idempotency_key: str | None
) -> Outcome:
    """Apply `patch` to the stored actor, re-validate the whole record, write the difference."""
    key = check(KEY, key, "key")
    changes = record_of(patch)
    cited = tuple(check(SOURCES, changes.pop("sources", None), "input.sources"))

    def rebuild(state: NodeState) -> Write:
        fields = {**actor_fields(state), **changes}
        fields["sources"] = list(dict.fromkeys([*fields.get("sources", []), *cited]))
        return actor_write(validate(models.Actor, fields, "input"), "input")

    meta = _meta(info, "updateActor", {"key": key, **changes}, comment, idempotency_key, cited)
    return await curation.update(info.context.db, "Actor", key, rebuild, meta)


async def delete_actor(
    info: Info,
    key: str,
    detach: bool,
    sources: list[str],
    comment: str | None,
    idempotency_key: str | None,
) -> Outcome:
    key = check(KEY, key, "key")
    cited = tuple(check(SOURCES, sources, "sources"))
    request = {"key": key, "detach": detach, "sources": cited}
    meta = _meta(info, "deleteActor", request, comment, idempotency_key, cited)
    refs = tuple(Ref("Source", source, f"sources.{i}") for i, source in enumerate(cited))
    return await curation.delete(info.context.db, "Actor", key, detach=detach, meta=meta, refs=refs)


async def changes(
    info: Info,
    since: dt.datetime | None,
    entity_key: str | None,
    first: int | None,
    after: str | None,
    newest_first: bool,
) -> ChangePage:
    settings = info.context.settings
    size = settings.default_page_size if first is None else first
    if size < 0:
        raise ValidationError("`first` must be 0 or more.", field="first")
    if size > settings.max_page_size:
        raise LimitExceededError(
            f"`first` is {size}; at most {settings.max_page_size}.", field="first"
        )
    if entity_key is not None and len(entity_key) > 200:
        raise ValidationError("`entityKey` is at most 200 characters.", field="entityKey")
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=dt.UTC)  # changes are stamped in UTC
    return await audit.page(
        info.context.db,
        first=size,
        after=after,
        since=since,
        entity_key=entity_key,
        newest_first=newest_first,
    )


def _who(info: Info) -> str:
    principal = info.context.principal
    assert principal is not None, "key management is guarded by CanAdmin"
    return principal.name


async def create_api_key(info: Info, name: str, role: Role) -> tuple[ApiKey, str]:
    return await keys.create(info.context.db, name, role, _who(info))


async def revoke_api_key(info: Info, name: str) -> ApiKey:
    return await keys.revoke(info.context.db, name, _who(info))


async def api_keys(info: Info) -> list[ApiKey]:
    return await keys.listing(info.context.db)
