"""Word forms: French and English Snowball stems, so `métallurgie` meets `Métallurgiques`."""

from __future__ import annotations

from functools import lru_cache

import snowballstemmer

_FRENCH = snowballstemmer.stemmer("french")
_ENGLISH = snowballstemmer.stemmer("english")
PREFIX_MIN = 6  # a stem this long that begins another stem is the same word: cereal/cerealier
WORD_MIN = 4  # shorter words are compared as they are: "iso", "cid", "eau"


@lru_cache(maxsize=65536)
def stems(word: str) -> frozenset[str]:
    """The French and English stems of a folded word (itself when short or a number)."""
    if len(word) < WORD_MIN or not word.isalpha():
        return frozenset((word,))
    return frozenset((_FRENCH.stemWord(word), _ENGLISH.stemWord(word)))


def same_word(a: str, b: str) -> bool:
    """Two folded words are forms of one word: a stem in common, or the stem of one, cut from
    it and at least PREFIX_MIN letters long, begins a stem of the other (cereales/cerealieres).
    A word the stemmer leaves whole is not cut (décarbo is no form of décarbonation)."""
    if a == b:
        return True
    left, right = stems(a), stems(b)
    if left & right:
        return True
    return any(
        len(short) >= PREFIX_MIN and short != word and long.startswith(short)
        for shorts, word, longs in ((left, a, right), (right, b, left))
        for short in shorts
        for long in longs
    )
