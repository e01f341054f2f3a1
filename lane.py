"""The known lane: POST and GET /graphql for an operation accepted before, answered from HTTP to
bytes without Strawberry's view and execution.

The document's parse, shape limits and validation are Strawberry's, kept by text (`Accepted`);
what the lane may answer is decided once per operation (`schema/known.py`). Each request still
meets its own checks, in Strawberry's order of effect: the persisted-query registry, its
variables, its credential and bookmarks, the read permission and its cost. Any of them refusing,
a first sight, a text the statement will not write, or anything unexpected: the request goes to
Strawberry's view (`view.py`) with its body, which answers it as before. The lane writes the same
bytes, status and headers as the view would (`tests/test_lane.py` compares them).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any, TypeGuard
from urllib.parse import parse_qsl

import orjson
from cross_web import HTTPException
from graphql import GraphQLError, GraphQLResolveInfo, GraphQLSchema, located_error
from graphql.execution.values import get_variable_values
from graphql.pyutils import Path
from starlette.requests import Request

import media
from errors import ClientError
from graph.keys import Role
from graph.response import Text
from metrics import Metrics
from resolvers.reads import read_connection, read_one
from schema.context import Context
from schema.core import core_schema
from schema.cost import estimate
from schema.errors import log_client_errors, present
from schema.fastpath import encode_json
from schema.known import Checks, Known, KnownDocuments, NotNow, analyse
from schema.limits import budget
from schema.permissions import require
from schema.persisted import PersistedQueryError
from schema.root import MaillageSchema
from schema.trace import trace
from settings import Settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ContextFor = Callable[[Request], Awaitable[Context]]


@dataclass(frozen=True, slots=True)
class Ask:
    """One request's operation, as the view would read it."""

    query: str | None
    variables: dict[str, Any] | None
    name: str | None
    extensions: dict[str, Any] | None

    @classmethod
    def read(cls, raw: Any) -> Ask | None:
        """The operation of a decoded body; None when the view would refuse it or read it
        some other way (a batch, a value of the wrong type)."""
        if type(raw) is not dict:
            return None
        query, variables = raw.get("query"), raw.get("variables")
        name, extensions = raw.get("operationName"), raw.get("extensions")
        if not isinstance(query, str | None) or not isinstance(name, str | None):
            return None
        if not isinstance(variables, dict | None) or not isinstance(extensions, dict | None):
            return None
        return cls(query, variables, name, extensions)


class KnownLane:
    """Answers known operations of one schema; `__call__` gives back the receive channel the
    view reads the request from when it does not."""

    def __init__(
        self,
        schema: MaillageSchema,
        checks: Checks,
        settings: Settings,
        metrics: Metrics | None,
        context_for: ContextFor,
    ) -> None:
        self.schema: GraphQLSchema = core_schema(schema)
        self.checks = checks
        self.settings = settings
        self.metrics = metrics
        self.context_for = context_for
        self.known = KnownDocuments()
        self.answered = 0
        """Requests the lane answered itself."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> Receive | None:
        headers = _headers(scope)
        if scope["method"] == "POST":
            body = await _body(receive)
            again = _replay(body, receive)
            try:
                ask = Ask.read(orjson.loads(body))
            except orjson.JSONDecodeError:
                return again
        else:
            again = receive
            ask = _from_query_string(scope, headers)
        if ask is None or not await self._answered(ask, scope, again, send, headers):
            return again
        return None

    async def _answered(
        self, ask: Ask, scope: Scope, receive: Receive, send: Send, headers: dict[bytes, str]
    ) -> bool:
        started = time.perf_counter()
        checks = self.checks
        try:
            text = checks.registry.resolve(ask.query, ask.extensions)
        except PersistedQueryError:
            return False
        if text is None:
            return False
        known = self._known(text, ask)
        if known is None:
            return False
        variables = ask.variables or {}
        coerced = get_variable_values(
            self.schema, known.operation.variable_definitions or (), variables
        )
        if isinstance(coerced, list):
            return False
        try:
            context = await self.context_for(Request(scope, receive))
            if known.read is not None:
                require(context, Role.VIEWER)
        except (HTTPException, ClientError):
            return False
        document, name = known.document, ask.name
        cost = checks.costs.cost(
            text,
            name,
            coerced.coerced,
            lambda values: estimate(self.schema, document, name, values, checks.model),
        )
        if cost > budget(self.settings, context):
            return False
        answer = await self._answer(known, coerced.coerced, context)
        if answer is None:
            return False
        payload, errors = answer
        if self.metrics is not None:
            seconds = time.perf_counter() - started
            cypher_ms = [call.milliseconds for call in context.db.calls]
            self.metrics.operation(name, "query", errors, True, seconds, cypher_ms)
        await _send(send, payload, headers.get(b"accept"))
        self.answered += 1
        return True

    def _known(self, text: str, ask: Ask) -> Known | None:
        seen, known = self.known.get(text, ask.name)
        if seen:
            return known
        document = self.checks.accepted.get(text)
        if document is None:
            return None  # a first sight: Strawberry parses, checks and validates it
        try:
            known = analyse(self.schema, document, ask.name, ask.variables or {})
        except NotNow:
            return None
        self.known.add(text, ask.name, known)
        return known

    async def _answer(
        self, known: Known, variables: dict[str, Any], context: Context
    ) -> tuple[dict[str, Any], list[GraphQLError]] | None:
        """The response's payload and its errors; None to leave the request to the view."""
        query_type = self.schema.query_type
        assert query_type is not None
        data: dict[str, Any] | None = {key: query_type.name for key in known.keys}
        errors: list[GraphQLError] = []
        read = known.read
        if read is not None:
            path = Path(None, read.key, query_type.name)
            info = GraphQLResolveInfo(
                read.name,
                read.nodes,
                read.definition.type,
                query_type,
                path,
                self.schema,
                known.fragments,
                None,
                known.operation,
                variables,  # type: ignore[arg-type]  # a plain dict, as Strawberry passes it
                context,
                _never_awaitable,
                None,
                None,  # type: ignore[arg-type]
            )
            try:
                children = read.children(info)
                if read.entity is not None:
                    found = read_one(info, context, read.entity, children=children)
                else:
                    found = read_connection(info, context, children)
                text: Text | None = await found.text(read.out)
            except ClientError as exc:  # answered as execution would: no second statement
                error = present(located_error(exc, read.nodes, path.as_list()))
                log_client_errors([error])
                errors.append(error)
                text = None
            except Exception:
                return None  # the view answers (and reports) it as before
            else:
                if text is None:
                    return None  # an error to report, or a value to read again as maps
            if errors and read.entity is None:
                data = None  # a non-null root field failed
            else:
                assert data is not None
                data[read.key] = text
        payload: dict[str, Any] = {"data": data}
        if errors:
            payload["errors"] = [error.formatted for error in errors]
        extensions = trace(context)
        if extensions:
            payload["extensions"] = extensions
        return payload, errors


def _never_awaitable(value: Any) -> TypeGuard[Awaitable[Any]]:
    return False


def _headers(scope: Scope) -> dict[bytes, str]:
    found: dict[bytes, str] = {}
    for key, value in scope.get("headers", ()):
        if key not in found:
            found[key] = bytes(value).decode("latin-1")
    return found


def _from_query_string(scope: Scope, headers: dict[bytes, str]) -> Ask | None:
    """A GET's operation, as Strawberry reads it; None for the IDE page and anything else."""
    accept = headers.get(b"accept", "")
    if "text/html" in accept:
        return None
    params = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1"), True))
    if "query" not in params or "" in (params.get("variables"), params.get("extensions")):
        return None  # an empty value is the view's to refuse or read
    try:
        variables = orjson.loads(params["variables"]) if "variables" in params else None
        extensions = orjson.loads(params["extensions"]) if "extensions" in params else None
    except orjson.JSONDecodeError:
        return None
    return Ask.read(
        {
            "query": params["query"],
            "variables": variables,
            "operationName": params.get("operationName"),
            "extensions": extensions,
        }
    )


async def _body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive channel giving `body` once more, then the connection's own messages."""
    given = False

    async def again() -> Message:
        nonlocal given
        if given:
            return await receive()
        given = True
        return {"type": "http.request", "body": body, "more_body": False}

    return again


async def _send(send: Send, payload: dict[str, Any], accept: str | None) -> None:
    """The response as the view writes it: orjson text, the negotiated content type."""
    body = encode_json(payload)
    kind = media.CONTENT_TYPES[media.negotiate(accept)].encode()
    headers = [(b"content-length", b"%d" % len(body)), (b"content-type", kind)]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})
