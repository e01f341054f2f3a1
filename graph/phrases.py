"""Comparing a planner's words with the names they may mean, as folded word sequences: other
word forms, one typo; and the words of actor kinds in both languages."""

from __future__ import annotations

from collections.abc import Sequence

from graph import stems
from graph.search import near

# Actor kinds by the words of both languages (a closed vocabulary, like the ActorKind enum).
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "technical_centre": ("centre technique", "centres techniques", "centre technique industriel",
                         "centres techniques industriels", "cti", "technical centre",
                         "technical centres", "technical center", "technical centers"),
    "ministry": ("ministere", "ministeres", "ministry", "ministries", "government"),
    "federation": ("federation", "federations", "association professionnelle",
                   "associations professionnelles", "professional association",
                   "trade association", "trade associations", "association", "associations"),
    "company": ("entreprise", "entreprises", "societe", "societes", "company", "companies",
                "firm", "firms"),
    "engineering_firm": ("bureau d etudes", "bureaux d etudes", "societe d ingenierie",
                         "engineering firm", "engineering firms", "consulting firm",
                         "consulting firms", "ingenieur conseil", "ingenieurs conseils"),
    "agency": ("agence", "agences", "agency", "agencies", "office public", "public agency"),
    "network": ("reseau", "reseaux", "network", "networks", "cluster", "clusters"),
    "training_institute": ("ecole", "ecoles", "universite", "universites", "institut de formation",
                           "instituts de formation", "school", "schools", "university",
                           "universities", "training institute", "training institutes"),
}  # fmt: skip


def same_forms(a: Sequence[str], b: Sequence[str]) -> bool:
    return len(a) == len(b) and all(
        x == y or (len(x) >= stems.WORD_MIN and stems.same_word(x, y))
        for x, y in zip(a, b, strict=True)
    )


def one_typo(a: Sequence[str], b: Sequence[str]) -> bool:
    return (
        len(a) == len(b)
        and sum(x != y for x, y in zip(a, b, strict=True)) <= 1
        and all(near(x, y) for x, y in zip(a, b, strict=True))
    )


def misspelt(a: Sequence[str], b: Sequence[str]) -> bool:
    """One typo inside a word (upskiling); an edit at a word's end may be a word form."""
    return one_typo(a, b) and any(
        x != y and _shared_start(x, y) < min(len(x), len(y)) - 1 for x, y in zip(a, b, strict=True)
    )


def _shared_start(x: str, y: str) -> int:
    return next(
        (i for i, (p, q) in enumerate(zip(x, y, strict=False)) if p != q), min(len(x), len(y))
    )
