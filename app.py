"""The ASGI application: GraphQL (view.py), health and readiness, one Neo4j driver per process."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from errors import DatabaseUnavailable, QueryTimeoutError
from graph import meta as graph_meta
from graph import readiness, warmup
from graph.db import Db, open_driver, verify
from graph.plans import PLANS
from metrics import CONTENT_TYPE, Metrics
from middleware import Edge
from resolvers import exports, pages
from settings import Settings
from view import MaillageGraphQL

log = logging.getLogger("maillage")
READY_SECONDS = 2.0
"""/readyz answers within this, so a probe sees 503 rather than its own timeout."""


class Maillage(Starlette):
    """Starlette's routes and lifespan behind one layer, `Edge`, in place of Starlette's stack
    (its error and exception middlewares included: the edge answers those cases itself)."""

    def __init__(self, settings: Settings, metrics: Metrics, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.edge_settings = settings
        self.edge_metrics = metrics

    def build_middleware_stack(self) -> ASGIApp:
        return Edge(self.router, self.edge_settings, self.edge_metrics)


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
        planning = asyncio.create_task(warmup.warm(app.state.db))
        try:
            yield
        finally:
            planning.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await planning
            await PLANS.stop()
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
    app = Maillage(settings, metrics, routes=routes, lifespan=lifespan)
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
