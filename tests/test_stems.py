"""Word forms without the graph: the stem index answers as comparing with every word would,
and stems computed in several threads at once are the same as one after another."""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor

from graph import stems

VOCABULARY = [
    "metallurgiques", "metallurgie", "metallurgy", "plasturgie", "plastiques", "plastics",
    "cerealieres", "cereales", "cereal", "training", "trains", "formation", "formations",
    "decarbonation", "decarbonisation", "techniques", "technique", "centres", "centre",
    "industrielle", "industriels", "industry", "forgerons", "ceramistes", "iso", "cid", "eau",
]  # fmt: skip
PROBES = [*VOCABULARY, "metallurgiste", "plastique", "forge", "ceramique", "upskill", "decarbo"]


def test_the_index_finds_what_comparing_each_word_finds() -> None:
    forms = stems.Forms(VOCABULARY)
    for word in PROBES:
        expected = sorted(w for w in VOCABULARY if w != word and stems.same_word(word, w))
        assert forms.of(word) == expected, word
    assert "metallurgiques" in forms.of("metallurgie")
    assert "cerealieres" in forms.of("cereales")
    assert forms.of("decarbo") == []


def test_words_added_later_are_found_as_if_indexed_at_once() -> None:
    half = len(VOCABULARY) // 2
    grown = stems.Forms(VOCABULARY[:half])
    grown.add(VOCABULARY[half:])
    whole = stems.Forms(VOCABULARY)
    assert all(grown.of(word) == whole.of(word) for word in PROBES)


def test_stems_in_several_threads_at_once() -> None:
    words = [f"{word}{suffix}" for word in VOCABULARY for suffix in ("", "s", "ment", "ation")]
    stems.stems.cache_clear()
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns inside a word's stemming
    try:
        with ThreadPoolExecutor(4) as pool:
            together = list(pool.map(stems.stems, words * 20))
    finally:
        sys.setswitchinterval(interval)
    stems.stems.cache_clear()
    assert together == [stems.stems(word) for word in words] * 20


def test_a_key_is_no_longer_form_of_a_word() -> None:
    assert stems.same_word("engineering", "engineers")
    assert not stems.same_word("engineers", "engineering-services-outsourcing")
    assert not stems.same_word("engineering-services-outsourcing", "engineers")
