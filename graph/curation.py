"""Curated writes: checked against the graph and applied in one transaction, each audited.

A `Write` (graph/diffs.py) is one validated record shaped into the node, with the relationships
it owns, or the relationship it becomes. Optionally idempotent: a retry returns the first result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass

import orjson
from neo4j import AsyncManagedTransaction
from neo4j.exceptions import ConstraintError

from errors import ConflictError, NotFoundError
from graph import audit, counts, gazetteer, writes
from graph.audit import Action, Change
from graph.db import Db
from graph.diffs import Idempotency, Meta, NodeState, Ops, Ref, Write, keys_of, plan, view


@dataclass(frozen=True)
class Outcome:
    entity: str
    key: str
    change: Change | None
    replayed: bool = False


async def absent(db: Db, refs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which (label, key) pairs the graph does not hold: one statement per label."""
    return await writes.absent(writes.db_run(db), refs)


# ---- transactions ---------------------------------------------------------------------------


async def _apply(
    tx: AsyncManagedTransaction, batch: Sequence[Write], meta: Meta, *, overwrite: bool
) -> list[Outcome]:
    run = writes.tx_run(tx)
    await writes.lock(run, batch)
    await writes.check_refs(run, batch)
    ops = Ops()
    at = dt.datetime.now(dt.UTC)
    outcomes = []
    for write, old in zip(batch, await writes.states(run, batch), strict=True):
        if old is not None and not overwrite:
            raise ConflictError(
                f"{write.entity} {write.entity_key!r} exists already.", field=write.path("key")
            )
        change = plan(write, old, ops, meta, at)
        outcomes.append(Outcome(write.entity, write.entity_key, change))
    await writes.execute(run, ops)
    changes = [outcome.change for outcome in outcomes if outcome.change]
    await audit.record(tx, *changes)
    await counts.touched(run, _touched(changes))
    return outcomes


def _touched(changes: Iterable[Change]) -> list[str]:
    """The keys whose relationship counts a change may have moved."""
    return [key for change in changes for key in (change.entity_key, *change.keys)]


async def _transaction(
    db: Db,
    meta: Meta,
    work: Callable[[AsyncManagedTransaction], Awaitable[Outcome]],
    what: str,
    field: str | None = None,
) -> Outcome:
    """Run `work` in one transaction; with an idempotency key, a repeat returns the first result."""

    async def guarded(tx: AsyncManagedTransaction) -> Outcome:
        if meta.idempotency is not None:
            prior = await _replay(tx, meta.who, meta.idempotency)
            if prior is not None:
                return prior
        outcome = await work(tx)
        if meta.idempotency is not None:
            await _remember(tx, meta.who, meta.idempotency, outcome)
        return outcome

    try:
        outcome = await db.write_tx(guarded)
    except (ConstraintError, ConflictError) as exc:
        # A concurrent duplicate may lose the race on the record (ConflictError) or on the
        # idempotency key (ConstraintError): either way the winner's result is the answer.
        if meta.idempotency is not None:
            idempotency = meta.idempotency

            async def replay(tx: AsyncManagedTransaction) -> Outcome | None:
                return await _replay(tx, meta.who, idempotency)

            prior = await db.write_tx(replay)
            if prior is not None:
                return prior
        if isinstance(exc, ConflictError):
            raise
        raise ConflictError(
            f"{what} was written by another request at the same time.", field=field
        ) from None
    if outcome.change is not None:  # the next request names what was written
        await gazetteer.changed(db, [(outcome.change.entity, outcome.change.entity_key)])
    return outcome


async def _replay(tx: AsyncManagedTransaction, who: str, idem: Idempotency) -> Outcome | None:
    result = await tx.run(
        "MATCH (i:IdempotencyKey {principal: $who, key: $key}) RETURN i.request AS request, "
        "i.response AS response",
        who=who,
        key=idem.key,
    )
    found = await result.single()
    if found is None:
        return None
    if found["request"] != idem.request:
        raise ConflictError(
            "This idempotency key was used for a different request.", field="idempotencyKey"
        )
    response = orjson.loads(found["response"])
    change = await audit.by_id(tx, response["change"]) if response["change"] else None
    return Outcome(response["entity"], response["key"], change, replayed=True)


async def _remember(tx: AsyncManagedTransaction, who: str, idem: Idempotency, out: Outcome) -> None:
    response = {
        "entity": out.entity,
        "key": out.key,
        "change": out.change.id if out.change else None,
    }
    await (
        await tx.run(
            "CREATE (:IdempotencyKey {principal: $who, key: $key, request: $request, "
            "response: $response, createdAt: datetime()})",
            who=who,
            key=idem.key,
            request=idem.request,
            response=orjson.dumps(response).decode(),
        )
    ).consume()


async def create(db: Db, write: Write, meta: Meta, first: Sequence[Write] = ()) -> Outcome:
    """Create the record, and the `first` records it cites, in one transaction; CONFLICT when
    any exists (also when a concurrent request wins). The outcome is the record's."""

    async def work(tx: AsyncManagedTransaction) -> Outcome:
        return (await _apply(tx, [*first, write], meta, overwrite=False))[-1]

    field = write.path("key") if write.node else write.where or None
    return await _transaction(db, meta, work, f"{write.entity} {write.entity_key!r}", field)


async def upsert(db: Db, batch: Sequence[Write], meta: Meta) -> list[Outcome]:
    """Create what is missing, update what differs, leave what is equal: one transaction."""

    async def work(tx: AsyncManagedTransaction) -> list[Outcome]:
        return await _apply(tx, batch, meta, overwrite=True)

    try:
        outcomes = await db.write_tx(work)
    except ConstraintError:
        raise ConflictError(
            "Another request created some of these keys at the same time."
        ) from None
    written = [(o.change.entity, o.change.entity_key) for o in outcomes if o.change]
    if written:
        await gazetteer.changed(db, written)
    return outcomes


async def preview(db: Db, batch: Sequence[Write]) -> list[str]:
    """What `upsert` would do to each write, read-only: create, update or unchanged."""
    states = await writes.states(writes.db_run(db), batch)
    ops = Ops()
    at = dt.datetime.now(dt.UTC)
    meta = Meta(who="preview")
    verdicts = []
    for write, old in zip(batch, states, strict=True):
        change = plan(write, old, ops, meta, at)
        verdicts.append("create" if old is None else "update" if change else "unchanged")
    return verdicts


async def update(
    db: Db, label: str, key: str, rebuild: Callable[[NodeState], Write], meta: Meta
) -> Outcome:
    """Read the node, let `rebuild` validate its new form, write the difference: one transaction."""

    async def work(tx: AsyncManagedTransaction) -> Outcome:
        run = writes.tx_run(tx)
        probe = Write(label, key, NodeState(label, key, {}))
        await writes.lock(run, [probe])
        (old,) = await writes.states(run, [probe])
        if not isinstance(old, NodeState):
            raise NotFoundError(f"No {label.lower()} has the key {key!r}.", field="key")
        write = rebuild(old)
        await writes.check_refs(run, [write])
        ops = Ops()
        change = plan(write, old, ops, meta, dt.datetime.now(dt.UTC))
        await writes.execute(run, ops)
        if change is not None:
            await audit.record(tx, change)
            await counts.touched(run, _touched([change]))
        return Outcome(write.entity, key, change)

    return await _transaction(db, meta, work, f"{label} {key!r}")


async def delete(
    db: Db,
    label: str,
    key: str,
    *,
    detach: bool,
    meta: Meta,
    refs: tuple[Ref, ...] = (),
    hidden: frozenset[str] = frozenset(),
) -> Outcome:
    """Delete the node and what it owns; refused (CONFLICT) while it has links, unless `detach`."""

    async def work(tx: AsyncManagedTransaction) -> Outcome:
        run = writes.tx_run(tx)
        probe = Write(label, key, NodeState(label, key, {}))
        await writes.lock(run, [probe])
        (old,) = await writes.states(run, [probe])
        if old is None:
            raise NotFoundError(f"No {label.lower()} has the key {key!r}.", field="key")
        await writes.require(run, [(ref.path, ref) for ref in refs])
        owned = [rel_type for rel_type, _ in writes.OWNED[label]]
        links = (await run(writes.LINKS[label], {"key": key, "owned": owned}))[0]
        if links["links"] and not detach:
            kinds = sorted({link["type"] for link in links["links"]})
            raise ConflictError(
                f"{label} {key!r} still has {len(links['links'])} link(s) ({', '.join(kinds)}); "
                "remove them first or pass detach: true.",
                field="detach",
            )
        before = view(old, hidden, None)
        if links["links"]:
            before["links"] = [
                {"type": link["type"], "outgoing": link["outgoing"], "key": link["key"]}
                for link in links["links"]
            ]
        change = Change.new(
            who=meta.who,
            action=Action.DELETE,
            entity=label,
            entity_key=key,
            before=before,
            keys=[*keys_of(old), *[link["key"] for link in links["links"]]],
            comment=meta.comment,
            sources=meta.sources,
        )
        await run(writes.DELETE_NODE[label], {"key": key})
        await audit.record(tx, change)
        await counts.touched(run, _touched([change]))
        return Outcome(label, key, change)

    return await _transaction(db, meta, work, f"{label} {key!r}")
