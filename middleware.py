"""HTTP defences and observability around the app: request ids and logs, CORS, rate limits,
body caps, CSRF-safe content types and a deadline on every request (pure ASGI middleware)."""

from __future__ import annotations

import asyncio
import contextvars
import datetime as dt
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

import orjson
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

import media
from metrics import Metrics
from settings import Settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
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


def middleware(settings: Settings, metrics: Metrics) -> list[Middleware]:
    """The stack, outermost first: ids and logs see every refusal the others make."""
    stack = [Middleware(RequestContext, metrics=metrics)]
    if settings.cors_origins:
        stack.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=[
                    "authorization",
                    "content-type",
                    "x-request-id",
                    "x-maillage-bookmark",
                ],
                expose_headers=["x-request-id", "retry-after"],
                max_age=600,
            )
        )
    if settings.rate_limit > 0:
        stack.append(Middleware(RateLimit, settings=settings, metrics=metrics))
    stack += [
        Middleware(BodyLimit, max_bytes=settings.max_body_bytes),
        Middleware(CsrfGuard),
        Middleware(Deadline, seconds=settings.request_timeout),
    ]
    return stack


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


def route_of(path: str) -> str:
    return next((route for route in ROUTES if path.startswith(route)), "other")


class RequestContext:
    """Gives each request an id (x-request-id), logs it as one access line and counts it."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        offered = _header(scope, b"x-request-id")
        rid = offered if offered and _REQUEST_ID.match(offered) else uuid.uuid4().hex[:16]
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), (b"x-request-id", rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception("unhandled error in %s %s", scope["method"], scope["path"])
            raise
        finally:
            seconds = time.perf_counter() - started
            route = route_of(scope["path"])
            self.metrics.http_requests.labels(route, scope["method"], str(status)).inc()
            self.metrics.http_seconds.labels(route).observe(seconds)
            client = scope.get("client")
            access.info(
                "%s %s %s %.1fms",
                scope["method"],
                scope["path"],
                status,
                seconds * 1000,
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status,
                    "ms": round(seconds * 1000, 1),
                    "client": client[0] if client else None,
                },
            )
            request_id.reset(token)


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
    """Per credential (Authorization header) or client address; 429 with Retry-After."""

    def __init__(self, app: ASGIApp, settings: Settings, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics
        self.by_key = TokenBuckets(settings.rate_limit, settings.rate_burst)
        # Counting each address too, at a wider rate, stops a client that rotates credentials.
        self.by_address = TokenBuckets(
            settings.rate_limit * ADDRESS_FACTOR, settings.rate_burst * ADDRESS_FACTOR
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in UNLIMITED or scope["method"] == "OPTIONS":
            await self.app(scope, receive, send)
            return
        now = time.monotonic()
        client = scope.get("client")
        address = client[0] if client else "unknown"
        credential = _header(scope, b"authorization")
        if credential:
            digest = hashlib.sha256(credential.encode()).hexdigest()[:32]
            by, wait = "key", self.by_key.take(digest, now)
            if not wait:
                by, wait = "address", self.by_address.take(address, now)
        else:
            by, wait = "address", self.by_key.take(address, now)
        if wait:
            self.metrics.rate_limited.labels(by).inc()
            seconds = max(1, math.ceil(wait))
            await refuse(
                scope,
                send,
                429,
                f"Too many requests; retry in {seconds} s.",
                "RATE_LIMITED",
                {"retry-after": str(seconds)},
            )
            return
        await self.app(scope, receive, send)


class BodyTooLarge(Exception):
    """The request body grew past the cap while it was read."""


class BodyLimit:
    """413 for a body over `max_bytes` (declared or streamed), 414 for such a query string."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        too_large = f"The request body is over {self.max_bytes} bytes."
        if len(scope.get("query_string", b"")) > self.max_bytes:
            await refuse(
                scope, send, 414, f"The query string is over {self.max_bytes} bytes.", "TOO_LARGE"
            )
            return
        declared = _header(scope, b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await refuse(scope, send, 413, too_large, "TOO_LARGE", {"connection": "close"})
            return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except BodyTooLarge:
            if not started:
                await refuse(scope, send, 413, too_large, "TOO_LARGE", {"connection": "close"})


class CsrfGuard:
    """POST /graphql only as application/json: browsers cannot send that cross-site without a
    CORS pre-flight, so a page elsewhere cannot make a visitor's browser run an operation.
    (Strawberry refuses mutations over GET.)"""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"] == "/graphql":
            raw = _header(scope, b"content-type") or ""
            media = raw.split(";", 1)[0].strip().lower()
            if media not in GRAPHQL_CONTENT_TYPES:
                await refuse(
                    scope,
                    send,
                    415,
                    f"POST /graphql takes Content-Type: application/json, not {media or 'none'}.",
                    "UNSUPPORTED_MEDIA_TYPE",
                )
                return
        await self.app(scope, receive, send)


class Deadline:
    """Every request ends within `seconds`: past it, 504 (if nothing was sent yet)."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        deadline = asyncio.timeout(self.seconds)
        try:
            async with deadline:
                await self.app(scope, receive, watched_send)
        except TimeoutError:
            if not deadline.expired():
                raise
            log.warning("request over its %gs deadline: %s", self.seconds, scope["path"])
            if not started:
                await refuse(
                    scope,
                    send,
                    504,
                    f"The request took longer than {self.seconds:g} s and was stopped.",
                    "TIMEOUT",
                )


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


_STANDARD = frozenset(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id and any extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        try:
            return orjson.dumps(entry, default=str).decode()
        except orjson.JSONEncodeError:  # e.g. an int beyond 64 bits in an extra
            return json.dumps(entry, default=str, ensure_ascii=False)


def logging_config(settings: Settings) -> dict[str, Any]:
    """uvicorn's `log_config` (applied in every worker): JSON lines or text, each line with the
    request id; the access line is RequestContext's, so uvicorn's own is silenced."""
    text = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
    json_lines = settings.log_format == "json"
    formatter = {"()": "middleware.JsonFormatter"} if json_lines else {"format": text}
    quiet = {"handlers": [], "propagate": True}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "middleware.RequestIdFilter"}},
        "formatters": {"default": formatter},
        "handlers": {
            "default": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "default",
                "filters": ["request_id"],
            }
        },
        "root": {"level": "INFO", "handlers": ["default"]},
        "loggers": {
            "uvicorn": {"level": "INFO", **quiet},
            "uvicorn.error": {"level": "INFO", **quiet},
            "uvicorn.access": {"level": "WARNING", **quiet},
            "neo4j": {"level": "WARNING"},
        },
    }
