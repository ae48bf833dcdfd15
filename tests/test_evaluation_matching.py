"""How the evaluation reads a reply against what it must (not) contain."""
from __future__ import annotations

from evaluation.run import contains_any


def test_words_match_without_case_accents_or_spacing_and_numbers_on_their_digits() -> None:
    assert contains_any("Det är GRATIS.", ["gratis"])
    assert contains_any("Det kostar inget", ["kostar ingét"])
    assert contains_any("Ring 018-727 00 00", ["0187270000"])
    assert not contains_any("Det kostar pengar", ["gratis"])


def test_markup_is_matched_as_typed_not_as_its_letters() -> None:
    assert not contains_any("Du behöver ingen remiss.", ["<b>"])
    assert contains_any("Du skrev <b>kan jag</b>", ["<b>"])
    assert not contains_any("Se bilden", ["<img"])
