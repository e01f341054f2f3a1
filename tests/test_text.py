"""Folding: case, accents and compatibility forms away; other scripts kept, their marks not."""

from __future__ import annotations

import pytest

from graph.text import fold


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("DÉCARBONATION", "decarbonation"),
        ("Ingénierie  d\u2019études ", "ingenierie d'etudes"),
        ("Ｔｅｃｈｎｏｐôｌｅ", "technopole"),  # full-width letters: their compatibility forms
        ("Straße", "strasse"),
        ("طنجة - تطوان", "طنجة - تطوان"),  # Arabic letters stay
        ("مَدْرَسَة", "مدرسة"),  # and lose their vowel marks (combining)
        ("a\U0001d167b", "ab"),  # a combining mark outside the first plane
        ("plain ascii", "plain ascii"),
        ("", ""),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded
    assert fold(fold(text)) == folded  # folding a folded text changes nothing
