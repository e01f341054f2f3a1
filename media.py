"""GraphQL over HTTP media types: which one a response is written in, from the Accept header.

`application/graphql-response+json` (the specification's own type) when the client prefers it;
`application/json` otherwise: when it is preferred, when Accept is missing, `*/*` or names
neither (the specification lets a server answer in its default type then, rather than 406).
"""

from __future__ import annotations

import functools

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
CONTENT_TYPES = {
    GRAPHQL_RESPONSE: f"{GRAPHQL_RESPONSE}; charset=utf-8",
    JSON: JSON,
}
"""The Content-Type header of each: application/json as it has always been sent."""

_MAX_RANGES = 32
"""Media ranges read from one Accept header; a longer list is read no further."""


def _quality(params: list[str]) -> float:
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return max(0.0, min(1.0, float(value.strip())))
            except ValueError:
                return 0.0
    return 1.0


@functools.lru_cache(maxsize=256)
def negotiate(accept: str | None) -> str:
    """The media type to answer in: GRAPHQL_RESPONSE or JSON."""
    if not accept:
        return JSON
    graphql_q, json_q, wildcard_q = -1.0, -1.0, -1.0
    for item in accept.split(",", _MAX_RANGES)[:_MAX_RANGES]:
        media, *params = item.split(";")
        media = media.strip().lower()
        quality = _quality(params)
        if media == GRAPHQL_RESPONSE:
            graphql_q = max(graphql_q, quality)
        elif media == JSON:
            json_q = max(json_q, quality)
        elif media in ("*/*", "application/*"):
            wildcard_q = max(wildcard_q, quality)
    if json_q < 0:
        json_q = wildcard_q
    if graphql_q > 0 and graphql_q >= json_q:
        return GRAPHQL_RESPONSE
    return JSON


def content_type(accept: str | None) -> str:
    """The Content-Type header value for a response to this Accept header."""
    return CONTENT_TYPES[negotiate(accept)]
