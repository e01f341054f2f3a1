"""HTTP defences and observability around the app, as one pure ASGI layer (`Edge`): request
ids and the access log, CORS, rate limits, body caps, CSRF-safe content types and a deadline
on every request, then the router's own 404/405 and a plain 500 for anything unhandled."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import json
import logging
import math
import re
import time
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import PlainTextResponse, Response

import media
from logs import request_id
from metrics import Metrics
from settings import Settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("maillage.http")
access = logging.getLogger("maillage.access")

ROUTES = ("/graphql", "/healthz", "/readyz", "/metrics", "/export")
UNLIMITED = frozenset({"/healthz", "/readyz", "/metrics"})
"""Probes and scrapes are never rate-limited."""
GRAPHQL_CONTENT_TYPES = frozenset({"application/json"})
ADDRESS_FACTOR = 4
"""An address may spend this many times the per-credential rate, whatever credentials it sends."""
MAX_BUCKETS = 10_000
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


_READ_HEADERS = frozenset(
    {
        b"x-request-id",
        b"origin",
        b"access-control-request-method",
        b"authorization",
        b"content-length",
        b"content-type",
    }
)
"""The request headers the edge reads (the first of each): one pass over the headers."""
_LABELLED = 256
"""Metric children kept by (route, method, status): past this, looked up every time."""


async def send_json(
    send: Send, status: int, body: object, headers: dict[str, str], accept: str | None = None
) -> None:
    payload = json.dumps(body).encode()
    kind = media.content_type(accept).encode()
    raw = [(b"content-type", kind), (b"content-length", b"%d" % len(payload))]
    raw += [(k.encode(), v.encode()) for k, v in headers.items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": payload})


async def refuse(
    scope: Scope,
    send: Send,
    status: int,
    message: str,
    code: str,
    headers: dict[str, str] | None = None,
) -> None:
    """A refusal in the GraphQL error shape, so every client reads it the same way, in the
    media type its Accept header asks for."""
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    await send_json(send, status, body, headers or {}, _header(scope, b"accept"))


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin-1")
    return None


def _read_headers(scope: Scope) -> dict[bytes, bytes]:
    found: dict[bytes, bytes] = {}
    for key, value in scope.get("headers", ()):
        if key in _READ_HEADERS and key not in found:
            found[key] = bytes(value)
    return found


def route_of(path: str) -> str:
    return next((route for route in ROUTES if path.startswith(route)), "other")


@dataclass
class Bucket:
    tokens: float
    updated: float


class TokenBuckets:
    """Token buckets: `burst` requests at once, refilled at `per_minute`."""

    def __init__(self, per_minute: float, burst: float) -> None:
        self.rate = per_minute / 60.0
        self.burst = burst
        self.buckets: dict[str, Bucket] = {}

    def take(self, key: str, now: float) -> float:
        """0 when a token was taken, else the seconds until one is available."""
        bucket = self.buckets.get(key)
        if bucket is None:
            if len(self.buckets) >= MAX_BUCKETS:
                self._forget_full(now)
            bucket = self.buckets[key] = Bucket(self.burst, now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) / self.rate

    def _forget_full(self, now: float) -> None:
        full = self.burst / self.rate
        stale = [k for k, b in self.buckets.items() if now - b.updated >= full]
        for key in stale or list(self.buckets)[: MAX_BUCKETS // 10]:
            del self.buckets[key]


class RateLimit:
    """Per credential (Authorization header) or client address, with Retry-After's seconds."""

    def __init__(self, settings: Settings) -> None:
        self.by_key = TokenBuckets(settings.rate_limit, settings.rate_burst)
        # Counting each address too, at a wider rate, stops a client that rotates credentials.
        self.by_address = TokenBuckets(
            settings.rate_limit * ADDRESS_FACTOR, settings.rate_burst * ADDRESS_FACTOR
        )

    def wait(self, scope: Scope, credential: bytes | None) -> tuple[str, float]:
        """Which bucket refused ("key" or "address") and the seconds to wait; 0 when taken."""
        now = time.monotonic()
        client = scope.get("client")
        address = client[0] if client else "unknown"
        if credential:
            digest = hashlib.sha256(credential).hexdigest()[:32]
            by, wait = "key", self.by_key.take(digest, now)
            if not wait:
                by, wait = "address", self.by_address.take(address, now)
            return by, wait
        return "address", self.by_key.take(address, now)


class BodyTooLarge(Exception):
    """The request body grew past the cap while it was read."""


class _Reply:
    """A request's way out: its id on the response, and what was sent (status, started)."""

    __slots__ = ("header", "send", "started", "status")

    def __init__(self, send: Send, rid: str) -> None:
        self.send = send
        self.header = (b"x-request-id", rid.encode())
        self.status = 500
        self.started = False

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.started = True
            message["headers"] = [*message.get("headers", ()), self.header]
        await self.send(message)


class Edge:
    """The one layer every request crosses, checks in this order: an id and an access line
    (refusals included), a CORS pre-flight answered, the rate limit (429 with Retry-After), the
    body cap (413, 414 for a query string), POST /graphql only as application/json (415:
    browsers cannot send that cross-site without a pre-flight; Strawberry refuses mutations over
    GET), then the app within the request's deadline (504 if nothing was sent yet)."""

    def __init__(self, app: ASGIApp, settings: Settings, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics
        self.max_bytes = settings.max_body_bytes
        self.seconds = settings.request_timeout
        self.rate = RateLimit(settings) if settings.rate_limit > 0 else None
        self.cors = _cors(app, settings.cors_origins) if settings.cors_origins else None
        self.labelled: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _read_headers(scope)
        offered = headers.get(b"x-request-id", b"").decode("latin-1")
        rid = offered if offered and _REQUEST_ID.match(offered) else uuid.uuid4().hex[:16]
        token = request_id.set(rid)
        started = time.perf_counter()
        reply = _Reply(send, rid)
        try:
            await self._checked(scope, receive, reply, headers)
        except Exception:
            log.exception("unhandled error in %s %s", scope["method"], scope["path"])
            if not reply.started:
                await PlainTextResponse("Internal Server Error", 500)(scope, receive, send)
            raise
        finally:
            self._observe(scope, reply.status, time.perf_counter() - started)
            request_id.reset(token)

    async def _checked(
        self, scope: Scope, receive: Receive, reply: _Reply, headers: dict[bytes, bytes]
    ) -> None:
        method, path = scope["method"], scope["path"]
        respond: Send = reply
        if self.cors is not None:
            request_headers = Headers(scope=scope)
            preflight = b"origin" in headers and b"access-control-request-method" in headers
            if method == "OPTIONS" and preflight:
                await self.cors.preflight_response(request_headers)(scope, receive, reply)
                return
            respond = functools.partial(self.cors.send, send=reply, request_headers=request_headers)
        if self.rate is not None and path not in UNLIMITED and method != "OPTIONS":
            by, wait = self.rate.wait(scope, headers.get(b"authorization"))
            if wait:
                self.metrics.rate_limited.labels(by).inc()
                seconds = max(1, math.ceil(wait))
                retry = {"retry-after": str(seconds)}
                message = f"Too many requests; retry in {seconds} s."
                await refuse(scope, respond, 429, message, "RATE_LIMITED", retry)
                return
        if len(scope.get("query_string", b"")) > self.max_bytes:
            message = f"The query string is over {self.max_bytes} bytes."
            await refuse(scope, respond, 414, message, "TOO_LARGE")
            return
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._too_large(scope, respond)
            return
        if method == "POST" and path == "/graphql":
            raw = headers.get(b"content-type", b"").decode("latin-1")
            kind = raw.split(";", 1)[0].strip().lower()
            if kind not in GRAPHQL_CONTENT_TYPES:
                message = (
                    f"POST /graphql takes Content-Type: application/json, not {kind or 'none'}."
                )
                await refuse(scope, respond, 415, message, "UNSUPPORTED_MEDIA_TYPE")
                return
        await self._within_deadline(scope, receive, respond, reply)

    async def _within_deadline(
        self, scope: Scope, receive: Receive, respond: Send, reply: _Reply
    ) -> None:
        received = 0

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge
            return message

        deadline = asyncio.timeout(self.seconds)
        try:
            async with deadline:
                try:
                    await self.app(scope, counted_receive, respond)
                except HTTPException as exc:  # the router's 404 and 405, an endpoint's refusal
                    if reply.started:
                        raise RuntimeError("an HTTP error after the response started") from exc
                    await _http_error(exc)(scope, receive, respond)
        except TimeoutError:
            if not deadline.expired():
                raise
            log.warning("request over its %gs deadline: %s", self.seconds, scope["path"])
            if not reply.started:
                message = f"The request took longer than {self.seconds:g} s and was stopped."
                await refuse(scope, respond, 504, message, "TIMEOUT")
        except BodyTooLarge:
            if not reply.started:
                await self._too_large(scope, respond)

    async def _too_large(self, scope: Scope, send: Send) -> None:
        message = f"The request body is over {self.max_bytes} bytes."
        await refuse(scope, send, 413, message, "TOO_LARGE", {"connection": "close"})

    def _observe(self, scope: Scope, status: int, seconds: float) -> None:
        """The request counted, timed and logged as one access line."""
        method, path = scope["method"], scope["path"]
        route = route_of(path)
        labels = (route, method, status)
        children = self.labelled.get(labels)
        if children is None:
            children = (
                self.metrics.http_requests.labels(route, method, str(status)),
                self.metrics.http_seconds.labels(route),
            )
            if len(self.labelled) < _LABELLED:
                self.labelled[labels] = children
        children[0].inc()
        children[1].observe(seconds)
        if not access.isEnabledFor(logging.INFO):
            return
        client = scope.get("client")
        ms = seconds * 1000
        access.info(
            "%s %s %s %.1fms",
            method,
            path,
            status,
            ms,
            extra={
                "method": method,
                "path": path,
                "status": status,
                "ms": round(ms, 1),
                "client": client[0] if client else None,
            },
        )


def _cors(app: ASGIApp, origins: tuple[str, ...]) -> CORSMiddleware:
    """Starlette's CORS rules, used for their pre-flight answer and response headers only."""
    return CORSMiddleware(
        app,
        allow_origins=list(origins),
        allow_methods=["GET", "POST"],
        allow_headers=["authorization", "content-type", "x-request-id", "x-maillage-bookmark"],
        expose_headers=["x-request-id", "retry-after"],
        max_age=600,
    )


def _http_error(exc: HTTPException) -> Response:
    if exc.status_code in {204, 304}:
        return Response(status_code=exc.status_code, headers=exc.headers)
    return PlainTextResponse(exc.detail, status_code=exc.status_code, headers=exc.headers)
