"""Keyset cursors: the sort values of a row, tagged with the list and ordering they belong to."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any

import orjson

from errors import BadCursorError

_MAX_CURSOR = 2048


def _plain(value: Any) -> Any:
    if hasattr(value, "to_native"):
        value = value.to_native()
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    return value


def _restore(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"d"} and isinstance(value["d"], str):
        return dt.date.fromisoformat(value["d"])
    return value


def encode(scope: str, values: list[Any]) -> str:
    """An opaque cursor for the row whose sort values are `values` in list `scope`."""
    payload = orjson.dumps({"s": scope, "v": [_plain(value) for value in values]})
    return base64.urlsafe_b64encode(payload).decode("ascii").rstrip("=")


def decode(cursor: str, scope: str, size: int) -> list[Any]:
    """The sort values of `cursor`; a clear error when it is malformed or from another list."""
    if len(cursor) > _MAX_CURSOR:
        raise BadCursorError("The cursor is too long to be one of ours.", field="after")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = orjson.loads(raw)
    except (binascii.Error, ValueError, orjson.JSONDecodeError):
        raise BadCursorError("The cursor is malformed.", field="after") from None
    if not isinstance(data, dict) or not isinstance(data.get("v"), list):
        raise BadCursorError("The cursor is malformed.", field="after")
    if data.get("s") != scope or len(data["v"]) != size:
        raise BadCursorError(
            "The cursor belongs to another list or ordering; pass a cursor returned by this "
            "field with the same orderBy.",
            field="after",
        )
    try:
        return [_restore(value) for value in data["v"]]
    except ValueError:
        raise BadCursorError("The cursor is malformed.", field="after") from None
