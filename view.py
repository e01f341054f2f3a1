"""The GraphQL endpoint over HTTP: Strawberry's view, speaking the GraphQL-over-HTTP media types
and status codes, serving the IDE page to browsers.

With `Accept: application/graphql-response+json` a request that never reached execution (the
document does not parse or validate, its variables do not coerce, a limit refuses it) is a 400
without `data`; an executed operation is a 200, field errors or not. With `application/json`
(or no Accept) every GraphQL result is a 200 with `data`, as before. A request that is not a
GraphQL request at all (bad JSON, no query, a mutation over GET) gets the GraphQL error shape
with a 4xx in either type.
"""

from __future__ import annotations

from typing import Any

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData, process_result
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.unset import UNSET

import media
from errors import ClientError
from graph.db import Db
from lane import KnownLane
from metrics import Metrics
from resolvers.auth import Authenticator
from resolvers.ide import Ide
from schema import bookmarks, fastpath
from schema.context import Context
from schema.root import MaillageSchema, build_schema
from settings import Settings

PRE_EXECUTION_STATUS = {
    "INTERNAL": 500,
    "DATABASE_UNAVAILABLE": 503,
    "TIMEOUT": 504,
}
"""A result refused before execution is a 400, unless the server, not the request, failed."""

HTTP_CODES = {400: "BAD_REQUEST", 404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}


def _not_executed(result: ExecutionResult) -> bool:
    """No data and no error with a path: the operation never ran (parse, validation, variable
    coercion, a limit or persisted-query refusal). A null root after execution has a path."""
    errors = result.errors or []
    return result.data is None and bool(errors) and all(not error.path for error in errors)


class MaillageGraphQL(GraphQL[Context, None]):
    def __init__(self, settings: Settings, metrics: Metrics | None = None) -> None:
        super().__init__(
            build_schema(settings, metrics),
            graphql_ide="graphiql" if settings.graphiql else None,
            allow_queries_via_get=True,
        )
        self.settings = settings
        self.auth = Authenticator(settings)
        self.ide = Ide()
        self.lane: KnownLane | None = None
        if settings.fast_path:
            fastpath.install(self.schema)
            checks = getattr(self.schema, "checks", None)
            if isinstance(self.schema, MaillageSchema) and checks is not None:
                self.lane = KnownLane(self.schema, checks, settings, metrics, self.context_for)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """An operation accepted before goes the known lane (`lane.py`); the rest, and what the
        lane gives back, through Strawberry's view."""
        lane = self.lane
        if lane is not None and scope["type"] == "http" and scope["method"] in ("GET", "POST"):
            again = await lane(scope, receive, send)
            if again is None:
                return
            receive = again
        await super().__call__(scope, receive, send)

    def encode_json(self, data: object) -> str | bytes:
        if self.settings.fast_path:
            return fastpath.encode_json(data)
        return super().encode_json(data)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        assert isinstance(request, Request)
        return await self.context_for(request)

    async def context_for(self, request: Request) -> Context:
        """The request's context: its database handle (after its bookmarks) and caller."""
        db: Db = request.app.state.db
        try:
            seen = bookmarks.decode(request.headers.get(bookmarks.HEADER))
        except ClientError as exc:
            raise HTTPException(400, str(exc)) from None
        # The key look-up gets its own Db so it is not counted in the operation's round trips;
        # it waits for the same writes, so a key created through another replica is found.
        principal, refused = await self.auth.authenticate(
            request.headers.get("authorization"), db.for_request(seen)
        )
        return Context(
            request=request,
            settings=self.settings,
            db=db.for_request(seen),
            principal=principal,
            credential_error=refused,
        )

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        sub_response.media_type = media.negotiate(request.headers.get("accept"))
        return sub_response

    async def render_graphql_ide(self, request: Request) -> Response:
        return self.ide.page()

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        parsed = await super().parse_http_body(request)
        operations = parsed if isinstance(parsed, list) else [parsed]
        if any(not isinstance(op.operation_name, str | None) for op in operations):
            raise HTTPException(
                400, "The GraphQL operation's `operationName` must be a string or null."
            )
        return parsed

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        response = process_result(result)
        if _not_executed(result) and media.negotiate(request.headers.get("accept")) == (
            media.GRAPHQL_RESPONSE
        ):
            del response["data"]
        return response

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        if sub_response.media_type == media.GRAPHQL_RESPONSE:
            response.headers["content-type"] = media.CONTENT_TYPES[media.GRAPHQL_RESPONSE]
            if isinstance(response_data, dict) and "data" not in response_data:
                errors = response_data.get("errors") or []
                response.status_code = _status_of(errors)
        return response

    async def run(  # type: ignore[override]
        self, request: Request | WebSocket, context: Any = UNSET, root_value: Any = UNSET
    ) -> Response | WebSocket:
        if isinstance(request, WebSocket):
            return await super().run(request, context, root_value)
        try:
            return await super().run(request, context, root_value)
        except HTTPException as exc:
            return self.refusal(request, exc)

    def refusal(self, request: Request, exc: HTTPException) -> Response:
        """A request Strawberry refused, in the GraphQL error shape of the negotiated type;
        a mutation over GET is a 405 (the specification's MUST)."""
        status, message, headers = exc.status_code, exc.reason, {}
        if request.method == "GET" and isinstance(exc.__cause__, InvalidOperationTypeError):
            status, message, headers = 405, "Mutations run over POST only.", {"allow": "POST"}
        elif status == 405:
            headers = {"allow": "GET, POST"}
        elif status == 404:
            message = (
                "The GraphQL IDE is off on this server; send an operation (GET ?query=, or POST)."
            )
        code = HTTP_CODES.get(status, "BAD_REQUEST")
        body = {"errors": [{"message": message, "extensions": {"code": code}}]}
        return Response(
            self.encode_json(body),
            status_code=status,
            headers=headers,
            media_type=media.content_type(request.headers.get("accept")),
        )


def _status_of(errors: list[Any]) -> int:
    for error in errors:
        code = (error.get("extensions") or {}).get("code") if isinstance(error, dict) else None
        if isinstance(code, str) and code in PRE_EXECUTION_STATUS:
            return PRE_EXECUTION_STATUS[code]
    return 400
