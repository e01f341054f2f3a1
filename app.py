"""The ASGI application: GraphQL, health and readiness, one Neo4j driver per process."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from errors import ClientError, DatabaseUnavailable, QueryTimeoutError
from graph import meta as graph_meta
from graph import readiness
from graph.db import Db, open_driver, verify
from metrics import CONTENT_TYPE, Metrics
from middleware import middleware
from resolvers import exports, pages
from resolvers.auth import Authenticator
from schema import bookmarks, fastpath
from schema.context import Context
from schema.root import build_schema
from settings import Settings

log = logging.getLogger("maillage")
READY_SECONDS = 2.0
"""/readyz answers within this, so a probe sees 503 rather than its own timeout."""


class MaillageGraphQL(GraphQL[Context, None]):
    def __init__(self, settings: Settings, metrics: Metrics | None = None) -> None:
        super().__init__(
            build_schema(settings, metrics),
            graphql_ide="graphiql" if settings.graphiql else None,
            allow_queries_via_get=True,
        )
        self.settings = settings
        self.auth = Authenticator(settings)
        if settings.fast_path:
            fastpath.install(self.schema)

    def encode_json(self, data: object) -> str | bytes:
        if self.settings.fast_path:
            return fastpath.encode_json(data)
        return super().encode_json(data)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        assert isinstance(request, Request)
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
            await app.state.db.drain(settings.query_timeout)
            await driver.close()

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(request: Request) -> Response:
        db: Db = request.app.state.db
        try:
            async with asyncio.timeout(READY_SECONDS):
                await graph_meta.ping(db.for_request(timeout=READY_SECONDS))
                missing = await readiness.missing_migrations(db.for_request(timeout=READY_SECONDS))
        except (DatabaseUnavailable, QueryTimeoutError, TimeoutError) as exc:
            reason = (
                str(exc) or f"The graph database is unavailable: no answer in {READY_SECONDS:g} s."
            )
            return JSONResponse({"status": "unavailable", "reason": reason}, status_code=503)
        if missing:
            reason = f"migrations not applied (run `maillage setup`): {', '.join(missing)}"
            return JSONResponse({"status": "unavailable", "reason": reason}, status_code=503)
        return JSONResponse({"status": "ready", "database": settings.neo4j_database})

    async def prometheus(request: Request) -> Response:
        return Response(metrics.render(), media_type=CONTENT_TYPE)

    metrics = Metrics()
    graphql = MaillageGraphQL(settings, metrics)

    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        Route("/metrics", prometheus, methods=["GET"]),
        Route("/graphql", graphql),
        Route("/export/graph.graphml", exports.graph_graphml, methods=["GET"]),
        Route("/export/graph.json", exports.graph_json, methods=["GET"]),
        Route("/export/edges.csv", exports.edges_csv, methods=["GET"]),
        *pages.routes(),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, middleware=middleware(settings, metrics))
    app.state.settings = settings
    app.state.metrics = metrics
    metrics.watch_pool(lambda: app.state.db.driver if hasattr(app.state, "db") else None)
    metrics.watch_unanswered(
        lambda: app.state.db.unanswered.count if hasattr(app.state, "db") else 0
    )
    return app


def asgi() -> Starlette:
    """The app configured from the environment: `uvicorn app:asgi --factory` (once per worker)."""
    return create_app(Settings.from_env())
