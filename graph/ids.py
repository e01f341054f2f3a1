"""Relay global ids: an opaque, URL-safe form of (label, key)."""

from __future__ import annotations

import base64
import binascii

from errors import ValidationError

GLOBAL_LABELS = (
    "Actor", "Agreement", "Project", "Theme", "Source", "City", "Site", "Region", "Sector",
)  # fmt: skip


def to_global_id(label: str, key: str) -> str:
    return base64.urlsafe_b64encode(f"{label}:{key}".encode()).decode("ascii").rstrip("=")


def from_global_id(global_id: str) -> tuple[str, str]:
    """(label, key) of an id made by `to_global_id`; a clear error for anything else."""
    try:
        raw = base64.urlsafe_b64decode(global_id + "=" * (-len(global_id) % 4)).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ValidationError(f"{global_id[:60]!r} is not a Maillage id.", field="id") from None
    label, _, key = raw.partition(":")
    if label not in GLOBAL_LABELS or not key or len(key) > 200:
        raise ValidationError(f"{global_id[:60]!r} is not a Maillage id.", field="id")
    return label, key
