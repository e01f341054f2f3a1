"""Word forms: French and English Snowball stems, so `métallurgie` meets `Métallurgiques`."""

from __future__ import annotations

import bisect
import threading
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer

_LOCAL = threading.local()  # a stemmer keeps its word in itself: one pair per thread
PREFIX_MIN = 6  # a stem this long that begins another stem is the same word: cereal/cerealier
WORD_MIN = 4  # shorter words are compared as they are: "iso", "cid", "eau"


@lru_cache(maxsize=65536)
def stems(word: str) -> frozenset[str]:
    """The French and English stems of a folded word (itself when short or a number)."""
    if len(word) < WORD_MIN or not word.isalpha():
        return frozenset((word,))
    pair = getattr(_LOCAL, "pair", None)
    if pair is None:
        pair = _LOCAL.pair = (snowballstemmer.stemmer("french"), snowballstemmer.stemmer("english"))
    return frozenset(stemmer.stemWord(word) for stemmer in pair)


def same_word(a: str, b: str) -> bool:
    """Two folded words are forms of one word: a stem in common, or the stem of one, cut from
    it and at least PREFIX_MIN letters long, begins a stem of the other (cereales/cerealieres).
    A word the stemmer leaves whole is not cut (décarbo is no form of décarbonation), nor is
    a key or a code (engineers is no form of engineering-services-outsourcing)."""
    if a == b:
        return True
    left, right = stems(a), stems(b)
    if left & right:
        return True
    if not (a.isalpha() and b.isalpha()):  # a key or a code is no word to cut
        return False
    return any(
        len(short) >= PREFIX_MIN and short != word and long.startswith(short)
        for shorts, word, longs in ((left, a, right), (right, b, left))
        for short in shorts
        for long in longs
    )


class Forms:
    """The words of a vocabulary by their stems, so that the other forms of a word are found
    without comparing it with every word: the same answers as `same_word` against each."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self._by_stem: dict[str, set[str]] = defaultdict(set)
        self._by_cut: dict[str, set[str]] = defaultdict(set)  # stems shorter than their word
        self._stems: list[str] = []
        self.add(vocabulary)

    def add(self, vocabulary: Iterable[str]) -> None:
        """Index more words (those of a write, between two full reads)."""
        for word in vocabulary:
            for stem in stems(word):
                if stem not in self._by_stem:
                    bisect.insort(self._stems, stem)
                self._by_stem[stem].add(word)
                if len(stem) >= PREFIX_MIN and stem != word:
                    self._by_cut[stem].add(word)

    def of(self, word: str) -> list[str]:
        """The vocabulary's other forms of `word`, sorted."""
        found: set[str] = set()
        for stem in stems(word):
            found |= self._by_stem.get(stem, set())
            if len(stem) >= PREFIX_MIN and stem != word:  # its stem begins a longer one
                at = bisect.bisect_left(self._stems, stem)
                while at < len(self._stems) and self._stems[at].startswith(stem):
                    found |= self._by_stem[self._stems[at]]
                    at += 1
            for end in range(PREFIX_MIN, len(stem)):  # a shorter cut stem begins it
                found |= self._by_cut.get(stem[:end], set())
            found |= self._by_cut.get(stem, set())
        found.discard(word)
        return sorted(found)
