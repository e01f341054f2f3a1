"""The words of a vocabulary one edit away from a term (a typo's intended words), found by
their one-letter deletions rather than by comparing the term with every word, so that a search
need not ask Lucene for a fuzzy term when the words the index holds already answer."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from graph.search import FUZZY_MIN, near


def _deletions(word: str) -> set[str]:
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


class Neighbours:
    """Words by their one-letter deletions: two words one edit apart (a letter added, removed,
    changed or two swapped) share a deletion, so the candidates are few and `near` decides."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self._by_deletion: dict[str, set[str]] = defaultdict(set)
        self.add(vocabulary)

    def add(self, vocabulary: Iterable[str]) -> None:
        for word in vocabulary:
            if len(word) >= FUZZY_MIN - 1:
                for deleted in _deletions(word):
                    self._by_deletion[deleted].add(word)

    def of(self, term: str) -> list[str]:
        """The vocabulary's words one edit from `term` (not `term` itself), sorted."""
        if len(term) < FUZZY_MIN or term.isdigit():
            return []
        candidates: set[str] = set()
        for deleted in _deletions(term):
            candidates |= self._by_deletion.get(deleted, set())
        candidates.discard(term)
        return sorted(word for word in candidates if near(term, word))
