"""Text folding shared by writes and queries: case- and accent-insensitive forms."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case and accent-free: "DÉCARBONATION" and "décarbonation" fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.replace("\u2019", "'").split())
