"""A typo's intended words without the graph: the deletion index answers as comparing the term
with every word would, and a search term with such words is not sent to Lucene as fuzzy."""

from __future__ import annotations

from graph import search, typos

VOCABULARY = [
    "maintenance", "industrielle", "industrielles", "plasturgie", "textile", "textiles",
    "certification", "certifications", "ceramique", "metallurgie", "cid", "iso", "eau", "ctpc",
    "capgemini", "engineering", "morocco", "maroc", "formation", "information",
]  # fmt: skip
PROBES = [
    *VOCABULARY, "maintenanse", "industrielel", "plasturgue", "textil", "textilse", "capgemeni",
    "marocc", "mraoc", "formatoin", "cdi", "isos", "xyzzy", "certificatoin",
]  # fmt: skip


def test_the_index_finds_what_comparing_each_word_finds() -> None:
    index = typos.Neighbours(VOCABULARY)
    for term in PROBES:
        expected = (
            sorted(w for w in VOCABULARY if w != term and search.near(term, w))
            if len(term) >= search.FUZZY_MIN
            else []
        )
        assert index.of(term) == expected, term
    assert index.of("maintenanse") == ["maintenance"]
    assert index.of("mraoc") == ["maroc"]  # two letters swapped


def test_words_added_later_are_found() -> None:
    index = typos.Neighbours(VOCABULARY[:5])
    assert index.of("capgemeni") == []
    index.add(VOCABULARY[5:])
    assert index.of("capgemeni") == ["capgemini"]


def test_a_typo_with_known_neighbours_is_not_fuzzy() -> None:
    query = search.any_terms("maintenanse", ["maintenanse"], typos={"maintenanse": ["maintenance"]})
    assert "maintenanse~1" not in query
    assert "maintenance" in query
    assert "xyzzy~1" in search.any_terms("xyzzy", ["xyzzy"], typos={"xyzzy": []})
