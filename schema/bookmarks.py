"""Read-your-writes across replicas: a write's bookmark in `extensions.bookmarks`, sent back as
the `X-Maillage-Bookmark` header so that a request's statements wait for that write."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from strawberry.extensions import SchemaExtension

from errors import ValidationError

HEADER = "X-Maillage-Bookmark"
_MAX_HEADER = 4096
_MAX_BOOKMARKS = 16


def encode(bookmarks: list[str]) -> str:
    """The bookmarks as one opaque, URL- and header-safe token."""
    raw = json.dumps(sorted(bookmarks), separators=(",", ":")).encode("ascii")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode(token: str | None) -> tuple[str, ...]:
    """The bookmarks of a header value; none for an absent or empty header."""
    token = (token or "").strip()
    if not token:
        return ()
    refused = ValidationError(
        f"{HEADER} must be a value of `extensions.bookmarks`, sent back unchanged.", field=HEADER
    )
    if len(token) > _MAX_HEADER:
        raise refused
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        values = json.loads(raw.decode("ascii"))
    except (binascii.Error, ValueError):
        raise refused from None
    if (
        not isinstance(values, list)
        or not 0 < len(values) <= _MAX_BOOKMARKS
        or not all(isinstance(value, str) and value.isascii() and value for value in values)
    ):
        raise refused
    return tuple(values)


class BookmarkExtension(SchemaExtension):
    """Adds `extensions.bookmarks` to the response of an operation that wrote."""

    def get_results(self) -> dict[str, Any]:
        context = self.execution_context.context
        if context is None or not context.db.written:
            return {}
        return {"bookmarks": encode(list(context.db.written))}
