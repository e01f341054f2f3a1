"""Text folding shared by writes and queries: case- and accent-insensitive forms."""

from __future__ import annotations

import unicodedata


class _Marks(dict[int, int | None]):
    """For `str.translate`: a combining mark maps to None (dropped), any other character to
    itself; each character is looked up in Unicode's tables once."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_MARKS = _Marks()


def fold(text: str) -> str:
    """Lower-case and accent-free: "DÉCARBONATION" and "décarbonation" fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    # An ASCII text (the common case) holds no combining mark to strip.
    stripped = decomposed if decomposed.isascii() else decomposed.translate(_MARKS)
    return " ".join(stripped.replace("\u2019", "'").split())
