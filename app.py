"""The ASGI application: GraphQL, health and readiness, one Neo4j driver per process."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from errors import DatabaseUnavailable
from graph import meta as graph_meta
from graph.db import Db, open_driver, verify
from resolvers import exports
from resolvers.auth import Authenticator
from schema.context import Context
from schema.root import build_schema
from settings import Settings

log = logging.getLogger("maillage")


class MaillageGraphQL(GraphQL[Context, None]):
    def __init__(self, settings: Settings) -> None:
        super().__init__(build_schema(), graphql_ide="graphiql", allow_queries_via_get=True)
        self.settings = settings
        self.auth = Authenticator(settings)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        assert isinstance(request, Request)
        db: Db = request.app.state.db
        # The key look-up gets its own Db so it is not counted in the operation's round trips.
        principal, refused = await self.auth.authenticate(
            request.headers.get("authorization"), db.for_request()
        )
        return Context(
            request=request,
            settings=self.settings,
            db=db.for_request(),
            principal=principal,
            credential_error=refused,
        )


def create_app(settings: Settings) -> Starlette:
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        driver = open_driver(settings)
        try:
            await verify(driver, settings)
        except DatabaseUnavailable as exc:
            if settings.require_db:
                await driver.close()
                raise
            log.warning("starting without the database (MAILLAGE_REQUIRE_DB=false): %s", exc)
        app.state.db = Db(driver, settings.neo4j_database, settings.query_timeout)
        log.info("connected to %s database %s", settings.uri, settings.neo4j_database)
        try:
            yield
        finally:
            await driver.close()

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        db: Db = request.app.state.db
        try:
            await graph_meta.ping(db.for_request())
        except DatabaseUnavailable as exc:
            return JSONResponse({"status": "unavailable", "reason": str(exc)}, status_code=503)
        return JSONResponse({"status": "ready", "database": settings.neo4j_database})

    graphql = MaillageGraphQL(settings)

    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        Route("/graphql", graphql),
        Route("/export/graph.graphml", exports.graph_graphml, methods=["GET"]),
        Route("/export/graph.json", exports.graph_json, methods=["GET"]),
        Route("/export/edges.csv", exports.edges_csv, methods=["GET"]),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.settings = settings
    return app
